// Turning bytes into data safely: UTF-8 text, YAML (1.2 core schema) and JSON, each failing with a
// located Diagnostic instead of throwing. Every evidence parser goes through here, so the safety
// properties (alias bombs, duplicate keys, prototype keys, binary files) hold in one place.
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import type { Diagnostic, Parsed } from '../types.js';

/** Keys that would reach an object's prototype chain if someone spread or merged the data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** YAML alias expansions allowed per document: real evidence uses a handful; bombs use millions. */
const MAX_ALIAS_COUNT = 100;
const MAX_DEPTH = 64;

export function fail<T>(file: string, message: string, line?: number, column?: number): Parsed<T> {
  const d: Diagnostic = { file, message };
  if (line !== undefined) d.line = line;
  if (column !== undefined) d.column = column;
  return { ok: false, errors: [d] };
}

/** Decodes UTF-8, refusing binary content (NUL bytes) and invalid byte sequences. A BOM is dropped. */
export function decodeText(bytes: Uint8Array, file: string): Parsed<string> {
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

function invalidUtf8Position(bytes: Uint8Array): { line: number; column: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  // Binary search would be faster; invalid files are rare and capped in size, so keep it simple.
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(0, i));
      } catch {
        break;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: 1 + Math.max(0, findInvalidOffset(bytes, lineStart) - lineStart) };
}

function findInvalidOffset(bytes: Uint8Array, from: number): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let end = from + 1; end <= bytes.length; end++) {
    try {
      decoder.decode(bytes.subarray(from, end), { stream: true });
    } catch {
      return end - 1;
    }
  }
  return from;
}

/** Normalises CRLF and lone CR to LF (the Hub reads `\r\r\n` cards too). */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A parsed YAML document that can say on which line a key path stands. */
export interface YamlValue {
  data: unknown;
  /** 1-based line of the node at `path` (or of the nearest ancestor that exists). */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export interface YamlOptions {
  /** Added to every reported line (front matter starts below the `---`). */
  lineOffset?: number;
}

export function parseYaml(text: string, file: string, options: YamlOptions = {}): Parsed<YamlValue> {
  const offset = options.lineOffset ?? 0;
  const first = parseYamlOnce(text, file, offset);
  if (first.ok) return first;
  // Quoted scalars whose continuation lines start at column 0 are invalid YAML 1.2 but accepted by
  // PyYAML and js-yaml, and so by the Hugging Face Hub. Re-indent them and say so, but only when the
  // repaired text parses cleanly; any other error is reported as it was.
  const repaired = reindentQuotedContinuations(text);
  if (repaired.changedLines.length > 0) {
    const second = parseYamlOnce(repaired.text, file, offset);
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

function parseYamlOnce(text: string, file: string, offset: number): Parsed<YamlValue> {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, {
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      prettyErrors: false,
      lineCounter,
      keepSourceTokens: false,
    });
  } catch (err) {
    return fail(file, `YAML could not be parsed: ${errorText(err)}`);
  }
  const pos = (offsetInText: number | undefined) => {
    if (offsetInText === undefined) return { line: undefined, column: undefined };
    const p = lineCounter.linePos(offsetInText);
    return { line: p.line + offset, column: p.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.slice(0, 5).map((e) => {
        const { line, column } = pos(e.pos[0]);
        const d: Diagnostic = { file, message: `YAML: ${firstLine(e.message)}` };
        if (line !== undefined) d.line = line;
        if (column !== undefined) d.column = column;
        return d;
      }),
    };
  }
  const forbidden = findForbiddenKey(doc.contents, 0);
  if (forbidden) {
    const { line, column } = pos(forbidden.offset);
    return fail(file, forbidden.message, line, column);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return fail(file, `YAML refused: ${errorText(err)} (alias expansion is capped at ${MAX_ALIAS_COUNT})`);
  }
  const warnings: Diagnostic[] = doc.warnings.map((w) => {
    const { line, column } = pos(w.pos[0]);
    const d: Diagnostic = { file, message: `YAML: ${firstLine(w.message)}` };
    if (line !== undefined) d.line = line;
    if (column !== undefined) d.column = column;
    return d;
  });
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      const start = node && (node as { range?: [number, number, number] }).range?.[0];
      if (start !== undefined) {
        // A key's value node starts after the key; report the key's line when we can.
        return pos(keyOffset(doc, path.slice(0, n)) ?? start).line;
      }
    }
    return undefined;
  };
  return { ok: true, value: { data, lineOf }, warnings };
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

function findForbiddenKey(node: unknown, depth: number): { message: string; offset?: number } | undefined {
  if (depth > MAX_DEPTH) return { message: `YAML nested deeper than ${MAX_DEPTH} levels` };
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = isScalar(item.key) ? item.key.value : undefined;
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
        return { message: `key "${key}" is not allowed (it could alter object prototypes)`, offset: (item.key as Node).range?.[0] };
      }
      if (item.key !== null && !isScalar(item.key)) {
        return { message: 'complex (non-scalar) mapping keys are not allowed', offset: (item.key as Node).range?.[0] };
      }
      const found = findForbiddenKey(item.value, depth + 1);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = findForbiddenKey(item, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
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
    // Node 20 words some errors without a position; JSON is YAML, so let the YAML parser locate it.
    const located = parseDocument(text, { version: '1.2', schema: 'json', lineCounter: new LineCounter() });
    const first = located.errors[0];
    if (first?.linePos?.[0]) return fail(file, `JSON: ${message.replace(/, ".*" is not valid JSON$/s, '')}`, first.linePos[0].line, first.linePos[0].col);
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
