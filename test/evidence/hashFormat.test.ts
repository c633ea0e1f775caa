import { describe, expect, it } from 'vitest';
import { normaliseSha256 } from '../../src/evidence/hashFormat.js';

const HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

function problemOf(v: unknown): string {
  const r = normaliseSha256(v);
  if (r.ok) throw new Error(`expected a problem for ${String(v)}, got ${r.hex}`);
  return r.problem;
}

describe('normaliseSha256', () => {
  it('accepts 64 hex in any case and lowercases it', () => {
    expect(normaliseSha256(HELLO)).toEqual({ ok: true, hex: HELLO });
    expect(normaliseSha256(HELLO.toUpperCase())).toEqual({ ok: true, hex: HELLO });
    expect(normaliseSha256(`  ${HELLO}\n`)).toEqual({ ok: true, hex: HELLO });
  });
  it('accepts a sha256: prefix', () => {
    expect(normaliseSha256(`sha256:${HELLO}`)).toEqual({ ok: true, hex: HELLO });
    expect(normaliseSha256(`SHA256:${HELLO}`)).toEqual({ ok: true, hex: HELLO });
  });
  it('accepts base64 (standard and URL-safe) of 32 bytes', () => {
    expect(normaliseSha256('LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=')).toEqual({ ok: true, hex: HELLO });
    expect(normaliseSha256('LPJNul-wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ')).toEqual({ ok: true, hex: HELLO });
    expect(normaliseSha256('sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=')).toEqual({ ok: true, hex: HELLO });
  });
  it('names base64 of an MD5-length digest', () => {
    expect(problemOf('XUFAKrxLKna5cZ2REBfFkg==')).toMatch(/no verifiable hash: base64 of 16 bytes is an MD5-length value/);
  });
  it.each(['sha256', 'SHA256', 'foo', 'bar', 'TODO', '...', '…', '<sha256>', 'xxxx', 'n/a'])('calls %j a placeholder', (v) => {
    expect(problemOf(v)).toMatch(/^no verifiable hash: .*placeholder/);
  });
  it('refuses a URL in place of a hash', () => {
    expect(problemOf('https://github.com/mlcommons/croissant/issues/80')).toMatch(/^no verifiable hash: a URL/);
  });
  it('refuses all-zero and one-digit values', () => {
    expect(problemOf('0'.repeat(64))).toMatch(/^no verifiable hash: .*placeholder/);
    expect(problemOf('f'.repeat(64))).toMatch(/placeholder/);
  });
  it('names wrong lengths by the digest they fit', () => {
    expect(problemOf('0b033707ea49365a5ffdd14615825511')).toMatch(/32 hex chars is an MD5-length value/);
    expect(problemOf('a'.repeat(39) + 'b')).toMatch(/40 hex chars is a SHA-1-length value/);
    expect(problemOf('ab'.repeat(64))).toMatch(/128 hex chars is a SHA-512-length value/);
    expect(problemOf('abc123')).toMatch(/6 hex chars is not a SHA-256; SHA-256 needs 64/);
  });
  it('refuses truncated values such as the spec example', () => {
    expect(problemOf('9f86d0…')).toMatch(/truncated/);
    expect(problemOf(`${HELLO.slice(0, 20)}...`)).toMatch(/truncated/);
  });
  it('refuses non-hex values', () => {
    expect(problemOf(`${HELLO.slice(0, 63)}g`)).toMatch(/not hex \("g" at position 64\)/);
    expect(problemOf('Public')).toMatch(/neither 64 hex characters nor base64/);
  });
  it('refuses missing and non-string values without throwing', () => {
    expect(problemOf(undefined)).toBe('no verifiable hash: no SHA-256 given');
    expect(problemOf(null)).toMatch(/no SHA-256 given/);
    expect(problemOf('')).toMatch(/empty/);
    expect(problemOf(12345)).toMatch(/a number, expected a quoted string/);
    expect(problemOf([HELLO])).toMatch(/a list/);
    expect(problemOf({ sha256: HELLO })).toMatch(/an? object|object/);
  });
});
