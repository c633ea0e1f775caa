// From the event to what the core needs: the base commit (whose policy and waivers judge), the head
// commit (whose evidence is judged) and the changed files. Both commits are made present locally
// first; nothing is checked out.
import type { ChangeSet } from '../src/index.js';
import { changesBetweenCommits } from '../adapters/git/gitChanges.js';
import type { ActionEvent, Repo } from './event.js';
// The one module of the GitHub layer this needs: its index would load Octokit, which main.ts loads
// only once a request is made.
import { listPullRequestFiles } from '../adapters/github/pullRequestFiles.js';
import type { GitHubClient } from '../adapters/github/index.js';
import type { LocalGit } from './localGit.js';
import { mergeResult, testMergeRef } from './mergeResult.js';

export interface ResolvedChange {
  /** Whose policy and waivers judge. */
  baseSha: string;
  /** Whose files are judged: for a pull request, the result of merging it (see mergeResult.ts). */
  headSha: string;
  changes: ChangeSet;
  /** One line for the log, the summary and the comment: what was compared and judged, and where the file list came from. */
  description: string;
  /** headSha: the pull request's own head, which the comment's freshness is measured by. */
  pullRequest?: { number: number; fork: boolean; headSha: string };
}

/** The event leaves nothing to check (a deleted branch). */
export interface NothingToCheck {
  nothing: string;
}

/** Why the gate cannot know what changed. Always fails the run. */
export class ChangeError extends Error {
  override name = 'ChangeError';
}

export async function resolveChange(event: ActionEvent, local: LocalGit, repo: Repo, client: () => Promise<GitHubClient>, githubSha?: string): Promise<ResolvedChange | NothingToCheck> {
  switch (event.kind) {
    case 'pull_request': {
      const change = await pullRequestChange(event, local, repo, await client());
      const merged = await mergeResult(local, event, githubSha);
      return { ...change, baseSha: merged.baseSha, headSha: merged.sha, description: `${change.description}; judged: ${merged.description}, policy from the base ${short(merged.baseSha)}` };
    }
    case 'merge_group': {
      await requireCommits(local, [event.baseSha, [event.baseSha]], [event.headSha, [event.headSha]]);
      const files = await local.treeDiff(event.baseSha, event.headSha);
      return {
        baseSha: event.baseSha,
        headSha: event.headSha,
        changes: { all: false, files },
        description: `merge group ${short(event.baseSha)}..${short(event.headSha)}: ${count(files.length)} (git diff)`,
      };
    }
    case 'push':
      return pushChange(event, local);
  }
}

async function pullRequestChange(event: Extract<ActionEvent, { kind: 'pull_request' }>, local: LocalGit, repo: Repo, client: GitHubClient): Promise<ResolvedChange> {
  const listed = await listPullRequestFiles(client, repo, event.number, event.headSha, LIST_FIX);
  const headRef = `+refs/pull/${event.number}/head`;
  await local.checkCommits([event.baseSha, event.headSha]);
  if (!(await local.hasCommit(event.headSha))) {
    // GitHub's test merge commit is fetched next (mergeResult.ts) and holds most of the head's
    // objects: both in one fetch, so they cross the wire once. If that fails (no merge commit yet,
    // or a conflict), each is fetched on its own below and there, and says why it failed.
    await local.fetchRefCommit(testMergeRef(event.number), [headRef]).catch(() => undefined);
  }
  const problems = [await local.ensureCommit(event.baseSha, [event.baseSha]), await local.ensureCommit(event.headSha, [headRef, event.headSha])].filter(
    (p): p is string => p !== null,
  );
  const base = { baseSha: event.baseSha, headSha: event.headSha, pullRequest: { number: event.number, fork: event.fork, headSha: event.headSha } };
  const range = `pull request #${event.number} (${short(event.baseSha)}...${short(event.headSha)})`;
  if (listed.complete) {
    if (problems.length > 0) throw new ChangeError(`${range}: the commits to compare are not available: ${problems.join('; ')}. ${FETCH_FIX}`);
    return { ...base, changes: { all: false, files: listed.files }, description: `${range}: ${count(listed.files.length)} (GitHub API)` };
  }
  const cannot = `cannot tell which files ${range} changes: ${listed.reason}`;
  if (problems.length > 0) {
    throw new ChangeError(`${cannot}, and git cannot compute the diff here because ${problems.join('; ')}. ${FETCH_FIX}`);
  }
  let files;
  try {
    files = await changesBetweenCommits(local.dir, event.baseSha, event.headSha);
  } catch (err) {
    const shallow = local.shallow;
    const why = err instanceof Error ? err.message : String(err);
    throw new ChangeError(
      `${cannot}, and git cannot compute the diff here: ${why}.${shallow ? ' The checkout is shallow: use actions/checkout with fetch-depth: 0 so the merge base is present.' : ` ${FETCH_FIX}`}`,
    );
  }
  return { ...base, changes: { all: false, files }, description: `${range}: ${count(files.length)} (git diff; ${listed.reason})` };
}

async function pushChange(event: Extract<ActionEvent, { kind: 'push' }>, local: LocalGit): Promise<ResolvedChange | NothingToCheck> {
  if (event.after === null) return { nothing: `the push deleted ${event.ref}` };
  if (event.before !== null) {
    await requireCommits(local, [event.before, [event.before]], [event.after, [event.after]]);
    const files = await local.treeDiff(event.before, event.after);
    return {
      baseSha: event.before,
      headSha: event.after,
      changes: { all: false, files },
      description: `push to ${event.ref} ${short(event.before)}..${short(event.after)}: ${count(files.length)} (git diff)`,
    };
  }
  // A new branch or tag has no "before". Every model is checked, judged by the default branch's policy.
  await requireCommits(local, [event.after, [event.after]]);
  let baseSha: string;
  try {
    baseSha = await local.fetchRefCommit(`refs/heads/${event.defaultBranch}`);
  } catch (err) {
    throw new ChangeError(
      `the push created ${event.ref}, so modelgate checks every model with the policy of the default branch "${event.defaultBranch}", but that branch could not be fetched: ${err instanceof Error ? err.message : String(err)}. ${FETCH_FIX}`,
    );
  }
  return { baseSha, headSha: event.after, changes: { all: true }, description: `push creating ${event.ref} at ${short(event.after)}: every model, policy from ${event.defaultBranch} (${short(baseSha)})` };
}

const LIST_FIX = 'Re-run the job; if it keeps failing, check the token\'s "pull-requests: read" permission and githubstatus.com.';
const FETCH_FIX = 'Check out the repository with actions/checkout before this step (its default credentials let modelgate fetch the commits), or use fetch-depth: 0.';

async function requireCommits(local: LocalGit, ...wanted: [string, string[]][]): Promise<void> {
  await local.checkCommits(wanted.map(([sha]) => sha));
  const problems: string[] = [];
  for (const [sha, specs] of wanted) {
    const p = await local.ensureCommit(sha, specs);
    if (p) problems.push(p);
  }
  if (problems.length > 0) throw new ChangeError(`the commits to compare are not available: ${problems.join('; ')}. ${FETCH_FIX}`);
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function count(n: number): string {
  return `${n} changed file${n === 1 ? '' : 's'}`;
}
