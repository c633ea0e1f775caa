// The list fields a model card is read through (datasets, license, base_model, governance.audits):
// the forms the Hub accepts are read, and an entry that is not text is reported where it stands,
// never dropped silently.
import { describe, expect, it } from 'vitest';
import { parseModelCard, type ModelCard } from '../../src/evidence/modelCard.js';

const FILE = 'models/m/README.md';

function parsed(front: string): ModelCard {
  const r = parseModelCard(`---\n${front}---\n# m\n`, FILE);
  if (!r.ok) throw new Error(r.errors[0]?.message);
  return r.value;
}

describe('list fields of a model card', () => {
  it('reads a bare string, a list of strings and numbers as text, with no entry error', () => {
    const card = parsed('license: apache-2.0\ndatasets: acme/one\nbase_model: [org/a, org/b]\ngovernance:\n  audits: [audits/a.yml]\nco2_eq_emissions: 10\n');
    expect(card).toMatchObject({ license: ['apache-2.0'], datasets: ['acme/one'], baseModel: ['org/a', 'org/b'], governance: { audits: ['audits/a.yml'] } });
    expect(parsed('datasets: [2023, acme/two]\n').datasets).toEqual(['2023', 'acme/two']);
    expect(card.entryErrors).toEqual([]);
  });

  it('absent, null and empty fields name nothing and are not errors', () => {
    const card = parsed('license:\ndatasets: []\nbase_model: ""\ngovernance:\n  audits:\n');
    expect(card).toMatchObject({ license: [], datasets: [], baseModel: [], governance: { audits: [] } });
    expect(card.entryErrors).toEqual([]);
  });

  it('reports every entry that is not text with its line and column, and keeps the text ones', () => {
    const card = parsed(
      ['datasets:', '  - acme/one', '  - name: acme/two', '    split: train', '  - [acme/three]', '  -', '  - false', 'license: [mit, { id: gpl-3.0 }]', 'base_model: { id: org/base }', 'governance:', '  audits: [audits/a.yml, { path: audits/b.yml }]', ''].join('\n'),
    );
    expect(card.datasets).toEqual(['acme/one']);
    expect(card.license).toEqual(['mit']);
    expect(card.baseModel).toEqual([]);
    expect(card.governance.audits).toEqual(['audits/a.yml']);
    expect(card.entryErrors.map((e) => [e.line, e.column, e.message.slice(0, e.message.indexOf(', not text'))])).toEqual([
      [9, 16, '`license` entry 2 is a mapping ({"id":"gpl-3.0"})'],
      [4, 5, '`datasets` entry 2 is a mapping ({"name":"acme/two","split":"train"})'],
      [6, 5, '`datasets` entry 3 is a list (["acme/three"])'],
      [7, 4, '`datasets` entry 4 is empty'],
      [8, 5, '`datasets` entry 5 is a boolean (false)'],
      [10, 13, '`base_model` is a mapping ({"id":"org/base"})'],
      [12, 26, '`governance.audits` entry 2 is a mapping ({"path":"audits/b.yml"})'],
    ]);
    expect(card.entryErrors.every((e) => e.file === FILE)).toBe(true);
    expect(card.entryErrors[1]?.message).toMatch(/not text: write it as a dataset id, manifest id or manifest path; modelgate reads no other form, so it would be ignored$/);
  });

  it('the misspelled licence keys the Hub tolerates are read the same way', () => {
    const card = parsed('licenses: [mit, [apache-2.0]]\n');
    expect(card.license).toEqual(['mit']);
    expect(card.entryErrors.map((e) => e.message.slice(0, 40))).toEqual(['`licenses` entry 2 is a list (["apache-2']);
  });

  it('a long entry is shortened in the message', () => {
    const card = parsed(`datasets:\n  - { note: "${'x'.repeat(200)}" }\n`);
    expect(card.entryErrors[0]?.message).toMatch(/is a mapping \(\{"note":"x{48}…\), not text/);
  });
});
