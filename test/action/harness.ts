// Builds what a runner would have (a remote with the pull request ref, a checkout, an event payload,
// the INPUT_* and GITHUB_* variables) and runs the bundled Action, dist/index.js, as a child process.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { git, tempDir, write } from '../repo/fixture.js';
import type { PullFile } from './fakeGitHub.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/index.js');
export const OWNER = 'acme';
export const REPO = 'models';

export interface Fixture {
  /** Bare repository playing github.com (origin). */
  remote: string;
  /** Where the test authors commits. */
  author: string;
  baseSha: string;
}

const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** examples/acme-ml committed on main, its dates moved so that the evidence is current today. */
export function createFixture(): Fixture {
  const author = tempDir('modelgate-action-author-');
  cpSync(join(ROOT, 'examples/acme-ml'), author, { recursive: true });
  const audit = join(author, 'audits/2026-09-support-router.yml');
  writeFileSync(audit, readFileSync(audit, 'utf8').replace('date: 2026-09-12', `date: ${isoDay(-60)}`).replace('due: 2027-03-31', `due: ${isoDay(120)}`));
  const tickets = join(author, 'datasets/support-tickets-2025/datasheet.yml');
  writeFileSync(tickets, readFileSync(tickets, 'utf8').replace('until: 2027-12-31', `until: ${isoDay(700)}`));
  git(author, 'init', '-q', '-b', 'main');
  git(author, 'add', '-A');
  git(author, 'commit', '-q', '-m', 'base');
  const baseSha = git(author, 'rev-parse', 'HEAD').trim();
  const remote = tempDir('modelgate-action-remote-');
  git(remote, 'init', '-q', '--bare');
  git(remote, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  git(author, 'push', '-q', remote, 'main:refs/heads/main');
  return { remote, author, baseSha };
}

/** Commits a pull request's head on a branch from the base and publishes it as refs/pull/N/head. */
export function commitPullRequest(fx: Fixture, number: number, edit: (dir: string) => void, parent = fx.baseSha): string {
  git(fx.author, 'checkout', '-q', '--detach', parent);
  edit(fx.author);
  git(fx.author, 'add', '-A');
  git(fx.author, 'commit', '-q', '-m', `pull request ${number}`);
  const head = git(fx.author, 'rev-parse', 'HEAD').trim();
  git(fx.author, 'push', '-q', '-f', fx.remote, `${head}:refs/pull/${number}/head`);
  return head;
}

export function appendTo(dir: string, path: string, text: string): void {
  write(dir, path, readFileSync(join(dir, path), 'utf8') + text);
}

/** What GET /pulls/{n}/files would list, computed by git (merge base to head). */
export function pullFiles(fx: Fixture, base: string, head: string): PullFile[] {
  const out = git(fx.author, 'diff', '--name-status', '-M', `${base}...${head}`);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line): PullFile => {
      const [code = '', a = '', b] = line.split('\t');
      if (code.startsWith('R')) return { filename: b ?? a, status: 'renamed', previous_filename: a };
      return { filename: a, status: code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified' };
    });
}

export type CheckoutKind = 'full' | 'shallow' | 'head-only-without-origin';

/**
 * The runner's checkout of the base branch. `shallow` is actions/checkout's default depth 1;
 * `head-only-without-origin` has only the pull request head and no remote to fetch from.
 */
export function checkout(fx: Fixture, kind: CheckoutKind, head?: string): string {
  const dir = tempDir('modelgate-action-workspace-');
  if (kind === 'head-only-without-origin') {
    git(dir, 'init', '-q');
    git(dir, 'fetch', '-q', '--depth=1', `file://${fx.remote}`, head ?? 'main');
    git(dir, 'checkout', '-q', '--detach', 'FETCH_HEAD');
    return dir;
  }
  git(dir, 'clone', '-q', ...(kind === 'shallow' ? ['--depth=1'] : []), '--branch', 'main', `file://${fx.remote}`, '.');
  return dir;
}

export function pullRequestEvent(o: { number: number; baseSha: string; headSha: string; changedFiles: number; fork?: boolean; action?: string }): unknown {
  const repository = { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, private: false, owner: { login: OWNER, type: 'Organization' }, default_branch: 'main' };
  const headRepo = o.fork ? { id: 2, name: REPO, full_name: `contributor/${REPO}`, private: false, owner: { login: 'contributor', type: 'User' }, fork: true } : repository;
  return {
    action: o.action ?? 'synchronize',
    number: o.number,
    pull_request: {
      number: o.number,
      state: 'open',
      title: 'Update a model',
      user: { login: o.fork ? 'contributor' : 'ml-engineer', type: 'User' },
      head: { label: o.fork ? 'contributor:feature' : `${OWNER}:feature`, ref: 'feature', sha: o.headSha, repo: headRepo },
      base: { label: `${OWNER}:main`, ref: 'main', sha: o.baseSha, repo: repository },
      changed_files: o.changedFiles,
      draft: false,
      merged: false,
    },
    repository,
    sender: { login: o.fork ? 'contributor' : 'ml-engineer', type: 'User' },
  };
}

export interface RunOptions {
  workspace: string;
  eventName: string;
  event: unknown;
  apiUrl: string;
  /** Inputs as written under `with:`; the others get action.yml's defaults, as the runner does. */
  with?: Record<string, string>;
  sha?: string;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

/** INPUT_* exactly as the runner sets them: every declared input, defaults expanded. */
export function runnerInputs(given: Record<string, string>, ctx: { token: string; workspace: string }): Record<string, string> {
  const spec = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    const value = given[name] ?? String(input.default ?? '').replace('${{ github.token }}', ctx.token).replace('${{ github.workspace }}', ctx.workspace);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(given)) if (!(name in spec.inputs)) throw new Error(`action.yml declares no input "${name}"`);
  return env;
}

export async function runAction(o: RunOptions): Promise<RunResult> {
  const runnerDir = tempDir('modelgate-action-runner-');
  const eventPath = join(runnerDir, 'event.json');
  const outputPath = join(runnerDir, 'output.txt');
  const summaryPath = join(runnerDir, 'summary.md');
  const temp = join(runnerDir, 'temp');
  const home = join(runnerDir, 'home');
  write(runnerDir, 'temp/.keep', '');
  write(runnerDir, 'home/.keep', '');
  writeFileSync(eventPath, JSON.stringify(o.event, null, 2));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const token = 'ghs_testtoken000000000000000000000000000';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_SHA: o.sha ?? '0'.repeat(40),
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql`,
    GITHUB_RUN_ID: '123456',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'ml-engineer',
    GITHUB_WORKFLOW: 'modelgate',
    GITHUB_JOB: 'gate',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    ...runnerInputs(o.with ?? {}, { token, workspace: o.workspace }),
  };
  const started = Date.now();
  const child = spawn(process.execPath, [DIST], { cwd: o.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8'), ms: Date.now() - started };
}

/** The GITHUB_OUTPUT file format: name<<DELIMITER\nvalue\nDELIMITER\n. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1] ?? ''] = m[3] ?? '';
  return outputs;
}

/** Workflow commands the step printed, e.g. ::error file=a,line=3,title=x::message. */
export function commands(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(`::${kind}`));
}
