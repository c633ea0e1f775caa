// The `modelgate check` shell and the git adapters against hostile repositories and arguments: git
// revisions named like options, file names with newlines, HTML and @mentions committed in a pull
// request, committed symbolic links. `main()` runs in-process; git runs for real.
import { existsSync, mkdirSync, readFileSync, symlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Report } from '../../src/types.js';
import { main } from '../../cli/main.js';
import { createGitRefReader } from '../../adapters/git/gitReader.js';
import { changesBetween } from '../../adapters/git/gitChanges.js';
import { resolveCommit } from '../../adapters/git/git.js';
import * as W from '../evidence/weightsSamples.js';
import { cleanupDirs, commitAll, exampleRepo, git, gitRepo, GOOD_MODEL, markdownProblems, tempDir, text, writeTree } from './harness.js';

afterAll(() => cleanupDirs());

let stderr: MockInstance;
let stdout: MockInstance;
let errText = '';
beforeEach(() => {
  errText = '';
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    errText += String(chunk);
    return true;
  });
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
  stdout.mockRestore();
});

/** Runs `modelgate check`, the report written to a file; returns the exit code and the report text. */
async function modelgate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const output = join(tempDir(), 'report.out');
  const code = await main(['check', ...args, '--output', output]);
  return { code, out: existsSync(output) ? readFileSync(output, 'utf8') : '', err: errText };
}

describe('git revisions named like options are refused, never passed to git as options', () => {
  const repo = gitRepo(exampleRepo());
  const marker = join(tempDir(), 'PWNED');
  const hostile = [
    `--upload-pack=touch ${marker}`,
    `--output=${marker}`,
    `--exec=touch ${marker}`,
    '-c',
    `-ccore.pager=touch ${marker}`,
    '--',
    '-',
    `--git-dir=${tempDir()}`,
    `HEAD --output=${marker}`,
    `HEAD\0--output=${marker}`,
  ];

  for (const ref of hostile) {
    it(`--base=${JSON.stringify(ref)}`, async () => {
      const r = await modelgate([repo, `--base=${ref}`, '--format', 'json']);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(existsSync(marker)).toBe(false);
    });
    it(`--head=${JSON.stringify(ref)}`, async () => {
      const r = await modelgate([repo, '--base', 'main', `--head=${ref}`, '--format', 'json']);
      expect(r.code).toBe(2);
      expect(existsSync(marker)).toBe(false);
    });
  }

  it('"--base --upload-pack=…" (a separate argument) is a usage error', async () => {
    const r = await modelgate([repo, '--base', `--upload-pack=touch ${marker}`]);
    expect(r.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });

  it('the git adapters refuse them too', async () => {
    for (const ref of hostile) {
      await expect(resolveCommit(repo, ref)).rejects.toThrow(/unknown git revision/);
      await expect(createGitRefReader(repo, ref)).rejects.toThrow();
      await expect(changesBetween(repo, ref, 'HEAD')).rejects.toThrow();
      await expect(changesBetween(repo, 'HEAD', ref)).rejects.toThrow();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('a plain revision still works (the control)', async () => {
    const r = await modelgate([repo, '--base', 'main', '--head', 'HEAD', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Report).models).toEqual([]);
  });
});

describe('a pull request of hostile file names, through git and the CLI', () => {
  const names = ['evil\nname', '<img src=x onerror=alert(1)>', '@octocat', '| pipe | row |', '`code` **bold**', '<!-- c -->', 'tab\there'];

  it('the Markdown checklist stays inert and the change fails', async () => {
    const repo = gitRepo(exampleRepo());
    git(repo, 'checkout', '-q', '-b', 'pr');
    const files: Record<string, string> = {};
    for (const n of names) {
      files[`models/${n}/README.md`] = `---\nlicense: ${JSON.stringify(n)}\ndatasets: [${JSON.stringify(n)}]\ngovernance:\n  owner: ${JSON.stringify(n)}\n---\n# ${n}\n`;
      files[`models/${n}/${n}.onnx`] = 'weights';
    }
    writeTree(repo, files);
    commitAll(repo, 'hostile names');
    const r = await modelgate([repo, '--base', 'main', '--head', 'pr', '--format', 'markdown', '--as-of', '2026-11-28']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('octocat');
    expect(markdownProblems(r.out).filter((p) => !/autolink|link syntax/.test(p))).toEqual([]);
    const json = await modelgate([repo, '--base', 'main', '--head', 'pr', '--format', 'json', '--as-of', '2026-11-28']);
    const paths = (JSON.parse(json.out) as Report).models.map((m) => m.path).sort();
    expect(paths).toEqual(names.map((n) => `models/${n}`).sort());
  });
});

describe('a pull request that replaces evidence by symbolic links (committed)', () => {
  const targets: [string, string][] = [
    ['the model card, to /etc/passwd', `${GOOD_MODEL}/README.md`],
    ['a dataset file, to a copy outside with the same bytes', 'datasets/support-tickets-2025/data/train.csv'],
    ['the audit record, to a copy outside', 'audits/2026-09-support-router.yml'],
  ];
  for (const [name, path] of targets) {
    it(`${name}: the change fails`, async () => {
      const repo = gitRepo(exampleRepo());
      const outside = tempDir();
      writeTree(outside, { [path]: text(exampleRepo().get(path)) });
      git(repo, 'checkout', '-q', '-b', 'pr');
      const abs = join(repo, ...path.split('/'));
      rmSync(abs);
      symlinkSync(path.endsWith('README.md') ? '/etc/passwd' : join(outside, ...path.split('/')), abs);
      // Touch the model too, so that it is evaluated whatever the link changes.
      writeTree(repo, { [`${GOOD_MODEL}/config.json`]: '{"touched": true}\n' });
      commitAll(repo, 'symlink');
      expect(git(repo, 'ls-tree', 'pr', path)).toMatch(/^120000 /);
      const r = await modelgate([repo, '--base', 'main', '--head', 'pr', '--format', 'json', '--as-of', '2026-11-28']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.out) as Report;
      expect(report.models.find((m) => m.path === GOOD_MODEL)?.outcome).toBe('fail');
    });
  }
});

// Issue 11 item 1, through the CLI's own readers: git objects for the head, `git diff` for the change.
describe('links and submodules in a pull request: modelgate check --base', () => {
  const CONFIG = '.github/modelgate.yml';
  const card = text(exampleRepo().get(`${GOOD_MODEL}/README.md`));
  const link = (repo: string, path: string, target: string) => {
    mkdirSync(join(repo, ...path.split('/'), '..'), { recursive: true });
    symlinkSync(target, join(repo, ...path.split('/')));
  };
  /** A gitlink (mode 160000) at `path`, as `git submodule add` records it. */
  const gitlink = (repo: string, path: string) => git(repo, 'update-index', '--add', '--cacheinfo', `160000,${git(repo, 'rev-parse', 'main').trim()},${path}`);

  async function pullRequest(edit: (repo: string) => void, options: { base?: (repo: string) => void; index?: (repo: string) => void } = {}): Promise<{ code: number; report: Report }> {
    const repo = gitRepo(exampleRepo());
    if (options.base) {
      options.base(repo);
      commitAll(repo, 'base policy');
    }
    git(repo, 'checkout', '-q', '-b', 'pr');
    edit(repo);
    git(repo, 'add', '-A');
    options.index?.(repo);
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'pr');
    const r = await modelgate([repo, '--base', 'main', '--head', 'pr', '--format', 'json', '--as-of', '2026-11-28']);
    return { code: r.code, report: JSON.parse(r.out) as Report };
  }
  const entriesCheck = (report: Report, model: string) => report.models.find((m) => m.path === model)?.checks.find((c) => c.id === 'model.entries');

  const cases: [string, (repo: string) => void, ((repo: string) => void) | undefined, string, RegExp][] = [
    ['a new model whose weights file is a link', (repo) => (writeTree(repo, { 'models/new/README.md': card }), link(repo, 'models/new/model.safetensors', '/mnt/share/new.safetensors')), undefined, 'models/new', /^models\/new\/model\.safetensors is a symbolic link to "\/mnt\/share\/new\.safetensors"/],
    ['a model directory that is a link', (repo) => link(repo, 'models/new', '../../outside/new'), undefined, 'models/new', /^models\/new is a symbolic link to "\.\.\/\.\.\/outside\/new"/],
    ['a model added as a submodule', () => undefined, (repo) => gitlink(repo, 'models/new'), 'models/new', /^models\/new is a git submodule/],
    ['a link at a weights name outside every root', (repo) => link(repo, 'tools/shadow/model.onnx', '../../models/churn-predictor/model.onnx'), undefined, 'tools/shadow', /^tools\/shadow\/model\.onnx is a symbolic link/],
    ['weights of a passing model replaced by a link (a type change)', (repo) => (rmSync(join(repo, GOOD_MODEL, 'model.safetensors')), link(repo, `${GOOD_MODEL}/model.safetensors`, '/mnt/other.safetensors')), undefined, GOOD_MODEL, /is a symbolic link to "\/mnt\/other\.safetensors"/],
  ];
  for (const [name, edit, index, model, why] of cases) {
    it(`${name}: the model is touched and fails model.entries`, async () => {
      const { code, report } = await pullRequest(edit, index ? { index } : {});
      expect(code).toBe(1);
      expect(entriesCheck(report, model)).toMatchObject({ level: 'error', outcome: 'fail' });
      expect(entriesCheck(report, model)?.message).toMatch(why);
    });
  }

  const insideLinks = (repo: string) => writeTree(repo, { [CONFIG]: text(exampleRepo().get(CONFIG)).replace('roots: ["models/*"]', 'roots: ["models/*"]\n  links: inside') });
  it('models.links: inside (from the base): a weights link inside the repository is judged as its target, and the model passes', async () => {
    const { code, report } = await pullRequest((repo) => link(repo, `${GOOD_MODEL}/model-v2.safetensors`, 'model.safetensors'), { base: insideLinks });
    expect(report.models.map((m) => m.path)).toEqual([GOOD_MODEL]);
    expect(entriesCheck(report, GOOD_MODEL)).toBeUndefined();
    expect(code).toBe(0);
  });
  for (const [name, target, why] of [
    ['a link escaping the repository', '../../../../../etc/passwd', /which leaves the repository/],
    ['a dangling link', 'model-v3.safetensors', /a dangling link/],
  ] as const) {
    it(`models.links: inside: ${name} still fails`, async () => {
      const { code, report } = await pullRequest((repo) => link(repo, `${GOOD_MODEL}/model-v2.safetensors`, target), { base: insideLinks });
      expect(code).toBe(1);
      expect(entriesCheck(report, GOOD_MODEL)?.message).toMatch(why);
    });
  }
  it('a submodule under a model root fails under models.links: inside too', async () => {
    const { code, report } = await pullRequest(() => undefined, { base: insideLinks, index: (repo) => gitlink(repo, 'models/new') });
    expect(code).toBe(1);
    expect(entriesCheck(report, 'models/new')?.outcome).toBe('fail');
  });
});

describe('a pull request that deletes an audit record holding an open finding', () => {
  it('the record is read at --base: its open finding fails the model it covered there', async () => {
    const repo = gitRepo(exampleRepo());
    const record = 'audits/2026-10-pentest.yml';
    writeTree(repo, {
      [record]: `id: AUD-2026-020\nauditor: { name: Red Team, independent: true }\ndate: 2026-10-01\nscope: [${GOOD_MODEL}]\nfindings:\n  - { id: F-1, title: Prompt injection, severity: low, status: open, due: 2027-06-01 }\n`,
    });
    commitAll(repo, 'pentest');
    git(repo, 'checkout', '-q', '-b', 'pr');
    git(repo, 'rm', '-q', record);
    commitAll(repo, 'drop the pentest');
    const r = await modelgate([repo, '--base', 'main', '--head', 'pr', '--format', 'json', '--as-of', '2026-11-28']);
    expect(r.code).toBe(1);
    const model = (JSON.parse(r.out) as Report).models.find((m) => m.path === GOOD_MODEL);
    expect(model?.touchedBy).toEqual([record]);
    expect(model?.checks.find((c) => c.id === 'audit.findings')).toMatchObject({
      outcome: 'fail',
      message: `AUD-2026-020/F-1 "Prompt injection" (low) is open in ${record}, which covered this model on the base and was removed by this change`,
    });
  });
});

describe('a pull request that saves weights under unlisted names outside models/ (git objects, CLI diff mode)', () => {
  it('every file is recognised by its bytes, large blobs from their first bytes only; the change fails', async () => {
    const base = exampleRepo();
    base.set('.github/modelgate.yml', 'extends: baseline\nmodels:\n  binary_threshold_mib: 1\n');
    const repo = gitRepo(base);
    git(repo, 'checkout', '-q', '-b', 'pr');
    const added: [string, Uint8Array, string][] = [
      ['exports/a/weights.npz', W.npz(), 'NumPy (.npz)'],
      ['exports/b/llm', W.gguf(), 'GGUF'],
      // Over the batch process's 1 MiB: read by a git process of its own, stopped after the first bytes.
      ['exports/c/shard.msgpack', W.concat(W.safetensors(), W.noise(3 * 1024 * 1024, 7)), 'safetensors'],
      ['exports/d/opaque.params', W.concat([0, 1, 2, 3], W.noise(2 * 1024 * 1024, 9)), 'a binary file of 2.0 MiB, over models.binary_threshold_mib (1)'],
    ];
    // Each in a directory with a card of its own, so that each is its own model.
    for (const [file, content] of added) writeTree(repo, { [file]: content, [`${file.slice(0, file.lastIndexOf('/'))}/README.md`]: '# exported\n' });
    writeTree(repo, { 'exports/e/ok.png': W.png() });
    commitAll(repo, 'weights by another name');
    const r = await modelgate([repo, '--base', 'main', '--head', 'pr', '--format', 'json', '--as-of', '2026-11-28']);
    expect(r.code).toBe(1);
    const models = (JSON.parse(r.out) as Report).models;
    for (const [file, , format] of added) expect(models.find((m) => m.recognised?.includes(file))?.recognised, file).toContain(`${file} is ${format}`);
    expect(models.some((m) => m.path === 'exports/e')).toBe(false);
  });

  it("the git reader's head: a large blob through a git process of its own, a small one through the batch process", async () => {
    const repo = gitRepo({ 'big.bin': W.concat(W.gguf(), W.noise(2 * 1024 * 1024, 3)), 'small.txt': 'hello\n' });
    const reader = await createGitRefReader(repo, 'HEAD');
    try {
      const big = await reader.head('big.bin', 16);
      expect(big.kind === 'ok' && [Buffer.from(big.bytes).toString('latin1', 0, 4), big.bytes.length, big.size]).toEqual(['GGUF', 16, 2 * 1024 * 1024 + W.gguf().length]);
      const small = await reader.head('small.txt', 64);
      expect(small.kind === 'ok' && [Buffer.from(small.bytes).toString(), small.size]).toEqual(['hello\n', 6]);
      expect(await reader.head('missing', 16)).toEqual({ kind: 'missing' });
    } finally {
      reader.close();
    }
  });
});
