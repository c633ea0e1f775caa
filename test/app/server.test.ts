// The App as a real process: what the image runs (the Dockerfile's CMD, from a directory holding
// only what its final stage copies: no node_modules to fall back on), configured only through its
// environment, talking to a local node:http server that plays GitHub (GitHub Enterprise style:
// http://127.0.0.1:<port>/api/v3 and /api/graphql) and receiving signed webhooks over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestEvent, pushEvent } from './payloads.js';
import { addServedPull, appEnv, AppProcess, compileApp, FakeGitHub, ROOT, SERVER, sign, until } from './process.js';
import { withFiles, type SimPull } from './sim.js';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
/** An exec-form instruction of the Dockerfile (`CMD ["node", …]`), as its argument list. */
const instruction = (name: string) => JSON.parse(new RegExp(`^${name} (\\[.*\\])$`, 'm').exec(dockerfile)?.[1] ?? 'null') as string[];
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const copies = [...finalStage.matchAll(/^COPY --from=build (?:--\S+ )*(\S+) (\S+)$/gm)].map(([, from, to]) => ({ from: from ?? '', to: to ?? '' }));

/** The image's WORKDIR (/app), rebuilt outside Docker: what the final stage copies from the build stage's /app (the repository, compiled), and nothing else. */
function imageWorkdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-image-'));
  for (const { from, to } of copies) cpSync(join(ROOT, relative('/app', from)), join(dir, to), { recursive: true });
  return dir;
}

const github = new FakeGitHub();
const app = new AppProcess();
let image = '';
let pr: SimPull;
const sim = () => github.sim;
const imageCmd = () => instruction('CMD').map((arg, i) => (i === 0 ? arg : join(image, arg)));

beforeAll(async () => {
  await compileApp();
  image = imageWorkdir();
  await github.start();
  pr = addServedPull(sim());
  await app.start(github, {}, imageCmd().slice(1));
}, 180_000);

afterAll(async () => {
  await app.stop();
  await github.close();
  rmSync(image, { recursive: true, force: true });
});

const deliver = (payload: object, headers: Record<string, string | undefined>) => app.deliver('pull_request', payload, headers);

describe('the App as a server process', () => {
  it('answers its health check', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(res.status).toBe(200);
  });

  it('is ready (/readyz) when GitHub answers GET /app with its JWT; without REDIS_URL, Redis is not part of it', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ github: 'ok', redis: 'not configured' });
    expect(sim().calls.filter((c) => c.path === '/app').length).toBeGreaterThan(0);
    expect(github.badJwts).toBe(0);
  });

  it('the Dockerfile runs this server, the bundle `npm run app` runs, from the bundle alone, as a non-root user, and its HEALTHCHECK command passes against it', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(instruction('CMD')).toEqual(['node', relative(ROOT, SERVER)]);
    expect(pkg.scripts.app).toBe(`node ${relative(ROOT, SERVER)}`);
    // The image holds the App bundle and nothing else: no node_modules, no unbundled build/.
    expect(copies).toEqual([{ from: '/app/build/app-bundle', to: './build/app-bundle' }]);
    expect(dockerfile.match(/^WORKDIR \/app$/gm)).toHaveLength(2); // imageWorkdir()'s premise
    expect(/^USER (\S+)$/m.exec(finalStage)?.[1]).toBe('node');
    const check = instruction('HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD');
    // Not spawnSync: a blocked event loop misses the server closing an idle keep-alive socket, and
    // the next fetch would reuse it ("other side closed").
    const run = (port: number) =>
      new Promise<number | null>((done) => {
        const child = spawn(check[0] === 'node' ? process.execPath : (check[0] ?? ''), check.slice(1), { cwd: image, env: { PORT: String(port) }, timeout: 30_000, stdio: 'ignore' });
        child.on('close', done);
      });
    expect(await run(app.port)).toBe(0);
    expect(await run(9)).toBe(1); // nothing listens on port 9
  });

  it('rejects a webhook with a bad signature (400) and makes no API call', async () => {
    const before = sim().calls.length;
    const payload = pullRequestEvent(sim(), pr, 'opened');
    const bad = await deliver(payload, { 'x-github-delivery': 'bad-sig', 'x-hub-signature-256': sign(JSON.stringify(payload), 'wrong-secret') });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/signature does not match/);
    await until('the rejection to be logged', () => app.output.includes('"delivery":"bad-sig"'), 60_000, () => app.output);
    expect(sim().calls.length).toBe(before);
  });

  it('rejects a webhook without a signature (400) and makes no API call', async () => {
    const before = sim().calls.length;
    const missing = await deliver(pullRequestEvent(sim(), pr, 'opened'), { 'x-github-delivery': 'no-sig', 'x-hub-signature-256': undefined });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/Required headers missing: x-hub-signature-256/);
    await new Promise((r) => setTimeout(r, 500));
    expect(sim().calls.length).toBe(before);
  });

  it('processes a correctly signed webhook: check run and checklist comment (which shows the issue merging would open)', async () => {
    const res = await deliver(pullRequestEvent(sim(), pr, 'opened'), { 'x-github-delivery': 'delivery-1' });
    expect([200, 202]).toContain(res.status);
    await until('the check run to complete', () => sim().checkRuns.some((c) => c.status === 'completed'));
    await app.idle();
    expect(github.badJwts).toBe(0);
    expect(sim().calls.some((c) => c.path === '/graphql')).toBe(true); // reached /api/graphql
    expect(sim().checkRuns).toEqual([expect.objectContaining({ head_sha: pr.head.sha, status: 'completed', conclusion: 'success' })]);
    expect(sim().botComments(7)).toHaveLength(1);
    expect(sim().botComments(7)[0]?.body).toContain('- would open an issue for `AUD-2026-014` finding `F-2`');
    expect(sim().issues).toHaveLength(0);
  }, 120_000);

  it('a redelivery (same X-GitHub-Delivery) creates no second check run, comment or issue', async () => {
    const before = sim().calls.length;
    const res = await deliver(pullRequestEvent(sim(), pr, 'opened'), { 'x-github-delivery': 'delivery-1' });
    expect([200, 202]).toContain(res.status);
    await until('the App to log the duplicate', () => app.output.includes('duplicate delivery'));
    await app.idle();
    expect(sim().calls.length).toBe(before); // recognised before any API call
    expect(sim().checkRuns).toHaveLength(1);
    expect(sim().botComments(7)).toHaveLength(1);
    expect(sim().calls.filter((c) => c.method === 'POST' && c.path.endsWith('/issues/7/comments'))).toHaveLength(1);
  }, 120_000);

  // Issue 12.2 over signed webhooks: pushes of H, C and H again within one second (GitHub's
  // updated_at is the same for all three) are three events; a redelivery of the last is not.
  it('H, C, H within a second: three evaluations, the checklist at H; a redelivery of the third: none', async () => {
    const h = pr.head;
    const c = sim().addRevision(withFiles(h, { 'models/support-router/config.json': '{"served": "C"}\n' }));
    pr.updatedAt = '2026-11-28T11:30:00Z';
    const push = async (rev: typeof h, id: string) => {
      pr.head = rev;
      const runs = sim().checkRuns.length;
      const res = await deliver(pullRequestEvent(sim(), pr, 'synchronize'), { 'x-github-delivery': id });
      expect([200, 202]).toContain(res.status);
      await until(`the evaluation of ${id}`, () => sim().checkRuns.length > runs && sim().checkRuns.every((k) => k.status === 'completed'), 60_000, () => app.output);
    };
    const before = sim().checkRuns.length;
    await push(h, 'push-H');
    await push(c, 'push-C');
    await push(h, 'push-H-again');
    await app.idle();
    expect(sim().checkRuns.slice(before).map((k) => k.head_sha)).toEqual([h.sha, c.sha, h.sha]);
    expect(sim().botComments(7).filter((k) => k.body.startsWith('<!-- modelgate:checklist -->')).map((k) => /Evaluated at `([0-9a-f]{12})`/.exec(k.body)?.[1])).toEqual([h.sha.slice(0, 12)]);
    const calls = sim().calls.length;
    await deliver(pullRequestEvent(sim(), pr, 'synchronize'), { 'x-github-delivery': 'push-H-again' });
    await until('the App to log the duplicate', () => app.output.split('duplicate delivery').length > 2);
    await app.idle();
    expect(sim().calls.length).toBe(calls);
  }, 180_000);

  // Issue 12.4 over signed webhooks: the remediation issue comes from the push to the default branch.
  it('a push to the default branch opens the remediation issue the pull request only showed', async () => {
    const res = await app.deliver('push', pushEvent(pr.base.sha, pr.head.sha));
    expect([200, 202]).toContain(res.status);
    await until('the remediation issue', () => sim().issues.length > 0, 60_000, () => app.output);
    await app.idle();
    expect(sim().issues).toContainEqual(expect.objectContaining({ title: expect.stringContaining('F-2 (AUD-2026-014)'), state: 'open' }));
  }, 120_000);
});

describe('refusing to start', () => {
  // A directory without a .env file: only the environment configures the server.
  let cwd = '';
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'modelgate-app-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const run = (extra: Record<string, string | undefined>) => spawnSync(process.execPath, imageCmd().slice(1), { cwd, env: appEnv(github, extra), encoding: 'utf8', timeout: 30_000 });

  it('without WEBHOOK_SECRET (instead of Probot\'s "development" default)', () => {
    const r = run({ WEBHOOK_SECRET: undefined });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to start');
    expect(r.stderr).toContain('WEBHOOK_SECRET is required');
    const dev = run({ WEBHOOK_SECRET: 'development' });
    expect(dev.status).toBe(1);
    expect(dev.stderr).toContain('WEBHOOK_SECRET is "development"');
  });

  it('without APP_ID or a valid private key', () => {
    const r = run({ APP_ID: undefined, PRIVATE_KEY: undefined });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('APP_ID is required');
    expect(r.stderr).toContain('A private key is required');
    expect(run({ PRIVATE_KEY: 'not a key' }).stderr).toContain('PRIVATE_KEY is not a valid PEM private key');
  });
});
