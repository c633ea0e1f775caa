// Workforce evidence: a card's governance.workforce and the organisation's reskilling programmes
// (.github/modelgate-workforce.yml), each refused with the line and column of the bad node, and the
// published JSON Schema reading the workforce file the way the parser does.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseWorkforceFile, workforceSchema, WORKFORCE_FILE } from '../../src/evidence/workforce.js';
import { parseModelCard } from '../../src/evidence/modelCard.js';
import { parseYaml } from '../../src/evidence/load.js';

const FILE = WORKFORCE_FILE;
const PROGRAMMES = `# Reskilling programmes the board tracks against automation exposure.
programmes:
  - name: "Support agents to AI supervisors"
    headcount: 10
    budget: { amount: 120000, currency: EUR }
    period: { start: 2026-01-01, end: 2026-12-31 }
    roles: ["Tier-1 support agent"]
  - name: Document clerks to data stewards
    headcount: 4
    budget:
      amount: 45000.5
      currency: EUR
    period:
      start: 2026-07-01
      end: 2027-06-30
    models: [./models/doc-classifier/]
`;

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(workforceSchema());
const schemaAccepts = (text: string) => {
  const y = parseYaml(text, FILE);
  if (!y.ok) throw new Error('yaml');
  return validate(y.value.data);
};

describe('parseWorkforceFile', () => {
  it('reads every programme: headcount, budget with currency, period, roles or models', () => {
    const r = parseWorkforceFile(PROGRAMMES, FILE);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.programmes).toEqual([
      { name: 'Support agents to AI supervisors', headcount: 10, budget: { amount: 120000, currency: 'EUR' }, period: { start: '2026-01-01', end: '2026-12-31' }, roles: ['Tier-1 support agent'], models: [], line: 3 },
      { name: 'Document clerks to data stewards', headcount: 4, budget: { amount: 45000.5, currency: 'EUR' }, period: { start: '2026-07-01', end: '2027-06-30' }, roles: [], models: ['models/doc-classifier'], line: 8 },
    ]);
    expect(schemaAccepts(PROGRAMMES)).toBe(true);
  });

  it.each([
    ['headcount: 10', 'headcount: ten', 4, 16, '`programmes[0].headcount` must be a whole number of at least 0 (people the programme reskills), not "ten"', true],
    ['headcount: 10', 'headcount: 2.5', 4, 16, '`programmes[0].headcount` must be a whole number of at least 0 (people the programme reskills), not 2.5', true],
    ['currency: EUR }', 'currency: euro }', 5, 41, '`programmes[0].budget.currency` must be an ISO 4217 code such as EUR or USD, not "euro"', true],
    ['headcount: 10', 'headcont: 10', 4, 5, 'unknown key `programmes[0].headcont` (expected name, headcount, budget, period, roles, models)', true],
    ['      amount: 45000.5', '      amount: 45000.5\n      vat: 0', 12, 7, 'unknown key `programmes[1].budget.vat` (expected amount, currency)', true],
    ['end: 2026-12-31', 'end: 2026-13-31', 6, 39, '`programmes[0].period.end` must be a real date written YYYY-MM-DD, not "2026-13-31"', false],
    ['end: 2026-12-31', 'end: 2025-12-31', 6, 39, '`programmes[0].period.end` 2025-12-31 is before the start 2026-01-01', false],
    ['    roles: ["Tier-1 support agent"]\n', '', 3, 5, 'programme "Support agents to AI supervisors" covers nothing: list the `roles` it reskills or the `models` whose affected staff it covers', true],
    ['    budget: { amount: 120000, currency: EUR }\n', '', 3, 5, 'missing `programmes[0].budget` ({ amount, currency })', true],
  ])('refuses %s → %s at %i:%i', (from, to, line, column, message, schemaToo) => {
    const text = PROGRAMMES.replace(from, to);
    const r = parseWorkforceFile(text, FILE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({ file: FILE, line, column, message });
    expect(schemaAccepts(text)).toBe(!schemaToo);
  });

  it('refuses a programme declared twice, an unknown top-level key and a file that is not a mapping', () => {
    const twice = parseWorkforceFile(PROGRAMMES.replace('Document clerks to data stewards', 'support agents to AI supervisors') + 'budget_total: 3\n', FILE);
    expect(twice.ok).toBe(false);
    if (!twice.ok) {
      expect(twice.errors.map((e) => [e.line, e.column, e.message])).toEqual([
        [17, 1, 'unknown key `budget_total` (expected programmes)'],
        [8, 11, 'programme "support agents to AI supervisors" is declared twice (also programmes[0])'],
      ]);
    }
    const list = parseWorkforceFile('- name: x\n', FILE);
    expect(list.ok ? [] : list.errors).toEqual([{ file: FILE, line: 1, column: 1, message: 'the workforce file must be a YAML mapping with `programmes:` (a list of reskilling programmes)' }]);
  });

  it('the published schema file is the one built from the parser key lists', () => {
    const file = JSON.parse(readFileSync(new URL('../../schema/modelgate-workforce.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(workforceSchema());
  });
});

const CARD = `---
license: apache-2.0
governance:
  risk_tier: limited
  workforce:
    assessed: 2026-09-15
    roles:
      - role: Tier-1 support agent
        fte: 12
      - { role: Quality reviewer, fte: 1.5 }
---
# Support router
`;

describe('governance.workforce in a model card', () => {
  it('reads the roles and FTE affected, and when they were assessed', () => {
    const r = parseModelCard(CARD, 'models/support-router/README.md');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.entryErrors).toEqual([]);
    expect(r.value.governance.workforce).toEqual({ assessed: '2026-09-15', roles: [{ role: 'Tier-1 support agent', fte: 12 }, { role: 'Quality reviewer', fte: 1.5 }] });
  });

  it.each([
    ['fte: 12', 'fte: twelve', 9, 14, '`governance.workforce.roles[0].fte` must be a number of at least 0 (full-time equivalents affected), not "twelve"'],
    ['fte: 12', 'fte: -3', 9, 14, '`governance.workforce.roles[0].fte` must be a number of at least 0 (full-time equivalents affected), not -3'],
    ['fte: 1.5 }', 'fte: 1.5, team: QA }', 10, 45, 'unknown key `governance.workforce.roles[1].team` (expected role, fte)'],
    ['      - role: Tier-1 support agent\n        fte: 12\n', '      - Tier-1 support agent\n', 8, 9, '`governance.workforce.roles[0]` must be a mapping { role, fte }, not "Tier-1 support agent"'],
    ['    assessed: 2026-09-15', '    assessed: soon', 6, 15, '`governance.workforce.assessed` must be a real date written YYYY-MM-DD, not "soon"'],
    ['    roles:', '    jobs:', 7, 5, 'unknown key `governance.workforce.jobs` (expected roles, assessed)'],
  ])('a card with %s → %s fails card.metadata at %i:%i', (from, to, line, column, message) => {
    const r = parseModelCard(CARD.replace(from, to), 'models/support-router/README.md');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.entryErrors).toContainEqual({ file: 'models/support-router/README.md', line, column, message });
    expect(r.value.governance.workforce).toBeUndefined();
  });
});
