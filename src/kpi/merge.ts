// One organisation report from several repositories' JSON KPI reports. Inputs are validated against
// the KPI schema first; aggregates are then recomputed from the union of their models, and the carbon
// trends are interleaved by date with each repository's last total carried forward.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { aggregate, roundKg } from './aggregate.js';
import { kpiReportSchema } from './schema.js';
import type { CarbonTrend, KpiProgramme, KpiReport, TrendPoint, WorkforceTrend, WorkforceTrendPoint } from './types.js';
import { budgetOf } from './workforce.js';

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
    programmes: reports.flatMap((r) => (r.workforce?.programmes ?? []).map(programmeOnly)),
    workforceTrend: mergeWorkforceTrends(reports.map((r) => ({ label: r.repositories.map((x) => x.name).join(', '), trend: r.workforce?.trend ?? absent }))),
  });
}

const absent: WorkforceTrend = { status: 'unavailable', reason: 'the report predates the workforce KPI', shallow: false, commitsScanned: 0, points: [] };

/** A programme as its repository declared it, without the figures the report derived from it. */
function programmeOnly(p: KpiProgramme): KpiProgramme {
  return { repository: p.repository, file: p.file, name: p.name, headcount: p.headcount, budget: { ...p.budget }, period: { ...p.period }, roles: [...p.roles], models: [...p.models] };
}

/** Workforce points interleaved by date, each repository's last figures carried forward into the totals. */
export function mergeWorkforceTrends(inputs: readonly { label: string; trend: WorkforceTrend }[]): WorkforceTrend {
  const ordered = inputs
    .flatMap((x) => x.trend.points)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.date.localeCompare(b.p.date) || a.i - b.i)
    .map((x) => x.p);
  const latest = new Map<string, WorkforceTrendPoint>();
  const points = ordered.map((p) => {
    latest.set(p.repository, p);
    const all = [...latest.values()];
    const budget = budgetOf(all.flatMap((x) => x.repositoryBudget.map((b) => ({ budget: b }))));
    return { ...p, exposureFte: roundKg(all.reduce((n, x) => n + x.repositoryExposureFte, 0)), headcount: all.reduce((n, x) => n + x.repositoryHeadcount, 0), budget };
  });
  const reasons = inputs.flatMap((x) => (x.trend.reason ? [`${x.label}: ${x.trend.reason}`] : []));
  const trend: WorkforceTrend = {
    status: inputs.some((x) => x.trend.status === 'ok') ? 'ok' : 'unavailable',
    shallow: inputs.some((x) => x.trend.shallow),
    commitsScanned: inputs.reduce((n, x) => n + x.trend.commitsScanned, 0),
    points,
  };
  if (reasons.length > 0) trend.reason = [...new Set(reasons)].join('; ');
  return trend;
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
