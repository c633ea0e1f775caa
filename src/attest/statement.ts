// The in-toto Statement v1 modelgate issues per evaluated model: the model's artifacts and evidence
// files as subjects (by SHA-256), its governance verdict as the predicate. Plain data: signing is
// done by the shells (the Action through @actions/attest), verification by `modelgate verify`.
import type { ModelReport, Report } from '../types.js';
import type { AttestedCheck, AttestedWaiver, GovernancePredicate } from './schema.js';

export type { AttestedCheck, AttestedWaiver, GovernancePredicate } from './schema.js';

/** The predicate type: stable; a change of the predicate's meaning gets a new version. */
export const PREDICATE_TYPE = 'https://modelgate.dev/attestation/governance/v1';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The payload type of a DSSE envelope holding an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Subject {
  /** Repository-relative POSIX path. */
  name: string;
  digest: { sha256: string };
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: GovernancePredicate;
}

/** What the statements of one run share: where the verdicts come from. */
export interface AttestationContext {
  repository: string | null;
  commit: string | null;
  policy: GovernancePredicate['policy'];
}

export interface ModelSubjects {
  artifacts: Subject[];
  evidence: Subject[];
}

export function buildStatement(report: Report, model: ModelReport, subjects: ModelSubjects, context: AttestationContext): Statement {
  const waivers: AttestedWaiver[] = model.checks.flatMap((c) =>
    c.waiver && c.outcome === 'waived' ? [{ check: c.id, reason: c.waiver.reason, approver: c.waiver.approver, expires: c.waiver.expires, source: c.waiver.source }] : [],
  );
  // A policy error fails every model; the predicate says so through the verdict and the checks.
  const verdict = report.policy.errors.length > 0 ? 'fail' : model.outcome;
  const checks: AttestedCheck[] = [...report.policy.errors, ...model.checks].map((c) => ({ id: c.id, level: c.level, outcome: c.outcome }));
  return {
    _type: STATEMENT_TYPE,
    subject: uniqueSubjects([...subjects.artifacts, ...subjects.evidence]),
    predicateType: PREDICATE_TYPE,
    predicate: {
      model: { path: model.path, name: model.name, riskTier: model.riskTier },
      verdict,
      checks,
      policy: context.policy,
      waivers,
      artifacts: subjects.artifacts.map((s) => s.name),
      evidence: subjects.evidence.map((s) => s.name),
      tool: { name: 'modelgate', version: report.tool.version },
      repository: context.repository,
      commit: context.commit,
      evaluatedAt: report.generatedAt,
    },
  };
}

function uniqueSubjects(subjects: Subject[]): Subject[] {
  const seen = new Map<string, Subject>();
  for (const s of subjects) if (!seen.has(s.name)) seen.set(s.name, s);
  return [...seen.values()];
}

/** A file name for a model's statement: its path with `/` as `__`, or `_root` for the repository itself. */
export function statementFileName(modelPath: string): string {
  return `${modelPath === '' ? '_root' : modelPath.replace(/[^A-Za-z0-9._-]/g, '_').replace(/_+/g, '_')}.intoto.json`;
}
