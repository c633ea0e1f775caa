// A few words per check for one-line summaries: the App's check-run title and the board pack's
// headline name the same failure the same way. Each phrase must hold for every way the check fails
// (audit.fresh also fails when there is no audit at all, so it does not say "overdue").
import type { CheckId } from '../types.js';

export const CHECK_PHRASES: Record<CheckId, string> = {
  'policy.valid': 'invalid policy',
  'model.entries': 'link or submodule in the model',
  'card.present': 'card missing',
  'card.metadata': 'card front matter invalid',
  'card.fields': 'card fields missing',
  'card.sections': 'card sections missing',
  'card.license': 'licence not recognised',
  'datasets.manifest': 'dataset manifest missing',
  'datasets.provenance': 'dataset provenance incomplete',
  'datasets.hashes': 'dataset hashes unverified',
  'audit.reference': 'audit missing',
  'audit.independent': 'no independent audit',
  'audit.fresh': 'no recent audit',
  'audit.findings': 'open audit findings',
  'carbon.estimate': 'carbon estimate missing',
  'carbon.consistency': 'carbon figures disagree',
  'carbon.budget': 'carbon budget exceeded',
  'safety.bias': 'bias evaluation missing or failing',
  'safety.redteam': 'red-team evaluation missing or failing',
  'export.control': 'export-control review missing or stale',
};
