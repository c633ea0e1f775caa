// Turning bytes into data safely: UTF-8 text, YAML (1.2 core schema) and JSON, each failing with a
// located Diagnostic instead of throwing. Every evidence parser goes through here, so the safety
// properties (alias bombs, duplicate keys, prototype keys, binary files) hold in one place.
import { CST, Composer, Lexer, LineCounter, Parser, isAlias, isMap, isNode, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import type { Diagnostic, Parsed } from '../types.js';

/** Keys that would reach an object's prototype chain if someone spread or merged the data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** YAML alias expansions allowed per document: real evidence uses a handful; bombs use millions. */
const MAX_ALIAS_COUNT = 100;
const MAX_DEPTH = 64;
const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';
/** The YAML 1.2 core schema's types: the only ones evidence may name with an explicit `!!tag`. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq']);

export function fail<T>(file: string, message: string, line?: number, column?: number): Parsed<T> {
  const d: Diagnostic = { file, message };
  if (line !== undefined) d.line = line;
  if (column !== undefined) d.column = column;
  return { ok: false, errors: [d] };
}

/**
 * Decodes UTF-8, or UTF-16 that starts with its byte order mark (as Windows editors save text),
 * refusing binary content (NUL bytes) and invalid byte sequences. A BOM is dropped.
 */
export function decodeText(bytes: Uint8Array, file: string): Parsed<string> {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) return decodeUtf16(bytes, file, utf16);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return fail(file, `binary content (NUL byte at offset ${nul}): expected a UTF-8 text file`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { line, column } = invalidUtf8Position(bytes);
    return fail(file, 'invalid UTF-8: expected a UTF-8 text file', line, column);
  }
  return { ok: true, value: text, warnings: [] };
}

function decodeUtf16(bytes: Uint8Array, file: string, encoding: 'utf-16le' | 'utf-16be'): Parsed<string> {
  const name = encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE';
  let text: string;
  try {
    // ignoreBOM false: the decoder drops the BOM it was chosen by.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(file, `invalid ${name} (a byte order mark says ${name}, but the bytes that follow are not): expected a UTF-8 text file`);
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const { line, column } = lineColumn(text, nul);
    return fail(file, `binary content (a NUL character in ${name} text)`, line, column);
  }
  return { ok: true, value: text, warnings: [{ file, line: 1, message: `read as ${name} (it starts with that byte order mark); most tools, the Hugging Face Hub among them, expect UTF-8: save it as UTF-8` }] };
}

/**
 * Line and column (1-based, in characters) of the first invalid UTF-8 sequence. One linear pass: the
 * file may be megabytes long and attacker-written, so no decoding of growing prefixes.
 */
function invalidUtf8Position(bytes: Uint8Array): { line: number; column: number; offset: number } {
  const offset = firstInvalidUtf8(bytes);
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) {
      column++; // count characters, not continuation bytes
    }
  }
  return { line, column, offset };
}

/** Offset of the first byte of the first ill-formed UTF-8 sequence (WHATWG/Unicode rules), or the length. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => i < n && (bytes[i] as number) >= lo && (bytes[i] as number) <= hi;
  for (let i = 0; i < n; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
    } else if (b >= 0xc2 && b <= 0xdf) {
      if (!cont(i + 1)) return i;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return i;
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return n;
}

/** Normalises CRLF and lone CR to LF (the Hub reads `\r\r\n` cards too). */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Defines `target[key]` as the line `find` returns, looked up on first read and then kept: lines are
 * only needed for findings, and most results pass. A line that does not exist leaves the property
 * undefined, as an absent key would.
 */
export function lazyLine<T extends object>(target: T, key: keyof T & string, find: () => number | undefined): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const line = find();
      Object.defineProperty(target, key, { value: line, enumerable: line !== undefined, configurable: true, writable: true });
      return line;
    },
  });
}

/** A parsed YAML document that can say on which line a key path stands. */
export interface YamlValue {
  data: unknown;
  /** 1-based line of the node at `path` (or of the nearest ancestor that exists). */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** 1-based line and column where the node at exactly `path` starts (a list entry, a value). */
  positionOf(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

export interface YamlOptions {
  /** Added to every reported line (front matter starts below the `---`). */
  lineOffset?: number;
  /**
   * The text is a card's front matter, which the Hugging Face Hub reads with PyYAML: warn about
   * what YAML 1.2 accepts there but PyYAML refuses, so the Hub reads no metadata at all.
   */
  hub?: boolean;
}

export function parseYaml(text: string, file: string, options: YamlOptions = {}): Parsed<YamlValue> {
  const offset = options.lineOffset ?? 0;
  const first = parseYamlOnce(text, file, offset, options.hub === true);
  if (first.ok) return first;
  // Quoted scalars whose continuation lines start at column 0 are invalid YAML 1.2 but accepted by
  // PyYAML and js-yaml, and so by the Hugging Face Hub. Re-indent them and say so, but only when the
  // repaired text parses cleanly; any other error is reported as it was.
  const repaired = reindentQuotedContinuations(text);
  if (repaired.changedLines.length > 0) {
    const second = parseYamlOnce(repaired.text, file, offset, options.hub === true);
    if (second.ok) {
      const line = (repaired.changedLines[0] ?? 0) + 1 + offset;
      second.warnings.push({
        file,
        line,
        message: `quoted text continues on ${repaired.changedLines.length} under-indented line(s); YAML 1.2 forbids this, read as the Hugging Face Hub does`,
      });
      return second;
    }
  }
  return first;
}

function parseYamlOnce(text: string, file: string, offset: number, hub: boolean): Parsed<YamlValue> {
  // Lines are counted only when a diagnostic or a finding asks for one.
  let lineCounter: LineCounter | undefined;
  const pos = (offsetInText: number | undefined) => {
    if (offsetInText === undefined) return { line: undefined, column: undefined };
    lineCounter ??= countLines(text);
    const p = lineCounter.linePos(offsetInText);
    return { line: p.line + offset, column: p.col };
  };
  const located = (message: string, at: number | undefined): Diagnostic => {
    const { line, column } = pos(at);
    const d: Diagnostic = { file, message };
    if (line !== undefined) d.line = line;
    if (column !== undefined) d.column = column;
    return d;
  };
  let doc: Document;
  let tab: number | undefined;
  try {
    const composed = composeYaml(text, 'core');
    if ('deep' in composed) return { ok: false, errors: [located(`YAML nested deeper than ${MAX_DEPTH} levels`, composed.deep)] };
    if ('second' in composed) return { ok: false, errors: [located('YAML: the file holds more than one document (a second "---")', composed.second)] };
    if ('errors' in composed) return { ok: false, errors: composed.errors.map((e) => located(`YAML: ${firstLine(e.message)}`, e.offset)) };
    doc = composed.doc;
    tab = composed.tab;
  } catch (err) {
    return fail(file, `YAML could not be parsed: ${errorText(err)}`);
  }
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.slice(0, 5).map((e) => located(`YAML: ${firstLine(e.message)}`, e.pos[0])) };
  }
  // One walk checks the keys and tags and builds the data; a document with aliases is checked by
  // the same walk and then built by the library, whose expansion is capped.
  const walk: Walk = { aliases: 0, openEnd: /\S/.test(text.slice(text.lastIndexOf('\n') + 1)) ? text.length : undefined };
  let data: unknown;
  try {
    data = toData(doc.contents, 0, walk);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return { ok: false, errors: [located(err.message, err.offset)] };
  }
  if (walk.aliases > 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      return fail(file, `YAML refused: ${errorText(err)} (alias expansion is capped at ${MAX_ALIAS_COUNT})`);
    }
    // Aliases can nest what the text does not: the data itself must stay within the depth too.
    if (depth(data, 0) > MAX_DEPTH) return fail(file, `YAML nested deeper than ${MAX_DEPTH} levels (through aliases)`);
  }
  const warnings = doc.warnings.map((w) => located(`YAML: ${firstLine(w.message)}`, w.pos[0]));
  if (hub && tab !== undefined) {
    warnings.push(located('a tab outside quoted text: the Hugging Face Hub\'s YAML reader (PyYAML) refuses the whole front matter there ("found character \'\\t\' that cannot start any token") and reads no metadata; use spaces', tab));
  }
  // The document is not kept: a thousand cards' syntax nodes held for lines that passing checks
  // never ask for cost more in garbage collection than composing a document again when one is asked.
  // Where the top-level keys stand is kept (a few numbers): most lines asked for are of one of them.
  const top = topLevelOffsets(doc);
  let again: Document | undefined;
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    if (top && path.length === 1) {
      const at = top.keys.get(path[0]);
      if (at !== undefined) return pos(at).line;
      return top.contents === undefined ? undefined : pos(top.contents).line;
    }
    if (!again) {
      const composed = composeYaml(text, 'core');
      if (!('doc' in composed)) return undefined;
      again = composed.doc;
    }
    const doc = again;
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      const start = node ? (node as { range?: [number, number, number] }).range?.[0] : undefined;
      if (typeof start === 'number') {
        // A key's value node starts after the key; report the key's line when we can.
        return pos(keyOffset(doc, path.slice(0, n)) ?? start).line;
      }
    }
    return undefined;
  };
  const positionOf = (path: readonly (string | number)[]): { line: number; column: number } | undefined => {
    const node = doc.getIn(path, true) as Node | undefined;
    const start = node ? (node as { range?: [number, number, number] }).range?.[0] : undefined;
    if (typeof start !== 'number') return undefined;
    const { line, column } = pos(start);
    return line === undefined || column === undefined ? undefined : { line, column };
  };
  return { ok: true, value: { data, lineOf, positionOf }, warnings };
}

/**
 * What lineOf answers for a path of one key, without the document: for each key of a top-level
 * mapping (the first pair that has it, as getIn finds it) the offset of the key, or of its value;
 * keys whose value has no position are left out, and answer with the mapping's own start.
 * undefined when the document is not a mapping.
 */
function topLevelOffsets(doc: Document): { keys: Map<unknown, number>; contents: number | undefined } | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) return undefined;
  const keys = new Map<unknown, number>();
  const seen = new Set<unknown>();
  for (const item of contents.items) {
    if (!isPair(item) || !isScalar(item.key) || seen.has(item.key.value)) continue;
    seen.add(item.key.value);
    const start = (item.value as { range?: [number, number, number] } | null)?.range?.[0];
    if (typeof start === 'number') keys.set(item.key.value, item.key.range?.[0] ?? start);
  }
  const start = contents.range?.[0];
  return { keys, contents: typeof start === 'number' ? start : undefined };
}

function countLines(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
  return counter;
}

/**
 * parseDocument, in its two steps, so that the syntax tree's depth is checked before the (recursive)
 * composer walks it: 10,000 nested brackets would otherwise exhaust the stack, and a stack exhausted
 * while V8 compiles a regular expression kills the process ("RegExpCompiler Allocation failed")
 * instead of throwing.
 */
const MAX_PARSER_ERRORS = 100;

/** The Parser's own fields that `next` uses (see nextToken). */
interface ParserState {
  source: string;
  type: CST.TokenType | undefined;
  atScalar: boolean;
  atNewLine: boolean;
  indent: number;
  offset: number;
  step(): Generator<CST.Token, void>;
  pop(error?: CST.Token): Generator<CST.Token, void>;
}

/**
 * `Parser.next` of yaml 2.9, less its `process.env.LOG_TOKENS` test: the parser reads that variable
 * once per token, and a read of `process.env` costs about 1 µs (a third of the time of a card's
 * parse). test/evidence/load.test.ts holds this to the library's own tokens, so an upgrade that
 * changes `next` fails there.
 */
function* nextToken(parser: Parser, source: string): Generator<CST.Token, void> {
  const p = parser as unknown as ParserState;
  p.source = source;
  if (p.atScalar) {
    p.atScalar = false;
    yield* p.step();
    p.offset += source.length;
    return;
  }
  const type = CST.tokenType(source);
  if (!type) {
    yield* p.pop({ type: 'error', offset: p.offset, message: `Not a YAML token: ${source}`, source });
    p.offset += source.length;
  } else if (type === 'scalar') {
    p.atNewLine = false;
    p.atScalar = true;
    p.type = 'scalar';
  } else {
    p.type = type;
    yield* p.step();
    switch (type) {
      case 'newline':
        p.atNewLine = true;
        p.indent = 0;
        break;
      case 'space':
        if (p.atNewLine && source[0] === ' ') p.indent += source.length;
        break;
      case 'explicit-key-ind':
      case 'map-value-ind':
      case 'seq-item-ind':
        if (p.atNewLine) p.indent += source.length;
        break;
      case 'doc-mode':
      case 'flow-error-end':
        return;
      default:
        p.atNewLine = false;
    }
    p.offset += source.length;
  }
}

/**
 * The tokens of `text` and the offset of its first tab that PyYAML refuses (one in plain text or
 * between tokens, not in quoted text, block scalars or comments), or where it nests too deep.
 * Exported for the test that holds nextToken to the library.
 */
export function yamlTokens(
  text: string,
  next: (parser: Parser, lexeme: string) => Iterable<CST.Token> = nextToken,
): { tokens: CST.Token[]; tab: number | undefined } | { deep: number } {
  // Driven one lexeme at a time: the parser closes nested collections recursively, so its stack
  // must never grow deep either (a dedent from 3,000 levels overflows it).
  const lexer = new Lexer();
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let tab: number | undefined;
  let content = false; // this lexeme is a scalar's text (the lexer marks it with CST.SCALAR first)
  let block = false; // the next scalar text is a block scalar's
  for (const lexeme of lexer.lex(text)) {
    if (tab === undefined && lexeme.includes('\t') && (content ? !block : lexeme[0] === ' ' || lexeme[0] === '\t')) {
      tab = parser.offset + lexeme.indexOf('\t');
    }
    if (content) content = block = false;
    else if (lexeme === CST.SCALAR) content = true;
    else if (lexeme[0] === '|' || lexeme[0] === '>') block = true;
    for (const token of next(parser, lexeme)) tokens.push(token);
    // The stack holds the document, the open collections and the scalar being read.
    if (parser.stack.length > MAX_DEPTH + 3) return { deep: parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens, tab };
}

function composeYaml(
  text: string,
  schema: 'core' | 'json',
): { doc: Document; tab: number | undefined } | { deep: number } | { second: number | undefined } | { errors: { offset: number; message: string }[] } {
  const lexed = yamlTokens(text);
  if ('deep' in lexed) return lexed;
  const { tokens, tab } = lexed;
  const deep = tooDeep(tokens);
  if (deep !== undefined) return { deep };
  // Text that is mostly syntax errors (100,000 stray "}") costs the composer microseconds per error:
  // when the parser already found many, report its first ones and compose nothing.
  const parserErrors = tokens.filter((t): t is CST.ErrorToken => t.type === 'error');
  if (parserErrors.length > MAX_PARSER_ERRORS) return { errors: parserErrors.slice(0, 5).map((e) => ({ offset: e.offset, message: e.message })) };
  const composer = new Composer({
    version: '1.2',
    schema,
    // Duplicate keys are found by toData in one pass; the library's own check compares every key
    // with every other (minutes for a mapping of 50,000 keys).
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  // Like parseDocument: stop at the second document rather than compose thousands of "---".
  let first: Document | undefined;
  for (const doc of composer.compose(tokens, true, text.length)) {
    if (first) return { second: doc.range?.[0] };
    first = doc;
  }
  // compose(…, forceDoc = true) always yields a document, empty text included.
  return { doc: first as Document, tab };
}

/**
 * Offset of the first collection nested deeper than MAX_DEPTH in a YAML syntax tree, or undefined.
 * Iterative: the tree may be 10,000 levels deep.
 */
function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { token, depth } = top;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inner = depth + 1;
    if (inner > MAX_DEPTH) return token.offset;
    for (const item of token.items) {
      if ('key' in item) stack.push({ token: item.key, depth: inner });
      stack.push({ token: item.value, depth: inner });
    }
  }
  return undefined;
}

function keyOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  for (const item of parent.items) {
    if (isScalar(item.key) && item.key.value === last) return item.key.range?.[0];
  }
  return undefined;
}

interface Walk {
  aliases: number;
  /** The text's length when its last line holds text (no final line break), else undefined. */
  openEnd: number | undefined;
}

/** What the walk refuses, where. */
class Refused extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

/**
 * The document's data, as `toJS` builds it for a document without aliases, refusing on the way
 * prototype keys, complex keys, duplicates (also the duplicates that only collide once keys become
 * strings: `1` and `"1"`), tags outside the core schema and too many aliases. An alias is counted
 * and stands as undefined: the caller rebuilds such a document with the library's capped expansion.
 */
function toData(node: unknown, depth: number, walk: Walk): unknown {
  if (depth > MAX_DEPTH) throw new Refused(`YAML nested deeper than ${MAX_DEPTH} levels`, undefined);
  if (node === null || node === undefined) return null;
  const tag = isNode(node) ? node.tag : undefined;
  if (tag !== undefined && tag.startsWith(YAML_TAG_PREFIX) && !CORE_TAGS.has(tag.slice(YAML_TAG_PREFIX.length))) {
    // !!binary, !!set, !!omap, !!timestamp… would turn into Buffers, Sets, Maps and Dates: evidence is plain data.
    throw new Refused(`YAML tag !!${tag.slice(YAML_TAG_PREFIX.length)} is not allowed in evidence (only the YAML 1.2 core types)`, isNode(node) ? node.range?.[0] : undefined);
  }
  if (isScalar(node)) {
    // A block scalar that ends the text keeps no final line break, as the YAML spec and PyYAML
    // (so the Hub, whose front matter ends before the "---" line's break) read it; `yaml` adds one.
    if (walk.openEnd !== undefined && node.range?.[1] === walk.openEnd && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && typeof node.value === 'string' && node.value.endsWith('\n')) {
      return node.value.slice(0, -1);
    }
    return node.value;
  }
  if (isAlias(node)) {
    if (++walk.aliases > MAX_ALIAS_COUNT) {
      throw new Refused(`YAML refused: more than ${MAX_ALIAS_COUNT} aliases (an alias bomb, or a file no person writes)`, node.range?.[0]);
    }
    return undefined;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const keyNode = item.key as Node | null;
      if (keyNode !== null && !isScalar(keyNode)) throw new Refused('complex (non-scalar) mapping keys are not allowed', keyNode.range?.[0]);
      const key = keyNode === null ? null : keyNode.value;
      const keyStart = keyNode?.range?.[0];
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new Refused(`key "${key}" is not allowed (it could alter object prototypes)`, keyStart);
      const name = key === null || key === undefined ? '' : String(key);
      if (seen.has(name)) throw new Refused(`YAML: Map keys must be unique ("${name.length > 40 ? `${name.slice(0, 40)}…` : name}" is repeated)`, keyStart);
      seen.add(name);
      out[name] = toData(item.value, depth + 1, walk);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toData(item, depth + 1, walk));
  return null;
}

/** Re-indents continuation lines of multi-line quoted scalars that start at or left of their key. */
export function reindentQuotedContinuations(text: string): { text: string; changedLines: number[] } {
  const lines = text.split('\n');
  const changed: number[] = [];
  let inQuote: { char: '"' | "'"; indent: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    let scanFrom = 0;
    if (inQuote) {
      const leading = /^[ \t]*/.exec(line)?.[0] ?? '';
      if (line.trim() !== '' && leading.length < inQuote.indent.length) {
        line = inQuote.indent + line.slice(leading.length);
        lines[i] = line;
        changed.push(i);
      }
      const close = findClosingQuote(line, 0, inQuote.char);
      if (close === -1) continue;
      inQuote = undefined;
      scanFrom = close + 1;
    }
    // A quoted value starts after "key: " or "- " and is not closed on the same line.
    const m = /^([ \t]*)(?:- +)?(?:[^\s#"'][^:#]*: +|- +)?(["'])/.exec(line.slice(scanFrom));
    if (scanFrom === 0 && m && m[2]) {
      const quote = m[2] as '"' | "'";
      const start = m[0].length;
      if (findClosingQuote(line, start, quote) === -1) {
        inQuote = { char: quote, indent: ' '.repeat((m[1] ?? '').length + 4) };
      }
    }
  }
  return { text: lines.join('\n'), changedLines: changed };
}

function findClosingQuote(line: string, from: number, quote: '"' | "'"): number {
  for (let j = from; j < line.length; j++) {
    const c = line[j];
    if (quote === '"' && c === '\\') {
      j++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && line[j + 1] === "'") {
        j++;
        continue;
      }
      return j;
    }
  }
  return -1;
}

/** Parses JSON, reporting syntax errors with line and column and refusing prototype keys. */
export function parseJson(text: string, file: string): Parsed<unknown> {
  // Before JSON.parse: its reviver recurses once per level, and 10,000 levels exhaust the stack.
  const deep = jsonTooDeep(text);
  if (deep !== undefined) {
    const { line, column } = lineColumn(text, deep);
    return fail(file, `JSON nested deeper than ${MAX_DEPTH} levels`, line, column);
  }
  let forbidden: string | undefined;
  let depthExceeded = false;
  let value: unknown;
  try {
    value = JSON.parse(text, function (key: string, v: unknown) {
      if (FORBIDDEN_KEYS.has(key) && forbidden === undefined) forbidden = key;
      return v;
    });
  } catch (err) {
    const message = errorText(err);
    const position = /position (\d+)/.exec(message);
    if (position?.[1]) {
      const { line, column } = lineColumn(text, Number(position[1]));
      return fail(file, `JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, line, column);
    }
    const lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return fail(file, `JSON: ${message.replace(/ \(line \d+ column \d+\)/, '')}`, Number(lc[1]), Number(lc[2]));
    // Node 20 words some errors without a position; JSON is YAML, so let the YAML parser locate it
    // (the depth was checked above, and the YAML reading of JSON text nests no deeper).
    try {
      const located = composeYaml(text, 'json');
      const at = 'doc' in located ? located.doc.errors[0]?.pos[0] : 'errors' in located ? located.errors[0]?.offset : undefined;
      if (at !== undefined) {
        const { line, column } = lineColumn(text, at);
        return fail(file, `JSON: ${message.replace(/, ".*" is not valid JSON$/s, '')}`, line, column);
      }
    } catch {
      // no location then
    }
    return fail(file, `JSON: ${message}`);
  }
  if (forbidden !== undefined) {
    const at = text.indexOf(`"${forbidden}"`);
    const { line, column } = at >= 0 ? lineColumn(text, at) : { line: undefined, column: undefined };
    return fail(file, `key "${forbidden}" is not allowed (it could alter object prototypes)`, line, column);
  }
  if (depth(value, 0) > MAX_DEPTH) depthExceeded = true;
  if (depthExceeded) return fail(file, `JSON nested deeper than ${MAX_DEPTH} levels`);
  return { ok: true, value, warnings: [] };
}

/** Offset of the bracket that opens level MAX_DEPTH + 1 of JSON text (strings skipped), or undefined. */
function jsonTooDeep(text: string): number | undefined {
  let level = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote (or the end of the line, where JSON strings must end)
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++level > MAX_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) {
      level = Math.max(0, level - 1);
    }
  }
  return undefined;
}

function depth(v: unknown, d: number): number {
  if (d > MAX_DEPTH) return d;
  if (Array.isArray(v)) return v.reduce<number>((m, x) => Math.max(m, depth(x, d + 1)), d + 1);
  if (v && typeof v === 'object') return Object.values(v).reduce<number>((m, x) => Math.max(m, depth(x, d + 1)), d + 1);
  return d;
}

export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------------------------
// Reading plain data without trusting its shape.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property only: never walks the prototype chain. */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A string or a list of strings, as many Hub fields allow. Non-strings are dropped. */
export function strList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.map(str).filter((s): s is string => s !== undefined);
}
