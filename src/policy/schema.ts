// The configuration schema (JSON Schema draft-07), built from the check catalogue so a new check
// or option cannot be forgotten here. `npm run schemas` writes it to schema/ for editors and docs.
import { CHECK_GROUPS, CHECK_IDS, LEVELS, RISK_TIERS, SEVERITIES, type CheckId } from '../types.js';
import { LINK_POLICIES } from '../entries.js';

type Schema = Record<string, unknown>;

const stringList: Schema = { type: 'array', items: { type: 'string', minLength: 1 } };
const globList: Schema = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };

function safetyOptions(): Record<string, Schema> {
  return { max_age_days: { type: 'integer', minimum: 1, maximum: 3650 }, block_on: { enum: [...SEVERITIES] } };
}

/** Options each check accepts besides `level`. */
export const CHECK_OPTIONS: Partial<Record<CheckId, Record<string, Schema>>> = {
  'card.fields': { required: stringList },
  'card.sections': { required: stringList },
  'card.license': { allow: stringList, deny: stringList },
  'datasets.provenance': {
    required: { type: 'array', items: { enum: ['source', 'license', 'collection', 'retention'] } },
  },
  'datasets.hashes': { missing_files: { enum: ['warn', 'error'] } },
  'audit.fresh': { max_age_days: { type: 'integer', minimum: 1, maximum: 3650 } },
  'audit.findings': { block_on: { enum: [...SEVERITIES] } },
  'carbon.consistency': { tolerance: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
  'carbon.budget': { max_kg: { type: ['number', 'null'], exclusiveMinimum: 0 } },
  'safety.bias': safetyOptions(),
  'safety.redteam': safetyOptions(),
  'export.control': { max_age_days: { type: 'integer', minimum: 1, maximum: 3650 }, applies_to: { enum: ['third-party', 'all'] } },
};

function levelOrMapping(options: Record<string, Schema>, levels: readonly string[]): Schema {
  return {
    if: { type: 'string' },
    then: { enum: [...levels] },
    else: {
      type: 'object',
      additionalProperties: false,
      properties: { level: { enum: [...levels] }, ...options },
    },
  };
}

function checksSchema(): Schema {
  const properties: Record<string, Schema> = {};
  for (const id of CHECK_IDS) {
    // policy.valid cannot be lowered: an invalid policy must never pass quietly.
    properties[id] = id === 'policy.valid' ? { enum: ['error'] } : levelOrMapping(CHECK_OPTIONS[id] ?? {}, LEVELS);
  }
  for (const group of CHECK_GROUPS) {
    if (group !== 'policy') properties[group] = levelOrMapping({}, LEVELS);
  }
  return { type: 'object', additionalProperties: false, properties };
}

export const PRESET_NAMES = ['baseline', 'strict', 'eu-ai-act-high-risk'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export function configSchema(): Schema {
  // `checks` and every tier share one definition: compiled once (with Ajv's inlineRefs off) instead
  // of five times, which took a quarter of a second at every start.
  const checks: Schema = { $ref: '#/definitions/checks' };
  const tierProperties: Record<string, Schema> = {};
  for (const tier of RISK_TIERS) tierProperties[tier] = checks;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/modelgate/modelgate/schema/modelgate-config.schema.json',
    title: 'modelgate configuration (.github/modelgate.yml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      extends: { enum: [...PRESET_NAMES] },
      _extends: { type: 'string', description: 'Org defaults (GitHub App only): "<repo>:<path>" as Probot reads it.' },
      models: {
        type: 'object',
        additionalProperties: false,
        properties: {
          roots: globList,
          artifacts: globList,
          cards: globList,
          ignore: stringList,
          links: { enum: [...LINK_POLICIES] },
          binary_threshold_mib: {
            type: 'number',
            minimum: 0,
            description: 'A binary file larger than this many MiB that no dataset manifest lists is taken for model weights, whatever its name.',
          },
        },
      },
      datasets: { type: 'object', additionalProperties: false, properties: { manifests: globList } },
      audits: { type: 'object', additionalProperties: false, properties: { records: globList } },
      safety: { type: 'object', additionalProperties: false, properties: { records: globList } },
      checks,
      tiers: { type: 'object', additionalProperties: false, properties: tierProperties },
    },
    definitions: { checks: checksSchema() },
  };
}
