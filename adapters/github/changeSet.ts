// From what GitHub lists to the core's ChangeSet, one way for every caller: a pull request's file
// list (the Action) and the difference of two trees (the App). Paths are normalised as the core's
// own (POSIX, no "./" or trailing "/"); a file's origin (`previousPath`) is kept for renames AND
// copies, so the model a file was copied or moved from counts as touched; a path listed twice (a
// type change as removal plus addition) is one modification.
import { normaliseRepoPath } from '../../src/check.js';
import type { ChangedFile, ChangeStatus } from '../../src/index.js';
import { foldTypeChanges } from '../git/gitChanges.js';

/** GET /pulls/{n}/files statuses. */
const STATUS: Record<string, ChangeStatus> = {
  added: 'added',
  copied: 'added', // a copy is a new file
  removed: 'removed',
  modified: 'modified',
  changed: 'modified', // a mode or type change (file <-> symbolic link <-> submodule)
  unchanged: 'modified',
  renamed: 'renamed',
};

/** Statuses whose entry names the file it came from. */
const HAS_ORIGIN = new Set(['renamed', 'copied']);

/** One entry of GET /pulls/{n}/files, the fields that matter here. */
export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

/** One changed file, its paths normalised. */
export function changedFile(path: string, status: ChangeStatus, previousPath?: string): ChangedFile {
  const from = previousPath ? normaliseRepoPath(previousPath) : undefined;
  const to = normaliseRepoPath(path);
  return from && from !== to ? { path: to, status, previousPath: from } : { path: to, status };
}

/** A pull request's file list as the core's changed files. An unknown status counts as a modification. */
export function pullFilesToChanges(entries: readonly PullFile[]): ChangedFile[] {
  return foldTypeChanges(entries.map((e) => changedFile(e.filename, STATUS[e.status] ?? 'modified', HAS_ORIGIN.has(e.status) ? e.previous_filename : undefined)));
}

/** An entry of a tree, the fields compared. */
export interface TreeFile {
  sha: string;
  mode: string;
}

/** Files that differ between two trees (by blob id and mode); renames show as a removal and an addition. */
export function treeChanges(base: ReadonlyMap<string, TreeFile>, head: ReadonlyMap<string, TreeFile>): { all: false; files: ChangedFile[] } {
  const files: ChangedFile[] = [];
  for (const [path, h] of head) {
    const b = base.get(path);
    if (!b) files.push(changedFile(path, 'added'));
    else if (b.sha !== h.sha || b.mode !== h.mode) files.push(changedFile(path, 'modified'));
  }
  for (const path of base.keys()) if (!head.has(path)) files.push(changedFile(path, 'removed'));
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { all: false, files };
}
