import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changesBetween, foldTypeChanges, parseNameStatus, resolveCommit } from '../../adapters/git/gitChanges.js';
import { checkoutArgs, NotInWorkTree, parseCheckout, resolveCheckout } from '../../adapters/git/git.js';
import { cleanup, commitAll, git, initRepo, tempDir, write } from './fixture.js';

afterEach(cleanup);

const byPath = <T extends { path: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.path.localeCompare(b.path));

/** main: base files; feature branch: one change of each kind. */
function prRepo(): string {
  const repo = initRepo();
  write(repo, 'models/a/README.md', '# model a\n');
  write(repo, 'models/a/weights.bin', 'weights v1');
  write(repo, 'datasets/old/datasheet.yml', `name: a fairly long datasheet\n${'line of text\n'.repeat(40)}`);
  write(repo, 'audits/2024.yml', 'id: 2024\n');
  write(repo, 'kind.txt', 'becomes a link');
  commitAll(repo, 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  write(repo, 'models/a/weights.bin', 'weights v2');
  write(repo, 'models/b/README.md', '# model b\n');
  rmSync(join(repo, 'audits/2024.yml'));
  git(repo, 'mv', 'datasets/old', 'datasets/new');
  rmSync(join(repo, 'kind.txt'));
  symlinkSync('models/a/README.md', join(repo, 'kind.txt'));
  write(repo, 'odd\nname.txt', 'n');
  commitAll(repo, 'feature');
  return repo;
}

describe('changesBetween', () => {
  it('reports added, modified, removed and renamed files with previous paths', async () => {
    const repo = prRepo();
    expect(byPath(await changesBetween(repo, 'main', 'feature'))).toEqual(
      byPath([
        { path: 'models/a/weights.bin', status: 'modified' },
        { path: 'models/b/README.md', status: 'added' },
        { path: 'audits/2024.yml', status: 'removed' },
        { path: 'datasets/new/datasheet.yml', status: 'renamed', previousPath: 'datasets/old/datasheet.yml' },
        { path: 'kind.txt', status: 'modified' },
        { path: 'odd\nname.txt', status: 'added' },
      ]),
    );
  });

  it('uses merge-base semantics: later commits on the base branch are not part of the change', async () => {
    const repo = prRepo();
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'models/a/README.md', '# changed on main after branching\n');
    write(repo, 'models/c/README.md', '# only on main\n');
    commitAll(repo, 'main moves on');
    const changes = await changesBetween(repo, 'main', 'feature');
    const paths = changes.map((c) => c.path);
    expect(paths).not.toContain('models/a/README.md');
    expect(paths).not.toContain('models/c/README.md');
    expect(paths).toContain('models/b/README.md');
    expect(changes).toHaveLength(6);
  });

  it('reports paths relative to the top level when run from a sub-directory', async () => {
    const repo = prRepo();
    const changes = await changesBetween(join(repo, 'models'), 'main', 'feature');
    expect(changes.map((c) => c.path)).toContain('audits/2024.yml');
  });

  it('returns nothing for the same revision and errors clearly on bad refs', async () => {
    const repo = prRepo();
    expect(await changesBetween(repo, 'feature', 'feature')).toEqual([]);
    await expect(changesBetween(repo, 'nope', 'feature')).rejects.toThrow('unknown git revision "nope"');
    await expect(changesBetween(repo, 'main', '-x')).rejects.toThrow('unknown git revision "-x"');
  });

  it('with two merge bases (a criss-cross merge), diffs from the one git merge-base names, as before', async () => {
    const repo = initRepo();
    write(repo, 'base.txt', 'base\n');
    commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'side');
    write(repo, 'side.txt', 'side\n');
    commitAll(repo, 'side');
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'main.txt', 'main\n');
    commitAll(repo, 'main');
    // Each branch merges the other's first commit: two best common ancestors.
    git(repo, 'checkout', '-q', '-b', 'a', 'main');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'merge', '-q', '--no-edit', 'side~0');
    write(repo, 'a.txt', 'a\n');
    commitAll(repo, 'a');
    git(repo, 'checkout', '-q', '-b', 'b', 'side');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'merge', '-q', '--no-edit', 'main');
    write(repo, 'b.txt', 'b\n');
    commitAll(repo, 'b');
    expect(git(repo, 'merge-base', '--all', 'a', 'b').trim().split('\n')).toHaveLength(2);
    const first = git(repo, 'merge-base', 'a', 'b').trim();
    const expected = parseNameStatus(git(repo, 'diff', '--name-status', '-z', '-M', first, 'b'));
    expect(await changesBetween(repo, 'a', 'b')).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('errors when the two revisions share no history', async () => {
    const repo = prRepo();
    git(repo, 'checkout', '-q', '--orphan', 'island');
    commitAll(repo, 'unrelated');
    await expect(changesBetween(repo, 'main', 'island')).rejects.toThrow(/no merge base/);
  });
});

describe('resolveCommit', () => {
  it('resolves branches, tags and abbreviations to full commit ids', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'a');
    const sha = commitAll(repo);
    git(repo, 'tag', '-a', 'v1', '-m', 'annotated');
    expect(await resolveCommit(repo, 'main')).toBe(sha);
    expect(await resolveCommit(repo, 'v1')).toBe(sha);
    expect(await resolveCommit(repo, sha.slice(0, 8))).toBe(sha);
    await expect(resolveCommit(repo, 'v2')).rejects.toThrow('unknown git revision "v2"');
  });
});

describe('resolveCheckout', () => {
  it('answers the top level and every revision as gitTopLevel and resolveCommit would, beside a file named like a revision', async () => {
    const parent = tempDir();
    // A top level whose name holds a newline: the ids are still the last lines.
    const repo = join(parent, 'odd\nrepo');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, 'sub/a.txt', 'a');
    const first = commitAll(repo);
    write(repo, 'sub/a.txt', 'b');
    const second = commitAll(repo);
    git(repo, 'tag', '-a', 'v1', '-m', 'annotated', first);
    write(repo, 'main^{commit}', 'a file named like a revision');
    // What git prints is what the parser reads: were it not, every call would fall back to one process a question.
    expect(parseCheckout(git(join(repo, 'sub'), ...checkoutArgs(['v1', 'HEAD'])), 2)).toEqual({ top: repo, shas: [first, second] });
    expect(await resolveCheckout(join(repo, 'sub'), ['v1', 'HEAD', second.slice(0, 10)])).toEqual({ top: repo, shas: [first, second, second] });
    expect(await resolveCheckout(repo, ['main'])).toEqual({ top: repo, shas: [second] });
  });

  it('says which revision does not resolve, or that there is no work tree, as the one-by-one calls do', async () => {
    const repo = initRepo();
    write(repo, 'a.txt', 'a');
    commitAll(repo);
    const blob = git(repo, 'rev-parse', 'HEAD:a.txt').trim();
    await expect(resolveCheckout(repo, ['main', 'nope'])).rejects.toThrow('unknown git revision "nope"');
    await expect(resolveCheckout(repo, ['--output=/tmp/x', 'main'])).rejects.toThrow('unknown git revision "--output=/tmp/x"');
    await expect(resolveCheckout(repo, ['main', blob])).rejects.toThrow(/unknown git revision/);
    await expect(resolveCheckout(repo, ['main', 'main\nHEAD'])).rejects.toThrow(/unknown git revision/);
    await expect(resolveCheckout(tempDir(), ['main'])).rejects.toBeInstanceOf(NotInWorkTree);
  });
});

describe('parseNameStatus', () => {
  it('maps copies to added (keeping their origin, as the GitHub mapping does), type changes and unknown codes to modified', () => {
    expect(parseNameStatus('C75\0a.txt\0b.txt\0T\0l\0R100\0x\0y\0X\0z\0')).toEqual([
      { path: 'b.txt', status: 'added', previousPath: 'a.txt' },
      { path: 'l', status: 'modified' },
      { path: 'y', status: 'renamed', previousPath: 'x' },
      { path: 'z', status: 'modified' },
    ]);
  });
});

describe('links and submodules in a change', () => {
  it('a link added as weights, a directory link, a submodule, and weights replaced by a link: each is listed', async () => {
    const repo = initRepo();
    write(repo, 'models/a/README.md', '# a\n');
    write(repo, 'models/a/model.onnx', 'weights');
    const first = commitAll(repo, 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    rmSync(join(repo, 'models/a/model.onnx'));
    symlinkSync('/mnt/share/a.onnx', join(repo, 'models/a/model.onnx'));
    symlinkSync('../store/b', join(repo, 'models/b'));
    symlinkSync('/mnt/w.safetensors', join(repo, 'w.safetensors'));
    git(repo, 'add', '-A');
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${first},models/c`);
    git(repo, 'commit', '-q', '-m', 'feature');
    expect(byPath(await changesBetween(repo, 'main', 'feature'))).toEqual(
      byPath([
        { path: 'models/a/model.onnx', status: 'modified' },
        { path: 'models/b', status: 'added' },
        { path: 'models/c', status: 'added' },
        { path: 'w.safetensors', status: 'added' },
      ]),
    );
  });

  it('foldTypeChanges: a path listed as removed and added (a type change) is one modification', () => {
    expect(
      foldTypeChanges([
        { path: 'models/a/model.onnx', status: 'removed' },
        { path: 'models/a/model.onnx', status: 'added' },
        { path: 'models/b/README.md', status: 'added' },
      ]),
    ).toEqual([
      { path: 'models/a/model.onnx', status: 'modified' },
      { path: 'models/b/README.md', status: 'added' },
    ]);
  });
});
