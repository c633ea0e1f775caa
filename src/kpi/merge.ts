// One organisation report from several repositories' JSON KPI reports. Inputs are validated against
// the KPI report's zod schema first; aggregates are then recomputed from the union of their models,
// and the carbon trends are interleaved by date with each repository's last total carried forward.
import { aggregate, roundKg } from './aggregate.js';
import { kpiReportInputSchema } from './schema.js';
import { parseWith } from '../jsonSchema.js';
import type { CarbonTrend, KpiProgramme, KpiReport, KpiReportInput, TrendPoint, WorkforceTrend, WorkforceTrendPoint } from './types.js';
import { budgetOf } from './workforce.js';

/** Parsed JSON read as a KPI report, or what is wrong with it (at most 10 problems, each "/json/pointer: message"). */
export function parseKpiReport(data: unknown): { ok: true; report: KpiReportInput } | { ok: false; errors: string[] } {
  const parsed = parseWith(kpiReportInputSchema, data);
  return parsed.ok ? { ok: true, report: parsed.value } : parsed;
}

export interface MergeOptions {
  toolVersion: string;
  generatedAt: string;
}

export function mergeKpiReports(reports: readonly KpiReportInput[], options: MergeOptions): KpiReport {
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
  return mergeHistories<WorkforceTrendPoint, WorkforceTrend>(inputs, (p, latest) => ({
    ...p,
    exposureFte: roundKg(latest.reduce((n, x) => n + x.repositoryExposureFte, 0)),
    headcount: latest.reduce((n, x) => n + x.repositoryHeadcount, 0),
    budget: budgetOf(latest.flatMap((x) => x.repositoryBudget.map((b) => ({ budget: b })))),
  }));
}

export function mergeTrends(inputs: readonly { label: string; trend: CarbonTrend }[]): CarbonTrend {
  return mergeHistories<TrendPoint, CarbonTrend>(inputs, (p, latest) => ({ ...p, totalKg: roundKg(latest.reduce((n, x) => n + x.repositoryTotalKg, 0)) }));
}

/**
 * Several repositories' trends as one: every point in date order (ties keep input order), each
 * recomputed by `total` from the latest point of every repository so far, so an organisation's
 * figure at a date is the sum of each repository's figure then.
 */
function mergeHistories<P extends { date: string; repository: string }, T extends { status: 'ok' | 'unavailable'; reason?: string; shallow: boolean; commitsScanned: number; points: P[] }>(
  inputs: readonly { label: string; trend: T }[],
  total: (point: P, latest: P[]) => P,
): T {
  const ordered = inputs
    .flatMap((x) => x.trend.points)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.date.localeCompare(b.p.date) || a.i - b.i)
    .map((x) => x.p);
  const latest = new Map<string, P>();
  const points = ordered.map((p) => {
    latest.set(p.repository, p);
    return total(p, [...latest.values()]);
  });
  const reasons = inputs.flatMap((x) => (x.trend.reason ? [`${x.label}: ${x.trend.reason}`] : []));
  const trend = {
    status: inputs.some((x) => x.trend.status === 'ok') ? 'ok' : 'unavailable',
    shallow: inputs.some((x) => x.trend.shallow),
    commitsScanned: inputs.reduce((n, x) => n + x.trend.commitsScanned, 0),
    points,
  } as T;
  if (reasons.length > 0) trend.reason = [...new Set(reasons)].join('; ');
  return trend;
}
