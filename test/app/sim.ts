// A small simulation of the GitHub API for the App's tests: git objects (trees, blobs, GraphQL blob
// reads), pull requests, comments, check runs, issues and permissions, with GitHub's response
// shapes and pagination. The nock tests route each expected call here; the server test serves it
// over node:http. Every request is recorded in `calls`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The transport answers only once this settles (a slow or hung request). */
  wait?: Promise<unknown>;
  /** With `wait`: the status, headers and this many bytes of the body are sent first (a body that stalls). */
  stallAfter?: number;
}

/**
 * A scripted fault for the requests matching `match`, used `times` times (once by default), in the
 * order they were pushed. Without `status` the request is answered normally (after `until`).
 */
export interface Fault {
  match: (c: Call) => boolean;
  /** The answer's status (GitHub's 5xx, a 403 rate limit, a 404...). */
  status?: number;
  headers?: Record<string, string>;
  /** Default: `{ message: 'Server Error' }`. */
  body?: unknown;
  /** GitHub performed the request (a write took effect) but the answer is the fault. */
  applied?: boolean;
  /** Rewrites the normal answer instead (partial GraphQL errors, a truncated tree...). */
  edit?: (normal: Reply, call: Call) => Reply;
  /** The answer is sent once this settles: a slow request, or one that hangs (never settles). */
  until?: Promise<unknown>;
  /** With `until`: send the headers and this many bytes of the body at once, the rest after `until` (node:http transport only). */
  stallAfter?: number;
  times?: number;
}

/** A promise that never settles: a request that hangs until the client gives up. */
export const HANG: Promise<never> = new Promise<never>(() => undefined);

/** GitHub's answer to a request over the secondary rate limit. */
export function secondaryRateLimit(retryAfter: number): Pick<Fault, 'status' | 'headers' | 'body'> {
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfter), 'x-ratelimit-remaining': '4000' },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' },
  };
}

export interface Revision {
  sha: string;
  files: Map<string, Buffer>;
  symlinks: Map<string, string>;
  /** The commits this one was made on (withFiles: the revision it edits; a merge: base and head). */
  parents?: string[];
  /** Submodules (gitlinks, mode 160000): path -> the commit they pin. */
  submodules: Map<string, string>;
}

export interface SimComment {
  id: number;
  node_id: string;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  created_at: string;
  updated_at: string;
  html_url: string;
  author_association: string;
}

export interface SimIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  user: { login: string; type: 'User' | 'Bot' };
  pull_request?: object;
}

export interface SimPull {
  number: number;
  state: 'open' | 'closed';
  head: Revision;
  base: Revision;
  author: string;
  files: { filename: string; status: string; previous_filename?: string }[];
  /** The description (GitHub's `body`). */
  body?: string;
  /** GitHub's `updated_at`: changes with every event about the PR. */
  updatedAt?: string;
  /** What the PR object reports (GitHub's count); defaults to files.length. */
  changedFiles?: number;
  /** GitHub's `mergeable`: null (default) while GitHub has not computed the test merge. */
  mergeable?: boolean | null;
  /** GitHub's test merge commit (`merge_commit_sha`); see mergeOf. */
  merge?: Revision;
  /** The PR's commits (GitHub's commit author and committer logins); default one commit by the author. */
  commits?: { author?: string | null; committer?: string | null }[];
}

export const OWNER = 'acme';
export const REPO = 'models';
export const SLUG = 'modelgate-test';
export const BOT = `${SLUG}[bot]`;

export function gitBlobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** A commit of these files; its sha is derived from the content, so equal trees have equal shas. */
export function revision(files: Record<string, string | Buffer> | Map<string, Buffer>, symlinks: Record<string, string> = {}, submodules: Record<string, string> = {}): Revision {
  const map = new Map<string, Buffer>();
  for (const [p, c] of files instanceof Map ? files : Object.entries(files)) map.set(p, Buffer.isBuffer(c) ? c : Buffer.from(c));
  const h = createHash('sha1');
  for (const p of [...map.keys()].sort()) h.update(`${p}\0${gitBlobSha(map.get(p) as Buffer)}\n`);
  for (const [p, t] of Object.entries(symlinks).sort()) h.update(`link ${p}\0${t}\n`);
  for (const [p, c] of Object.entries(submodules).sort()) h.update(`submodule ${p}\0${c}\n`);
  return { sha: h.digest('hex'), files: map, symlinks: new Map(Object.entries(symlinks)), submodules: new Map(Object.entries(submodules)) };
}

export function withFiles(base: Revision, changes: Record<string, string | Buffer | null>): Revision {
  const files = new Map(base.files);
  for (const [p, c] of Object.entries(changes)) {
    if (c === null) files.delete(p);
    else files.set(p, Buffer.isBuffer(c) ? c : Buffer.from(c));
  }
  return { ...revision(files, Object.fromEntries(base.symlinks), Object.fromEntries(base.submodules)), parents: [base.sha] };
}

/**
 * GitHub's test merge commit of `head` into `base`: the files `head` changed since `since` (their
 * merge base) as in `head`, every other file as in `base` (a merge without conflicts).
 */
export function mergeOf(base: Revision, head: Revision, since: Revision): Revision {
  const files = new Map(base.files);
  for (const p of new Set([...since.files.keys(), ...head.files.keys()])) {
    const [was, now] = [since.files.get(p), head.files.get(p)];
    if (was !== undefined && now !== undefined && was.equals(now)) continue;
    if (now === undefined) files.delete(p);
    else files.set(p, now);
  }
  // A merge commit's id depends on its parents too, unlike a content-derived test revision.
  const merged = revision(files, Object.fromEntries(base.symlinks), Object.fromEntries(base.submodules));
  const sha = createHash('sha1').update(`merge ${base.sha} ${head.sha} ${merged.sha}`).digest('hex');
  return { ...merged, sha, parents: [base.sha, head.sha] };
}

/** Every file of a directory on disk (the example repository), as a revision's file map. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.set(relative(dir, abs).split('\\').join('/'), readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}

function treeOf(rev: Revision): { sha: string; url: string; tree: object[]; truncated: boolean } {
  const entries: object[] = [];
  const dirs = new Set<string>();
  const addDirs = (p: string) => {
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  };
  for (const [path, content] of rev.files) {
    addDirs(path);
    entries.push({ path, mode: '100644', type: 'blob', sha: gitBlobSha(content), size: content.length, url: `https://api.github.com/blob/${gitBlobSha(content)}` });
  }
  for (const [path, target] of rev.symlinks) {
    addDirs(path);
    const c = Buffer.from(target);
    entries.push({ path, mode: '120000', type: 'blob', sha: gitBlobSha(c), size: c.length, url: '' });
  }
  for (const [path, commit] of rev.submodules) {
    addDirs(path);
    entries.push({ path, mode: '160000', type: 'commit', sha: commit, url: '' });
  }
  const shas = dirShas(entries as { path: string; sha: string }[]);
  for (const d of dirs) entries.push({ path: d, mode: '040000', type: 'tree', sha: shas.get(d) ?? createHash('sha1').update(d).digest('hex'), url: '' });
  return { sha: rev.sha, url: '', tree: entries, truncated: false };
}

/** Each directory's id from what it holds, as git's tree ids: equal content, equal id, in any revision. */
function dirShas(files: readonly { path: string; sha: string }[]): Map<string, string> {
  const hashes = new Map<string, ReturnType<typeof createHash>>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    for (let i = f.path.indexOf('/'); i !== -1; i = f.path.indexOf('/', i + 1)) {
      const d = f.path.slice(0, i);
      let h = hashes.get(d);
      if (!h) hashes.set(d, (h = createHash('sha1').update('tree\0')));
      h.update(`${f.path.slice(i + 1)}\0${f.sha}\n`);
    }
  }
  return new Map([...hashes].map(([d, h]) => [d, h.digest('hex')]));
}

type TreeJson = ReturnType<typeof treeOf>;

/** The entries under `dir` of a revision's full tree, relative to it: every one, or its children only. */
function listingOf(full: TreeJson, dir: string, recursive: boolean): object[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const out: object[] = [];
  for (const e of full.tree as { path: string }[]) {
    if (!e.path.startsWith(prefix)) continue;
    const rel = e.path.slice(prefix.length);
    if (recursive || !rel.includes('/')) out.push({ ...e, path: rel });
  }
  return out;
}

export class GitHubSim {
  readonly calls: Call[] = [];
  readonly revisions = new Map<string, Revision>();
  readonly blobs = new Map<string, Buffer>();
  /** Repositories other than acme/models, by "owner/name", at HEAD (e.g. the org's .github). */
  readonly otherRepos = new Map<string, Revision>();
  readonly pulls = new Map<number, SimPull>();
  readonly comments = new Map<number, SimComment[]>();
  readonly issues: SimIssue[] = [];
  readonly checkRuns: { id: number; head_sha: string; name: string; status: string; external_id?: string; conclusion?: string; output?: { title: string; summary: string }; annotations: object[] }[] = [];
  readonly roles = new Map<string, string>();
  /** Every recursive tree listing is truncated (2 entries, `truncated: true`); listings of one directory are not. */
  truncateTrees = false;
  /** A listing (recursive or not) of more entries than this is truncated, as GitHub's 100,000-entry limit. */
  truncateOver = Number.POSITIVE_INFINITY;
  /** Directory ids (from trees listed so far) -> the revision and directory they name. */
  private readonly subtrees = new Map<string, { rev: string; dir: string }>();
  private readonly fullTrees = new Map<string, TreeJson>();
  /** Scripted faults (see Fault), consumed in order. */
  failures: Fault[] = [];
  /** Blobs the trees list but GitHub does not return (GraphQL answers null, REST 404). */
  readonly hiddenBlobs = new Set<string>();
  /** Who last edited a comment, by comment id (GraphQL `editor`); unset: never edited. */
  readonly editors = new Map<number, string>();
  private nextId = 1000;

  constructor(readonly apiBase: string) {}

  addRevision(rev: Revision): Revision {
    // Equal content gives an equal sha: keep the parents a first copy was given.
    const known = this.revisions.get(rev.sha);
    this.revisions.set(rev.sha, known?.parents && !rev.parents ? { ...rev, parents: known.parents } : rev);
    for (const c of rev.files.values()) this.blobs.set(gitBlobSha(c), c);
    for (const t of rev.symlinks.values()) this.blobs.set(gitBlobSha(Buffer.from(t)), Buffer.from(t));
    return rev;
  }

  addPull(pr: SimPull): SimPull {
    this.addRevision(pr.base);
    this.addRevision(pr.head);
    if (pr.merge) this.addRevision(pr.merge);
    this.pulls.set(pr.number, pr);
    if (!this.comments.has(pr.number)) this.comments.set(pr.number, []);
    return pr;
  }

  addComment(pr: number, login: string, body: string, opts: { type?: 'User' | 'Bot'; createdAt?: string; association?: string } = {}): SimComment {
    const id = this.nextId++;
    const c: SimComment = {
      id,
      node_id: `IC_${id}`,
      body,
      user: { login, type: opts.type ?? 'User' },
      created_at: opts.createdAt ?? '2026-11-28T10:00:00Z',
      updated_at: opts.createdAt ?? '2026-11-28T10:00:00Z',
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${pr}#issuecomment-${id}`,
      author_association: opts.association ?? 'MEMBER',
    };
    const list = this.comments.get(pr) ?? [];
    list.push(c);
    this.comments.set(pr, list);
    return c;
  }

  /** Someone edits a comment (GitHub keeps its author; `updated_at` and the GraphQL editor change). */
  editComment(id: number, body: string, editor: string, at = '2026-11-28T11:30:00Z'): SimComment {
    const c = [...this.comments.values()].flat().find((k) => k.id === id);
    if (!c) throw new Error(`no comment ${id}`);
    c.body = body;
    c.updated_at = at;
    this.editors.set(id, editor);
    return c;
  }

  /** Whether `ancestor` is `sha` or reachable from it through parents. */
  reaches(sha: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const todo = [sha];
    while (todo.length > 0) {
      const s = todo.pop() as string;
      if (s === ancestor) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      todo.push(...(this.revisions.get(s)?.parents ?? []));
    }
    return false;
  }

  /** The nearest common ancestor of two commits (breadth first from `b`), as git merge-base. */
  mergeBase(a: string, b: string): string | undefined {
    const seen = new Set<string>();
    const queue = [b];
    while (queue.length > 0) {
      const s = queue.shift() as string;
      if (seen.has(s)) continue;
      seen.add(s);
      if (this.reaches(a, s)) return s;
      queue.push(...(this.revisions.get(s)?.parents ?? []));
    }
    return undefined;
  }

  botComments(pr: number): SimComment[] {
    return (this.comments.get(pr) ?? []).filter((c) => c.user.login === BOT);
  }

  pullJson(pr: SimPull): object {
    return {
      url: `${this.apiBase}/repos/${OWNER}/${REPO}/pulls/${pr.number}`,
      id: 9_000_000 + pr.number,
      node_id: `PR_${pr.number}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${pr.number}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: `Update models (#${pr.number})`,
      user: { login: pr.author, id: 501, type: 'User' },
      body: pr.body ?? 'Retrained the support router.',
      created_at: '2026-11-27T09:00:00Z',
      updated_at: pr.updatedAt ?? '2026-11-28T11:00:00Z',
      draft: false,
      merged: false,
      head: { label: `${OWNER}:feature`, ref: 'feature', sha: pr.head.sha, user: { login: OWNER }, repo: { full_name: `${OWNER}/${REPO}` } },
      base: { label: `${OWNER}:main`, ref: 'main', sha: pr.base.sha, user: { login: OWNER }, repo: { full_name: `${OWNER}/${REPO}` } },
      author_association: 'CONTRIBUTOR',
      commits: 1,
      additions: 10,
      deletions: 2,
      changed_files: pr.changedFiles ?? pr.files.length,
      mergeable: pr.mergeable ?? null,
      merge_commit_sha: pr.merge?.sha ?? null,
    };
  }

  handle(method: string, url: string, body: unknown): Reply {
    const u = new URL(url, 'http://sim.invalid');
    // The API lives under /api/v3 on GitHub Enterprise Server and GraphQL under /api/graphql.
    const path = u.pathname.replace(/^\/api\/v3/, '').replace(/^\/api\/graphql$/, '/graphql');
    const call: Call = { method, path, query: Object.fromEntries(u.searchParams), body };
    this.calls.push(call);
    const i = this.failures.findIndex((f) => f.match(call));
    if (i === -1) return this.route(call);
    const f = this.failures[i] as Fault;
    if ((f.times ?? 1) <= 1) this.failures.splice(i, 1);
    else f.times = (f.times ?? 1) - 1;
    let reply: Reply;
    if (f.edit) reply = f.edit(this.route(call), call);
    else if (f.status === undefined) reply = this.route(call);
    else {
      if (f.applied) this.route(call);
      reply = { status: f.status, body: f.body ?? { message: 'Server Error' }, ...(f.headers ? { headers: f.headers } : {}) };
    }
    return f.until ? { ...reply, wait: f.until, ...(f.stallAfter !== undefined ? { stallAfter: f.stallAfter } : {}) } : reply;
  }

  private route(c: Call): Reply {
    const r = `/repos/${OWNER}/${REPO}`;
    const m = (re: RegExp) => re.exec(c.path);
    let x: RegExpExecArray | null;
    if (c.method === 'POST' && (x = m(/^\/app\/installations\/(\d+)\/access_tokens$/))) {
      return { status: 201, body: { token: `ghs_test${x[1]}`, expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write' }, repository_selection: 'all' } };
    }
    if (c.method === 'GET' && c.path === '/app') return { status: 200, body: { id: 1, slug: SLUG, name: 'modelgate test', owner: { login: OWNER } } };
    if (c.method === 'POST' && c.path === '/graphql') return { status: 200, body: this.graphql(c.body as { query: string; variables: Record<string, string> }) };
    if (!c.path.startsWith(`${r}/`)) return notFound();
    const p = c.path.slice(r.length);

    if (c.method === 'GET' && (x = m(/\/git\/trees\/([0-9a-f]{40})$/))) {
      // A commit's tree, or a directory's by its id (as GitHub: recursive=1 lists every entry under it).
      const sub = this.subtrees.get(x[1] as string);
      const rev = this.revisions.get(sub?.rev ?? (x[1] as string));
      if (!rev) return notFound();
      const full = this.fullTree(rev);
      const recursive = c.query.recursive !== undefined;
      const tree = listingOf(full, sub?.dir ?? '', recursive);
      if ((this.truncateTrees && recursive) || tree.length > this.truncateOver) return { status: 200, body: { sha: x[1], url: '', tree: tree.slice(0, 2), truncated: true } };
      return { status: 200, body: { sha: x[1], url: '', tree, truncated: false } };
    }
    if (c.method === 'GET' && (x = m(/\/git\/blobs\/([0-9a-f]{40})$/))) {
      const blob = this.hiddenBlobs.has(x[1] as string) ? undefined : this.blobs.get(x[1] as string);
      if (!blob) return notFound();
      return { status: 200, body: blob, headers: { 'content-type': 'application/vnd.github.raw+json' } };
    }
    if (c.method === 'GET' && (x = m(/\/pulls\/(\d+)$/))) {
      const pr = this.pulls.get(Number(x[1]));
      return pr ? { status: 200, body: this.pullJson(pr) } : notFound();
    }
    if (c.method === 'GET' && (x = m(/\/pulls\/(\d+)\/commits$/))) {
      const pr = this.pulls.get(Number(x[1]));
      if (!pr) return notFound();
      const login = (l: string | null | undefined) => (l ? { login: l, type: 'User' } : null);
      const commits = (pr.commits ?? [{ author: pr.author, committer: pr.author }]).map((k, i) => ({ sha: createHash('sha1').update(`${pr.head.sha}:${i}`).digest('hex'), author: login(k.author), committer: login(k.committer), commit: { message: `commit ${i}` } }));
      return this.page(c, commits);
    }
    if (c.method === 'GET' && (x = m(/\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/))) {
      const [b, h] = [x[1] as string, x[2] as string];
      if (!this.revisions.has(b) || !this.revisions.has(h)) return notFound();
      // Revisions made without parents (revision()) are taken as made on the base of a PR between them.
      const mb = this.mergeBase(b, h) ?? ([...this.pulls.values()].some((pr) => pr.base.sha === b && pr.head.sha === h) ? b : undefined);
      if (!mb) return { status: 404, body: { message: `No common ancestor between ${b} and ${h}.` } };
      const status = mb === h ? (b === h ? 'identical' : 'behind') : mb === b ? 'ahead' : 'diverged';
      return { status: 200, body: { status, merge_base_commit: { sha: mb }, base_commit: { sha: b }, ahead_by: 1, behind_by: mb === b ? 0 : 1, total_commits: 1, commits: [], files: [] } };
    }
    if (c.method === 'GET' && (x = m(/\/git\/commits\/([0-9a-f]{40})$/))) {
      const rev = this.revisions.get(x[1] as string);
      if (!rev) return notFound();
      return { status: 200, body: { sha: rev.sha, tree: { sha: rev.sha }, parents: (rev.parents ?? []).map((sha) => ({ sha })) } };
    }
    if (c.method === 'GET' && (x = m(/\/pulls\/(\d+)\/files$/))) {
      const pr = this.pulls.get(Number(x[1]));
      return pr ? this.page(c, pr.files.map((f) => ({ sha: 'x', additions: 1, deletions: 0, changes: 1, ...f }))) : notFound();
    }
    if (c.method === 'GET' && (x = m(/\/issues\/(\d+)\/comments$/))) return this.page(c, this.comments.get(Number(x[1])) ?? []);
    if (c.method === 'POST' && (x = m(/\/issues\/(\d+)\/comments$/))) {
      const number = Number(x[1]);
      const comment = this.addComment(number, BOT, (c.body as { body: string }).body, { type: 'Bot', association: 'NONE' });
      return { status: 201, body: comment };
    }
    if ((c.method === 'PATCH' || c.method === 'DELETE') && (x = m(/\/issues\/comments\/(\d+)$/))) {
      const id = Number(x[1]);
      for (const [n, list] of this.comments) {
        const i = list.findIndex((k) => k.id === id);
        if (i === -1) continue;
        if (c.method === 'DELETE') {
          list.splice(i, 1);
          this.comments.set(n, list);
          return { status: 204, body: '' };
        }
        const k = list[i] as SimComment;
        k.body = (c.body as { body: string }).body;
        return { status: 200, body: k };
      }
      return notFound();
    }
    if (c.method === 'GET' && (x = m(/\/collaborators\/([^/]+)\/permission$/))) {
      const role = this.roles.get(decodeURIComponent(x[1] as string));
      if (!role) return notFound();
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return { status: 200, body: { permission, role_name: role, user: { login: x[1] } } };
    }
    if (c.method === 'POST' && p === '/check-runs') {
      const b = c.body as { name: string; head_sha: string; status: string; external_id?: string };
      const run = { id: this.nextId++, head_sha: b.head_sha, name: b.name, status: b.status, ...(b.external_id !== undefined ? { external_id: b.external_id } : {}), annotations: [] as object[] };
      this.checkRuns.push(run);
      return { status: 201, body: { ...run, app: { slug: SLUG } } };
    }
    if (c.method === 'PATCH' && (x = m(/\/check-runs\/(\d+)$/))) {
      const run = this.checkRuns.find((k) => k.id === Number(x?.[1]));
      if (!run) return notFound();
      const b = c.body as { status?: string; conclusion?: string; output?: { title: string; summary: string; annotations?: object[] } };
      if (b.status) run.status = b.status;
      if (b.conclusion) run.conclusion = b.conclusion;
      if (b.output) {
        run.output = { title: b.output.title, summary: b.output.summary };
        run.annotations.push(...(b.output.annotations ?? []));
      }
      return { status: 200, body: run };
    }
    if (c.method === 'GET' && (x = m(/\/commits\/([0-9a-f]{40})\/check-runs$/))) {
      const runs = this.checkRuns.filter((k) => k.head_sha === x?.[1] && (!c.query.check_name || k.name === c.query.check_name));
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map((k) => ({ ...k, app: { slug: SLUG } })) } };
    }
    if (c.method === 'GET' && (x = m(/\/commits\/([0-9a-f]{40})\/pulls$/))) {
      // Every pull request that contains the commit, as GitHub lists them (not only those it heads).
      const prs = [...this.pulls.values()].filter((pr) => this.reaches(pr.head.sha, x?.[1] as string)).map((pr) => this.pullJson(pr));
      return { status: 200, body: prs };
    }
    if (c.method === 'GET' && p === '/issues') {
      const label = c.query.labels;
      return this.page(c, this.issues.filter((i) => !label || i.labels.includes(label)).map((i) => issueJson(i)));
    }
    if (c.method === 'POST' && p === '/issues') {
      const b = c.body as { title: string; body: string; labels: string[] };
      const issue: SimIssue = { number: this.issues.length + 1 + 100, title: b.title, body: b.body, labels: b.labels, state: 'open', state_reason: null, user: { login: BOT, type: 'Bot' } };
      this.issues.push(issue);
      return { status: 201, body: issueJson(issue) };
    }
    if (c.method === 'PATCH' && (x = m(/\/issues\/(\d+)$/))) {
      const issue = this.issues.find((i) => i.number === Number(x?.[1]));
      if (!issue) return notFound();
      const b = c.body as Partial<SimIssue>;
      if (b.title !== undefined) issue.title = b.title;
      if (b.body !== undefined) issue.body = b.body;
      if (b.labels !== undefined) issue.labels = b.labels;
      if (b.state !== undefined) issue.state = b.state;
      if (b.state_reason !== undefined) issue.state_reason = b.state_reason;
      return { status: 200, body: issueJson(issue) };
    }
    return notFound();
  }

  /** A revision's full tree, its directory ids registered so they can be listed on their own. */
  private fullTree(rev: Revision): TreeJson {
    let full = this.fullTrees.get(rev.sha);
    if (!full) {
      full = treeOf(rev);
      for (const e of full.tree as { path: string; type: string; sha: string }[]) if (e.type === 'tree') this.subtrees.set(e.sha, { rev: rev.sha, dir: e.path });
      this.fullTrees.set(rev.sha, full);
    }
    return full;
  }

  /** GitHub's pagination: per_page items from `page`, and a Link header to the next page. */
  private page(c: Call, items: unknown[]): Reply {
    const per = Number(c.query.per_page ?? 30);
    const page = Number(c.query.page ?? 1);
    const slice = items.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < items.length) {
      const next = new URLSearchParams({ ...c.query, page: String(page + 1) });
      headers.link = `<${this.apiBase}${c.path}?${next}>; rel="next"`;
    }
    return { status: 200, body: slice, headers };
  }

  private graphql(req: { query: string; variables: Record<string, unknown> }): object {
    // Comment metadata by node id: who last edited each comment.
    if (/^query\(\$ids: \[ID!\]!\) \{ nodes\(ids: \$ids\)/.test(req.query)) {
      const ids = req.variables.ids as string[];
      const all = [...this.comments.values()].flat();
      return {
        data: {
          nodes: ids.map((id) => {
            const c = all.find((k) => k.node_id === id);
            if (!c) return null;
            const editor = this.editors.get(c.id);
            return { __typename: 'IssueComment', id, author: { login: c.user.login }, editor: editor ? { login: editor } : null, lastEditedAt: editor ? c.updated_at : null };
          }),
        },
      };
    }
    const data: Record<string, Record<string, object | null> | null> = {};
    const errors: object[] = [];
    const repoRe = /(r\d+): repository\(owner: \$(o\d+), name: \$(n\d+)\) \{ (.*?) \}(?= r\d+:| \}$)/g;
    for (const rm of req.query.matchAll(repoRe)) {
      const [, alias, ov, nv, fields] = rm as unknown as [string, string, string, string, string];
      const owner = req.variables[ov] as string;
      const name = req.variables[nv] as string;
      const key = `${owner}/${name}`;
      const other = this.otherRepos.get(key);
      if (key !== `${OWNER}/${REPO}` && !other) {
        data[alias] = null;
        errors.push({ type: 'NOT_FOUND', path: [alias], locations: [], message: `Could not resolve to a Repository with the name '${key}'.` });
        continue;
      }
      const objects: Record<string, object | null> = {};
      for (const om of fields.matchAll(/(b\d+): object\((oid|expression): \$(x\d+)\)/g)) {
        const [, b, kind, v] = om as unknown as [string, string, string, string];
        const value = req.variables[v] as string;
        let content: Buffer | undefined;
        if (kind === 'oid') content = key === `${OWNER}/${REPO}` && !this.hiddenBlobs.has(value) ? this.blobs.get(value) : undefined;
        else {
          const [rev, path] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
          const revision = other && rev === 'HEAD' ? other : this.revisions.get(rev);
          content = revision?.files.get(path);
        }
        objects[b] = content === undefined ? null : blobNode(content);
      }
      data[alias] = objects;
    }
    return errors.length > 0 ? { data, errors } : { data };
  }
}

function blobNode(content: Buffer): object {
  const binary = content.includes(0);
  return { __typename: 'Blob', text: binary ? null : content.toString('utf8'), byteSize: content.length, isBinary: binary, isTruncated: false };
}

function issueJson(i: SimIssue): object {
  return {
    url: `https://api.github.com/repos/${OWNER}/${REPO}/issues/${i.number}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${i.number}`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    labels: i.labels.map((name, k) => ({ id: k + 1, name, color: 'ededed' })),
    user: i.user,
    ...(i.pull_request ? { pull_request: i.pull_request } : {}),
  };
}

function notFound(): Reply {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}
