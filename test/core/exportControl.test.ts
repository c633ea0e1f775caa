// export.control through evaluate(), over an in-memory repository: a third-party model's card with a
// Hugging Face front matter and the `governance.export_control` block; first-party models only when
// the policy says `applies_to: all`.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/types.js';
import { evaluateFiles } from './fixtures.js';

const CARD = 'models/m/README.md';
const EC = '  export_control: { classification: EAR99, jurisdictions: [US-EAR, EU-2021/821], reviewed: 2026-09-01 }';

function card(lines: string[], tier = 'limited'): string {
  return ['---', 'license: apache-2.0', 'governance:', `  risk_tier: ${tier}`, '  owner: "@acme/ml"', ...lines, '---', '# m', ''].join('\n');
}

async function check(cardText: string, config = 'extends: strict\n', today = '2026-11-28'): Promise<CheckResult | undefined> {
  const r = await evaluateFiles({ [CARD]: cardText, 'models/m/model.onnx': 'x', '.github/modelgate.yml': config }, { today });
  return r.models[0]?.checks.find((c) => c.id === 'export.control');
}

const VENDOR = '  vendor: { name: "Example AI Inc", contract: "MSA-2026-114" }';

describe('export.control', () => {
  it('passes a third-party model with classification, jurisdictions and a recent review', async () => {
    expect(await check(card([VENDOR, EC]))).toMatchObject({ level: 'error', outcome: 'pass', message: 'EAR99 under US-EAR, EU-2021/821, reviewed 88 days ago (limit 365)' });
  });
  it('is off in baseline and skipped for first-party models unless applies_to: all', async () => {
    expect(await check(card([VENDOR]), 'extends: baseline\n')).toBeUndefined();
    expect(await check(card([]))).toMatchObject({ outcome: 'skipped' });
    expect(await check(card([]), 'extends: strict\nchecks:\n  export.control: { applies_to: all }\n')).toMatchObject({ outcome: 'fail', message: 'model has no governance.export_control' });
    // eu-ai-act-high-risk names the high tier: first-party high-risk models are gated too.
    expect(await check(card([], 'high'), 'extends: eu-ai-act-high-risk\n')).toMatchObject({ outcome: 'fail', file: CARD });
    expect(await check(card([], 'limited'), 'extends: eu-ai-act-high-risk\n')).toMatchObject({ outcome: 'skipped' });
  });
  it('fails without the block, with parts missing, with a stale, future or malformed review date, at the card line', async () => {
    expect(await check(card([VENDOR]))).toMatchObject({ outcome: 'fail', line: 3, message: 'third-party model from Example AI Inc has no governance.export_control' });
    expect(await check(card([VENDOR, '  export_control: { classification: EAR99 }']))).toMatchObject({ outcome: 'fail', line: 7, message: 'governance.export_control has no jurisdictions, reviewed' });
    expect((await check(card([VENDOR, EC.replace('2026-09-01', '2025-09-01')])))?.message).toBe('export-control review is 453 days old (2025-09-01); the limit is 365 days');
    expect((await check(card([VENDOR, EC.replace('2026-09-01', '2027-01-01')])))?.message).toBe('export-control review dated 2027-01-01, in the future');
    expect((await check(card([VENDOR, EC.replace('2026-09-01', '"last spring"')])))?.message).toBe('governance.export_control.reviewed "last spring" is not a date written YYYY-MM-DD');
  });
});
