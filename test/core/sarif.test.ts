// SARIF output: one result per check that did not pass, located in its evidence file by a valid URI.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { renderSarif } from '../../src/report/sarif.js';

const report: Report = {
  schemaVersion: 1,
  tool: { name: 'modelgate', version: '1.0.0' },
  verdict: 'fail',
  policy: { source: 'x', extends: 'baseline', errors: [{ id: 'policy.valid', level: 'error', outcome: 'error', message: 'bad key', file: '.github/modelgate.yml', line: 3 }] },
  summary: { models: 1, checks: 5, pass: 1, fail: 1, warn: 0, waived: 1, skipped: 1, error: 1 },
  models: [
    {
      path: 'models/my model #1',
      name: 'm',
      riskTier: null,
      outcome: 'fail',
      touchedBy: [],
      facts: { datasets: [], audits: [], findings: [], changedEvidence: [] },
      checks: [
        { id: 'card.present', level: 'error', outcome: 'pass', message: 'ok' },
        { id: 'datasets.manifest', level: 'error', outcome: 'skipped', message: 'none' },
        { id: 'card.fields', level: 'error', outcome: 'fail', message: 'lacks owner', file: 'models/my model #1/README 100%.md', line: 1, hint: 'Add it.' },
        {
          id: 'card.sections',
          level: 'warn',
          outcome: 'waived',
          message: 'placeholder',
          file: 'models/my model #1/README 100%.md',
          waiver: { reason: 'evidence-pending', approver: '@lead', expires: '2027-01-01', source: 's' },
        },
      ],
    },
  ],
  waivers: [],
  generatedAt: '2026-11-28T00:00:00.000Z',
};

describe('renderSarif', () => {
  const sarif = JSON.parse(renderSarif(report)) as {
    runs: { results: { ruleId: string; level: string; message: { text: string }; suppressions?: { justification: string }[]; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[] }[];
  };
  const results = sarif.runs[0]?.results ?? [];

  it('has a result for every check that did not pass or was not skipped, the configuration error first', () => {
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['policy.valid', 'error'],
      ['card.fields', 'error'],
      ['card.sections', 'note'],
    ]);
    expect(results[1]?.message.text).toBe('models/my model #1: lacks owner Fix: Add it.');
    expect(results[2]?.suppressions?.[0]?.justification).toBe('evidence-pending by @lead until 2027-01-01');
    expect(results[1]?.partialFingerprints).toEqual({ modelgate: 'models/my model #1|card.fields' });
  });

  it('anchors a check with no evidence file on the model card, else the model directory, never the configuration', () => {
    const model = report.models[0];
    if (!model) throw new Error('fixture');
    const noFile = { id: 'audit.fresh', level: 'error', outcome: 'fail', message: 'no audit record covers this model' } as const;
    const withCard = { ...report, policy: { ...report.policy, errors: [] }, models: [{ ...model, facts: { ...model.facts, card: 'models/x/README.md' }, checks: [noFile] }] };
    const locate = (r: Report) => (JSON.parse(renderSarif(r)) as typeof sarif).runs[0]?.results[0]?.locations;
    expect(locate(withCard)).toEqual([{ physicalLocation: { artifactLocation: { uri: 'models/x/README.md' }, region: { startLine: 1 } } }]);
    const noCard = { ...withCard, models: [{ ...model, path: 'models/x', checks: [noFile] }] };
    expect(locate(noCard)).toEqual([{ physicalLocation: { artifactLocation: { uri: 'models/x' } } }]);
    const rootNoCard = { ...withCard, models: [{ ...model, path: '', checks: [noFile] }] };
    expect(locate(rootNoCard)).toEqual([]);
    for (const r of [withCard, noCard, rootNoCard]) expect(renderSarif(r)).not.toContain('modelgate.yml');
  });

  it('percent-encodes paths into valid URI references', () => {
    expect(results[1]?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'models/my%20model%20%231/README%20100%25.md' }, region: { startLine: 1 } });
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('.github/modelgate.yml');
    for (const r of results) expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/);
  });
});
