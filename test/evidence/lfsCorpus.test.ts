import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/evidence/load.js';
import { looksLikeLfsPointer, parseLfsPointer } from '../../src/evidence/lfsPointer.js';
import { corpusDir } from '../corpus.js';

const dir = corpusDir('git-lfs') ?? '';

describe.skipIf(dir === '')('Git LFS pointer corpus', () => {
  const files = dir ? readdirSync(dir).sort() : [];
  it('holds the expected samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  it.each(files)('%s is a valid pointer', (name) => {
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    expect(looksLikeLfsPointer(bytes)).toBe(true);
    const text = decodeText(bytes, name);
    expect(text.ok).toBe(true);
    if (!text.ok) return;
    const r = parseLfsPointer(text.value, name);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.oid).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isSafeInteger(r.value.size)).toBe(true);
    expect(r.warnings).toEqual([]);
  });
  it('reads the 16.9 GB shard size beyond 2^32 exactly', () => {
    const name = files.find((f) => f.includes('Wizard-Vicuna-30B'));
    expect(name).toBeDefined();
    const r = parseLfsPointer(readFileSync(join(dir, name ?? ''), 'utf8'), 'x');
    expect(r.ok && r.value.size).toBe(16940128464);
    expect(r.ok && r.value.size > 2 ** 32).toBe(true);
  });
});
