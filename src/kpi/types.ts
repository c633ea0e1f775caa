// The KPI report (spec section 8): plain data, produced from one repository's evaluation or merged
// from several repositories' JSON reports. Every aggregate is derived from `models` (and the carbon
// trend), so a merge recomputes them exactly as a single repository would. The report's types come
// from its zod schema (./schema.ts); the key lists it is built from live here.
import { CHECK_GROUPS, POLICY_CHECK, groupOf, type CheckGroup } from '../checks/catalogue.js';

/** The check groups the report scores: every group of per-model checks, from the check catalogue. */
export type KpiGroup = Exclude<CheckGroup, 'policy'>;
export const KPI_GROUPS = CHECK_GROUPS.filter((g): g is KpiGroup => g !== groupOf(POLICY_CHECK));

export const VENDOR_ITEMS = ['card', 'datasetProvenance', 'audit', 'carbon', 'exportControl', 'safetyTesting'] as const;
export type VendorItem = (typeof VENDOR_ITEMS)[number];

export const TIER_KEYS = ['prohibited', 'high', 'limited', 'minimal', 'unset'] as const;
export type TierKey = (typeof TIER_KEYS)[number];

export const AGE_BUCKETS = ['0-30', '31-90', '91-180', '181-365', '>365', 'unknown'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export type {
  Budget,
  CarbonTrend,
  GateSummary,
  HighRiskEntry,
  KpiAudit,
  KpiCarbon,
  KpiDataset,
  KpiDatasetFile,
  KpiFinding,
  KpiModel,
  KpiProgramme,
  KpiReport,
  KpiReportInput,
  KpiRepository,
  OpenFinding,
  Score,
  TrendPoint,
  UnverifiedDataset,
  VendorChecklist,
  VendorSummary,
  WorkforceTrend,
  WorkforceTrendPoint,
} from './schema.js';
