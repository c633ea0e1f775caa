// The `modelgate check` shell and the git adapters against hostile repositories and arguments: git
// revisions named like options, file names with newlines, HTML and @mentions committed in a pull
// request, committed symbolic links. `main()` runs in-process; git runs for real.
import { existsSync, readFileSync, symlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Report } from '../../src/types.js';
import { main } from '../../cli/main.js';
import { createGitRefReader } from '../../src/repo/gitReader.js';
import { changesBetween } from '../../src/repo/gitChanges.js';
import { resolveCommit } from '../../src/repo/git.js';
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
