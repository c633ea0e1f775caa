// The modelgate GitHub App (Probot). Handlers are thin: each reads what it needs from the payload
// and hands it to a job (jobs.ts, commandJob.ts). No state is kept between events: the check run,
// the checklist comment, the issues and the PR comments on GitHub are the state.
import type { ApplicationFunction, Context, Probot } from 'probot';
import { handleComment } from './commandJob.js';
import { CHECK_NAME } from './checkRun.js';
import { errorMessage, GitHubApi, type PullRequest } from './github.js';
import { gateMergeGroup, gatePullRequest, syncDefaultBranch, type AppDeps, type RepoContext } from './jobs.js';
import { KeyedLock } from './lock.js';

export interface AppOptions {
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Per-job time limit; past it the check run fails closed. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;

const PR_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'] as const;

interface RepositoryPayload {
  name: string;
  owner: { login: string };
  html_url: string;
  has_issues?: boolean;
}

function repoContext(context: Context, repository: RepositoryPayload): RepoContext {
  return {
    octokit: context.octokit,
    ref: { owner: repository.owner.login, repo: repository.name },
    repoUrl: repository.html_url,
    hasIssues: repository.has_issues !== false,
    log: context.log,
  };
}

interface PullRequestPayload {
  number: number;
  state: string;
  head: { sha: string };
  base: { sha: string; ref: string };
  user: { login: string } | null;
  changed_files?: number;
  html_url: string;
}

function pullRequestOf(p: PullRequestPayload): PullRequest | undefined {
  // Some payloads (check suites) carry a PR without its counts; those are fetched instead.
  if (typeof p.changed_files !== 'number' || !p.user) return undefined;
  return {
    number: p.number,
    state: p.state,
    headSha: p.head.sha,
    baseSha: p.base.sha,
    baseRef: p.base.ref,
    author: p.user.login,
    changedFiles: p.changed_files,
    htmlUrl: p.html_url,
  };
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    let slug: Promise<string> | undefined;
    const botLogin = (): Promise<string> => {
      slug ??= app
        .auth()
        .then((gh) => gh.request('GET /app'))
        .then((r) => {
          if (!r.data?.slug) throw new Error('GET /app returned no slug');
          return `${r.data.slug}[bot]`;
        });
      slug.catch(() => (slug = undefined));
      return slug;
    };
    const deps: AppDeps = { now: options.now ?? (() => new Date()), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, botLogin, locks: new KeyedLock() };

    /** Logs failures instead of rethrowing: the check run already says what went wrong. */
    const guard = async (context: Context, what: string, job: () => Promise<unknown>) => {
      try {
        await job();
      } catch (err) {
        context.log.error({ err, delivery: context.id }, `modelgate: ${what} failed: ${errorMessage(err)}`);
      }
    };

    app.on(
      PR_ACTIONS.map((a) => `pull_request.${a}` as const),
      (context) => {
        const pr = context.payload.pull_request;
        return guard(context, `pull request #${pr.number}`, () =>
          gatePullRequest(repoContext(context, context.payload.repository), deps, { number: pr.number, ...withPr(pullRequestOf(pr)), sha: pr.head.sha }),
        );
      },
    );

    app.on('pull_request.edited', (context) => {
      // Only a change of base branch changes the result (another policy, another diff).
      if (!context.payload.changes.base) return;
      const pr = context.payload.pull_request;
      return guard(context, `pull request #${pr.number}`, () => gatePullRequest(repoContext(context, context.payload.repository), deps, { number: pr.number }));
    });

    app.on('check_run.rerequested', (context) => {
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME) return;
      return guard(context, `re-run of ${run.head_sha}`, () => rerun(context, context.payload.repository, run.head_sha, run.pull_requests.map((p) => p.number), false));
    });

    app.on(['check_suite.requested', 'check_suite.rerequested'], (context) => {
      const suite = context.payload.check_suite;
      if (!suite.head_sha) return;
      // `requested` fires on every push, alongside pull_request.synchronize: only fill a gap.
      const onlyIfMissing = context.payload.action === 'requested';
      return guard(context, `check suite of ${suite.head_sha}`, () =>
        rerun(context, context.payload.repository, suite.head_sha, suite.pull_requests.map((p) => p.number), onlyIfMissing),
      );
    });

    /** Re-runs the gate for each open PR whose head is `sha` (fork PRs are not listed in payloads). */
    async function rerun(context: Context, repository: RepositoryPayload, sha: string, listed: number[], onlyIfNoCheckRun: boolean): Promise<void> {
      const rc = repoContext(context, repository);
      let numbers = listed;
      if (numbers.length === 0) {
        numbers = await new GitHubApi(rc.octokit, rc.ref, new AbortController().signal).pullsForCommit(sha);
      }
      if (numbers.length === 0) context.log.info({ sha }, 'no open pull request has this commit as its head; nothing to re-run');
      for (const number of numbers) await gatePullRequest(rc, deps, { number, sha, onlyIfNoCheckRun });
    }

    app.on('merge_group.checks_requested', (context) => {
      const group = context.payload.merge_group;
      const repository = context.payload.repository;
      if (!repository) return;
      return guard(context, `merge group ${group.head_sha}`, () =>
        gateMergeGroup(repoContext(context, repository), deps, { headSha: group.head_sha, baseSha: group.base_sha, headRef: group.head_ref }),
      );
    });

    app.on(['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'], (context) => {
      const { issue, comment } = context.payload;
      if (!issue.pull_request) return; // a comment on an issue, not a pull request
      const previousBody = context.payload.action === 'edited' ? context.payload.changes.body?.from : undefined;
      return guard(context, `comment ${comment.id}`, () =>
        handleComment(repoContext(context, context.payload.repository), deps, {
          number: issue.number,
          action: context.payload.action,
          authorAssociation: comment.author_association,
          ...(previousBody !== undefined ? { previousBody } : {}),
          comment: {
            id: comment.id,
            body: comment.body,
            login: comment.user?.login ?? '',
            userType: comment.user?.type ?? '',
            createdAt: comment.created_at,
            htmlUrl: comment.html_url,
          },
        }),
      );
    });

    app.on('push', (context) => {
      const p = context.payload;
      const repository = { ...p.repository, owner: { login: p.repository.owner?.login ?? '' } };
      // Only the default branch carries the findings of record; deleting a branch has no content.
      if (p.deleted || p.ref !== `refs/heads/${p.repository.default_branch}` || /^0+$/.test(p.after)) return;
      if (p.repository.has_issues === false) return;
      return guard(context, `push ${p.after}`, () => syncDefaultBranch(repoContext(context, repository), deps, p.after));
    });

    // Installing or removing the App needs no action: nothing is stored per installation.
    app.on(['installation', 'installation_repositories'], (context) => {
      const account = context.payload.installation.account;
      context.log.info({ action: context.payload.action, account: account && 'login' in account ? account.login : account?.slug }, 'modelgate installation event');
    });
  };
}

function withPr(pr: PullRequest | undefined): { pr?: PullRequest } {
  return pr ? { pr } : {};
}

/** The App with default options: what `app/server.ts` loads. */
const modelgateApp: ApplicationFunction = createApp();
export default modelgateApp;
