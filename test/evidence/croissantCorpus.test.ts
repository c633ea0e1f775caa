import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCroissant } from '../../src/evidence/croissant.js';
import type { DatasetManifest } from '../../src/evidence/manifest.js';
import { corpusDir } from '../corpus.js';

const dir = corpusDir('croissant') ?? '';
const files = dir ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];

function load(name: string) {
  return parseCroissant(readFileSync(join(dir, name), 'utf8'), `datasets/corpus/${name}`);
}
function manifest(name: string): DatasetManifest {
  const r = load(name);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
function named(part: string): string {
  const f = files.find((x) => x.includes(part));
  if (!f) throw new Error(`no corpus file matching ${part}`);
  return f;
}

describe.skipIf(dir === '')('Croissant corpus', () => {
  it('holds the expected samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
  });

  it.each(files)('%s parses without throwing, and every file is accounted for', (name) => {
    const r = load(name);
    if (name.includes('__tests__')) return; // negatives: checked below
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (!r.ok) return;
    expect(r.value.kind).toBe('croissant');
    expect(r.value.name).toBeTruthy();
    expect(r.value.aliases).toContain(r.value.name);
    for (const f of r.value.files) {
      // Each listed file is either verifiable or says why not; never both, never neither.
      expect(f.sha256 === undefined, JSON.stringify(f)).toBe(f.hashProblem !== undefined);
      if (f.sha256 !== undefined) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.line).toBeGreaterThan(1);
    }
  });

  it('negative tests fail or report hash problems', () => {
    const missingUrl = load(named('missing_property_content_url'));
    expect(missingUrl.ok).toBe(false);
    if (!missingUrl.ok) expect(missingUrl.errors[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/"a-csv-table" has no contentUrl/) });
    const missingFormat = load(named('missing_encoding_format'));
    expect(missingFormat.ok).toBe(true);
    if (missingFormat.ok) {
      expect(missingFormat.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/"a-file-set" has no encodingFormat/));
      expect(missingFormat.value.files.every((f) => f.hashProblem !== undefined && f.sha256 === undefined)).toBe(true);
    }
  });

  it('titanic 1.0: local files with real SHA-256 values resolved next to the manifest', () => {
    const m = manifest(named('1.0__titanic'));
    expect(m).toMatchObject({ name: 'Titanic', license: 'afl-3.0', url: 'https://www.openml.org/d/40945' });
    expect(m.files.map((f) => [f.resolved, f.sha256?.slice(0, 8), f.size])).toEqual([
      ['datasets/corpus/data/titanic.csv', 'c617db2c', 117743],
      ['datasets/corpus/data/genders.csv', '3b0d1ce9', 117743],
      ['datasets/corpus/data/embarkation_ports.csv', '38dc364a', 117743],
    ]);
  });

  it('titanic 0.8: reads the old vocabulary and flags one hash reused for three files', () => {
    const r = load(named('0.8__titanic'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.files.filter((f) => f.sha256 !== undefined)).toHaveLength(3);
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/same sha256 c617db2c7470… is given for 3 different files/));
  });

  it('Hugging Face exports: the placeholder URL is no verifiable hash', () => {
    for (const part of ['huggingface-mnist', 'huggingface-squad_v2', 'huggingface-recipe_RL', 'bigcode-the-stack']) {
      const repo = manifest(named(part)).files[0];
      expect(repo?.sha256, part).toBeUndefined();
      expect(repo?.hashProblem, part).toMatch(/^no verifiable hash: a URL \("https:\/\/github\.com\/mlcommons\/croissant\/i/);
      expect(repo?.external, part).toMatch(/^https:\/\/huggingface\.co\//);
    }
  });

  it('PASS: 32-hex values in sha256 are named MD5-length', () => {
    const m = manifest(named('1.0__pass'));
    const objects = m.files.filter((f) => f.external !== undefined);
    expect(objects).toHaveLength(11);
    for (const f of objects) expect(f.hashProblem).toMatch(/32 hex chars is an MD5-length value/);
  });

  it('OpenML and Zenodo: MD5 only', () => {
    for (const part of ['credit-g', 'zenodo-head-mri']) {
      expect(manifest(named(part)).files[0]?.hashProblem, part).toBe('only an MD5 is given; SHA-256 required');
    }
  });

  it('FLORES-200: FileSets and contained files point at the verified archive', () => {
    const [archive, ...inside] = manifest(named('flores-200')).files;
    expect(archive).toMatchObject({ external: expect.stringMatching(/flores200_dataset\.tar\.gz$/), sha256: expect.stringMatching(/^b8b0b767/), size: 25585843 });
    expect(inside).toHaveLength(4);
    for (const f of inside) expect(f.hashProblem).toMatch(/"tinyurl-repository"/);
  });

  it('live dataset: missing checksum explained', () => {
    expect(manifest(named('live_dataset')).files[0]?.hashProblem).toMatch(/live dataset/);
  });

  it('RAI and licence fields', () => {
    const stack = manifest(named('bigcode-the-stack'));
    expect(stack.collection).toMatch(/^The collection process/);
    expect(stack.personalData).toBe(true);
    expect(stack.source?.creator).toBe('Harm de Vries, Leandro von Werra');
    expect(manifest(named('recipe_RL')).licenseUrl).toBe('https://choosealicense.com/licenses/undefined/');
    expect(manifest(named('commoncrawl')).files.at(-1)?.external).toMatch(/^s3:\/\//);
  });

  it('DICES: flags includes written as a stringified list', () => {
    const r = load(named('dices-350'));
    expect(r.ok && r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/includes written as a list inside a string/));
  });
});
