// Test wiring: a Probot instance with the App loaded (retries and throttling off, the clock pinned),
// nock interceptors that answer from the GitHub simulation, and the example repository as data.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, expect } from 'vitest';
import { realTimer, type DeadlineTimer } from '../../app/deadline.js';
import { createApp, type AppOptions } from '../../app/index.js';
import { BOT, filesOf, GitHubSim, HANG, OWNER, REPO, revision, withFiles, type Revision, type SimPull } from './sim.js';

// createOnce's pauses before another attempt at a create (1 s, then 4 s) in units of 10 ms, as for
// the App process (process.ts): Octokit's own retries are off in process, these are the App's.
process.env.MODELGATE_API_RETRY_BASE_MS ??= '10';

export const API = 'https://api.github.com';
export const NOW = new Date('2026-11-28T12:00:00Z');
export const EXAMPLE = join(import.meta.dirname, '../../examples/acme-ml');

let key: string | undefined;
/** A fresh RSA key, generated once per test file (GitHub App keys are PKCS#1 PEM). */
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return key;
}

export function exampleRevision(changes: Record<string, string | Buffer | null> = {}): Revision {
  const files = filesOf(EXAMPLE);
  for (const [p, c] of Object.entries(changes)) {
    if (c === null) files.delete(p);
    else files.set(p, Buffer.isBuffer(c) ? c : Buffer.from(c));
  }
  return revision(files);
}

export async function probotWithApp(options: Pick<AppOptions, 'timeoutMs' | 'writeTimeoutMs' | 'deadlineTimer'> = {}): Promise<Probot> {
  const probot = new Probot({
    appId: 1,
    privateKey: privateKey(),
    secret: 'test-secret',
    logLevel: (process.env.TEST_LOG_LEVEL as 'fatal' | undefined) ?? 'fatal',
    // A function, not an object: Octokit merges object defaults shallowly, so Probot's own throttle
    // options would replace `enabled: false` and the throttler would pace writes 1-3 s apart.
    Octokit: ProbotOctokit.defaults((options: { throttle?: object }) => ({ ...options, retry: { enabled: false }, throttle: { ...options.throttle, enabled: false } })),
  });
  await probot.load(createApp({ now: () => NOW, ...options }));
  return probot;
}

/**
 * A job deadline that passes when `passed` (started when the first deadline is set) resolves,
 * instead of after timeoutMs of real time; the message still names timeoutMs. `cancelled` says the
 * job ended first. Only the first job's deadline: later jobs get the real timer.
 */
export function expireWhen(passed: (cancelled: () => boolean) => Promise<unknown>): DeadlineTimer {
  let used = false;
  return (fire, ms) => {
    if (used) return realTimer(fire, ms);
    used = true;
    let cancelled = false;
    void passed(() => cancelled).then(() => {
      if (!cancelled) fire();
    });
    return () => {
      cancelled = true;
    };
  };
}

/** A job deadline that passes the moment the simulation's scripted hang is hit (no fault waiting on HANG is left). */
export function expireAtHang(sim: GitHubSim): DeadlineTimer {
  return expireWhen(async (cancelled) => {
    while (!cancelled() && sim.failures.some((f) => f.until === HANG)) await new Promise((r) => setTimeout(r, 10));
  });
}

let delivery = 0;
export async function receive(probot: Probot, name: string, payload: object, id = `delivery-${++delivery}`): Promise<void> {
  await probot.receive({ id, name, payload } as unknown as Parameters<Probot['receive']>[0]);
}

/**
 * Expects exactly these calls ("GET /repos/acme/models/pulls/7", query ignored, "*" for an id), answered by
 * the simulation. Returns the nock scope; `scope.isDone()` says every expected call was made, and
 * nock refuses any call not listed (disableNetConnect).
 */
export function expectCalls(sim: GitHubSim, calls: string[]): nock.Scope {
  const scope = nock(API);
  for (const spec of calls) {
    const [method, path] = spec.split(' ') as [string, string];
    // "*" stands for one path segment whose value the test does not fix (an id).
    const target = path.includes('*') ? new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}(\\?|$)`) : path;
    scope
      .intercept(target, method)
      .query(true)
      .reply((uri, body, callback) => answer(sim, method, uri, body, callback));
  }
  return scope;
}

/** nock's answer from the simulation, sent when the simulation's `wait` (a scripted delay or hang) settles. */
function answer(sim: GitHubSim, method: string, uri: string, body: nock.Body, callback: (err: NodeJS.ErrnoException | null, result: nock.ReplyFnResult) => void): void {
  const parsed = typeof body === 'string' && body.length > 0 ? (JSON.parse(body) as unknown) : body;
  const r = sim.handle(method, uri, parsed);
  const send = () => callback(null, [r.status, r.body as nock.ReplyBody, r.headers ?? {}]);
  if (r.wait) void r.wait.then(send, send);
  else send();
}

/**
 * Registers, in the calling file or describe block, hooks that make nock refuse any host it was not
 * told to answer for each test, and drop its interceptors after it.
 */
export function refuseNetwork(): void {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

/** A simulated GitHub whose every route answers from its state (see routeAll). */
export function routedSim(): GitHubSim {
  const sim = new GitHubSim(API);
  routeAll(sim);
  return sim;
}

export interface SimWithPull {
  sim: GitHubSim;
  base: Revision;
  head: Revision;
  pr: SimPull;
}

/**
 * A simulated GitHub holding pull request 7 by dana: the example repository as base, and a head that
 * writes `content` at `path` (a modified file, or an added one).
 */
export function simWithPull(path: string, content: string, status: 'modified' | 'added' = 'modified'): SimWithPull {
  const sim = new GitHubSim(API);
  const base = exampleRevision();
  const head = withFiles(base, { [path]: content });
  const pr = sim.addPull({ number: 7, state: 'open', base, head, author: 'dana', files: [{ filename: path, status }] });
  return { sim, base, head, pr };
}

export const R = `/repos/${OWNER}/${REPO}`;

/** The calls the simulation saw, as "METHOD /path", sorted (concurrent calls have no fixed order). */
export function seen(sim: GitHubSim): string[] {
  return sim.calls.map((c) => `${c.method} ${c.path}`).sort();
}

/** Answers every call from the simulation (for tests about state rather than the exact calls). */
export function routeAll(sim: GitHubSim, base: string = API): nock.Scope {
  const scope = nock(base).persist();
  for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
    scope
      .intercept(/.*/, method)
      .query(true)
      .reply((uri, body, callback) => answer(sim, method, uri, body, callback));
  }
  return scope;
}

export interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; annotations?: { path: string; annotation_level: string; message: string; title?: string }[] };
}

/** The bodies of the calls matching "METHOD path-regex". */
export function bodies<T>(sim: GitHubSim, method: string, path: RegExp): T[] {
  return sim.calls.filter((c) => c.method === method && path.test(c.path)).map((c) => c.body as T);
}

/** Whether a comment is the App's checklist, and the App's open remediation issues per finding. */
const CHECKLIST = '<!-- modelgate:checklist -->';
const FINDING_MARKER = /^<!-- modelgate:finding (\S+) -->/;

function findingKey(body: string): string | undefined {
  const m = FINDING_MARKER.exec(body);
  if (!m) return undefined;
  try {
    const s = JSON.parse(decodeURIComponent(m[1] as string)) as { audit: string; finding: string };
    return `${s.audit}/${s.finding}`;
  } catch {
    return undefined;
  }
}

/**
 * What must hold at the end of every scenario, whatever failed or whoever attacked: every check
 * run completed (none left queued or in progress), at most one checklist comment per pull request,
 * no reply posted twice, at most one open remediation issue per finding (with `strict`, at most one
 * issue per finding at all, and one check run per commit). Returns the problems (empty when none).
 */
export function invariantProblems(sim: GitHubSim, options: { strict?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const run of sim.checkRuns) {
    if (run.status !== 'completed') problems.push(`check run ${run.id} on ${run.head_sha.slice(0, 12)} left ${run.status}`);
    else if (run.conclusion !== 'success' && run.conclusion !== 'failure') problems.push(`check run ${run.id} concluded ${String(run.conclusion)} (only success or failure)`);
  }
  for (const [pr, list] of sim.comments) {
    const mine = list.filter((c) => c.user.login === BOT);
    const checklists = mine.filter((c) => c.body.startsWith(CHECKLIST));
    if (checklists.length > 1) problems.push(`#${pr} has ${checklists.length} checklist comments`);
    const bodies = mine.filter((c) => !c.body.startsWith(CHECKLIST)).map((c) => c.body);
    const twice = bodies.filter((b, i) => bodies.indexOf(b) !== i);
    if (twice.length > 0) problems.push(`#${pr} has the same comment twice: ${JSON.stringify(twice[0]?.slice(0, 80))}`);
  }
  const issues = new Map<string, { open: number; all: number }>();
  for (const i of sim.issues) {
    const key = i.user.login === BOT ? findingKey(i.body) : undefined;
    if (!key) continue;
    const n = issues.get(key) ?? { open: 0, all: 0 };
    n.all++;
    if (i.state === 'open') n.open++;
    issues.set(key, n);
  }
  for (const [key, n] of issues) {
    if (n.open > 1) problems.push(`${n.open} open remediation issues for ${key}`);
    else if (options.strict && n.all > 1) problems.push(`${n.all} remediation issues for ${key}`);
  }
  if (options.strict) {
    const perHead = new Map<string, number>();
    for (const run of sim.checkRuns) perHead.set(run.head_sha, (perHead.get(run.head_sha) ?? 0) + 1);
    for (const [sha, n] of perHead) if (n > 1) problems.push(`${n} check runs on ${sha.slice(0, 12)}`);
  }
  return problems;
}

/** The check run failed closed and says so: what could not be done, and how to re-run. */
export function expectFailedClosed(run: GitHubSim['checkRuns'][number] | undefined, title: RegExp): void {
  expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
  expect(run?.output?.title).toMatch(/^modelgate could not evaluate this change: /);
  expect(run?.output?.title).toMatch(title);
  expect(run?.output?.summary).toContain('fails closed');
  expect(run?.output?.summary).toContain('/modelgate recheck');
}
