import type { CheckId, Diagnostic, RiskTier } from '../types.js';
import type { CheckSetting } from '../policy/load.js';
import type { ModelEvidence } from '../gather.js';

/**
 * What a check concludes. `blocked` means it needs evidence another check already reports missing
 * (the card): the evaluator shows it as skipped when that check blocks the merge, else as error,
 * so a missing card can never let the dependent checks pass.
 */
export interface CheckVerdict {
  status: 'pass' | 'fail' | 'skipped' | 'error' | 'blocked';
  message: string;
  file?: string;
  line?: number;
  hint?: string;
  /** A failure the policy treats as a warning whatever the check's level (e.g. files in external storage). */
  softFail?: boolean;
}

export interface CheckInput {
  ev: ModelEvidence;
  setting: CheckSetting;
  tier: RiskTier | null;
  /** YYYY-MM-DD, the evaluation date. */
  today: string;
}

export interface CheckDefinition {
  id: CheckId;
  /** Whether the check has anything to say about this model; absent: always. A check that does not apply is left out of the report. */
  applies?(ev: ModelEvidence): boolean;
  run(input: CheckInput): CheckVerdict;
}

export function located(v: CheckVerdict, file: string | undefined, line: number | undefined): CheckVerdict {
  if (file !== undefined) v.file = file;
  if (line !== undefined) v.line = line;
  return v;
}

/** Lists at most `max` items, then "and N more". */
export function listSome(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join('; ');
  return `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;
}

/** "file:line:column: message", with whatever of line and column is known. */
export function locatedText(e: Diagnostic): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ''}${e.line !== undefined && e.column !== undefined ? `:${e.column}` : ''}: ${e.message}`;
}
