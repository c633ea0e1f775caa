// The check catalogue: one entry per check, and everything else about a check is derived from it:
// the id and group types, the SARIF rule text, the one-line phrase of check-run titles, the
// options the configuration schema accepts (and so the published JSON Schema), how the organisation
// floor compares each option, the KPI report's groups and vendor checklist, and every preset's
// setting (policies/*.yml are written from here). The function that runs a check is registered by
// id in ./index.ts, which the compiler refuses while an id has none. CONTRIBUTING.md has the recipe.
import { z } from 'zod';
import { SEVERITIES, type Level, type RiskTier } from '../vocabulary.js';
import { atMost, blockOn, containsAll, keeps, subsetOf, type OptionRule } from '../policy/floorRules.js';
import type { VendorItem } from '../kpi/types.js';

/** The presets a configuration may extend, in the order each extends the one before. */
export const PRESET_NAMES = ['baseline', 'strict', 'eu-ai-act-high-risk'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** One option a check accepts besides `level`: its schema, and how the organisation floor compares it. */
export interface OptionSpec {
  schema: z.ZodType;
  floor: OptionRule;
}

/** A tier's override: a level, or a level and options merged over the check's own. */
export type TierSetting = Level | { level?: Level; options: Record<string, unknown> };

/** A check's whole effective setting in one preset. */
export interface PresetSetting {
  level: Level;
  options?: Record<string, unknown>;
  tiers?: Partial<Record<RiskTier, TierSetting>>;
}

export interface CheckEntry {
  /** What the check verifies, in one line (SARIF rule text, `modelgate explain`-style listings). */
  description: string;
  /**
   * A few words for one-line summaries: the App's check-run title and the board pack's headline name
   * a failure the same way. It must hold for every way the check fails.
   */
  phrase: string;
  /** Options besides `level`; every one has a schema and a floor rule. */
  options: Record<string, OptionSpec>;
  /** The vendor-checklist item of the KPI report this check's outcome counts towards, or null. */
  vendorItem: VendorItem | null;
  /** The check's setting in every preset. */
  presets: Record<PresetName, PresetSetting>;
}

/**
 * An option whose zod schema is built on first use: every command loads the catalogue, and only the
 * configuration schema (a repository with a configuration file, `npm run schemas`) reads `schema`.
 */
function option(make: () => z.ZodType, floor: OptionRule): OptionSpec {
  let built: z.ZodType | undefined;
  return {
    get schema() {
      return (built ??= make());
    },
    floor,
  };
}

const stringList = () => z.array(z.string().min(1));
/** Whole numbers; a value of another type is reported as "must be integer" (see schemaErrors in policy/load.ts). */
const integer = () => z.int({ error: (issue) => (issue.code === 'invalid_type' ? 'integer' : undefined) });
const maxAgeDays = (what: string): OptionSpec =>
  option(() => integer().min(1).max(3650).describe(`the ${what} may be at most this many days old`), atMost(' days'));
const severityThreshold = (what: string): OptionSpec => option(() => z.enum(SEVERITIES).describe(`an open ${what} at or above this severity fails`), blockOn);
const requiredList = (what: string): OptionSpec => option(() => stringList().describe(what), containsAll);

/** The same setting in every preset. */
function everywhere(setting: PresetSetting): Record<PresetName, PresetSetting> {
  return { baseline: setting, strict: setting, 'eu-ai-act-high-risk': setting };
}

const safetyOptions = (what: string) => ({ max_age_days: maxAgeDays(`newest ${what}`), block_on: severityThreshold('issue') });
const safetyPresets = (): Record<PresetName, PresetSetting> => ({
  baseline: { level: 'off', options: { max_age_days: 365, block_on: 'high' }, tiers: { high: 'warn' } },
  strict: { level: 'off', options: { max_age_days: 365, block_on: 'high' }, tiers: { high: 'error' } },
  'eu-ai-act-high-risk': { level: 'off', options: { max_age_days: 180, block_on: 'medium' }, tiers: { high: 'error' } },
});

const CARD_FIELDS = ['license', 'datasets', 'governance.owner', 'governance.risk_tier'];
const CARD_SECTIONS = ['intended-use', 'limitations', 'training-data', 'evaluation'];
const PROVENANCE = ['source', 'license', 'collection', 'retention'] as const;

const entries = {
  'policy.valid': {
    description: 'the configuration parses, matches the schema and does not loosen an org floor',
    phrase: 'invalid policy',
    options: {},
    vendorItem: null,
    presets: everywhere({ level: 'error' }),
  },
  'model.entries': {
    description: 'no symbolic link or submodule where the model or its weights are (unless an allowed link inside the repository)',
    phrase: 'link or submodule in the model',
    options: {},
    vendorItem: null,
    presets: everywhere({ level: 'error' }),
  },
  'card.present': {
    description: 'the model directory has a card',
    phrase: 'card missing',
    options: {},
    vendorItem: 'card',
    presets: everywhere({ level: 'error' }),
  },
  'card.metadata': {
    description: 'the card front matter parses and is a mapping',
    phrase: 'card front matter invalid',
    options: {},
    vendorItem: 'card',
    presets: everywhere({ level: 'error' }),
  },
  'card.fields': {
    description: 'required metadata fields are present',
    phrase: 'card fields missing',
    options: { required: requiredList('metadata fields the card must have, as dot paths') },
    vendorItem: 'card',
    presets: {
      baseline: { level: 'error', options: { required: CARD_FIELDS } },
      strict: { level: 'error', options: { required: CARD_FIELDS } },
      'eu-ai-act-high-risk': { level: 'error', options: { required: [...CARD_FIELDS, 'governance.intended_use'] } },
    },
  },
  'card.sections': {
    description: 'required body sections are present and not placeholders',
    phrase: 'card sections missing',
    options: { required: requiredList('body sections the card must have, by name') },
    vendorItem: 'card',
    presets: {
      baseline: { level: 'warn', options: { required: CARD_SECTIONS } },
      strict: { level: 'error', options: { required: [...CARD_SECTIONS, 'environmental-impact'] } },
      'eu-ai-act-high-risk': {
        level: 'error',
        options: { required: [...CARD_SECTIONS, 'environmental-impact', 'human-oversight', 'risk-management'] },
      },
    },
  },
  'card.license': {
    description: 'the licence is a known SPDX or Hugging Face id',
    phrase: 'licence not recognised',
    options: {
      allow: option(() => stringList().describe('the only licence ids allowed'), subsetOf),
      deny: option(() => stringList().describe('licence ids that fail'), containsAll),
    },
    vendorItem: 'card',
    presets: everywhere({ level: 'error' }),
  },
  'datasets.manifest': {
    description: 'every dataset the card lists resolves to a manifest that parses',
    phrase: 'dataset manifest missing',
    options: {},
    vendorItem: 'datasetProvenance',
    presets: everywhere({ level: 'error' }),
  },
  'datasets.provenance': {
    description: 'each manifest names source, licence, collection process and retention',
    phrase: 'dataset provenance incomplete',
    options: { required: option(() => z.array(z.enum(PROVENANCE)).describe('what each manifest must name'), containsAll) },
    vendorItem: 'datasetProvenance',
    presets: everywhere({ level: 'error', options: { required: [...PROVENANCE] } }),
  },
  'datasets.hashes': {
    description: 'listed files have verifiable SHA-256 hashes that match',
    phrase: 'dataset hashes unverified',
    options: {
      missing_files: option(
        () => z.enum(['warn', 'error']).describe('listed files absent from the repository (external storage): a warning or a failure'),
        keeps('error', 'warn'),
      ),
    },
    vendorItem: null,
    presets: {
      baseline: { level: 'error', options: { missing_files: 'warn' } },
      strict: { level: 'error', options: { missing_files: 'error' } },
      'eu-ai-act-high-risk': { level: 'error', options: { missing_files: 'error' } },
    },
  },
  'audit.reference': {
    description: 'the card references an audit record that exists, parses and covers the model',
    phrase: 'audit missing',
    options: {},
    vendorItem: null,
    presets: {
      baseline: { level: 'error', tiers: { minimal: 'warn' } },
      strict: { level: 'error' },
      'eu-ai-act-high-risk': { level: 'error' },
    },
  },
  'audit.independent': {
    description: 'at least one covering audit is independent',
    phrase: 'no independent audit',
    options: {},
    vendorItem: null,
    presets: {
      baseline: { level: 'warn', tiers: { high: 'error' } },
      strict: { level: 'error' },
      'eu-ai-act-high-risk': { level: 'error' },
    },
  },
  'audit.fresh': {
    description: 'the newest covering audit is recent enough',
    phrase: 'no recent audit',
    options: { max_age_days: maxAgeDays('newest covering audit') },
    vendorItem: null,
    presets: {
      baseline: { level: 'error', options: { max_age_days: 365 }, tiers: { minimal: 'warn' } },
      strict: { level: 'error', options: { max_age_days: 365 }, tiers: { high: { options: { max_age_days: 180 } } } },
      'eu-ai-act-high-risk': { level: 'error', options: { max_age_days: 180 } },
    },
  },
  'audit.findings': {
    description: 'no open finding at or above the blocking severity, none overdue',
    phrase: 'open audit findings',
    options: { block_on: severityThreshold('finding') },
    vendorItem: null,
    presets: {
      baseline: { level: 'error', options: { block_on: 'high' } },
      strict: { level: 'error', options: { block_on: 'high' } },
      'eu-ai-act-high-risk': { level: 'error', options: { block_on: 'medium' } },
    },
  },
  'carbon.estimate': {
    description: 'a carbon estimate exists with a known unit and source',
    phrase: 'carbon estimate missing',
    options: {},
    vendorItem: null,
    presets: everywhere({ level: 'error' }),
  },
  'carbon.consistency': {
    description: 'card and carbon report agree',
    phrase: 'carbon figures disagree',
    options: {
      tolerance: option(() => z.number().positive().max(1).describe('how far card and carbon report may differ (0.1 = 10 %)'), atMost('')),
    },
    vendorItem: null,
    presets: {
      baseline: { level: 'warn', options: { tolerance: 0.1 } },
      strict: { level: 'error', options: { tolerance: 0.1 } },
      'eu-ai-act-high-risk': { level: 'error', options: { tolerance: 0.1 } },
    },
  },
  'carbon.budget': {
    description: 'the estimate is within the budget',
    phrase: 'carbon budget exceeded',
    options: { max_kg: option(() => z.number().positive().nullable().describe('the budget in kg CO2eq; null: none'), atMost(' kg')) },
    vendorItem: null,
    presets: everywhere({ level: 'off', options: { max_kg: null } }),
  },
  'safety.bias': {
    description: 'a recent bias evaluation covers the model, its results meet their thresholds, no blocking issue is open',
    phrase: 'bias evaluation missing or failing',
    options: safetyOptions('bias evaluation'),
    vendorItem: 'safetyTesting',
    presets: safetyPresets(),
  },
  'safety.redteam': {
    description: 'a recent red-team evaluation covers the model, its results meet their thresholds, no blocking issue is open',
    phrase: 'red-team evaluation missing or failing',
    options: safetyOptions('red-team evaluation'),
    vendorItem: 'safetyTesting',
    presets: safetyPresets(),
  },
  'export.control': {
    description: 'a third-party model (or one of a tier the policy names) has an export-control classification, jurisdictions and a recent review',
    phrase: 'export-control review missing or stale',
    options: {
      max_age_days: maxAgeDays('export-control review'),
      applies_to: option(
        () => z.enum(['third-party', 'all']).describe('third-party: models with governance.vendor; all: first-party models too'),
        keeps('all', 'third-party'),
      ),
    },
    vendorItem: 'exportControl',
    presets: {
      baseline: { level: 'off', options: { max_age_days: 365, applies_to: 'third-party' } },
      strict: { level: 'error', options: { max_age_days: 365, applies_to: 'third-party' } },
      'eu-ai-act-high-risk': {
        level: 'error',
        options: { max_age_days: 365, applies_to: 'third-party' },
        tiers: { high: { options: { applies_to: 'all' } } },
      },
    },
  },
} satisfies Record<string, CheckEntry>;

export type CheckId = keyof typeof entries;
/** The group is the part of the id before the dot: `checks.<group>` sets every check in it. */
export type CheckGroup = CheckId extends infer I ? (I extends `${infer G}.${string}` ? G : never) : never;
/** The one check judged once per report rather than per model; it cannot be lowered. */
export const POLICY_CHECK = 'policy.valid' satisfies CheckId;
export type ModelCheckId = Exclude<CheckId, typeof POLICY_CHECK>;

export const CATALOGUE: Readonly<Record<CheckId, CheckEntry>> = entries;
/** Every check id, in report order. */
export const CHECK_IDS = Object.keys(entries) as readonly CheckId[] as readonly CheckId[];
export const MODEL_CHECK_IDS = CHECK_IDS.filter((id): id is ModelCheckId => id !== POLICY_CHECK);
export const CHECK_GROUPS: readonly CheckGroup[] = [...new Set(CHECK_IDS.map(groupOf))];

export function groupOf(id: CheckId): CheckGroup {
  return id.slice(0, id.indexOf('.')) as CheckGroup;
}

/** The checks of a group, in report order. */
export function checksOfGroup(group: CheckGroup): CheckId[] {
  return CHECK_IDS.filter((id) => groupOf(id) === group);
}

/** The checks whose outcome counts towards a vendor-checklist item of the KPI report. */
export function checksOfVendorItem(item: VendorItem): CheckId[] {
  return CHECK_IDS.filter((id) => CATALOGUE[id].vendorItem === item);
}

export const CHECK_DESCRIPTIONS = Object.fromEntries(CHECK_IDS.map((id) => [id, CATALOGUE[id].description])) as Record<CheckId, string>;
export const CHECK_PHRASES = Object.fromEntries(CHECK_IDS.map((id) => [id, CATALOGUE[id].phrase])) as Record<CheckId, string>;
