// Card front matter where YAML 1.2 (the `yaml` library) and the Hugging Face Hub's reader (PyYAML,
// huggingface_hub's repocard.py) part ways: modelgate reads as the Hub does, or warns, or refuses,
// always with the line and column. Expectations marked PyYAML are what PyYAML 6.0.3 gives.
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/evidence/modelCard.js';

const card = (frontMatter: string) => `---\n${frontMatter}\n---\n# Model\n`;

describe('card front matter read as the Hub reads it', () => {
  it('refuses a brace used as a key with no value ({{card_data}}, an unrendered template), as yaml and the Hub do', () => {
    for (const [text, line, column] of [
      [card('{{card_data}}'), 2, 2],
      [card('license: mit\n{{ card_data }}'), 3, 1],
    ] as const) {
      const r = parseModelCard(text, 'README.md');
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.errors[0], text).toMatchObject({ file: 'README.md', line, column });
    }
  });

  it('warns, at its line and column, about a tab PyYAML refuses, and only those', () => {
    // PyYAML: "found character '\t' that cannot start any token" for each of these.
    const refused: [string, number, number][] = [
      ['license: mit\t', 2, 13],
      ['a: 1\nlicense: "mit"\t# the licence', 3, 15],
      ['tags: a\tb', 2, 8],
      ['license:\tmit', 2, 9],
      ['tags: [a,\tb]', 2, 10],
      ['tags:\n  - a\n  - b\n  - one\ttwo', 5, 8],
    ];
    for (const [fm, line, column] of refused) {
      const r = parseModelCard(card(fm), 'README.md');
      expect(r.ok, fm).toBe(true);
      if (!r.ok) continue;
      expect(r.warnings, fm).toHaveLength(1);
      expect(r.warnings[0], fm).toMatchObject({ file: 'README.md', line, column, message: expect.stringMatching(/tab .*PyYAML.*refuses the whole front matter/) });
    }
    // PyYAML reads these: tabs in quoted text, in block scalars and in comments.
    for (const fm of ['license: "mi\tt"', "note: 'a\tb'", 'note: |\n  a\tb\n  c', 'license: mit # a\tcomment', 'note: >-\n  \ta']) {
      const r = parseModelCard(card(fm), 'README.md');
      expect(r.ok && r.warnings, fm).toEqual([]);
    }
  });

  it('keeps no final line break in a | block that ends the front matter (the Hub drops it)', () => {
    const r = parseModelCard(card('license: mit\nwidget_note: |\n  first\n  second'), 'README.md');
    expect(r.ok && r.value.metadata.widget_note).toBe('first\nsecond');
    const inner = parseModelCard(card('widget_note: |\n  first\nlicense: mit'), 'README.md');
    expect(inner.ok && inner.value.metadata.widget_note).toBe('first\n');
  });

  it('reads a card with no front matter as a card without metadata (card.metadata then fails it)', () => {
    const r = parseModelCard('# Model\n\nProse only.\n', 'README.md');
    expect(r.ok && r.value.hasFrontMatter).toBe(false);
    expect(r.ok && r.value.metadata).toEqual({});
  });
});
