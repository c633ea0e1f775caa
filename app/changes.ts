// The ChangeSet between two trees already fetched (a pull request's merge result against its base,
// a merge group against its parent). Trees list every file, so unlike GitHub's file listings (capped
// at 3,000 files, and always for the pull request's newest head) the difference is complete and tied
// to exactly the two commits read.
import type { ChangedFile, ChangeSet } from '../src/types.js';
import type { TreeEntry } from './github.js';

/** Files that differ between two trees (by blob id and mode); renames show as a removal and an addition. */
export function treeChanges(base: ReadonlyMap<string, TreeEntry>, head: ReadonlyMap<string, TreeEntry>): ChangeSet & { all: false; files: ChangedFile[] } {
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
