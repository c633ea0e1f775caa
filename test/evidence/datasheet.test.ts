import { describe, expect, it } from 'vitest';
import { parseDatasheet } from '../../src/evidence/datasheet.js';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const FILE = 'datasets/support/datasheet.yml';

const full = `id: acme/support-tickets-2025
name: Support tickets 2025
source: { url: "https://tickets.example.com/export", creator: "Acme Support Ops" }
license: CC-BY-4.0
collection: "Exported from the ticket system, PII removed with scrubber v2"
retention: { policy: "Deleted 24 months after collection", until: 2027-12-31 }
personal_data: false
files:
  - { path: data/train.parquet, sha256: "${HEX.toUpperCase()}", size: 1048576 }
  - path: data/test.parquet
    sha256: "sha256:${HEX.replace('9f', '00')}"
`;

function ok(text: string) {
  const r = parseDatasheet(text, FILE);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}
function errors(text: string) {
  const r = parseDatasheet(text, FILE);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('parseDatasheet', () => {
  it('reads the spec example', () => {
    const r = ok(full);
    expect(r.warnings).toEqual([]);
    expect(r.value).toMatchObject({
      kind: 'datasheet',
      file: FILE,
      id: 'acme/support-tickets-2025',
      name: 'Support tickets 2025',
      aliases: ['acme/support-tickets-2025'],
      source: { url: 'https://tickets.example.com/export', creator: 'Acme Support Ops' },
      license: 'CC-BY-4.0',
      collection: 'Exported from the ticket system, PII removed with scrubber v2',
      retention: { policy: 'Deleted 24 months after collection', until: '2027-12-31' },
      personalData: false,
      lines: { id: 1, source: 3, license: 4, collection: 5, retention: 6, files: 8 },
    });
    expect(r.value.files).toEqual([
      { path: 'data/train.parquet', resolved: 'datasets/support/data/train.parquet', sha256: HEX, size: 1048576, line: 9 },
      { path: 'data/test.parquet', resolved: 'datasets/support/data/test.parquet', sha256: HEX.replace('9f', '00'), line: 10 },
    ]);
  });
  it('reads a custom licence as { name, url }', () => {
    const r = ok('license: { name: Acme Data Licence 1.0, url: "https://acme.example/licence" }\n');
    expect(r.value.license).toBe('Acme Data Licence 1.0');
    expect(r.value.licenseUrl).toBe('https://acme.example/licence');
  });
  it('does not treat missing provenance as a parse error', () => {
    const r = ok('id: x\n');
    expect(r.value).toMatchObject({ id: 'x', files: [], lines: { id: 1 } });
    expect(r.value.source).toBeUndefined();
    expect(r.value.license).toBeUndefined();
  });
  it('warns on unknown keys and suggests the right spelling', () => {
    const r = ok('id: x\npersonalData: false\ndescription: y\nsource: { url: "https://x", homepage: z }\n');
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([
      [2, expect.stringMatching(/unknown key "personalData" is ignored \(did you mean "personal_data"\?\)/)],
      [3, expect.stringMatching(/unknown key "description"/)],
      [4, expect.stringMatching(/unknown key "homepage" in source/)],
    ]);
  });
  it('refuses documents that are not a mapping', () => {
    expect(errors('- a\n- b\n')[0]?.message).toMatch(/must be a YAML mapping, found a list/);
    expect(errors('')[0]?.message).toMatch(/found an empty document/);
    expect(errors('just text\n')[0]?.message).toMatch(/found text/);
  });
  it('reports wrong types with the key path and line', () => {
    const e = errors('id: x\nsource: "https://x"\nlicense: [MIT]\nretention: { until: 2027-02-30 }\npersonal_data: no\nfiles:\n  - { path: a, size: "1 MB" }\n  - 42\n  - { sha256: abc }\n');
    expect(e.map((d) => [d.line, d.message])).toEqual([
      [2, expect.stringMatching(/^source: expected a mapping \{ url, creator \}, found text/)],
      [3, expect.stringMatching(/^license: expected an SPDX expression or a mapping/)],
      [4, expect.stringMatching(/^retention\.until: expected a date YYYY-MM-DD, found text "2027-02-30"/)],
      [5, expect.stringMatching(/^personal_data: expected true or false, found text "no" \("no" is text under YAML 1\.2\)/)],
      [7, expect.stringMatching(/^files\[0\]\.size: expected a whole number of bytes/)],
      [8, expect.stringMatching(/^files\[1\]: expected a mapping/)],
      [9, expect.stringMatching(/^files\[2\]\.path: missing/)],
    ]);
    expect(e.every((d) => d.file === FILE)).toBe(true);
  });
  it('refuses a files value that is not a list', () => {
    expect(errors('files: data/train.parquet\n')[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^files: expected a list/) });
  });
  it('refuses sizes that are not exact', () => {
    expect(errors('files:\n  - { path: a, sha256: x, size: 99999999999999999999 }\n')[0]?.message).toMatch(/too large to be exact/);
    expect(errors('files:\n  - { path: a, size: -1 }\n')[0]?.message).toMatch(/whole number/);
  });
  it('keeps sizes above 2^32', () => {
    expect(ok(`files:\n  - { path: a, sha256: "${HEX}", size: 16940128464 }\n`).value.files[0]?.size).toBe(16940128464);
  });
  it('records unverifiable hashes without failing the parse', () => {
    const r = ok(
      [
        'files:',
        '  - { path: a }',
        '  - { path: b, sha256: "9f86d0…" }',
        '  - { path: c, sha256: "0b033707ea49365a5ffdd14615825511" }',
        '  - { path: d, sha256: TODO }',
        `  - { path: e, sha256: "${'0'.repeat(64)}" }`,
        '  - { path: f, md5: "0b033707ea49365a5ffdd14615825511" }',
        '  - { path: g, sha256: 1234 }',
      ].join('\n'),
    );
    expect(r.value.files.map((f) => [f.path, f.sha256, f.hashProblem])).toEqual([
      ['a', undefined, 'no verifiable hash: no SHA-256 given'],
      ['b', undefined, expect.stringMatching(/^no verifiable hash: .*truncated/)],
      ['c', undefined, expect.stringMatching(/^no verifiable hash: 32 hex chars is an MD5-length value/)],
      ['d', undefined, expect.stringMatching(/^no verifiable hash: .*placeholder/)],
      ['e', undefined, expect.stringMatching(/^no verifiable hash: .*placeholder/)],
      ['f', undefined, 'only an MD5 is given; SHA-256 required'],
      ['g', undefined, expect.stringMatching(/number/)],
    ]);
  });
  it('refuses paths that leave the repository, and keeps URLs as external', () => {
    const r = ok(
      [
        'files:',
        `  - { path: ../../../x, sha256: "${HEX}" }`,
        `  - { path: /etc/passwd, sha256: "${HEX}" }`,
        `  - { path: "..\\\\x", sha256: "${HEX}" }`,
        `  - { path: "https://data.example.com/train.parquet", sha256: "${HEX}" }`,
        `  - { path: "s3://bucket/train.parquet", sha256: "${HEX}" }`,
        `  - { path: "file:///etc/passwd", sha256: "${HEX}" }`,
        `  - { path: ../shared/train.parquet, sha256: "${HEX}" }`,
      ].join('\n'),
    );
    const [up, abs, backslash, https, s3, fileUrl, sibling] = r.value.files;
    expect(up).toMatchObject({ pathError: expect.stringMatching(/leaves the repository/) });
    expect(up?.resolved).toBeUndefined();
    expect(abs).toMatchObject({ pathError: expect.stringMatching(/absolute path "\/etc\/passwd" leaves the repository/) });
    expect(backslash?.pathError).toMatch(/backslashes/);
    expect(https).toMatchObject({ external: 'https://data.example.com/train.parquet' });
    expect(s3).toMatchObject({ external: 's3://bucket/train.parquet' });
    expect(fileUrl?.pathError).toMatch(/URL/);
    expect(sibling).toMatchObject({ resolved: 'datasets/shared/train.parquet' });
    expect(r.warnings.some((w) => /same sha256/.test(w.message))).toBe(true);
  });
  it('warns when a file is listed twice or two files share a hash', () => {
    const r = ok(`files:\n  - { path: a, sha256: "${HEX}" }\n  - { path: ./a, sha256: "${HEX}" }\n  - { path: b, sha256: "${HEX}" }\n`);
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([
      [3, expect.stringMatching(/"\.\/a" is listed twice/)],
      [4, expect.stringMatching(/same sha256 9f86d081884c… is given for 2 different files \("a", "b"\)/)],
    ]);
  });
  it('refuses __proto__ keys and duplicate keys with their lines', () => {
    expect(errors('id: x\n__proto__: { polluted: true }\n')[0]).toMatchObject({ line: 2 });
    expect(errors('id: x\nid: y\n')[0]).toMatchObject({ line: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('keeps numbers as text for id and name', () => {
    expect(ok('id: 2025\n').value.aliases).toEqual(['2025']);
  });
});
