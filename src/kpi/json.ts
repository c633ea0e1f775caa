// The KPI report as JSON (schema/kpi-report.schema.json).
import type { KpiReport } from './types.js';

export function renderKpiJson(kpi: KpiReport): string {
  return JSON.stringify(kpi, null, 2) + '\n';
}
