// File annotations. GitHub shows at most 10 error and 10 warning annotations per step, in the order
// they are printed, so the most important go first (configuration errors, then failing checks of
// failing models) and whatever does not fit is counted in one notice that points to the summary.
import * as core from './runner.js';
import { sortChecks, sortModels } from '../src/check.js';
import type { CheckResult, Report } from '../src/index.js';

export const ANNOTATIONS_PER_KIND = 10;

export interface Annotation {
  kind: 'error' | 'warning';
  message: string;
  title: string;
  file?: string;
  line?: number;
}

export function annotationsOf(report: Report): Annotation[] {
  const all: Annotation[] = report.policy.errors.map((c) => toAnnotation('error', '', c));
  for (const m of sortModels(report.models)) {
    for (const c of sortChecks(m.checks)) {
      const blocking = c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error');
      if (blocking) all.push(toAnnotation('error', m.path, c));
      else if (c.outcome === 'warn' || c.outcome === 'error') all.push(toAnnotation('warning', m.path, c));
    }
  }
  // Stable sort: errors keep their order, and come before warnings.
  return all.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'error' ? -1 : 1));
}

function toAnnotation(kind: Annotation['kind'], model: string, c: CheckResult): Annotation {
  const a: Annotation = {
    kind,
    title: `modelgate ${c.id}${model ? ` (${model})` : ''}`,
    message: `${c.message}${c.hint ? `\nFix: ${c.hint}` : ''}`,
  };
  if (c.file && c.file !== '.') {
    a.file = c.file;
    if (c.line !== undefined) a.line = c.line;
  }
  return a;
}

/**
 * Prints the annotations within the budgets (what the step prints elsewhere, such as setFailed's own
 * error, must be subtracted by the caller) and one notice for the rest.
 */
export function emitAnnotations(report: Report, budget: { errors: number; warnings: number }): void {
  let errorsLeft = Math.max(0, budget.errors);
  let warningsLeft = Math.max(0, budget.warnings);
  let hiddenErrors = 0;
  let hiddenWarnings = 0;
  for (const a of annotationsOf(report)) {
    const props = { title: a.title, ...(a.file ? { file: a.file } : {}), ...(a.line !== undefined ? { startLine: a.line } : {}) };
    if (a.kind === 'error') {
      if (errorsLeft-- > 0) core.error(a.message, props);
      else hiddenErrors++;
    } else if (warningsLeft-- > 0) core.warning(a.message, props);
    else hiddenWarnings++;
  }
  if (hiddenErrors + hiddenWarnings > 0) {
    const parts = [hiddenErrors ? `${hiddenErrors} more error(s)` : '', hiddenWarnings ? `${hiddenWarnings} more warning(s)` : ''].filter(Boolean);
    core.notice(`modelgate: ${parts.join(' and ')} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_KIND} of each per step); the job summary lists every check.`, {
      title: 'modelgate: more findings in the job summary',
    });
  }
}
