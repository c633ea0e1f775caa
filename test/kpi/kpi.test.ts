// Every KPI of the fixture repository (fixture.ts), with the right answers worked out by hand.
//
// The fixture policy runs 11 checks per model: card.present, card.metadata, card.fields,
// card.license, datasets.manifest, datasets.hashes, audit.reference, audit.independent,
// audit.fresh, audit.findings, carbon.estimate (sections, provenance, consistency are off).
//   alpha   (high)    10 pass, 1 fail (audit.findings: A1/F-1 high, open, overdue)      -> 10/11
//   beta    (high)     9 pass, 2 fail (datasets.hashes: ds-two mismatch; audit.findings) ->  9/11
//   gamma   (limited)  4 pass, 3 fail (manifest, reference, fresh), 1 warn (independent),
//                      2 skipped (hashes, findings), 1 waived (carbon.estimate)        ->  4/8
//   delta   (minimal)  9 pass, 1 warn (independent), 1 fail (findings: A3/F-1 overdue)  ->  9/11
//   epsilon (no tier)  3 pass, 4 fail (fields, reference, fresh, carbon), 1 warn,
//                      3 skipped (manifest, hashes, findings)                           ->  3/8
//   overall 35 pass of 49 evaluated (11 fail, 3 warn); 1 waived and 5 skipped left out.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { renderKpiJson } from '../../src/kpi/json.js';
import type { KpiReport } from '../../src/kpi/types.js';
import { AS_OF, buildFixture, cleanup, commit, tempDir, write, card, sha256, TWO_CSV } from './fixture.js';
import { errorsOf, kpiSchema } from './validators.js';

const NOW = new Date('2026-11-28T09:00:00Z');
let dir: string;
let kpi: KpiReport;

beforeAll(async () => {
  dir = buildFixture();
  kpi = await buildKpiReport({ dir, asOf: AS_OF, repository: 'acme/models', now: NOW, toolVersion: 'test' });
});
afterAll(cleanup);

const model = (path: string) => {
  const m = kpi.models.find((x) => x.path === path);
  if (!m) throw new Error(`no model ${path}`);
  return m;
};

describe('KPI report of the fixture repository', () => {
  it('lists the five models with the repository and report date', () => {
    expect(kpi.models.map((m) => m.path)).toEqual(['models/alpha', 'models/beta', 'models/delta', 'models/epsilon', 'models/gamma']);
    expect(kpi.asOf).toBe(AS_OF);
    expect(kpi.generatedAt).toBe(NOW.toISOString());
    expect(kpi.repositories).toHaveLength(1);
    expect(kpi.repositories[0]).toMatchObject({ name: 'acme/models', asOf: AS_OF, verdict: 'fail', models: 5, policy: { extends: 'baseline', errors: [] } });
    expect(kpi.repositories[0]?.head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('counts models by risk tier', () => {
    expect(kpi.tiers).toEqual({ prohibited: 0, high: 2, limited: 1, minimal: 1, unset: 1 });
  });

  it('finds the high-risk models with an independent audit younger than the policy limit (180 days for high)', () => {
    // alpha: A1 independent, 2026-08-20 = 100 days before 2026-11-28 -> covered.
    // beta: A2 independent but 2026-05-12 = 200 days > 180; A3 is fresh but internal -> not covered.
    // audit.fresh passes for beta (its newest audit, A3, is fresh), the KPI does not: it wants independence.
    expect(kpi.highRiskAudit).toMatchObject({ models: 2, covered: 1, share: 0.5 });
    expect(kpi.highRiskAudit.entries).toEqual([
      { repository: 'acme/models', path: 'models/alpha', name: 'alpha', ok: true, limitDays: 180, reason: 'independent audit A1 is 100 days old (limit 180)', audit: { id: 'A1', date: '2026-08-20', ageDays: 100, auditor: 'Northbridge Assurance LLP' } },
      { repository: 'acme/models', path: 'models/beta', name: 'beta', ok: false, limitDays: 180, reason: 'newest independent audit A2 is 200 days old; the limit is 180', audit: { id: 'A2', date: '2026-05-12', ageDays: 200, auditor: 'Second Look Audits' } },
    ]);
    expect(model('models/beta').checks.find((c) => c.id === 'audit.fresh')?.outcome).toBe('pass');
    // Tiers without an override use the preset's 365 days.
    expect(model('models/gamma').audit.limitDays).toBe(365);
  });

  it('scores compliance per model: passed / (pass + fail + warn + error)', () => {
    const scores = Object.fromEntries(kpi.models.map((m) => [m.path, m.compliance.overall]));
    expect(scores['models/alpha']).toEqual({ pass: 10, fail: 1, warn: 0, error: 0, waived: 0, skipped: 0, evaluated: 11, score: 0.9091 });
    expect(scores['models/beta']).toEqual({ pass: 9, fail: 2, warn: 0, error: 0, waived: 0, skipped: 0, evaluated: 11, score: 0.8182 });
    expect(scores['models/gamma']).toEqual({ pass: 4, fail: 3, warn: 1, error: 0, waived: 1, skipped: 2, evaluated: 8, score: 0.5 });
    expect(scores['models/delta']).toEqual({ pass: 9, fail: 1, warn: 1, error: 0, waived: 0, skipped: 0, evaluated: 11, score: 0.8182 });
    expect(scores['models/epsilon']).toEqual({ pass: 3, fail: 4, warn: 1, error: 0, waived: 0, skipped: 3, evaluated: 8, score: 0.375 });
  });

  it('scores compliance per check group and overall from summed counts', () => {
    // card: 4 checks x 5 models, one failure (epsilon card.fields).
    expect(kpi.compliance.byGroup.card).toEqual({ pass: 19, fail: 1, warn: 0, error: 0, waived: 0, skipped: 0, evaluated: 20, score: 0.95 });
    // datasets: alpha 2 pass, beta 1 pass + 1 fail, gamma 1 fail + 1 skipped, delta 2 pass, epsilon 2 skipped.
    expect(kpi.compliance.byGroup.datasets).toEqual({ pass: 5, fail: 2, warn: 0, error: 0, waived: 0, skipped: 3, evaluated: 7, score: 0.7143 });
    // audit: 8 pass (alpha 3, beta 3, delta 2), 7 fail, 3 warn (independent: gamma, delta, epsilon), 2 skipped.
    expect(kpi.compliance.byGroup.audit).toEqual({ pass: 8, fail: 7, warn: 3, error: 0, waived: 0, skipped: 2, evaluated: 18, score: 0.4444 });
    // carbon: alpha, beta, delta pass; epsilon fails; gamma's failure is waived and left out.
    expect(kpi.compliance.byGroup.carbon).toEqual({ pass: 3, fail: 1, warn: 0, error: 0, waived: 1, skipped: 0, evaluated: 4, score: 0.75 });
    expect(kpi.compliance.overall).toEqual({ pass: 35, fail: 11, warn: 3, error: 0, waived: 1, skipped: 5, evaluated: 49, score: 0.7143 });
    expect(kpi.methods.compliance).toMatch(/passed \/ checks evaluated/);
  });

  it('lists open findings by severity and age, overdue first, each shared finding once', () => {
    const f = kpi.findings;
    expect(f.open).toBe(4); // A1/F-1, A1/F-2, A2/F-9, A3/F-1 (A1/F-3 is remediated)
    expect(f.overdue).toBe(2); // A3/F-1 due 2026-10-29 (30 days), A1/F-1 due 2026-11-18 (10 days)
    expect(f.bySeverity).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 0 });
    expect(f.items.map((x) => [x.audit, x.id, x.severity, x.overdueDays ?? 0, x.ageDays, x.models])).toEqual([
      ['A3', 'F-1', 'medium', 30, 30, ['models/beta', 'models/delta']],
      ['A1', 'F-1', 'high', 10, 100, ['models/alpha']],
      ['A2', 'F-9', 'critical', 0, 200, ['models/beta']],
      ['A1', 'F-2', 'low', 0, 100, ['models/alpha']],
    ]);
    const byAge = Object.fromEntries(f.byAge.map((r) => [r.bucket, r.total]));
    expect(byAge).toEqual({ '0-30': 1, '31-90': 0, '91-180': 2, '181-365': 1, '>365': 0, unknown: 0 });
    expect(f.byAge.find((r) => r.bucket === '91-180')?.bySeverity).toEqual({ critical: 0, high: 1, medium: 0, low: 1, info: 0 });
  });

  it('lists the datasets without a verified hash, each dataset once', () => {
    // ds-one (alpha, beta, delta) verifies; ds-two's hash does not match; acme/missing has no manifest.
    expect(kpi.datasets.total).toBe(3);
    expect(kpi.datasets.verified).toBe(1);
    expect(kpi.datasets.unverified).toEqual([
      { repository: 'acme/models', ref: 'acme/missing', reason: 'no manifest found for this dataset', files: 0, verifiedFiles: 0, models: ['models/gamma'] },
      { repository: 'acme/models', ref: 'acme/ds-two', manifest: 'datasets/ds-two/datasheet.yml', name: 'Dataset ds-two', reason: `datasets/ds-two/data/two.csv: SHA-256 mismatch: manifest says ${sha256('something else').slice(0, 12)}…, file has ${sha256(TWO_CSV).slice(0, 12)}…`, files: 1, verifiedFiles: 0, models: ['models/beta'] },
    ]);
  });

  it('scores third-party models per vendor over the six-item checklist', () => {
    // delta: card yes, provenance yes (ds-one), audit no (A3 is internal), carbon yes, export control no, bias/red-team no -> 3/6
    // gamma: card yes, provenance no (no manifest), audit no, carbon no, export control yes, bias/red-team no -> 2/6
    // epsilon (Other Vendor): card no (card.fields fails), no datasets, no audit, no carbon, no review, no safety testing -> 0/6
    expect(kpi.vendors.map((v) => [v.name, v.score, v.models.map((m) => [m.path, m.score])])).toEqual([
      ['Other Vendor', 0, [['models/epsilon', 0]]],
      ['Example AI Inc', 0.4167, [['models/delta', 0.5], ['models/gamma', 0.3333]]],
    ]);
    const example = kpi.vendors[1];
    expect(example?.items).toEqual({ card: { met: 2, total: 2 }, datasetProvenance: { met: 1, total: 2 }, audit: { met: 0, total: 2 }, carbon: { met: 1, total: 2 }, exportControl: { met: 1, total: 2 }, safetyTesting: { met: 0, total: 2 } });
    expect(example?.models[1]).toMatchObject({ contract: 'MSA-1', checklist: { card: true, datasetProvenance: false, audit: false, carbon: false, exportControl: true } });
    expect(model('models/alpha').vendorChecklist).toBeUndefined();
  });

  it('gives carbon per model and in total', () => {
    // alpha: CodeCarbon report, runs of 10 kg / 20 kWh and 5 kg / 10 kWh; beta 3000 g; delta 500 g.
    expect(model('models/alpha').carbon).toMatchObject({ kg: 15, kwh: 30, source: 'CodeCarbon', file: 'models/alpha/emissions.csv' });
    expect(model('models/beta').carbon).toMatchObject({ kg: 3, original: '3000 g', source: 'model card' });
    expect(model('models/delta').carbon?.kg).toBe(0.5);
    expect(kpi.carbon).toMatchObject({ totalKg: 18.5, totalKwh: 30, modelsWithFigure: 3, modelsWithEnergy: 1 });
    expect(kpi.carbon.withoutFigure.map((m) => m.path)).toEqual(['models/epsilon', 'models/gamma']);
  });

  it('reads the carbon trend from the commits that changed a figure', () => {
    const t = kpi.carbon.trend;
    expect(t.status).toBe('ok');
    expect(t.shallow).toBe(false);
    // Five commits touch a card or emissions.csv; the 2026-06-01 one changes no figure, the
    // 2026-07-01 one touches neither.
    expect(t.commitsScanned).toBe(5);
    expect(t.points.map((p) => [p.date.slice(0, 10), p.totalKg, p.models, p.changes])).toEqual([
      ['2026-01-10', 10.5, 3, [{ model: 'models/alpha', kg: 8 }, { model: 'models/beta', kg: 2 }, { model: 'models/delta', kg: 0.5 }]],
      ['2026-03-15', 12.5, 3, [{ model: 'models/alpha', kg: 10 }]], // the CodeCarbon report wins over the card's 8 kg
      ['2026-05-20', 13.5, 3, [{ model: 'models/beta', kg: 3 }]],
      ['2026-08-01', 18.5, 3, [{ model: 'models/alpha', kg: 15 }]],
    ]);
    expect(t.points.every((p) => /^[0-9a-f]{40}$/.test(p.commit ?? ''))).toBe(true);
  });

  it('produces JSON valid against the published schema (test/report/schema.test.ts keeps schema/kpi-report.schema.json fresh)', () => {
    const validate = kpiSchema();
    const data = JSON.parse(renderKpiJson(kpi)) as unknown;
    expect(validate(data), errorsOf(validate)).toBe(true);
  });
});

describe('trend edge cases', () => {
  it('adds a working-tree point when uncommitted evidence differs from HEAD', async () => {
    const d = buildFixture();
    write(d, 'models/beta/README.md', card({ license: 'mit', datasets: ['acme/ds-one', 'acme/ds-two'], tier: 'high', audits: ['audits/a2.yml', 'audits/a3.yml'], co2: 4000 }));
    const k = await buildKpiReport({ dir: d, asOf: AS_OF, repository: 'r', now: NOW });
    const last = k.carbon.trend.points.at(-1);
    expect(last).toMatchObject({ commit: null, date: NOW.toISOString(), totalKg: 19.5, changes: [{ model: 'models/beta', kg: 4 }] });
    expect(kpiSchema()(JSON.parse(renderKpiJson(k)))).toBe(true);
  });

  it('says why there is no trend outside git, and with --no-history', async () => {
    const plain = tempDir();
    write(plain, 'models/m/README.md', card({ license: 'mit', tier: 'minimal', co2: 10 }));
    const k = await buildKpiReport({ dir: plain, asOf: AS_OF, now: NOW });
    expect(k.carbon.trend).toMatchObject({ status: 'unavailable', points: [] });
    expect(k.carbon.trend.reason).toMatch(/no git history/);
    expect(k.repositories[0]?.name).toBe(plain.split('/').pop());
    const off = await buildKpiReport({ dir: plain, asOf: AS_OF, now: NOW, history: false });
    expect(off.carbon.trend.reason).toMatch(/not requested/);
    expect(kpiSchema()(JSON.parse(renderKpiJson(off)))).toBe(true);
  });

  it('reports on a directory inside a larger repository, with paths relative to it', async () => {
    const outer = tempDir();
    const { git } = await import('./fixture.js');
    git(outer, ['init', '-q', '-b', 'main']);
    git(outer, ['remote', 'add', 'origin', 'https://user:secret@github.example/acme/monorepo.git']);
    write(outer, 'ml/models/m/README.md', card({ license: 'mit', tier: 'minimal', co2: 1000 }));
    write(outer, 'other/models/x/README.md', card({ license: 'mit', tier: 'minimal', co2: 99_000 }));
    commit(outer, '2026-02-02', 'one');
    write(outer, 'ml/models/m/README.md', card({ license: 'mit', tier: 'minimal', co2: 3000 }));
    commit(outer, '2026-02-03', 'two');
    const k = await buildKpiReport({ dir: `${outer}/ml`, asOf: AS_OF, now: NOW });
    expect(k.repositories[0]?.name).toBe('acme/monorepo/ml'); // never the credentials in the URL
    expect(k.models.map((m) => m.path)).toEqual(['models/m']);
    expect(k.carbon.trend.points.map((p) => p.totalKg)).toEqual([1, 3]);
  });

  it('follows the first-parent line: a side branch counts when merged, as the merge', async () => {
    const d = tempDir();
    const { git } = await import('./fixture.js');
    git(d, ['init', '-q', '-b', 'main']);
    write(d, 'models/m/README.md', card({ license: 'mit', tier: 'minimal', co2: 1000 }));
    commit(d, '2026-01-01', 'base');
    git(d, ['checkout', '-q', '-b', 'side']);
    write(d, 'models/m/README.md', card({ license: 'mit', tier: 'minimal', co2: 50_000 }));
    commit(d, '2026-01-02', 'side experiment');
    write(d, 'models/m/README.md', card({ license: 'mit', tier: 'minimal', co2: 2000 }));
    commit(d, '2026-01-03', 'side final');
    git(d, ['checkout', '-q', 'main']);
    write(d, 'NOTES.md', 'x\n');
    commit(d, '2026-01-04', 'main moves on');
    git(d, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], '2026-01-05');
    const k = await buildKpiReport({ dir: d, asOf: AS_OF, now: NOW });
    expect(k.carbon.trend.points.map((p) => [p.date.slice(0, 10), p.totalKg])).toEqual([
      ['2026-01-01', 1],
      ['2026-01-05', 2],
    ]);
  });
});

// Keeps a copy of the fixture report for a look by hand: KPI_FIXTURE_OUT=/tmp/kpi.json npx vitest run test/kpi
afterAll(() => {
  const out = process.env.KPI_FIXTURE_OUT;
  if (out && kpi) writeFileSync(out, renderKpiJson(kpi));
});
