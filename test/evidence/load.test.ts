import { describe, expect, it } from 'vitest';
import { decodeText, parseJson, parseYaml } from '../../src/evidence/load.js';

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
