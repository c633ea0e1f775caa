// What counts as a SHA-256 in evidence files. Real manifests put URLs, words, MD5s and truncated
// values where a SHA-256 belongs (formats.md 0.5); each is named here as "no verifiable hash".

export type Sha256Check = { ok: true; hex: string } | { ok: false; problem: string };

const PLACEHOLDERS = new Set([
  'sha256', 'sha-256', 'hash', 'checksum', 'digest', 'foo', 'bar', 'baz', 'todo', 'tbd', 'tba', 'fixme', 'xxx',
  'placeholder', 'none', 'null', 'nil', 'n/a', 'na', 'unknown', 'missing', 'changeme', 'dummy', 'test',
]);

/** Hex lengths of other digests, so a wrong one can be named. */
const HEX_LENGTHS: Record<number, string> = {
  32: 'an MD5-length value',
  40: 'a SHA-1-length value',
  56: 'a SHA-224-length value',
  96: 'a SHA-384-length value',
  128: 'a SHA-512-length value',
};

function problem(text: string): { ok: false; problem: string } {
  return { ok: false, problem: `no verifiable hash: ${text}` };
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** Accepts 64 hex (any case), an optional `sha256:` prefix, or base64 of 32 bytes; returns lowercase hex. */
export function normaliseSha256(value: unknown): Sha256Check {
  if (value === undefined || value === null) return problem('no SHA-256 given');
  if (typeof value !== 'string') {
    return problem(`the SHA-256 is a ${Array.isArray(value) ? 'list' : typeof value}, expected a quoted string`);
  }
  const trimmed = value.trim();
  if (trimmed === '') return problem('the SHA-256 is empty');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return problem(`a URL (${quote(trimmed)}) stands where the SHA-256 belongs`);
  const v = trimmed.replace(/^sha-?256[:=-]/i, '');
  if (PLACEHOLDERS.has(v.toLowerCase()) || /^[<{[(].*[>}\])]$/.test(v) || /^[.…x*?-]+$/i.test(v)) {
    return problem(`${quote(trimmed)} is a placeholder, not a SHA-256`);
  }
  if (/(\.\.\.|…)/.test(v)) return problem(`${quote(trimmed)} looks truncated`);
  if (/^[0-9a-f]+$/i.test(v)) return checkHex(v.toLowerCase(), trimmed);
  const bad = /[^0-9a-f]/i.exec(v);
  // 64 characters that are nearly all hex are a damaged SHA-256, even if they also parse as base64.
  if (v.length === 64 && bad && v.replace(/[0-9a-f]/gi, '').length <= 4) {
    return problem(`${quote(trimmed)} is not hex (${JSON.stringify(bad[0])} at position ${bad.index + 1})`);
  }
  const fromBase64 = base64Bytes(v);
  if (fromBase64) {
    if (fromBase64.length === 32) return checkHex(Buffer.from(fromBase64).toString('hex'), trimmed);
    const hexLen = fromBase64.length * 2;
    const named = HEX_LENGTHS[hexLen];
    return problem(`base64 of ${fromBase64.length} bytes${named ? ` is ${named}` : ''}; SHA-256 is 32 bytes`);
  }
  return problem(`${quote(trimmed)} is neither 64 hex characters nor base64 of 32 bytes`);
}

function checkHex(hex: string, original: string): Sha256Check {
  if (hex.length !== 64) {
    const named = HEX_LENGTHS[hex.length];
    return problem(`${hex.length} hex chars is ${named ?? 'not a SHA-256'}; SHA-256 needs 64 (${quote(original)})`);
  }
  if (/^(.)\1*$/.test(hex)) return problem(`${quote(original)} repeats one digit: a placeholder, not a SHA-256`);
  return { ok: true, hex };
}

/** Strict base64 (standard or URL alphabet, padded or not); undefined when it is not canonical base64. */
function base64Bytes(v: string): Uint8Array | undefined {
  // Shorter than base64 of an MD5: a word, not an encoded digest.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v) || v.length < 22) return undefined;
  const urlSafe = /[-_]/.test(v);
  if (urlSafe && /[+/]/.test(v)) return undefined;
  const bytes = Buffer.from(v, urlSafe ? 'base64url' : 'base64');
  const again = bytes.toString(urlSafe ? 'base64url' : 'base64');
  if (again.replace(/=+$/, '') !== v.replace(/=+$/, '')) return undefined;
  return new Uint8Array(bytes);
}
