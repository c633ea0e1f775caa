// One organisation report from several repositories' JSON KPI reports. Inputs are validated against
// the KPI schema first; aggregates are then recomputed from the union of their models, and the carbon
// trends are interleaved by date with each repository's last total carried forward.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { aggregate, roundKg } from './aggregate.js';
import { kpiReportSchema } from './schema.js';
import type { CarbonTrend, KpiReport, TrendPoint } from './types.js';

let validator: ValidateFunction | undefined;

/** Validates parsed JSON against the KPI report schema; returns readable errors (empty when valid). */
export function validateKpiReport(data: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, formats: { 'date-time': isDateTime } }).compile(kpiReportSchema());
  if (validator(data)) return [];
  return (validator.errors ?? []).slice(0, 10).map(describe);
}

function isDateTime(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s));
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(top level)';
  const extra = e.keyword === 'additionalProperties' ? ` "${String((e.params as { additionalProperty: string }).additionalProperty)}"` : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}

export interface MergeOptions {
  toolVersion: string;
  generatedAt: string;
}

export function mergeKpiReports(reports: readonly KpiReport[], options: MergeOptions): KpiReport {
  if (reports.length === 0) throw new Error('nothing to merge');
  const repositories = reports.flatMap((r) => r.repositories);
  const seen = new Set<string>();
  for (const r of repositories) {
    if (seen.has(r.name)) throw new Error(`repository "${r.name}" appears in more than one report; name them apart (modelgate report --repository NAME)`);
    seen.add(r.name);
  }
  const asOf = reports.map((r) => r.asOf).reduce((a, b) => (b > a ? b : a));
  return aggregate({
    toolVersion: options.toolVersion,
    generatedAt: options.generatedAt,
    asOf,
    repositories,
    models: reports.flatMap((r) => r.models),
    trend: mergeTrends(reports.map((r) => ({ label: r.repositories.map((x) => x.name).join(', '), trend: r.carbon.trend }))),
  });
}

export function mergeTrends(inputs: readonly { label: string; trend: CarbonTrend }[]): CarbonTrend {
  const trends = inputs.map((x) => x.trend);
  const points = trends
    .flatMap((t) => t.points)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.date.localeCompare(b.p.date) || a.i - b.i)
    .map((x) => x.p);
  const totals = new Map<string, number>();
  const merged: TrendPoint[] = points.map((p) => {
    totals.set(p.repository, p.repositoryTotalKg);
    return { ...p, totalKg: roundKg([...totals.values()].reduce((a, b) => a + b, 0)) };
  });
  const reasons = inputs.flatMap((x) => (x.trend.reason ? [`${x.label}: ${x.trend.reason}`] : []));
  const trend: CarbonTrend = {
    status: trends.some((t) => t.status === 'ok') ? 'ok' : 'unavailable',
    shallow: trends.some((t) => t.shallow),
    commitsScanned: trends.reduce((n, t) => n + t.commitsScanned, 0),
    points: merged,
  };
  if (reasons.length > 0) trend.reason = [...new Set(reasons)].join('; ');
  return trend;
}
