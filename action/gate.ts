// Whether the step fails, by the `fail-on` input, and which checks make it fail.
import type { CheckResult, Report } from '../src/index.js';
import type { FailOn } from './inputs.js';

export interface GateDecision {
  fail: boolean;
  /** `model:check` for every check at or above the threshold; policy errors as `<file>:policy.valid`. */
  failedChecks: string[];
  /** Why the step fails, for setFailed; empty when it passes. */
  message: string;
}

/** With `never`, failed-checks still lists what `error` would block on. */
export function decide(report: Report, failOn: FailOn, configPath: string): GateDecision {
  const threshold = failOn === 'warn' ? 'warn' : 'error';
  const counts = (c: CheckResult): boolean =>
    threshold === 'warn' ? c.outcome === 'fail' || c.outcome === 'error' || c.outcome === 'warn' : c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error');
  const failed = new Set<string>();
  for (const e of report.policy.errors) failed.add(`${e.file ?? configPath}:policy.valid`);
  for (const m of report.models) for (const c of m.checks) if (counts(c)) failed.add(`${m.path === '' ? '.' : m.path}:${c.id}`);
  const failedChecks = [...failed];
  const fail = failOn !== 'never' && (report.verdict === 'fail' || failedChecks.length > 0);
  let message = '';
  if (fail) {
    const shown = failedChecks.slice(0, 10).join(', ');
    const more = failedChecks.length > 10 ? ` and ${failedChecks.length - 10} more` : '';
    message = `modelgate: ${failedChecks.length} check(s) ${threshold === 'warn' ? 'fail or warn' : 'fail'} (fail-on: ${failOn}): ${shown}${more}. The job summary lists each one with the evidence to add or fix.`;
  }
  return { fail, failedChecks, message };
}
