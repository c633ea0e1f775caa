// How the organisation floor compares one check option (spec section 2). Each rule says, in words,
// how the repository's value is looser than the organisation's, or nothing when it is not. The check
// catalogue names a rule for every option, so a new option cannot escape the floor.
import { SEVERITIES, type Severity } from '../vocabulary.js';

/** One option's comparison: a message when the repository's value is looser than the org's. */
export type OptionRule = (org: unknown, repo: unknown) => string | undefined;

/** A bound that may only come down: days, kilograms, a tolerance. */
export const atMost =
  (unit: string): OptionRule =>
  (org, repo) => {
    if (typeof org !== 'number') return undefined; // the org sets no bound
    if (typeof repo !== 'number') return `has no limit; the organisation allows at most ${org}${unit}`;
    return repo > org ? `is ${repo}${unit}; the organisation allows at most ${org}${unit}` : undefined;
  };

/** A list of requirements that may only grow. */
export const containsAll: OptionRule = (org, repo) => {
  if (!Array.isArray(org)) return undefined;
  const have = new Set(Array.isArray(repo) ? repo.map(String) : []);
  const missing = org.map(String).filter((x) => !have.has(x));
  return missing.length > 0 ? `drops ${missing.map((m) => `"${m}"`).join(', ')}, which the organisation requires` : undefined;
};

/** An allow-list may shrink, never grow; no list at all allows everything. */
export const subsetOf: OptionRule = (org, repo) => {
  if (!Array.isArray(org)) return undefined;
  if (!Array.isArray(repo)) return `allows every value; the organisation allows only ${org.map((x) => `"${String(x)}"`).join(', ')}`;
  const allowed = new Set(org.map((x) => String(x).toLowerCase()));
  const extra = repo.map(String).filter((x) => !allowed.has(x.toLowerCase()));
  return extra.length > 0 ? `adds ${extra.map((e) => `"${e}"`).join(', ')}, which the organisation does not allow` : undefined;
};

/** A severity threshold: `block_on: high` blocks high and critical; `critical` blocks less, so it is looser. */
export const blockOn: OptionRule = (org, repo) => {
  const o = severityIndex(org);
  if (o === undefined) return undefined;
  const r = severityIndex(repo) ?? -1;
  return r < o ? `is ${JSON.stringify(repo ?? null)}; the organisation blocks findings from "${String(org)}" up` : undefined;
};

/** Two values, one stricter: when the organisation sets `strict`, the repository must too (`otherwise` is the check's default). */
export const keeps =
  (strict: string, otherwise: string): OptionRule =>
  (org, repo) =>
    org === strict && repo !== strict ? `is ${JSON.stringify(repo ?? otherwise)}; the organisation requires "${strict}"` : undefined;

function severityIndex(v: unknown): number | undefined {
  const i = typeof v === 'string' ? SEVERITIES.indexOf(v as Severity) : -1;
  return i === -1 ? undefined : i;
}
