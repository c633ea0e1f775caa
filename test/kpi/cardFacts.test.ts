// The trends read a card version by its top-level entries, each distinct one parsed once
// (src/kpi/cardFacts.ts). That must read every front matter exactly as the whole parse does: held
// here on every real card of the corpus, on edits of them, and on generated front matters made of
// the constructs that could tell the two apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CardFactsReader, splitBlocks } from '../../src/kpi/cardFacts.js';
import { frontMatterText } from '../../src/evidence/modelCard.js';
import { normaliseNewlines } from '../../src/evidence/load.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

function corpusFrontMatters(): { file: string; yaml: string }[] {
  const out: { file: string; yaml: string }[] = [];
  for (const kind of ['hf-model-cards', 'hf-dataset-cards']) {
    let names: string[];
    try {
      names = readdirSync(join(CORPUS, kind));
    } catch {
      continue;
    }
    for (const name of names) {
      const yaml = frontMatterText(readFileSync(join(CORPUS, kind, name), 'utf8'));
      if (yaml !== undefined) out.push({ file: `${kind}/${name}`, yaml });
    }
  }
  return out;
}

/** Checks the block reading against the whole parse; returns whether the blocks were used. */
function agree(reader: CardFactsReader, yaml: string, file = 'm/README.md'): boolean {
  const whole = new CardFactsReader().whole(yaml, file);
  const before = reader.parses.whole;
  const facts = reader.ofFrontMatter(yaml, file);
  expect({ yaml, facts }).toEqual({ yaml, facts: whole });
  return reader.parses.whole === before && splitBlocks(yaml) !== undefined;
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Entries, valid and not, with the constructs that span lines or could read differently on their own.
const ENTRIES: ((n: number) => string)[] = [
  () => 'license: apache-2.0',
  () => 'tags: [a, b]',
  () => 'tags:\n- a\n- b',
  () => 'datasets:\n  - x/y\n  - z',
  (n) => `co2_eq_emissions: ${n}`,
  (n) => `co2_eq_emissions:\n  emissions: ${n}\n  source: CodeCarbon\n  training_type: fine-tuning`,
  (n) => `co2_eq_emissions: "${n}_000"`,
  () => 'co2_eq_emissions:\n  emissions: -5',
  () => 'co2_eq_emissions:\n  emission: 5',
  () => 'co2_eq_emissions: [1, 2]',
  () => 'co2_eq_emissions:',
  (n) => `co2_eq_emissions: {emissions: ${n},\n  source: x}`,
  (n) => `co2_eq_emissions: {emissions: ${n},\nsource: x}`,
  (n) => `governance:\n  carbon_report: emissions.csv\n  workforce:\n    roles:\n      - { role: agent, fte: ${n / 100} }`,
  () => 'governance:\n  workforce:\n    roles: []',
  () => 'governance: text',
  () => 'governance:\n  carbon_report: ../other/e.csv\n  intended_use: |+\n    keep\n\n',
  () => 'governance:\n  carbon_report: >-\n    folded.csv',
  () => 'governance:\n  carbon_report: |\n    literal.csv',
  () => 'governance:\n  carbon_report: "quoted\n  on two lines.csv"',
  () => 'description: |\n  line one\n# a comment at column 0\n  line two',
  () => 'description: |+\n  kept\n\n',
  () => 'description: >-\n  folded\n  text',
  () => 'description: "an open quote\ncontinued at column 0"',
  () => 'description: "an open quote\nkey: that looks like an entry"',
  () => "description: 'single\n  quoted'",
  () => 'tags: [a,\nb]',
  () => 'tags: [a,\n  b]',
  () => 'bad:\n  - a\n  b: c',
  () => 'anchored: &a x',
  () => 'aliased: *a',
  () => 'True: 1',
  () => 'null: 1',
  () => 'license: mit',
  () => '# a comment',
  () => '',
  () => '\tkey: a tab',
  () => 'key:\tvalue',
  () => 'key:value',
  () => '? complex\n: value',
  () => '...',
  () => '---x',
  () => '__proto__: 1',
  () => `deep: ${'['.repeat(70)}${']'.repeat(70)}`,
  () => 'model-index:\n  - name: x\n    results:\n      - task: {type: t}',
  () => 'last: |\n  may end the text',
  () => '  indented: entry',
  () => '- a list item',
  () => 'tagged: !!binary aGVsbG8=',
  () => 'local: !thing x',
  () => 'empty_map: {}',
  () => 'multi: plain\n  continued\n  further',
  () => "q: 'it''s'",
];

function generated(r: () => number): string {
  const count = 1 + Math.floor(r() * 6);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push((ENTRIES[Math.floor(r() * ENTRIES.length)] as (n: number) => string)(1 + Math.floor(r() * 5000)));
  const lead = r() < 0.1 ? '# leading comment\n\n' : r() < 0.05 ? '\n' : '';
  const tail = r() < 0.2 ? '\n' : r() < 0.05 ? '\n\n' : '';
  return lead + parts.join('\n') + tail;
}

describe('card facts by top-level entries', () => {
  it('reads every front matter of the corpus as the whole parse does, and by blocks for most', () => {
    const reader = new CardFactsReader();
    const cards = corpusFrontMatters();
    expect(cards.length).toBeGreaterThan(30);
    let byBlocks = 0;
    for (const c of cards) if (agree(reader, c.yaml, c.file)) byBlocks++;
    expect(byBlocks).toBeGreaterThan(cards.length / 2);
  });

  it('reads edits of the corpus cards (a new figure, a governance entry, one entry dropped) as the whole parse does', () => {
    const reader = new CardFactsReader();
    let byBlocks = 0;
    let total = 0;
    for (const { file, yaml } of corpusFrontMatters()) {
      const blocks = splitBlocks(yaml);
      const variants = [
        `${yaml}\nco2_eq_emissions: 1234`,
        `${yaml}\ngovernance:\n  carbon_report: emissions.csv\n  workforce:\n    roles:\n      - { role: analyst, fte: 3 }`,
        `co2_eq_emissions:\n  emissions: 99\n${yaml}`,
        ...(blocks && blocks.length > 1 ? [blocks.slice(1).map((b) => b.text).join(''), blocks.slice(0, -1).map((b) => b.text).join('').replace(/\n$/, '')] : []),
      ];
      for (const v of variants) {
        total++;
        if (agree(reader, v, file)) byBlocks++;
      }
    }
    expect(byBlocks).toBeGreaterThan(total / 2);
  });

  it('reads generated front matters as the whole parse does, sharing one cache across all of them', () => {
    const reader = new CardFactsReader();
    const r = rng(14);
    let byBlocks = 0;
    let withFigure = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const yaml = generated(r);
      if (!agree(reader, yaml)) continue;
      byBlocks++;
      if (reader.ofFrontMatter(yaml, 'm/README.md').kg !== undefined) withFigure++;
    }
    // Both paths are exercised, and the figure is found on the block path too.
    expect(byBlocks).toBeGreaterThan(n / 10);
    expect(byBlocks).toBeLessThan(n);
    expect(withFigure).toBeGreaterThan(n / 50);
  });

  it('parses each distinct entry once: a history that changes one entry parses only that entry again', () => {
    const reader = new CardFactsReader();
    const fm = (g: number) => `license: mit\nco2_eq_emissions:\n  emissions: ${g}\ngovernance:\n  carbon_report: e.csv\n  workforce:\n    roles:\n      - { role: agent, fte: 2 }`;
    for (let g = 1; g <= 100; g++) expect(reader.ofFrontMatter(fm(g), 'm/README.md')).toEqual({ kg: g / 1000, carbonReport: 'e.csv', roles: [{ role: 'agent', fte: 2 }] });
    expect(reader.parses).toEqual({ whole: 0, blocks: 102 });
  });

  it('leaves to the whole parse what spans entries: a repeated key, an alias, a key that is not a string', () => {
    for (const yaml of ['a: 1\na: 2', 'a: &x 1\nb: *x', 'True: 1\ntrue: 2', 'a: "open\nb: c"', '- a\nb: 1', '  a: 1\nb: 2']) {
      expect(splitBlocks(yaml) === undefined || new CardFactsReader().ofFrontMatter(yaml, 'f').roles.length === 0).toBe(true);
      agree(new CardFactsReader(), yaml);
    }
    expect(splitBlocks('a: 1\na: 2')).toBeUndefined();
    expect(splitBlocks('a: &x 1\nb: *x')).toBeUndefined();
    expect(splitBlocks('True: 1\nb: 2')).toBeUndefined();
    expect(splitBlocks('# c\na: |\n  x\n#c\n  y\nb:\n- 1\n')).toEqual([
      { key: 'a', text: 'a: |\n  x\n#c\n  y\n' },
      { key: 'b', text: 'b:\n- 1\n' },
    ]);
  });

  it('agrees on CRLF cards once their newlines are normalised, as frontMatterText does', () => {
    const yaml = frontMatterText('---\r\nco2_eq_emissions: 5\r\ngovernance:\r\n  carbon_report: x.csv\r\n---\r\nbody');
    expect(yaml).toBe(normaliseNewlines('co2_eq_emissions: 5\r\ngovernance:\r\n  carbon_report: x.csv'));
    expect(agree(new CardFactsReader(), yaml ?? '')).toBe(true);
  });
});
