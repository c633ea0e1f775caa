// Every GitHub API call the App makes, in one place: each takes the job's abort signal (so a timed
// out job stops issuing requests) and names itself, so a failure can say which call failed.
// Retries, rate limits and time limits are Octokit's, set as for the Action (app/octokit.ts,
// adapters/github/client.ts), except for creates: a create that failed may still have happened (a
// 502 after GitHub wrote it), so it is never retried blindly (adapters/github/createOnce.ts).
import type { ProbotOctokit } from 'probot';
import { ApiError } from '../adapters/github/errors.js';
import { createOnce, NO_RETRIES } from '../adapters/github/createOnce.js';
import { isAbort } from '../adapters/github/response.js';
import { timeoutOf } from '../adapters/github/timeout.js';
import type { StickyComment } from '../adapters/github/stickyComment.js';

export { ApiError };
export { errorMessage } from '../adapters/github/response.js';
import { treeInPieces } from './largeTree.js';

export type Octokit = ProbotOctokit;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
  size?: number;
}

export interface PullRequest {
  number: number;
  state: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
  author: string;
  changedFiles: number;
  htmlUrl: string;
  /** GitHub's answer to "can this merge cleanly": null while it has not computed the test merge. */
  mergeable: boolean | null;
  /** GitHub's test merge commit (refs/pull/N/merge), for whatever base and head it last computed. */
  mergeCommitSha: string | null;
  /** How many commits the pull request has (GitHub lists at most 250 of them). */
  commits: number;
}

export interface Tree {
  entries: TreeEntry[];
  truncated: boolean;
}

export interface IssueComment {
  id: number;
  /** GitHub's global id, for the GraphQL lookup of who last edited the comment. */
  nodeId: string;
  body: string;
  login: string;
  userType: string;
  createdAt: string;
  /** Equal to createdAt unless the comment was edited (by its author, or by anyone with write access). */
  updatedAt: string;
  htmlUrl: string;
}

export interface Issue {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: string[];
  login: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  annotations?: Annotation[];
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

/** How long a write that must happen whatever else failed (completing the check run) may take. */
export const DEFAULT_WRITE_TIMEOUT_MS = 60_000;

export class GitHubApi {
  /** Requests made through this object (for the request budget tests and logs). */
  requests = 0;
  /**
   * Every call that failed. Some callers in the core turn a throwing read into a per-file problem;
   * the job looks here afterwards so an API failure always fails the check run as a whole.
   */
  readonly failures: ApiError[] = [];

  constructor(
    readonly octokit: Octokit,
    readonly ref: RepoRef,
    readonly signal: AbortSignal,
    readonly writeTimeoutMs: number = DEFAULT_WRITE_TIMEOUT_MS,
  ) {}

  private get req() {
    return { signal: this.signal };
  }

  /** Runs one call, counting it and turning its failure into an ApiError naming the step. */
  async call<T>(step: string, fn: () => Promise<T>, options: { evenIfCancelled?: boolean; allow404?: boolean; unrecorded?: boolean; timeoutMs?: number } = {}): Promise<T> {
    if (this.signal.aborted && !options.evenIfCancelled) throw this.failed(new ApiError(step, 'the job was cancelled (timeout)'));
    this.requests++;
    try {
      return await fn();
    } catch (err) {
      let e: ApiError;
      if (err instanceof ApiError) e = err;
      else if (isAbort(err) && !timeoutOf(err)) {
        // A plain abort carries no HTTP status: say what stopped it.
        const limit = options.timeoutMs;
        const why = this.signal.aborted && !options.evenIfCancelled ? 'the job was cancelled (timeout)' : `GitHub did not answer${limit ? ` within ${Math.round(limit / 1000)} seconds` : ''}`;
        e = new ApiError(step, new Error(why, { cause: err }));
      } else e = new ApiError(step, err);
      throw (options.allow404 && e.status === 404) || options.unrecorded ? e : this.failed(e);
    }
  }

  private failed(e: ApiError): ApiError {
    if (!this.failures.includes(e)) this.failures.push(e);
    return e;
  }

  /** Records a failure found outside a call (an answer that contradicts another). */
  recordFailure(e: ApiError): void {
    this.failed(e);
  }

  /**
   * A create through createOnce (never retried blindly: after a transient failure `find` looks for
   * what it may have created), bound to the job's signal. Only the final failure is recorded.
   */
  private async createOnce<T>(step: string, create: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
    try {
      return await createOnce(() => this.call(step, create, { unrecorded: true }), find, { signal: this.signal });
    } catch (err) {
      throw err instanceof ApiError ? this.failed(err) : err;
    }
  }

  /** A signal for one write that must not hang: it aborts after writeTimeoutMs. */
  private writeSignal(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.writeTimeoutMs);
    return { signal: controller.signal, done: () => clearTimeout(timer) };
  }

  /** Like `call`, but a 404 answers `undefined` instead of failing. */
  async optional<T>(step: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(step, fn, { allow404: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  private readonly trees = new Map<string, Promise<Tree>>();

  /** The recursive tree of a commit (in pieces when GitHub truncates it); asked once per job however many parts of the job need it. */
  tree(sha: string): Promise<Tree> {
    let t = this.trees.get(sha);
    if (!t) {
      // Truncated (a very large repository): listed directory by directory, within a bound.
      t = this.fetchTree(sha).then((tree) => (tree.truncated ? treeInPieces(this, sha, tree) : tree));
      this.trees.set(sha, t);
      t.catch(() => this.trees.delete(sha));
    }
    return t;
  }

  private fetchTree(sha: string): Promise<Tree> {
    return this.listTree(sha, true, sha.slice(0, 12));
  }

  /** One tree request: a commit's or directory's entries (`id`), with every entry below it when `recursive`. */
  async listTree(id: string, recursive: boolean, label: string): Promise<Tree> {
    const { data } = await this.call(`reading the file tree of ${label}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...this.ref, tree_sha: id, ...(recursive ? { recursive: '1' } : {}), request: this.req }),
    );
    const entries = data.tree.flatMap((e): TreeEntry[] =>
      e.path !== undefined && e.mode !== undefined && e.type !== undefined && e.sha !== undefined
        ? [{ path: e.path, mode: e.mode, type: e.type, sha: e.sha, ...(e.size !== undefined ? { size: e.size } : {}) }]
        : [],
    );
    return { entries, truncated: data.truncated };
  }

  /** The raw bytes of a blob as a stream (up to 100 MB, GitHub's limit for the blobs API). */
  async blobStream(sha: string, path: string): Promise<ReadableStream<Uint8Array>> {
    const res = await this.call(`downloading ${path}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
        ...this.ref,
        file_sha: sha,
        headers: { accept: 'application/vnd.github.raw+json' },
        request: { ...this.req, parseSuccessResponseBody: false },
      }),
    );
    const body = res.data as unknown;
    if (!(body instanceof ReadableStream)) throw new ApiError(`downloading ${path}`, undefined, 'no response body');
    return body as ReadableStream<Uint8Array>;
  }

  async graphql<T>(step: string, query: string, variables: Record<string, string>): Promise<T> {
    return this.call(step, () => this.octokit.graphql<T>(query, { ...variables, request: this.req }));
  }

  async pull(number: number): Promise<PullRequest> {
    const { data } = await this.call(`reading pull request #${number}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...this.ref, pull_number: number, request: this.req }),
    );
    return {
      number: data.number,
      state: data.state,
      headSha: data.head.sha,
      baseSha: data.base.sha,
      baseRef: data.base.ref,
      author: data.user.login,
      changedFiles: data.changed_files,
      htmlUrl: data.html_url,
      mergeable: data.mergeable ?? null,
      mergeCommitSha: data.merge_commit_sha ?? null,
      commits: data.commits,
    };
  }

  /** Where two commits' histories meet (GET compare/{base}...{head}): the merge base's sha. */
  async mergeBase(base: string, head: string): Promise<string> {
    const { data } = await this.call(`comparing ${base.slice(0, 12)}...${head.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...this.ref, basehead: `${base}...${head}`, per_page: 1, request: this.req }),
    );
    return data.merge_base_commit.sha;
  }

  /** The parents of a commit, in order (a merge commit: the base first, then the merged head). */
  async parents(sha: string): Promise<string[]> {
    const { data } = await this.call(`reading commit ${sha.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...this.ref, commit_sha: sha, request: this.req }),
    );
    return data.parents.map((p) => p.sha);
  }

  /** The GitHub logins that authored or committed the pull request's commits (at most 250 listed). */
  async pullCommitters(number: number): Promise<string[]> {
    const data = await this.call(`listing the commits of pull request #${number}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listCommits, { ...this.ref, pull_number: number, per_page: 100, request: this.req }),
    );
    return data.flatMap((c) => [c.author?.login, c.committer?.login]).filter((l): l is string => typeof l === 'string' && l !== '');
  }

  async pullsForCommit(sha: string): Promise<number[]> {
    const { data } = await this.call(`finding the pull requests of ${sha.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...this.ref, commit_sha: sha, per_page: 100, request: this.req }),
    );
    return data.filter((p) => p.state === 'open' && p.base.repo.full_name === `${this.ref.owner}/${this.ref.repo}`).map((p) => p.number);
  }

  async comments(number: number): Promise<IssueComment[]> {
    const data = await this.call(`listing the comments of #${number}`, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, { ...this.ref, issue_number: number, per_page: 100, request: this.req }),
    );
    return data.map((c) => ({
      id: c.id,
      nodeId: c.node_id,
      body: c.body ?? '',
      login: c.user?.login ?? '',
      userType: c.user?.type ?? '',
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      htmlUrl: c.html_url,
    }));
  }

  /**
   * Who last edited each of these comments (GraphQL `editor`; REST does not say): by comment
   * node id, the editor's login, or null for a comment never edited. A comment GitHub does not
   * return is absent from the map.
   */
  async commentEditors(nodeIds: readonly string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (let i = 0; i < nodeIds.length; i += 100) {
      const ids = nodeIds.slice(i, i + 100);
      const data = await this.call(`reading who edited ${ids.length} waiver comment(s)`, () =>
        this.octokit.graphql<{ nodes: ({ id?: string; editor?: { login?: string } | null; lastEditedAt?: string | null } | null)[] }>(
          'query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { id editor { login } lastEditedAt } } }',
          { ids, request: this.req },
        ),
      );
      for (const n of data.nodes) {
        if (!n?.id) continue;
        out.set(n.id, n.lastEditedAt ? (n.editor?.login ?? '') : null);
      }
    }
    return out;
  }

  /**
   * Posts a comment, never twice: after a failed attempt the comment list is searched for this very
   * text by the App before writing again (createOnce).
   */
  async createComment(number: number, body: string, botLogin: () => Promise<string>): Promise<number> {
    return this.createOnce(
      `commenting on #${number}`,
      async () => (await this.postComment(number, body)).id,
      async () => {
        const login = await botLogin();
        return (await this.comments(number)).find((c) => c.login === login && c.body === body)?.id;
      },
    );
  }

  /** One POST of a comment, Octokit's retries off, unrecorded: for a caller that runs createOnce itself (the sticky checklist). */
  async postComment(number: number, body: string): Promise<StickyComment> {
    const { data } = await this.call(
      `commenting on #${number}`,
      () => this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.ref, issue_number: number, body, request: { ...this.req, ...NO_RETRIES } }),
      { unrecorded: true },
    );
    return { id: Number(data.id), body: data.body ?? '', login: data.user?.login ?? '', url: data.html_url };
  }

  async updateComment(id: number, body: string): Promise<void> {
    await this.call(`updating comment ${id}`, () =>
      this.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...this.ref, comment_id: id, body, request: this.req }),
    );
  }

  async deleteComment(id: number): Promise<void> {
    await this.optional(`deleting duplicate comment ${id}`, () =>
      this.octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...this.ref, comment_id: id, request: this.req }),
    );
  }

  /** The user's role on the repository: admin, maintain, write, triage, read or none. */
  async role(login: string): Promise<string> {
    const res = await this.optional(`reading the permission of ${login}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...this.ref, username: login, request: this.req }),
    );
    if (!res) return 'none';
    // role_name distinguishes maintain and triage; `permission` is the legacy coarse value.
    return res.data.role_name || res.data.permission;
  }

  /**
   * Creates the check run in progress; after a failed attempt, adopts one of ours still open on the
   * commit. `adopt`: first look for an open run with this external id (one a replica created and
   * never completed, because it died or Redis dropped its lock) and complete that one instead.
   */
  async createCheckRun(sha: string, name: string, botLogin: () => Promise<string>, external?: { id: string; adopt: boolean }): Promise<number> {
    if (external?.adopt) {
      const open = await this.openCheckRun(sha, name, await botLogin(), external.id);
      if (open !== undefined) return open;
    }
    return this.createOnce(
      'creating the check run',
      async () => {
        const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          ...this.ref,
          name,
          head_sha: sha,
          status: 'in_progress',
          ...(external ? { external_id: external.id } : {}),
          request: { ...this.req, ...NO_RETRIES },
        });
        return Number(data.id);
      },
      async () => this.openCheckRun(sha, name, await botLogin(), external?.id),
    );
  }

  /** A check run of this name, by this app, on the commit, not completed (the newest); with `externalId`, only one with it. */
  async openCheckRun(sha: string, name: string, botLogin: string, externalId?: string): Promise<number | undefined> {
    const { data } = await this.call(`listing the check runs of ${sha.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...this.ref, ref: sha, check_name: name, filter: 'all', per_page: 100, request: this.req }),
    );
    const open = data.check_runs
      .filter((c) => c.status !== 'completed' && c.app && `${c.app.slug ?? ''}[bot]` === botLogin && (externalId === undefined || c.external_id === externalId))
      .map((c) => Number(c.id))
      .sort((a, b) => b - a);
    return open[0];
  }

  /** Whether an app with this bot login already has a check run of this name on the commit. */
  async hasCheckRun(sha: string, name: string, botLogin: string): Promise<boolean> {
    const { data } = await this.call(`listing the check runs of ${sha.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...this.ref, ref: sha, check_name: name, filter: 'all', per_page: 100, request: this.req }),
    );
    return data.check_runs.some((c) => c.app && `${c.app.slug ?? ''}[bot]` === botLogin);
  }

  /**
   * Not bound to the job's signal: the check run must be completed even when the job was cancelled
   * by its time limit. Bound to a time limit of its own instead (writeTimeoutMs), so a request that
   * hangs cannot keep the check run in progress: the caller then completes it as a failure.
   */
  async updateCheckRun(id: number, output: CheckRunOutput, completion?: { conclusion: 'success' | 'failure' }): Promise<void> {
    const limit = this.writeSignal();
    try {
      await this.call(
        'updating the check run',
        () =>
          this.octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
            ...this.ref,
            check_run_id: id,
            ...(completion ? { status: 'completed' as const, conclusion: completion.conclusion } : {}),
            output,
            request: { signal: limit.signal },
          }),
        { evenIfCancelled: true, timeoutMs: this.writeTimeoutMs },
      );
    } finally {
      limit.done();
    }
  }

  async issuesWithLabel(label: string): Promise<Issue[]> {
    const data = await this.call(`listing issues labelled ${label}`, () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, { ...this.ref, labels: label, state: 'all', per_page: 100, request: this.req }),
    );
    return data
      .filter((i) => !i.pull_request)
      .map((i) => ({
        number: i.number,
        state: i.state === 'closed' ? 'closed' : 'open',
        title: i.title,
        body: i.body ?? '',
        labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
        login: i.user?.login ?? '',
      }));
  }

  /** Opens an issue; after a failed attempt, `find` looks for the one it may have opened anyway. */
  async createIssue(title: string, body: string, labels: string[], find: () => Promise<number | undefined>): Promise<number> {
    return this.createOnce(
      'opening a remediation issue',
      async () => {
        const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/issues', { ...this.ref, title, body, labels, request: { ...this.req, ...NO_RETRIES } });
        return data.number;
      },
      find,
    );
  }

  async updateIssue(
    number: number,
    changes: { title?: string; body?: string; labels?: string[]; state?: 'open' | 'closed'; state_reason?: 'completed' | 'not_planned' | 'reopened' },
  ): Promise<void> {
    await this.call(`updating issue #${number}`, () =>
      this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...this.ref, issue_number: number, ...changes, request: this.req }),
    );
  }
}
