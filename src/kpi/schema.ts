// The KPI report (spec section 8), one zod source for three things: the TypeScript types of the
// report (./types.ts re-exports them), the validation of the reports `modelgate report --merge` reads
// back (./merge.ts), and the published JSON Schema (`npm run schemas` writes
// schema/kpi-report.schema.json). Properties are listed in the order the report writes them, so a
// report read back and written again keeps its layout.
import { z } from 'zod';
import { CHECK_IDS, OUTCOMES, RISK_TIERS, SEVERITIES } from '../types.js';
import { reportSchemas } from '../report/schema.js';
import { AGE_BUCKETS, KPI_GROUPS, TIER_KEYS, VENDOR_ITEMS } from './types.js';
import { jsonSchemaOf } from '../jsonSchema.js';

export const KPI_SCHEMA_ID = 'https://github.com/modelgate/modelgate/schema/kpi-report.schema.json';

const str = z.string();
const strList = z.array(str);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const dateTime = z.iso.datetime({ offset: true });
const count = z.int().min(0);
const days = z.int();
const share = z.number().min(0).max(1);
const amount = z.number().min(0);
const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
const severity = z.enum(SEVERITIES);
const modelPaths = z.array(str).min(1).describe('Model paths the entry concerns.');
const trendStatus = z.enum(['ok', 'unavailable']);

/** A strict object with the same schema under each key. */
function keyed<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

const score = z
  .strictObject({
    pass: count,
    fail: count,
    warn: count,
    error: count,
    waived: count,
    skipped: count,
    evaluated: count.describe('pass + fail + warn + error: the denominator.'),
    score: share.nullable().describe('pass / evaluated, 0..1 rounded to 4 decimals; null when nothing was evaluated.'),
  })
  .meta({ id: 'score', description: 'Check outcomes counted, and the score they give (see `methods.compliance`).' });

const compliance = z.strictObject({ overall: score, byGroup: keyed(KPI_GROUPS, score) });

const audit = z
  .strictObject({
    id: str,
    file: str,
    independent: z.boolean(),
    date: date.optional(),
    ageDays: days.describe('Days from the audit date to the report date.').optional(),
    auditor: str.optional(),
    standard: str.optional(),
    report: z.strictObject({ url: str.optional(), path: str.optional(), sha256: str.optional() }).optional(),
  })
  .meta({ id: 'audit', description: 'An audit covering the model.' });

const finding = z
  .strictObject({
    audit: str,
    auditFile: str,
    id: str,
    title: str,
    severity,
    status: str,
    auditDate: date.optional(),
    due: date.optional(),
    owner: str.optional(),
    ageDays: days.describe('Days since the audit that raised it (findings carry no date of their own).').optional(),
    overdueDays: z.int().min(1).describe('Days past `due` while still open; absent when not overdue.').optional(),
  })
  .meta({ id: 'finding', description: "A finding of an audit covering the model." });

const datasetFile = z.strictObject({
  path: str,
  verified: z.boolean(),
  sha256: str.optional(),
  size: count.optional(),
  problem: str.describe('Why the file is not verified: SHA-256 mismatch, not found, size mismatch, no verifiable hash…').optional(),
});

const dataset = z
  .strictObject({ ref: str, manifest: str.optional(), name: str.optional(), license: str.optional(), files: z.array(datasetFile) })
  .meta({ id: 'dataset', description: 'A dataset the card lists, with its manifest and the verification of each file.' });

const carbonFigure = z.strictObject({ kg: amount, original: str, source: str, file: str, kwh: amount.optional() });

const vendorChecklist = keyed(VENDOR_ITEMS, z.boolean());

const model = z
  .strictObject({
    repository: str,
    path: str,
    name: str,
    riskTier: z.enum(RISK_TIERS).nullable(),
    outcome: z.enum(['pass', 'fail']),
    license: strList,
    compliance,
    checks: z.array(z.strictObject({ id: z.enum(CHECK_IDS), level: z.enum(['error', 'warn']), outcome: z.enum(OUTCOMES) })),
    audit: z.strictObject({
      limitDays: count.describe("The policy's audit.fresh max_age_days for this model's tier."),
      audits: z.array(audit).describe('Covering audits, newest first.'),
      independentFresh: z.boolean().describe('An independent audit at most `limitDays` old (and not dated in the future).'),
    }),
    findings: z.array(finding),
    datasets: z.array(dataset),
    card: str.optional(),
    owner: str.optional(),
    vendor: z.strictObject({ name: str, contract: str.optional() }).optional(),
    exportControl: z.strictObject({ classification: str.optional(), reviewed: str.optional(), jurisdictions: strList.optional() }).optional(),
    carbon: carbonFigure.optional(),
    safety: z.array(reportSchemas().safetyFact).describe('Safety evaluations (bias, red-team) covering the model, newest first.').optional(),
    vendorChecklist: vendorChecklist.describe('Only for third-party models (`governance.vendor`).').optional(),
    workforce: z
      .strictObject({ fte: amount, roles: z.array(z.strictObject({ role: str, fte: amount })), assessed: date.optional() })
      .describe("The card's governance.workforce: roles affected and their total FTE.")
      .optional(),
  })
  .meta({ id: 'model', description: 'One model: the per-model record every aggregate is computed from.' });

const repository = z.strictObject({
  name: str,
  asOf: date,
  generatedAt: dateTime,
  verdict: z.enum(['pass', 'fail']),
  models: count,
  policy: z.strictObject({ source: str, extends: str.nullable(), errors: strList }),
  head: sha.describe('The commit HEAD pointed at, when the repository is a git checkout.').optional(),
  workforce: z
    .strictObject({ file: str, programmes: count, errors: strList })
    .describe('The workforce file, when the repository has one; `errors` say why its programmes are not counted.')
    .optional(),
});

const commitTime = dateTime.describe('Commit time, ISO 8601 UTC (the report time for the uncommitted working tree).');
const commit = sha.nullable().describe('null for the working tree when it differs from HEAD.');

const trendPoint = z
  .strictObject({
    date: commitTime,
    commit,
    repository: str,
    totalKg: amount.describe('Total kg CO2eq over all tracked models after this change (all repositories in a merge).'),
    repositoryTotalKg: amount.describe('Total of `repository` alone after this change.'),
    models: count.describe('Models of `repository` with a carbon figure after this change.'),
    changes: z.array(z.strictObject({ model: str, kg: amount.nullable() })),
  })
  .meta({ id: 'trendPoint', description: 'A commit that changed a carbon figure.' });

const budget = z.array(z.strictObject({ currency: str, amount }));

const workforceTrendPoint = z
  .strictObject({
    date: commitTime,
    commit,
    repository: str,
    exposureFte: amount.describe('Totals over all repositories after this change (carried forward in a merge).'),
    headcount: count,
    budget,
    repositoryExposureFte: amount.describe('The same figures for `repository` alone.'),
    repositoryHeadcount: count,
    repositoryBudget: budget,
  })
  .meta({ id: 'workforceTrendPoint', description: 'A commit that changed a card or the workforce file.' });

/** The fields of a trend common to the carbon and workforce trends. */
function trendOf<P extends z.ZodType>(point: P, scanned: string) {
  return z.strictObject({
    status: trendStatus,
    shallow: z.boolean().describe("True when a repository's history is a shallow clone: the trend starts at its oldest fetched commit."),
    commitsScanned: count.describe(scanned),
    points: z.array(point),
    reason: str.optional(),
  });
}

const carbonTrend = trendOf(trendPoint, 'Commits that changed a card or carbon report (first-parent history of HEAD).');
const workforceTrend = trendOf(workforceTrendPoint, 'Commits that changed a card or the workforce file (first-parent history of HEAD).');

/** A reskilling programme of a repository's .github/modelgate-workforce.yml, with where it was declared. */
const programme = z.strictObject({
  repository: str,
  file: str,
  name: str,
  headcount: count,
  budget: z.strictObject({ amount, currency: str }),
  period: z.strictObject({ start: date, end: date }),
  roles: strList.describe('Roles the programme reskills (matched to card roles, case-insensitive).'),
  models: strList.describe('Model directories whose affected staff the programme covers.'),
});

const coverage = z.number().min(0).nullable();

const workforce = z
  .strictObject({
    exposureFte: amount.describe("FTE affected, summed over the models' cards."),
    headcount: count.describe('Headcount of the programmes running on the report date, each counted once.'),
    coverage: coverage.describe('headcount / exposureFte, 4 decimals; null when no FTE is affected.'),
    budget: budget.describe('Budgets of the running programmes, per currency.'),
    models: z
      .array(z.strictObject({ repository: str, path: str, name: str, fte: amount, headcount: count, coverage, programmes: strList }))
      .describe('Models with FTE affected or covered by a running programme, least covered first.'),
    programmes: z.array(programme.extend({ status: z.enum(['running', 'planned', 'ended']), covers: strList })),
    trend: workforceTrend,
  })
  .describe('Reskilling against automation exposure (board KPI).');

const gate = z
  .strictObject({
    models: count,
    failing: count,
    reasons: z
      .array(z.strictObject({ check: z.enum(CHECK_IDS), phrase: str, models: count }))
      .describe('Per check, the models it blocks (a failure or an error at level error); most models first.'),
    headline: str.describe('"2 of 3 models fail the gate: audit missing (1), dataset hashes unverified (1)".'),
  })
  .describe("The board pack's first line: how many models fail the gate, and the checks that fail them most.");

const highRiskEntry = z.strictObject({
  repository: str,
  path: str,
  name: str,
  ok: z.boolean(),
  limitDays: count,
  reason: str,
  audit: z.strictObject({ id: str, date: date.optional(), ageDays: days.optional(), auditor: str.optional() }).optional(),
});

const openFinding = z.strictObject({
  repository: str,
  audit: str,
  auditFile: str,
  id: str,
  title: str,
  severity,
  models: modelPaths.describe("Model paths the finding's audit covers (and that list the audit)."),
  due: date.optional(),
  owner: str.optional(),
  auditDate: date.optional(),
  ageDays: days.optional(),
  overdueDays: z.int().min(1).optional(),
});

const unverifiedDataset = z.strictObject({
  repository: str,
  ref: str,
  reason: str,
  files: count,
  verifiedFiles: count,
  models: modelPaths,
  manifest: str.optional(),
  name: str.optional(),
});

const vendorSummary = z.strictObject({
  name: str,
  models: z
    .array(z.strictObject({ repository: str, path: str, name: str, checklist: vendorChecklist, score: share, contract: str.optional() }))
    .min(1),
  items: keyed(VENDOR_ITEMS, z.strictObject({ met: count, total: count })),
  score: share.describe("Items met / (items x models), 0..1."),
});

const methods = z
  .strictObject({ compliance: str, highRiskAudit: str, findings: str, datasets: str, vendors: str, carbon: str, workforce: str })
  .describe('How each figure is computed, in words; every renderer prints these.');

const modelRef = z.strictObject({ repository: str, path: str, name: str });

/** The KPI report as modelgate writes it. */
export const kpiReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  kind: z.literal('modelgate-kpi'),
  tool: z.strictObject({ name: z.literal('modelgate'), version: str }),
  generatedAt: dateTime,
  asOf: date.describe('The date ages and due dates are computed against (the latest one in a merge).'),
  gate,
  repositories: z.array(repository).min(1),
  methods,
  tiers: keyed(TIER_KEYS, count),
  highRiskAudit: z.strictObject({ models: count, covered: count, share: share.nullable(), entries: z.array(highRiskEntry) }),
  compliance,
  findings: z.strictObject({
    open: count,
    overdue: count,
    bySeverity: keyed(SEVERITIES, count),
    byAge: z.array(z.strictObject({ bucket: z.enum(AGE_BUCKETS), total: count, bySeverity: keyed(SEVERITIES, count) })),
    items: z.array(openFinding).describe('Open findings: overdue first (most overdue first), then by severity, then oldest first.'),
  }),
  datasets: z.strictObject({ total: count, verified: count, unverified: z.array(unverifiedDataset) }),
  vendors: z.array(vendorSummary),
  carbon: z.strictObject({
    totalKg: amount,
    totalKwh: amount.describe('Sum over the models whose energy is known.'),
    modelsWithFigure: count,
    modelsWithEnergy: count,
    withoutFigure: z.array(modelRef),
    trend: carbonTrend,
  }),
  workforce,
  models: z.array(model),
});

/**
 * What `modelgate report --merge` accepts, and what schema/kpi-report.schema.json publishes: a
 * report as written, where `gate`, `workforce` and `methods.workforce` may be absent so that reports
 * written before them still merge.
 */
export const kpiReportInputSchema = kpiReportSchema.extend({
  gate: gate.optional(),
  methods: methods.partial({ workforce: true }),
  workforce: workforce.optional(),
});

export type Score = z.output<typeof score>;
export type KpiAudit = z.output<typeof audit>;
export type KpiFinding = z.output<typeof finding>;
export type KpiDatasetFile = z.output<typeof datasetFile>;
export type KpiDataset = z.output<typeof dataset>;
export type KpiCarbon = z.output<typeof carbonFigure>;
export type VendorChecklist = z.output<typeof vendorChecklist>;
export type KpiModel = z.output<typeof model>;
export type KpiProgramme = z.output<typeof programme>;
export type Budget = z.output<typeof budget>[number];
export type TrendPoint = z.output<typeof trendPoint>;
export type CarbonTrend = z.output<typeof carbonTrend>;
export type WorkforceTrendPoint = z.output<typeof workforceTrendPoint>;
export type WorkforceTrend = z.output<typeof workforceTrend>;
export type KpiRepository = z.output<typeof repository>;
export type HighRiskEntry = z.output<typeof highRiskEntry>;
export type OpenFinding = z.output<typeof openFinding>;
export type UnverifiedDataset = z.output<typeof unverifiedDataset>;
export type VendorSummary = z.output<typeof vendorSummary>;
export type GateSummary = z.output<typeof gate>;
export type KpiReport = z.output<typeof kpiReportSchema>;
/** A report `--merge` reads: one written by any modelgate version with schemaVersion 1. */
export type KpiReportInput = z.output<typeof kpiReportInputSchema>;

/** The published JSON Schema (draft-07): what `npm run schemas` writes. */
export function kpiReportJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(kpiReportInputSchema, {
    $id: KPI_SCHEMA_ID,
    title: 'modelgate KPI report',
    description: 'Output of `modelgate report --format json` (schemaVersion 1), and input of `modelgate report --merge`. See docs/report.md for what each figure means.',
  });
}
