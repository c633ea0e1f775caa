// safety.bias and safety.redteam through evaluate(), over an in-memory repository: a high-risk model
// with a Hugging Face card (model-index results, a Bias section) and safety-evaluation records found
// by the policy's `safety.records` globs or cited by the card. Each test changes one thing.
import { describe, expect, it } from 'vitest';
import type { CheckId, CheckResult, Report } from '../../src/types.js';
import { evaluateFiles, sha256, symlink, type MemoryFiles } from './fixtures.js';

const CARD = 'models/m/README.md';
const BIAS = 'safety/m-bias.yml';
const REDTEAM = 'safety/m-redteam.yml';

function card(tier = 'high', extra = ''): string {
  return [
    '---',
    'license: apache-2.0',
    'datasets: [acme/d]',
    'model-index:',
    '  - name: m',
    '    results:',
    '      - task: { type: text-classification, name: Ticket routing }',
    '        dataset: { type: acme/eval, name: Acme Eval 2025, split: test }',
    '        metrics:',
    '          - { type: accuracy, value: 0.91, name: Accuracy }',
    '          - { type: demographic_parity_difference, value: 0.03, name: Demographic parity difference }',
    'governance:',
    `  risk_tier: ${tier}`,
    '  owner: "@acme/ml"',
    extra,
    '---',
    '# m',
    '',
    '## Bias, Risks, and Limitations',
    '',
    'Routing accuracy is 4 points lower on French tickets than on English ones.',
    '',
  ].join('\n');
}

interface RecordParts {
  id?: string;
  kind?: string;
  date?: string;
  scope?: string;
  results?: string;
  issues?: string;
  report?: string;
}

function record(p: RecordParts = {}): string {
  return [
    `id: ${p.id ?? 'SE-1'}`,
    `kind: ${p.kind ?? 'bias'}`,
    `date: ${p.date ?? '2026-10-01'}`,
    'evaluator: { name: "Fairlane Labs", independent: true }',
    'method: "Demographic parity and equalised odds per language slice"',
    'standard: "ISO/IEC TR 24027:2021"',
    `scope: [${p.scope ?? 'models/m'}]`,
    'datasets: [acme/support-eval-2025]',
    'slices: ["language=de", "language=fr"]',
    p.results ??
      [
        'results:',
        '  - { metric: demographic_parity_difference, slice: "language=fr", value: 0.04, max: 0.1 }',
        '  - { metric: accuracy_ratio, slice: "language=fr", value: 0.95, min: 0.9 }',
      ].join('\n'),
    p.issues ?? 'issues: []',
    'mitigations: ["Reweighted French tickets in fine-tuning"]',
    ...(p.report ? [p.report] : []),
    '',
  ].join('\n');
}

function repo(over: MemoryFiles = {}, drop: string[] = []): MemoryFiles {
  const files: MemoryFiles = {
    [CARD]: card(),
    'models/m/model.safetensors': 'weights',
    [BIAS]: record(),
    [REDTEAM]: record({ id: 'RT-1', kind: 'red-team', results: 'results:\n  - { metric: jailbreak_success_rate, value: 0.01, max: 0.05 }' }),
    ...over,
  };
  for (const d of drop) delete files[d];
  return files;
}

async function check(files: MemoryFiles, id: CheckId, today = '2026-11-28'): Promise<CheckResult> {
  const r: Report = await evaluateFiles(files, { today });
  const c = r.models.find((m) => m.path === 'models/m')?.checks.find((x) => x.id === id);
  if (!c) throw new Error(`${id} not in report`);
  return c;
}

describe('safety.bias and safety.redteam', () => {
  it('pass at baseline for a high-risk model covered by fresh records within thresholds (warn level)', async () => {
    const bias = await check(repo(), 'safety.bias');
    expect(bias).toMatchObject({ level: 'warn', outcome: 'pass', file: BIAS });
    expect(bias.message).toBe(
      'SE-1 by Fairlane Labs, independent, 58 days old (limit 365); 2 result(s) within thresholds, no open issue at or above "high"; the card declares model-index Demographic parity difference = 0.03 on Acme Eval 2025; section "Bias, Risks, and Limitations" (line 19) (self-declared, not an evaluation record)',
    );
    expect(await check(repo(), 'safety.redteam')).toMatchObject({ outcome: 'pass', file: REDTEAM });
  });

  it('are off for other tiers at baseline, and block high-risk models under strict and eu-ai-act-high-risk', async () => {
    const limited = await evaluateFiles(repo({ [CARD]: card('limited') }));
    expect(limited.models[0]?.checks.map((c) => c.id)).not.toContain('safety.bias');
    for (const preset of ['strict', 'eu-ai-act-high-risk']) {
      const c = await check(repo({ '.github/modelgate.yml': `extends: ${preset}\n` }, [BIAS]), 'safety.bias');
      expect(c, preset).toMatchObject({ level: 'error', outcome: 'fail' });
    }
  });

  it('card-only evidence is named as self-declared and does not pass', async () => {
    const c = await check(repo({}, [BIAS]), 'safety.bias');
    expect(c).toMatchObject({ outcome: 'warn', file: CARD, line: 12 });
    expect(c.message).toMatch(/^no bias evaluation record covers this model; the card declares model-index Demographic parity difference = 0\.03 on Acme Eval 2025; section "Bias, Risks, and Limitations" \(line 19\) \(self-declared, not an evaluation record\)$/);
    const none = await check(repo({}, [REDTEAM]), 'safety.redteam');
    expect(none.message).toBe('no red-team evaluation record covers this model');
  });

  it('a record found by the globs applies only to the models its scope names; a cited one must cover the model', async () => {
    const other = await check(repo({ [BIAS]: record({ scope: 'models/other' }) }), 'safety.bias');
    expect(other.message).toMatch(/^no bias evaluation record covers this model/);
    const parent = await check(repo({ [BIAS]: record({ scope: 'models' }) }), 'safety.bias');
    expect(parent.outcome).toBe('pass');
    const cited = repo({ [CARD]: card('high', '  safety_evaluations: [../../evals/b.yml]'), 'evals/b.yml': record({ scope: 'models/other' }) }, [BIAS]);
    const c = await check(cited, 'safety.bias');
    expect(c).toMatchObject({ outcome: 'warn', file: CARD, message: 'evals/b.yml (SE-1) does not cover models/m (scope: models/other)' });
    const citedOk = repo({ [CARD]: card('high', '  safety_evaluations: [../../evals/b.yml]'), 'evals/b.yml': record() }, [BIAS]);
    expect(await check(citedOk, 'safety.bias')).toMatchObject({ outcome: 'pass', file: 'evals/b.yml' });
  });

  it('fails when the newest record is too old or dated in the future', async () => {
    const old = await check(repo({ [BIAS]: record({ date: '2025-06-01' }) }), 'safety.bias');
    expect(old).toMatchObject({ outcome: 'warn', file: BIAS, line: 3, message: 'newest bias evaluation SE-1 is 545 days old (2025-06-01); the limit is 365 days' });
    const strictAge = await check(repo({ '.github/modelgate.yml': 'extends: eu-ai-act-high-risk\n', [BIAS]: record({ date: '2026-05-01' }) }), 'safety.bias');
    expect(strictAge.message).toBe('newest bias evaluation SE-1 is 211 days old (2026-05-01); the limit is 180 days');
    const future = await check(repo({ [BIAS]: record({ date: '2027-01-01' }) }), 'safety.bias');
    expect(future.message).toBe('SE-1 is dated 2027-01-01, in the future');
  });

  it('fails when a result misses its threshold, at the result line', async () => {
    const results = 'results:\n  - { metric: demographic_parity_difference, slice: "language=fr", value: 0.14, max: 0.1 }\n  - { metric: accuracy_ratio, value: 0.85, min: 0.9 }';
    const c = await check(repo({ [BIAS]: record({ results }) }), 'safety.bias');
    expect(c).toMatchObject({ outcome: 'warn', file: BIAS, line: 11 });
    expect(c.message).toBe('SE-1: demographic_parity_difference (language=fr) = 0.14, must be at most 0.1; SE-1: accuracy_ratio = 0.85, must be at least 0.9');
    // A stated outcome without a value is judged as stated.
    const stated = await check(repo({ [REDTEAM]: record({ id: 'RT-1', kind: 'red-team', results: 'results:\n  - { metric: prompt injection suite, passed: false }' }) }), 'safety.redteam');
    expect(stated.message).toBe('RT-1: prompt injection suite');
  });

  it('fails on an open issue at or above block_on, or overdue; accepted and remediated issues pass', async () => {
    const issue = (severity: string, status: string, extra = '') =>
      `issues:\n  - { id: B-1, title: "Lower recall on French tickets", severity: ${severity}, status: ${status}${extra} }`;
    const high = await check(repo({ [BIAS]: record({ issues: issue('high', 'open') }) }), 'safety.bias');
    expect(high).toMatchObject({ outcome: 'warn', file: BIAS, line: 14, message: 'SE-1/B-1 "Lower recall on French tickets" is open with severity high' });
    expect((await check(repo({ [BIAS]: record({ issues: issue('medium', 'open') }) }), 'safety.bias')).outcome).toBe('pass');
    const blockMedium = repo({ '.github/modelgate.yml': 'extends: baseline\ntiers:\n  high:\n    safety.bias: { level: error, block_on: medium }\n', [BIAS]: record({ issues: issue('medium', 'open') }) });
    expect(await check(blockMedium, 'safety.bias')).toMatchObject({ level: 'error', outcome: 'fail' });
    const overdue = await check(repo({ [BIAS]: record({ issues: issue('low', 'open', ', due: 2026-11-01') }) }), 'safety.bias');
    expect(overdue.message).toBe('SE-1/B-1 "Lower recall on French tickets" (low) is open and was due 2026-11-01');
    const accepted = issue('critical', 'accepted', ', accepted_by: "@acme/risk", reason: "French routing disabled", mitigation: "French tickets go to a human queue"');
    expect((await check(repo({ [BIAS]: record({ issues: accepted }) }), 'safety.bias')).outcome).toBe('pass');
  });

  it('fails closed on a record that does not parse, a symlink, or a report whose hash does not match', async () => {
    const broken = await check(repo({ [BIAS]: record({ date: '2026-02-30' }) }), 'safety.bias');
    expect(broken).toMatchObject({ outcome: 'warn', file: BIAS, line: 3 });
    expect(broken.message).toMatch(/^safety\/m-bias.yml:3: `date` must be a real date/);
    // The broken record's kind is unknown to the reader, so it fails the other check too.
    expect((await check(repo({ [BIAS]: record({ date: '2026-02-30' }) }), 'safety.redteam')).outcome).toBe('warn');
    const link = await check(repo({ [CARD]: card('high', '  safety_evaluations: [../../evals/b.yml]'), 'evals/b.yml': symlink('/etc/passwd') }), 'safety.bias');
    expect(link.message).toMatch(/evals\/b.yml is not a regular file \(symbolic link\)/);
    const REPORT = 'Bias evaluation SE-1\n';
    const withReport = (hash: string) => repo({ [BIAS]: record({ report: `report: { path: reports/se-1.md, sha256: "${hash}" }` }), 'safety/reports/se-1.md': REPORT });
    expect((await check(withReport(sha256(REPORT)), 'safety.bias')).outcome).toBe('pass');
    const bad = await check(withReport(sha256('another report')), 'safety.bias');
    expect(bad).toMatchObject({ outcome: 'warn', file: BIAS });
    expect(bad.message).toMatch(/^safety\/m-bias.yml \(SE-1\) report .*safety\/reports\/se-1.md/);
  });

  it('puts the covering records in the report facts', async () => {
    const r = await evaluateFiles(repo());
    const facts = r.models[0]?.facts.safety;
    expect(facts?.map((f) => [f.id, f.kind])).toEqual([
      ['RT-1', 'red-team'],
      ['SE-1', 'bias'],
    ].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')));
    expect(facts?.find((f) => f.id === 'SE-1')).toMatchObject({
      file: BIAS,
      evaluator: 'Fairlane Labs',
      independent: true,
      slices: ['language=de', 'language=fr'],
      results: [
        { metric: 'demographic_parity_difference', slice: 'language=fr', value: 0.04, max: 0.1, passed: true },
        { metric: 'accuracy_ratio', slice: 'language=fr', value: 0.95, min: 0.9, passed: true },
      ],
      mitigations: ['Reweighted French tickets in fine-tuning'],
    });
  });
});
