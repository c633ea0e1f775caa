import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, symlinkSync, truncateSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkingTreeReader } from '../../adapters/workingTree.js';
import { cleanup, commitAll, git, initRepo, tempDir, text, write } from './fixture.js';

afterEach(cleanup);

/** The reader after a listing, so reads reuse the listing's checks. */
async function listed(reader: ReturnType<typeof createWorkingTreeReader>) {
  await reader.listFiles();
  return reader;
}

describe('createWorkingTreeReader in a git work tree', () => {
  it('lists tracked and untracked files, not ignored, deleted or linked ones', async () => {
    const repo = initRepo();
    write(repo, '.gitignore', 'ignored.bin\n');
    write(repo, 'models/a/README.md', '# a\n');
    write(repo, 'gone.txt', 'x');
    write(repo, 'node_modules/dep/index.js', 'tracked anyway');
    commitAll(repo);
    rmSync(join(repo, 'gone.txt'));
    write(repo, 'new.txt', 'untracked');
    write(repo, 'ignored.bin', 'ignored');
    symlinkSync('models/a/README.md', join(repo, 'link.md'));
    const files = await createWorkingTreeReader(repo).listFiles();
    expect(files).toEqual(['.gitignore', 'models/a/README.md', 'new.txt', 'node_modules/dep/index.js']);
  });

  it('lists every entry: files, symbolic links with their target, submodules and nested repositories', async () => {
    const repo = initRepo();
    write(repo, 'models/a/README.md', '# a\n');
    const head = commitAll(repo);
    symlinkSync('../../store/w.safetensors', join(repo, 'models/a/model.safetensors'));
    symlinkSync('/mnt/share/models/b', join(repo, 'models/b'));
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${head},models/c`);
    mkdirSync(join(repo, 'models/c'));
    const nested = join(repo, 'models/d');
    mkdirSync(nested);
    git(nested, 'init', '-q');
    write(nested, 'model.onnx', 'weights');
    const entries = await createWorkingTreeReader(repo).listEntries();
    expect(entries).toEqual([
      { path: 'models/a/README.md', kind: 'file', size: 4 },
      { path: 'models/a/model.safetensors', kind: 'symlink', target: '../../store/w.safetensors' },
      { path: 'models/b', kind: 'symlink', target: '/mnt/share/models/b' },
      { path: 'models/c', kind: 'submodule' },
      { path: 'models/d', kind: 'submodule' },
    ]);
    expect(await createWorkingTreeReader(repo).listFiles()).toEqual(['models/a/README.md']);
  });

  it('lists paths relative to a sub-directory root, limited to it', async () => {
    const repo = initRepo();
    write(repo, 'outside.txt', 'x');
    write(repo, 'sub/inner/a.txt', 'a');
    commitAll(repo);
    write(repo, 'sub/b.txt', 'b');
    const reader = createWorkingTreeReader(join(repo, 'sub'));
    expect(await reader.listFiles()).toEqual(['b.txt', 'inner/a.txt']);
    const r = await reader.read('inner/a.txt', 10);
    expect(r.kind === 'ok' && text(r.bytes)).toBe('a');
  });

  it('lists and reads a file with a newline in its name', async () => {
    const repo = initRepo();
    write(repo, 'odd\nname.txt', 'odd');
    write(repo, 'with space.txt', 'space');
    commitAll(repo);
    const reader = createWorkingTreeReader(repo);
    expect(await reader.listFiles()).toEqual(['odd\nname.txt', 'with space.txt']);
    const r = await reader.read('odd\nname.txt', 100);
    expect(r.kind === 'ok' && text(r.bytes)).toBe('odd');
  });

  it('does not list files below a symlinked directory', async () => {
    const repo = initRepo();
    const outside = tempDir();
    write(outside, 'secret.txt', 'secret');
    write(repo, 'a.txt', 'a');
    commitAll(repo);
    symlinkSync(outside, join(repo, 'linked'));
    expect(await createWorkingTreeReader(repo).listFiles()).toEqual(['a.txt']);
  });
});

describe('createWorkingTreeReader outside git', () => {
  it('walks the tree, skipping .git and node_modules and never following symlinks', async () => {
    const root = tempDir();
    const outside = tempDir();
    write(outside, 'secret.txt', 'secret');
    write(root, 'a.txt', 'a');
    write(root, 'deep/er/b.txt', 'b');
    write(root, 'odd\nname.txt', 'n');
    write(root, '.git/config', 'x');
    write(root, 'x/node_modules/m.js', 'x');
    symlinkSync(outside, join(root, 'linked'));
    symlinkSync('a.txt', join(root, 'link.txt'));
    const reader = createWorkingTreeReader(root);
    expect(reader.label).toBe(`working tree ${root}`);
    expect(await reader.listFiles()).toEqual(['a.txt', 'deep/er/b.txt', 'odd\nname.txt']);
  });

  it('walks a bare repository, which is no work tree', async () => {
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    expect(await createWorkingTreeReader(bare).listFiles()).toContain('HEAD');
  });

  it('does not walk a work tree that git cannot list: its error stands', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'a');
    commitAll(repo);
    write(repo, '.git/index', 'not an index');
    write(repo, 'ignored.txt', 'x');
    await expect(createWorkingTreeReader(repo).listFiles()).rejects.toThrow(/index/);
  });

  it('rejects listFiles when the root does not exist', async () => {
    await expect(createWorkingTreeReader(join(tempDir(), 'nope')).listFiles()).rejects.toThrow();
  });
});

describe('read and sha256', () => {
  it('reads a file within the limit and reports its size', async () => {
    const root = tempDir();
    write(root, 'a/b.txt', 'hello');
    const r = await createWorkingTreeReader(root).read('a/b.txt', 5);
    expect(r).toMatchObject({ kind: 'ok', size: 5 });
    expect(r.kind === 'ok' && text(r.bytes)).toBe('hello');
    const empty = tempDir();
    write(empty, 'e', '');
    expect(await createWorkingTreeReader(empty).read('e', 0)).toMatchObject({ kind: 'ok', size: 0 });
  });

  it('head: the first bytes and the full size, the failures of read (never too-large), no link followed', async () => {
    const root = tempDir();
    write(root, 'big.bin', 'GGUF' + 'x'.repeat(100));
    write(root, 'short.txt', 'ab');
    mkdirSync(join(root, 'dir'));
    symlinkSync('big.bin', join(root, 'link.bin'));
    for (const reader of [createWorkingTreeReader(root), await listed(createWorkingTreeReader(root))]) {
      const big = await reader.head('big.bin', 4);
      expect(big.kind === 'ok' && [text(big.bytes), big.size]).toEqual(['GGUF', 104]);
      const short = await reader.head('short.txt', 64);
      expect(short.kind === 'ok' && [text(short.bytes), short.size]).toEqual(['ab', 2]);
      expect(await reader.head('nope', 4)).toEqual({ kind: 'missing' });
      expect(await reader.head('dir', 4)).toEqual({ kind: 'not-a-file', detail: 'directory' });
      expect(await reader.head('link.bin', 4)).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
      expect((await reader.head('../big.bin', 4)).kind).toBe('outside');
    }
  });

  it('answers missing, too-large and not-a-file', async () => {
    const root = tempDir();
    write(root, 'big.txt', 'x'.repeat(100));
    write(root, 'file.txt', 'f');
    mkdirSync(join(root, 'dir'));
    const reader = createWorkingTreeReader(root);
    expect(await reader.read('nope.txt', 10)).toEqual({ kind: 'missing' });
    expect(await reader.read('nope/deeper.txt', 10)).toEqual({ kind: 'missing' });
    expect(await reader.read('file.txt/below', 10)).toEqual({ kind: 'missing' });
    expect(await reader.read('big.txt', 99)).toEqual({ kind: 'too-large', size: 100, limit: 99 });
    expect(await reader.read('dir', 10)).toEqual({ kind: 'not-a-file', detail: 'directory' });
    expect(await reader.sha256('nope.txt')).toEqual({ kind: 'missing' });
    expect(await reader.sha256('dir')).toMatchObject({ kind: 'not-a-file' });
  });

  it('refuses paths that are not normalised repository paths', async () => {
    const root = tempDir();
    write(root, 'a.txt', 'a');
    const reader = createWorkingTreeReader(join(root));
    for (const p of ['', '../a.txt', '/etc/passwd', 'x/../a.txt', './a.txt', 'a//a.txt', 'dir/', 'a\0b']) {
      expect((await reader.read(p, 100)).kind, p).toBe('outside');
      expect((await reader.sha256(p)).kind, p).toBe('outside');
    }
  });

  it('refuses a symlinked file', async () => {
    const root = tempDir();
    write(root, 'real.txt', 'real');
    symlinkSync('real.txt', join(root, 'link.txt'));
    const reader = createWorkingTreeReader(root);
    expect(await reader.read('link.txt', 100)).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    expect(await reader.sha256('link.txt')).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
  });

  it('refuses a file below a symlinked directory pointing outside the repository', async () => {
    const repo = initRepo();
    const outside = tempDir();
    write(outside, 'secret.txt', 'secret');
    write(outside, 'nested/deep.txt', 'deep');
    write(repo, 'models/a.txt', 'a');
    commitAll(repo);
    symlinkSync(outside, join(repo, 'models/linked'));
    const reader = createWorkingTreeReader(repo);
    for (const p of ['models/linked/secret.txt', 'models/linked/nested/deep.txt']) {
      const r = await reader.read(p, 1000);
      expect(['not-a-file', 'outside']).toContain(r.kind);
      expect(r).not.toHaveProperty('bytes');
      const h = await reader.sha256(p);
      expect(['not-a-file', 'outside']).toContain(h.kind);
      expect(h).not.toHaveProperty('sha256');
    }
  });

  it('hashes a file larger than 1 MiB exactly', async () => {
    const root = tempDir();
    const bytes = randomBytes(3 * 1024 * 1024 + 12345);
    write(root, 'weights/model.safetensors', bytes);
    const r = await createWorkingTreeReader(root).sha256('weights/model.safetensors');
    expect(r).toEqual({ kind: 'ok', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  });
});

describe('a hashing thread started ahead', () => {
  const MiB = 1024 * 1024;
  const reader = resolve(import.meta.dirname, '../../build/adapters/workingTree.js');

  /**
   * Threads of a fresh node process before and after it lists `root` with the compiled reader, and
   * how it exited. The script is evaluated as an ES module, whose options the hashing thread inherits.
   */
  function threadsAroundListing(root: string) {
    const script = `
      import { readdirSync, promises } from 'node:fs';
      const { createWorkingTreeReader } = await import(${JSON.stringify(reader)});
      await promises.stat('.'); // the thread pool's threads exist before counting
      const before = readdirSync('/proc/self/task').length;
      await createWorkingTreeReader(${JSON.stringify(root)}).listFiles();
      await new Promise((r) => setTimeout(r, 300));
      console.log(JSON.stringify({ before, after: readdirSync('/proc/self/task').length }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stderr: r.stderr, ...(JSON.parse(r.stdout || '{}') as { before?: number; after?: number }) };
  }

  it.skipIf(!existsSync('/proc/self/task'))('for a listing with large files to hash, on a second core, and it keeps no process alive', () => {
    const root = tempDir();
    // Sparse files: sizes without writing the bytes.
    write(root, 'one.bin', '');
    truncateSync(join(root, 'one.bin'), 200 * MiB); // one large file alone: no thread
    const one = threadsAroundListing(root);
    expect(one.status, one.stderr).toBe(0);
    expect(one.after).toBe(one.before);

    write(root, 'data/two.bin', '');
    truncateSync(join(root, 'data/two.bin'), 100 * MiB); // two, 300 MiB in all: a thread, unless one core
    const two = threadsAroundListing(root);
    expect(two.status, two.stderr).toBe(0); // exited by itself: the idle thread is unreferenced
    expect(two.after).toBe((two.before ?? 0) + (availableParallelism() > 1 ? 1 : 0));
  });

  it('hashes correctly on the thread started ahead', async () => {
    const root = tempDir();
    const a = randomBytes(3 * MiB + 7);
    write(root, 'a.bin', a);
    write(root, 'b.bin', '');
    truncateSync(join(root, 'b.bin'), 300 * MiB);
    const r = createWorkingTreeReader(root);
    await r.listFiles();
    const zeros = createHash('sha256');
    const chunk = Buffer.alloc(MiB);
    for (let i = 0; i < 300; i++) zeros.update(chunk);
    expect(await Promise.all([r.sha256('b.bin'), r.sha256('a.bin')])).toEqual([
      { kind: 'ok', sha256: zeros.digest('hex'), size: 300 * MiB },
      { kind: 'ok', sha256: createHash('sha256').update(a).digest('hex'), size: a.length },
    ]);
  });
});
