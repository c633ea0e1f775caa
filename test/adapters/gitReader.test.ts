import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitRefReader, gitTopLevel, parseTree, SEARCH_FROM, type GitRefReader } from '../../adapters/git/gitReader.js';
import { cleanup, commitAll, git, gitWithInput, initRepo, tempDir, text, write } from './fixture.js';

const readers: GitRefReader[] = [];
async function open(dir: string, ref: string): Promise<GitRefReader> {
  // The search runs for any number of paths here; the default threshold has a test of its own.
  const r = await createGitRefReader(dir, ref, { searchFrom: 0 });
  readers.push(r);
  return r;
}
afterEach(() => {
  for (const r of readers.splice(0)) r.close();
  cleanup();
});

describe('createGitRefReader', () => {
  it('reads a commit without checking it out: old content after a later change', async () => {
    const repo = initRepo();
    write(repo, 'models/a/README.md', 'version one');
    const first = commitAll(repo, 'one');
    write(repo, 'models/a/README.md', 'version two');
    write(repo, 'models/a/extra.txt', 'later');
    commitAll(repo, 'two');
    write(repo, 'models/a/README.md', 'uncommitted');

    const old = await open(repo, first);
    expect(old.sha).toBe(first);
    expect(old.label).toBe(`git ${first.slice(0, 12)}`);
    expect(await old.listFiles()).toEqual(['models/a/README.md']);
    const r = await old.read('models/a/README.md', 100);
    expect(r.kind === 'ok' && text(r.bytes)).toBe('version one');
    expect(await old.read('models/a/extra.txt', 100)).toEqual({ kind: 'missing' });

    const head = await open(repo, 'HEAD');
    const h = await head.read('models/a/README.md', 100);
    expect(h.kind === 'ok' && text(h.bytes)).toBe('version two');
    expect(await head.sha256('models/a/README.md')).toEqual({
      kind: 'ok',
      sha256: createHash('sha256').update('version two').digest('hex'),
      size: 11,
    });
  });

  it('answers too-large from the tree size, missing, directory and invalid paths', async () => {
    const repo = initRepo();
    write(repo, 'big.txt', 'x'.repeat(100));
    write(repo, 'dir/f.txt', 'f');
    write(repo, 'empty', '');
    commitAll(repo);
    const reader = await open(repo, 'main');
    expect(await reader.read('big.txt', 99)).toEqual({ kind: 'too-large', size: 100, limit: 99 });
    expect(await reader.read('big.txt', 100)).toMatchObject({ kind: 'ok', size: 100 });
    expect(await reader.read('empty', 0)).toMatchObject({ kind: 'ok', size: 0 });
    expect(await reader.read('nope', 10)).toEqual({ kind: 'missing' });
    expect(await reader.sha256('nope')).toEqual({ kind: 'missing' });
    expect(await reader.read('dir', 10)).toEqual({ kind: 'not-a-file', detail: 'directory' });
    for (const p of ['../x', '/dir/f.txt', './dir/f.txt', 'dir//f.txt', '']) {
      expect((await reader.read(p, 10)).kind, p).toBe('outside');
    }
  });

  it('refuses symlinks, symlinked directories and submodules, and does not list them', async () => {
    const repo = initRepo();
    const outside = tempDir();
    write(outside, 'secret.txt', 'secret');
    write(repo, 'real.txt', 'real');
    symlinkSync('real.txt', join(repo, 'link.txt'));
    symlinkSync(outside, join(repo, 'linked'));
    const sub = commitAll(repo);
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${sub},vendor/sub`);
    git(repo, 'commit', '-q', '-m', 'submodule');
    const reader = await open(repo, 'HEAD');
    expect(await reader.listFiles()).toEqual(['real.txt']);
    expect(await reader.read('link.txt', 100)).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    expect(await reader.sha256('link.txt')).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    expect(await reader.read('linked', 100)).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    const below = await reader.read('linked/secret.txt', 100);
    expect(['not-a-file', 'outside']).toContain(below.kind);
    expect(['not-a-file', 'outside']).toContain((await reader.sha256('linked/secret.txt')).kind);
    expect(await reader.read('vendor/sub', 100)).toEqual({ kind: 'not-a-file', detail: 'submodule' });
    expect(await reader.sha256('vendor/sub')).toEqual({ kind: 'not-a-file', detail: 'submodule' });
    expect((await reader.read('vendor/sub/file', 100)).kind).toBe('not-a-file');
  });

  it('lists every entry: files with their size, symbolic links with their target, submodules', async () => {
    const repo = initRepo();
    write(repo, 'real.txt', 'real');
    symlinkSync('real.txt', join(repo, 'link.txt'));
    symlinkSync('/mnt/share/models', join(repo, 'linked'));
    const sub = commitAll(repo);
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${sub},vendor/sub`);
    git(repo, 'commit', '-q', '-m', 'submodule');
    const reader = await open(repo, 'HEAD');
    expect(await reader.listEntries()).toEqual([
      { path: 'link.txt', kind: 'symlink', target: 'real.txt' },
      { path: 'linked', kind: 'symlink', target: '/mnt/share/models' },
      { path: 'real.txt', kind: 'file', size: 4 },
      { path: 'vendor/sub', kind: 'submodule' },
    ]);
  });

  it('lists and reads a file with a newline in its name', async () => {
    const repo = initRepo();
    write(repo, 'odd\nname.txt', 'odd');
    write(repo, 'tab\there.txt', 'tab');
    write(repo, 'ünïcode.md', 'u');
    commitAll(repo);
    const reader = await open(repo, 'HEAD');
    expect(await reader.listFiles()).toEqual(['odd\nname.txt', 'tab\there.txt', 'ünïcode.md']);
    const r = await reader.read('odd\nname.txt', 100);
    expect(r.kind === 'ok' && text(r.bytes)).toBe('odd');
    const u = await reader.read('ünïcode.md', 100);
    expect(u.kind === 'ok' && text(u.bytes)).toBe('u');
  });

  it('hashes a file larger than 1 MiB by streaming', async () => {
    const repo = initRepo();
    const bytes = randomBytes(3 * 1024 * 1024 + 777);
    write(repo, 'weights/model.bin', bytes);
    commitAll(repo);
    const reader = await open(repo, 'HEAD');
    expect(await reader.sha256('weights/model.bin')).toEqual({
      kind: 'ok',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    });
    const r = await reader.read('weights/model.bin', bytes.length);
    expect(r.kind === 'ok' && Buffer.compare(Buffer.from(r.bytes), bytes)).toBe(0);
  });

  it('answers many concurrent reads correctly through one batch process', async () => {
    const repo = initRepo();
    for (let i = 0; i < 300; i++) write(repo, `files/f${i}.txt`, `content ${i} `.repeat(i % 7 === 0 ? 5000 : 1));
    commitAll(repo);
    const reader = await open(repo, 'HEAD');
    const files = await reader.listFiles();
    expect(files).toHaveLength(300);
    const results = await Promise.all(files.map((f) => reader.read(f, 1_000_000)));
    results.forEach((r, i) => {
      const n = Number(/f(\d+)/.exec(files[i] ?? '')?.[1]);
      expect(r.kind === 'ok' && text(r.bytes)).toBe(`content ${n} `.repeat(n % 7 === 0 ? 5000 : 1));
    });
  });

  it('a sibling reader (tree patched from another commit, one shared process) answers exactly as a reader of its own', async () => {
    const repo = initRepo();
    write(repo, 'same.txt', 'unchanged');
    write(repo, 'edit.txt', 'before');
    write(repo, 'gone.txt', 'removed later');
    write(repo, 'becomes-dir', 'a file first');
    write(repo, 'was-dir/inner.txt', 'a directory first');
    write(repo, 'run.sh', 'echo');
    write(repo, 'glob*[x].txt', 'literal name');
    write(repo, 'ünï/odd\nname.txt', 'odd');
    symlinkSync('same.txt', join(repo, 'link'));
    const sub = commitAll(repo, 'base');
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${sub},vendor/sub`);
    git(repo, 'commit', '-q', '-m', 'submodule');
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    write(repo, 'edit.txt', 'after, and longer');
    git(repo, 'rm', '-q', 'gone.txt', 'becomes-dir', 'was-dir/inner.txt', 'link');
    git(repo, 'update-index', '--chmod=+x', 'run.sh');
    write(repo, 'becomes-dir/now.txt', 'inside');
    write(repo, 'was-dir', 'a file now');
    write(repo, 'glob*[x].txt', 'literal name, edited');
    write(repo, 'added/new.txt', 'new');
    symlinkSync('edit.txt', join(repo, 'link'));
    git(repo, 'add', '-A');
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${base},vendor/sub`);
    git(repo, 'commit', '-q', '-m', 'head');
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    const paths = ['same.txt', 'edit.txt', 'gone.txt', 'becomes-dir', 'becomes-dir/now.txt', 'was-dir', 'was-dir/inner.txt', 'run.sh', 'glob*[x].txt', 'ünï/odd\nname.txt', 'link', 'vendor/sub', 'added/new.txt', 'added', 'nope'];
    // From the top and from a sub-directory (ls-tree's paths are the repository's either way), both ways round.
    for (const dir of [repo, join(repo, 'added')]) {
      for (const [from, to] of [[base, head], [head, base], [head, head]] as const) {
        const first = await open(dir, from);
        const own = await open(dir, to);
        const sibling = await createGitRefReader(dir, to, { sibling: first });
        readers.push(sibling);
        expect(sibling.sha).toBe(own.sha);
        expect(await sibling.listEntries()).toEqual(await own.listEntries());
        expect(await sibling.listFiles()).toEqual(await own.listFiles());
        for (const p of paths) {
          expect(await sibling.read(p, 1000), p).toEqual(await own.read(p, 1000));
          expect(await sibling.sha256(p), p).toEqual(await own.sha256(p));
        }
      }
    }
    expect(await (await open(repo, head)).listFiles()).toContain('becomes-dir/now.txt');
  });

  it('readers sharing one git process: each answers until it is closed itself', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'one');
    const first = commitAll(repo);
    write(repo, 'a.txt', 'two');
    commitAll(repo);
    const base = await open(repo, first);
    const head = await open(repo, 'HEAD');
    const sibling = await createGitRefReader(repo, 'HEAD', { sibling: base });
    readers.push(sibling);
    base.close();
    expect((await base.read('a.txt', 10)).kind).toBe('io');
    const r = await sibling.read('a.txt', 10);
    expect(r.kind === 'ok' && text(r.bytes)).toBe('two');
    sibling.close();
    expect((await sibling.read('a.txt', 10)).kind).toBe('io');
    expect((await head.read('a.txt', 10)).kind).toBe('ok');
    // A sibling of a closed reader starts a process of its own.
    const late = await createGitRefReader(repo, first, { sibling: base });
    readers.push(late);
    const l = await late.read('a.txt', 10);
    expect(l.kind === 'ok' && text(l.bytes)).toBe('one');
  });

  it('answers io after close', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'a');
    commitAll(repo);
    const reader = await open(repo, 'HEAD');
    expect((await reader.read('a.txt', 10)).kind).toBe('ok');
    reader.close();
    reader.close();
    expect((await reader.read('a.txt', 10)).kind).toBe('io');
  });

  it('throws a clear error for an unknown or option-like revision', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'a');
    commitAll(repo);
    await expect(createGitRefReader(repo, 'no-such-branch')).rejects.toThrow('unknown git revision "no-such-branch"');
    await expect(createGitRefReader(repo, '--output=/tmp/x')).rejects.toThrow('unknown git revision "--output=/tmp/x"');
    const blob = git(repo, 'rev-parse', 'HEAD:a.txt').trim();
    await expect(createGitRefReader(repo, blob)).rejects.toThrow(/unknown git revision/);
  });

  it('gitTopLevel finds the root from a sub-directory and reader paths are relative to it', async () => {
    const repo = initRepo();
    write(repo, 'sub/a.txt', 'a');
    commitAll(repo);
    expect(await gitTopLevel(join(repo, 'sub'))).toBe(repo);
    const reader = await open(join(repo, 'sub'), 'HEAD');
    expect(await reader.listFiles()).toEqual(['sub/a.txt']);
    await expect(gitTopLevel(tempDir())).rejects.toThrow(/not inside a git work tree/);
  });

  it('does not keep the process alive after reads without close()', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'from git');
    commitAll(repo);
    // Transpile the adapter to plain JS and run it in a fresh node: it must read and then exit.
    const out = tempDir();
    const src = join(__dirname, '../../adapters/git');
    mkdirSync(join(out, 'repo'));
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    for (const f of ['git', 'gitReader', 'gitBatch', 'catFileBatch']) {
      const js = ts.transpileModule(readFileSync(join(src, `${f}.ts`), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      writeFileSync(join(out, 'repo', `${f}.js`), js);
    }
    writeFileSync(
      join(out, 'main.js'),
      `import { createGitRefReader } from './repo/gitReader.js';
       const r = await createGitRefReader(process.argv[2], 'HEAD');
       const a = await r.read('a.txt', 100);
       const b = await r.read('a.txt', 100);
       console.log(Buffer.from(a.bytes).toString() + '|' + Buffer.from(b.bytes).toString());`,
    );
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [join(out, 'main.js'), repo], { timeout: 15_000 }, (err, so) => (err ? reject(err) : resolve(so)));
    });
    expect(stdout.trim()).toBe('from git|from git');
  });
});

describe('parseTree', () => {
  const oid = (n: number) => String(n).repeat(40).slice(0, 40);
  const entries = [
    `100644 blob ${oid(1)}      12\tmodels/a/README.md`,
    `100755 blob ${oid(2)}       3\trun.sh`,
    `120000 blob ${oid(3)}       9\tlink to it`,
    `160000 commit ${oid(4)}       -\tvendor/sub`,
    `100644 blob ${oid(5)} 1234567\tdata/with\ttab and space.csv`,
  ];
  const expected = new Map<string, unknown>([
    ['models/a/README.md', { mode: '100644', type: 'blob', oid: oid(1), size: 12 }],
    ['run.sh', { mode: '100755', type: 'blob', oid: oid(2), size: 3 }],
    ['link to it', { mode: '120000', type: 'blob', oid: oid(3), size: 9 }],
    ['vendor/sub', { mode: '160000', type: 'commit', oid: oid(4), size: null }],
    ['data/with\ttab and space.csv', { mode: '100644', type: 'blob', oid: oid(5), size: 1234567 }],
  ]);
  it('reads every field of files, executables, links and submodules, paths with tabs and spaces included', () => {
    expect(parseTree(Buffer.from(entries.join('\0') + '\0'))).toEqual(expected);
  });
  it('decodes paths past ASCII as UTF-8, and only those, also when other paths are ASCII', () => {
    const utf8 = `100644 blob ${oid(6)}       1\tmodels/caf\u00e9/\u6a21\u578b.bin`;
    const tree = parseTree(Buffer.from([...entries, utf8].join('\0') + '\0', 'utf8'));
    expect(tree.get('models/caf\u00e9/\u6a21\u578b.bin')).toEqual({ mode: '100644', type: 'blob', oid: oid(6), size: 1 });
    expect([...tree.keys()]).toEqual([...expected.keys(), 'models/caf\u00e9/\u6a21\u578b.bin']);
  });
});

describe('filesContaining (git grep)', () => {
  it('answers "cannot tell" for fewer paths than SEARCH_FROM (reading them costs less than a process), and searches from there', async () => {
    const repo = initRepo();
    const paths = Array.from({ length: SEARCH_FROM }, (_, i) => `m/${i}.yml`);
    paths.forEach((p, i) => write(repo, p, i === 3 ? 'id: acme/needle\n' : 'id: other\n'));
    commitAll(repo);
    const r = await createGitRefReader(repo, 'HEAD');
    readers.push(r);
    const needle = [{ kind: 'text' as const, text: 'acme/needle' }];
    expect(await r.filesContaining?.(paths.slice(0, SEARCH_FROM - 1), needle, 1024)).toBeUndefined();
    expect(await r.filesContaining?.(paths, needle, 1024)).toEqual(['m/3.yml']);
  });

  it('finds the needles in any case, in files with spaces, unicode and leading dashes in their paths', async () => {
    const repo = initRepo();
    const files: Record<string, string> = {
      'plain.yml': 'id: acme/Base\n',
      'other.yml': 'id: acme/other\n',
      'dir with space/x.yml': 'name: ACME/BASE\n',
      'caf\u00e9/y.yml': 'id: nothing here\n',
      '-dash.yml': 'id: acme/base\n',
      '--all': 'nope\n',
      'a*b?.yml': 'acme/base is here\n',
      ':(glob)x.yml': 'acme/base\n',
    };
    for (const [p, c] of Object.entries(files)) write(repo, p, c);
    commitAll(repo);
    const r = await open(repo, 'HEAD');
    const found = await r.filesContaining?.(Object.keys(files), [{ kind: 'text', text: 'acme/base' }], 1024);
    expect(found?.slice().sort()).toEqual(['-dash.yml', ':(glob)x.yml', 'a*b?.yml', 'dir with space/x.yml', 'plain.yml']);
    // Only the paths asked about, in their order.
    expect(await r.filesContaining?.(['other.yml', 'plain.yml'], [{ kind: 'text', text: 'ACME/OTHER' }], 1024)).toEqual(['other.yml']);
  });

  it('always answers the files it cannot vouch for: NUL bytes (also past git\'s binary sniff), bytes past ASCII, too large, unreadable', async () => {
    const repo = initRepo();
    write(repo, 'ascii.txt', 'hello\n');
    write(repo, 'nul-late.bin', Buffer.concat([Buffer.from('a'.repeat(20000)), Buffer.from([0]), Buffer.from('b\n')]));
    write(repo, 'utf8.txt', 'caf\u00e9\n');
    write(repo, 'kelvin.txt', 'id: acme/\u212a07\n'); // lower-cases to acme/k07
    write(repo, 'utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: acme/k07\n', 'utf16le')]));
    write(repo, 'big.txt', `${'x'.repeat(200)}\n`);
    write(repo, 'dir/f.txt', 'hello\n');
    symlinkSync('ascii.txt', join(repo, 'link.txt'));
    commitAll(repo);
    const r = await open(repo, 'HEAD');
    const paths = ['ascii.txt', 'nul-late.bin', 'utf8.txt', 'kelvin.txt', 'utf16.txt', 'big.txt', 'link.txt', 'missing.txt', 'dir'];
    expect(await r.filesContaining?.(paths, [{ kind: 'text', text: 'acme/k07' }], 100)).toEqual(paths.filter((p) => p !== 'ascii.txt'));
    // A needle that is found everywhere, and an empty one.
    expect(await r.filesContaining?.(['ascii.txt'], [{ kind: 'text', text: 'HELLO' }], 100)).toEqual(['ascii.txt']);
    expect(await r.filesContaining?.(['ascii.txt', 'dir/f.txt'], [{ kind: 'text', text: '' }], 100)).toEqual(['ascii.txt', 'dir/f.txt']);
    // Regular-expression characters in a needle are literal.
    expect(await r.filesContaining?.(['ascii.txt'], [{ kind: 'text', text: 'h.llo' }, { kind: 'text', text: '[h]' }, { kind: 'text', text: 'l*' }], 100)).toEqual([]);
  });

  it('runs and path ends match exactly what the scope scan reads from the same text', async () => {
    const { scopeHint } = await import('../../src/scopeScan.js');
    const repo = initRepo();
    // A pseudo-random set of texts over the characters the scan cares about (lower case: the search ignores case, the scan does not).
    const alphabet = ['a', 'b', 'ab', '.', '..', '/', '//', ' ', '\n', '-', '_', '"', '[', ']', ',', 'x.a', '\t', '\r\n', ':'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const texts = new Map<string, string>();
    for (let i = 0; i < 300; i++) {
      let t = '';
      for (let k = 0, n = 1 + (next() % 12); k < n; k++) t += alphabet[next() % alphabet.length];
      texts.set(`t/${i}.yml`, t);
      write(repo, `t/${i}.yml`, t);
    }
    commitAll(repo);
    const r = await open(repo, 'HEAD');
    const paths = [...texts.keys()];
    for (const [needle, expected] of [
      [{ kind: 'pathEnd', text: 'a' }, (t: string) => ends(t).has('a')],
      [{ kind: 'pathEnd', text: 'x.a' }, (t: string) => ends(t).has('x.a')],
      [{ kind: 'run', text: '.' }, (t: string) => /(^|[^\w.-])\.([^\w.-]|$)/m.test(t)],
      [{ kind: 'run', text: '..' }, (t: string) => /(^|[^\w.-])\.\.([^\w.-]|$)/m.test(t)],
    ] as const) {
      const found = await r.filesContaining?.(paths, [needle], 1024);
      expect([needle, found]).toEqual([needle, paths.filter((p) => expected(texts.get(p) as string))]);
    }
    for (const [p, t] of texts) if (!scopeHint(t).any) expect([p, scopeHint(t).ends]).toEqual([p, ends(t)]); // the reference is the scan's
    // What makes the scan read every directory (a dot segment) is found by the two runs.
    const any = await r.filesContaining?.(paths, [{ kind: 'run', text: '.' }, { kind: 'run', text: '..' }], 1024);
    for (const p of paths) if (scopeHint(texts.get(p) as string).any) expect(any).toContain(p);
  });

  it('asks git about more files than one command line holds, and answers every path of a matching blob', async () => {
    const repo = initRepo();
    const many = Array.from({ length: 14000 }, (_, i) => `d/f${i}.txt`);
    const content = (i: number) => (i % 1000 === 7 ? `needle ${i}\n` : `hay ${i}\n`);
    const same = ['same/a.txt', 'same/b.txt'];
    gitWithInput(repo, fastImport([...many.map((p, i) => [p, content(i)] as const), ...same.map((p) => [p, 'needle\n'] as const)]), 'fast-import', '--quiet');
    const r = await open(repo, 'refs/heads/main');
    expect(await r.filesContaining?.([...many, ...same], [{ kind: 'text', text: 'NEEDLE' }], 1024)).toEqual([...many.filter((_, i) => i % 1000 === 7), ...same]);
  });

  it('answers undefined once closed', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'a\n');
    commitAll(repo);
    const r = await open(repo, 'HEAD');
    r.close();
    expect(await r.filesContaining?.(['a.txt'], [{ kind: 'text', text: 'a' }], 10)).toBeUndefined();
  });
});

/** Every run of path characters that ends a path in `text` (src/scopeScan.ts), dot segments included. */
function ends(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[\w.-]+/g)) {
    const after = text.slice((m.index ?? 0) + m[0].length).replace(/^\/+/, '');
    if (after === '' || !/^[\w.-]/.test(after)) out.add(m[0]);
  }
  return out;
}

/** A `git fast-import` stream committing `files` on main. */
function fastImport(files: readonly (readonly [string, string])[]): string {
  const lines = ['commit refs/heads/main', 'committer T <t@example.com> 0 +0000', 'data 1', 'x'];
  for (const [path, content] of files) lines.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(content)}`, content);
  return `${lines.join('\n')}\n`;
}
