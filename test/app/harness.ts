// Test wiring: a Probot instance with the App loaded (retries and throttling off, the clock pinned),
// nock interceptors that answer from the GitHub simulation, and the example repository as data.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { createApp } from '../../app/index.js';
import { filesOf, GitHubSim, OWNER, REPO, revision, type Revision } from './sim.js';

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

export async function probotWithApp(options: { timeoutMs?: number } = {}): Promise<Probot> {
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
      .reply(function (uri, body) {
        const parsed = typeof body === 'string' && body.length > 0 ? (JSON.parse(body) as unknown) : body;
        const r = sim.handle(method, uri, parsed);
        return [r.status, r.body as nock.ReplyBody, r.headers ?? {}];
      });
  }
  return scope;
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
      .reply(function (uri, body) {
        const parsed = typeof body === 'string' && body.length > 0 ? (JSON.parse(body) as unknown) : body;
        const r = sim.handle(method, uri, parsed);
        return [r.status, r.body as nock.ReplyBody, r.headers ?? {}];
      });
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
