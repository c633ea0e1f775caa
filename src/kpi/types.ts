// The KPI report (spec section 8): plain data, produced from one repository's evaluation or merged
// from several repositories' JSON reports. Every aggregate is derived from `models` (and the carbon
// trend), so a merge recomputes them exactly as a single repository would.
import type { CheckId, Level, Outcome, RiskTier, SafetyFact, Severity } from '../types.js';
import type { ReskillingProgramme } from '../evidence/workforce.js';
import { CHECK_GROUPS, POLICY_CHECK, groupOf, type CheckGroup } from '../checks/catalogue.js';

/** The check groups the report scores: every group of per-model checks, from the check catalogue. */
export type KpiGroup = Exclude<CheckGroup, 'policy'>;
export const KPI_GROUPS = CHECK_GROUPS.filter((g): g is KpiGroup => g !== groupOf(POLICY_CHECK));

export const VENDOR_ITEMS = ['card', 'datasetProvenance', 'audit', 'carbon', 'exportControl', 'safetyTesting'] as const;
export type VendorItem = (typeof VENDOR_ITEMS)[number];

export const TIER_KEYS = ['prohibited', 'high', 'limited', 'minimal', 'unset'] as const;
export type TierKey = (typeof TIER_KEYS)[number];

/** Check outcomes counted, and the score they give (see `methods.compliance`). */
export interface Score {
  pass: number;
  fail: number;
  warn: number;
  error: number;
  waived: number;
  skipped: number;
  /** pass + fail + warn + error: the denominator. */
  evaluated: number;
  /** pass / evaluated, 0..1 rounded to 4 decimals; null when nothing was evaluated. */
  score: number | null;
}

export interface KpiAudit {
  id: string;
  file: string;
  date?: string;
  /** Days from the audit date to the report date. */
  ageDays?: number;
  independent: boolean;
  auditor?: string;
  standard?: string;
  report?: { url?: string; path?: string; sha256?: string };
}

export interface KpiFinding {
  audit: string;
  auditFile: string;
  auditDate?: string;
  id: string;
  title: string;
  severity: Severity;
  status: string;
  due?: string;
  owner?: string;
  /** Days since the audit that raised it (findings carry no date of their own). */
  ageDays?: number;
  /** Days past `due` while still open; absent when not overdue. */
  overdueDays?: number;
}

export interface KpiDatasetFile {
  path: string;
  sha256?: string;
  size?: number;
  verified: boolean;
  /** Why the file is not verified: SHA-256 mismatch, not found, size mismatch, no verifiable hash… */
  problem?: string;
}

export interface KpiDataset {
  ref: string;
  manifest?: string;
  name?: string;
  license?: string;
  files: KpiDatasetFile[];
}

export interface KpiCarbon {
  kg: number;
  kwh?: number;
  original: string;
  source: string;
  file: string;
}

export type VendorChecklist = Record<VendorItem, boolean>;

export interface KpiModel {
  repository: string;
  path: string;
  name: string;
  riskTier: RiskTier | null;
  outcome: 'pass' | 'fail';
  card?: string;
  owner?: string;
  license: string[];
  vendor?: { name: string; contract?: string };
  exportControl?: { classification?: string; reviewed?: string; jurisdictions?: string[] };
  compliance: { overall: Score; byGroup: Record<KpiGroup, Score> };
  checks: { id: CheckId; level: Exclude<Level, 'off'>; outcome: Outcome }[];
  audit: {
    /** The policy's audit.fresh max_age_days for this model's tier. */
    limitDays: number;
    /** Covering audits, newest first. */
    audits: KpiAudit[];
    /** An independent audit at most `limitDays` old (and not dated in the future). */
    independentFresh: boolean;
  };
  findings: KpiFinding[];
  datasets: KpiDataset[];
  carbon?: KpiCarbon;
  /** Only for third-party models (`governance.vendor`). */
  vendorChecklist?: VendorChecklist;
  /** Safety evaluations (bias, red-team) covering the model, newest first. */
  safety?: SafetyFact[];
  /** The card's governance.workforce: roles affected and their total FTE. */
  workforce?: { fte: number; roles: { role: string; fte: number }[]; assessed?: string };
}

/** A reskilling programme of a repository's .github/modelgate-workforce.yml, with where it was declared. */
export type KpiProgramme = Omit<ReskillingProgramme, 'line'> & { repository: string; file: string };

export interface Budget {
  currency: string;
  amount: number;
}

export interface WorkforceTrendPoint {
  /** Commit time, ISO 8601 UTC (the report time for the uncommitted working tree). */
  date: string;
  commit: string | null;
  repository: string;
  /** Totals over all repositories after this change (carried forward in a merge). */
  exposureFte: number;
  headcount: number;
  budget: Budget[];
  /** The same figures for `repository` alone. */
  repositoryExposureFte: number;
  repositoryHeadcount: number;
  repositoryBudget: Budget[];
}

export interface WorkforceTrend {
  status: 'ok' | 'unavailable';
  reason?: string;
  shallow: boolean;
  /** Commits that changed a card or the workforce file (first-parent history of HEAD). */
  commitsScanned: number;
  points: WorkforceTrendPoint[];
}

export interface KpiRepository {
  name: string;
  asOf: string;
  generatedAt: string;
  verdict: 'pass' | 'fail';
  models: number;
  policy: { source: string; extends: string | null; errors: string[] };
  /** The commit HEAD pointed at, when the repository is a git checkout. */
  head?: string;
  /** The workforce file, when the repository has one; `errors` say why its programmes are not counted. */
  workforce?: { file: string; programmes: number; errors: string[] };
}

export interface HighRiskEntry {
  repository: string;
  path: string;
  name: string;
  ok: boolean;
  limitDays: number;
  audit?: { id: string; date?: string; ageDays?: number; auditor?: string };
  reason: string;
}

export interface OpenFinding {
  repository: string;
  audit: string;
  auditFile: string;
  id: string;
  title: string;
  severity: Severity;
  due?: string;
  owner?: string;
  auditDate?: string;
  ageDays?: number;
  overdueDays?: number;
  /** Model paths the finding's audit covers (and that list the audit). */
  models: string[];
}

export const AGE_BUCKETS = ['0-30', '31-90', '91-180', '181-365', '>365', 'unknown'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export interface UnverifiedDataset {
  repository: string;
  ref: string;
  manifest?: string;
  name?: string;
  reason: string;
  files: number;
  verifiedFiles: number;
  models: string[];
}

export interface VendorSummary {
  name: string;
  models: { repository: string; path: string; name: string; contract?: string; checklist: VendorChecklist; score: number }[];
  items: Record<VendorItem, { met: number; total: number }>;
  /** Items met / (items x models), 0..1. */
  score: number;
}

export interface TrendPoint {
  /** Commit time, ISO 8601 UTC (the report time for the uncommitted working tree). */
  date: string;
  /** null for the working tree when it differs from HEAD. */
  commit: string | null;
  repository: string;
  /** Total kg CO2eq over all tracked models after this change (all repositories in a merge). */
  totalKg: number;
  /** Total of `repository` alone after this change. */
  repositoryTotalKg: number;
  /** Models of `repository` with a carbon figure after this change. */
  models: number;
  changes: { model: string; kg: number | null }[];
}

export interface CarbonTrend {
  status: 'ok' | 'unavailable';
  reason?: string;
  /** True when a repository's history is a shallow clone: the trend starts at its oldest fetched commit. */
  shallow: boolean;
  /** Commits that changed a card or carbon report (first-parent history of HEAD). */
  commitsScanned: number;
  points: TrendPoint[];
}

/** The board pack's first line: how many models fail the gate, and the checks that fail them most. */
export interface GateSummary {
  models: number;
  failing: number;
  /** Per check, the models it blocks (a failure or an error at level error); most models first. */
  reasons: { check: CheckId; phrase: string; models: number }[];
  /** "2 of 3 models fail the gate: audit missing (1), dataset hashes unverified (1)". */
  headline: string;
}

export interface KpiReport {
  schemaVersion: 1;
  kind: 'modelgate-kpi';
  tool: { name: 'modelgate'; version: string };
  generatedAt: string;
  /** The date ages and due dates are computed against (the latest one in a merge). */
  asOf: string;
  /** First, before any percentage: how many models fail and why. */
  gate: GateSummary;
  repositories: KpiRepository[];
  /** How each figure is computed, in words; every renderer prints these. */
  methods: Record<'compliance' | 'highRiskAudit' | 'findings' | 'datasets' | 'vendors' | 'carbon' | 'workforce', string>;
  tiers: Record<TierKey, number>;
  highRiskAudit: { models: number; covered: number; share: number | null; entries: HighRiskEntry[] };
  compliance: { overall: Score; byGroup: Record<KpiGroup, Score> };
  findings: {
    open: number;
    overdue: number;
    bySeverity: Record<Severity, number>;
    byAge: { bucket: AgeBucket; total: number; bySeverity: Record<Severity, number> }[];
    /** Open findings: overdue first (most overdue first), then by severity, then oldest first. */
    items: OpenFinding[];
  };
  datasets: { total: number; verified: number; unverified: UnverifiedDataset[] };
  vendors: VendorSummary[];
  carbon: {
    totalKg: number;
    /** Sum over the models whose energy is known. */
    totalKwh: number;
    modelsWithFigure: number;
    modelsWithEnergy: number;
    withoutFigure: { repository: string; path: string; name: string }[];
    trend: CarbonTrend;
  };
  /** Reskilling against automation exposure (board KPI). Absent only in reports written before it. */
  workforce: {
    /** FTE affected, summed over the models' cards. */
    exposureFte: number;
    /** Headcount of the programmes running on the report date, each counted once. */
    headcount: number;
    /** headcount / exposureFte, 4 decimals; null when no FTE is affected. */
    coverage: number | null;
    /** Budgets of the running programmes, per currency. */
    budget: Budget[];
    /** Models with FTE affected or covered by a running programme, least covered first. */
    models: { repository: string; path: string; name: string; fte: number; headcount: number; coverage: number | null; programmes: string[] }[];
    programmes: (KpiProgramme & { status: 'running' | 'planned' | 'ended'; covers: string[] })[];
    trend: WorkforceTrend;
  };
  models: KpiModel[];
}
