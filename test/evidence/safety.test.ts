// The safety-evaluation record parser, and its published JSON Schema: both read the same records the
// same way (a record the parser accepts validates; the shapes the parser refuses do not).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseSafetyRecord } from '../../src/evidence/safety.js';
import { parseYaml } from '../../src/evidence/load.js';
import { safetySchema } from '../../src/evidence/safetySchema.js';

const FILE = 'safety/router-bias.yml';
const RECORD = `# Bias evaluation of the routing model across languages.
id: SE-2026-03
kind: bias
date: 2026-10-01
evaluator:
  name: "Fairlane Labs"
  independent: true
method: "Demographic parity and accuracy ratio per language slice"
standard: "ISO/IEC TR 24027:2021"
scope: [models/support-router]
datasets: [acme/support-eval-2025]
slices: ["language=en", "language=fr"]
results:
  - { metric: demographic_parity_difference, slice: "language=fr", value: 0.04, max: 0.1 }
  - { metric: accuracy_ratio, slice: "language=fr", value: 0.95, min: 0.9, passed: true }
  - { metric: human review, passed: true }
issues:
  - id: B-1
    title: "Lower recall on French billing tickets"
    severity: medium
    status: remediated
    mitigation: "Reweighted French tickets in fine-tuning"
mitigations:
  - "Reweighted French tickets in fine-tuning"
report:
  path: reports/se-2026-03.pdf
  sha256: "${'a'.repeat(64)}"
`;

// strictRequired is off: `anyOf: [{ required: [method] }, { required: [standard] }]` names properties defined one level up.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(safetySchema());
const schemaAccepts = (text: string) => {
  const y = parseYaml(text, FILE);
  if (!y.ok) throw new Error('yaml');
  return validate(y.value.data);
};

describe('parseSafetyRecord', () => {
  it('reads every field of a complete record, judging results against their thresholds', () => {
    const r = parseSafetyRecord(RECORD, FILE);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([]);
    const v = r.value;
    expect(v).toMatchObject({
      id: 'SE-2026-03',
      kind: 'bias',
      date: '2026-10-01',
      evaluator: { name: 'Fairlane Labs', independent: true },
      scope: ['models/support-router'],
      datasets: ['acme/support-eval-2025'],
      slices: ['language=en', 'language=fr'],
      mitigations: ['Reweighted French tickets in fine-tuning'],
      report: { path: 'safety/reports/se-2026-03.pdf', sha256: 'a'.repeat(64) },
    });
    expect(v.results).toEqual([
      { metric: 'demographic_parity_difference', slice: 'language=fr', value: 0.04, max: 0.1, passed: true, line: 14 },
      { metric: 'accuracy_ratio', slice: 'language=fr', value: 0.95, min: 0.9, passed: true, line: 15 },
      { metric: 'human review', passed: true, line: 16 },
    ]);
    expect(v.issues).toMatchObject([{ id: 'B-1', severity: 'medium', status: 'remediated', mitigation: 'Reweighted French tickets in fine-tuning', line: 18 }]);
    expect(schemaAccepts(RECORD)).toBe(true);
  });

  it.each([
    ['kind: bias', 'kind: fairness', 3, 'the record: kind "fairness" is not one of bias, red-team, safety', true],
    ['value: 0.04', 'value: "low"', 14, 'result "demographic_parity_difference": `value` must be a number, not "low"', true],
    ['status: remediated', 'status: fixed', 21, 'issue B-1: status "fixed" is not one of open, remediated, accepted, wont-fix', true],
    ['  independent: true', '  independent: "yes"', 7, '`evaluator.independent` must be true or false, not "yes"', true],
    // What a JSON Schema cannot say: a stated outcome that contradicts the figures, a date not in the calendar.
    ['passed: true }', 'passed: false }', 15, 'result "accuracy_ratio": `passed: false` contradicts value 0.95 against at least 0.9', false],
    ['date: 2026-10-01', 'date: 2026-13-01', 4, '`date` must be a real date written YYYY-MM-DD, not "2026-13-01"', false],
  ])('refuses %s → %s at line %i', (from, to, line, message, schemaToo) => {
    const text = RECORD.replace(from, to);
    const r = parseSafetyRecord(text, FILE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({ file: FILE, line, message });
    expect(schemaAccepts(text)).toBe(!schemaToo);
  });

  it('needs a method or a standard, and an evaluator', () => {
    const text = RECORD.replace(/^method: .*\n/m, '').replace(/^standard: .*\n/m, '').replace(/^evaluator:\n.*\n.*\n/m, '');
    const r = parseSafetyRecord(text, FILE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual(['missing `evaluator.name`: who ran the evaluation', 'missing `method` or `standard`: say how the model was evaluated']);
    expect(schemaAccepts(text)).toBe(false);
  });

  it('warns about unknown keys and results that cannot be judged', () => {
    const r = parseSafetyRecord(RECORD.replace('  - { metric: human review, passed: true }', '  - { metric: toxicity, value: 0.2 }') + 'reviewer: someone\n', FILE);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings.map((w) => w.message)).toEqual([
      'unknown key `reviewer` (expected id, kind, date, evaluator, method, standard, scope, datasets, slices, results, issues, mitigations, report)',
      'result "toxicity" has no threshold (`max` or `min`) and no `passed`: it is shown, not judged',
    ]);
    expect(r.value.results[2]).toEqual({ metric: 'toxicity', value: 0.2, line: 16 });
  });

  it('the published schema file is the one built from the parser key lists', () => {
    const file = JSON.parse(readFileSync(new URL('../../schema/safety-evaluation.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(safetySchema());
  });
});
