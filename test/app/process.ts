// The App as a real process, for the tests that need its production configuration (Octokit's
// retries and throttling, which the in-process harness turns off): `node build/app-bundle/index.js`
// (what `npm run app` and the image run, built by `npm run compile`), configured only through its environment, talking to a local node:http
// server that plays GitHub (GitHub Enterprise style: http://127.0.0.1:<port>/api/v3 and
// /api/graphql) from a GitHubSim, and receiving signed webhooks over HTTP. The simulation's scripted
// faults apply, delays and hangs included.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIsStale } from '../globalCompile.js';
import { exampleRevision } from './harness.js';
import { GitHubSim, withFiles, type SimPull } from './sim.js';

export const ROOT = join(import.meta.dirname, '../..');
/** The App bundle (scripts/bundle.js): app/server.ts with Probot and every other module inlined. */
export const SERVER = join(ROOT, 'build/app-bundle/index.js');
/** Probot's own command line: `probot run ./build/app/index.js`, the entry Probot's docs use. */
export const PROBOT_RUN = [join(ROOT, 'node_modules/probot/bin/probot.js'), 'run', join(ROOT, 'build/app/index.js')];
export const SECRET = 'test-webhook-secret';

let keys: { privateKey: string; publicKey: string } | undefined;
/** The App's key pair (GitHub App keys are PKCS#1 PEM), made once per test file. */
export function appKeys(): { privateKey: string; publicKey: string } {
  keys ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return keys;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The compiled App is built once per run by the global setup (test/globalCompile.ts), only when a
 * source is newer than the build; a test that runs it only checks that the build is there and fresh.
 */
export async function compileApp(): Promise<void> {
  if (buildIsStale()) throw new Error(`build/ is missing or older than the sources; the global setup (test/globalCompile.ts) runs \`npm run compile\``);
}

/** GitHub over node:http, answering from a GitHubSim. */
export class FakeGitHub {
  server!: Server;
  port = 0;
  sim!: GitHubSim;
  /** App JWTs that did not verify against the App's public key. */
  badJwts = 0;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        const url = req.url ?? '/';
        if (url.startsWith('/api/v3/app') && !url.includes('/repos/') && !jwtValid(req.headers.authorization)) {
          this.badJwts++;
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"A JSON web token could not be decoded"}');
          return;
        }
        const r = this.sim.handle(req.method ?? 'GET', url, raw ? (JSON.parse(raw) as unknown) : undefined);
        const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.status === 204 ? '' : JSON.stringify(r.body));
        const headers = { 'content-type': 'application/json; charset=utf-8', ...r.headers };
        const send = () => {
          if (!res.destroyed) res.writeHead(r.status, headers).end(body);
        };
        if (r.wait && r.stallAfter !== undefined) {
          // A body that stalls: the answer starts, then nothing more until `wait` settles.
          res.writeHead(r.status, headers).write(body.subarray(0, r.stallAfter));
          const rest = () => {
            if (!res.destroyed) res.end(body.subarray(r.stallAfter));
          };
          void r.wait.then(rest, rest);
        } else if (r.wait) void r.wait.then(send, send);
        else send();
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    this.sim = new GitHubSim(`http://127.0.0.1:${this.port}/api/v3`);
    return this;
  }

  /** A fresh simulation (same address), for the next scenario. */
  reset(): GitHubSim {
    this.sim = new GitHubSim(`http://127.0.0.1:${this.port}/api/v3`);
    this.badJwts = 0;
    return this.sim;
  }

  async close(): Promise<void> {
    // Hung requests hold their sockets: end them, or close() would wait for them forever.
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** The App must sign its JWT with the key it was given: check it like GitHub does. */
function jwtValid(auth: string | undefined): boolean {
  const token = /^bearer (.+)$/i.exec(auth ?? '')?.[1];
  const [h, p, s] = token?.split('.') ?? [];
  if (!h || !p || !s) return false;
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { iss?: unknown };
  return String(payload.iss) === '1' && verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(appKeys().publicKey), Buffer.from(s, 'base64url'));
}

export function appEnv(github: FakeGitHub, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    APP_ID: '1',
    PRIVATE_KEY: appKeys().privateKey,
    WEBHOOK_SECRET: SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    GHE_HOST: `127.0.0.1:${github.port}`,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    // Octokit's retry delays, retry-afters and write pacing in units of 10 ms, not seconds.
    MODELGATE_API_RETRY_BASE_MS: '10',
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** The pull request the server-process tests deliver: a config change to the example's support-router, which passes. */
export function addServedPull(sim: GitHubSim): SimPull {
  const base = exampleRevision();
  const head = withFiles(base, { 'models/support-router/config.json': '{"served": true}\n' });
  return sim.addPull({ number: 7, state: 'open', base, head, author: 'dana', files: [{ filename: 'models/support-router/config.json', status: 'modified' }] });
}

export function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Posts a webhook to the App listening on `port`; signed with the App's secret unless `x-hub-signature-256` is given (undefined: none). */
export async function deliverTo(port: number, event: string, payload: object, headers: Record<string, string | undefined> = {}): Promise<{ status: number; text: string; delivery: string }> {
  const body = JSON.stringify(payload);
  const h: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': event, 'user-agent': 'GitHub-Hookshot/test' };
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
  if (!('x-hub-signature-256' in headers)) h['x-hub-signature-256'] = sign(body);
  const delivery = (h['x-github-delivery'] ??= `delivery-${Math.random().toString(16).slice(2)}`);
  const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: h, body });
  return { status: res.status, text: await res.text(), delivery };
}

/** `node build/app-bundle/index.js` (or `probot run`, with `command: PROBOT_RUN`) in an empty directory (no .env), until stop(). */
export class AppProcess {
  child: ChildProcess | undefined;
  port = 0;
  /** Everything the process printed. */
  output = '';
  private cwd = '';
  /** Deliveries this process accepted (2xx), by id: each ends in one "handled", "skipped" or "failed" log line. */
  private accepted = new Map<string, number>();

  async start(github: FakeGitHub, extra: Record<string, string | undefined> = {}, command: string[] = [SERVER]): Promise<this> {
    this.cwd = mkdtempSync(join(tmpdir(), 'modelgate-app-'));
    this.output = ''; // a restarted process announces its own port
    this.accepted = new Map();
    const child = spawn(process.execPath, command, { cwd: this.cwd, env: appEnv(github, extra), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the App did not start:\n${this.output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        // app/server.ts: "listening on http://127.0.0.1:PORT/api/github/webhooks"; probot run: "Listening on http://127.0.0.1:PORT".
        const m = /[Ll]istening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`the App exited (${String(code)}):\n${this.output}`)));
    });
    return this;
  }

  /** Posts a webhook; signed with the App's secret unless `x-hub-signature-256` is given (undefined: none). */
  async deliver(event: string, payload: object, headers: Record<string, string | undefined> = {}): Promise<{ status: number; text: string; delivery: string }> {
    const accepted = this.accepted;
    const res = await deliverTo(this.port, event, payload, headers);
    if (res.status >= 200 && res.status < 300) accepted.set(res.delivery, (accepted.get(res.delivery) ?? 0) + 1);
    return res;
  }

  /** How many of the App's end-of-delivery log lines (app/index.ts: handled, skipped as a duplicate, failed) name `delivery`. */
  finished(delivery: string): number {
    let n = 0;
    for (const line of this.output.split('\n')) {
      if (!line.includes(`"delivery":${JSON.stringify(delivery)}`)) continue;
      let msg: unknown;
      try {
        msg = (JSON.parse(line) as { msg?: unknown }).msg;
      } catch {
        continue; // a line still being written
      }
      if (typeof msg === 'string' && /^modelgate: .*(: handled|; skipped| failed: )/.test(msg)) n++;
    }
    return n;
  }

  /**
   * Resolves once every delivery this process accepted has finished (its job's end is logged): the
   * signal that it makes no more calls for them, where a quiet period would only guess.
   */
  async idle(ms = 60_000): Promise<void> {
    await until('the App to finish every delivery it accepted', () => [...this.accepted].every(([id, n]) => this.finished(id) >= n), ms, () => this.output);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (this.cwd) rmSync(this.cwd, { recursive: true, force: true });
  }
}

/** Polls until `predicate` holds (generous bounds: these tests are about outcomes, not speed). */
export async function until(what: string, predicate: () => boolean | Promise<boolean>, ms = 60_000, log?: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${log ? `; the App's log:\n${log()}` : ''}`);
    await sleep(50);
  }
}
