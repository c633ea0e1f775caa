// The core's public entry: everything adapters/, cli/, action/ and app/ use from src/ is exported
// here or, for the check path alone, from src/check.ts (re-exported below), and ESLint refuses a
// deeper import from them. The core itself is pure (no file system, processes, environment or
// network): it is driven through ports (RepoReader, HistorySource) that adapters implement.
export * from './check.js';
export { IN_TOTO_PAYLOAD_TYPE, compareStatement, policyDigest, statementFileName, statementsFor, type Statement } from './attest/index.js';
export { Matcher, findModels, modelOf } from './discovery.js';
export { parseCroissant } from './evidence/croissant.js';
export { parseDatasheet } from './evidence/datasheet.js';
export { normaliseSha256 } from './evidence/hashFormat.js';
export { LFS_POINTER_MAX_BYTES, contentOid, looksLikeLfsPointer, parseLfsPointer } from './evidence/lfsPointer.js';
export { decodeText, isRecord, parseYaml } from './evidence/load.js';
export { locateFile } from './evidence/manifest.js';
export { frontMatterText } from './evidence/modelCard.js';
export { aggregate } from './kpi/aggregate.js';
export { readAuditDetails } from './kpi/audits.js';
export { renderCycloneDx } from './kpi/cyclonedx.js';
export { renderKpiHtml } from './kpi/html.js';
export { renderKpiJson } from './kpi/json.js';
export { renderKpiMarkdown } from './kpi/markdown.js';
export { mergeKpiReports, parseKpiReport } from './kpi/merge.js';
export { kpiReportJsonSchema, kpiReportSchema } from './kpi/schema.js';
export { kpiModels, kpiRepository } from './kpi/models.js';
export { readWorkforce } from './kpi/readWorkforce.js';
export { CardFactsReader } from './kpi/cardFacts.js';
export { carbonTrend, totalOf, type BlobResult, type HistoryCommit, type HistorySource, type PathChange } from './kpi/trend.js';
export { type CarbonTrend, type KpiModel, type KpiProgramme, type KpiReport, type KpiReportInput, type WorkforceTrend } from './kpi/types.js';
export { pickVendors } from './kpi/vendor.js';
export { renderVendorPack } from './kpi/vendorPack.js';
export { budgetOf, programmeStatus } from './kpi/workforce.js';
export { figuresOf, point, workforceTrend } from './kpi/workforceTrend.js';
export { normaliseRepoPath } from './paths.js';
export { floorViolations } from './policy/floor.js';
export { readConfigText, readPolicy } from './policy/fromRepo.js';
export { CHECK_PHRASES } from './report/phrases.js';
export { validateWaiver, type Waiver } from './waivers.js';
