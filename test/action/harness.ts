// Builds what a runner would have (a remote with the pull request ref, a checkout, an event payload,
// the INPUT_* and GITHUB_* variables) and runs the Action: the bundle, dist/index.js, as a child
// process (runAction), or action/main.ts's run() in this process (runActionInProcess).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { cleanup, copyRepository, git, gitScript, gitWithInput, tempDir, write } from '../adapters/fixture.js';
import { FakeGitHub, type FakeGitHubOptions, type PullFile } from './fakeGitHub.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/index.js');
export const OWNER = 'acme';
export const REPO = 'models';

/** The Action's wait unit under test (MODELGATE_API_RETRY_BASE_MS): a test that measures a real wait sets 1000. */
export const API_RETRY_BASE_MS = 10;

export interface Fixture {
  /** Bare repository playing github.com (origin). */
  remote: string;
  /** Where the test authors commits. */
  author: string;
  baseSha: string;
}

const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * examples/acme-ml committed on main, its dates moved so that the evidence is current today. The
 * remote borrows the author's objects (objects/info/alternates), so publishing a commit to it is a
 * ref written into it (publishRef), not a push: a clone or fetch from it still goes through git's
 * transport and takes only what the remote's refs reach.
 */
export function createFixture(dirs: { author: string; remote: string } = { author: tempDir('modelgate-action-author-'), remote: tempDir('modelgate-action-remote-') }): Fixture {
  const { author, remote } = dirs;
  cpSync(join(ROOT, 'examples/acme-ml'), author, { recursive: true });
  const audit = join(author, 'audits/2026-09-support-router.yml');
  writeFileSync(audit, readFileSync(audit, 'utf8').replace('date: 2026-09-12', `date: ${isoDay(-60)}`).replace('due: 2027-03-31', `due: ${isoDay(120)}`));
  const tickets = join(author, 'datasets/support-tickets-2025/datasheet.yml');
  writeFileSync(tickets, readFileSync(tickets, 'utf8').replace('until: 2027-12-31', `until: ${isoDay(700)}`));
  // No template (sample hooks): fewer files to copy for every test.
  git(author, 'init', '-q', '--template=', '-b', 'main');
  git(author, 'add', '-A');
  git(author, 'commit', '-q', '-m', 'base');
  git(author, 'repack', '-adq');
  const baseSha = headOf(author).sha;
  git(remote, 'init', '-q', '--bare', '--template=');
  git(remote, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  const fx = { remote, author, baseSha };
  borrowObjects(fx);
  publishRef(fx, 'refs/heads/main', baseSha);
  return fx;
}

/** A copy of `fx` in new temp dirs: the same commits without running git again. */
export function copyFixture(fx: Fixture): Fixture {
  const author = tempDir('modelgate-action-author-');
  const remote = tempDir('modelgate-action-remote-');
  copyRepository(fx.author, author);
  copyRepository(fx.remote, remote);
  const copy = { author, remote, baseSha: fx.baseSha };
  borrowObjects(copy);
  return copy;
}

function borrowObjects(fx: Fixture): void {
  mkdirSync(join(fx.remote, 'objects/info'), { recursive: true });
  writeFileSync(join(fx.remote, 'objects/info/alternates'), `${join(fx.author, '.git/objects')}\n`);
}

/** Points the remote's `ref` at `sha`, which the author committed: what a push would do. */
export function publishRef(fx: Fixture, ref: string, sha: string): void {
  if (!/^refs\/[\w./-]+$/.test(ref) || ref.includes('..') || !/^[0-9a-f]{40}$/.test(sha)) throw new Error(`publishRef: bad ref ${ref} or commit ${sha}`);
  const path = join(fx.remote, ref);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${sha}\n`);
}

/** The commit a ref names in a git directory (loose or packed), or undefined. */
function readRef(gitDir: string, ref: string): string | undefined {
  const loose = join(gitDir, ref);
  if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
  const packed = join(gitDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref) return sha;
  }
  return undefined;
}

/** What HEAD of the work tree `dir` is: the commit, and the branch when it is not detached. */
function headOf(dir: string): { sha: string; branch?: string } {
  const head = readFileSync(join(dir, '.git/HEAD'), 'utf8').trim();
  if (!head.startsWith('ref: ')) return { sha: head };
  const branch = head.slice('ref: '.length);
  const sha = readRef(join(dir, '.git'), branch);
  if (!sha) throw new Error(`headOf: ${branch} in ${dir} names no commit`);
  return { sha, branch };
}

/**
 * Makes the author's work tree `parent`, detached (commits land on no branch). From `parent` itself
 * (a branch pointing at it, or detached at it) only HEAD changes: index and files are already it.
 */
function detachAt(fx: Fixture, parent: string): void {
  const head = headOf(fx.author);
  if (head.sha !== parent) git(fx.author, 'checkout', '-q', '--detach', parent);
  else if (head.branch) writeFileSync(join(fx.author, '.git/HEAD'), `${parent}\n`);
}

/**
 * What a pull request changes: an edit of the author's work tree, or files (path to content) added
 * without one, for changes of thousands of files whose writes and `git add` would take seconds.
 */
export type PullRequestChange = ((dir: string) => void) | ReadonlyMap<string, string>;

/**
 * Commits a pull request's head on a branch from the base and publishes it as refs/pull/N/head, and
 * GitHub's test merge commit (the head merged into the current base) as refs/pull/N/merge. An edit
 * leaves the author's work tree at the head; added files leave it where it was.
 */
export function commitPullRequest(fx: Fixture, number: number, change: PullRequestChange, parent = fx.baseSha): string {
  return pullRequestHead(fx, number, change, parent, false).head;
}

/**
 * commitPullRequest, and what GET /pulls/{n}/files would list (pullFiles) when `withFiles`: an edit's
 * commit, the test merge and the list are one process (gitScript), not five.
 */
function pullRequestHead(fx: Fixture, number: number, change: PullRequestChange, parent: string, withFiles: boolean): { head: string; files?: PullFile[] } {
  const message = `pull request ${number}`;
  let out: string;
  if (typeof change === 'function') {
    detachAt(fx, parent);
    change(fx.author);
    out = testMergeScript(fx, { message, base: fx.baseSha, headOnBase: parent === fx.baseSha, withFiles, looseHead: true });
  } else {
    const head = commitFiles(fx, change, parent, message);
    out = testMergeScript(fx, { head, base: fx.baseSha, headOnBase: parent === fx.baseSha, withFiles });
  }
  const [head = '', made = '', diff = ''] = splitLines(out, 2);
  if (!isSha(head)) throw new Error(`commitPullRequest: no head commit in ${JSON.stringify(out.slice(0, 200))}`);
  const merge = made === 'on-base' ? writeMergeOnBase(fx, head) : made;
  publishRef(fx, `refs/pull/${number}/head`, head);
  publishMerge(fx, number, head, merge);
  return { head, ...(withFiles ? { files: parseNameStatus(diff) } : {}) };
}

/** `files` added on `parent` as one commit, written by `git fast-import` into one pack. */
function commitFiles(fx: Fixture, files: ReadonlyMap<string, string>, parent: string, message: string): string {
  const ref = 'refs/fixture/import';
  const chunks = [`commit ${ref}\ncommitter Test <test@example.com> ${Math.floor(Date.now() / 1000)} +0000\ndata ${Buffer.byteLength(message)}\n${message}\nfrom ${parent}\n`];
  for (const [path, content] of files) {
    if (/[\n"]/.test(path) || path.startsWith('/')) throw new Error(`commitFiles: ${JSON.stringify(path)} needs quoting in a fast-import stream`);
    chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  }
  gitWithInput(fx.author, chunks.join(''), 'fast-import', '--quiet');
  const head = readRef(join(fx.author, '.git'), ref);
  if (!head) throw new Error('commitFiles: git fast-import made no commit');
  return head;
}

/**
 * Commits `change` on main (a base that moved on), publishes it, and makes it the fixture's base;
 * the author's work tree is left on main.
 */
export function commitOnBase(fx: Fixture, message: string, change: (dir: string) => void): string {
  const head = headOf(fx.author);
  const main = readRef(join(fx.author, '.git'), 'refs/heads/main');
  if (head.branch !== 'refs/heads/main') {
    if (head.sha === main) writeFileSync(join(fx.author, '.git/HEAD'), 'ref: refs/heads/main\n');
    else git(fx.author, 'checkout', '-q', 'main');
  }
  change(fx.author);
  gitScript(fx.author, 'git add -A && git commit -q -m "$1"', [message]);
  fx.baseSha = headOf(fx.author).sha;
  publishRef(fx, 'refs/heads/main', fx.baseSha);
  return fx.baseSha;
}

/** Test merge commits by head: what GITHUB_SHA is for a `pull_request` run of that head. */
const testMerges = new Map<string, string>();

/**
 * GitHub's test merge commit: `head` merged into `base` (parents: base, head), published as
 * refs/pull/N/merge. Made as `git merge --no-ff` would make it (the same merge, ort), without a work
 * tree: `git merge-tree --write-tree` and `git commit-tree`. On a conflict GitHub makes none (and
 * runs no `pull_request` workflow): returns null and leaves the ref as it was.
 */
export function publishTestMerge(fx: Fixture, number: number, head: string, base = fx.baseSha): string | null {
  const [, merge = ''] = splitLines(testMergeScript(fx, { head, base, headOnBase: false, withFiles: false }), 2);
  return publishMerge(fx, number, head, merge);
}

/**
 * GitHub's test merge of `head`, whose parent is the base, written as git's `commit-tree` would write
 * it (parents base and head, the head's tree) without a process: `head` is the loose object `git
 * commit` just wrote, and the merge a loose object beside it.
 */
function writeMergeOnBase(fx: Fixture, head: string): string {
  const objects = join(fx.author, '.git/objects');
  const stored = inflateSync(readFileSync(join(objects, head.slice(0, 2), head.slice(2))));
  // "commit <size>\0tree <id>\n...": the first line after the header.
  const from = stored.indexOf(0) + 1;
  const tree = /^tree ([0-9a-f]{40})\n/.exec(stored.subarray(from, from + 46).toString('latin1'))?.[1];
  if (!tree) throw new Error(`writeMergeOnBase: ${head} is not a commit`);
  const when = `${Math.floor(Date.now() / 1000)} +0000`;
  const body = `tree ${tree}\nparent ${fx.baseSha}\nparent ${head}\nauthor Test <test@example.com> ${when}\ncommitter Test <test@example.com> ${when}\n\nMerge ${head} into ${fx.baseSha}\n`;
  const object = Buffer.from(`commit ${Buffer.byteLength(body)}\0${body}`);
  const sha = createHash('sha1').update(object).digest('hex');
  mkdirSync(join(objects, sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(objects, sha.slice(0, 2), sha.slice(2)), deflateSync(object));
  return sha;
}

/** Publishes the test merge `merge` (a commit id, or `conflict`) of `head` as refs/pull/N/merge; null for a conflict. */
function publishMerge(fx: Fixture, number: number, head: string, merge: string): string | null {
  if (merge === 'conflict') return null;
  if (!isSha(merge)) throw new Error(`publishTestMerge: git made no merge commit of ${head}: ${JSON.stringify(merge)}`);
  publishRef(fx, `refs/pull/${number}/merge`, merge);
  testMerges.set(head, merge);
  return merge;
}

/**
 * One sh process in the author's repository: commits the work tree (with `message`; else `head` is the
 * head), merges the head into `base` as publishTestMerge describes, and lists the pull request's files
 * (`git diff --name-status -z -M base...head`) when `withFiles`. Prints the head, then the merge commit
 * or `conflict`, each on a line, then the list. When the head's parent is `base` (`headOnBase`), the
 * merge's tree is the head's: no `git merge-tree`; and when the script commits the head (`looseHead`,
 * a loose object), it prints `on-base` for writeMergeOnBase to write the merge without a process.
 */
function testMergeScript(fx: Fixture, o: { message?: string; head?: string; base: string; headOnBase: boolean; withFiles: boolean; looseHead?: boolean }): string {
  return gitScript(
    fx.author,
    `set -e
base=$1 head=$2 message=$3
if [ -n "$message" ]; then
  git add -A
  git commit -q -m "$message"
  read -r head < .git/HEAD
fi
echo "$head"
if [ "$4" = on-base-js ]; then
  echo on-base
elif [ "$4" = on-base ]; then
  git commit-tree "$head^{tree}" -p "$base" -p "$head" -m "Merge $head into $base"
elif tree=$(git merge-tree --write-tree --no-messages "$base" "$head"); then
  git commit-tree "$tree" -p "$base" -p "$head" -m "Merge $head into $base"
else
  status=$?
  [ "$status" -eq 1 ] || exit "$status"
  echo conflict
  exit 0
fi
if [ "$5" = files ]; then git diff --name-status -z -M "$base...$head"; fi`,
    [o.base, o.head ?? '', o.message ?? '', o.headOnBase ? (o.looseHead ? 'on-base-js' : 'on-base') : '', o.withFiles ? 'files' : ''],
  );
}

const isSha = (s: string): boolean => /^[0-9a-f]{40}$/.test(s);

/** The first `n` lines of `text`, and the rest after them. */
function splitLines(text: string, n: number): string[] {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const end = text.indexOf('\n', at);
    if (end < 0) break;
    parts.push(text.slice(at, end));
    at = end + 1;
  }
  parts.push(text.slice(at));
  return parts;
}

export function appendTo(dir: string, path: string, text: string): void {
  write(dir, path, readFileSync(join(dir, path), 'utf8') + text);
}

/** What GET /pulls/{n}/files would list, computed by git (merge base to head); any file name. */
export function pullFiles(fx: Fixture, base: string, head: string): PullFile[] {
  return parseNameStatus(git(fx.author, 'diff', '--name-status', '-z', '-M', `${base}...${head}`));
}

/** `git diff --name-status -z -M` as GitHub's file list. */
function parseNameStatus(out: string): PullFile[] {
  const fields = out.split('\0');
  const files: PullFile[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const code = fields[i++] ?? '';
    const a = fields[i++] ?? '';
    if (code.startsWith('R') || code.startsWith('C')) files.push({ filename: fields[i++] ?? a, status: code.startsWith('R') ? 'renamed' : 'copied', previous_filename: a });
    else files.push({ filename: a, status: code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified' });
  }
  return files;
}

export interface OpenedPullRequest {
  headSha: string;
  files: PullFile[];
  /** The pull_request event payload for this head. */
  event: unknown;
}

/**
 * Commits `edit` as pull request `number`'s head (on `parent`, default the base), publishes it as
 * refs/pull/N/head, registers it with the fake API (GitHub lists `listed(files)`, default every file)
 * and returns the event payload.
 */
export function openPullRequest(
  fx: Fixture,
  github: FakeGitHub,
  number: number,
  edit: PullRequestChange,
  o: { parent?: string; fork?: boolean; listed?: (files: PullFile[]) => PullFile[] } = {},
): OpenedPullRequest {
  const { head: headSha, files = [] } = pullRequestHead(fx, number, edit, o.parent ?? fx.baseSha, true);
  github.pulls.set(number, { number, baseSha: fx.baseSha, headSha, files: o.listed ? o.listed(files) : files, changedFiles: files.length });
  const event = pullRequestEvent({ number, baseSha: fx.baseSha, headSha, changedFiles: files.length, fork: o.fork ?? false });
  return { headSha, files, event };
}

export type CheckoutKind = 'full' | 'shallow' | 'head-only-without-origin';

/**
 * Clones already made in this test file, by kind and the remote refs a clone of that kind takes:
 * the next checkout of the same content is a copy with origin pointed at its own remote. Each entry
 * is a pristine copy taken before any run touched the clone. Kept only inside useActionEnvironment,
 * which removes them after the file.
 */
let clones: Map<string, { dir: string; remote: string }> | undefined;

/**
 * The remote's refs a clone copies, with their commits: main alone for a depth-1 clone of main,
 * every branch otherwise; and the tags. Undefined (clone afresh) when the remote has packed refs.
 */
function cloneKey(fx: Fixture, kind: CheckoutKind): string | undefined {
  if (existsSync(join(fx.remote, 'packed-refs'))) return undefined;
  const refs: string[] = [];
  const walk = (ref: string): void => {
    if (!existsSync(join(fx.remote, ref))) return;
    for (const e of readdirSync(join(fx.remote, ref), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${ref}/${e.name}`);
      else refs.push(`${ref}/${e.name} ${readRef(fx.remote, `${ref}/${e.name}`)}`);
    }
  };
  walk('refs/tags');
  if (kind === 'shallow') refs.push(`refs/heads/main ${readRef(fx.remote, 'refs/heads/main')}`);
  else walk('refs/heads');
  return `${kind}\n${refs.sort().join('\n')}`;
}

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
  const key = clones && cloneKey(fx, kind);
  const made = key ? clones?.get(key) : undefined;
  if (made) {
    copyRepository(made.dir, dir);
    const config = join(dir, '.git/config');
    writeFileSync(config, readFileSync(config, 'utf8').replace(`file://${made.remote}`, `file://${fx.remote}`));
    return dir;
  }
  git(dir, 'clone', '-q', ...(kind === 'shallow' ? ['--depth=1'] : []), '--branch', 'main', `file://${fx.remote}`, '.');
  if (key && clones) {
    const copy = realpathSync(mkdtempSync(join(tmpdir(), 'modelgate-action-template-clone-')));
    copyRepository(dir, copy);
    clones.set(key, { dir: copy, remote: fx.remote });
  }
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
  /** GITHUB_SHA. Default: for `pull_request`, the test merge commit of the event's head (as GitHub sets it); else zeros. */
  sha?: string;
  /** More environment variables for the step. */
  env?: Record<string, string>;
  /** The process is killed after this long (default 120 s) and the result says so: a hang fails the test, not the suite. */
  killAfterMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** The GITHUB_OUTPUT file as the step left it. */
  outputFile: string;
  summary: string;
  ms: number;
  /** The process was killed after killAfterMs. */
  killed: boolean;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

/** action.yml, parsed for the first run of this worker. */
let actionYml: ActionYml | undefined;

/** INPUT_* exactly as the runner sets them: every declared input, defaults expanded. */
export function runnerInputs(given: Record<string, string>, ctx: { token: string; workspace: string }): Record<string, string> {
  actionYml ??= parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  const spec = actionYml;
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    const value = given[name] ?? String(input.default ?? '').replace('${{ github.token }}', ctx.token).replace('${{ github.workspace }}', ctx.workspace);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(given)) if (!(name in spec.inputs)) throw new Error(`action.yml declares no input "${name}"`);
  return env;
}

interface PreparedRun {
  env: NodeJS.ProcessEnv;
  outputPath: string;
  summaryPath: string;
}

/** The runner's side of a step: its files (event, GITHUB_OUTPUT, summary, temp, home) and environment. */
function prepareRun(o: RunOptions): PreparedRun {
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
    GITHUB_SHA: o.sha ?? defaultSha(o),
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
    // Octokit's retry delays, retry-afters and write pacing in units of this many ms, not 1000.
    MODELGATE_API_RETRY_BASE_MS: String(API_RETRY_BASE_MS),
    ...runnerInputs(o.with ?? {}, { token, workspace: o.workspace }),
    ...o.env,
  };
  return { env, outputPath, summaryPath };
}

function finishRun(p: PreparedRun, ran: { code: number | null; stdout: string; stderr: string; killed: boolean }, started: number): RunResult {
  const outputFile = readFileSync(p.outputPath, 'utf8');
  return { ...ran, outputs: parseOutputs(outputFile), outputFile, summary: readFileSync(p.summaryPath, 'utf8'), ms: Date.now() - started };
}

/** Runs the bundle, dist/index.js, as the runner does: a process with only the step's environment. */
export async function runAction(o: RunOptions): Promise<RunResult> {
  const p = prepareRun(o);
  const started = Date.now();
  const child = spawn(process.execPath, [DIST], { cwd: o.workspace, env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, o.killAfterMs ?? 120_000);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(timer);
  return finishRun(p, { code, stdout, stderr, killed }, started);
}

/** Variables of the test process a runner would not pass to the step: hidden during an in-process run. */
const FOREIGN_ENV = /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|MODELGATE_|GIT_|(HTTPS?|NO|ALL)_PROXY$)/i;
let inProcessRun = false;

/**
 * Runs the Action's logic (action/main.ts's run()) in this process, with the step's environment,
 * working directory, stdout and exit code swapped in for the run and restored after it: the same
 * code as the bundle without a process and a bundle load per run. A run that outlasts killAfterMs is
 * reported as killed (it is left running: nothing can kill it). Runs cannot overlap (they share
 * process.env): runs at once use runAction.
 */
export async function runActionInProcess(o: RunOptions): Promise<RunResult> {
  if (inProcessRun) throw new Error('runActionInProcess: another in-process run is under way; run concurrent steps with runAction (the bundle)');
  inProcessRun = true;
  const { run } = await import('../../action/main.js');
  const p = prepareRun(o);
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (FOREIGN_ENV.test(name) && !(name in p.env)) delete process.env[name];
  for (const [name, value] of Object.entries(p.env)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  const cwd = process.cwd();
  process.chdir(o.workspace);
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  let stdout = '';
  let stderr = '';
  const writes = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  const started = Date.now();
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  let code: number | null = null;
  try {
    await Promise.race([run(), new Promise<void>((done) => (timer = setTimeout(() => ((killed = true), done()), o.killAfterMs ?? 120_000)))]);
  } finally {
    clearTimeout(timer);
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    code = killed ? null : Number(process.exitCode ?? 0);
    process.exitCode = exitCode;
    process.chdir(cwd);
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    inProcessRun = false;
  }
  return finishRun(p, { code, stdout, stderr, killed }, started);
}

function defaultSha(o: RunOptions): string {
  const head = o.eventName === 'pull_request' ? (o.event as { pull_request?: { head?: { sha?: unknown } } } | undefined)?.pull_request?.head?.sha : undefined;
  return (typeof head === 'string' ? testMerges.get(head) : undefined) ?? '0'.repeat(40);
}

/** The GITHUB_OUTPUT file format: name<<DELIMITER\nvalue\nDELIMITER\n. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1] ?? ''] = m[3] ?? '';
  return outputs;
}

/**
 * The GITHUB_OUTPUT file read the way the runner reads it (line by line: `name=value`, or
 * `name<<DELIMITER`, the value's lines, then a line that is exactly DELIMITER); throws where the
 * runner would fail the step. Every occurrence of a name is returned, in order (the runner keeps the last).
 */
export function runnerOutputs(text: string): [string, string][] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: [string, string][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = line.indexOf('<<');
    const equals = line.indexOf('=');
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (!delimiter) throw new Error(`GITHUB_OUTPUT line ${i + 1}: empty delimiter`);
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: matching delimiter "${delimiter}" for ${name} not found`);
      out.push([name, value.join('\n')]);
    } else if (equals > 0) out.push([line.slice(0, equals), line.slice(equals + 1)]);
    else throw new Error(`GITHUB_OUTPUT line ${i + 1}: invalid format ${JSON.stringify(line)}`);
  }
  return out;
}

/** Workflow commands the step printed, e.g. ::error file=a,line=3,title=x::message. */
export function commands(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(`::${kind}`));
}

/**
 * The per-test world of an Action test file: a fresh fake GitHub on 127.0.0.1 and a fresh fixture
 * repository for each test, both torn down after it. Read `env.github` and `env.fx` inside tests.
 */
export function useActionEnvironment(): { readonly github: FakeGitHub; readonly fx: Fixture; replaceGitHub(options: Partial<FakeGitHubOptions>): Promise<FakeGitHub> } {
  let github: FakeGitHub | undefined;
  let fx: Fixture | undefined;
  // The fixture is made once per file (outside cleanup()'s reach) and copied for each test.
  let template: Fixture | undefined;
  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run npm run build');
    const dir = (name: string) => realpathSync(mkdtempSync(join(tmpdir(), `modelgate-action-template-${name}-`)));
    template = createFixture({ author: dir('author'), remote: dir('remote') });
    clones = new Map();
  });
  afterAll(() => {
    for (const d of template ? [template.author, template.remote] : []) rmSync(d, { recursive: true, force: true });
    for (const c of clones?.values() ?? []) rmSync(c.dir, { recursive: true, force: true });
    clones = undefined;
  });
  beforeEach(async () => {
    github = new FakeGitHub({ owner: OWNER, repo: REPO });
    await github.start();
    if (!template) throw new Error('useActionEnvironment: no fixture template');
    fx = copyFixture(template);
  });
  afterEach(async () => {
    await github?.stop();
    cleanup();
  });
  return {
    /** Swaps this test's fake GitHub for one with other options (a personal token's login…). */
    async replaceGitHub(options) {
      await github?.stop();
      github = new FakeGitHub({ owner: OWNER, repo: REPO, ...options });
      await github.start();
      return github;
    },
    get github() {
      if (!github) throw new Error('useActionEnvironment: read env.github inside a test');
      return github;
    },
    get fx() {
      if (!fx) throw new Error('useActionEnvironment: read env.fx inside a test');
      return fx;
    },
  };
}

/** A change that passes: support-router's evidence is complete. */
export const touchRouter = (dir: string): void => appendTo(dir, 'models/support-router/README.md', '\nRetrained on the same data; no metric moved.\n');
/** A change that fails: churn-predictor has no audit and no carbon estimate. */
export const touchChurn = (dir: string): void => appendTo(dir, 'models/churn-predictor/README.md', '\nFeature list refreshed.\n');
