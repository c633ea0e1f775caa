import type { CheckId } from '../types.js';
import type { CheckDefinition } from './types.js';
import { cardFields, cardLicense, cardMetadata, cardPresent, cardSections } from './card.js';
import { datasetsHashes, datasetsManifest, datasetsProvenance } from './datasets.js';
import { auditFindings, auditFresh, auditIndependent, auditReference } from './audit.js';
import { carbonBudget, carbonConsistency, carbonEstimate } from './carbon.js';
import { modelEntries } from './model.js';
import { safetyBias, safetyRedteam } from './safety.js';
import { exportControl } from './exportControl.js';

/** Every per-model check, in report order. `policy.valid` is evaluated once per report, not per model. */
export const MODEL_CHECKS: readonly CheckDefinition[] = [
  modelEntries,
  cardPresent,
  cardMetadata,
  cardFields,
  cardSections,
  cardLicense,
  datasetsManifest,
  datasetsProvenance,
  datasetsHashes,
  auditReference,
  auditIndependent,
  auditFresh,
  auditFindings,
  carbonEstimate,
  carbonConsistency,
  carbonBudget,
  safetyBias,
  safetyRedteam,
  exportControl,
];

export const CHECK_DESCRIPTIONS: Record<CheckId, string> = {
  'policy.valid': 'the configuration parses, matches the schema and does not loosen an org floor',
  'model.entries': 'no symbolic link or submodule where the model or its weights are (unless an allowed link inside the repository)',
  'card.present': 'the model directory has a card',
  'card.metadata': 'the card front matter parses and is a mapping',
  'card.fields': 'required metadata fields are present',
  'card.sections': 'required body sections are present and not placeholders',
  'card.license': 'the licence is a known SPDX or Hugging Face id',
  'datasets.manifest': 'every dataset the card lists resolves to a manifest that parses',
  'datasets.provenance': 'each manifest names source, licence, collection process and retention',
  'datasets.hashes': 'listed files have verifiable SHA-256 hashes that match',
  'audit.reference': 'the card references an audit record that exists, parses and covers the model',
  'audit.independent': 'at least one covering audit is independent',
  'audit.fresh': 'the newest covering audit is recent enough',
  'audit.findings': 'no open finding at or above the blocking severity, none overdue',
  'carbon.estimate': 'a carbon estimate exists with a known unit and source',
  'carbon.consistency': 'card and carbon report agree',
  'carbon.budget': 'the estimate is within the budget',
  'safety.bias': 'a recent bias evaluation covers the model, its results meet their thresholds, no blocking issue is open',
  'safety.redteam': 'a recent red-team evaluation covers the model, its results meet their thresholds, no blocking issue is open',
  'export.control': 'a third-party model (or one of a tier the policy names) has an export-control classification, jurisdictions and a recent review',
};
