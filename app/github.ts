// Every GitHub API call the App makes, in one place: each takes the job's abort signal (so a timed
// out job stops issuing requests) and names itself, so a failure can say which call failed.
// Retries and rate limits are Octokit's (ProbotOctokit includes the retry and throttling plugins).
import type { ProbotOctokit } from 'probot';

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
}

export interface IssueComment {
  id: number;
  body: string;
  login: string;
  userType: string;
  createdAt: string;
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

/** An API call failed; `step` says which, for the failed check run. */
export class ApiError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${step} failed${status !== undefined ? ` (HTTP ${status})` : ''}: ${detail}`);
    this.name = 'ApiError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

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
  ) {}

  private get req() {
    return { signal: this.signal };
  }

  /** Runs one call, counting it and turning its failure into an ApiError naming the step. */
  async call<T>(step: string, fn: () => Promise<T>, options: { evenIfCancelled?: boolean; allow404?: boolean } = {}): Promise<T> {
    if (this.signal.aborted && !options.evenIfCancelled) throw this.failed(new ApiError(step, undefined, 'the job was cancelled (timeout)'));
    this.requests++;
    try {
      return await fn();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(step, statusOf(err), errorMessage(err));
      throw options.allow404 && e.status === 404 ? e : this.failed(e);
    }
  }

  private failed(e: ApiError): ApiError {
    this.failures.push(e);
    return e;
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

  async tree(sha: string): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
    const { data } = await this.call(`reading the file tree of ${sha.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...this.ref, tree_sha: sha, recursive: '1', request: this.req }),
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
    };
  }

  async pullFiles(number: number): Promise<{ filename: string; status: string; previous_filename?: string }[]> {
    return this.call(`listing the files of pull request #${number}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listFiles, { ...this.ref, pull_number: number, per_page: 100, request: this.req }),
    );
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
      body: c.body ?? '',
      login: c.user?.login ?? '',
      userType: c.user?.type ?? '',
      createdAt: c.created_at,
      htmlUrl: c.html_url,
    }));
  }

  async createComment(number: number, body: string): Promise<number> {
    const { data } = await this.call(`commenting on #${number}`, () =>
      this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.ref, issue_number: number, body, request: this.req }),
    );
    return Number(data.id);
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

  async createCheckRun(sha: string, name: string): Promise<number> {
    const { data } = await this.call('creating the check run', () =>
      this.octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        ...this.ref,
        name,
        head_sha: sha,
        status: 'in_progress',
        request: this.req,
      }),
    );
    return Number(data.id);
  }

  /** Whether an app with this bot login already has a check run of this name on the commit. */
  async hasCheckRun(sha: string, name: string, botLogin: string): Promise<boolean> {
    const { data } = await this.call(`listing the check runs of ${sha.slice(0, 12)}`, () =>
      this.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...this.ref, ref: sha, check_name: name, filter: 'all', per_page: 100, request: this.req }),
    );
    return data.check_runs.some((c) => c.app && `${c.app.slug ?? ''}[bot]` === botLogin);
  }

  async updateCheckRun(id: number, output: CheckRunOutput, completion?: { conclusion: 'success' | 'failure' }): Promise<void> {
    await this.call('updating the check run', () =>
      this.octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...this.ref,
        check_run_id: id,
        ...(completion ? { status: 'completed' as const, conclusion: completion.conclusion } : {}),
        output,
      }),
      // The check run must be completed even when the job was cancelled by its timeout.
      { evenIfCancelled: true },
    );
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

  async createIssue(title: string, body: string, labels: string[]): Promise<number> {
    const { data } = await this.call('opening a remediation issue', () =>
      this.octokit.request('POST /repos/{owner}/{repo}/issues', { ...this.ref, title, body, labels, request: this.req }),
    );
    return data.number;
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
