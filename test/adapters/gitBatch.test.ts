import { afterEach, describe, expect, it } from 'vitest';
import { GitBatch } from '../../adapters/git/gitBatch.js';
import { parentsOf } from '../../adapters/git/gitMerge.js';
import { cleanup, commitAll, git, initRepo, tempDir, write } from './fixture.js';

afterEach(cleanup);

const open: GitBatch[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});
const batchOf = (dir: string): GitBatch => {
  const b = new GitBatch(dir);
  open.push(b);
  return b;
};

describe('GitBatch: one cat-file --batch-command for info and contents', () => {
  it('answers interleaved info and contents questions in order, each with its own kind of answer', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'alpha');
    write(repo, 'big.bin', 'x'.repeat(5000));
    const head = commitAll(repo, 'one');
    const blob = git(repo, 'rev-parse', 'HEAD:a.txt').trim();
    const big = git(repo, 'rev-parse', 'HEAD:big.bin').trim();
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}').trim();
    const batch = batchOf(repo);
    const [commit, read, bigInfo, tooLarge, notFile, missing, contents] = await Promise.all([
      batch.info(`${head}^{commit}`),
      batch.read(blob, 100),
      batch.info(big),
      batch.read(big, 100),
      batch.read(tree, 1000),
      batch.info('0'.repeat(40)),
      batch.contents(head, 10_000),
    ]);
    expect(commit).toEqual({ kind: 'object', oid: head, type: 'commit', size: expect.any(Number) });
    expect(read.kind === 'ok' && Buffer.from(read.bytes).toString()).toBe('alpha');
    expect(bigInfo).toEqual({ kind: 'object', oid: big, type: 'blob', size: 5000 });
    expect(tooLarge).toEqual({ kind: 'too-large', size: 5000, limit: 100 });
    expect(notFile).toEqual({ kind: 'not-a-file', detail: 'tree' });
    expect(missing).toEqual({ kind: 'missing' });
    expect(contents.kind === 'object' && contents.type).toBe('commit');
    expect(contents.kind === 'object' && Buffer.from(contents.bytes).toString()).toContain(`tree ${tree}\n`);
  });

  it('sees what a fetch brings while it runs: new objects and a rewritten FETCH_HEAD', async () => {
    const origin = initRepo();
    write(origin, 'a.txt', 'one');
    const first = commitAll(origin, 'one');
    const clone = tempDir();
    git(clone, 'clone', '-q', '--depth=1', `file://${origin}`, '.');
    const batch = batchOf(clone);
    write(origin, 'a.txt', 'two');
    const second = commitAll(origin, 'two');
    git(clone, 'fetch', '-q', '--depth=1', 'origin', first);
    expect(await batch.info('FETCH_HEAD^{commit}')).toMatchObject({ kind: 'object', oid: first });
    expect(await batch.info(`${second}^{commit}`)).toEqual({ kind: 'missing' });
    git(clone, 'fetch', '-q', '--depth=1', 'origin', 'main');
    expect(await batch.info('FETCH_HEAD^{commit}')).toMatchObject({ kind: 'object', oid: second });
    expect(await batch.info(`${second}^{commit}`)).toMatchObject({ kind: 'object', oid: second, type: 'commit' });
    const commit = await batch.contents(second, 10_000);
    expect(commit.kind === 'object' && parentsOf(commit.bytes)).toEqual([first]);
  });

  it('refuses a name that would be a second command, and answers io once closed', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'alpha');
    const head = commitAll(repo);
    const batch = batchOf(repo);
    expect(await batch.info(`${head}\ncontents ${head}`)).toMatchObject({ kind: 'io', detail: expect.stringMatching(/not an object name/) });
    expect(await batch.info(head)).toMatchObject({ kind: 'object', oid: head });
    batch.close();
    expect(await batch.info(head)).toEqual({ kind: 'io', detail: 'reader is closed' });
  });

  it('reports a git that cannot start, or a directory that is no repository, as io, never as missing', async () => {
    const batch = batchOf(tempDir());
    const a = await batch.info('HEAD');
    expect(a.kind).toBe('io');
    expect(a.kind === 'io' && a.detail).toMatch(/git cat-file exited/);
  });
});
