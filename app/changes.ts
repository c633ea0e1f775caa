// The ChangeSet of a pull request (its file list) or of a merge group (the difference between two
// trees already fetched). Both fail closed: a list GitHub cut short would hide changed models.
import type { ChangedFile, ChangeSet, ChangeStatus } from '../src/types.js';
import { normaliseRepoPath } from '../src/repo/paths.js';
import { foldTypeChanges } from '../src/repo/gitChanges.js';
import type { GitHubApi, PullRequest, TreeEntry } from './github.js';

/** GitHub lists at most this many files of a pull request. */
export const PR_FILES_CAP = 3000;

export class IncompleteChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteChangeError';
  }
}

const STATUS: Record<string, ChangeStatus> = {
  added: 'added',
  copied: 'added',
  removed: 'removed',
  renamed: 'renamed',
  modified: 'modified',
  changed: 'modified', // a mode or type change (file <-> symbolic link <-> submodule)
  unchanged: 'modified',
};

export async function pullRequestChanges(api: GitHubApi, pr: PullRequest): Promise<ChangeSet> {
  if (pr.changedFiles > PR_FILES_CAP) {
    throw new IncompleteChangeError(
      `pull request #${pr.number} changes ${pr.changedFiles} files; GitHub lists at most ${PR_FILES_CAP}, so modelgate cannot see every changed model. Split the pull request, or gate it with the modelgate Action, which diffs a checkout.`,
    );
  }
  const listed = await api.pullFiles(pr.number);
  if (listed.length !== pr.changedFiles) {
    throw new IncompleteChangeError(
      `GitHub listed ${listed.length} changed files for pull request #${pr.number}, but the pull request reports ${pr.changedFiles}; the list is incomplete or changed while it was read.`,
    );
  }
  const files: ChangedFile[] = listed.map((f) => {
    const status = STATUS[f.status] ?? 'modified';
    const file: ChangedFile = { path: normaliseRepoPath(f.filename), status };
    if (f.previous_filename) file.previousPath = normaliseRepoPath(f.previous_filename);
    return file;
  });
  return { all: false, files: foldTypeChanges(files) };
}

/** Files that differ between two trees (by blob id and mode); renames show as a removal and an addition. */
export function treeChanges(base: ReadonlyMap<string, TreeEntry>, head: ReadonlyMap<string, TreeEntry>): ChangeSet {
  const files: ChangedFile[] = [];
  for (const [path, h] of head) {
    const b = base.get(path);
    if (!b) files.push({ path, status: 'added' });
    else if (b.sha !== h.sha || b.mode !== h.mode) files.push({ path, status: 'modified' });
  }
  for (const path of base.keys()) if (!head.has(path)) files.push({ path, status: 'removed' });
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { all: false, files };
}
