// Git LFS pointer files (git-lfs docs/spec.md). The pointer's oid is the SHA-256 of the real content,
// so a manifest hash can be checked against it without fetching anything.
import type { Diagnostic, Parsed } from '../types.js';

export interface LfsPointer {
  /** 64 lowercase hex: SHA-256 of the stored object. */
  oid: string;
  /** Bytes of the stored object; a safe integer (real shards exceed 2^32). */
  size: number;
  /** Extension lines as written, in order: `ext-0-name sha256:<hex>`. */
  extensions: string[];
}

/** Version URLs git-lfs accepts (compared as exact strings). */
export const LFS_VERSIONS: readonly string[] = [
  'https://git-lfs.github.com/spec/v1',
  'https://hawser.github.com/spec/v1',
  'http://git-media.io/v/2',
];

/** git-lfs only considers blobs smaller than this as pointers. */
export const LFS_POINTER_MAX_BYTES = 1024;

const PREFIXES = LFS_VERSIONS.map((v) => new TextEncoder().encode(`version ${v}`));

export function looksLikeLfsPointer(bytes: Uint8Array): boolean {
  if (bytes.length >= LFS_POINTER_MAX_BYTES) return false;
  return PREFIXES.some((p) => {
    if (bytes.length < p.length) return false;
    for (let i = 0; i < p.length; i++) if (bytes[i] !== p[i]) return false;
    // The URL must end there: `…/spec/v10` is another version.
    const next = bytes[p.length];
    return next === undefined || next === 0x0a || next === 0x0d;
  });
}

const EXT_KEY = /^ext-(\d)-([a-z0-9.-]+)$/;
const OID_VALUE = /^sha256:([0-9a-fA-F]{64})$/;

/** Parses and validates a pointer; every error names its line. */
export function parseLfsPointer(text: string, file: string): Parsed<LfsPointer> {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const at = (message: string, line?: number): Diagnostic => (line === undefined ? { file, message } : { file, line, message });
  if (!text.endsWith('\n')) warnings.push(at('Git LFS pointer does not end with a newline'));
  // Not /\n+$/: on many newlines followed by text that backtracks quadratically.
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
  const lines = text.slice(0, end).split('\n');
  const first = splitLine(lines[0] ?? '');
  if (typeof first === 'string' && first.includes('carriage return')) return { ok: false, errors: [at(first, 1)] };
  if (typeof first === 'string' || first.key !== 'version') {
    return { ok: false, errors: [at(`not a Git LFS pointer: the first line must be "version ${LFS_VERSIONS[0]}"`, 1)] };
  }
  if (!LFS_VERSIONS.includes(first.value)) {
    return { ok: false, errors: [at(`unknown Git LFS pointer version ${JSON.stringify(first.value.slice(0, 80))}`, 1)] };
  }
  const state: PointerState = { seen: new Map([['version', 1]]), extensions: [], previousKey: '' };
  for (let i = 1; i < lines.length; i++) {
    const problem = readLine(lines[i] ?? '', i + 1, state);
    if (problem) errors.push(at(problem, i + 1));
    if (state.uppercase === i + 1) warnings.push(at('oid is written in uppercase hex; git-lfs writes lowercase', i + 1));
  }
  if (!state.seen.has('oid')) errors.push(at('missing "oid sha256:<64 hex>" line'));
  if (!state.seen.has('size')) errors.push(at('missing "size <bytes>" line'));
  if (errors.length > 0 || state.oid === undefined || state.size === undefined) return { ok: false, errors };
  return { ok: true, value: { oid: state.oid, size: state.size, extensions: state.extensions }, warnings };
}

interface PointerState {
  seen: Map<string, number>;
  extensions: string[];
  previousKey: string;
  oid?: string;
  size?: number;
  /** Line of an uppercase oid, for a warning. */
  uppercase?: number;
}

function splitLine(raw: string): { key: string; value: string } | string {
  if (raw.includes('\r')) return 'line ends with a carriage return; Git LFS pointers use LF line endings';
  const m = /^([^ ]*) (.*)$/.exec(raw);
  if (!m) return `expected "key value", got ${JSON.stringify(raw.slice(0, 60))}`;
  const key = m[1] ?? '';
  const value = m[2] ?? '';
  if (!/^[a-z0-9.-]+$/.test(key)) return `key ${JSON.stringify(key.slice(0, 40))} may only use a-z, 0-9, "." and "-"`;
  if (value.startsWith(' ')) return `more than one space after "${key}"`;
  return { key, value };
}

/** Validates one line after `version`; returns the problem, if any. */
function readLine(raw: string, n: number, state: PointerState): string | undefined {
  const kv = splitLine(raw);
  if (typeof kv === 'string') return kv;
  const { key, value } = kv;
  const earlier = state.seen.get(key);
  if (earlier !== undefined) return `duplicate key "${key}" (first on line ${earlier})`;
  state.seen.set(key, n);
  if (key < state.previousKey) return `keys must be sorted: "${key}" comes after "${state.previousKey}"`;
  state.previousKey = key;
  if (key === 'oid') {
    const o = OID_VALUE.exec(value);
    if (!o?.[1]) return `oid must be "sha256:" followed by 64 hex characters, got ${JSON.stringify(value.slice(0, 80))}`;
    state.oid = o[1].toLowerCase();
    if (state.oid !== o[1]) state.uppercase = n;
    return undefined;
  }
  if (key === 'size') {
    if (!/^\d+$/.test(value)) return `size must be a decimal number of bytes, got ${JSON.stringify(value.slice(0, 40))}`;
    const size = Number(value);
    if (!Number.isSafeInteger(size)) {
      return `size ${value.slice(0, 40)} exceeds ${Number.MAX_SAFE_INTEGER} (2^53-1) bytes and cannot be represented exactly`;
    }
    state.size = size;
    return undefined;
  }
  if (EXT_KEY.test(key)) {
    if (!OID_VALUE.test(value)) return `extension "${key}" must be "sha256:" followed by 64 hex characters`;
    state.extensions.push(`${key} ${value.toLowerCase()}`);
    return undefined;
  }
  if (key === 'version') return '"version" must be the first line';
  return `unknown key "${key}": a pointer holds version, ext-N-name, oid and size`;
}

/**
 * SHA-256 of the file as checked out. With extensions (git-lfs docs/extensions.md) the `oid` is
 * of the transformed object and `ext-0-…` carries the hash of the original content.
 */
export function contentOid(pointer: LfsPointer): string {
  const first = pointer.extensions[0];
  const hex = first ? /sha256:([0-9a-f]{64})$/.exec(first)?.[1] : undefined;
  return hex ?? pointer.oid;
}
