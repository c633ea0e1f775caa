// YAML and JSON built to hurt: alias bombs, 10,000 levels of nesting, prototype keys in every format
// modelgate reads, exotic tags. Each is refused with a location, quickly, without touching
// Object.prototype, and a model whose evidence is refused does not pass.
import { describe, expect, it } from 'vitest';
import { parseJson, parseYaml } from '../../src/evidence/load.js';
import { parseModelCard } from '../../src/evidence/modelCard.js';
import { parseDatasheet } from '../../src/evidence/datasheet.js';
import { parseCroissant } from '../../src/evidence/croissant.js';
import { parseAuditRecord } from '../../src/evidence/audit.js';
import { parseCodeCarbonCsv } from '../../src/evidence/codecarbon.js';
import { carbonFromCycloneDx } from '../../src/evidence/carbon.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parseWaivers } from '../../src/waivers.js';
import { check, evaluateFiles, exampleRepo, expectPrototypesUntouched, GOOD_MODEL, modelOutcome, prototypeSnapshot, text, within } from './harness.js';

const CARD = 'models/support-router/README.md';
const SHEET = 'datasets/support-tickets-2025/datasheet.yml';
const CROISSANT = 'datasets/support-eval-2025/support-eval-2025.croissant.json';
const AUDIT = 'audits/2026-09-support-router.yml';

const deepSeq = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepMap = (n: number) => `${'a: {'.repeat(n)}b: 1${'}'.repeat(n)}`;
const deepBlock = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ` 1\n`;
const deepJson = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** The billion-laughs family: each level multiplies the one before. */
function aliasBomb(levels = 9, width = 9): string {
  const names = 'abcdefghijklmnop';
  const lines = [`a: &a [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`${names[i]}: &${names[i]} [${Array(width).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('alias bombs', () => {
  const cases: [string, string][] = [
    ['billion laughs (9 x 9)', aliasBomb()],
    ['a wide bomb (3 levels of 60)', aliasBomb(3, 60)],
    ['a bomb inside a mapping value', `governance:\n  x: &x [${Array(10).fill('"y"').join(',')}]\n  y: &y [${Array(10).fill('*x').join(',')}]\n  z: [${Array(10).fill('*y').join(',')}]\n`],
    ['aliases of aliases', Array.from({ length: 150 }, (_, i) => (i === 0 ? 'a0: &a0 x' : `a${i}: &a${i} [*a${i - 1}]`)).join('\n')],
  ];
  for (const [name, yaml] of cases) {
    it(`${name}: refused in milliseconds`, () => {
      const r = within(500, name, () => parseYaml(yaml, 'x.yml'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]?.message).toMatch(/alias/i);
    });
  }

  it('in a model card, a datasheet, an audit record, the policy and the waivers file', async () => {
    const bomb = aliasBomb();
    expect(parseModelCard(`---\n${bomb}---\n# m\n`, CARD).ok).toBe(false);
    expect(parseDatasheet(bomb, SHEET).ok).toBe(false);
    expect(parseAuditRecord(bomb, AUDIT).ok).toBe(false);
    expect(loadPolicy(bomb).errors.length).toBeGreaterThan(0);
    expect(parseWaivers(`waivers: []\n${bomb}`).errors.length).toBeGreaterThan(0);
    const files = exampleRepo();
    files.set(CARD, `---\n${bomb}${text(files.get(CARD)).slice(4)}`);
    const report = await evaluateFiles(files);
    expect(check(report, GOOD_MODEL, 'card.metadata')).toMatchObject({ outcome: 'fail', file: CARD });
    expect(check(report, GOOD_MODEL, 'card.metadata').message).toMatch(/alias/i);
    expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
  });
});

describe('10,000 levels of nesting', () => {
  const cases: [string, () => { ok: boolean; errors?: { message: string; line?: number }[] }][] = [
    ['YAML [[[…', () => parseYaml(deepSeq(10_000), 'x.yml')],
    ['YAML [[[… never closed', () => parseYaml('['.repeat(10_000), 'x.yml')],
    ['YAML a: {a: {…', () => parseYaml(deepMap(10_000), 'x.yml')],
    ['YAML block mappings, 3,000 deep', () => parseYaml(deepBlock(3_000), 'x.yml')],
    ['YAML "- - - -…"', () => parseYaml(`${'- '.repeat(10_000)}x\n`, 'x.yml')],
    ['JSON [[[…', () => parseJson(deepSeq(10_000), 'x.json')],
    ['JSON {"a":{"a":…', () => parseJson(deepJson(10_000), 'x.json')],
    ['JSON [[[… never closed', () => parseJson('['.repeat(10_000), 'x.json')],
  ];
  for (const [name, run] of cases) {
    it(`${name}: refused with its position, in milliseconds`, () => {
      const r = within(500, name, run);
      expect(r.ok).toBe(false);
      expect(r.errors?.[0]?.message).toMatch(/nested deeper than 64 levels/);
      expect(r.errors?.[0]?.line).toBeGreaterThanOrEqual(1);
    });
  }

  it('64 levels are still read', () => {
    expect(parseYaml(deepSeq(64), 'x.yml').ok).toBe(true);
    expect(parseJson(deepSeq(64), 'x.json').ok).toBe(true);
    expect(parseYaml(deepSeq(65), 'x.yml').ok).toBe(false);
    expect(parseJson(deepSeq(65), 'x.json').ok).toBe(false);
  });

  it('one after another in one process (a stack exhausted while V8 compiles a regular expression used to kill it)', () => {
    // This sequence crashed the worker with "FATAL ERROR: RegExpCompiler Allocation failed" before the
    // nesting was checked ahead of the recursive parsers: not an exception, a dead process.
    for (let i = 0; i < 3; i++) {
      for (const text of [deepSeq(10_000), '['.repeat(10_000), deepMap(10_000), deepBlock(3_000), `${'- '.repeat(10_000)}x`]) {
        expect(parseYaml(text, 'x.yml').ok).toBe(false);
        expect(parseJson(text, 'x.json').ok).toBe(false);
      }
    }
  });

  it('in every evidence format, and through the evaluator', async () => {
    expect(parseModelCard(`---\nlicense: ${deepSeq(10_000)}\n---\n`, CARD).ok).toBe(false);
    expect(parseDatasheet(`id: x\nfiles: ${deepSeq(10_000)}\n`, SHEET).ok).toBe(false);
    expect(parseCroissant(`{"@context": {}, "@type": "sc:Dataset", "distribution": ${deepSeq(10_000)}}`, CROISSANT).ok).toBe(false);
    expect(parseAuditRecord(`id: x\nfindings: ${deepMap(10_000)}\n`, AUDIT).ok).toBe(false);
    expect(loadPolicy(`checks: ${deepMap(10_000)}\n`).errors.length).toBeGreaterThan(0);
    expect(parseWaivers(`waivers: ${deepSeq(10_000)}\n`).errors.length).toBeGreaterThan(0);
    const files = exampleRepo();
    files.set(CARD, `---\ngovernance: ${deepMap(10_000)}\n---\n# m\n`);
    files.set(SHEET, `id: acme/support-tickets-2025\nsource: ${deepSeq(10_000)}\n`);
    const report = await within(5000, 'evaluate', () => evaluateFiles(files));
    expect(check(report, GOOD_MODEL, 'card.metadata').outcome).toBe('fail');
    expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
  });
});

describe('prototype keys in every YAML and JSON format', () => {
  const keys = ['__proto__', 'constructor', 'prototype'];
  const before = prototypeSnapshot();

  const yamlDocs = (key: string): string[] => [
    `${key}:\n  polluted: true\n`,
    `a:\n  ${key}:\n    polluted: true\n`,
    `a:\n  - ${key}: { polluted: true }\n`,
    `"${key === '__proto__' ? '\\x5f_proto__' : key}": { polluted: true }\n`, // an escape that decodes to the key
    `${key}: &p { polluted: true }\nb: *p\n`,
    `constructor:\n  prototype:\n    polluted: true\n`,
  ];
  const jsonDocs = (key: string): string[] => [
    `{"${key}": {"polluted": true}}`,
    `{"a": {"${key}": {"polluted": true}}}`,
    `{"a": [{"${key}": {"polluted": true}}]}`,
    `{"${key === '__proto__' ? '\\u005f_proto__' : key}": {"polluted": true}}`,
    `{"constructor": {"prototype": {"polluted": true}}}`,
  ];

  for (const key of keys) {
    it(`"${key}" is refused by parseYaml and parseJson with its position`, () => {
      for (const doc of yamlDocs(key)) {
        const r = parseYaml(doc, 'x.yml');
        expect(r.ok, doc).toBe(false);
        if (!r.ok) expect(r.errors[0]?.line, doc).toBeGreaterThanOrEqual(1);
      }
      for (const doc of jsonDocs(key)) expect(parseJson(doc, 'x.json').ok, doc).toBe(false);
      expectPrototypesUntouched(before);
    });

    it(`"${key}" in a card, a datasheet, a Croissant file, an audit, a CycloneDX BOM, the policy and the waivers`, () => {
      expect(parseModelCard(`---\nlicense: mit\ngovernance:\n  ${key}:\n    risk_tier: minimal\n---\n# m\n`, CARD).ok).toBe(false);
      expect(parseDatasheet(`id: x\nsource:\n  ${key}: { url: x }\n`, SHEET).ok).toBe(false);
      expect(parseCroissant(`{"@context": {}, "@type": "sc:Dataset", "distribution": [{"@type": "cr:FileObject", "${key}": {"sha256": "x"}}]}`, CROISSANT).ok).toBe(false);
      expect(parseAuditRecord(`id: x\nauditor: { name: y, independent: true }\nfindings:\n  - ${key}: { status: remediated }\n`, AUDIT).ok).toBe(false);
      const bom = parseJson(`{"bomFormat": "CycloneDX", "components": [{"${key}": {"modelCard": {}}}]}`, 'bom.json');
      expect(bom.ok).toBe(false);
      expect(loadPolicy(`checks:\n  ${key}:\n    level: off\n`).errors.length).toBeGreaterThan(0);
      expect(parseWaivers(`waivers:\n  - ${key}: { check: card.fields }\n`).errors.length).toBeGreaterThan(0);
      expectPrototypesUntouched(before);
    });
  }

  it('a CodeCarbon column named __proto__ is only a column', () => {
    const r = parseCodeCarbonCsv('__proto__,constructor,emissions\npolluted,x,1.5\n', 'emissions.csv');
    expect(r.ok && r.value.totalKg).toBe(1.5);
    expectPrototypesUntouched(before);
  });

  it('a CycloneDX BOM whose values are objects with prototype-like shapes is read as data', () => {
    const r = carbonFromCycloneDx(JSON.parse('{"bomFormat":"CycloneDX","components":[{"modelCard":{"considerations":{"environmentalConsiderations":{"energyConsumptions":[{"co2CostEquivalent":{"value":1,"unit":"tCO2eq"}}]}}}}]}'), 'bom.json');
    expect(r.ok && r.value.kg).toBe(1000);
  });

  it('through the evaluator: a polluting card, manifest, audit and policy fail the gate and leave prototypes alone', async () => {
    for (const key of keys) {
      const files = exampleRepo();
      files.set(CARD, text(files.get(CARD)).replace('governance:\n', `governance:\n  ${key}:\n    risk_tier: minimal\n`));
      const card = await evaluateFiles(files);
      expect(check(card, GOOD_MODEL, 'card.metadata').message).toContain(`key "${key}" is not allowed`);
      expect(modelOutcome(card, GOOD_MODEL)).toBe('fail');

      const other = exampleRepo();
      other.set(SHEET, text(other.get(SHEET)).replace('source:', `${key}:\n  polluted: true\nsource:`));
      other.set(AUDIT, text(other.get(AUDIT)).replace('findings:', `${key}: { polluted: true }\nfindings:`));
      other.set(CROISSANT, text(other.get(CROISSANT)).replace('{', `{"${key}": {"polluted": true},`));
      const report = await evaluateFiles(other);
      expect(check(report, GOOD_MODEL, 'datasets.manifest').outcome).toBe('fail');
      expect(check(report, GOOD_MODEL, 'audit.reference').outcome).toBe('fail');
      expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');

      const policy = exampleRepo();
      policy.set('.github/modelgate.yml', `extends: baseline\nchecks:\n  ${key}:\n    level: off\n`);
      const judged = await evaluateFiles(policy);
      expect(judged.verdict).toBe('fail');
      expect(judged.policy.errors.length).toBeGreaterThan(0);
    }
    expectPrototypesUntouched(before);
  });
});

describe('YAML that would not be plain data', () => {
  const tagged: [string, string][] = [
    ['!!binary', 'license: !!binary aGVsbG8=\n'],
    ['!!set', 'license: !!set { mit: null }\n'],
    ['!!omap', 'license: !!omap [ a: 1 ]\n'],
    ['!!timestamp', 'date: !!timestamp 2026-09-12\n'],
    ['!!pairs', 'a: !!pairs [ b: 1 ]\n'],
  ];
  for (const [tag, doc] of tagged) {
    it(`${tag} is refused: evidence is strings, numbers, booleans, lists and mappings`, () => {
      const r = parseYaml(doc, 'x.yml');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]?.message).toContain(tag);
    });
  }

  it('core tags and unknown local tags are read as YAML 1.2 says', () => {
    const r = parseYaml('a: !!str 1\nb: !!int "2"\nc: !custom x\n', 'x.yml');
    expect(r.ok && r.value.data).toEqual({ a: '1', b: 2, c: 'x' });
  });

  it('duplicate keys, also those that only collide as strings (1 and "1"), are refused', () => {
    for (const doc of ['a: 1\na: 2\n', '1: a\n"1": b\n', 'true: a\n"true": b\n', '{a: 1, a: 2}\n', 'x:\n  - {k: 1, k: 2}\n']) {
      const r = parseYaml(doc, 'x.yml');
      expect(r.ok, doc).toBe(false);
      if (!r.ok) expect(r.errors[0]?.message, doc).toMatch(/unique/);
    }
  });

  it('a second document is refused, not ignored', () => {
    const r = parseYaml('id: good\n---\nid: evil\n', 'x.yml');
    expect(r.ok).toBe(false);
  });
});
