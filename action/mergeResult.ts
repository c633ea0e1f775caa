// What a pull request would merge into: the commit whose files the gate judges. Not the head: when
// the base moved after the branch was cut (an audit finding re-opened, a dataset hash corrected),
// the head still holds the stale copies. The merge result holds the files the pull request changed
// as in its head and every other file as on the base. In order of preference:
//   1. GitHub's test merge commit, refs/pull/N/merge (fetched: it follows the base as it moves),
//   2. GITHUB_SHA, which is that merge commit for `pull_request` runs,
//   3. `git merge-tree` of the base and the head, when the history to their merge base is present.
// A candidate counts only when it is a merge of exactly the event's head. A conflict, or no way to
// establish the merge, fails closed.
import { isObjectId } from '../adapters/git/git.js';
import { mergeCommits } from '../adapters/git/gitMerge.js';
import type { ActionEvent } from './event.js';
import type { LocalGit } from './localGit.js';

export interface MergeResult {
  /** The commit whose files are judged. */
  sha: string;
  /** The base it merges into: its policy and waivers judge. */
  baseSha: string;
  /** For the summary and the comment, e.g. "GitHub's test merge commit abc (refs/pull/7/merge)". */
  description: string;
}

/** The pull request cannot be merged as it stands, or its merge cannot be established here. */
export class MergeError extends Error {
  override name = 'MergeError';
}

type PullRequestEvent = Extract<ActionEvent, { kind: 'pull_request' }>;


export async function mergeResult(local: LocalGit, event: PullRequestEvent, githubSha: string | undefined): Promise<MergeResult> {
  const ref = testMergeRef(event.number);
  const seen: string[] = [];
  let fetched: string | undefined;
  try {
    fetched = await local.fetchRefCommit(ref);
  } catch {
    seen.push(`${ref} could not be fetched`);
  }
  const candidates: [string, string][] = [];
  if (fetched) candidates.push([fetched, `GitHub's test merge commit ${short(fetched)} (${ref})`]);
  if (event.name === 'pull_request' && githubSha && isObjectId(githubSha) && githubSha !== fetched) {
    candidates.push([githubSha, `GitHub's test merge commit ${short(githubSha)} (GITHUB_SHA)`]);
  }
  for (const [sha, description] of candidates) {
    if ((await local.ensureCommit(sha, [sha])) !== null) {
      seen.push(`${description} could not be fetched`);
      continue;
    }
    const parents = await local.commitParents(sha);
    if (parents.length !== 2 || parents[1] !== event.headSha || !parents[0]) {
      seen.push(`${description} is not a merge of the head ${short(event.headSha)}`);
      continue;
    }
    const problem = await local.ensureCommit(parents[0], [parents[0]]);
    if (problem) {
      seen.push(`the base ${short(parents[0])} of ${description} could not be fetched: ${problem}`);
      continue;
    }
    return { sha, baseSha: parents[0], description };
  }

  // No usable merge commit from GitHub (it computes one shortly after a push, and none while the
  // pull request conflicts with its base): merge here, if the history allows.
  let outcome;
  try {
    outcome = await mergeCommits(local.dir, event.baseSha, event.headSha);
  } catch (err) {
    throw new MergeError(
      `cannot establish what pull request #${event.number} would merge into ${short(event.baseSha)}: ${seen.join('; ') || 'GitHub has no test merge commit'}, and git cannot merge here (${firstLine(err)}). ` +
        'Re-run the job once GitHub has computed the merge (the pull request page shows whether it conflicts), or check out with fetch-depth: 0 so that modelgate can merge the two commits itself.',
    );
  }
  if (outcome.kind === 'conflict') {
    const shown = outcome.paths.slice(0, 10).join(', ');
    const more = outcome.paths.length > 10 ? ` and ${outcome.paths.length - 10} more` : '';
    throw new MergeError(
      `pull request #${event.number} conflicts with its base ${short(event.baseSha)} in ${shown}${more}, so there is no merge result to judge. Resolve the conflicts (merge or rebase onto the base branch) and push.`,
    );
  }
  return { sha: outcome.sha, baseSha: event.baseSha, description: `the merge of ${short(event.headSha)} into ${short(event.baseSha)}, made with git merge-tree (${seen.join('; ') || 'no test merge commit'})` };
}

/** GitHub's test merge commit of pull request `number`. */
export function testMergeRef(number: number): string {
  return `refs/pull/${number}/merge`;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
