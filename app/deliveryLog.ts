// One info line per delivery, so an operator can follow the App at the default log level: what
// arrived (event, action, repository, pull request, head), what came of it (verdict or status), how
// long it took and how many API requests it made. Never the payload itself.
import type { GateOutcome } from './jobs.js';

export interface DeliveryFields {
  delivery: string;
  event: string;
  action?: string;
  repository?: string;
  pr?: number;
  head?: string;
  verdict?: string;
  durationMs: number;
  requests?: number;
  duplicate?: true;
}

interface PayloadShape {
  action?: unknown;
  repository?: { full_name?: unknown };
  pull_request?: { number?: unknown; head?: { sha?: unknown } };
  issue?: { number?: unknown };
  check_run?: { head_sha?: unknown };
  check_suite?: { head_sha?: unknown };
  merge_group?: { head_sha?: unknown };
  after?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function outcomes(result: unknown): GateOutcome[] {
  const list = Array.isArray(result) ? result : [result && typeof result === 'object' && 'gate' in result ? (result as { gate?: unknown }).gate : result];
  return list.filter((o): o is GateOutcome => !!o && typeof o === 'object' && 'status' in o);
}

/** The verdict ("pass", "fail"), else the status ("failed", "skipped"), of what a job returned. */
export function deliveryFields(id: string, event: string, payload: unknown, result: unknown, durationMs: number): DeliveryFields {
  const p = (payload ?? {}) as PayloadShape;
  const done = outcomes(result);
  const verdicts = [...new Set(done.map((o) => (o.status === 'completed' ? (o.report?.verdict ?? 'completed') : o.status)))];
  const requests = done.reduce((n, o) => n + (o.requests ?? 0), 0);
  const fields: DeliveryFields = { delivery: id, event, durationMs };
  const action = str(p.action);
  if (action) fields.action = action;
  const repository = str(p.repository?.full_name);
  if (repository) fields.repository = repository;
  const pr = num(p.pull_request?.number) ?? num(p.issue?.number);
  if (pr !== undefined) fields.pr = pr;
  const head = str(p.pull_request?.head?.sha) ?? str(p.check_run?.head_sha) ?? str(p.check_suite?.head_sha) ?? str(p.merge_group?.head_sha) ?? str(p.after);
  if (head) fields.head = head;
  if (verdicts.length > 0) fields.verdict = verdicts.join(',');
  if (done.length > 0) fields.requests = requests;
  return fields;
}
