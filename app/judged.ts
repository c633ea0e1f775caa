// What a pull request's verdict judges: what merging it would produce, tied to exact commits. The
// check run is posted on the head commit `sha`, but the files judged are those of the merge result
// on the pull request's current base: the files the PR changed as in `sha`, every other file as on
// the base (a base that moved on, re-opening an audit finding or correcting a hash, judges the PR).
// - GitHub's test merge commit (refs/pull/N/merge) when GitHub says it merges cleanly and the
//   commit's parents are exactly the current base and `sha`;
// - otherwise the same overlay built from trees: base tree, plus what `sha` changed since the merge
//   base (GET compare/{base}...{sha}). A path both sides changed cannot be settled without GitHub's
//   merge, and a PR GitHub reports as conflicting cannot be merged at all: both fail closed.
// The change set is always the difference of two trees read at those commits, never "the PR's
// file list now", which may belong to a newer head than the one being judged.
import { code } from '../src/index.js';
import type { ChangedFile, ChangeSet } from '../src/index.js';
import { treeChanges } from '../adapters/github/changeSet.js';
import type { GitHubApi, PullRequest, Tree, TreeEntry } from './github.js';
import { TruncatedTreeError } from './githubReader.js';

export interface Judged {
  /** The commit the verdict is posted on (the PR's head when the job started, or the event's). */
  headSha: string;
  /** The base branch's commit the merge is judged onto. */
  baseSha: string;
  /** GitHub's test merge commit, when it was the revision judged. */
  mergeSha?: string;
  /** Where base and head meet, when the overlay was built from it. */
  mergeBaseSha?: string;
  /** The commit whose tree the head reader reads (the merge commit, or the head). */
  readSha: string;
  /** The overlay's tree, when the judged revision is not a commit of its own. */
  tree?: Tree;
  changes: ChangeSet & { all: false; files: ChangedFile[] };
}

export class UnmergeableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnmergeableError';
  }
}

/** Shown where more paths than this are involved. */
const SHOWN = 5;

async function treeMap(api: GitHubApi, sha: string): Promise<{ tree: Tree; files: Map<string, TreeEntry> }> {
  const tree = await api.tree(sha);
  if (tree.truncated) throw new TruncatedTreeError(sha, tree.entries.length);
  return { tree, files: new Map(tree.entries.filter((e) => e.type !== 'tree').map((e) => [e.path, e])) };
}

const list = (paths: string[]) => `${paths.slice(0, SHOWN).join(', ')}${paths.length > SHOWN ? ` and ${paths.length - SHOWN} more` : ''}`;

export async function judgePullRequest(api: GitHubApi, pr: PullRequest, sha: string): Promise<Judged> {
  const baseSha = pr.baseSha;
  const isHead = sha === pr.headSha;
  if (isHead && pr.mergeable === false) {
    throw new UnmergeableError(
      `pull request #${pr.number} cannot be merged into ${pr.baseRef} (${baseSha.slice(0, 12)}): GitHub reports a merge conflict. modelgate judges what the merge would hold, so it fails closed until the conflict is resolved (merge or rebase onto ${pr.baseRef} and push).`,
    );
  }
  if (isHead && pr.mergeable === true && pr.mergeCommitSha) {
    const merge = pr.mergeCommitSha;
    const parents = await api.parents(merge);
    if (parents.length === 2 && parents[0] === baseSha && parents[1] === sha) {
      const [b, m] = await Promise.all([treeMap(api, baseSha), treeMap(api, merge)]);
      return { headSha: sha, baseSha, mergeSha: merge, readSha: merge, changes: { all: false, files: treeChanges(b.files, m.files).files } };
    }
  }
  const mergeBaseSha = await api.mergeBase(baseSha, sha);
  if (mergeBaseSha === baseSha) {
    // The head contains the base: merging it yields its own tree.
    const [b, h] = await Promise.all([treeMap(api, baseSha), treeMap(api, sha)]);
    return { headSha: sha, baseSha, mergeBaseSha, readSha: sha, changes: { all: false, files: treeChanges(b.files, h.files).files } };
  }
  const [since, b, h] = await Promise.all([treeMap(api, mergeBaseSha), treeMap(api, baseSha), treeMap(api, sha)]);
  const prChanged = treeChanges(since.files, h.files).files;
  const baseChanged = new Set(treeChanges(since.files, b.files).files.map((f) => f.path));
  const both = prChanged.map((f) => f.path).filter((p) => baseChanged.has(p));
  if (both.length > 0) {
    throw new UnmergeableError(
      `both pull request #${pr.number} and ${pr.baseRef} changed ${list(both)} since they diverged (${mergeBaseSha.slice(0, 12)}), and GitHub has not computed a test merge of ${sha.slice(0, 12)} into ${baseSha.slice(0, 12)}; modelgate cannot tell what the merge would hold, so it fails closed. Re-run once GitHub shows whether the pull request can be merged, or merge ${pr.baseRef} into the branch.`,
    );
  }
  // The overlay: the base's tree with the PR's changes applied. Directories of both are kept so
  // a path under either reads as "a directory", never as missing.
  const entries = new Map(b.tree.entries.map((e) => [e.path, e]));
  for (const e of h.tree.entries) if (e.type === 'tree' && !entries.has(e.path)) entries.set(e.path, e);
  for (const f of prChanged) {
    const now = h.files.get(f.path);
    if (now) entries.set(f.path, now);
    else entries.delete(f.path);
  }
  return { headSha: sha, baseSha, mergeBaseSha, readSha: sha, tree: { entries: [...entries.values()], truncated: false }, changes: { all: false, files: prChanged } };
}

/** Paths listed in the verdict; past this, the count says the rest. */
const LISTED = 100;

/** What was judged, for the check run and the checklist: the commits, then the file list (folded). */
export function judgedSection(j: Judged): string {
  const files = j.changes.files;
  const shown = files.slice(0, LISTED).map((f) => `- ${code(f.path)} (${f.status})`);
  if (files.length > LISTED) shown.push(`- and ${files.length - LISTED} more`);
  return [judgedLine(j), '', `<details><summary>The ${files.length} changed file${files.length === 1 ? '' : 's'} judged</summary>`, '', ...shown, '', '</details>', ''].join('\n');
}

/** One line naming the commits judged (shas are hex: no escaping needed). */
export function judgedLine(j: Judged): string {
  const short = (s: string) => `\`${s.slice(0, 12)}\``;
  const how = j.mergeSha
    ? `GitHub's test merge commit ${short(j.mergeSha)}`
    : j.tree
      ? `the files it changed since ${short(j.mergeBaseSha ?? '')} as in the head, every other file as on the base`
      : 'the head contains the base';
  return `Judged: head ${short(j.headSha)} merged onto base ${short(j.baseSha)} (${how}); ${j.changes.files.length} changed file${j.changes.files.length === 1 ? '' : 's'}.`;
}
