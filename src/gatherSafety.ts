// Safety-evaluation records for one model: those its card cites under
// `governance.safety_evaluations`, and those the policy's `safety.records` globs find whose `scope`
// covers the model. A record's report kept in the repository is hashed like an audit report.
import type { Parsed, SafetyFact } from './types.js';
import type { ModelCard } from './evidence/modelCard.js';
import type { SafetyRecord } from './evidence/safety.js';
import type { FileVerification } from './evidence/fileHashes.js';
import type { EvidenceStore } from './evidence/store.js';
import type { Policy } from './policy/load.js';
import { Matcher } from './discovery.js';
import { lazyLine } from './evidence/load.js';
import { dirOf } from './paths.js';
import { resolveReference, verifyAuditReport } from './gather.js';
import { hintOf } from './auditIndex.js';
import { scopeCandidates } from './scopeScan.js';

export interface SafetyEvidence {
  /** As written in the card, or the file the policy's globs found. */
  ref: string;
  /** `card`: cited by the card; `policy`: found by `safety.records` and covering the model. */
  via: 'card' | 'policy';
  line?: number;
  path?: string;
  pathProblem?: string;
  record?: Parsed<SafetyRecord>;
  report?: FileVerification;
}

/** True when the record's scope names the model directory or a directory above it. */
export function scopeCovers(scope: readonly string[], modelPath: string): boolean {
  return scope.some((s) => s === modelPath || s === '' || modelPath.startsWith(`${s}/`));
}

/**
 * The record files `safety.records` finds, by the model directories their text may name: built once
 * per store and globs, so a model costs the records that may cover it, not every file of the tree.
 */
const finders = new WeakMap<EvidenceStore, Map<readonly string[], (modelPath: string) => Promise<string[]>>>();

function recordsNaming(store: EvidenceStore, globs: readonly string[]): (modelPath: string) => Promise<string[]> {
  let byGlobs = finders.get(store);
  if (!byGlobs) finders.set(store, (byGlobs = new Map()));
  let find = byGlobs.get(globs);
  if (!find) {
    const matcher = new Matcher(globs);
    const paths = globs.length === 0 ? [] : [...store.files].filter((f) => matcher.test(f)).sort();
    find = scopeCandidates(paths, () => Promise.all(paths.map((p) => hintOf(store, p))));
    byGlobs.set(globs, find);
  }
  return find;
}

export async function gatherSafety(card: ModelCard, modelPath: string, store: EvidenceStore, policy: Policy): Promise<SafetyEvidence[]> {
  const cited = await Promise.all(
    card.governance.safetyEvaluations.map(async (ref, i) => {
      const s: SafetyEvidence = { ref, via: 'card' };
      lazyLine(s, 'line', () => card.lineOf(['governance', 'safety_evaluations', i]));
      const path = resolveReference(ref, dirOf(card.file), store.files);
      if (!path.ok) s.pathProblem = path.reason;
      else await load(s, path.path, store);
      return s;
    }),
  );
  const citedPaths = new Set(cited.flatMap((s) => (s.path ? [s.path] : [])));
  const candidates = (await recordsNaming(store, policy.safety.records)(modelPath)).filter((f) => !citedPaths.has(f));
  const found = await Promise.all(
    candidates.map(async (file) => {
      const s: SafetyEvidence = { ref: file, via: 'policy' };
      await load(s, file, store);
      return s;
    }),
  );
  // A record found by the globs applies only where its scope says; one that does not parse has an
  // unknown scope, so it is reported to every model its text may name rather than silently dropped.
  return [...cited, ...found.filter((s) => !s.record?.ok || scopeCovers(s.record.value.scope, modelPath))];
}

async function load(s: SafetyEvidence, path: string, store: EvidenceStore): Promise<void> {
  s.path = path;
  s.record = await store.safety(path);
  const report = s.record.ok ? s.record.value.report : undefined;
  if (report?.path !== undefined) {
    const v = await verifyAuditReport(store, path, report.path, report.sha256);
    if (v) s.report = v;
  }
}

/** The covering records as report facts, newest first. */
export function safetyFacts(ev: { safety: SafetyEvidence[]; model: { path: string } }): SafetyFact[] {
  return ev.safety
    .flatMap((s) => (s.record?.ok && scopeCovers(s.record.value.scope, ev.model.path) ? [s.record.value] : []))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.id.localeCompare(b.id))
    .map((r) => {
      const fact: SafetyFact = {
        file: r.file,
        id: r.id,
        kind: r.kind,
        evaluator: r.evaluator.name,
        independent: r.evaluator.independent,
        datasets: r.datasets,
        slices: r.slices,
        results: r.results.map(({ line: _line, ...res }) => res),
        issues: r.issues.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status, ...(i.mitigation ? { mitigation: i.mitigation } : {}) })),
        mitigations: r.mitigations,
      };
      if (r.date) fact.date = r.date;
      if (r.method) fact.method = r.method;
      if (r.standard) fact.standard = r.standard;
      return fact;
    });
}
