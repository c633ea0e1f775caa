// The configuration schema, one zod source for three things: the validation of
// `.github/modelgate.yml` (./load.ts), the TypeScript type of the file as written (`ConfigFile`),
// and the published JSON Schema (`npm run schemas` writes schema/modelgate-config.schema.json for
// editors). Check options come from the check catalogue, so a new check or option cannot be
// forgotten here.
import { z } from 'zod';
import { LEVELS, RISK_TIERS } from '../vocabulary.js';
import { CATALOGUE, CHECK_GROUPS, CHECK_IDS, POLICY_CHECK, PRESET_NAMES, groupOf, type CheckGroup, type CheckId } from '../checks/catalogue.js';
import { LINK_POLICIES } from '../entries.js';
import { jsonSchemaOf } from '../jsonSchema.js';

export { PRESET_NAMES, type PresetName } from '../checks/catalogue.js';

const SCHEMA_ID = 'https://github.com/modelgate/modelgate/schema/modelgate-config.schema.json';

/** A level, or a mapping of `level` and the check's options. */
function levelOrMapping(level: z.ZodType, options: Record<string, z.ZodType>) {
  const mapping = z.strictObject({ level: level.optional(), ...Object.fromEntries(Object.entries(options).map(([k, s]) => [k, s.optional()])) });
  return z.union([level, mapping]);
}

type ChecksShape = { [K in CheckId | Exclude<CheckGroup, 'policy'>]: z.ZodOptional<z.ZodType> };

function checksSchema(level: z.ZodType) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const id of CHECK_IDS) {
    const options = Object.fromEntries(Object.entries(CATALOGUE[id].options).map(([k, spec]) => [k, spec.schema]));
    // policy.valid cannot be lowered: an invalid policy must never pass quietly.
    shape[id] = (id === POLICY_CHECK ? z.literal('error') : levelOrMapping(level, options)).optional();
  }
  for (const group of CHECK_GROUPS) {
    if (group !== groupOf(POLICY_CHECK)) shape[group] = levelOrMapping(level, {}).optional();
  }
  return z
    .strictObject(shape as ChecksShape)
    .meta({ id: 'checks', description: 'A check id or a whole group, to a level or to a mapping of level and options.' });
}

/**
 * The schema is built on first use rather than at load: every check loads this module, and only a
 * repository with a configuration file (and `npm run schemas`) needs it.
 */
function build() {
  const level = z.enum(LEVELS);
  const stringList = z.array(z.string().min(1));
  const globList = z.array(z.string().min(1)).min(1);
  const checks = checksSchema(level);
  return z
    .strictObject({
      extends: z.enum(PRESET_NAMES).optional(),
      _extends: z.string().describe('Org defaults (GitHub App only): "<repo>:<path>" as Probot reads it.').optional(),
      models: z
        .strictObject({
          roots: globList,
          artifacts: globList,
          cards: globList,
          ignore: stringList,
          links: z.enum(LINK_POLICIES as readonly ['deny', 'inside']),
          binary_threshold_mib: z
            .number()
            .min(0)
            .describe('A binary file larger than this many MiB that no dataset manifest lists is taken for model weights, whatever its name.'),
        })
        .partial()
        .optional(),
      datasets: z.strictObject({ manifests: globList }).partial().optional(),
      audits: z.strictObject({ records: globList }).partial().optional(),
      safety: z.strictObject({ records: globList }).partial().optional(),
      checks: checks.optional(),
      tiers: z
        .strictObject(Object.fromEntries(RISK_TIERS.map((tier) => [tier, checks.optional()])) as Record<(typeof RISK_TIERS)[number], z.ZodOptional<typeof checks>>)
        .optional(),
    });
}

let built: ReturnType<typeof build> | undefined;

/** The configuration file's zod schema (built once, on the first call). */
export function configSchema(): ReturnType<typeof build> {
  return (built ??= build());
}

/** `.github/modelgate.yml` as written (before `extends` and groups are resolved). */
export type ConfigFile = z.infer<ReturnType<typeof build>>;

/** The published JSON Schema (draft-07): what `npm run schemas` writes. */
export function configJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(configSchema(), { $id: SCHEMA_ID, title: 'modelgate configuration (.github/modelgate.yml)' });
}
