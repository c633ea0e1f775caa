// JSON Schema of the governance predicate (published as schema/governance-predicate.schema.json by
// `npm run schemas`). Built from the same catalogues as the report so the two never drift.
import { Ajv, type ErrorObject } from 'ajv';
import { CHECK_IDS, LEVELS, OUTCOMES, RISK_TIERS, WAIVER_REASONS } from '../types.js';
import { PREDICATE_TYPE } from './statement.js';

const SHA256 = { type: 'object', additionalProperties: false, required: ['sha256'], properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } };
const NULLABLE_STRING = { type: ['string', 'null'] };

export function predicateSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/modelgate/modelgate/schema/governance-predicate.schema.json',
    title: `modelgate governance predicate (${PREDICATE_TYPE})`,
    description: 'The predicate of the in-toto Statement v1 modelgate issues per evaluated model: its verdict, each check outcome, the policy that judged it, the waivers applied and where it was evaluated.',
    type: 'object',
    additionalProperties: false,
    required: ['model', 'verdict', 'checks', 'policy', 'waivers', 'artifacts', 'evidence', 'tool', 'repository', 'commit', 'evaluatedAt'],
    properties: {
      model: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'name', 'riskTier'],
        properties: { path: { type: 'string' }, name: { type: 'string' }, riskTier: { enum: [...RISK_TIERS, null] } },
      },
      verdict: { enum: ['pass', 'fail'] },
      checks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'level', 'outcome'],
          properties: { id: { enum: [...CHECK_IDS] }, level: { enum: [...LEVELS] }, outcome: { enum: [...OUTCOMES] } },
        },
      },
      policy: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'digest', 'revision', 'extends'],
        properties: { file: NULLABLE_STRING, digest: { oneOf: [SHA256, { type: 'null' }] }, revision: NULLABLE_STRING, extends: NULLABLE_STRING },
      },
      waivers: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['check', 'reason', 'approver', 'expires', 'source'],
          properties: {
            check: { enum: [...CHECK_IDS] },
            reason: { enum: [...WAIVER_REASONS] },
            approver: { type: 'string' },
            expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            source: { type: 'string' },
          },
        },
      },
      artifacts: { type: 'array', items: { type: 'string' }, description: 'Subject names that are the model artifacts (weights).' },
      evidence: { type: 'array', items: { type: 'string' }, description: 'Subject names that are evidence files: card, manifests, dataset files, audits, carbon report.' },
      tool: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'version'],
        properties: { name: { const: 'modelgate' }, version: { type: 'string' } },
      },
      repository: NULLABLE_STRING,
      commit: NULLABLE_STRING,
      evaluatedAt: { type: 'string' },
    },
  };
}

export function predicateSchemaText(): string {
  return JSON.stringify(predicateSchema(), null, 2) + '\n';
}

let validator: ReturnType<Ajv['compile']> | undefined;
/** Schema problems of a predicate, each as "/json/pointer: message"; empty when valid. */
export function predicateProblems(predicate: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(predicateSchema());
  if (validator(predicate)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
