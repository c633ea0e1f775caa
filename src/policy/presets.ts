// The presets a configuration extends. Each check's setting in each preset is written in the check
// catalogue; what is not about one check (where models, manifests and records are) is written
// here, with the prose that heads each preset's file. `npm run schemas` writes policies/*.yml from
// both, and a test fails when they are stale; at run time the presets are built from this data, so
// no preset is parsed or validated at start.
import { CATALOGUE, CHECK_IDS, PRESET_NAMES, type CheckId, type PresetName, type TierSetting } from '../checks/catalogue.js';
import type { CheckOverrides, CheckSetting, Policy } from './load.js';

export const DEFAULT_PRESET: PresetName = 'baseline';
export const DEFAULT_BINARY_THRESHOLD_MIB = 10;

type Locations = Pick<Policy, 'models' | 'datasets' | 'audits' | 'safety'>;

export interface PresetSpec {
  /** The preset it tightens, or null. */
  extends: PresetName | null;
  /** The comment at the head of policies/<name>.yml. */
  about: string;
  /** Where models and evidence are; a preset that extends another leaves these to its parent. */
  locations?: Locations;
}

export const PRESETS: Record<PresetName, PresetSpec> = {
  baseline: {
    extends: null,
    about: `The default for repositories that ship models. A pull request that changes a model fails when the
model has no card, its card lacks the governance fields, a dataset it names has no manifest with
provenance and verifiable hashes, it references no audit record, an audit finding at or above
"high" is open (or any finding is overdue), or no carbon estimate exists.
Softer signals (missing prose sections, independent audits, carbon mismatches) are warnings, and
so are missing or failing bias and red-team evaluations of high-risk models. Minimal-risk models
need an audit reference only as a warning.
Every key here can be changed in .github/modelgate.yml, which \`extends: baseline\`.`,
    locations: {
      models: {
        roots: ['models/*'],
        artifacts: ['**/*.{safetensors,onnx,pt,pth,bin,ckpt,gguf,h5,keras,tflite,pkl,joblib}'],
        cards: ['README.md', 'MODEL_CARD.md', 'model_card.md'],
        ignore: ['**/fixtures/**', '**/node_modules/**'],
        links: 'deny',
        binaryThresholdMib: DEFAULT_BINARY_THRESHOLD_MIB,
      },
      datasets: { manifests: ['datasets/**/datasheet.{yml,yaml}', 'datasets/**/*croissant*.json'] },
      audits: { records: ['audits/**/*.{yml,yaml}'] },
      safety: { records: ['safety/**/*.{yml,yaml}'] },
    },
  },
  strict: {
    extends: 'baseline',
    about: `Everything in baseline, and: every check blocks, dataset files must be present in the repository
(or as Git LFS pointers) so their hashes can be verified, model cards need every section including
the environmental impact, and high-risk models need an independent audit younger than 180 days
and bias and red-team evaluations that meet their thresholds with no open high issue. Third-party
models need a current export-control review.`,
  },
  'eu-ai-act-high-risk': {
    extends: 'strict',
    about: `For providers of high-risk AI systems under Regulation (EU) 2024/1689. It maps the evidence
modelgate can verify to the technical documentation of Annex IV; it does not make a system
compliant, it shows where documentation is missing:
- intended purpose and owner (Annex IV 1(a)): card.fields governance.intended_use, governance.owner;
- datasheets with provenance, collection and retention (Annex IV 2(d)): datasets.provenance;
- metrics and test results (2(g)), limitations and foreseeable risks (3): card.sections;
- human-oversight measures (2(e)) and the risk management system (5): card.sections;
- computational resources and energy (2(c), Annex XI): carbon.estimate, environmental-impact;
- dated, independent assessment: audit.independent and audit.fresh (180 days);
- bias examination of data and model (Art. 10(2)(f)) and accuracy, robustness and cybersecurity
  testing (Art. 15, Annex IV 2(g)): safety.bias and safety.redteam, blocking for high-risk models
  (inherited from strict), within 180 days and with no open issue from "medium" up;
- export control: every high-risk model, first- or third-party, has a reviewed classification.`,
  },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** Where models and evidence are in a preset: its own, or its parent's. */
export function presetLocations(name: PresetName): Locations {
  const spec = PRESETS[name];
  if (spec.locations) return spec.locations;
  if (spec.extends === null) throw new Error(`preset ${name} has neither locations nor a parent`);
  return presetLocations(spec.extends);
}

/** A preset as a resolved policy, built from the catalogue (a fresh copy the caller may change). */
export function presetPolicy(name: PresetName): Policy {
  const checks = {} as Record<CheckId, CheckSetting>;
  const tiers: Policy['tiers'] = {};
  for (const id of CHECK_IDS) {
    const setting = CATALOGUE[id].presets[name];
    checks[id] = { level: setting.level, options: { ...setting.options } };
    for (const [tier, override] of Object.entries(setting.tiers ?? {}) as [keyof Policy['tiers'], TierSetting][]) {
      const overrides: CheckOverrides = (tiers[tier] ??= {});
      overrides[id] = typeof override === 'string' ? { level: override, options: {} } : { ...override, options: { ...override.options } };
    }
  }
  return {
    source: `preset ${name}`,
    extends: PRESETS[name].extends,
    ...structuredClone(presetLocations(name)),
    checks,
    tiers,
  };
}
