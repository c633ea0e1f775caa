// A fast path for the common case of plain evidence YAML. The `yaml` library, which gives modelgate
// its located errors, warnings and key lines, parses at about 1.5 MB/s: at 1,000 models its three
// documents per model were a third of the run. js-yaml reads the same plain documents about nine
// times faster, but it has no alias cap, no depth cap, no complex-key refusal, no located warnings,
// and a few different readings. So it is only asked to read text that has none of the constructs
// where the two differ or where the safety checks live (anchors, aliases, tags, directives,
// complex keys, tabs, deep or heavy nesting, prototype keys, quoted text under-indented), and its
// answer is used only when it agrees with what `yaml` would produce: any doubt returns undefined,
// and the caller takes the slow, fully checked path. test/evidence/yamlFast.test.ts holds the two
// paths equal over the corpus, the examples and generated documents.
import jsyaml from 'js-yaml';

/** Depth past which the caller's own checks must locate the error: the slow path reports it. */
const MAX_DEPTH = 64;
/** More flow brackets than this and the text may nest deeper than the pre-scan can bound. */
const MAX_FLOW_BRACKETS = 64;
/** Leading indentation and indicators (`- `, `? `, `: `) bound the block nesting of a line. */
const MAX_LEADING = 128;
/** Large texts are rare and gain little: keep the fast path to the evidence-sized ones. */
const MAX_LENGTH = 256 * 1024;

// The YAML 1.2 core schema exactly as the `yaml` library resolves it (its schema/core/*.js), so that
// `0b11`, which js-yaml's own core schema reads as 3, stays a string as it does there.
const scalar = (tag: string, test: RegExp, construct: (s: string) => unknown) =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve: (s: string | null) => test.test(s ?? ''), construct: (s: string | null) => construct(s ?? '') });

const CORE = new jsyaml.Schema({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'),
    scalar('int', /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (s) =>
      s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10),
    ),
    scalar('float', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/, (s) => {
      if (/nan$/i.test(s)) return NaN;
      if (/inf$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
      return parseFloat(s);
    }),
  ],
});

/**
 * Constructs the fast path must not see. A hit does not mean the text is unusual, only that the
 * slow path decides: `&`/`*`/`!` where a node can start (anchors, aliases, tags), `%` directives,
 * `?` explicit keys, a comment glued to a quoted scalar or a flow collection (`"a"#`), block scalars with an explicit indentation (`|2`), a flow collection used as a key (`]:`), tabs, and the prototype keys.
 */
const SLOW_CONSTRUCTS = /(?:^|[\s,[{:-])[&*!?]|^%|["'\]}]#|[|>][-+]?[0-9]|[\]}][ ]*:(?:\s|$)|[\t\r\u0085\u2028\u2029\ufeff]|__proto__|constructor|prototype/m;

/** Parsed data, or undefined when the text must take the slow path. */
export function fastYaml(text: string): { data: unknown } | undefined {
  if (text.length > MAX_LENGTH || SLOW_CONSTRUCTS.test(text) || !boundedNesting(text) || !linesPlain(text)) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE, json: false });
  } catch {
    return undefined;
  }
  // js-yaml reads an empty document as undefined, `yaml` as null; a `null` key (`~:`) becomes
  // "null" here and "" there; multi-line flow collections may carry warnings there.
  if (data === undefined) return undefined;
  if (!plainData(data, 0)) return undefined;
  return { data };
}

function boundedNesting(text: string): boolean {
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++brackets > MAX_FLOW_BRACKETS) return false;
      // A flow collection that is not closed on its own line: `yaml` checks its indentation and may warn.
      const eol = text.indexOf('\n', i);
      if (!text.slice(i, eol === -1 ? text.length : eol).includes(c === 0x5b ? ']' : '}')) return false;
    }
  }
  return true;
}

/**
 * Per line: the leading indentation and indicators (`- `, `? `, `: `) bound the block nesting the
 * line opens; a dedent must return to an indentation some open block used (js-yaml accepts sequence
 * entries that drift left, `yaml` refuses them); and a quoted scalar still open at the line's end
 * means multi-line quoted text, where PyYAML and js-yaml accept under-indented continuation lines
 * that `yaml` refuses (modelgate repairs them with a warning).
 */
interface OpenBlock {
  indent: number;
  /** What the block's last line was: nothing yet, a sequence entry, a key with no value on its line, another line. */
  last: 'none' | 'entry' | 'open-key' | 'other';
  /** A deeper line came after that last line. */
  deeper: boolean;
}

function linesPlain(text: string): boolean {
  const open: OpenBlock[] = [{ indent: 0, last: 'none', deeper: false }];
  let previous: { indent: number; hasValue: boolean } | undefined;
  // Inside a block scalar (`key: |`), lines indented past its key are text, whatever they hold.
  let blockScalarAbove: number | undefined;
  for (const line of text.split('\n')) {
    let indent = 0;
    while (line[indent] === ' ') indent++;
    if (blockScalarAbove !== undefined) {
      if (indent === line.length || indent > blockScalarAbove) continue;
      blockScalarAbove = undefined;
    }
    if (indent === line.length || line[indent] === '#') continue;
    let lead = indent;
    let dashes = 0;
    while (lead < line.length && ' -?:'.includes(line[lead] as string)) if (line[lead++] === '-') dashes++;
    // `- -` nests a sequence in a sequence entry: js-yaml and `yaml` place the next lines differently.
    if (lead > MAX_LEADING || dashes > 1) return false;
    // A deeper line after a line that had its value continues a plain scalar over lines, where the
    // two libraries differ around comments and indicators.
    if (previous?.hasValue && indent > previous.indent) return false;
    const scalarHeader = BLOCK_SCALAR_HEADER.test(line);
    if (scalarHeader) blockScalarAbove = lead < line.length && line[lead] !== '|' && line[lead] !== '>' ? lead : indent;
    previous = { indent: lead < line.length ? lead : indent, hasValue: !scalarHeader && !OPEN_KEY.test(line) && lead < line.length };
    const entry = line[indent] === '-' && (line[indent + 1] === ' ' || line[indent + 1] === undefined);
    let dedent = false;
    while (open.length > 1 && (open.at(-1) as OpenBlock).indent > indent) {
      open.pop();
      dedent = true;
    }
    let block = open.at(-1) as OpenBlock;
    if (block.indent !== indent) {
      if (dedent) return false;
      block.deeper = true;
      block = { indent, last: 'none', deeper: false };
      open.push(block);
    }
    // A sequence entry at a mapping's indentation may only follow the key just above it (`key:` then
    // `- a`): js-yaml also takes one after that key's value began, or after a complete pair.
    if (entry && block.last !== 'none' && block.last !== 'entry' && !(block.last === 'open-key' && !block.deeper)) return false;
    block.last = entry ? 'entry' : OPEN_KEY.test(line) ? 'open-key' : 'other';
    block.deeper = false;
    // The content of `- a: 1` starts a block at its own column, where `  b: 2` continues it.
    if (lead > indent && lead < line.length) {
      block.deeper = true;
      open.push({ indent: lead, last: OPEN_KEY.test(line) ? 'open-key' : 'other', deeper: false });
    }
    if ((line.includes('"') || line.includes("'")) && opensQuoteAtLineEnd(line)) return false;
  }
  return true;
}

/** A line whose value is a block scalar: `key: |`, `- >-`, `key: |+ # comment`. */
const BLOCK_SCALAR_HEADER = /(?:^|[ :-])[|>][-+]?[ ]*(?:#.*)?$/;
/** A line that ends with a key and no value (`governance:`), a comment aside. */
const OPEN_KEY = /:[ ]*(?:#.*)?$/;

/**
 * A quoted scalar opened on this line and not closed. A quote opens one only where a node can
 * start: first on the line, or after `:`, `-`, `?`, `[`, `{` or `,` (spaces aside); an apostrophe
 * inside plain text (`the desk's job`) does not. A `#` after a space, outside quotes, ends the line.
 */
function opensQuoteAtLineEnd(line: string): boolean {
  let prev = ''; // the last character that is not a space, outside quotes
  for (let j = 0; j < line.length; j++) {
    const c = line[j] as string;
    if (c === '#' && (j === 0 || line[j - 1] === ' ')) return false;
    if ((c === '"' || c === "'") && (prev === '' || ':-?[{,'.includes(prev))) {
      const close = closingQuote(line, j + 1, c);
      if (close === -1) return true;
      j = close;
      prev = c;
      continue;
    }
    if (c !== ' ') prev = c;
  }
  return false;
}

function closingQuote(line: string, from: number, quote: string): number {
  for (let j = from; j < line.length; j++) {
    const c = line[j];
    if (quote === '"' && c === '\\') j++;
    else if (c === quote) {
      if (quote === "'" && line[j + 1] === "'") j++;
      else return j;
    }
  }
  return -1;
}

/** Keys the full parser refuses; escapes (`"\x5f_proto__"`) get them past the text scan. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Plain JSON-like data, within the depth, with no key the two parsers read differently (`null`)
 * and no key the full parser refuses: for those, the slow path says where the problem is.
 */
function plainData(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((v) => plainData(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const k of Object.getOwnPropertyNames(value)) {
    if (k === 'null' || PROTOTYPE_KEYS.has(k) || !plainData((value as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}
