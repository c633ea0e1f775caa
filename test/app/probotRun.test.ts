// `probot run ./build/app/index.js`, Probot's usual way to start an App, as a real process on
// 127.0.0.1: it must behave as `npm run app` does: the same start-up refusals (no "development"
// secret, a clear word on a bad APP_ID), /healthz, and a signed webhook handled end to end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestEvent } from './payloads.js';
import { addServedPull, appEnv, AppProcess, compileApp, FakeGitHub, PROBOT_RUN, SERVER, until } from './process.js';
import type { SimPull } from './sim.js';

const github = new FakeGitHub();
const app = new AppProcess();
let pr: SimPull;
const sim = () => github.sim;

/** Probot reads PORT=0 as "unset" (3000): ask the system for a free port instead. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  await compileApp();
  await github.start();
  pr = addServedPull(sim());
  await app.start(github, { PORT: String(await freePort()) }, PROBOT_RUN);
}, 180_000);

afterAll(async () => {
  await app.stop();
  await github.close();
});

describe('probot run ./build/app/index.js', () => {
  it('answers /healthz like npm run app', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('handles a signed webhook: the check run completes, one checklist comment', async () => {
    const res = await app.deliver('pull_request', pullRequestEvent(sim(), pr, 'opened'), { 'x-github-delivery': 'probot-run-1' });
    expect([200, 202]).toContain(res.status);
    await until('the check run to complete', () => sim().checkRuns.some((c) => c.status === 'completed'), 60_000, () => app.output);
    await app.idle();
    expect(sim().checkRuns).toEqual([expect.objectContaining({ head_sha: pr.head.sha, status: 'completed', conclusion: 'success' })]);
    expect(sim().botComments(7)).toHaveLength(1);
  }, 120_000);

  it('rejects a badly signed webhook', async () => {
    const res = await app.deliver('pull_request', pullRequestEvent(sim(), pr, 'opened'), { 'x-hub-signature-256': 'sha256=00' });
    expect(res.status).toBe(400);
  });
});

describe('probot run refuses to start as npm run app does', () => {
  let cwd = '';
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'modelgate-probot-run-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const run = (extra: Record<string, string | undefined>) => spawnSync(process.execPath, PROBOT_RUN, { cwd, env: appEnv(github, { PORT: '1', ...extra }), encoding: 'utf8', timeout: 60_000 });

  it('without WEBHOOK_SECRET, where Probot alone would accept webhooks signed with "development"', () => {
    const r = run({ WEBHOOK_SECRET: undefined });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('modelgate App: refusing to start');
    expect(r.stderr).toContain('WEBHOOK_SECRET is required');
    expect(run({ WEBHOOK_SECRET: 'development' }).stderr).toContain('WEBHOOK_SECRET is "development"');
  }, 120_000);

  it('with an APP_ID that is not a number, saying so (npm run app); probot run fails in Probot before loading the App', () => {
    const server = spawnSync(process.execPath, [SERVER], { cwd, env: appEnv(github, { APP_ID: 'abc' }), encoding: 'utf8', timeout: 60_000 });
    expect(server.status).toBe(1);
    expect(server.stderr).toContain('APP_ID "abc" is not a number');
    expect(server.stderr).not.toContain('APP_ID is required');
    const r = run({ APP_ID: 'abc' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('appId option is required');
  }, 60_000);
});
