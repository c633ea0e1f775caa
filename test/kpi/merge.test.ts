// `modelgate report --merge`: one organisation report from the JSON reports of two repositories.
// The second repository (buildSecondFixture) has one high-risk model, `solo`, without an audit,
// whose card says 1 kg on 2026-02-01 and 2 kg on 2026-07-01.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { mergeKpiReports, parseKpiReport } from '../../src/kpi/merge.js';
import { renderKpiJson } from '../../src/kpi/json.js';
import type { KpiReport, KpiReportInput } from '../../src/kpi/types.js';
import { AS_OF, buildFixture, buildSecondFixture, cleanup } from './fixture.js';
import { errorsOf, kpiSchema } from './validators.js';

const NOW = new Date('2026-11-28T09:00:00Z');
let a: KpiReport;
let b: KpiReport;
let merged: KpiReport;

beforeAll(async () => {
  a = await buildKpiReport({ dir: buildFixture(), asOf: AS_OF, repository: 'acme/models', now: NOW });
  b = await buildKpiReport({ dir: buildSecondFixture(), asOf: '2026-11-27', repository: 'acme/other', now: NOW });
  merged = mergeKpiReports([readBack(a), readBack(b)], { toolVersion: 'm', generatedAt: '2026-11-29T00:00:00.000Z' });
});

/** A report written as JSON and read back through the schema, as the CLI does. */
function readBack(report: unknown): KpiReportInput {
  const parsed = parseKpiReport(JSON.parse(JSON.stringify(report)));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.report;
}
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
    expect(parseKpiReport(JSON.parse(renderKpiJson(a)))).toMatchObject({ ok: true });
  });

  it('names where a bad input is wrong, by JSON pointer', () => {
    expect(parseKpiReport({ schemaVersion: 1 })).toMatchObject({ ok: false, errors: expect.arrayContaining(['/kind: is required ("modelgate-kpi")', '/tool: is required (object)']) as unknown });
    const bad = JSON.parse(renderKpiJson(a)) as { models: { riskTier: unknown; extra?: number }[]; repositories: { generatedAt: string }[] };
    bad.models[1]!.riskTier = 'severe';
    bad.models[2]!.extra = 1;
    bad.repositories[0]!.generatedAt = 'yesterday';
    const result = parseKpiReport(bad);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      '/repositories/0/generatedAt: Invalid ISO datetime',
      '/models/1/riskTier: Invalid option: expected one of "minimal"|"limited"|"high"|"prohibited"',
      '/models/2: Unrecognized key: "extra"',
    ]);
    expect(parseKpiReport([])).toEqual({ ok: false, errors: ['(top level): Invalid input: expected object, received array'] });
  });

  it('reads a report back as it was written: merging one report rewrites it byte for byte', () => {
    const text = renderKpiJson(a);
    const again = mergeKpiReports([readBack(a)], { toolVersion: a.tool.version, generatedAt: a.generatedAt });
    expect(renderKpiJson(again)).toBe(text);
  });

  it('merges a report written before the gate and workforce KPIs', () => {
    const old = JSON.parse(renderKpiJson(b)) as KpiReportInput;
    delete old.gate;
    delete old.workforce;
    delete old.methods.workforce;
    const result = mergeKpiReports([readBack(a), readBack(old)], { toolVersion: 'm', generatedAt: '2026-11-29T00:00:00.000Z' });
    expect(result.gate.models).toBe(6);
    expect(result.workforce.trend.reason).toBe('acme/other: the report predates the workforce KPI');
  });
});
