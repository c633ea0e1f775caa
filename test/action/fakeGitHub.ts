// A local stand-in for the GitHub REST API (node:http on 127.0.0.1), just the endpoints the Action
// calls, with real response shapes, Link-header pagination, a request log and fault injection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

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
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly comments = new Map<number, FakeComment[]>();
  /** Consulted first for every request; return a response to override the normal answer. */
  fault: ((req: RecordedRequest) => FakeResponse | undefined) | undefined;
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
    };
    this.requests.push(recorded);
    const answer = this.fault?.(recorded) ?? this.route(recorded);
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
