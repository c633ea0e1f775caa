// The files a pull request changes: `git diff` from the merge base of base and head to head (the
// `base...head` of a PR), with rename detection. Paths are relative to the repository top level.
import type { ChangedFile, ChangeStatus } from '../../src/check.js';
import { GitError, resolveCommit, runGit } from './git.js';

export { resolveCommit };

export async function changesBetween(repoDir: string, base: string, head: string): Promise<ChangedFile[]> {
  return changesBetweenCommits(repoDir, await resolveCommit(repoDir, base), await resolveCommit(repoDir, head), base, head);
}

/**
 * changesBetween for two commit ids already resolved (a reader's): one `git diff base...head`, which
 * finds the merge base itself (the first, as `git merge-base` prints it). `base` and `head` name them
 * in errors.
 */
export async function changesBetweenCommits(repoDir: string, baseSha: string, headSha: string, base = baseSha, head = headSha): Promise<ChangedFile[]> {
  let out: Buffer;
  try {
    out = await runGit(repoDir, ['diff', '--name-status', '-z', '-M', '--no-relative', '--no-ext-diff', '--no-textconv', '--no-color', `${baseSha}...${headSha}`, '--']);
  } catch (e) {
    if (e instanceof GitError && /no merge base/.test(e.stderr)) throw new Error(`"${base}" and "${head}" have no common ancestor (no merge base)`);
    throw e;
  }
  return parseNameStatus(out.toString('utf8'));
}

const STATUS: Record<string, ChangeStatus> = {
  A: 'added',
  C: 'added', // a copy is a new file
  M: 'modified',
  T: 'modified', // type change (file <-> symlink <-> submodule)
  D: 'removed',
  R: 'renamed',
};

/** Parses `git diff --name-status -z`: "X\0path\0" or "R100\0old\0new\0" (R and C carry two paths). */
export function parseNameStatus(text: string): ChangedFile[] {
  const tokens = text.split('\0');
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < tokens.length) {
    const code = tokens[i++] ?? '';
    if (code === '') continue;
    const letter = code[0] ?? '';
    if (letter === 'R' || letter === 'C') {
      const from = tokens[i++];
      const to = tokens[i++];
      if (from === undefined || to === undefined) break;
      // A copy keeps its origin, as the GitHub mapping does (github/changeSet.ts): the model it was copied from counts as touched.
      files.push({ path: to, status: letter === 'R' ? 'renamed' : 'added', previousPath: from });
    } else {
      const path = tokens[i++];
      if (path === undefined) break;
      files.push({ path, status: STATUS[letter] ?? 'modified' });
    }
  }
  return foldTypeChanges(files);
}

/**
 * One entry per path: a path listed as both removed and added (how a type change file <-> symbolic
 * link <-> submodule can be listed, by git with break detection and by GitHub's file lists) is one
 * modification, so a link that replaced the weights is seen as the change of the weights it is.
 */
export function foldTypeChanges(files: readonly ChangedFile[]): ChangedFile[] {
  const byPath = new Map<string, ChangedFile>();
  const out: ChangedFile[] = [];
  for (const f of files) {
    const seen = byPath.get(f.path);
    if (!seen) {
      const copy = { ...f };
      byPath.set(f.path, copy);
      out.push(copy);
    } else if (seen.status !== f.status || f.status === 'modified') {
      seen.status = seen.status === 'renamed' || f.status === 'renamed' ? 'renamed' : 'modified';
      if (f.previousPath && !seen.previousPath) seen.previousPath = f.previousPath;
    }
  }
  return out;
}
