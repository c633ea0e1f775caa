import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, parseDocument, type Parser } from 'yaml';
import { decodeText, parseJson, parseYaml, yamlTokens } from '../../src/evidence/load.js';
import { corpusDir } from '../corpus.js';

describe('parseYaml', () => {
  it('keeps YAML 1.2 core semantics: no stays a string, dates stay strings', () => {
    const r = parseYaml('language: [no, en]\ndate: 2026-09-12\n', 'x.yml');
    expect(r.ok && r.value.data).toEqual({ language: ['no', 'en'], date: '2026-09-12' });
  });
  it('reports duplicate keys with line and column', () => {
    const r = parseYaml('a: 1\nb: 2\na: 3\n', 'x.yml', { lineOffset: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'x.yml', line: 4, column: 1 });
  });
  it('refuses alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`${'bcdefghij'[i]}: &${'bcdefghij'[i]} [*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]}]`);
    const r = parseYaml(bomb.join('\n'), 'bomb.yml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/alias/i);
  });
  it('refuses __proto__ keys with their position', () => {
    const r = parseYaml('a: 1\n__proto__: { polluted: true }\n', 'x.yml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ line: 2, column: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('reads under-indented quoted continuations with a warning', () => {
    const text = 'widget:\n- text: "first line\n\nsecond line"\n  example_title: x\n';
    const r = parseYaml(text, 'card.md');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.data).toEqual({ widget: [{ text: 'first line\nsecond line', example_title: 'x' }] });
      expect(r.warnings[0]?.message).toMatch(/under-indented/);
    }
  });
  it('says on which line a key stands', () => {
    const r = parseYaml('a: 1\nb:\n  c: 2\n', 'x.yml', { lineOffset: 1 });
    expect(r.ok && r.value.lineOf(['b', 'c'])).toBe(4);
    expect(r.ok && r.value.lineOf(['b', 'missing'])).toBe(3);
    // positionOf: where exactly the node at the path starts (a list entry), nothing for a missing one.
    const list = parseYaml('a:\n  - x\n  - { k: v }\n', 'x.yml', { lineOffset: 1 });
    expect(list.ok && list.value.positionOf(['a', 1])).toEqual({ line: 4, column: 5 });
    expect(list.ok && list.value.positionOf(['a', 2])).toBeUndefined();
  });
  it('answers the line of a top-level key (kept from the first parse) as the composed document does', () => {
    // The reference: the library's document, as lineOf read it before it kept the top-level keys.
    const reference = (text: string, key: string | number, offset: number): number | undefined => {
      const doc = parseDocument(text, { uniqueKeys: false });
      const lineAt = (at: number) => text.slice(0, at).split('\n').length + offset;
      for (const path of [[key], []]) {
        const node = doc.getIn(path, true) as { range?: number[] } | undefined;
        const start = node?.range?.[0];
        if (typeof start !== 'number') continue;
        const pair = path.length === 1 && isMap(doc.contents) ? doc.contents.items.find((i) => isScalar(i.key) && i.key.value === key) : undefined;
        return lineAt((pair?.key as { range?: number[] } | undefined)?.range?.[0] ?? start);
      }
      return undefined;
    };
    const texts = [
      'a: 1\n\n# note\nb:\n  c: 2\n',
      '{ a: 1,\n  b: 2 }\n',
      '? a\n: 1\nb:\nc: ~\n',
      '# lead\n\n"a": x\n\'b\': [1,\n  2]\n1: one\n',
      '- a\n- b\n',
      'just text\n',
      '',
      '---\na: &x 1\nb: *x\n',
      'a:\n  - 1\nb: |\n  text\n',
    ];
    let compared = 0;
    for (const text of texts) {
      for (const offset of [0, 3]) {
        const r = parseYaml(text, 'x.yml', { lineOffset: offset });
        if (!r.ok) continue;
        for (const key of ['a', 'b', 'c', 'missing', 1, 0]) {
          expect([text, key, r.value.lineOf([key])]).toEqual([text, key, reference(text, key, offset)]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(80);
  });
});

describe('parseJson', () => {
  it('reports syntax errors with line and column', () => {
    const r = parseJson('{\n  "a": 1,\n  }\n', 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.line).toBe(3);
  });
  it('refuses __proto__ keys', () => {
    const r = parseJson('{"a": {"__proto__": {"x": 1}}}', 'x.json');
    expect(r.ok).toBe(false);
  });
});

describe('decodeText', () => {
  it('refuses binary and invalid UTF-8', () => {
    expect(decodeText(new Uint8Array([0x61, 0, 0x62]), 'b').ok).toBe(false);
    const bad = decodeText(new Uint8Array([0x61, 0x0a, 0x62, 0xff]), 'b');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ line: 2, column: 2 });
  });
});

describe('parseJson positions on Node 20 wording', () => {
  it.each([
    ['{\n  "a": tru\n}', 2],
    ['{\n  "a": 1,\n  "b": x\n}', 3],
    ['[1,\n2,\n}', 3],
  ])('locates %j', (text, line) => {
    const r = parseJson(text, 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.line).toBe(line);
  });
});

describe('parseYaml as the Hub reads front matter', () => {
  it('a block scalar that ends the text keeps no final line break (YAML spec and PyYAML; `yaml` adds one)', () => {
    // Each expectation is what PyYAML 6.0.3 (yaml.safe_load) gives for the same text.
    const cases: [string, unknown][] = [
      ['a: |\n  x', { a: 'x' }],
      ['a: |+\n  x', { a: 'x' }],
      ['a: >\n  x\n  y', { a: 'x y' }],
      ['b:\n  - |\n    x', { b: ['x'] }],
      ['a: |\n  x\n', { a: 'x\n' }],
      ['a: |+\n  x\n\n', { a: 'x\n\n' }],
      ['a: |+\n  x\n  ', { a: 'x\n' }],
      ['a: |\n  x\nb: 1', { a: 'x\n', b: 1 }],
    ];
    for (const [text, expected] of cases) {
      const r = parseYaml(text, 'x.yml');
      expect(r.ok && r.value.data, JSON.stringify(text)).toEqual(expected);
    }
  });
});

describe('the parser driver (nextToken) is the library parser, less its process.env read per token', () => {
  const library = (parser: Parser, lexeme: string) => parser.next(lexeme);
  const texts = [
    'a: 1\nb:\n  - x\n  - { c: [1, 2], d: "q" }\n',
    'k: |\n  text\t tab\n? [a]\n: b\n--- \n',
    '%YAML 1.2\n---\na: &x 1\nb: *x\nc: !!str 2\n...\n',
    'a: "one\ntwo"\n}\n]\n\t\n- x\n',
  ];
  const cards = corpusDir('hf-model-cards');
  if (cards) {
    for (const name of readdirSync(cards)) {
      const text = readFileSync(join(cards, name), 'utf8').replace(/\r\n?/g, '\n');
      texts.push(/^\s*---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? text);
    }
  }
  it.each(texts.map((t, i) => [i, t]))('text %i gives the same tokens', (_, text) => {
    expect(JSON.stringify(yamlTokens(text))).toBe(JSON.stringify(yamlTokens(text, library)));
  });
});

describe('decodeText of UTF-16 with a byte order mark', () => {
  const text = '---\nlicense: mit\n---\n# Modèle ✓\n';
  const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
  const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
  it.each([
    ['LE', le],
    ['BE', be],
  ])('decodes UTF-16 %s (not "binary"), with a warning to save it as UTF-8', (name, bytes) => {
    const r = decodeText(bytes, 'README.md');
    expect(r.ok && r.value).toBe(text);
    expect(r.ok && r.warnings[0]?.message).toMatch(new RegExp(`read as UTF-16 ${name}.*save it as UTF-8`));
  });
  it('still refuses NUL characters and broken UTF-16', () => {
    const nul = decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x0a, 0, 0, 0]), 'x');
    expect(nul.ok).toBe(false);
    if (!nul.ok) expect(nul.errors[0]).toMatchObject({ line: 2, column: 1, message: expect.stringMatching(/NUL/) });
    // A lone high surrogate, and an odd number of bytes.
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00]), 'x').ok).toBe(false);
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62]), 'x').ok).toBe(false);
  });
  it('without a byte order mark, NUL bytes are still binary', () => {
    const r = decodeText(new Uint8Array(Buffer.from(text, 'utf16le')), 'x');
    expect(!r.ok && r.errors[0]?.message).toMatch(/binary content \(NUL byte/);
  });
});
