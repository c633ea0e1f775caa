// Hugging Face model cards: YAML front matter (extracted exactly as the Hub does) plus Markdown
// body sections found by heading. Tolerates the shapes the Hub accepts: bare strings where lists are
// documented, `license` as a list, misspelled keys (with a warning), CRLF and CR-CR-LF endings. An
// entry of a list field read as text (datasets, license, base_model, governance.audits) that is not
// text is never dropped silently: it is a located problem card.metadata fails on.
import type { Diagnostic, Parsed } from '../types.js';
import { isRecord, normaliseNewlines, own, parseYaml, str, type YamlValue } from './load.js';
import { readCardWorkforce, type CardWorkforce } from './workforce.js';

export interface CardSection {
  heading: string;
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /** Text below the heading up to the next heading of the same or a higher level. */
  body: string;
  /** True when the section holds only template placeholders, comments or empty bullets. */
  placeholder: boolean;
}

export interface Governance {
  riskTier?: string;
  owner?: string;
  intendedUse?: string;
  audits: string[];
  /** Safety-evaluation records (bias, red-team) the card cites. */
  safetyEvaluations: string[];
  carbonReport?: string;
  vendor?: { name: string; contract?: string };
  exportControl?: { classification?: string; reviewed?: string; jurisdictions?: string[] };
  /** Roles and FTE the model affects (board KPI: reskilling against automation exposure). */
  workforce?: CardWorkforce;
}

export interface ModelCard {
  file: string;
  hasFrontMatter: boolean;
  metadata: Record<string, unknown>;
  /** 1-based line in the card file of a front-matter key path (or its nearest ancestor). */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /**
   * Entries of the fields read as text lists that are not text (a mapping, a list, a boolean, an
   * empty entry): they are left out of the lists above, and card.metadata fails on them.
   */
  entryErrors: Diagnostic[];
  license: string[];
  licenseName?: string;
  licenseLink?: string;
  datasets: string[];
  baseModel: string[];
  /** Raw `co2_eq_emissions` value (number or mapping), read by the carbon module. */
  co2: unknown;
  governance: Governance;
  sections: CardSection[];
}

// The Hub's own front-matter regex (huggingface_hub repocard.py), applied after newline normalisation.
const FRONT_MATTER = /^(\s*---\n)([\s\S]*?)(\n---[ \t]*(\n|$))/;

/** The YAML between the card's `---` lines, as parseModelCard reads it; undefined without front matter. */
export function frontMatterText(raw: string): string | undefined {
  return FRONT_MATTER.exec(normaliseNewlines(raw.replace(/^\uFEFF/, '')))?.[2];
}

export function parseModelCard(raw: string, file: string): Parsed<ModelCard> {
  const warnings: Diagnostic[] = [];
  const text = normaliseNewlines(raw.replace(/^\uFEFF/, ''));
  const match = FRONT_MATTER.exec(text);
  let metadata: Record<string, unknown> = {};
  let lineOf: ModelCard['lineOf'] = () => undefined;
  let positionOf: YamlValue['positionOf'] = () => undefined;
  let bodyStartLine = 1;
  let body = text;
  if (match) {
    const opening = match[1] ?? '';
    const yamlText = match[2] ?? '';
    const lineOffset = countLines(opening); // YAML line 1 is the line after `---`
    const parsed = parseYaml(yamlText, file, { lineOffset, hub: true });
    if (!parsed.ok) return parsed;
    warnings.push(...parsed.warnings);
    const data = parsed.value.data;
    if (data !== null && data !== undefined && !isRecord(data)) {
      return {
        ok: false,
        errors: [{ file, line: lineOffset + 1, column: 1, message: `front matter must be a YAML mapping, found ${Array.isArray(data) ? 'a list' : typeof data}` }],
      };
    }
    metadata = (data as Record<string, unknown> | null) ?? {};
    lineOf = parsed.value.lineOf;
    positionOf = parsed.value.positionOf;
    const headerLength = match[0].length;
    bodyStartLine = countLines(text.slice(0, headerLength)) + 1;
    body = text.slice(headerLength);
  }

  const entryErrors: Diagnostic[] = [];
  const list: TextList = (path, what) => textList(metadata, path, what, { file, positionOf, lineOf, errors: entryErrors });
  const license = readLicense(metadata, file, lineOf, warnings, list);
  const datasets = list(['datasets'], 'a dataset id, manifest id or manifest path');
  const card: ModelCard = {
    file,
    hasFrontMatter: match !== null,
    metadata,
    lineOf,
    entryErrors,
    license,
    datasets,
    baseModel: list(['base_model'], 'a Hub model id'),
    co2: own(metadata, 'co2_eq_emissions'),
    governance: readGovernance(own(metadata, 'governance'), file, lineOf, warnings, list),
    sections: parseSections(body, bodyStartLine),
  };
  const workforce = readCardWorkforce(own(own(metadata, 'governance'), 'workforce'), file, { lineOf, positionOf, lines: text.split('\n') }, entryErrors);
  if (workforce) card.governance.workforce = workforce;
  const licenseName = str(own(metadata, 'license_name'));
  const licenseLink = str(own(metadata, 'license_link'));
  if (licenseName) card.licenseName = licenseName;
  if (licenseLink) card.licenseLink = licenseLink;
  return { ok: true, value: card, warnings };
}

/** Reads the field at `path` as a string or a list of strings, reporting every entry that is not one. */
type TextList = (path: string[], what: string) => string[];

interface ListContext {
  file: string;
  positionOf: YamlValue['positionOf'];
  lineOf: ModelCard['lineOf'];
  errors: Diagnostic[];
}

function textList(meta: Record<string, unknown>, path: string[], what: string, ctx: ListContext): string[] {
  let value: unknown = meta;
  for (const key of path) value = own(value, key);
  if (value === undefined || value === null) return [];
  const name = path.join('.');
  const entries = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  entries.forEach((entry: unknown, i) => {
    const text = str(entry);
    if (text !== undefined) out.push(text);
    if (text !== undefined || typeof entry === 'string') return; // an empty string names nothing and hides nothing
    const at = Array.isArray(value) ? [...path, i] : path;
    const label = Array.isArray(value) ? `\`${name}\` entry ${i + 1}` : `\`${name}\``;
    const d: Diagnostic = { file: ctx.file, message: `${label} is ${shapeOf(entry)}, not text: write it as ${what}; modelgate reads no other form, so it would be ignored` };
    const position = ctx.positionOf(at);
    const line = position?.line ?? ctx.lineOf(at);
    if (line !== undefined) d.line = line;
    if (position) d.column = position.column;
    ctx.errors.push(d);
  });
  return out;
}

/** How a non-text YAML value reads in a message: its kind and a short rendering. */
function shapeOf(v: unknown): string {
  if (v === null) return 'empty';
  const shown = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const short = shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
  if (Array.isArray(v)) return `a list (${short})`;
  if (isRecord(v)) return `a mapping (${short})`;
  return `${typeof v === 'boolean' ? 'a boolean' : typeof v} (${short})`;
}

function readLicense(meta: Record<string, unknown>, file: string, lineOf: ModelCard['lineOf'], warnings: Diagnostic[], list: TextList): string[] {
  const direct = list(['license'], 'a licence id');
  if (direct.length > 0) return direct;
  for (const variant of ['licence', 'licenses']) {
    const v = list([variant], 'a licence id');
    if (v.length > 0) {
      warnings.push(at(file, lineOf([variant]), `"${variant}" read as "license"; the Hub only knows "license"`));
      return v;
    }
  }
  return [];
}

function readGovernance(value: unknown, file: string, lineOf: ModelCard['lineOf'], warnings: Diagnostic[], list: TextList): Governance {
  const g: Governance = { audits: [], safetyEvaluations: [] };
  if (value === undefined || value === null) return g;
  if (!isRecord(value)) {
    warnings.push(at(file, lineOf(['governance']), '"governance" should be a mapping; ignored'));
    return g;
  }
  const set = <K extends 'riskTier' | 'owner' | 'intendedUse' | 'carbonReport'>(key: K, yamlKey: string) => {
    const v = str(own(value, yamlKey));
    if (v !== undefined) g[key] = v;
  };
  set('riskTier', 'risk_tier');
  set('owner', 'owner');
  set('intendedUse', 'intended_use');
  set('carbonReport', 'carbon_report');
  g.audits = list(['governance', 'audits'], 'the path of an audit record');
  g.safetyEvaluations = list(['governance', 'safety_evaluations'], 'the path of a safety-evaluation record');
  const vendor = own(value, 'vendor');
  const vendorName = str(own(vendor, 'name')) ?? str(vendor);
  if (vendorName) {
    g.vendor = { name: vendorName };
    const contract = str(own(vendor, 'contract'));
    if (contract) g.vendor.contract = contract;
  }
  const ec = own(value, 'export_control');
  if (isRecord(ec)) {
    g.exportControl = {};
    const c = str(own(ec, 'classification'));
    const r = str(own(ec, 'reviewed'));
    if (c) g.exportControl.classification = c;
    if (r) g.exportControl.reviewed = r;
    const j = list(['governance', 'export_control', 'jurisdictions'], 'a jurisdiction');
    if (j.length > 0) g.exportControl.jurisdictions = j;
  }
  return g;
}

function at(file: string, line: number | undefined, message: string): Diagnostic {
  return line === undefined ? { file, message } : { file, line, message };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Body sections.

interface Heading {
  text: string;
  level: number;
  index: number; // line index in body
}

export function parseSections(body: string, firstLine = 1): CardSection[] {
  const lines = body.split('\n');
  const headings: Heading[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    // No `(.*?)[ \t#]*$`: on a long line of spaces that backtracks quadratically.
    const atx = /^ {0,3}(#{1,6})[ \t]+(.*)$/.exec(line);
    if (atx?.[1]) {
      headings.push({ text: cleanHeading(trimClosingHashes(atx[2] ?? '')), level: atx[1].length, index: i });
      continue;
    }
    const next = lines[i + 1];
    if (next !== undefined && line.trim() !== '' && !/^\s*[-*+>|]/.test(line)) {
      if (/^ {0,3}=+\s*$/.test(next)) headings.push({ text: cleanHeading(line), level: 1, index: i });
      // A one-line paragraph underlined with dashes; after a longer paragraph it is more likely a rule.
      else if (/^ {0,3}-{2,}\s*$/.test(next) && (lines[i - 1] ?? '').trim() === '') {
        headings.push({ text: cleanHeading(line), level: 2, index: i });
      }
    }
  }
  return headings.map((h, n) => {
    let end = lines.length;
    for (let k = n + 1; k < headings.length; k++) {
      const other = headings[k];
      if (other && other.level <= h.level) {
        end = other.index;
        break;
      }
    }
    const sectionBody = lines.slice(h.index + 1, end).join('\n');
    return { heading: h.text, level: h.level, line: firstLine + h.index, body: sectionBody, placeholder: isPlaceholder(sectionBody) };
  });
}

/** The text of an ATX heading without its optional closing `#`s and trailing blanks. */
function trimClosingHashes(s: string): string {
  let end = s.length;
  while (end > 0 && ' \t#'.includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

// Every pattern below stops at the next opening delimiter ([^<>], [^[\]], [^{}]), so that text made
// of thousands of unclosed `<`, `[` or `{{` is scanned in linear time, not quadratic.
function cleanHeading(s: string): string {
  return s
    .replace(/<[^<>]*>/g, '')
    .replace(/[*_`]/g, '')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .trim();
}

const PLACEHOLDER_PATTERNS = [
  /\[more information needed\]/gi,
  /\[needs more information\]/gi,
  /\{\{[^{}]*\}\}/g, // unrendered template variables
  /\bTODO\b|\bTBD\b|\bN\/A\b/gi,
];

/** Removes HTML comments in one pass (a lazy `<!--[\s\S]*?-->` is quadratic on many unclosed `<!--`). */
function stripComments(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open === -1) break;
    const close = text.indexOf('-->', open + 4);
    if (close === -1) break; // no comment closes after this point: nothing more to strip
    out += `${text.slice(from, open)} `;
    from = close + 3;
  }
  return out + text.slice(from);
}

/** A section is a placeholder when, after removing template text, no sentence-like content remains. */
export function isPlaceholder(body: string): boolean {
  let text = stripComments(body);
  for (const p of PLACEHOLDER_PATTERNS) text = text.replace(p, ' ');
  const meaningful = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l)) // sub-headings
    .map((l) =>
      l
        .replace(/^\s*(?:[-*+]|\d+[.)])\s*/, '') // bullets
        .replace(/\*\*[^*]*:\*\*|\*\*[^*]*\*\*:|^[A-Za-z ()/-]{1,40}:\s*$/g, '') // "**Label:**" with no value
        .replace(/[\s*_`>|:.-]+/g, ' ')
        .trim(),
    )
    .filter((l) => /\p{L}{2,}.*\p{L}{2,}/u.test(l));
  return meaningful.length === 0;
}

/** Section names a policy can require, each with the headings that satisfy it (case-insensitive). */
export const SECTION_ALIASES: Record<string, readonly string[]> = {
  'intended-use': ['uses', 'intended uses', 'intended use', 'intended uses & limitations', 'intended uses and limitations', 'direct use', 'how to use'],
  limitations: [
    'bias, risks, and limitations',
    'bias risks and limitations',
    'limitations',
    'risks and limitations',
    'limitations and bias',
    'bias and limitations',
    'intended uses & limitations',
    'intended uses and limitations',
  ],
  'training-data': ['training data', 'training and evaluation data', 'training dataset', 'training datasets', 'data'],
  evaluation: ['evaluation', 'evaluation results', 'results', 'eval results', 'evaluation data'],
  'environmental-impact': ['environmental impact', 'carbon emissions', 'co2 emissions', 'carbon footprint'],
  'human-oversight': ['human oversight', 'human-in-the-loop', 'human in the loop oversight'],
  'risk-management': ['risk management', 'risk assessment', 'risk management system'],
  contact: ['model card contact', 'contact', 'model card authors'],
};

function normaliseHeading(s: string): string {
  return s.toLowerCase().replace(/[’'"]/g, '').replace(/\s+/g, ' ').trim();
}

/** Finds the first section satisfying a policy section name; unknown names match their own text. */
export function findSection(card: Pick<ModelCard, 'sections'>, name: string): CardSection | undefined {
  const aliases = (SECTION_ALIASES[name] ?? [name.replace(/-/g, ' ')]).map(normaliseHeading);
  const matches = card.sections.filter((s) => {
    const h = normaliseHeading(s.heading);
    return aliases.some((a) => h === a || h.startsWith(`${a} `) || h.startsWith(`${a}:`));
  });
  // Prefer a filled section when the card has several matching headings.
  return matches.find((s) => !s.placeholder) ?? matches[0];
}
