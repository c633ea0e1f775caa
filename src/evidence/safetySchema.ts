// The published JSON Schema of safety-evaluation records (schema/safety-evaluation.schema.json),
// built from the parser's own key lists and enumerations so the two cannot drift apart.
// `npm run schemas` writes it; a test fails when the file is stale.
import { SEVERITIES } from '../types.js';
import { FINDING_STATUSES, REPORT_KEYS } from './audit.js';
import { SAFETY_ISSUE_EXTRA_KEYS, SAFETY_KINDS, SAFETY_RESULT_KEYS, SAFETY_TOP_KEYS } from './safety.js';

type Schema = Record<string, unknown>;

const text: Schema = { type: 'string', minLength: 1 };
const date: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const textOrList: Schema = { oneOf: [text, { type: 'array', items: text }] };
const closed = (keys: readonly string[], properties: Record<string, Schema>, required: string[] = []): Schema => {
  const missing = keys.filter((k) => !(k in properties));
  if (missing.length > 0) throw new Error(`safety schema: no property schema for ${missing.join(', ')}`);
  return { type: 'object', additionalProperties: false, required, properties };
};

export function safetySchema(): Schema {
  const issue = closed(
    ['id', 'title', 'severity', 'status', 'due', 'owner', 'accepted_by', 'reason', ...SAFETY_ISSUE_EXTRA_KEYS],
    {
      id: { type: ['string', 'number'] },
      title: text,
      severity: { enum: [...SEVERITIES] },
      status: { enum: [...FINDING_STATUSES] },
      due: date,
      owner: text,
      accepted_by: text,
      reason: text,
      mitigation: text,
    },
    ['id', 'title', 'severity', 'status'],
  );
  const result = closed(
    SAFETY_RESULT_KEYS,
    { metric: text, slice: text, value: { type: 'number' }, max: { type: 'number' }, min: { type: 'number' }, passed: { type: 'boolean' } },
    ['metric'],
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/modelgate/modelgate/schema/safety-evaluation.schema.json',
    title: 'modelgate safety-evaluation record (bias, red-team or other safety evaluation)',
    ...closed(
      SAFETY_TOP_KEYS,
      {
        id: { type: ['string', 'number'] },
        kind: { enum: [...SAFETY_KINDS] },
        date,
        evaluator: closed(['name', 'independent'], { name: text, independent: { type: 'boolean' } }, ['name']),
        method: text,
        standard: text,
        scope: textOrList,
        datasets: textOrList,
        slices: textOrList,
        results: { type: 'array', items: result },
        issues: { type: 'array', items: issue },
        mitigations: textOrList,
        report: {
          ...closed(REPORT_KEYS, { url: { type: 'string', pattern: '^https?://' }, path: text, sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } }),
          anyOf: [{ required: ['url'] }, { required: ['path'] }],
        },
      },
      ['id', 'kind', 'evaluator'],
    ),
    anyOf: [{ required: ['method'] }, { required: ['standard'] }],
  };
}

export function safetySchemaText(): string {
  return JSON.stringify(safetySchema(), null, 2) + '\n';
}
