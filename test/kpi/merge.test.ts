// `modelgate report --merge`: one organisation report from the JSON reports of two repositories.
// The second repository (buildSecondFixture) has one high-risk model, `solo`, without an audit,
// whose card says 1 kg on 2026-02-01 and 2 kg on 2026-07-01.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { mergeKpiReports, validateKpiReport } from '../../src/kpi/merge.js';
import { renderKpiJson } from '../../src/kpi/json.js';
import type { KpiReport } from '../../src/kpi/types.js';
import { AS_OF, buildFixture, buildSecondFixture, cleanup } from './fixture.js';
import { errorsOf, kpiSchema } from './validators.js';

const NOW = new Date('2026-11-28T09:00:00Z');
let a: KpiReport;
let b: KpiReport;
let merged: KpiReport;

beforeAll(async () => {
  a = await buildKpiReport({ dir: buildFixture(), asOf: AS_OF, repository: 'acme/models', now: NOW });
  b = await buildKpiReport({ dir: buildSecondFixture(), asOf: '2026-11-27', repository: 'acme/other', now: NOW });
  // Through JSON, as the CLI does.
  merged = mergeKpiReports([JSON.parse(renderKpiJson(a)) as KpiReport, JSON.parse(renderKpiJson(b)) as KpiReport], { toolVersion: 'm', generatedAt: '2026-11-29T00:00:00.000Z' });
});
afterAll(cleanup);

describe('merging KPI reports', () => {
  it('keeps every repository and model, and takes the latest report date', () => {
    expect(merged.repositories.map((r) => [r.name, r.asOf, r.models])).toEqual([
      ['acme/models', AS_OF, 5],
      ['acme/other', '2026-11-27', 1],
    ]);
    expect(merged.asOf).toBe(AS_OF);
    expect(merged.models.map((m) => `${m.repository}:${m.path}`)).toEqual([
      'acme/models:models/alpha',
      'acme/models:models/beta',
      'acme/models:models/delta',
      'acme/models:models/epsilon',
      'acme/models:models/gamma',
      'acme/other:models/solo',
    ]);
  });

  it('recomputes the aggregates over the union', () => {
    expect(merged.tiers).toEqual({ prohibited: 0, high: 3, limited: 1, minimal: 1, unset: 1 });
    // alpha covered; beta (audit too old) and solo (no audit) not.
    expect(merged.highRiskAudit).toMatchObject({ models: 3, covered: 1, share: 0.3333 });
    expect(merged.highRiskAudit.entries.find((e) => e.path === 'models/solo')?.reason).toBe('no audit covers the model');
    const solo = b.models[0]?.compliance.overall;
    expect(solo).toBeDefined();
    expect(merged.compliance.overall.pass).toBe(35 + (solo?.pass ?? 0));
    expect(merged.compliance.overall.evaluated).toBe(49 + (solo?.evaluated ?? 0));
    expect(merged.findings.open).toBe(4);
    expect(merged.carbon).toMatchObject({ totalKg: 20.5, modelsWithFigure: 4 });
  });

  it('interleaves the carbon trends by date, carrying each repository\'s last total', () => {
    expect(merged.carbon.trend.points.map((p) => [p.date.slice(0, 10), p.repository, p.repositoryTotalKg, p.totalKg])).toEqual([
      ['2026-01-10', 'acme/models', 10.5, 10.5],
      ['2026-02-01', 'acme/other', 1, 11.5],
      ['2026-03-15', 'acme/models', 12.5, 13.5],
      ['2026-05-20', 'acme/models', 13.5, 14.5],
      ['2026-07-01', 'acme/other', 2, 15.5],
      ['2026-08-01', 'acme/models', 18.5, 20.5],
    ]);
    expect(merged.carbon.trend.commitsScanned).toBe(5 + 2);
  });

  it('is valid against the KPI schema, and merging a merged report gives the same figures', () => {
    const validate = kpiSchema();
    expect(validate(JSON.parse(renderKpiJson(merged))), errorsOf(validate)).toBe(true);
    const again = mergeKpiReports([merged], { toolVersion: 'm', generatedAt: merged.generatedAt });
    expect(again).toEqual(merged);
  });

  it('refuses two reports of the same repository, and says what is wrong with a bad input', () => {
    expect(() => mergeKpiReports([a, a], { toolVersion: 'm', generatedAt: merged.generatedAt })).toThrow(/"acme\/models" appears in more than one report/);
    expect(validateKpiReport({ schemaVersion: 1 })[0]).toMatch(/must have required property/);
    expect(validateKpiReport(JSON.parse(renderKpiJson(a)))).toEqual([]);
  });
});
