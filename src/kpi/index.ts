// Public API of the KPI report (spec section 8), for the CLI and the Action's `mode: report`.
// Building one from a checkout on disk is an adapter's job: adapters/kpi/build.ts.
export { renderKpiMarkdown, type KpiMarkdownOptions } from './markdown.js';
export { renderKpiHtml, type KpiHtmlOptions } from './html.js';
export { renderKpiJson } from './json.js';
export { renderCycloneDx, buildCycloneDx } from './cyclonedx.js';
export { mergeKpiReports, parseKpiReport } from './merge.js';
export { kpiReportJsonSchema, kpiReportSchema } from './schema.js';
export type * from './types.js';
