// One mapping from what GitHub lists to the core's ChangeSet, for the Action (a pull request's file
// list) and the App (two trees): normalised paths, the origin of renames and copies, type changes folded.
import { describe, expect, it } from 'vitest';
import { pullFilesToChanges, treeChanges, type TreeFile } from '../../adapters/github/changeSet.js';

const tree = (entries: Record<string, string>): Map<string, TreeFile> => new Map(Object.entries(entries).map(([p, sha]) => [p, { sha, mode: '100644' }]));

describe('a pull request file list', () => {
  it('keeps where a renamed or copied file came from, and nothing else carries an origin', () => {
    expect(
      pullFilesToChanges([
        { filename: 'models/b/card.md', status: 'renamed', previous_filename: 'models/a/card.md' },
        { filename: 'models/c/card.md', status: 'copied', previous_filename: 'models/a/card.md' },
        { filename: 'models/d/card.md', status: 'modified', previous_filename: 'models/x/card.md' },
        { filename: 'models/e/card.md', status: 'removed' },
        { filename: 'models/f/card.md', status: 'added' },
      ]),
    ).toEqual([
      { path: 'models/b/card.md', status: 'renamed', previousPath: 'models/a/card.md' },
      // A copy is a new file, but the model it was copied from counts as touched.
      { path: 'models/c/card.md', status: 'added', previousPath: 'models/a/card.md' },
      { path: 'models/d/card.md', status: 'modified' },
      { path: 'models/e/card.md', status: 'removed' },
      { path: 'models/f/card.md', status: 'added' },
    ]);
  });

  it('normalises paths as the core does', () => {
    expect(pullFilesToChanges([{ filename: './models//a/card.md', status: 'renamed', previous_filename: 'models/./old/card.md' }, { filename: 'models/b/', status: 'added' }])).toEqual([
      { path: 'models/a/card.md', status: 'renamed', previousPath: 'models/old/card.md' },
      { path: 'models/b', status: 'added' },
    ]);
  });

  it('folds a type change listed as a removal and an addition into one modification; an unknown status is a modification', () => {
    expect(
      pullFilesToChanges([
        { filename: 'models/a/model.bin', status: 'removed' },
        { filename: 'models/a/model.bin', status: 'added' },
        { filename: 'models/a/link', status: 'changed' },
        { filename: 'models/a/new', status: 'something-new' },
      ]),
    ).toEqual([
      { path: 'models/a/model.bin', status: 'modified' },
      { path: 'models/a/link', status: 'modified' },
      { path: 'models/a/new', status: 'modified' },
    ]);
  });
});

describe('two trees', () => {
  it('lists added, modified (content or mode) and removed files, sorted, with normalised paths', () => {
    const base = tree({ 'models/a/card.md': '1', 'models/a/model.bin': '2', 'models/gone.md': '3' });
    const head = tree({ 'models/a/card.md': '9', 'models/a/model.bin': '2', './models/new.md': '4' });
    head.set('models/a/model.bin', { sha: '2', mode: '120000' });
    expect(treeChanges(base, head)).toEqual({
      all: false,
      files: [
        { path: 'models/a/card.md', status: 'modified' },
        { path: 'models/a/model.bin', status: 'modified' },
        { path: 'models/gone.md', status: 'removed' },
        { path: 'models/new.md', status: 'added' },
      ],
    });
  });

  it('agrees with the file list on the same change', () => {
    const base = tree({ 'models/a/card.md': '1', 'models/b/card.md': '2' });
    const head = tree({ 'models/a/card.md': '3', 'models/c/card.md': '4' });
    const listed = pullFilesToChanges([
      { filename: 'models/a/card.md', status: 'modified' },
      { filename: 'models/b/card.md', status: 'removed' },
      { filename: 'models/c/card.md', status: 'added' },
    ]);
    expect(treeChanges(base, head).files).toEqual(listed);
  });
});
