// modelgate safety-evaluation records: bias tests, red-team exercises and other safety evaluations,
// with who ran them, how, on which data slices, the measured results against their thresholds and
// the issues found. Shaped like the audit record (evaluator, scope, report with hash, issues as
// findings); the JSON Schema in schema/ is built from the same key lists (SAFETY_RECORD_SCHEMA).
import type { Parsed } from '../types.js';
import { isRecord, own, parseYaml } from './load.js';
import {
  dateField,
  located,
  oneOf,
  readAssessor,
  readFindings,
  readReport,
  readScope,
  textField,
  unknownKeys,
  type Finding,
  type ReportRef,
  type Report,
} from './audit.js';

export type SafetyKind = 'bias' | 'red-team' | 'safety';
export const SAFETY_KINDS: readonly SafetyKind[] = ['bias', 'red-team', 'safety'];

export interface SafetyResult {
  metric: string;
  /** The data set or population slice the figure is measured on. */
  slice?: string;
  value?: number;
  /** The value must be at most `max` / at least `min`. */
  max?: number;
  min?: number;
  /** Stated, or computed from value and bounds; undefined when the result has no threshold. */
  passed?: boolean;
  line?: number;
}

export interface SafetyIssue extends Finding {
  mitigation?: string;
}

export interface SafetyRecord {
  file: string;
  id: string;
  kind: SafetyKind;
  date?: string;
  evaluator: { name: string; independent: boolean };
  method?: string;
  standard?: string;
  scope: string[];
  datasets: string[];
  slices: string[];
  results: SafetyResult[];
  issues: SafetyIssue[];
  mitigations: string[];
  report?: ReportRef;
  lineOf(path: (string | number)[]): number | undefined;
}

export const SAFETY_TOP_KEYS = ['id', 'kind', 'date', 'evaluator', 'method', 'standard', 'scope', 'datasets', 'slices', 'results', 'issues', 'mitigations', 'report'];
export const SAFETY_RESULT_KEYS = ['metric', 'slice', 'value', 'max', 'min', 'passed'];
export const SAFETY_ISSUE_EXTRA_KEYS = ['mitigation'];

export function parseSafetyRecord(text: string, file: string): Parsed<SafetyRecord> {
  const yaml = parseYaml(text, file);
  if (!yaml.ok) return yaml;
  const { data, lineOf } = yaml.value;
  const { errors, warnings, at, error, warn } = located(file, lineOf, yaml.warnings);
  if (!isRecord(data)) return { ok: false, errors: [at([], 'a safety-evaluation record must be a YAML mapping (id, kind, date, evaluator, scope, results…)')] };

  unknownKeys(data, SAFETY_TOP_KEYS, [], '', warn);
  const id = textField(data, 'id', ['id'], error, true);
  const kind = oneOf(data, 'kind', SAFETY_KINDS, ['kind'], 'the record', error);
  const date = dateField(data, 'date', ['date'], error);
  if (own(data, 'date') === undefined) warn(['date'], 'no `date`: the evaluation cannot be shown to be recent');
  const evaluator = readAssessor(data, 'evaluator', 'who ran the evaluation', error, warn);
  const method = textField(data, 'method', ['method'], error, false);
  const standard = textField(data, 'standard', ['standard'], error, false);
  if (method === undefined && standard === undefined) error(['method'], 'missing `method` or `standard`: say how the model was evaluated');
  const scope = readScope(data, error, warn, 'the evaluation');
  const datasets = textList(data, 'datasets', error);
  const slices = textList(data, 'slices', error);
  const results = readResults(data, lineOf, error, warn);
  const issues: SafetyIssue[] = readFindings(data, 'issues', 'issue', lineOf, error, warn, SAFETY_ISSUE_EXTRA_KEYS).map(({ extra, ...f }) => {
    const issue: SafetyIssue = f;
    if (extra?.mitigation !== undefined) issue.mitigation = extra.mitigation;
    return issue;
  });
  const mitigations = textList(data, 'mitigations', error);
  const report = readReport(data, file, error, warn);
  if (results.length === 0 && issues.length === 0) warn(['results'], 'no `results` and no `issues`: the record says nothing about what was found');

  if (errors.length > 0 || id === undefined || kind === undefined) return { ok: false, errors };
  const record: SafetyRecord = { file, id, kind, evaluator, scope, datasets, slices, results, issues, mitigations, lineOf: (path) => lineOf(path) };
  if (date !== undefined) record.date = date;
  if (method !== undefined) record.method = method;
  if (standard !== undefined) record.standard = standard;
  if (report !== undefined) record.report = report;
  return { ok: true, value: record, warnings };
}

function textList(data: Record<string, unknown>, key: string, error: Report): string[] {
  const v = own(data, key);
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  list.forEach((item: unknown, i) => {
    if (typeof item === 'string' && item.trim() !== '') out.push(item.trim());
    else if (typeof item === 'number') out.push(String(item));
    else error(Array.isArray(v) ? [key, i] : [key], `\`${key}\` entries must be text, not ${JSON.stringify(item)}`);
  });
  return out;
}

function readResults(data: Record<string, unknown>, lineOf: (path: (string | number)[]) => number | undefined, error: Report, warn: Report): SafetyResult[] {
  const v = own(data, 'results');
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    error(['results'], '`results` must be a list of { metric, value, max or min, passed }');
    return [];
  }
  const out: SafetyResult[] = [];
  v.forEach((entry: unknown, i) => {
    const base = ['results', i];
    const label = `results[${i}]`;
    if (!isRecord(entry)) {
      error(base, `${label} must be a mapping with metric, value and a threshold (max or min)`);
      return;
    }
    unknownKeys(entry, SAFETY_RESULT_KEYS, base, `${label}.`, warn);
    const metric = textField(entry, 'metric', [...base, 'metric'], error, true, `${label}.metric`);
    const name = metric === undefined ? label : `result "${metric}"`;
    const slice = textField(entry, 'slice', [...base, 'slice'], error, false, `${name}: slice`);
    const num = (key: 'value' | 'max' | 'min'): number | undefined => {
      const x = own(entry, key);
      if (x === undefined || x === null) return undefined;
      if (typeof x === 'number' && Number.isFinite(x)) return x;
      error([...base, key], `${name}: \`${key}\` must be a number, not ${JSON.stringify(x)}`);
      return undefined;
    };
    const value = num('value');
    const max = num('max');
    const min = num('min');
    const statedValue = own(entry, 'passed');
    let stated: boolean | undefined;
    if (statedValue !== undefined && statedValue !== null) {
      if (typeof statedValue === 'boolean') stated = statedValue;
      else error([...base, 'passed'], `${name}: \`passed\` must be true or false, not ${JSON.stringify(statedValue)}`);
    }
    const bounded = max !== undefined || min !== undefined;
    const computed = value !== undefined && bounded ? (max === undefined || value <= max) && (min === undefined || value >= min) : undefined;
    if (computed !== undefined && stated !== undefined && computed !== stated) {
      error([...base, 'passed'], `${name}: \`passed: ${String(stated)}\` contradicts value ${value} against ${bounds(max, min)}`);
    }
    if (bounded && value === undefined && stated === undefined) error(base, `${name} has a threshold but no \`value\` or \`passed\``);
    if (!bounded && stated === undefined) warn(base, `${name} has no threshold (\`max\` or \`min\`) and no \`passed\`: it is shown, not judged`);
    if (metric === undefined) return;
    const result: SafetyResult = { metric };
    if (slice !== undefined) result.slice = slice;
    if (value !== undefined) result.value = value;
    if (max !== undefined) result.max = max;
    if (min !== undefined) result.min = min;
    const passed = computed ?? stated;
    if (passed !== undefined) result.passed = passed;
    const line = lineOf(base);
    if (line !== undefined) result.line = line;
    out.push(result);
  });
  return out;
}

/** "at most 0.1", "at least 0.8", or both. */
export function bounds(max: number | undefined, min: number | undefined): string {
  return [min !== undefined ? `at least ${min}` : '', max !== undefined ? `at most ${max}` : ''].filter(Boolean).join(' and ');
}
