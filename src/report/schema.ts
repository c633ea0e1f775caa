// The report every surface renders (spec section 7), one zod source for two things: its TypeScript
// types (src/types.ts re-exports them) and the published JSON Schema (`npm run schemas` writes
// schema/report.schema.json, check ids and all, from the check catalogue).
import { z } from 'zod';
import { RISK_TIERS, SEVERITIES } from '../vocabulary.js';
import { CHECK_IDS } from '../checks/catalogue.js';
import { jsonSchemaOf } from '../jsonSchema.js';
import { SAFETY_KINDS } from '../evidence/safety.js';

export const OUTCOMES = ['pass', 'fail', 'warn', 'waived', 'skipped', 'error'] as const;
export const WAIVER_REASONS = ['not-applicable', 'accepted-risk', 'evidence-pending', 'false-positive'] as const;

/**
 * The zod schemas, built on first use rather than at load: every command loads this module for its
 * constants and types, and only the JSON Schema and the KPI report's merge need the schemas.
 */
function build() {
  const str = z.string();
  const strList = z.array(str);
  const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ id: 'date' });
  const count = z.int().min(0);
  const checkId = z.enum(CHECK_IDS).meta({ id: 'checkId' });
  const outcome = z.enum(OUTCOMES).meta({ id: 'outcome' });
  const reason = z.enum(WAIVER_REASONS).meta({ id: 'reason' });
  const severity = z.enum(SEVERITIES);

  const waiverRef = z.strictObject({ reason, approver: str, expires: date, note: str.optional(), source: str });

  const checkResult = z
    .strictObject({
      id: checkId,
      level: z.enum(['error', 'warn']),
      outcome,
      message: str.describe('One line naming the missing or wrong evidence.'),
      file: str.describe('Repository path the result applies to.').optional(),
      line: z.int().min(1).optional(),
      hint: str.describe('How to fix it.').optional(),
      waiver: waiverRef.optional(),
    })
    .meta({ id: 'check' });

  const carbonFigure = z
    .strictObject({
      kg: z.number().describe('kg CO2eq.'),
      kwh: z.number().describe('kWh, when known.').optional(),
      original: str.describe('The value and unit as written, e.g. "41100 g" or "41.289 kg".'),
      source: str,
      file: str,
      line: z.int().optional(),
    })
    .meta({ id: 'carbon' });

  const datasetFact = z.strictObject({
    ref: str,
    manifest: str.optional(),
    name: str.optional(),
    license: str.optional(),
    files: z.array(
      z.strictObject({
        path: str,
        sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
        size: z.number().optional(),
        verified: z.boolean(),
        problem: str.describe('Why the file is not verified (SHA-256 mismatch, not found, no hash…), as the check says it.').optional(),
      }),
    ),
  });

  const findingFact = z.strictObject({ audit: str, auditFile: str, id: str, title: str, severity, status: str, due: str.optional(), owner: str.optional() });

  /** A safety evaluation covering a model; the KPI report carries it as is (in the order it writes it). */
  const safetyFact = z.strictObject({
    file: str,
    id: str,
    kind: z.enum(SAFETY_KINDS),
    evaluator: str,
    independent: z.boolean(),
    datasets: strList,
    slices: strList,
    results: z.array(
      z.strictObject({ metric: str, slice: str.optional(), value: z.number().optional(), max: z.number().optional(), min: z.number().optional(), passed: z.boolean().optional() }),
    ),
    issues: z.array(z.strictObject({ id: str, title: str, severity, status: str, mitigation: str.optional() })),
    mitigations: strList,
    date: str.optional(),
    method: str.optional(),
    standard: str.optional(),
  });

  const modelFacts = z
    .strictObject({
      card: str.optional(),
      license: strList.optional(),
      owner: str.optional(),
      vendor: z.strictObject({ name: str, contract: str.optional() }).optional(),
      exportControl: z.strictObject({ classification: str.optional(), reviewed: str.optional(), jurisdictions: strList.optional() }).optional(),
      datasets: z.array(datasetFact),
      audits: z.array(z.strictObject({ file: str, id: str, date: str.optional(), independent: z.boolean(), auditor: str.optional() })),
      findings: z.array(findingFact),
      safety: z.array(safetyFact).describe('Safety evaluations (bias, red-team, other) covering the model; absent when there are none.').optional(),
      carbon: carbonFigure.optional(),
      changedEvidence: strList.describe('Paths of evidence files this change modified (shown so reviewers notice evidence edited in the PR).'),
    })
    .meta({ id: 'facts', description: 'Raw figures other renderers (KPI report, ML-BOM) need, so they never re-read evidence.' });

  const modelReport = z.strictObject({
    path: str,
    name: str,
    riskTier: z.enum(RISK_TIERS).nullable(),
    outcome: z.enum(['pass', 'fail']),
    touchedBy: strList.describe('Changed paths that put the model in this report (empty when every model is evaluated).'),
    recognised: str
      .describe('Set when the model was found by the bytes of a file (weights format, Git LFS pointer, large binary), not its name or place: which file, and why.')
      .optional(),
    checks: z.array(checkResult),
    facts: modelFacts,
  });

  const summary = z.strictObject({ models: count, checks: count, pass: count, fail: count, warn: count, waived: count, skipped: count, error: count });

  const waiverListing = z.strictObject({
    model: str,
    check: checkId,
    reason,
    approver: str,
    granted: date.optional(),
    expires: date,
    note: str.optional(),
    source: str,
    status: z.enum(['active', 'expired', 'unused', 'invalid']),
  });

  const policyPreview = z
    .strictObject({
      file: str,
      valid: z.boolean(),
      errors: strList,
      changes: z.array(z.strictObject({ model: str, check: checkId, from: outcome, to: outcome })),
    })
    .describe('What a policy change in the PR would do if it were the base policy (spec section 2, Trust).');

  const reportSchema = z.strictObject({
    schemaVersion: z.literal(1),
    tool: z.strictObject({ name: z.literal('modelgate'), version: str }),
    verdict: z.enum(['pass', 'fail']),
    policy: z.strictObject({ source: str, extends: str.nullable(), errors: z.array(checkResult), preview: policyPreview.optional() }),
    summary,
    models: z.array(modelReport),
    waivers: z.array(waiverListing),
    generatedAt: z.iso.datetime({ offset: true }),
  });
  return { waiverRef, checkResult, carbonFigure, datasetFact, findingFact, safetyFact, modelFacts, modelReport, summary, waiverListing, policyPreview, reportSchema };
}

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;

/** The report's zod schemas (built once, on the first call). */
export function reportSchemas(): Schemas {
  return (built ??= build());
}

export type Outcome = (typeof OUTCOMES)[number];
export type WaiverReason = (typeof WAIVER_REASONS)[number];
export type WaiverRef = z.output<Schemas['waiverRef']>;
export type CheckResult = z.output<Schemas['checkResult']>;
export type CarbonFigure = z.output<Schemas['carbonFigure']>;
export type DatasetFact = z.output<Schemas['datasetFact']>;
export type FindingFact = z.output<Schemas['findingFact']>;
export type SafetyFact = z.output<Schemas['safetyFact']>;
export type ModelFacts = z.output<Schemas['modelFacts']>;
export type ModelReport = z.output<Schemas['modelReport']>;
export type ReportSummary = z.output<Schemas['summary']>;
export type WaiverListing = z.output<Schemas['waiverListing']>;
export type PolicyPreview = z.output<Schemas['policyPreview']>;
export type Report = z.output<Schemas['reportSchema']>;

/** The published JSON Schema (draft-07): what `npm run schemas` writes. */
export function reportJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(reportSchemas().reportSchema, {
    $id: 'https://github.com/modelgate/modelgate/schema/report.schema.json',
    title: 'modelgate report (schemaVersion 1)',
    description: "The one object every modelgate surface renders from: the CLI's --format json, the Action's report-json output, the App's check run.",
  });
}
