import { MODEL_CHECK_IDS, type ModelCheckId } from './catalogue.js';
import type { CheckDefinition } from './types.js';
import { cardFields, cardLicense, cardMetadata, cardPresent, cardSections } from './card.js';
import { datasetsHashes, datasetsManifest, datasetsProvenance } from './datasets.js';
import { auditFindings, auditFresh, auditIndependent, auditReference } from './audit.js';
import { carbonBudget, carbonConsistency, carbonEstimate } from './carbon.js';
import { modelEntries } from './model.js';
import { safetyBias, safetyRedteam } from './safety.js';
import { exportControl } from './exportControl.js';

export { CHECK_DESCRIPTIONS } from './catalogue.js';

/**
 * The function of every per-model check, by id: the compiler refuses a catalogue entry without one.
 * `policy.valid` is evaluated once per report, by the evaluator, not here.
 */
export const CHECK_FUNCTIONS = {
  'model.entries': modelEntries,
  'card.present': cardPresent,
  'card.metadata': cardMetadata,
  'card.fields': cardFields,
  'card.sections': cardSections,
  'card.license': cardLicense,
  'datasets.manifest': datasetsManifest,
  'datasets.provenance': datasetsProvenance,
  'datasets.hashes': datasetsHashes,
  'audit.reference': auditReference,
  'audit.independent': auditIndependent,
  'audit.fresh': auditFresh,
  'audit.findings': auditFindings,
  'carbon.estimate': carbonEstimate,
  'carbon.consistency': carbonConsistency,
  'carbon.budget': carbonBudget,
  'safety.bias': safetyBias,
  'safety.redteam': safetyRedteam,
  'export.control': exportControl,
} satisfies Record<ModelCheckId, CheckDefinition>;

/** Every per-model check, in the catalogue's (report) order. */
export const MODEL_CHECKS: readonly CheckDefinition[] = MODEL_CHECK_IDS.map((id) => CHECK_FUNCTIONS[id]);
