import { describe, expect, it } from 'vitest';
import { contentOid, looksLikeLfsPointer, parseLfsPointer } from '../../src/evidence/lfsPointer.js';

const OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';
const EXT = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const pointer = (size = '12345', version = 'https://git-lfs.github.com/spec/v1') => `version ${version}\noid sha256:${OID}\nsize ${size}\n`;
const bytes = (s: string) => new TextEncoder().encode(s);

describe('looksLikeLfsPointer', () => {
  it('recognises every accepted version URL', () => {
    expect(looksLikeLfsPointer(bytes(pointer()))).toBe(true);
    expect(looksLikeLfsPointer(bytes(pointer('1', 'https://hawser.github.com/spec/v1')))).toBe(true);
    expect(looksLikeLfsPointer(bytes(pointer('1', 'http://git-media.io/v/2')))).toBe(true);
  });
  it('refuses other content, other versions and blobs of 1024 bytes or more', () => {
    expect(looksLikeLfsPointer(bytes('{"a": 1}'))).toBe(false);
    expect(looksLikeLfsPointer(bytes(pointer('1', 'https://git-lfs.github.com/spec/v10')))).toBe(false);
    expect(looksLikeLfsPointer(bytes(pointer() + ' '.repeat(1024)))).toBe(false);
    expect(looksLikeLfsPointer(new Uint8Array())).toBe(false);
  });
});

describe('parseLfsPointer', () => {
  it('reads oid, size and no extensions', () => {
    expect(parseLfsPointer(pointer(), 'p')).toEqual({ ok: true, value: { oid: OID, size: 12345, extensions: [] }, warnings: [] });
  });
  it('reads sizes above 2^32 exactly', () => {
    const r = parseLfsPointer(pointer('16940128464'), 'p');
    expect(r.ok && r.value.size).toBe(16940128464);
  });
  it('refuses sizes above Number.MAX_SAFE_INTEGER instead of rounding them', () => {
    const r = parseLfsPointer(pointer('9007199254740993'), 'p');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/exceeds 9007199254740991/) });
  });
  it('refuses negative, signed and non-decimal sizes', () => {
    for (const s of ['-1', '+5', '0x10', '1e3', '12 345', '']) {
      const r = parseLfsPointer(pointer(s), 'p');
      expect(r.ok, s).toBe(false);
    }
  });
  it('reads extension lines and uses ext-0 as the content hash', () => {
    const text = `version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${EXT}\noid sha256:${OID}\nsize 10\n`;
    const r = parseLfsPointer(text, 'p');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.extensions).toEqual([`ext-0-foo sha256:${EXT}`]);
      expect(contentOid(r.value)).toBe(EXT);
    }
  });
  it('requires version first', () => {
    const r = parseLfsPointer(`oid sha256:${OID}\nversion https://git-lfs.github.com/spec/v1\nsize 1\n`, 'p');
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/first line must be "version/) });
  });
  it('refuses unknown versions', () => {
    const r = parseLfsPointer(pointer('1', 'https://git-lfs.github.com/spec/v2'), 'p');
    expect(!r.ok && r.errors[0]?.message).toMatch(/unknown Git LFS pointer version/);
  });
  it('reports bad lines with their numbers', () => {
    const cases: [string, number, RegExp][] = [
      [`version https://git-lfs.github.com/spec/v1\noid md5:${OID.slice(0, 32)}\nsize 1\n`, 2, /oid must be "sha256:"/],
      [`version https://git-lfs.github.com/spec/v1\noid sha256:${OID.slice(1)}\nsize 1\n`, 2, /64 hex/],
      [`version https://git-lfs.github.com/spec/v1\nsize 1\noid sha256:${OID}\n`, 3, /sorted/],
      [`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 1\nsize 2\n`, 4, /duplicate key "size"/],
      [`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nSize 1\n`, 3, /may only use a-z/],
      [`version https://git-lfs.github.com/spec/v1\noid  sha256:${OID}\nsize 1\n`, 2, /more than one space/],
      [`version https://git-lfs.github.com/spec/v1\r\noid sha256:${OID}\r\nsize 1\r\n`, 1, /carriage return/],
      [`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 1\nzzz 1\n`, 4, /unknown key "zzz"/],
      [`version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 1\next-0-foo sha256:${EXT}\n`, 4, /sorted/],
    ];
    for (const [text, line, message] of cases) {
      const r = parseLfsPointer(text, 'p');
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.errors.some((e) => e.line === line && message.test(e.message)), JSON.stringify(r.errors)).toBe(true);
    }
  });
  it('reports missing oid and size', () => {
    const r = parseLfsPointer('version https://git-lfs.github.com/spec/v1\n', 'p');
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/missing "oid/), expect.stringMatching(/missing "size/)]);
  });
  it('lowercases an uppercase oid with a warning, and warns on a missing final newline', () => {
    const r = parseLfsPointer(pointer().replace(OID, OID.toUpperCase()).trimEnd(), 'p');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.oid).toBe(OID);
      expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/newline/), expect.stringMatching(/uppercase/)]);
    }
  });
  it('never throws on arbitrary text', () => {
    for (const t of ['', '\n', 'version', 'version ', ' '.repeat(2000), '\u0000\u0001', 'version https://git-lfs.github.com/spec/v1']) {
      expect(() => parseLfsPointer(t, 'p')).not.toThrow();
      expect(parseLfsPointer(t, 'p').ok).toBe(false);
    }
  });
});
