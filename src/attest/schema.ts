// The governance predicate, one zod source for three things: its TypeScript type
// (`GovernancePredicate`, which ./statement.ts builds), the shape `modelgate verify` checks a signed
// predicate against (./compare.ts), and the published JSON Schema (`npm run schemas` writes
// schema/governance-predicate.schema.json). Built from the same catalogues as the report.
import { z } from 'zod';
import { CHECK_IDS, LEVELS, OUTCOMES, RISK_TIERS, WAIVER_REASONS } from '../types.js';
import { jsonSchemaOf, parseWith } from '../jsonSchema.js';
import { PREDICATE_TYPE } from './statement.js';

const sha256 = z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const attestedCheck = z.strictObject({ id: z.enum(CHECK_IDS), level: z.enum(LEVELS), outcome: z.enum(OUTCOMES) });

const attestedWaiver = z.strictObject({
  check: z.enum(CHECK_IDS),
  reason: z.enum(WAIVER_REASONS),
  approver: z.string(),
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string(),
});

export const governancePredicateSchema = z.strictObject({
  model: z.strictObject({ path: z.string(), name: z.string(), riskTier: z.enum(RISK_TIERS).nullable() }),
  verdict: z.enum(['pass', 'fail']),
  checks: z.array(attestedCheck),
  policy: z.strictObject({
    file: z.string().nullable().describe('The policy file as read, e.g. `.github/modelgate.yml`, or null when a preset applied without one.'),
    digest: sha256.nullable().describe("SHA-256 of the policy file's bytes; null when there is no file."),
    revision: z.string().nullable().describe('The commit the policy was read from (the base of a pull request); null outside git.'),
    extends: z.string().nullable(),
  }),
  waivers: z.array(attestedWaiver),
  artifacts: z.array(z.string()).describe('Subject names that are the model artifacts (weights).'),
  evidence: z.array(z.string()).describe('Subject names that are evidence files: card, manifests, dataset files, audits, carbon report.'),
  tool: z.strictObject({ name: z.literal('modelgate'), version: z.string() }),
  repository: z.string().nullable().describe('`owner/name` on GitHub, or whatever names the repository; null when unknown.'),
  commit: z.string().nullable().describe('The commit evaluated; null outside git.'),
  evaluatedAt: z.string(),
});

export type GovernancePredicate = z.output<typeof governancePredicateSchema>;
export type AttestedCheck = z.output<typeof attestedCheck>;
export type AttestedWaiver = z.output<typeof attestedWaiver>;

export function predicateSchema(): Record<string, unknown> {
  return jsonSchemaOf(governancePredicateSchema, {
    $id: 'https://github.com/modelgate/modelgate/schema/governance-predicate.schema.json',
    title: `modelgate governance predicate (${PREDICATE_TYPE})`,
    description: 'The predicate of the in-toto Statement v1 modelgate issues per evaluated model: its verdict, each check outcome, the policy that judged it, the waivers applied and where it was evaluated.',
  });
}

export function predicateSchemaText(): string {
  return JSON.stringify(predicateSchema(), null, 2) + '\n';
}

/** Schema problems of a predicate, each as "/json/pointer: message"; empty when valid. */
export function predicateProblems(predicate: unknown): string[] {
  const parsed = parseWith(governancePredicateSchema, predicate);
  return parsed.ok ? [] : parsed.errors;
}
