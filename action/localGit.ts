// The git work the Action does in the checkout: making sure the commits it compares are present
// (fetching their objects from origin without checking anything out, so no pull request code is
// ever placed in the work tree or run) and diffing two trees.
import type { ChangedFile } from '../src/index.js';
import { GitError, runGit } from '../adapters/git/git.js';
import { parseNameStatus } from '../adapters/git/gitChanges.js';

export async function hasCommit(repoDir: string, sha: string): Promise<boolean> {
  try {
    await runGit(repoDir, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch (e) {
    if (e instanceof GitError && e.exitCode === null) throw e;
    return false;
  }
}

export async function isShallow(repoDir: string): Promise<boolean> {
  const out = await runGit(repoDir, ['rev-parse', '--is-shallow-repository']);
  return out.toString('utf8').trim() === 'true';
}

/**
 * Makes `sha` present locally, trying each refspec in turn (a commit id or a ref such as
 * `+refs/pull/7/head`) with `git fetch origin`. Objects only: no ref is updated but FETCH_HEAD.
 * A shallow clone stays shallow (depth 1 for what is fetched). Returns why it failed, or null.
 */
export async function ensureCommit(repoDir: string, sha: string, refspecs: readonly string[]): Promise<string | null> {
  if (await hasCommit(repoDir, sha)) return null;
  const shallow = await isShallow(repoDir).catch(() => false);
  const problems: string[] = [];
  for (const spec of refspecs) {
    try {
      await runGit(repoDir, ['fetch', '--no-tags', '--no-recurse-submodules', '--no-auto-gc', ...(shallow ? ['--depth=1'] : []), 'origin', spec]);
    } catch (e) {
      problems.push(`git fetch origin ${spec}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      continue;
    }
    if (await hasCommit(repoDir, sha)) return null;
    problems.push(`git fetch origin ${spec} did not bring ${sha.slice(0, 12)}`);
  }
  return problems.join('; ') || `commit ${sha} is not in the repository`;
}

/**
 * The files whose content differs between two trees (`git diff base head`, renames detected). Needs
 * only the two commits, not their history, so it works in shallow clones. For merge queues and
 * pushes `base` is an ancestor of `head`, where this equals the pull-request style diff from the
 * merge base; after a force push it is what the branch's content changed by.
 */
export async function treeDiff(repoDir: string, base: string, head: string): Promise<ChangedFile[]> {
  const out = await runGit(repoDir, ['diff', '--name-status', '-z', '-M', '--no-relative', '--no-ext-diff', '--no-textconv', '--no-color', base, head, '--']);
  return parseNameStatus(out.toString('utf8'));
}

/** Fetches one ref from origin and returns the commit it points to (via FETCH_HEAD). */
export async function fetchRefCommit(repoDir: string, ref: string): Promise<string> {
  const shallow = await isShallow(repoDir).catch(() => false);
  await runGit(repoDir, ['fetch', '--no-tags', '--no-recurse-submodules', '--no-auto-gc', ...(shallow ? ['--depth=1'] : []), 'origin', `+${ref}`]);
  const out = await runGit(repoDir, ['rev-parse', '--verify', 'FETCH_HEAD^{commit}']);
  return out.toString('utf8').trim();
}
