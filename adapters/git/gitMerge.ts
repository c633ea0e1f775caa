// The result of merging one commit into another, as git would make it, without a work tree:
// `git merge-tree --write-tree` (git 2.38 or later) writes the merged tree to the object store, and a
// commit object is made for it so that the readers read it like any other commit. Nothing is checked
// out and no ref changes. Needs the history back to the merge base (not a depth-1 clone).
import { isObjectId, runGit } from './git.js';

export type MergeOutcome = { kind: 'merged'; sha: string } | { kind: 'conflict'; paths: string[] };

export async function mergeCommits(repoDir: string, base: string, head: string): Promise<MergeOutcome> {
  const out = await runGit(repoDir, ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', base, head], { okExitCodes: [1] });
  // Output: the tree id, then (only when the merge conflicts) the conflicted paths, NUL-separated.
  const [tree, ...rest] = out.toString('utf8').split('\0');
  const paths = [...new Set(rest.filter(Boolean))];
  if (paths.length > 0) return { kind: 'conflict', paths };
  if (!tree || !isObjectId(tree)) throw new Error(`git merge-tree printed no tree for ${base} and ${head}`);
  const commit = await runGit(repoDir, [
    '-c',
    'user.name=modelgate',
    '-c',
    'user.email=modelgate@localhost',
    'commit-tree',
    tree,
    '-p',
    base,
    '-p',
    head,
    '-m',
    `modelgate: ${head} merged into ${base}`,
  ]);
  return { kind: 'merged', sha: commit.toString('utf8').trim() };
}

/** The parents a commit object names, in order, from its header (not through a shallow clone's grafts). */
export function parentsOf(commit: Uint8Array): string[] {
  const text = Buffer.from(commit).toString('utf8');
  const end = text.indexOf('\n\n');
  return (end === -1 ? text : text.slice(0, end))
    .split('\n')
    .filter((l) => l.startsWith('parent '))
    .map((l) => l.slice('parent '.length).trim());
}
