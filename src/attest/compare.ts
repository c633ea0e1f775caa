// Checks a signed statement against a checkout: every subject's digest, no artifact left out, the
// predicate's verdict and the policy digest. Each problem names what changed, with both digests.
import type { RepoReader } from '../types.js';
import type { Policy } from '../policy/load.js';
import { PREDICATE_TYPE, STATEMENT_TYPE, type GovernancePredicate, type Subject } from './statement.js';
import { predicateProblems } from './schema.js';
import { artifactsOf, fileDigest } from './subjects.js';
import { mapLimit } from '../concurrency.js';

export interface Checkout {
  reader: RepoReader;
  files: readonly string[];
  policy: Policy;
  /** The checkout's policy file digest (null: no file). */
  policyDigest: { sha256: string } | null;
}

export interface Comparison {
  problems: string[];
  /** The predicate, once it is known to be one of ours. */
  predicate?: GovernancePredicate;
  subjects: number;
}

export async function compareStatement(statement: unknown, checkout: Checkout): Promise<Comparison> {
  if (!isRecord(statement) || statement._type !== STATEMENT_TYPE) return { problems: [`the signed payload is not an in-toto Statement v1 (_type must be ${STATEMENT_TYPE})`], subjects: 0 };
  if (statement.predicateType !== PREDICATE_TYPE) {
    return { problems: [`predicateType is ${JSON.stringify(statement.predicateType)}, expected ${PREDICATE_TYPE}`], subjects: 0 };
  }
  const shape = predicateProblems(statement.predicate);
  if (shape.length > 0) return { problems: shape.map((p) => `predicate ${p}`), subjects: 0 };
  const predicate = statement.predicate as GovernancePredicate;
  const subjects = readSubjects(statement.subject);
  if (typeof subjects === 'string') return { problems: [subjects], predicate, subjects: 0 };

  const problems: string[] = [];
  const results = await mapLimit(subjects, 8, async (s) => ({ s, d: await fileDigest(checkout.reader, s.name) }));
  for (const { s, d } of results) {
    if (!d.ok) problems.push(`subject ${s.name}: attested sha256 ${s.digest.sha256}, ${d.problem}`);
    else if (d.sha256 !== s.digest.sha256) problems.push(`subject ${s.name}: attested sha256 ${s.digest.sha256}, checkout has ${d.sha256}${d.lfs ? ' (Git LFS pointer oid)' : ''}`);
  }
  const attested = new Set(subjects.map((s) => s.name));
  for (const a of artifactsOf(predicate.model.path, checkout.files, checkout.policy)) {
    if (!attested.has(a)) problems.push(`artifact ${a} of model ${predicate.model.path || '.'} is in the checkout but not a subject of the attestation`);
  }
  if (predicate.verdict !== 'pass') {
    const failing = predicate.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error').map((c) => c.id);
    problems.push(`predicate verdict is "${predicate.verdict}"${failing.length ? ` (failing: ${[...new Set(failing)].join(', ')})` : ''}`);
  }
  const want = predicate.policy.digest?.sha256 ?? null;
  const have = checkout.policyDigest?.sha256 ?? null;
  if (want !== have) {
    const file = predicate.policy.file ?? 'no policy file';
    problems.push(`policy digest: attested ${want ? `sha256 ${want}` : 'no policy file'} (${file}), checkout has ${have ? `sha256 ${have}` : 'no policy file'}`);
  }
  return { problems, predicate, subjects: subjects.length };
}

function readSubjects(value: unknown): Subject[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'the statement has no subjects';
  const out: Subject[] = [];
  for (const [i, s] of value.entries()) {
    const sha = isRecord(s) && isRecord(s.digest) ? s.digest.sha256 : undefined;
    if (!isRecord(s) || typeof s.name !== 'string' || typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) return `subject ${i + 1} has no name or no sha256 digest`;
    if (s.name.startsWith('/') || s.name.split('/').includes('..')) return `subject ${JSON.stringify(s.name)} leaves the repository`;
    out.push({ name: s.name, digest: { sha256: sha } });
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
