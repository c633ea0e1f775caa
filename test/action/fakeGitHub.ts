// A local stand-in for the GitHub REST API (node:http on 127.0.0.1), just the endpoints the Action
// calls, with real response shapes, Link-header pagination, a request log and fault injection: a
// `fault` function, or a scripted sequence of answers per route (`script`), where an answer may be
// delayed, held open forever (a time-out), wait for a promise, or be given after the request took
// effect (a write that landed although its answer was lost).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer only after this many milliseconds. */
  delayMs?: number;
  /** Answer only once this settles (e.g. a barrier other requests release). */
  waitFor?: Promise<unknown>;
  /** Never answer: the connection stays open until the client gives up or the server stops. */
  hold?: boolean;
  /** Handle the request as usual first (a POST creates its comment), then answer with this instead. */
  landed?: boolean;
}

/** One scripted answer: a response, or undefined for the normal one. */
export type ScriptedAnswer = FakeResponse | undefined;

export interface PullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface FakePull {
  number: number;
  baseSha: string;
  headSha: string;
  files: PullFile[];
  /** What GET /pulls/{n} reports; defaults to files.length. */
  changedFiles?: number;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  /** Login for GET /user; null answers 403 as GitHub does for the workflow's GITHUB_TOKEN. */
  tokenLogin?: string | null;
  /** The login comments are created as (github-actions[bot] for GITHUB_TOKEN). */
  commentAuthor?: { login: string; type: 'User' | 'Bot' };
  /**
   * What GraphQL's `viewer { login }` answers (it does for every kind of token): by default the
   * account comments are created as; null answers with a GraphQL error, as a server without it would.
   */
  viewerLogin?: string | null;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly comments = new Map<number, FakeComment[]>();
  /** Consulted first for every request; return a response to override the normal answer. */
  fault: ((req: RecordedRequest) => FakeResponse | undefined) | undefined;
  private readonly scripts: { method: string; path: RegExp; answers: ScriptedAnswer[] }[] = [];
  private server: Server | undefined;
  private nextCommentId = 1000;
  url = '';

  constructor(private readonly options: FakeGitHubOptions) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Answers the next requests matching method and path with `answers`, in order, one each
   * (undefined: the normal answer); afterwards the route answers normally again. Consulted before
   * `fault`.
   */
  script(method: string, path: RegExp, ...answers: ScriptedAnswer[]): void {
    this.scripts.push({ method, path, answers });
  }

  /** Resolves once `count` requests match method and path (polling the request log). */
  async waitForCalls(method: string, path: RegExp, count: number, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.calls(method, path).length < count) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${count} ${method} ${path.source} request(s)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Requests whose method and path match, e.g. ('POST', /\/comments$/). */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: raw ? (JSON.parse(raw) as unknown) : undefined,
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(recorded);
    const scripted = this.scripts.find((s) => s.method === recorded.method && s.path.test(recorded.path) && s.answers.length > 0);
    const injected = scripted ? scripted.answers.shift() : this.fault?.(recorded);
    let answer: FakeResponse;
    if (injected === undefined) answer = this.route(recorded);
    else {
      if (injected.landed) this.route(recorded);
      answer = injected;
    }
    if (answer.hold) return; // closed by stop() (closeAllConnections) or by the client
    if (answer.waitFor) await answer.waitFor;
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private route(req: RecordedRequest): FakeResponse {
    const { owner, repo } = this.options;
    const prefix = `/repos/${owner}/${repo}`;
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && req.path === '/user') {
      const login = this.options.tokenLogin ?? null;
      return login === null ? forbidden() : { status: 200, body: { login, id: 1, type: 'User' } };
    }
    if (req.method === 'POST' && req.path === '/graphql') {
      const query = String((req.body as { query?: unknown } | undefined)?.query ?? '');
      const login = this.options.viewerLogin === undefined ? (this.options.commentAuthor?.login ?? 'github-actions[bot]') : this.options.viewerLogin;
      if (!/viewer\s*\{\s*login\s*\}/.test(query) || login === null) return { status: 200, body: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] } };
      return { status: 200, body: { data: { viewer: { login } } } };
    }
    if (req.method === 'GET' && (m = new RegExp(`^${prefix}/pulls/(\\d+)$`).exec(req.path))) {
      const pull = this.pulls.get(Number(m[1]));
      if (!pull) return notFound();
      return { status: 200, body: this.pullBody(pull) };
    }
    if (req.method === 'GET' && (m = new RegExp(`^${prefix}/pulls/(\\d+)/files$`).exec(req.path))) {
      const pull = this.pulls.get(Number(m[1]));
      if (!pull) return notFound();
      return this.page(req, pull.files.map((f) => ({ sha: 'f'.repeat(40), additions: 1, deletions: 0, changes: 1, ...f })));
    }
    if ((m = new RegExp(`^${prefix}/issues/(\\d+)/comments$`).exec(req.path))) {
      const number = Number(m[1]);
      const list = this.comments.get(number) ?? [];
      if (req.method === 'GET') return this.page(req, list);
      if (req.method === 'POST') {
        const id = this.nextCommentId++;
        const now = new Date().toISOString();
        const comment: FakeComment = {
          id,
          body: String((req.body as { body?: unknown }).body),
          user: this.options.commentAuthor ?? { login: 'github-actions[bot]', type: 'Bot' },
          html_url: `https://github.test/${owner}/${repo}/pull/${number}#issuecomment-${id}`,
          created_at: now,
          updated_at: now,
        };
        this.comments.set(number, [...list, comment]);
        return { status: 201, body: comment };
      }
    }
    if (req.method === 'DELETE' && (m = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(req.path))) {
      const id = Number(m[1]);
      for (const [number, list] of this.comments) {
        if (list.some((x) => x.id === id)) {
          this.comments.set(number, list.filter((x) => x.id !== id));
          return { status: 204 };
        }
      }
      return notFound();
    }
    if (req.method === 'PATCH' && (m = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(req.path))) {
      const id = Number(m[1]);
      for (const list of this.comments.values()) {
        const c = list.find((x) => x.id === id);
        if (c) {
          c.body = String((req.body as { body?: unknown }).body);
          c.updated_at = new Date().toISOString();
          return { status: 200, body: c };
        }
      }
      return notFound();
    }
    return notFound();
  }

  private pullBody(pull: FakePull): unknown {
    const { owner, repo } = this.options;
    return {
      number: pull.number,
      state: 'open',
      title: 'Update a model',
      head: { ref: 'feature', sha: pull.headSha, repo: { full_name: `${owner}/${repo}` } },
      base: { ref: 'main', sha: pull.baseSha, repo: { full_name: `${owner}/${repo}` } },
      changed_files: pull.changedFiles ?? pull.files.length,
    };
  }

  /** GitHub-style pagination: per_page (max 100), page, and a Link header with absolute URLs. */
  private page(req: RecordedRequest, items: unknown[]): FakeResponse {
    const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30) || 30);
    const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => `<${this.url}${req.path}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
    return { status: 200, body: slice, headers: links.length ? { link: links.join(', ') } : {} };
  }
}

export function forbidden(message = 'Resource not accessible by integration'): FakeResponse {
  return { status: 403, body: { message, documentation_url: 'https://docs.github.com/rest', status: '403' } };
}

export function notFound(): FakeResponse {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
}

export function serverError(): FakeResponse {
  return { status: 500, body: { message: 'Server Error' } };
}

export function badGateway(): FakeResponse {
  return { status: 502, body: { message: 'Server Error' } };
}

/** GitHub's secondary rate limit: 403, a retry-after header, and this message. */
export function secondaryRateLimit(retryAfterSeconds = 1): FakeResponse {
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
  };
}

/** The primary rate limit used up: 403 (or 429), x-ratelimit-remaining 0, and a reset `resetInSeconds` from now. */
export function primaryRateLimit(status: 403 | 429 = 403, resetInSeconds = 3600): FakeResponse {
  const reset = Math.floor(Date.now() / 1000) + resetInSeconds;
  return {
    status,
    headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' },
    body: { message: 'API rate limit exceeded for installation ID 1234567.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
  };
}
