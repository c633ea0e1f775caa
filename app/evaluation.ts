// One evaluation over the GitHub API, shared by pull requests, merge groups and default-branch
// pushes: two readers (base and head; one when they are the same commit), the change set and the
// comment waivers, then the core's checkChange(). Independent requests run together.
import { checkChange, MAX_EVIDENCE_BYTES, VERSION } from '../src/index.js';
import type { ChangeSet, Report, Waiver } from '../src/index.js';
import { BlobLoader } from './blobLoader.js';
import { treeChanges } from '../adapters/github/changeSet.js';
import type { GitHubApi, Tree } from './github.js';
import { createGitHubReader, type GitHubReader } from './githubReader.js';
import { resolvePolicy } from './policy.js';
import { evidenceCandidates } from './prefetch.js';

export interface EvaluationInput {
  baseSha: string;
  /** The commit read as the head (a PR's test merge commit or head; a merge group's commit). */
  headSha: string;
  /** Entries read instead of `headSha`'s own tree (a merge result built from trees, judged.ts). */
  headTree?: Tree;
  /** The change (a PR's, judged.ts), the difference of the two trees (merge group), or every model. */
  changes: ChangeSet | 'trees' | 'all';
  /** Waivers granted outside the waivers file (PR comments). */
  extraWaivers?: () => Promise<Waiver[]>;
  today: string;
  generatedAt: string;
  /** Only findings are wanted (default-branch push): skip hashing dataset files. */
  findingsOnly?: boolean;
}

export interface Evaluation {
  report: Report;
  head: GitHubReader;
}

export async function evaluateOverApi(api: GitHubApi, input: EvaluationInput): Promise<Evaluation> {
  const blobs = new BlobLoader(api);
  const headPromise = createGitHubReader(api, blobs, api.ref, input.headSha, input.headTree);
  const basePromise = input.baseSha === input.headSha && !input.headTree ? headPromise : createGitHubReader(api, blobs, api.ref, input.baseSha);
  const changesPromise: Promise<ChangeSet> =
    input.changes === 'all'
      ? Promise.resolve({ all: true })
      : input.changes === 'trees'
        ? Promise.all([basePromise, headPromise]).then(([b, h]) => treeChanges(b.entries, h.entries))
        : Promise.resolve(input.changes);
  const [base, head, changes, extra] = await Promise.all([basePromise, headPromise, changesPromise, input.extraWaivers?.() ?? Promise.resolve([])]);
  const { report } = await checkChange({
    base,
    judged: head,
    changes,
    // The base's file, with the organisation defaults and `_extends` it names (policy.ts).
    policyFromBase: (reader) => resolvePolicy(reader, blobs, api.ref),
    extraWaivers: extra,
    today: input.today,
    generatedAt: input.generatedAt,
    toolVersion: VERSION,
    ...(input.findingsOnly ? { findingsOnly: true } : {}),
    // Sniffing every file of the repository would be one API read per file: only changed files are.
    sniffUnchanged: false,
    onPolicy: (policy) => head.prefetch(evidenceCandidates(head.entries, policy, changes), MAX_EVIDENCE_BYTES),
  });
  // The core turns some read failures into per-file results; an API failure fails the whole run.
  const failure = api.failures[0];
  if (failure) throw failure;
  return { report, head };
}
