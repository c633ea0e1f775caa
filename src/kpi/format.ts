// Number and label formatting shared by the Markdown and HTML renderers, and the trend sampling for charts.
import { formatKg } from '../evidence/carbon.js';
import type { KpiReport, Score, TierKey, TrendPoint, VendorItem } from './types.js';

export { formatKg };

export function percent(share: number | null): string {
  if (share === null) return '—';
  const p = share * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)} %`;
}

export function scoreText(s: Score): string {
  const extra = [s.waived ? `${s.waived} waived` : '', s.skipped ? `${s.skipped} skipped` : ''].filter(Boolean).join(', ');
  return `${percent(s.score)} (${s.pass} of ${s.evaluated})${extra ? `; ${extra}` : ''}`;
}

export const TIER_LABEL: Record<TierKey, string> = {
  prohibited: 'prohibited',
  high: 'high',
  limited: 'limited',
  minimal: 'minimal',
  unset: 'not set',
};

/** Risk-tier colours shared by the HTML bars and the Mermaid pie. */
export const TIER_COLOR: Record<TierKey, string> = { prohibited: '#6e0000', high: '#cf222e', limited: '#bf8700', minimal: '#1a7f37', unset: '#8c959f' };

export const VENDOR_LABEL: Record<VendorItem, string> = {
  card: 'Model card',
  datasetProvenance: 'Dataset provenance',
  audit: 'Independent audit',
  carbon: 'Carbon',
  exportControl: 'Export-control review',
  safetyTesting: 'Bias and red-team testing',
};

export function repositoriesLabel(kpi: KpiReport): string {
  const names = kpi.repositories.map((r) => r.name);
  return names.length <= 3 ? names.join(', ') : `${names.length} repositories`;
}

/** Model label: path, prefixed with its repository when the report covers several. */
export function modelLabel(kpi: KpiReport, m: { repository: string; path: string }): string {
  const path = m.path === '' ? '.' : m.path;
  return kpi.repositories.length > 1 ? `${m.repository}:${path}` : path;
}

/** Chart unit: tonnes when the largest value reaches 10 t, else kilograms. */
export function carbonUnit(maxKg: number): { unit: 'kg' | 't'; factor: number } {
  return maxKg >= 10_000 ? { unit: 't', factor: 1 / 1000 } : { unit: 'kg', factor: 1 };
}

export function round3(n: number): number {
  return Number(n.toPrecision(4));
}

/**
 * At most `max` points for a chart: the last point of each day, then evenly spaced days (the first
 * and the last always kept). The JSON report keeps every point.
 */
export function sampleTrend<P extends Pick<TrendPoint, 'date'>>(points: readonly P[], max: number): P[] {
  const byDay = new Map<string, P>();
  for (const p of points) byDay.set(p.date.slice(0, 10), p);
  const days = [...byDay.values()];
  if (days.length <= max) return days;
  const out: P[] = [];
  for (let i = 0; i < max; i++) {
    const p = days[Math.round((i * (days.length - 1)) / (max - 1))];
    if (p && out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

/** FTE figures: at most two decimals ("12", "1.5", "0.33"). */
export function fteText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Why a workforce file's programmes are not counted, per repository. */
export function workforceErrors(kpi: KpiReport): { repository: string; errors: string[] }[] {
  return kpi.repositories.flatMap((r) => (r.workforce && r.workforce.errors.length > 0 ? [{ repository: r.name, errors: r.workforce.errors }] : []));
}

/** Headings of the "How these figures are computed" section, shared by the Markdown and HTML reports. */
export const METHOD_LABELS: Record<keyof KpiReport['methods'], string> = {
  compliance: 'Compliance score',
  highRiskAudit: 'High-risk audit coverage',
  findings: 'Open findings',
  datasets: 'Verified datasets',
  vendors: 'Third-party models',
  carbon: 'Carbon',
  workforce: 'Workforce',
};
export const METHOD_KEYS = Object.keys(METHOD_LABELS) as (keyof KpiReport['methods'])[];
