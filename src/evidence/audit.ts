// modelgate audit records (spec 3.3): who audited which model directories, when, against what, and
// the findings with their severity and status. No outside format models findings, so this one is ours.
import { SEVERITIES, type Diagnostic, type Parsed, type Severity } from '../types.js';
import { dirOf, resolveRepoPath } from '../paths.js';
import { isRecord, lazyLine, own, parseYaml, str } from './load.js';

export type FindingStatus = 'open' | 'remediated' | 'accepted' | 'wont-fix';
export const FINDING_STATUSES: readonly FindingStatus[] = ['open', 'remediated', 'accepted', 'wont-fix'];

export interface Finding {
  id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  due?: string;
  owner?: string;
  acceptedBy?: string;
  reason?: string;
  line?: number;
}

export interface AuditRecord {
  file: string;
  id: string;
  auditor: { name: string; independent: boolean };
  date?: string;
  standard?: string;
  /** Repository-relative, normalised model directories the audit covers. */
  scope: string[];
  /** `path` is resolved relative to the audit record's directory, like a dataset manifest's files. */
  report?: ReportRef;
  findings: Finding[];
  lineOf(path: (string | number)[]): number | undefined;
}

const TOP_KEYS = ['id', 'auditor', 'date', 'standard', 'scope', 'report', 'findings'];
const ASSESSOR_KEYS = ['name', 'independent'];
export const REPORT_KEYS = ['url', 'path', 'sha256'];
const FINDING_KEYS = ['id', 'title', 'severity', 'status', 'due', 'owner', 'accepted_by', 'reason'];

export function parseAuditRecord(text: string, file: string): Parsed<AuditRecord> {
  const yaml = parseYaml(text, file);
  if (!yaml.ok) return yaml;
  const { data, lineOf } = yaml.value;
  const { errors, warnings, at, error, warn } = located(file, lineOf, yaml.warnings);
  if (!isRecord(data)) return { ok: false, errors: [at([], 'an audit record must be a YAML mapping (id, auditor, date, scope, findings…)')] };

  unknownKeys(data, TOP_KEYS, [], '', warn);

  const id = textField(data, 'id', ['id'], error, true);

  const auditor = readAssessor(data, 'auditor', 'who performed the audit', error, warn);

  const date = dateField(data, 'date', ['date'], error);
  const standard = textField(data, 'standard', ['standard'], error, false);

  const scope = readScope(data, error, warn, 'the audit');
  const report = readReport(data, file, error, warn);

  const findings = readFindings(data, 'findings', 'finding', lineOf, error, warn);

  if (errors.length > 0 || id === undefined) return { ok: false, errors };
  const record: AuditRecord = { file, id, auditor, scope, findings, lineOf: (path) => lineOf(path) };
  if (date !== undefined) record.date = date;
  if (standard !== undefined) record.standard = standard;
  if (report !== undefined) record.report = report;
  return { ok: true, value: record, warnings };
}

/** Open and past its due date (the day after `due` onwards). Dates are YYYY-MM-DD, so they compare as text. */
export function isOverdue(f: Finding, today: string): boolean {
  return f.status === 'open' && f.due !== undefined && f.due < today;
}

/** True when `s` is `threshold` or more severe. */
export function severityAtLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

export type Report = (path: (string | number)[], message: string) => void;

/** Errors and warnings of one record, each placed on the line of the key path it names. */
export function located(file: string, lineOf: (path: (string | number)[]) => number | undefined, warningsSoFar: readonly Diagnostic[]) {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [...warningsSoFar];
  const at = (path: (string | number)[], message: string): Diagnostic => {
    const line = lineOf(path);
    return line === undefined ? { file, message } : { file, line, message };
  };
  const error: Report = (path, message) => void errors.push(at(path, message));
  const warn: Report = (path, message) => void warnings.push(at(path, message));
  return { errors, warnings, at, error, warn };
}

/**
 * The model directories a record covers, read from a record that does not parse as a whole (an error
 * elsewhere, say in a finding): it still says which models it applies to, so they can fail on it.
 * Undefined when the scope itself cannot be read; such a record may cover any model.
 */
export function readAuditScope(text: string, file: string): string[] | undefined {
  const yaml = parseYaml(text, file);
  if (!yaml.ok || !isRecord(yaml.value.data)) return undefined;
  let readable = true;
  const scope = readScope(
    yaml.value.data,
    () => {
      readable = false;
    },
    () => undefined,
    'the audit',
  );
  return readable ? scope : undefined;
}

/** `scope`: repository-relative model directories, normalised, without duplicates. */
export function readScope(data: Record<string, unknown>, error: Report, warn: Report, what: string): string[] {
  const scope: string[] = [];
  const scopeValue = own(data, 'scope');
  const scopeList = scopeValue === undefined || scopeValue === null ? [] : Array.isArray(scopeValue) ? scopeValue : [scopeValue];
  scopeList.forEach((entry: unknown, i) => {
    const path = Array.isArray(scopeValue) ? ['scope', i] : ['scope'];
    if (typeof entry !== 'string') {
      error(path, `\`scope\` entries must be model directory paths, not ${JSON.stringify(entry)}`);
      return;
    }
    const resolved = resolveRepoPath('', entry);
    if (!resolved.ok) error(path, `scope: ${resolved.reason}`);
    else if (!scope.includes(resolved.path)) scope.push(resolved.path);
  });
  if (scopeList.length === 0) warn(['scope'], `\`scope\` is empty: ${what} covers no model directory`);
  return scope;
}

export type ReportRef = { url?: string; path?: string; sha256?: string };

/** `report`: where the report is (a URL, or a path relative to `file`) and its SHA-256. */
export function readReport(data: Record<string, unknown>, file: string, error: Report, warn: Report): ReportRef | undefined {
  let report: ReportRef | undefined;
  const reportValue = own(data, 'report');
  if (reportValue !== undefined && reportValue !== null) {
    if (!isRecord(reportValue)) {
      error(['report'], '`report` must be a mapping: { url: …, sha256: … } or { path: …, sha256: … }');
    } else {
      unknownKeys(reportValue, REPORT_KEYS, ['report'], 'report.', warn);
      report = {};
      const url = textField(reportValue, 'url', ['report', 'url'], error, false, 'report.url');
      if (url !== undefined) {
        if (!/^https?:\/\//i.test(url)) error(['report', 'url'], `\`report.url\` must be an http(s) URL, not "${url}"`);
        else report.url = url;
      }
      const path = textField(reportValue, 'path', ['report', 'path'], error, false, 'report.path');
      if (path !== undefined) {
        const resolved = resolveRepoPath(dirOf(file), path);
        if (!resolved.ok) error(['report', 'path'], `report.path: ${resolved.reason}`);
        else if (resolved.path === '') error(['report', 'path'], `report.path "${path}" names the repository root, not a file`);
        else report.path = resolved.path;
      }
      const sha = textField(reportValue, 'sha256', ['report', 'sha256'], error, false, 'report.sha256');
      if (sha !== undefined) {
        if (!/^[0-9a-f]{64}$/i.test(sha)) error(['report', 'sha256'], `\`report.sha256\` must be 64 hexadecimal characters, not "${sha}"`);
        else report.sha256 = sha.toLowerCase();
      }
      if (url === undefined && path === undefined) error(['report'], '`report` needs a `url` or a `path`');
    }
  }
  return report;
}

/** `auditor` (or a safety record's `evaluator`): { name, independent }. */
export function readAssessor(data: Record<string, unknown>, key: string, what: string, error: Report, warn: Report): { name: string; independent: boolean } {
  const value = own(data, key);
  if (value === undefined || value === null) {
    error([key], `missing \`${key}.name\`: ${what}`);
    return { name: '', independent: false };
  }
  if (!isRecord(value)) {
    error([key], `\`${key}\` must be a mapping: { name: …, independent: true|false }`);
    return { name: '', independent: false };
  }
  unknownKeys(value, ASSESSOR_KEYS, [key], `${key}.`, warn);
  const name = textField(value, 'name', [key, 'name'], error, true, `${key}.name`);
  const independent = own(value, 'independent');
  if (independent !== undefined && independent !== null && typeof independent !== 'boolean') {
    error([key, 'independent'], `\`${key}.independent\` must be true or false, not ${JSON.stringify(independent)}`);
  }
  return { name: name ?? '', independent: independent === true };
}

/**
 * A list of findings (an audit's `findings`, a safety evaluation's `issues`): id, title, severity,
 * status, and who accepted a risk and why. `noun` names one entry in messages.
 */
export function readFindings(
  data: Record<string, unknown>,
  key: string,
  noun: string,
  lineOf: (path: (string | number)[]) => number | undefined,
  error: Report,
  warn: Report,
  extraKeys: readonly string[] = [],
): (Finding & { extra?: Record<string, string> })[] {
  const known = [...FINDING_KEYS, ...extraKeys];
  const findings: (Finding & { extra?: Record<string, string> })[] = [];
  const findingsValue = own(data, key);
  if (findingsValue !== undefined && findingsValue !== null && !Array.isArray(findingsValue)) {
    error([key], `\`${key}\` must be a list`);
    return findings;
  }
  if (!Array.isArray(findingsValue)) return findings;
  const seen = new Map<string, (string | number)[]>();
  findingsValue.forEach((entry: unknown, i) => {
    const base = [key, i];
    const label = `${key}[${i}]`;
    if (!isRecord(entry)) {
      error(base, `${label} must be a mapping with id, title, severity and status`);
      return;
    }
    unknownKeys(entry, known, base, `${label}.`, warn);
    const fid = textField(entry, 'id', [...base, 'id'], error, true, `${label}.id`);
    const name = fid === undefined ? label : `${noun} ${fid}`;
    const title = textField(entry, 'title', [...base, 'title'], error, true, `${name}: title`);
    const severity = oneOf(entry, 'severity', SEVERITIES, [...base, 'severity'], name, error);
    const status = oneOf(entry, 'status', FINDING_STATUSES, [...base, 'status'], name, error);
    const due = dateField(entry, 'due', [...base, 'due'], error, `${name}: due`);
    const owner = textField(entry, 'owner', [...base, 'owner'], error, false, `${name}: owner`);
    const acceptedBy = textField(entry, 'accepted_by', [...base, 'accepted_by'], error, false, `${name}: accepted_by`);
    const reason = textField(entry, 'reason', [...base, 'reason'], error, false, `${name}: reason`);
    const extra: Record<string, string> = {};
    for (const k of extraKeys) {
      const v = textField(entry, k, [...base, k], error, false, `${name}: ${k}`);
      if (v !== undefined) extra[k] = v;
    }
    if (status === 'accepted') {
      const missing = [acceptedBy === undefined ? '`accepted_by`' : '', reason === undefined ? '`reason`' : ''].filter(Boolean);
      if (missing.length > 0) error(base, `${name} is accepted but has no ${missing.join(' and ')}: say who accepted the risk and why`);
    }
    if (status === 'wont-fix' && reason === undefined) warn(base, `${name} is wont-fix without a \`reason\``);
    if (fid !== undefined) {
      const firstAt = seen.get(fid);
      if (firstAt) {
        const first = lineOf([...firstAt, 'id']);
        error([...base, 'id'], `duplicate ${noun} id "${fid}"${first !== undefined ? ` (first on line ${first})` : ''}`);
      } else {
        seen.set(fid, base);
      }
    }
    if (fid === undefined || title === undefined || severity === undefined || status === undefined) return;
    const finding: Finding & { extra?: Record<string, string> } = { id: fid, title, severity, status };
    if (extraKeys.length > 0) finding.extra = extra;
    if (due !== undefined) finding.due = due;
    if (owner !== undefined) finding.owner = owner;
    if (acceptedBy !== undefined) finding.acceptedBy = acceptedBy;
    if (reason !== undefined) finding.reason = reason;
    lazyLine(finding, 'line', () => lineOf(base));
    findings.push(finding);
  });
  return findings;
}

export function unknownKeys(obj: Record<string, unknown>, known: string[], base: (string | number)[], prefix: string, warn: Report): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) warn([...base, key], `unknown key \`${prefix}${key}\` (expected ${known.join(', ')})`);
  }
}

/** A text field; numbers are accepted as text (`id: 2026` is "2026"). */
export function textField(obj: Record<string, unknown>, key: string, path: (string | number)[], error: Report, required: boolean, label = key): string | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) error(path, `missing \`${label}\``);
    return undefined;
  }
  const s = str(v);
  if (s === undefined) error(path, `\`${label}\` must be text, not ${JSON.stringify(v)}`);
  return s?.trim();
}

export function oneOf<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[], path: (string | number)[], name: string, error: Report): T | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null) {
    error(path, `${name}: missing \`${key}\` (one of ${allowed.join(', ')})`);
    return undefined;
  }
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  error(path, `${name}: ${key} ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  return undefined;
}

export function dateField(obj: Record<string, unknown>, key: string, path: (string | number)[], error: Report, label = key): string | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.trim() : String(v);
  if (!isIsoDate(s)) {
    error(path, `\`${label}\` must be a real date written YYYY-MM-DD, not ${JSON.stringify(v)}`);
    return undefined;
  }
  return s;
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
