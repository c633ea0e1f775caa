// Loading a policy: parse `.github/modelgate.yml`, validate it against the schema (naming the key
// path and line of every problem), resolve `extends` through the presets and merge. An invalid
// configuration never silently becomes a default: it is returned as errors, which the evaluator
// turns into a failing `policy.valid` check.
import { Minimatch } from 'minimatch';
import type { z } from 'zod';
import { CHECK_GROUPS, CHECK_IDS, RISK_TIERS, type CheckId, type Diagnostic, type Level, type RiskTier } from '../types.js';
import { POLICY_CHECK, groupOf } from '../checks/catalogue.js';
import type { LinkPolicy } from '../entries.js';
import { isRecord, own, parseYaml } from '../evidence/load.js';
import { configSchema, type ConfigFile } from './schema.js';
import { DEFAULT_BINARY_THRESHOLD_MIB, DEFAULT_PRESET, isPresetName, presetPolicy } from './presets.js';

export { DEFAULT_BINARY_THRESHOLD_MIB, DEFAULT_PRESET } from './presets.js';

export interface CheckSetting {
  level: Level;
  options: Record<string, unknown>;
}

export type CheckOverrides = Partial<Record<CheckId, { level?: Level; options: Record<string, unknown> }>>;

export interface Policy {
  /** Where the policy came from, e.g. ".github/modelgate.yml at abc123" or "preset baseline". */
  source: string;
  extends: string | null;
  /** `binaryThresholdMib`: a binary file larger than this (MiB) that no dataset manifest lists is taken for weights. */
  models: { roots: string[]; artifacts: string[]; cards: string[]; ignore: string[]; links: LinkPolicy; binaryThresholdMib: number };
  datasets: { manifests: string[] };
  audits: { records: string[] };
  /** Safety-evaluation records (bias, red-team): each applies to the models its `scope` names. */
  safety: { records: string[] };
  checks: Record<CheckId, CheckSetting>;
  tiers: Partial<Record<RiskTier, CheckOverrides>>;
}

export interface LoadedPolicy {
  policy: Policy;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export const CONFIG_PATH = '.github/modelgate.yml';

/**
 * Loads a policy from the text of a config file. `text === undefined` means there is no config:
 * the baseline preset applies and the report says so.
 */
export function loadPolicy(text: string | undefined, file: string = CONFIG_PATH, sourceLabel?: string): LoadedPolicy {
  if (text === undefined) {
    const preset = loadPreset(DEFAULT_PRESET);
    preset.policy.source = sourceLabel ?? `preset ${DEFAULT_PRESET} (no ${file})`;
    return preset;
  }
  return loadConfigText(text, file, sourceLabel ?? file);
}

export function loadPreset(name: string): LoadedPolicy {
  if (!isPresetName(name)) return { policy: fallback(`preset ${name}`), errors: [{ file: CONFIG_PATH, message: `there is no preset "${name}"` }], warnings: [] };
  return { policy: presetPolicy(name), errors: [], warnings: [] };
}

function loadConfigText(text: string, file: string, source: string): LoadedPolicy {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { policy: fallback(source), errors: parsed.errors, warnings: [] };
  const data = parsed.value.data ?? {};
  const { lineOf, positionOf } = parsed.value;
  const at = (path: readonly (string | number)[], message: string, key?: string): Diagnostic => {
    const line = lineOf(path);
    if (line === undefined) return { file, message };
    const column = key === undefined ? positionOf(path)?.column : keyColumn(text, line, key);
    return column === undefined ? { file, line, message } : { file, line, column, message };
  };
  if (!isRecord(data)) {
    return { policy: fallback(source), errors: [at([], 'the configuration must be a YAML mapping')], warnings: [] };
  }
  const checked = configSchema().safeParse(data);
  const errors = checked.success ? [] : checked.error.issues.flatMap((issue) => schemaErrors(issue, at));
  errors.push(...globErrors(data, at));
  if (!checked.success || errors.length > 0) return { policy: fallback(source), errors: dedupe(errors), warnings: parsed.warnings };

  // A file under policies/ is a preset written out: it extends what it says, or nothing.
  const extendsName = typeof data.extends === 'string' && isPresetName(data.extends) ? data.extends : file.startsWith('policies/') ? null : DEFAULT_PRESET;
  const policy = merge(extendsName ? presetPolicy(extendsName) : emptyPolicy(), checked.data);
  policy.source = source;
  policy.extends = extendsName;
  return { policy, errors: [], warnings: [...parsed.warnings] };
}

function emptyPolicy(): Policy {
  const checks = {} as Record<CheckId, CheckSetting>;
  for (const id of CHECK_IDS) checks[id] = { level: 'off', options: {} };
  checks[POLICY_CHECK] = { level: 'error', options: {} };
  return {
    source: '',
    extends: null,
    models: { roots: [], artifacts: [], cards: [], ignore: [], links: 'deny', binaryThresholdMib: DEFAULT_BINARY_THRESHOLD_MIB },
    datasets: { manifests: [] },
    audits: { records: [] },
    safety: { records: [] },
    checks,
    tiers: {},
  };
}

/** What the evaluator uses when the configuration is invalid: baseline, so checks still run and show. */
function fallback(source: string): Policy {
  return { ...presetPolicy(DEFAULT_PRESET), source: `${source} (invalid; checks below use preset ${DEFAULT_PRESET})` };
}

/** The validated file over its base: lists replace the base's lists; check options merge. */
function merge(base: Policy, data: ConfigFile): Policy {
  const out: Policy = structuredClone(base);
  const { roots, artifacts, cards, ignore, links, binary_threshold_mib: threshold } = data.models ?? {};
  Object.assign(out.models, defined({ roots, artifacts, cards, ignore, links, binaryThresholdMib: threshold }));
  Object.assign(out.datasets, defined({ manifests: data.datasets?.manifests }));
  Object.assign(out.audits, defined({ records: data.audits?.records }));
  Object.assign(out.safety, defined({ records: data.safety?.records }));

  for (const [id, o] of Object.entries(readOverrides(data.checks))) {
    const current = out.checks[id as CheckId];
    out.checks[id as CheckId] = { level: o.level ?? current.level, options: { ...current.options, ...o.options } };
  }
  for (const tier of RISK_TIERS) {
    const t = data.tiers?.[tier];
    if (t === undefined) continue;
    const existing = out.tiers[tier] ?? {};
    for (const [id, o] of Object.entries(readOverrides(t))) {
      const prev = existing[id as CheckId];
      const merged: { level?: Level; options: Record<string, unknown> } = { options: { ...prev?.options, ...o.options } };
      const level = o.level ?? prev?.level;
      if (level) merged.level = level;
      existing[id as CheckId] = merged;
    }
    out.tiers[tier] = existing;
  }
  return out;
}

/** The entries whose value is set. */
function defined<T extends Record<string, unknown>>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

/** Expands groups ("carbon: error") and shorthand levels into per-check overrides. Ids win over groups. */
function readOverrides(value: unknown): CheckOverrides {
  const result: CheckOverrides = {};
  if (!isRecord(value)) return result;
  const apply = (id: CheckId, raw: unknown) => {
    if (typeof raw === 'string') {
      result[id] = { level: raw as Level, options: {} };
      return;
    }
    if (!isRecord(raw)) return;
    const { level, ...options } = raw;
    const entry: { level?: Level; options: Record<string, unknown> } = { options };
    if (typeof level === 'string') entry.level = level as Level;
    result[id] = entry;
  };
  for (const group of CHECK_GROUPS) {
    const raw = own(value, group);
    if (raw === undefined) continue;
    for (const id of CHECK_IDS) if (groupOf(id) === group && id !== POLICY_CHECK) apply(id, raw);
  }
  for (const id of CHECK_IDS) {
    const raw = own(value, id);
    if (raw !== undefined) apply(id, raw);
  }
  return result;
}

/** The effective setting of a check for a model of the given risk tier. */
export function settingFor(policy: Policy, id: CheckId, tier: RiskTier | null): CheckSetting {
  const base = policy.checks[id];
  const override = tier ? policy.tiers[tier]?.[id] : undefined;
  if (!override) return base;
  return { level: override.level ?? base.level, options: { ...base.options, ...override.options } };
}

// ---------------------------------------------------------------------------------------------
// Error messages that name the key path as the user wrote it.

type At = (path: readonly (string | number)[], message: string, key?: string) => Diagnostic;

/** The diagnostics of one schema issue, each naming the key path as the user wrote it. */
function schemaErrors(issue: z.core.$ZodIssue, at: At): Diagnostic[] {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const where = path.length > 0 ? formatPath(path) : 'the configuration';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => at([...path, key], `unknown key ${formatPath([...path, key])}${suggest(key, path)}`, key));
    case 'invalid_union': {
      // A level or a mapping: judge the value by the alternative of its own kind.
      const fitting = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
      if (fitting.length === 1) return (fitting[0] ?? []).flatMap((i) => schemaErrors({ ...i, path: [...issue.path, ...i.path] }, at));
      const kinds = issue.errors.map((branch) => expectation(branch.find((i) => i.path.length === 0)));
      return [at(path, `${where} must be ${kinds.filter((k) => k !== '').join(', or ')}`)];
    }
    default:
      return [at(path, `${where} must be ${expectation(issue) || 'valid'}`)];
  }
}

/** What an issue expects, as the tail of "<key> must be …". */
function expectation(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return '';
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return issue.expected === 'int' || issue.message === 'integer' ? 'integer' : issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected;
    case 'too_small':
      if (issue.origin === 'array') return `a list of at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return 'non-empty text';
      return `${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

/** 1-based column of a key on its line (the key as written, quoted or not). */
function keyColumn(text: string, line: number, key: string): number | undefined {
  let start = 0;
  for (let n = 1; n < line && start !== -1; n++) start = text.indexOf('\n', start) + 1 || -1;
  if (start === -1) return undefined;
  const end = text.indexOf('\n', start);
  const row = text.slice(start, end === -1 ? undefined : end);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`(["']?)${escaped}\\1\\s*:`).exec(row);
  return at ? at.index + 1 : undefined;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : /^[\w-]+$/.test(p) ? `.${p}` : `["${p}"]`)).join('');
}

function suggest(key: string, parent: readonly (string | number)[]): string {
  const inChecks = parent[0] === 'checks' || parent[0] === 'tiers';
  if (!inChecks || parent.length > (parent[0] === 'tiers' ? 2 : 1)) return '';
  const known = [...CHECK_IDS, ...CHECK_GROUPS];
  const close = known.find((k) => editDistance(k, key.toLowerCase()) <= 2);
  return close ? ` (did you mean "${close}"?)` : ` (known checks: ${CHECK_IDS.join(', ')})`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

function globErrors(data: Record<string, unknown>, at: At): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const lists: [string, string][] = [
    ['models', 'roots'],
    ['models', 'artifacts'],
    ['models', 'ignore'],
    ['datasets', 'manifests'],
    ['audits', 'records'],
    ['safety', 'records'],
  ];
  for (const [section, key] of lists) {
    const list = own(own(data, section), key);
    if (!Array.isArray(list)) continue;
    list.forEach((glob, i) => {
      if (typeof glob !== 'string') return;
      const problem = globProblem(glob);
      if (problem) errors.push(at([section, key, i], `${section}.${key}[${i}] "${glob}" ${problem}`));
    });
  }
  return errors;
}

export function globProblem(glob: string): string | undefined {
  if (glob.startsWith('/')) return 'is absolute; globs are relative to the repository root';
  if (glob.includes('\\')) return 'uses backslashes; use "/"';
  if (glob.split('/').includes('..')) return 'climbs out of the repository with ".."';
  if ((glob.match(/\{/g) ?? []).length !== (glob.match(/\}/g) ?? []).length) return 'has unbalanced braces';
  if ((glob.match(/\[/g) ?? []).length !== (glob.match(/\]/g) ?? []).length) return 'has unbalanced brackets';
  try {
    if (new Minimatch(glob, { dot: true }).makeRe() === false) return 'is not a valid glob';
  } catch {
    return 'is not a valid glob';
  }
  return undefined;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.line}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
