import { describe, expect, it } from 'vitest';
import { parseCroissant } from '../../src/evidence/croissant.js';

const HEX = '48a7c257f3c90b2a3e529ddd2cca8f4f1bd8e49ed244ef53927649504ac55354';
const FILE = 'datasets/recipes/croissant.json';
const CONTEXT = { '@language': 'en', '@vocab': 'https://schema.org/', cr: 'http://mlcommons.org/croissant/', rai: 'http://mlcommons.org/croissant/RAI/', md5: 'cr:md5' };

function doc(extra: Record<string, unknown>): string {
  return JSON.stringify({ '@context': CONTEXT, '@type': 'sc:Dataset', conformsTo: 'http://mlcommons.org/croissant/1.1', name: 'recipes', ...extra }, null, 2);
}
function ok(text: string) {
  const r = parseCroissant(text, FILE);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}
function errors(text: string) {
  const r = parseCroissant(text, FILE);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}
/** 1-based line of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const fo = (extra: Record<string, unknown>) => ({ '@type': 'cr:FileObject', encodingFormat: 'text/csv', ...extra });

describe('parseCroissant', () => {
  it('reads dataset-level provenance', () => {
    const text = doc({
        '@id': 'https://example.com/ds/recipes',
        url: 'https://example.com/recipes',
        license: ['https://spdx.org/licenses/CC-BY-4.0.html'],
        creator: [{ '@type': 'sc:Organization', name: 'Acme' }, { '@type': 'sc:Person', url: 'https://example.com/bob' }],
        'rai:dataCollection': 'Scraped from the Acme recipe site.',
        'rai:dataReleaseMaintenancePlan': ['Versioned yearly.', 'Deprecated after 2030.'],
        'rai:personalSensitiveInformation': 'None',
      distribution: [fo({ '@id': 'minimal.csv', name: 'minimal.csv', contentUrl: 'data/minimal.csv', sha256: HEX, contentSize: '1024 B' })],
    });
    const r = ok(text);
    expect(r.warnings).toEqual([]);
    expect(r.value).toMatchObject({
      kind: 'croissant',
      file: FILE,
      name: 'recipes',
      url: 'https://example.com/recipes',
      atId: 'https://example.com/ds/recipes',
      aliases: ['recipes', 'https://example.com/recipes', 'https://example.com/ds/recipes'],
      license: 'https://spdx.org/licenses/CC-BY-4.0.html',
      licenseUrl: 'https://spdx.org/licenses/CC-BY-4.0.html',
      source: { url: 'https://example.com/recipes', creator: 'Acme, https://example.com/bob' },
      collection: 'Scraped from the Acme recipe site.',
      retention: { policy: 'Versioned yearly.\nDeprecated after 2030.' },
      personalData: false,
      files: [{ path: 'data/minimal.csv', resolved: 'datasets/recipes/data/minimal.csv', sha256: HEX, size: 1024 }],
    });
    expect(r.value.lines).toEqual({
      id: lineOf(text, '"@id"'),
      source: lineOf(text, '"url"'),
      license: lineOf(text, '"license"'),
      collection: lineOf(text, '"rai:dataCollection"'),
      retention: lineOf(text, '"rai:dataReleaseMaintenancePlan"'),
      files: lineOf(text, '"distribution"'),
    });
    expect(r.value.files[0]?.line).toBe(lineOf(text, '"distribution"') + 1);
  });
  it('reads licence objects, language-tagged names and prov:wasDerivedFrom', () => {
    const r = ok(
      doc({
        name: [{ '@value': 'Rezepte', '@language': 'de' }],
        license: { '@type': 'sc:CreativeWork', name: 'Acme licence', url: 'https://acme.example/licence' },
        'prov:wasDerivedFrom': { '@type': 'prov:Entity', 'prov:locatedAt': 'https://example.com/upstream' },
        'rai:personalSensitiveInformation': ['Names of recipe authors'],
      }),
    );
    expect(r.value).toMatchObject({
      name: 'Rezepte',
      license: 'Acme licence',
      licenseUrl: 'https://acme.example/licence',
      source: { url: 'https://example.com/upstream' },
      personalData: true,
    });
  });
  it('keeps a free-text licence without a URL and warns when several are given', () => {
    const r = ok(doc({ license: ['Public', 'MIT'] }));
    expect(r.value.license).toBe('Public');
    expect(r.value.licenseUrl).toBeUndefined();
    expect(r.warnings[0]?.message).toMatch(/2 licenses are listed/);
  });
  it('classifies every kind of distribution entry', () => {
    const r = ok(
      doc({
        distribution: [
          fo({ '@id': 'a', contentUrl: 'https://zenodo.org/a.zip', md5: 'e5cbd0bca91f1787d057b0eac2572bde' }),
          fo({ '@id': 'b', contentUrl: 'b.csv', sha256: 'https://github.com/mlcommons/croissant/issues/80' }),
          fo({ '@id': 'c', contentUrl: 'c.csv', sha256: '0b033707ea49365a5ffdd14615825511' }),
          fo({ '@id': 'd', contentUrl: 'c.csv', containedIn: { '@id': 'a' } }),
          { '@type': 'cr:FileSet', '@id': 'e', containedIn: [{ '@id': 'a' }], encodingFormat: 'image/jpeg', includes: '*.jpg' },
          { '@type': 'cr:FileSet', '@id': 'f', containedIn: { fileObject: { '@id': 'a' } }, encodingFormat: 'x', includes: ['*.a', '*.b'] },
          fo({ '@id': 'g', contentUrl: '../../../etc/passwd', sha256: HEX }),
          fo({ '@id': 'h', contentUrl: '/etc/passwd', sha256: HEX }),
          fo({ '@id': 'i', contentUrl: 'i.csv', sha256: 'SKfCV/PJCyo+Up3dLMqPTxvY5J7SRO9TknZJUErFU1Q=' }),
          fo({ '@id': 'j', contentUrl: 'j.csv' }),
          { '@type': 'sc:FileObject', '@id': 'k', contentUrl: 'k.csv', encodingFormat: 'text/csv', sha256: 'foo', md5: 'x' },
        ],
      }),
    );
    const byId = r.value.files.map((f) => [f.path, f.resolved ?? f.external ?? f.pathError, f.sha256, f.hashProblem]);
    expect(byId).toEqual([
      ['https://zenodo.org/a.zip', 'https://zenodo.org/a.zip', undefined, 'only an MD5 is given; SHA-256 required'],
      ['b.csv', 'datasets/recipes/b.csv', undefined, expect.stringMatching(/^no verifiable hash: a URL/)],
      ['c.csv', 'datasets/recipes/c.csv', undefined, expect.stringMatching(/^no verifiable hash: 32 hex chars is an MD5-length value/)],
      ['c.csv', undefined, undefined, 'contained in "a"; verified through its container'],
      ['*.jpg', undefined, undefined, expect.stringMatching(/FileSet "e" has no per-file hashes.*only its container "a" can be verified/)],
      ['*.a, *.b', undefined, undefined, expect.stringMatching(/container "a"/)],
      ['../../../etc/passwd', expect.stringMatching(/leaves the repository/), HEX, undefined],
      ['/etc/passwd', expect.stringMatching(/absolute path/), HEX, undefined],
      ['i.csv', 'datasets/recipes/i.csv', HEX, undefined],
      ['j.csv', 'datasets/recipes/j.csv', undefined, 'no verifiable hash: no sha256 given'],
      ['k.csv', 'datasets/recipes/k.csv', undefined, expect.stringMatching(/placeholder.*an MD5 is also given/)],
    ]);
    expect(r.warnings.some((w) => /same sha256 48a7c257f3c9… is given for 3 different files/.test(w.message))).toBe(true);
  });
  it('explains missing hashes in a live dataset', () => {
    const r = ok(doc({ isLiveDataset: true, distribution: [fo({ contentUrl: 'data/x.csv' })] }));
    expect(r.value.files[0]?.hashProblem).toMatch(/live dataset/);
  });
  it('refuses a FileObject without contentUrl or containedIn, with its line', () => {
    const text = doc({ distribution: [fo({ '@id': 'a-csv-table', sha256: HEX })] });
    const e = errors(text);
    expect(e[0]).toMatchObject({ file: FILE, line: lineOf(text, '"distribution"') + 1, message: expect.stringMatching(/FileObject "a-csv-table" has no contentUrl/) });
  });
  it('warns on missing encodingFormat, unknown entry types, duplicate ids and unknown rai: keys', () => {
    const r = ok(
      doc({
        'rai:dataReleaseMaintenance': 'yearly',
        distribution: [
          { '@type': 'cr:FileObject', '@id': 'x', contentUrl: 'x.csv', sha256: HEX },
          { '@type': 'cr:RecordSet', '@id': 'x' },
        ],
      }),
    );
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/"rai:dataReleaseMaintenance" is not in the Croissant RAI vocabulary \(did you mean "rai:dataReleaseMaintenancePlan"\?\)/),
      expect.stringMatching(/FileObject "x" has no encodingFormat/),
      expect.stringMatching(/@id "x" is used twice/),
      expect.stringMatching(/only FileObject and FileSet are read/),
    ]);
    expect(r.value.retention).toBeUndefined();
  });
  it('reads prefixed property names', () => {
    const r = ok(JSON.stringify({ '@context': CONTEXT, '@type': ['https://schema.org/Dataset'], 'sc:name': 'n', 'dct:conformsTo': 'http://mlcommons.org/croissant/1.0', 'cr:isLiveDataset': true }));
    expect(r.value.name).toBe('n');
  });
  it('refuses documents that are not Croissant datasets', () => {
    expect(errors('[1, 2]')[0]?.message).toMatch(/must be a JSON object, found a list/);
    expect(errors('{"@type": "sc:Dataset"}')[0]?.message).toMatch(/missing "@context"/);
    expect(errors(JSON.stringify({ '@context': {}, '@type': 'sc:Person' }, null, 1))[0]).toMatchObject({ line: 3, message: expect.stringMatching(/"@type" must be "sc:Dataset", found "sc:Person"/) });
    expect(errors(doc({ distribution: 'x' }))[0]?.message).toMatch(/must be a list of FileObject and FileSet/);
  });
  it('reports malformed JSON with line and column', () => {
    expect(errors('{\n  "name": "x"\n  "url": 1}')[0]).toMatchObject({ file: FILE, line: 3, column: 3, message: expect.stringMatching(/^JSON: /) });
    expect(errors('{\n  "name": "x",\n  "url": ,\n}')[0]?.message).toMatch(/^JSON: /);
  });
  it('refuses __proto__ keys', () => {
    const e = errors('{\n "@context": {},\n "@type": "sc:Dataset",\n "distribution": [{"__proto__": {"polluted": true}}]\n}');
    expect(e[0]).toMatchObject({ line: 4, message: expect.stringMatching(/__proto__/) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('finds lines of keys after escaped strings and nested lists', () => {
    const text = '{"@context": {"a": "\\"}\\n["},\n"@type": ["x", "sc:Dataset"],\n"name": "q\\u00e9",\n"distribution": [\n{"nested": [[1], {"k": "]"}]},\n{"@type": "cr:FileObject", "contentUrl": "y"}\n]}';
    const r = ok(text);
    expect(r.value.name).toBe('qé');
    expect(r.value.lines.files).toBe(4);
    expect(r.value.files[0]?.line).toBe(6);
  });
  it('finds a dataset whose name is given per language (Croissant 1.1) by any of its names, English first', () => {
    const tagged = ok(doc({ name: [{ '@value': 'Rezepte', '@language': 'de' }, { '@value': 'Recipes', '@language': 'en' }] }));
    expect(tagged.value.name).toBe('Recipes');
    expect(tagged.value.aliases).toEqual(expect.arrayContaining(['Recipes', 'Rezepte']));
    const map = ok(doc({ name: { fr: 'Recettes', en: 'Recipes' }, url: 'https://example.com/recipes' }));
    expect(map.value.name).toBe('Recipes');
    expect(map.value.aliases).toEqual(['Recipes', 'Recettes', 'https://example.com/recipes']);
  });
  it('does not count "None" (a missing value written out by an exporter) as a licence, a source or a creator', () => {
    const text = doc({ license: 'None', url: 'None', creator: { '@type': 'sc:Person', name: 'None' } });
    const r = ok(text);
    expect(r.value.license).toBeUndefined();
    expect(r.value.url).toBeUndefined();
    expect(r.value.source).toBeUndefined();
    expect(r.value.aliases).toEqual(['recipes']);
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([
      [lineOf(text, '"url"'), '"url" is "None", which stands for a missing value: it is not counted as provenance'],
      [lineOf(text, '"license"'), '"license" is "None", which stands for a missing value: it is not counted as provenance'],
    ]);
    const object = ok(doc({ license: { '@type': 'sc:CreativeWork', name: 'null', url: 'undefined' } }));
    expect(object.value.license).toBeUndefined();
    expect(object.value.licenseUrl).toBeUndefined();
  });
});
