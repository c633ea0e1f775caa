// GitHub API requests per pull request, App: the real App process (`node build/app-bundle/index.js`,
// as the image and `npm run app` run it) against a local node:http server that plays GitHub (GitHub Enterprise
// style: http://127.0.0.1:<port>/api/v3 and /api/graphql) and answers from the App tests' GitHub
// simulation (test/app/sim.ts), which records every request. A signed pull_request "opened" webhook
// is delivered over HTTP for a PR that changes every model of a repository of 1, 10, 100, 500 and
// 5,000 models, and the requests the server receives until the App has completed its check run are
// counted, beside what a reader making one request per file would need, with the App's peak memory.
// Then pull requests delivered at once give the pull requests per minute one replica sustains.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pullRequestEvent } from '../../test/app/payloads.js';
import { filesOf, GitHubSim, revision, withFiles, type Call, type Revision, type SimPull } from '../../test/app/sim.js';
import { cardPath, generateModelRepo } from '../generate.js';
import { median, ms, ROOT, type BenchContext, type BenchRow, type Line } from '../lib.js';

const SERVER = join(ROOT, 'build', 'app-bundle', 'index.js');
const SECRET = 'bench-webhook-secret';
export const SIZES: readonly number[] = sizes(process.env.BENCH_APP_SIZES) ?? [1, 10, 100, 500, 5000];
/** The issue's target: at most 15 requests for a pull request that changes 500 models. */
const TARGET_REQUESTS = 15;
/** One-model pull requests delivered at once for the throughput case. */
const AT_ONCE = 10;
const TARGET_AT = 500;
// The 5,000-model pull request needs minutes of CPU for the evaluation itself on a busy machine.
const PR_TIMEOUT_MS = 30 * 60 * 1000;

/** BENCH_APP_SIZES=500,5000: measure only these repository sizes (models), e.g. one at a time. */
function sizes(value: string | undefined): number[] | undefined {
  if (!value) return undefined;
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_APP_SIZES must list model counts, as 500,5000, not "${value}"`);
  return list;
}

const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * The benchmark repository of `n` models as a file map. The App evaluates with today's date (it has
 * no --as-of), so the audit dates and retention dates are moved to stay current; the audits' one open
 * finding is marked remediated, so the PR opens no remediation issues (an open finding of a touched
 * model would add one issue write per finding, up to 20 per event; those are not reads).
 */
export function repository(dir: string, n: number): Map<string, Buffer> {
  mkdirSync(dir, { recursive: true });
  generateModelRepo(dir, n, { git: false });
  const files = filesOf(dir);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of files) {
    let text: string | undefined;
    if (path.startsWith('audits/')) {
      text = content
        .toString('utf8')
        .replace('date: 2026-09-01', `date: ${isoDay(-60)}`)
        .replace('    status: open\n    due: 2027-03-31\n', '    status: remediated\n');
    } else if (path.endsWith('/datasheet.yml')) {
      text = content.toString('utf8').replace('until: 2027-12-31', `until: ${isoDay(700)}`);
    }
    if (text !== undefined) files.set(path, Buffer.from(text));
  }
  return files;
}

export interface Fake {
  sim: GitHubSim;
  server: Server;
  /** performance.now() when each recorded call arrived, parallel to sim.calls. */
  at: number[];
  /** HTTP status of each recorded call. */
  status: number[];
}

export function startGitHub(): Promise<Fake> {
  const at: number[] = [];
  const status: number[] = [];
  let sim: GitHubSim | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const s = sim as GitHubSim;
      at.push(performance.now());
      const r = s.handle(req.method ?? 'GET', req.url ?? '/', raw ? (JSON.parse(raw) as unknown) : undefined);
      status.push(r.status);
      const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.status === 204 ? '' : JSON.stringify(r.body));
      res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers }).end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      sim = new GitHubSim(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`);
      resolve({ sim, server, at, status });
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface App {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Starts the compiled App with its environment only, as a deployment would; resolves once /healthz answers. */
export async function startApp(githubPort: number, privateKey: string, cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<App> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: `127.0.0.1:${githubPort}`,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    MODELGATE_TIMEOUT_SECONDS: String(PR_TIMEOUT_MS / 1000),
    ...extraEnv,
  };
  const child = spawn(process.execPath, [SERVER], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (c: Buffer) => {
    out = (out + c.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const end = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the App exited (${String(exited)}) before it listened:\n${out}`);
    if (Date.now() > end) throw new Error(`the App did not answer /healthz within 30 s:\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, output: () => out };
}

export async function deliver(app: App, payload: object, delivery: string): Promise<void> {
  const body = JSON.stringify(payload);
  const post = () => fetch(`http://127.0.0.1:${app.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': delivery,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      'user-agent': 'GitHub-Hookshot/bench',
    },
    body,
  });
  // A pooled keep-alive connection the App's server closed while the next repository was being
  // generated fails at once ("other side closed"); send again, as GitHub redelivers (same id).
  const res = await post().catch(() => post());
  await res.text();
  if (res.status !== 200 && res.status !== 202) throw new Error(`the App answered the webhook with HTTP ${res.status}`);
}

async function until(what: string, predicate: () => boolean, timeoutMs: number, app: App): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the App's log:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until no request has reached the fake GitHub for `quietMs`. */
async function settled(fake: Fake, quietMs = 400): Promise<void> {
  let count = -1;
  while (count !== fake.sim.calls.length) {
    count = fake.sim.calls.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

/** "METHOD /path" with shas and numbers replaced, e.g. "GET /repos/acme/models/git/blobs/:sha". */
function kindOf(c: Call): string {
  return `${c.method} ${c.path.replace(/[0-9a-f]{40}/g, ':sha').replace(/\/\d+(\/|$)/g, '/:n$1')}`;
}

const isToken = (c: Call) => c.method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(c.path);
const isGraphql = (c: Call) => c.method === 'POST' && c.path === '/graphql';
/** Files one GraphQL query read: its `object(...)` fields. */
const graphqlObjects = (c: Call) => Object.keys((c.body as { variables?: Record<string, unknown> }).variables ?? {}).filter((k) => /^x\d+$/.test(k)).length;

interface PrMeasure {
  requests: number;
  tokens: number;
  graphql: number;
  graphqlFiles: number;
  blobDownloads: number;
  writes: number;
  naive: number;
  wallMs: number;
  byKind: Record<string, number>;
  failedCalls: string[];
}

/** Delivers `opened` for a new PR number, waits for its completed check run and comment, and counts. */
async function measurePr(fake: Fake, app: App, number: number, base: Revision, head: Revision, files: SimPull['files'], n: number): Promise<PrMeasure> {
  const { sim } = fake;
  const pr = sim.addPull({ number, state: 'open', author: 'dana', base, head, files });
  const runsBefore = sim.checkRuns.length;
  const first = sim.calls.length;
  const t0 = performance.now();
  await deliver(app, pullRequestEvent(sim, pr, 'opened'), `bench-${pr.number}`);
  const run = () => sim.checkRuns.slice(runsBefore).find((c) => c.head_sha === head.sha);
  await until(`the check run of PR #${pr.number} (${n} models) to complete`, () => run()?.status === 'completed' && sim.botComments(pr.number).length > 0, PR_TIMEOUT_MS, app);
  await settled(fake);
  const calls = sim.calls.slice(first);
  const statuses = fake.status.slice(first);
  const wallMs = (fake.at[sim.calls.length - 1] as number) - t0;
  const done = run();
  const expected = `${n} model${n > 1 ? 's' : ''} pass${n > 1 ? '' : 'es'} governance checks`;
  if (done?.conclusion !== 'success' || done.output?.title !== expected) {
    throw new Error(`PR #${pr.number} (${n} models): the check run concluded ${String(done?.conclusion)} "${done?.output?.title ?? ''}", expected success "${expected}"`);
  }
  const counted = calls.filter((c) => !isToken(c));
  const byKind: Record<string, number> = {};
  for (const c of counted) byKind[kindOf(c)] = (byKind[kindOf(c)] ?? 0) + 1;
  const graphql = counted.filter(isGraphql);
  const graphqlFiles = graphql.reduce((s, c) => s + graphqlObjects(c), 0);
  return {
    requests: counted.length,
    tokens: calls.length - counted.length,
    graphql: graphql.length,
    graphqlFiles,
    blobDownloads: counted.filter((c) => c.method === 'GET' && /\/git\/blobs\//.test(c.path)).length,
    writes: counted.filter((c) => c.method !== 'GET' && !isGraphql(c)).length,
    naive: counted.length - graphql.length + graphqlFiles,
    wallMs,
    byKind,
    failedCalls: calls.flatMap((c, i) => ((statuses[i] ?? 0) >= 400 ? [`${kindOf(c)} → ${statuses[i]}`] : [])),
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/** The App process's peak and current resident set size (Linux /proc), e.g. "182 MB (now 120 MB)". */
function appMemory(app: App): string | undefined {
  try {
    const status = readFileSync(`/proc/${app.child.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const mb = (k: number) => `${Math.round(k / 1024)} MB`;
    return `${mb(kb('VmHWM'))} (now ${mb(kb('VmRSS'))})`;
  } catch {
    return undefined;
  }
}

export const apiRequestsRow: BenchRow = {
  id: 'api-requests',
  title: 'GitHub API requests per pull request (App)',
  skipReason: () => (existsSync(SERVER) ? undefined : `${SERVER} is missing (npm run compile builds it)`),
  async run(ctx: BenchContext): Promise<Line[]> {
    const runs = Math.min(ctx.runs, 3);
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const appCwd = join(ctx.tmp, 'app-cwd');
    mkdirSync(appCwd, { recursive: true });
    const fake = await startGitHub();
    let app: App | undefined;
    try {
      app = await startApp((fake.server.address() as AddressInfo).port, privateKey, appCwd);
      const lines: Line[] = [];
      let number = 0;

      // Warm-up on a one-model PR: the App fetches its installation token and its own login
      // (GET /app) once per process, so the PRs measured below count only what each PR costs.
      const warm = repository(join(ctx.tmp, 'app-warm'), 1);
      const warmBase = revision(warm);
      const warmHead = withFiles(warmBase, { [cardPath(1)]: `${(warm.get(cardPath(1)) as Buffer).toString()}\n` });
      const firstCall = fake.sim.calls.length;
      await measurePr(fake, app, ++number, warmBase, warmHead, [{ filename: cardPath(1), status: 'modified' }], 1);
      const onceCalls = fake.sim.calls.slice(firstCall).filter((c) => isToken(c) || (c.method === 'GET' && c.path === '/app')).length;

      for (const n of SIZES) {
        const files = repository(join(ctx.tmp, `app-models-${n}`), n);
        const base = revision(files);
        const changes: Record<string, string> = {};
        for (let i = 1; i <= n; i++) changes[cardPath(i)] = `${(files.get(cardPath(i)) as Buffer).toString()}\n`;
        const head = withFiles(base, changes);
        const changed = Object.keys(changes).map((filename) => ({ filename, status: 'modified' }));
        // The largest case takes minutes (see the note on pacing): one PR; the counts do not vary.
        const prs = n >= TARGET_AT ? 1 : runs;
        const measured: PrMeasure[] = [];
        for (let r = 0; r < prs; r++) measured.push(await measurePr(fake, app, ++number, base, head, changed, n));
        const m = measured[0] as PrMeasure;
        const varying = measured.some((x) => x.requests !== m.requests);
        const wall = median(measured.map((x) => x.wallMs));
        ctx.log(`  ${n} models (${count(base.files.size)} files): requests ${measured.map((x) => x.requests).join(', ')}; naive ${m.naive}; wall ${measured.map((x) => ms(x.wallMs)).join(', ')}`);
        ctx.log(`    ${Object.entries(m.byKind).map(([k, v]) => `${k} ${v}`).join('; ')}; App memory ${appMemory(app) ?? '?'}`);
        if (m.failedCalls.length > 0) ctx.log(`    answered ≥ 400: ${m.failedCalls.join('; ')}`);
        const requests = Math.max(...measured.map((x) => x.requests));
        const other = requests - m.graphql - m.blobDownloads - m.writes;
        // Octokit's throttling (Probot's default) sends every GraphQL query and every write through
        // one queue, at least a second apart: a floor under the wall time.
        const paced = m.graphql + m.writes;
        const line: Line = {
          benchmark: 'App requests per PR',
          case: `${count(n)} model${n > 1 ? 's' : ''} changed (${count(base.files.size)} files in the repository)`,
          wall: ms(wall),
          perUnit: `${count(requests)} requests vs ${count(m.naive)} one per file (${(m.naive / requests).toFixed(1)} ×)`,
          note:
            `${count(m.graphql)} GraphQL (${count(m.graphqlFiles)} files), ${count(m.blobDownloads)} blob downloads, ${other} other reads, ${m.writes} writes; ` +
            `${count(paced)} of them paced ≥ 1 s apart` +
            (prs === 1 ? '; one PR' : '') +
            (varying ? `; requests varied over ${prs} PRs: ${measured.map((x) => x.requests).join(', ')}` : ''),
        };
        const memory = appMemory(app);
        if (memory) line.peakRss = `App ${memory}`;
        if (n === TARGET_AT) {
          line.target = `≤ ${TARGET_REQUESTS} requests`;
          line.status = requests <= TARGET_REQUESTS;
          if (!line.status) line.note = `${count(requests - TARGET_REQUESTS)} over (${(requests / TARGET_REQUESTS).toFixed(0)} ×); ${line.note ?? ''}`;
        }
        lines.push(line);
      }
      lines.push(await throughput(fake, app, ctx, () => ++number));
      lines.push({
        benchmark: 'App requests per PR',
        case: 'once per App process, not counted above',
        perUnit: `${onceCalls} requests`,
        note: 'the installation token (Probot caches it for its hour) and GET /app (the App\'s login); the token request is never counted in a PR\'s figure',
      });
      return lines;
    } finally {
      if (app && app.child.exitCode === null) {
        const exited = new Promise((r) => app?.child.once('exit', r));
        app.child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (app.child.exitCode === null) app.child.kill('SIGKILL');
      }
      fake.server.closeAllConnections();
      await new Promise<void>((r) => fake.server.close(() => r()));
    }
  },
};

/**
 * AT_ONCE one-model pull requests (of a 10-model repository) delivered together: the time from the
 * first delivery until every check run is completed and every checklist written gives the pull
 * requests per minute one replica sustains.
 */
async function throughput(fake: Fake, app: App, ctx: BenchContext, nextNumber: () => number): Promise<Line> {
  const { sim } = fake;
  const files = repository(join(ctx.tmp, 'app-throughput'), 10);
  const base = revision(files);
  const head = withFiles(base, { [cardPath(1)]: `${(files.get(cardPath(1)) as Buffer).toString()}\n` });
  const prs = Array.from({ length: AT_ONCE }, () => sim.addPull({ number: nextNumber(), state: 'open', author: 'dana', base, head, files: [{ filename: cardPath(1), status: 'modified' }] }));
  const runsBefore = sim.checkRuns.length;
  const first = sim.calls.length;
  const t0 = performance.now();
  await Promise.all(prs.map((pr) => deliver(app, pullRequestEvent(sim, pr, 'opened'), `bench-${pr.number}`)));
  const done = () => sim.checkRuns.slice(runsBefore).filter((c) => c.status === 'completed').length >= AT_ONCE && prs.every((pr) => sim.botComments(pr.number).length > 0);
  await until(`${AT_ONCE} pull requests delivered at once to complete`, done, PR_TIMEOUT_MS, app);
  await settled(fake);
  const wallMs = (fake.at[sim.calls.length - 1] as number) - t0;
  const failed = sim.checkRuns.slice(runsBefore).filter((c) => c.conclusion !== 'success').length;
  const requests = sim.calls.slice(first).filter((c) => !isToken(c)).length;
  ctx.log(`  ${AT_ONCE} PRs at once: ${ms(wallMs)}, ${requests} requests, ${failed} not successful`);
  return {
    benchmark: 'App requests per PR',
    case: `${AT_ONCE} one-model pull requests delivered at once (10-model repository)`,
    wall: ms(wallMs),
    perUnit: `${((AT_ONCE * 60_000) / wallMs).toFixed(1)} pull requests per minute`,
    ...(appMemory(app) ? { peakRss: `App ${appMemory(app)}` } : {}),
    note: `${requests} requests in all; GraphQL queries and writes are paced ≥ 1 s apart by Octokit's throttling, which bounds the rate${failed > 0 ? `; ${failed} check runs not successful` : ''}`,
  };
}
