// The modelgate YAML datasheet (spec 3.2). Only structure is judged here: a wrong type is an
// error, a missing field is left for the provenance check to report.
import type { Diagnostic, Parsed } from '../types.js';
import { isRecord, lazyLine, own, parseYaml, str } from './load.js';
import { locateFile, sharedHashWarnings, withHash, type DatasetManifest, type ManifestFile, type ManifestLineKey } from './manifest.js';

const TOP_KEYS = ['id', 'name', 'source', 'license', 'collection', 'retention', 'personal_data', 'files'] as const;
const SOURCE_KEYS = ['url', 'creator'];
const LICENSE_KEYS = ['name', 'url'];
const RETENTION_KEYS = ['policy', 'until'];
const FILE_KEYS = ['path', 'sha256', 'size', 'md5'];

type Path = (string | number)[];

class Reader {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];
  constructor(
    readonly file: string,
    readonly lineOf: (path: Path) => number | undefined,
  ) {}

  private diag(path: Path, message: string): Diagnostic {
    const line = this.lineOf(path);
    return line === undefined ? { file: this.file, message } : { file: this.file, line, message };
  }
  error(path: Path, message: string): void {
    this.errors.push(this.diag(path, `${keyPath(path)}: ${message}`));
  }
  warn(path: Path, message: string): void {
    this.warnings.push(this.diag(path, message));
  }

  /** A text field: strings (and numbers, read as text) pass; anything else is a type error. */
  text(obj: Record<string, unknown>, key: string, path: Path): string | undefined {
    const v = own(obj, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return str(v);
    this.error([...path, key], `expected text, found ${describe(v)}`);
    return undefined;
  }

  /** A mapping field; returns undefined (after an error) when it is something else. */
  mapping(obj: Record<string, unknown>, key: string, path: Path, shape: string): Record<string, unknown> | undefined {
    const v = own(obj, key);
    if (v === undefined || v === null) return undefined;
    if (isRecord(v)) return v;
    this.error([...path, key], `expected a mapping ${shape}, found ${describe(v)}`);
    return undefined;
  }

  unknownKeys(obj: Record<string, unknown>, known: readonly string[], path: Path): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const near = known.find((k) => squash(k) === squash(key));
      const where = path.length === 0 ? '' : ` in ${keyPath(path)}`;
      this.warn([...path, key], `unknown key "${key}"${where} is ignored${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  }
}

export function parseDatasheet(text: string, file: string): Parsed<DatasetManifest> {
  const yaml = parseYaml(text, file);
  if (!yaml.ok) return yaml;
  const data = yaml.value.data;
  if (!isRecord(data)) {
    const found = data === null || data === undefined ? 'an empty document' : describe(data);
    return { ok: false, errors: [{ file, line: 1, message: `a datasheet must be a YAML mapping, found ${found}` }] };
  }
  const r = new Reader(file, yaml.value.lineOf);
  r.unknownKeys(data, TOP_KEYS, []);
  const m: DatasetManifest = { kind: 'datasheet', file, aliases: [], files: [], lines: {} };
  for (const key of ['id', 'source', 'license', 'collection', 'retention', 'files'] as const satisfies readonly ManifestLineKey[]) {
    if (own(data, key) !== undefined) lazyLine(m.lines, key, () => r.lineOf([key]));
  }
  const id = r.text(data, 'id', []);
  if (id !== undefined) {
    m.id = id;
    m.aliases.push(id);
  }
  const name = r.text(data, 'name', []);
  if (name !== undefined) m.name = name;
  readSource(r, data, m);
  readLicense(r, data, m);
  const collection = r.text(data, 'collection', []);
  if (collection !== undefined) m.collection = collection;
  readRetention(r, data, m);
  readPersonalData(r, data, m);
  readFiles(r, data, m);
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  const shared = sharedHashWarnings(m.files).map((w) => ({ file, ...w }));
  return { ok: true, value: m, warnings: [...yaml.warnings, ...r.warnings, ...shared] };
}

function readSource(r: Reader, data: Record<string, unknown>, m: DatasetManifest): void {
  const source = r.mapping(data, 'source', [], '{ url, creator }');
  if (!source) return;
  r.unknownKeys(source, SOURCE_KEYS, ['source']);
  const url = r.text(source, 'url', ['source']);
  const creator = r.text(source, 'creator', ['source']);
  m.source = {};
  if (url !== undefined) m.source.url = url;
  if (creator !== undefined) m.source.creator = creator;
}

function readLicense(r: Reader, data: Record<string, unknown>, m: DatasetManifest): void {
  const v = own(data, 'license');
  if (v === undefined || v === null) return;
  if (typeof v === 'string') {
    const s = str(v);
    if (s !== undefined) m.license = s.trim();
    return;
  }
  if (!isRecord(v)) {
    r.error(['license'], `expected an SPDX expression or a mapping { name, url }, found ${describe(v)}`);
    return;
  }
  r.unknownKeys(v, LICENSE_KEYS, ['license']);
  const name = r.text(v, 'name', ['license']);
  const url = r.text(v, 'url', ['license']);
  const license = name ?? url;
  if (license !== undefined) m.license = license;
  if (url !== undefined) m.licenseUrl = url;
}

function readRetention(r: Reader, data: Record<string, unknown>, m: DatasetManifest): void {
  const retention = r.mapping(data, 'retention', [], '{ policy, until }');
  if (!retention) return;
  r.unknownKeys(retention, RETENTION_KEYS, ['retention']);
  m.retention = {};
  const policy = r.text(retention, 'policy', ['retention']);
  if (policy !== undefined) m.retention.policy = policy;
  const until = own(retention, 'until');
  if (until === undefined || until === null) return;
  if (typeof until !== 'string' || !isCalendarDate(until)) {
    r.error(['retention', 'until'], `expected a date YYYY-MM-DD, found ${describe(until)}`);
    return;
  }
  m.retention.until = until;
}

function readPersonalData(r: Reader, data: Record<string, unknown>, m: DatasetManifest): void {
  const v = own(data, 'personal_data');
  if (v === undefined || v === null) return;
  if (typeof v === 'boolean') {
    m.personalData = v;
    return;
  }
  const hint = typeof v === 'string' && /^(yes|no|on|off|y|n)$/i.test(v) ? ` ("${v}" is text under YAML 1.2)` : '';
  r.error(['personal_data'], `expected true or false, found ${describe(v)}${hint}`);
}

function readFiles(r: Reader, data: Record<string, unknown>, m: DatasetManifest): void {
  const files = own(data, 'files');
  if (files === undefined || files === null) return;
  if (!Array.isArray(files)) {
    r.error(['files'], `expected a list of { path, sha256, size }, found ${describe(files)}`);
    return;
  }
  const seen = new Map<string, number>();
  files.forEach((entry: unknown, i) => {
    const at: Path = ['files', i];
    if (!isRecord(entry)) {
      r.error(at, `expected a mapping { path, sha256, size }, found ${describe(entry)}`);
      return;
    }
    r.unknownKeys(entry, FILE_KEYS, at);
    const path = own(entry, 'path');
    if (typeof path !== 'string' || path.trim() === '') {
      r.error([...at, 'path'], path === undefined ? 'missing: each file needs a path' : `expected a path, found ${describe(path)}`);
      return;
    }
    const f: ManifestFile = { path, ...locateFile(m.file, path) };
    lazyLine(f, 'line', () => r.lineOf(at));
    const sha = own(entry, 'sha256');
    if (sha === undefined && own(entry, 'md5') !== undefined) f.hashProblem = 'only an MD5 is given; SHA-256 required';
    else withHash(f, sha);
    const size = own(entry, 'size');
    if (size !== undefined && size !== null) {
      if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) f.size = size;
      else r.error([...at, 'size'], `expected a whole number of bytes, found ${describe(size)}`);
    }
    const key = f.resolved ?? f.external ?? path;
    const first = seen.get(key);
    if (first !== undefined) r.warn(at, `file "${path}" is listed twice (also entry ${first + 1})`);
    else seen.set(key, i);
    m.files.push(f);
  });
}

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (isRecord(v)) return 'a mapping';
  if (typeof v === 'string') return `text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return Number.isSafeInteger(v) || !Number.isInteger(v) ? `the number ${v}` : `the number ${v} (too large to be exact)`;
  return `${typeof v} ${String(v)}`;
}

function keyPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function squash(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}
