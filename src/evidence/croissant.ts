// MLCommons Croissant 0.8–1.1 (JSON-LD, formats.md section 5) read as a dataset manifest. Files
// use the inline @context with short names; prefixed spellings (sc:, cr:, dct:, rai:) are read too.
import type { Diagnostic, Parsed } from '../types.js';
import { isRecord, own, parseJson } from './load.js';
import { locateFile, sharedHashWarnings, withHash, type DatasetManifest, type ManifestFile } from './manifest.js';

type Path = (string | number)[];

/** The RAI 1.0 vocabulary (formats.md 5.3); other `rai:` keys earn a warning. */
const RAI_KEYS = [
  'dataCollection', 'dataCollectionType', 'dataCollectionMissingData', 'dataCollectionRawData',
  'dataCollectionTimeframe', 'dataImputationProtocol', 'dataManipulationProtocol', 'dataPreprocessingProtocol',
  'dataAnnotationProtocol', 'dataAnnotationPlatform', 'dataAnnotationAnalysis', 'annotationsPerItem',
  'annotatorDemographics', 'machineAnnotationTools', 'dataReleaseMaintenancePlan', 'personalSensitiveInformation',
  'dataSocialImpact', 'dataBiases', 'dataLimitations', 'dataUseCases',
];
const PREFIXES = ['', 'sc:', 'schema:', 'cr:', 'dct:', 'rai:'];
/** Text saying there is no personal data, so `rai:personalSensitiveInformation` does not imply some. */
const NO_PERSONAL_DATA =
  /^(none|no|nothing|n\/?a|not applicable|no (personal|sensitive)\b[^.]*|(the )?(data ?set|data) (does not|doesn't) (contain|include)\b[^.]*)\.?$/i;

export function parseCroissant(text: string, file: string): Parsed<DatasetManifest> {
  const json = parseJson(text, file);
  if (!json.ok) return json;
  const d = json.value;
  const lineOf = jsonLines(text);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const at = (path: Path, message: string): Diagnostic => {
    const line = lineOf(path);
    return line === undefined ? { file, message } : { file, line, message };
  };
  if (!isRecord(d)) return { ok: false, errors: [{ file, line: 1, message: `a Croissant file must be a JSON object, found ${Array.isArray(d) ? 'a list' : typeof d}` }] };
  if (own(d, '@context') === undefined) errors.push(at([], 'missing "@context": not a Croissant JSON-LD document'));
  const types = textList(own(d, '@type'));
  if (!types.some((t) => localName(t) === 'Dataset')) {
    errors.push(at(['@type'], `"@type" must be "sc:Dataset", found ${types.length > 0 ? types.map((t) => `"${t}"`).join(', ') : 'none'}`));
  }
  if (errors.length > 0) return { ok: false, errors };

  const m: DatasetManifest = { kind: 'croissant', file, aliases: [], files: [], lines: {} };
  // Croissant 1.1 may give the name once per language: a card may use any of them.
  const names = languageTexts(get(d, 'name'));
  const name = names[0];
  const url = given(text1(get(d, 'url')), ['url'], d, (p, msg) => warnings.push(at(p, msg)));
  const atId = text1(own(d, '@id'));
  if (name !== undefined) m.name = name;
  if (url !== undefined) m.url = url;
  if (atId !== undefined) m.atId = atId;
  m.aliases = [...new Set([...names, url, atId].filter((s): s is string => s !== undefined))];

  const conformsTo = textList(get(d, 'conformsTo'));
  if (conformsTo.length > 0 && !conformsTo.some((c) => /^https?:\/\/mlcommons\.org\/croissant\/\d/.test(c))) {
    warnings.push(at([keyIn(d, 'conformsTo') ?? 'conformsTo'], `conformsTo names no Croissant version (${conformsTo.join(', ')})`));
  }
  readProvenance(d, m, (p, msg) => warnings.push(at(p, msg)));
  const lines: [keyof DatasetManifest['lines'], string | undefined][] = [
    ['id', own(d, '@id') !== undefined ? '@id' : keyIn(d, 'name')],
    ['source', url !== undefined ? keyIn(d, 'url') : keyIn(d, 'creator')],
    ['license', keyIn(d, 'license')],
    ['collection', keyIn(d, 'rai:dataCollection')],
    ['retention', keyIn(d, 'rai:dataReleaseMaintenancePlan')],
    ['files', keyIn(d, 'distribution')],
  ];
  for (const [k, key] of lines) {
    const line = key !== undefined && own(d, key) !== undefined ? lineOf([key]) : undefined;
    if (line !== undefined) m.lines[k] = line;
  }
  const liveFlag = get(d, 'isLiveDataset');
  const live = liveFlag === true || liveFlag === 'true';
  readDistribution(d, m, live, { error: (p, s) => errors.push(at(p, s)), warn: (p, s) => warnings.push(at(p, s)) }, lineOf);
  if (errors.length > 0) return { ok: false, errors };
  for (const w of sharedHashWarnings(m.files)) warnings.push({ file, ...w });
  return { ok: true, value: m, warnings };
}

function readProvenance(d: Record<string, unknown>, m: DatasetManifest, warn: (p: Path, msg: string) => void): void {
  const licenseKey = [keyIn(d, 'license') ?? 'license'];
  const licenses = asList(get(d, 'license'));
  const first = licenses[0];
  if (typeof first === 'string') {
    const license = given(text1(first), licenseKey, d, warn);
    if (license !== undefined) m.license = license;
    if (license !== undefined && isUrl(license)) m.licenseUrl = license;
  } else if (isRecord(first)) {
    const lurl = given(text1(get(first, 'url')) ?? text1(own(first, '@id')), licenseKey, d, warn);
    const license = given(text1(get(first, 'name')), licenseKey, d, warn) ?? lurl;
    if (license !== undefined) m.license = license;
    if (lurl !== undefined && isUrl(lurl)) m.licenseUrl = lurl;
  }
  if (licenses.length > 1) warn(licenseKey, `${licenses.length} licenses are listed; "${m.license ?? '?'}" (the first) is used`);

  const creators = asList(get(d, 'creator'))
    .map((c) => (isRecord(c) ? text1(get(c, 'name')) ?? text1(get(c, 'url')) ?? text1(own(c, '@id')) : text1(c)))
    .filter((s): s is string => s !== undefined && !NOT_GIVEN.test(s));
  const derived = asList(get(d, 'prov:wasDerivedFrom'))
    .map((x) => (isRecord(x) ? text1(get(x, 'prov:locatedAt')) ?? text1(get(x, 'url')) ?? text1(own(x, '@id')) : text1(x)))
    .find((s) => s !== undefined && isUrl(s));
  const sourceUrl = m.url ?? derived;
  if (sourceUrl !== undefined || creators.length > 0) {
    m.source = {};
    if (sourceUrl !== undefined) m.source.url = sourceUrl;
    if (creators.length > 0) m.source.creator = creators.join(', ');
  }

  const collection = textList(get(d, 'rai:dataCollection')).join('\n');
  if (collection !== '') m.collection = collection;
  const plan = textList(get(d, 'rai:dataReleaseMaintenancePlan')).join('\n');
  if (plan !== '') m.retention = { policy: plan };
  const psi = get(d, 'rai:personalSensitiveInformation');
  if (typeof psi === 'boolean') m.personalData = psi;
  else {
    const said = textList(psi);
    if (said.length > 0) m.personalData = !said.every((s) => NO_PERSONAL_DATA.test(s.trim()));
  }

  for (const key of Object.keys(d)) {
    if (!key.startsWith('rai:') || RAI_KEYS.includes(key.slice(4))) continue;
    const local = key.slice(4).toLowerCase();
    const near = RAI_KEYS.find((k) => k.toLowerCase().includes(local) || local.includes(k.toLowerCase()));
    warn([key], `"${key}" is not in the Croissant RAI vocabulary${near ? ` (did you mean "rai:${near}"?)` : ''}; ignored`);
  }
}

interface Report {
  error(path: Path, message: string): void;
  warn(path: Path, message: string): void;
}

function readDistribution(
  d: Record<string, unknown>,
  m: DatasetManifest,
  live: boolean,
  report: Report,
  lineOf: (path: Path) => number | undefined,
): void {
  const key = keyIn(d, 'distribution');
  const dist = key === undefined ? undefined : own(d, key);
  if (key === undefined || dist === undefined || dist === null) return;
  if (!Array.isArray(dist) && !isRecord(dist)) {
    report.error([key], '"distribution" must be a list of FileObject and FileSet entries');
    return;
  }
  const ids = new Map<string, number>();
  for (const [i, entry] of asList(dist).entries()) {
    const at: Path = Array.isArray(dist) ? [key, i] : [key];
    if (!isRecord(entry)) {
      report.error(at, `distribution[${i}] must be an object, found ${Array.isArray(entry) ? 'a list' : typeof entry}`);
      continue;
    }
    const kinds = textList(own(entry, '@type')).map(localName);
    const id = text1(own(entry, '@id'));
    const label = text1(get(entry, 'name')) ?? id ?? `distribution[${i}]`;
    if (id !== undefined) {
      const firstIndex = ids.get(id);
      if (firstIndex !== undefined) report.warn(at, `@id "${id}" is used twice in distribution (also entry ${firstIndex + 1})`);
      else ids.set(id, i);
    }
    const isSet = kinds.includes('FileSet');
    if (!isSet && !kinds.includes('FileObject')) {
      report.warn(at, `distribution[${i}] "${label}" has @type ${kinds.join(', ') || 'none'}; only FileObject and FileSet are read`);
      continue;
    }
    const kind = isSet ? 'FileSet' : 'FileObject';
    if (get(entry, 'encodingFormat') === undefined) report.warn(at, `${kind} "${label}" has no encodingFormat (required by Croissant)`);
    if (isSet && textList(get(entry, 'includes')).some((g) => /^\[.*\]$/.test(g))) {
      report.warn(at, `FileSet "${label}" has includes written as a list inside a string; give a glob or a JSON list of globs`);
    }
    const containers = containerIds(get(entry, 'containedIn'));
    const f = isSet ? fileSet(entry, label, containers) : fileObject(entry, label, containers, live, m.file);
    if (typeof f === 'string') {
      report.error(at, f);
      continue;
    }
    const line = lineOf(at);
    if (line !== undefined) f.line = line;
    m.files.push(f);
  }
}

function fileObject(entry: Record<string, unknown>, label: string, containers: string[] | undefined, live: boolean, manifest: string): ManifestFile | string {
  const contentUrl = text1(get(entry, 'contentUrl'));
  const f: ManifestFile = { path: contentUrl ?? label };
  const size = contentSize(text1(get(entry, 'contentSize')));
  if (size !== undefined) f.size = size;
  if (containers !== undefined) {
    f.hashProblem = `contained in ${containers.map((c) => `"${c}"`).join(', ') || 'another file'}; verified through its container`;
    return f;
  }
  if (contentUrl === undefined) return `FileObject "${label}" has no contentUrl (required unless it is containedIn another file)`;
  Object.assign(f, locateFile(manifest, contentUrl));
  const sha = get(entry, 'sha256');
  const md5 = get(entry, 'md5');
  if (sha !== undefined && sha !== null) {
    withHash(f, sha);
    if (f.hashProblem !== undefined && md5 !== undefined) f.hashProblem += '; an MD5 is also given, but SHA-256 is required';
  } else if (md5 !== undefined && md5 !== null) {
    f.hashProblem = 'only an MD5 is given; SHA-256 required';
  } else {
    f.hashProblem = live
      ? 'no checksum: this is a live dataset (isLiveDataset: true) whose files may change'
      : 'no verifiable hash: no sha256 given';
  }
  return f;
}

function fileSet(entry: Record<string, unknown>, label: string, containers: string[] | undefined): ManifestFile {
  const includes = textList(get(entry, 'includes'));
  const where = containers?.length ? `only its container ${containers.map((c) => `"${c}"`).join(', ')} can be verified` : 'nothing to verify';
  const ignored = get(entry, 'sha256') !== undefined || get(entry, 'md5') !== undefined ? ' (its own hash is ignored)' : '';
  return {
    path: includes.length > 0 ? includes.join(', ') : label,
    hashProblem: `FileSet "${label}" has no per-file hashes in Croissant${ignored}; ${where}`,
  };
}

/** Ids named by `containedIn`: `{"@id"}`, a list of them, `{"fileObject": {"@id"}}` (1.1) or text. */
function containerIds(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return asList(v).flatMap((c) => {
    if (!isRecord(c)) return textList(c);
    const direct = text1(own(c, '@id'));
    if (direct !== undefined) return [direct];
    return [get(c, 'fileObject'), get(c, 'fileSet')].flatMap((x) => (isRecord(x) ? textList(own(x, '@id')) : []));
  });
}

/** Bytes from `contentSize` when exact ("117743", "117743 B"); "4.698 MB" is not exact. */
function contentSize(s: string | undefined): number | undefined {
  const m = s === undefined ? null : /^(\d+)\s*(b|bytes?)?$/i.exec(s.trim());
  const n = m?.[1] === undefined ? NaN : Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The key under which `name` appears: as written, or with a JSON-LD prefix. */
function keyIn(o: Record<string, unknown>, name: string): string | undefined {
  const local = name.replace(/^[a-z]+:/, '');
  const candidates = name === local ? PREFIXES.map((p) => p + local) : [name, local];
  return candidates.find((k) => Object.hasOwn(o, k));
}

function get(o: Record<string, unknown>, name: string): unknown {
  const key = keyIn(o, name);
  return key === undefined ? undefined : own(o, key);
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Texts exporters write for a missing value (Python's `str(None)`, JavaScript's `undefined`…):
 * they name no licence and no source.
 */
const NOT_GIVEN = /^(none|null|nil|nan|undefined|n\/a)$/i;

/** `value` unless it is a stand-in for a missing value, which earns a warning at `path`. */
function given(value: string | undefined, path: Path, d: Record<string, unknown>, warn: (p: Path, msg: string) => void): string | undefined {
  if (value === undefined || !NOT_GIVEN.test(value)) return value;
  const key = path[0];
  warn(path, `"${typeof key === 'string' && Object.hasOwn(d, key) ? key : String(key)}" is "${value}", which stands for a missing value: it is not counted as provenance`);
  return undefined;
}

/**
 * Every text of a value that may be given per language (Croissant 1.1): a string, `{"@value",
 * "@language"}` objects, a list of them, or a JSON-LD language map (`{"en": "…", "de": "…"}`).
 * English or untagged text first, since cards are mostly written in English.
 */
function languageTexts(v: unknown): string[] {
  const tagged: { text: string; language: string | undefined }[] = [];
  for (const x of asList(v)) {
    if (isRecord(x) && own(x, '@value') === undefined && Object.keys(x).length > 0 && Object.keys(x).every((k) => LANGUAGE_TAG.test(k))) {
      for (const [language, texts] of Object.entries(x)) for (const text of textList(texts)) tagged.push({ text, language });
    } else {
      const language = isRecord(x) ? text1(own(x, '@language')) : undefined;
      for (const text of textList(x)) tagged.push({ text, language });
    }
  }
  const english = (l: string | undefined) => l === undefined || /^en(-|$)/i.test(l);
  return [...new Set([...tagged.filter((t) => english(t.language)), ...tagged.filter((t) => !english(t.language))].map((t) => t.text))];
}

/** A BCP 47 language tag, as the keys of a language map are. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

/** Text of a JSON-LD value: a string, a number, `{"@value"}`, or the first of a list. */
function text1(v: unknown): string | undefined {
  return textList(v)[0];
}

function textList(v: unknown): string[] {
  return asList(v).flatMap((x) => {
    if (typeof x === 'string') return x.trim() === '' ? [] : [x.trim()];
    if (typeof x === 'number' && Number.isFinite(x)) return [String(x)];
    if (isRecord(x) && own(x, '@value') !== undefined) return textList(own(x, '@value'));
    return [];
  });
}

function localName(type: string): string {
  return type.replace(/^.*[:/#]/, '');
}

function isUrl(s: string): boolean {
  return /^https?:\/\/\S+$/i.test(s);
}

/** Line of each key (and list item) in already-validated JSON text, looked up by path. */
function jsonLines(text: string): (path: readonly (string | number)[]) => number | undefined {
  const index = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const skip = (): void => {
    for (; pos < text.length; pos++) {
      const c = text[pos];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    }
  };
  const readString = (): string => {
    const start = ++pos;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    const raw = text.slice(start, pos++);
    return raw.includes('\\') ? unescapeJson(raw) : raw;
  };
  const value = (path: string): void => {
    skip();
    const open = text[pos];
    if (open === '"') {
      readString();
      return;
    }
    if (open !== '{' && open !== '[') {
      while (pos < text.length && !/[,\]}\s]/.test(text[pos] ?? '')) pos++;
      return;
    }
    pos++;
    for (let i = 0; pos < text.length; ) {
      skip();
      const c = text[pos];
      if (c === '}' || c === ']') {
        pos++;
        return;
      }
      if (c === ',') {
        pos++;
        continue;
      }
      let child: string;
      if (open === '{') {
        const keyLine = line;
        child = `${path}\0k${readString()}`;
        if (!index.has(child)) index.set(child, keyLine);
        skip();
        pos++; // the ':'
      } else {
        child = `${path}\0i${i++}`;
        skip();
        index.set(child, line);
      }
      value(child);
    }
  };
  value('');
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const key = path.slice(0, n).map((p) => (typeof p === 'number' ? `\0i${p}` : `\0k${p}`)).join('');
      const found = index.get(key);
      if (found !== undefined) return found;
    }
    return 1;
  };
}

function unescapeJson(raw: string): string {
  const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (simple[e] ?? e),
  );
}
