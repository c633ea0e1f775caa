// The App as a real process: `node build/app/server.js` (after `npm run compile`), configured only
// through its environment, talking to a local node:http server that plays GitHub (GitHub
// Enterprise style: http://127.0.0.1:<port>/api/v3 and /api/graphql) and receiving signed
// webhooks over HTTP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRevision } from './harness.js';
import { pullRequestEvent } from './payloads.js';
import { GitHubSim, withFiles, type SimPull } from './sim.js';

const ROOT = join(import.meta.dirname, '../..');
const SERVER = join(ROOT, 'build/app/server.js');
const SECRET = 'test-webhook-secret';
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let cwd: string;
let github: Server;
let githubPort: number;
let sim: GitHubSim;
let pr: SimPull;
let app: ChildProcess | undefined;
let appPort: number;
let badJwts = 0;

/** The App must sign its JWT with the key it was given: check it like GitHub does. */
function jwtValid(auth: string | undefined): boolean {
  const token = /^bearer (.+)$/i.exec(auth ?? '')?.[1];
  const [h, p, s] = token?.split('.') ?? [];
  if (!h || !p || !s) return false;
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { iss?: unknown };
  return String(payload.iss) === '1' && verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(publicKey), Buffer.from(s, 'base64url'));
}

function startGitHub(): Promise<void> {
  github = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const url = req.url ?? '/';
      if ((url.startsWith('/api/v3/app') && !url.includes('/repos/')) && !jwtValid(req.headers.authorization)) {
        badJwts++;
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"A JSON web token could not be decoded"}');
        return;
      }
      const r = sim.handle(req.method ?? 'GET', url, raw ? (JSON.parse(raw) as unknown) : undefined);
      const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.status === 204 ? '' : JSON.stringify(r.body));
      res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers }).end(body);
    });
  });
  return new Promise((resolve) =>
    github.listen(0, '127.0.0.1', () => {
      githubPort = (github.address() as AddressInfo).port;
      sim = new GitHubSim(`http://127.0.0.1:${githubPort}/api/v3`);
      resolve();
    }),
  );
}

function appEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    GHE_HOST: `127.0.0.1:${githubPort}`,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

async function startApp(): Promise<void> {
  app = spawn(process.execPath, [SERVER], { cwd, env: appEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  appPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the App did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\/api\/github\/webhooks/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    app?.stdout?.on('data', onData);
    app?.stderr?.on('data', onData);
    app?.on('exit', (code) => reject(new Error(`the App exited (${String(code)}):\n${out}`)));
  });
}

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function deliver(payload: object, headers: Record<string, string | undefined>): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const h: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'user-agent': 'GitHub-Hookshot/test' };
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
  if (!('x-hub-signature-256' in headers)) h['x-hub-signature-256'] = sign(body);
  const res = await fetch(`http://127.0.0.1:${appPort}/api/github/webhooks`, { method: 'POST', headers: h, body });
  return { status: res.status, text: await res.text() };
}

async function until(what: string, predicate: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until no request has reached the fake GitHub for `quiet` ms. */
async function settled(quiet = 1500): Promise<void> {
  let count = -1;
  while (count !== sim.calls.length) {
    count = sim.calls.length;
    await new Promise((r) => setTimeout(r, quiet));
  }
}

beforeAll(async () => {
  // The test runs what `npm run app` runs: the compiled server.
  const compiled = spawnSync('npm', ['run', 'compile'], { cwd: ROOT, encoding: 'utf8' });
  if (!existsSync(SERVER)) throw new Error(`npm run compile produced no ${SERVER}:\n${compiled.stdout}\n${compiled.stderr}`);
  cwd = mkdtempSync(join(tmpdir(), 'modelgate-app-'));
  await startGitHub();
  const base = exampleRevision();
  const head = withFiles(base, { 'models/support-router/config.json': '{"served": true}\n' });
  pr = sim.addPull({ number: 7, state: 'open', base, head, author: 'dana', files: [{ filename: 'models/support-router/config.json', status: 'modified' }] });
  await startApp();
}, 180_000);

afterAll(async () => {
  app?.kill('SIGTERM');
  await new Promise<void>((r) => github?.close(() => r()));
  rmSync(cwd, { recursive: true, force: true });
});

describe('the App as a server process', () => {
  it('answers its health check', async () => {
    const res = await fetch(`http://127.0.0.1:${appPort}/healthz`);
    expect(res.status).toBe(200);
  });

  it('rejects a webhook with a bad signature (400) and makes no API call', async () => {
    const before = sim.calls.length;
    const payload = pullRequestEvent(sim, pr, 'opened');
    const bad = await deliver(payload, { 'x-github-delivery': 'bad-sig', 'x-hub-signature-256': sign(JSON.stringify(payload), 'wrong-secret') });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/signature does not match/);
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.calls.length).toBe(before);
  });

  it('rejects a webhook without a signature (400) and makes no API call', async () => {
    const before = sim.calls.length;
    const missing = await deliver(pullRequestEvent(sim, pr, 'opened'), { 'x-github-delivery': 'no-sig', 'x-hub-signature-256': undefined });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/Required headers missing: x-hub-signature-256/);
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.calls.length).toBe(before);
  });

  it('processes a correctly signed webhook: check run, checklist comment, remediation issue', async () => {
    const res = await deliver(pullRequestEvent(sim, pr, 'opened'), { 'x-github-delivery': 'delivery-1' });
    expect([200, 202]).toContain(res.status);
    await until('the check run to complete', () => sim.checkRuns.some((c) => c.status === 'completed'));
    await settled();
    expect(badJwts).toBe(0);
    expect(sim.calls.some((c) => c.path === '/graphql')).toBe(true); // reached /api/graphql
    expect(sim.checkRuns).toEqual([expect.objectContaining({ head_sha: pr.head.sha, status: 'completed', conclusion: 'success' })]);
    expect(sim.botComments(7)).toHaveLength(1);
    expect(sim.issues).toHaveLength(1);
  }, 120_000);

  it('a redelivery (same X-GitHub-Delivery) creates no duplicate comment or issue', async () => {
    const res = await deliver(pullRequestEvent(sim, pr, 'opened'), { 'x-github-delivery': 'delivery-1' });
    expect([200, 202]).toContain(res.status);
    await until('the second check run to complete', () => sim.checkRuns.filter((c) => c.status === 'completed').length === 2);
    await settled();
    expect(sim.botComments(7)).toHaveLength(1);
    expect(sim.issues).toHaveLength(1);
    expect(sim.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/issues/7/comments'))).toHaveLength(1);
    expect(sim.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/issues'))).toHaveLength(1);
  }, 120_000);
});

describe('refusing to start', () => {
  const run = (extra: Record<string, string | undefined>) => spawnSync(process.execPath, [SERVER], { cwd, env: appEnv(extra), encoding: 'utf8', timeout: 30_000 });

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
