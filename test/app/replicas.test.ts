// Two App processes (node build/app-bundle/index.js) sharing one private redis-server, against one local
// stand-in GitHub: duplicate and racing deliveries sent to both, a replica killed mid-evaluation,
// and Redis going away mid-run. They must behave as one App.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRevision } from './harness.js';
import { pullRequestEvent, pushEvent } from './payloads.js';
import { AppProcess, compileApp, FakeGitHub, until } from './process.js';
import { RedisServer, SKIP_WITHOUT_REDIS } from './redis.js';
import { withFiles, type Call, type Revision, type SimPull } from './sim.js';

const CHANGED = 'models/support-router/config.json';
const github = new FakeGitHub();
const redis = new RedisServer();
const a = new AppProcess();
const b = new AppProcess();
const sim = () => github.sim;
const LEASE_MS = 30_000;
const log = () => `--- A ---\n${a.output}\n--- B ---\n${b.output}`;
let base: Revision;

beforeAll(async () => {
  await compileApp();
  await github.start();
  await redis.start();
  // The default lease; a killed replica's leases run out when the test expires them (expireLeases).
  const env = { REDIS_URL: redis.url, MODELGATE_LOCK_TTL_SECONDS: String(LEASE_MS / 1000) };
  await Promise.all([a.start(github, env), b.start(github, env)]);
  base = exampleRevision();
}, 240_000);

afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await redis.stop();
  await github.close();
});

let nextNumber = 10;
function newPull(): SimPull {
  const head = withFiles(base, { [CHANGED]: `{"served": ${nextNumber}}\n` });
  return sim().addPull({ number: nextNumber++, state: 'open', base, head, author: 'dana', files: [{ filename: CHANGED, status: 'modified' }], updatedAt: '2026-12-01T10:00:00Z' });
}

function push(pr: SimPull, n: number): void {
  pr.head = sim().addRevision(withFiles(pr.head, { [CHANGED]: `{"served": ${pr.number}, "push": ${n}}\n` }));
  pr.updatedAt = `2026-12-01T10:0${n}:00Z`;
}

const readsFiles = (c: Call) => c.method === 'POST' && c.path === '/graphql';

/**
 * The next GraphQL read of files (the policy, the evidence) hangs until `release()`; `started()`
 * says whether the evaluation reached it. Only one evaluation may run meanwhile.
 */
function hangInEvaluation(): { started: () => boolean; release: () => void } {
  let release: () => void = () => undefined;
  const held = new Promise((r) => (release = () => r(undefined)));
  const before = sim().calls.filter(readsFiles).length;
  sim().failures.push({ match: readsFiles, until: held });
  return { started: () => sim().calls.filter(readsFiles).length > before, release };
}

const runsOf = (sha: string) => sim().checkRuns.filter((c) => c.head_sha === sha);
const posts = (suffix: string) => sim().calls.filter((c) => c.method === 'POST' && c.path.endsWith(suffix));

describe.skipIf(SKIP_WITHOUT_REDIS)('a rejected delivery', () => {
  it('is never logged with its body', async () => {
    const pr = newPull();
    const marker = 'FORGED-BODY-MARKER-7f3a';
    const payload = { ...pullRequestEvent(sim(), pr, 'opened'), forged: marker };
    const res = await b.deliver('pull_request', payload, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'x-github-delivery': 'forged-1' });
    expect(res.status).toBe(400);
    await until('the rejection to be logged', () => b.output.includes('"delivery":"forged-1"'), 60_000, log);
    expect(b.output).toMatch(/signature/i); // the rejection is logged, without the payload
    expect(b.output).not.toContain(marker);
  });
});

describe.skipIf(SKIP_WITHOUT_REDIS)('two replicas sharing Redis', () => {
  it('the same deliveries and racing synchronize events, sent to both: one check run per head, one comment, one issue per finding', async () => {
    const pr = newPull();
    const heads = [pr.head.sha];
    const opened = pullRequestEvent(sim(), pr, 'opened');
    // The same delivery to both replicas at once.
    await Promise.all([a.deliver('pull_request', opened, { 'x-github-delivery': 'same-1' }), b.deliver('pull_request', opened, { 'x-github-delivery': 'same-1' })]);
    // Two pushes in quick succession; each event reaches both replicas under different delivery ids.
    push(pr, 1);
    heads.push(pr.head.sha);
    const sync1 = pullRequestEvent(sim(), pr, 'synchronize');
    push(pr, 2);
    heads.push(pr.head.sha);
    const sync2 = pullRequestEvent(sim(), pr, 'synchronize');
    await Promise.all([
      a.deliver('pull_request', sync1, { 'x-github-delivery': 's1-a' }),
      b.deliver('pull_request', sync2, { 'x-github-delivery': 's2-b' }),
      b.deliver('pull_request', sync1, { 'x-github-delivery': 's1-b' }),
      a.deliver('pull_request', sync2, { 'x-github-delivery': 's2-a' }),
    ]);
    await until('every head to have a completed check run', () => heads.every((h) => runsOf(h).some((c) => c.status === 'completed')), 120_000, log);
    await Promise.all([a.idle(), b.idle()]);
    for (const h of heads) expect(runsOf(h), `check runs of ${h}`).toHaveLength(1);
    expect(sim().checkRuns.filter((c) => c.status !== 'completed')).toEqual([]);
    expect(sim().botComments(pr.number)).toHaveLength(1);
    expect(posts(`/issues/${pr.number}/comments`)).toHaveLength(1);
    // The comment speaks of the newest head: an older head's job never overwrote it.
    expect(sim().botComments(pr.number)[0]?.body).toContain(heads[2]?.slice(0, 12));
    // The merge lands on the default branch; the push reaches both replicas, twice: one issue per finding.
    const merged = pushEvent(base.sha, heads[2] ?? '');
    await Promise.all([
      a.deliver('push', merged, { 'x-github-delivery': 'push-1' }),
      b.deliver('push', merged, { 'x-github-delivery': 'push-1' }),
      b.deliver('push', merged, { 'x-github-delivery': 'push-1-again' }),
    ]);
    await until('the remediation issues', () => sim().issues.length > 0, 60_000, log);
    await Promise.all([a.idle(), b.idle()]);
    const titles = sim().issues.map((i) => i.title);
    expect(titles).toContainEqual(expect.stringContaining('F-2 (AUD-2026-014)'));
    expect(new Set(titles).size).toBe(titles.length);
    expect(posts('/issues')).toHaveLength(titles.length);
    // One info line per delivery, naming what it was and what came of it.
    const lines = `${a.output}\n${b.output}`.split('\n').filter((l) => l.includes('"delivery":"same-1"'));
    expect(lines.length).toBe(2);
    expect(lines.some((l) => l.includes('"duplicate":true'))).toBe(true);
    const handled = JSON.parse(lines.find((l) => !l.includes('"duplicate":true')) ?? '{}') as Record<string, unknown>;
    expect(handled).toMatchObject({ event: 'pull_request', action: 'opened', repository: 'acme/models', pr: pr.number, head: heads[0], verdict: expect.any(String), durationMs: expect.any(Number), requests: expect.any(Number) });
  }, 240_000);

  it('a replica killed mid-evaluation: the other takes over once the lease expires, and completes the same check run', async () => {
    const pr = newPull();
    // The evaluation is in the middle when A is killed.
    const hang = hangInEvaluation();
    const event = pullRequestEvent(sim(), pr, 'opened');
    void a.deliver('pull_request', event, { 'x-github-delivery': 'crash-1' }).catch(() => undefined);
    await until('A to start evaluating', hang.started, 60_000, log);
    expect(runsOf(pr.head.sha)).toEqual([expect.objectContaining({ status: 'in_progress' })]);
    const killed = a.child;
    const dead = new Promise((r) => killed?.once('exit', r));
    killed?.kill('SIGKILL');
    await dead;
    hang.release();
    // GitHub redelivers (or the user re-runs); B gets it while A's lease is still live, and waits:
    // B claims the delivery by an EVAL, and only a claim found held is tried again.
    const [calls, evals] = [sim().calls.length, await redis.evals()];
    const redelivered = b.deliver('pull_request', event, { 'x-github-delivery': 'crash-1' });
    await until('B to find the delivery claimed by A and try again', async () => (await redis.evals()) >= evals + 3, 60_000, log);
    expect(sim().calls.length).toBe(calls); // B has not taken over
    // A's leases run out (what LEASE_MS of waiting would do); then B takes over.
    expect(await redis.expireLeases(LEASE_MS)).toEqual(expect.arrayContaining([expect.stringContaining('crash-1')]));
    await redelivered;
    await until('the check run to complete', () => runsOf(pr.head.sha).every((c) => c.status === 'completed'), 60_000, log);
    await b.idle(); // A was killed with its delivery unfinished
    expect(runsOf(pr.head.sha)).toHaveLength(1); // adopted by its external id, not a second run
    expect(runsOf(pr.head.sha)[0]?.external_id).toBe(`acme/models#${pr.number}@${pr.head.sha}`);
    expect(sim().botComments(pr.number)).toHaveLength(1);
  }, 240_000);

  it('Redis going away mid-run: the PR fails closed, saying the App could not take its lock; when Redis is back the App recovers', async () => {
    const pr = newPull();
    expect((await fetch(`http://127.0.0.1:${b.port}/readyz`)).status).toBe(200);
    await redis.stop();
    const down = await fetch(`http://127.0.0.1:${b.port}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/"redis":"unreachable/);
    await b.deliver('pull_request', pullRequestEvent(sim(), pr, 'opened'), { 'x-github-delivery': 'down-1' });
    await until('the check run to fail', () => runsOf(pr.head.sha).some((c) => c.status === 'completed'), 60_000, log);
    const [failed] = runsOf(pr.head.sha);
    expect(failed).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(failed?.output?.title).toMatch(/could not take its lock/);

    await redis.start();
    for (let i = 0; i < 100 && (await fetch(`http://127.0.0.1:${b.port}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`http://127.0.0.1:${b.port}/readyz`)).status).toBe(200);
    pr.updatedAt = '2026-12-01T11:00:00Z';
    await b.deliver('pull_request', pullRequestEvent(sim(), pr, 'reopened'), { 'x-github-delivery': 'down-2' });
    await until('a passing evaluation', () => runsOf(pr.head.sha).some((c) => c.status === 'completed' && c.conclusion === 'success'), 60_000, log);
    await b.idle();
    expect(sim().checkRuns.filter((c) => c.status !== 'completed')).toEqual([]);
    expect(sim().botComments(pr.number)).toHaveLength(1);
  }, 240_000);

  // The last test: B exits (A was killed above).
  it('SIGTERM: stops accepting, lets the running job finish, exits 0', async () => {
    const pr = newPull();
    const hang = hangInEvaluation();
    void b.deliver('pull_request', pullRequestEvent(sim(), pr, 'opened'), { 'x-github-delivery': 'term-1' }).catch(() => undefined);
    await until('B to start evaluating', hang.started, 60_000, log);
    const child = b.child;
    const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
    child?.kill('SIGTERM');
    await until('B to stop accepting', () => b.output.includes('modelgate App stopping: no new deliveries; waiting for running jobs'), 60_000, log);
    expect(child?.exitCode).toBeNull(); // still finishing its job
    hang.release();
    expect(await exited).toBe(0);
    expect(runsOf(pr.head.sha)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    expect(sim().botComments(pr.number)).toHaveLength(1);
  }, 240_000);
});
