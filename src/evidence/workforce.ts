// Workforce evidence for the board KPI "reskilling against automation exposure": what a model card
// declares about the roles it affects (`governance.workforce`), and the organisation's reskilling
// programmes (.github/modelgate-workforce.yml). Every problem is an error placed on its line and
// column; unknown keys are errors too, so a misspelt `headcount` never reads as zero people.
import type { Diagnostic, Parsed } from '../types.js';
import { isIsoDate } from '../dates.js';
import { isRecord, own, parseYaml, type YamlValue } from './load.js';

/** Where the organisation declares its reskilling programmes (read from the default branch). */
export const WORKFORCE_FILE = '.github/modelgate-workforce.yml';

export interface WorkforceRole {
  role: string;
  /** Full-time equivalents whose work the model automates or changes. */
  fte: number;
}

/** A card's `governance.workforce`. */
export interface CardWorkforce {
  roles: WorkforceRole[];
  /** When the exposure was estimated, YYYY-MM-DD. */
  assessed?: string;
}

export interface ReskillingProgramme {
  name: string;
  headcount: number;
  budget: { amount: number; currency: string };
  period: { start: string; end: string };
  /** Roles the programme reskills (matched to card roles, case-insensitive). */
  roles: string[];
  /** Model directories whose affected staff the programme covers. */
  models: string[];
  line?: number;
}

export interface WorkforceFile {
  file: string;
  programmes: ReskillingProgramme[];
}

export const CARD_WORKFORCE_KEYS = ['roles', 'assessed'];
export const CARD_ROLE_KEYS = ['role', 'fte'];
export const WORKFORCE_TOP_KEYS = ['programmes'];
export const PROGRAMME_KEYS = ['name', 'headcount', 'budget', 'period', 'roles', 'models'];
export const BUDGET_KEYS = ['amount', 'currency'];
export const PERIOD_KEYS = ['start', 'end'];
const CURRENCY = /^[A-Z]{3}$/;

type Path = (string | number)[];
type Err = (path: Path, message: string, what?: 'key') => void;

/** What the locator needs of a parsed YAML text; `lines` holds the text's lines, `lines[0]` being line 1. */
export interface YamlPlaces extends Pick<YamlValue, 'lineOf' | 'positionOf'> {
  lines: readonly string[];
}

/**
 * Errors at the line and column of the node a key path names: of the key itself for an unknown
 * key, else of its value (or the line of its nearest ancestor).
 */
function locator(file: string, doc: YamlPlaces, errors: Diagnostic[]): Err {
  return (path, message, what) => {
    const d: Diagnostic = { file, message };
    const last = path[path.length - 1];
    const position = what === 'key' && typeof last === 'string' ? keyPosition(doc, path, last) : doc.positionOf(path);
    const line = position?.line ?? doc.lineOf(path);
    if (line !== undefined) d.line = line;
    if (position) d.column = position.column;
    errors.push(d);
  };
}

function keyPosition(doc: YamlPlaces, path: Path, key: string): { line: number; column: number } | undefined {
  const line = doc.lineOf(path);
  const text = line === undefined ? undefined : doc.lines[line - 1];
  if (line === undefined || text === undefined) return undefined;
  const found = new RegExp(`(^|[\\s{,\\-])["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`).exec(text);
  return found ? { line, column: found.index + (found[1] ?? '').length + 1 } : undefined;
}

function name(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function closedKeys(obj: Record<string, unknown>, known: readonly string[], path: Path, error: Err): void {
  for (const key of Object.keys(obj)) if (!known.includes(key)) error([...path, key], `unknown key \`${name([...path, key])}\` (expected ${known.join(', ')})`, 'key');
}

function text(obj: Record<string, unknown>, key: string, path: Path, error: Err, required: boolean): string | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) error(v === undefined ? path : [...path, key], `missing \`${name([...path, key])}\``);
    return undefined;
  }
  if (typeof v === 'string') return v.trim();
  error([...path, key], `\`${name([...path, key])}\` must be text, not ${JSON.stringify(v)}`);
  return undefined;
}

function count(obj: Record<string, unknown>, key: string, path: Path, error: Err, what: string, integer: boolean): number | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null) {
    error(v === undefined ? path : [...path, key], `missing \`${name([...path, key])}\` (${what})`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    error([...path, key], `\`${name([...path, key])}\` must be ${integer ? 'a whole number' : 'a number'} of at least 0 (${what}), not ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function date(obj: Record<string, unknown>, key: string, path: Path, error: Err, required: boolean): string | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null) {
    if (required) error(v === undefined ? path : [...path, key], `missing \`${name([...path, key])}\` (YYYY-MM-DD)`);
    return undefined;
  }
  const s = typeof v === 'string' ? v.trim() : String(v);
  if (isIsoDate(s)) return s;
  error([...path, key], `\`${name([...path, key])}\` must be a real date written YYYY-MM-DD, not ${JSON.stringify(v)}`);
  return undefined;
}

function textList(obj: Record<string, unknown>, key: string, path: Path, error: Err): string[] {
  const v = own(obj, key);
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  items.forEach((item: unknown, i) => {
    const at = Array.isArray(v) ? [...path, key, i] : [...path, key];
    if (typeof item === 'string' && item.trim() !== '') out.push(item.trim());
    else error(at, `\`${name(at)}\` must be text, not ${JSON.stringify(item)}`);
  });
  return out;
}

/**
 * A card's `governance.workforce`, or undefined when absent. Problems go to `errors` (the card's
 * entry errors, which card.metadata fails on); a declaration with an error is not used.
 */
export function readCardWorkforce(value: unknown, file: string, doc: YamlPlaces, errors: Diagnostic[]): CardWorkforce | undefined {
  if (value === undefined || value === null) return undefined;
  const base: Path = ['governance', 'workforce'];
  const before = errors.length;
  const error = locator(file, doc, errors);
  if (!isRecord(value)) {
    error(base, '`governance.workforce` must be a mapping: roles (a list of { role, fte }) and optionally assessed (YYYY-MM-DD)');
    return undefined;
  }
  closedKeys(value, CARD_WORKFORCE_KEYS, base, error);
  const rolesValue = own(value, 'roles');
  const roles: WorkforceRole[] = [];
  if (!Array.isArray(rolesValue) || rolesValue.length === 0) {
    error(rolesValue === undefined ? base : [...base, 'roles'], '`governance.workforce.roles` must be a non-empty list of { role, fte }');
  } else {
    rolesValue.forEach((entry: unknown, i) => {
      const at: Path = [...base, 'roles', i];
      if (!isRecord(entry)) {
        error(at, `\`${name(at)}\` must be a mapping { role, fte }, not ${JSON.stringify(entry)}`);
        return;
      }
      closedKeys(entry, CARD_ROLE_KEYS, at, error);
      const role = text(entry, 'role', at, error, true);
      const fte = count(entry, 'fte', at, error, 'full-time equivalents affected', false);
      if (role !== undefined && fte !== undefined) roles.push({ role, fte });
    });
  }
  const assessed = date(value, 'assessed', base, error, false);
  if (errors.length > before) return undefined;
  const out: CardWorkforce = { roles };
  if (assessed) out.assessed = assessed;
  return out;
}

/** The organisation's workforce file: reskilling programmes. Any error fails the whole file. */
export function parseWorkforceFile(raw: string, file: string): Parsed<WorkforceFile> {
  const yaml = parseYaml(raw, file);
  if (!yaml.ok) return yaml;
  const errors: Diagnostic[] = [];
  const error = locator(file, { ...yaml.value, lines: raw.split(/\r\n|\r|\n/) }, errors);
  const data = yaml.value.data;
  if (!isRecord(data)) return { ok: false, errors: [{ file, line: 1, column: 1, message: 'the workforce file must be a YAML mapping with `programmes:` (a list of reskilling programmes)' }] };
  closedKeys(data, WORKFORCE_TOP_KEYS, [], error);
  const list = own(data, 'programmes');
  const programmes: ReskillingProgramme[] = [];
  if (list !== undefined && list !== null && !Array.isArray(list)) error(['programmes'], '`programmes` must be a list of { name, headcount, budget, period, roles or models }');
  const entries: unknown[] = Array.isArray(list) ? list : [];
  entries.forEach((entry, i) => {
    const p = readProgramme(entry, ['programmes', i], error);
    if (!p) return;
    const line = yaml.value.lineOf(['programmes', i]);
    if (line !== undefined) p.line = line;
    programmes.push(p);
  });
  const seen = new Map<string, number>();
  programmes.forEach((p, i) => {
    const key = p.name.toLowerCase();
    if (seen.has(key)) error(['programmes', i, 'name'], `programme "${p.name}" is declared twice (also programmes[${seen.get(key)}])`);
    else seen.set(key, i);
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { file, programmes }, warnings: yaml.warnings };
}

function readProgramme(entry: unknown, at: Path, error: Err): ReskillingProgramme | undefined {
  if (!isRecord(entry)) {
    error(at, `\`${name(at)}\` must be a mapping { name, headcount, budget, period, roles or models }`);
    return undefined;
  }
  let ok = true;
  const fail: Err = (path, message, what) => {
    ok = false;
    error(path, message, what);
  };
  closedKeys(entry, PROGRAMME_KEYS, at, fail);
  const programmeName = text(entry, 'name', at, fail, true);
  const headcount = count(entry, 'headcount', at, fail, 'people the programme reskills', true);
  const budget = readBudget(own(entry, 'budget'), [...at, 'budget'], at, fail);
  const period = readPeriod(own(entry, 'period'), [...at, 'period'], at, fail);
  const roles = textList(entry, 'roles', at, fail);
  const models = textList(entry, 'models', at, fail).map((m) => m.replace(/^\.\//, '').replace(/\/+$/, ''));
  if (roles.length === 0 && models.length === 0) fail(at, `${programmeName ? `programme "${programmeName}"` : name(at)} covers nothing: list the \`roles\` it reskills or the \`models\` whose affected staff it covers`);
  if (!ok || programmeName === undefined || headcount === undefined || !budget || !period) return undefined;
  return { name: programmeName, headcount, budget, period, roles, models };
}

function readBudget(v: unknown, at: Path, parent: Path, error: Err): ReskillingProgramme['budget'] | undefined {
  if (v === undefined || v === null) {
    error(v === undefined ? parent : at, `missing \`${name(at)}\` ({ amount, currency })`);
    return undefined;
  }
  if (!isRecord(v)) {
    error(at, `\`${name(at)}\` must be a mapping { amount, currency }, e.g. { amount: 120000, currency: EUR }`);
    return undefined;
  }
  closedKeys(v, BUDGET_KEYS, at, error);
  const amount = count(v, 'amount', at, error, 'the budget in the currency given', false);
  const currency = text(v, 'currency', at, error, true);
  if (currency !== undefined && !CURRENCY.test(currency)) {
    error([...at, 'currency'], `\`${name([...at, 'currency'])}\` must be an ISO 4217 code such as EUR or USD, not ${JSON.stringify(currency)}`);
    return undefined;
  }
  return amount === undefined || currency === undefined ? undefined : { amount, currency };
}

function readPeriod(v: unknown, at: Path, parent: Path, error: Err): ReskillingProgramme['period'] | undefined {
  if (v === undefined || v === null) {
    error(v === undefined ? parent : at, `missing \`${name(at)}\` ({ start, end } as YYYY-MM-DD)`);
    return undefined;
  }
  if (!isRecord(v)) {
    error(at, `\`${name(at)}\` must be a mapping { start, end } (YYYY-MM-DD)`);
    return undefined;
  }
  closedKeys(v, PERIOD_KEYS, at, error);
  const start = date(v, 'start', at, error, true);
  const end = date(v, 'end', at, error, true);
  if (start === undefined || end === undefined) return undefined;
  if (end < start) {
    error([...at, 'end'], `\`${name([...at, 'end'])}\` ${end} is before the start ${start}`);
    return undefined;
  }
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// The published JSON Schema (schema/modelgate-workforce.schema.json), built from the key lists above.

type Schema = Record<string, unknown>;

function closed(keys: readonly string[], properties: Record<string, Schema>, required: string[]): Schema {
  const missing = keys.filter((k) => !(k in properties));
  if (missing.length > 0) throw new Error(`workforce schema: no property schema for ${missing.join(', ')}`);
  return { type: 'object', additionalProperties: false, required, properties };
}

export function workforceSchema(): Schema {
  const nonEmpty: Schema = { type: 'string', minLength: 1 };
  const day: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
  const textOrList: Schema = { oneOf: [nonEmpty, { type: 'array', items: nonEmpty }] };
  const programme = closed(
    PROGRAMME_KEYS,
    {
      name: nonEmpty,
      headcount: { type: 'integer', minimum: 0 },
      budget: closed(BUDGET_KEYS, { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', pattern: CURRENCY.source } }, ['amount', 'currency']),
      period: closed(PERIOD_KEYS, { start: day, end: day }, ['start', 'end']),
      roles: textOrList,
      models: textOrList,
    },
    ['name', 'headcount', 'budget', 'period'],
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/modelgate/modelgate/schema/modelgate-workforce.schema.json',
    title: `modelgate workforce file (${WORKFORCE_FILE}): reskilling programmes`,
    ...closed(WORKFORCE_TOP_KEYS, { programmes: { type: 'array', items: { ...programme, anyOf: [{ required: ['roles'] }, { required: ['models'] }] } } }, ['programmes']),
  };
}

export function workforceSchemaText(): string {
  return JSON.stringify(workforceSchema(), null, 2) + '\n';
}
