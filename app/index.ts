// The modelgate GitHub App (Probot). Handlers are thin: each reads what it needs from the payload
// and hands it to a job (jobs.ts, commandJob.ts). No state is kept between events: the check run,
// the checklist comment, the issues and the PR comments on GitHub are the state.
import { createHash } from 'node:crypto';
import type { ApplicationFunction, Context, Probot } from 'probot';
import { handleComment } from './commandJob.js';
import { CHECK_NAME } from './checkRun.js';
import type { EventKey } from './deliveries.js';
import { deliveryFields } from './deliveryLog.js';
import { errorMessage, GitHubApi } from './github.js';
import { gateMergeGroup, gatePullRequest, syncDefaultBranch, type AppDeps, type GateOutcome, type RepoContext } from './jobs.js';
import type { InFlight } from './inflight.js';
import type { DeadlineTimer } from './deadline.js';
import { memoryState, type SharedState } from './sharedState.js';
import { readServerConfig, refusalText, withDotEnv } from './env.js';
import { serveHealth } from './health.js';

export interface AppOptions {
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Per-job time limit; past it the check run fails closed. */
  timeoutMs?: number;
  /** Schedules each job's deadline (tests fire it on a signal instead of waiting timeoutMs). */
  deadlineTimer?: DeadlineTimer;
  /** Time limit of one check run update (completing it must not hang). */
  writeTimeoutMs?: number;
  /** Delivery dedupe and locks: this process's memory by default, Redis across replicas. */
  shared?: SharedState;
  /** Tracks running jobs, for a graceful shutdown. */
  inFlight?: InFlight;
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

const notFailed = (o: GateOutcome | undefined): boolean => o?.status !== 'failed';

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
    const shared = options.shared ?? memoryState();
    const deps: AppDeps = {
      now: options.now ?? (() => new Date()),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.writeTimeoutMs !== undefined ? { writeTimeoutMs: options.writeTimeoutMs } : {}),
      ...(options.deadlineTimer ? { deadlineTimer: options.deadlineTimer } : {}),
      botLogin,
      locks: shared.locks,
      adoptOpenCheckRuns: shared.kind === 'redis',
    };

    /**
     * Runs a delivery's job once (see deliveries.ts: a duplicate of a delivery that succeeded is
     * skipped) and logs failures instead of rethrowing: the check run already says what went wrong.
     */
    const guard = <T>(context: Context, what: string, event: EventKey | undefined, job: () => Promise<T>, ok: (result: T) => boolean = () => true) => {
      const started = Date.now();
      const fields = (result: unknown) => deliveryFields(context.id, context.name, context.payload, result, Date.now() - started);
      const run = async () => {
        try {
          const done = await shared.once(`delivery:${context.id}`, event, job, ok);
          if (!done.ran) context.log.info({ ...fields(undefined), duplicate: true }, `modelgate: ${what}: duplicate delivery of an event already handled; skipped`);
          else context.log.info(fields(done.result), `modelgate: ${what}: handled`);
        } catch (err) {
          context.log.error({ err, ...fields(undefined) }, `modelgate: ${what} failed: ${errorMessage(err)}`);
        }
      };
      return options.inFlight ? options.inFlight.track(run()) : run();
    };
    const repoName = (r: RepositoryPayload) => `${r.owner.login}/${r.name}`;
    /**
     * What a pull_request event is about: the pull request (the subject) and its head and base. No
     * timestamp: updated_at has one-second resolution, so pushes of H, C, H within a second would
     * look alike. A later event with the same key is a duplicate only while nothing else happened
     * to the pull request in between (deliveries.ts).
     */
    const prEvent = (context: Context<'pull_request'>): EventKey => {
      const { pull_request: pr, repository, action } = context.payload;
      return { subject: `pull_request:${repoName(repository)}#${pr.number}`, key: `${action}@${pr.head.sha}..${pr.base.sha}` };
    };

    app.on(
      PR_ACTIONS.map((a) => `pull_request.${a}` as const),
      (context) => {
        const pr = context.payload.pull_request;
        // A synchronize event's sender pushed the head: they may not waive (commentWaivers.ts).
        const pusher = context.payload.action === 'synchronize' ? context.payload.sender?.login : undefined;
        return guard(
          context,
          `pull request #${pr.number}`,
          prEvent(context),
          () => gatePullRequest(repoContext(context, context.payload.repository), deps, { number: pr.number, sha: pr.head.sha, ...(pusher ? { pusher } : {}) }),
          notFailed,
        );
      },
    );

    app.on('pull_request.edited', (context) => {
      // Only a change of base branch changes the result (another policy, another diff).
      if (!context.payload.changes.base) return;
      const pr = context.payload.pull_request;
      return guard(context, `pull request #${pr.number}`, prEvent(context), () => gatePullRequest(repoContext(context, context.payload.repository), deps, { number: pr.number }), notFailed);
    });

    app.on('check_run.rerequested', (context) => {
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME) return;
      // Each press of "Re-run" is a new event; only a redelivery of the same one is a duplicate.
      return guard(
        context,
        `re-run of ${run.head_sha}`,
        undefined,
        () => rerun(context, context.payload.repository, run.head_sha, run.pull_requests.map((p) => p.number), false),
        (outcomes) => outcomes.every(notFailed),
      );
    });

    app.on(['check_suite.requested', 'check_suite.rerequested'], (context) => {
      const suite = context.payload.check_suite;
      if (!suite.head_sha) return;
      // `requested` fires on every push, alongside pull_request.synchronize: only fill a gap.
      const onlyIfMissing = context.payload.action === 'requested';
      return guard(
        context,
        `check suite of ${suite.head_sha}`,
        undefined,
        () => rerun(context, context.payload.repository, suite.head_sha, suite.pull_requests.map((p) => p.number), onlyIfMissing),
        (outcomes) => outcomes.every(notFailed),
      );
    });

    /**
     * Re-runs the gate for each open PR whose head is `sha` now (fork PRs are not listed in payloads).
     * GitHub lists every PR that contains the commit: one that goes further (a later commit that
     * reverts the model change) must not post its verdict on `sha`, so each is checked (onlyIfHead).
     */
    async function rerun(context: Context, repository: RepositoryPayload, sha: string, listed: number[], onlyIfNoCheckRun: boolean): Promise<GateOutcome[]> {
      const rc = repoContext(context, repository);
      let numbers = listed;
      if (numbers.length === 0) {
        numbers = await new GitHubApi(rc.octokit, rc.ref, new AbortController().signal).pullsForCommit(sha);
      }
      if (numbers.length === 0) context.log.info({ sha }, 'no open pull request has this commit as its head; nothing to re-run');
      const outcomes: GateOutcome[] = [];
      for (const number of numbers) outcomes.push(await gatePullRequest(rc, deps, { number, sha, onlyIfHead: true, onlyIfNoCheckRun }));
      return outcomes;
    }

    app.on('merge_group.checks_requested', (context) => {
      const group = context.payload.merge_group;
      const repository = context.payload.repository;
      if (!repository) return;
      return guard(
        context,
        `merge group ${group.head_sha}`,
        { subject: `merge_group:${repoName(repository)}@${group.head_sha}`, key: group.base_sha },
        () => gateMergeGroup(repoContext(context, repository), deps, { headSha: group.head_sha, baseSha: group.base_sha, headRef: group.head_ref }),
        notFailed,
      );
    });

    app.on(['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'], (context) => {
      const { issue, comment, action, repository } = context.payload;
      if (!issue.pull_request) return; // a comment on an issue, not a pull request
      const previousBody = action === 'edited' ? context.payload.changes.body?.from : undefined;
      // The same comment, created, edited or deleted, with the same text, with nothing else done to it
      // in between: the same event (no timestamp: edits A, B, A within a second are three events).
      const event: EventKey = {
        subject: `issue_comment:${repoName(repository)}:${comment.id}`,
        key: `${action}:${createHash('sha256').update(comment.body ?? '').digest('hex').slice(0, 16)}`,
      };
      return guard(
        context,
        `comment ${comment.id}`,
        event,
        () =>
          handleComment(repoContext(context, repository), deps, {
            number: issue.number,
            action,
            authorAssociation: comment.author_association,
            ...(previousBody !== undefined ? { previousBody } : {}),
            comment: {
              id: comment.id,
              nodeId: comment.node_id,
              body: comment.body,
              login: comment.user?.login ?? '',
              userType: comment.user?.type ?? '',
              createdAt: comment.created_at,
              updatedAt: comment.updated_at,
              htmlUrl: comment.html_url,
            },
          }),
        (outcome) => notFailed(outcome.gate),
      );
    });

    app.on('push', (context) => {
      const p = context.payload;
      const repository = { ...p.repository, owner: { login: p.repository.owner?.login ?? '' } };
      // Only the default branch carries the findings of record; deleting a branch has no content.
      if (p.deleted || p.ref !== `refs/heads/${p.repository.default_branch}` || /^0+$/.test(p.after)) return;
      if (p.repository.has_issues === false) return;
      return guard(context, `push ${p.after}`, { subject: `push:${repoName(repository)}:${p.ref}`, key: `${p.before}..${p.after}` }, () => syncDefaultBranch(repoContext(context, repository), deps, p.after));
    });

    // Installing or removing the App needs no action: nothing is stored per installation.
    app.on(['installation', 'installation_repositories'], (context) => {
      const account = context.payload.installation.account;
      context.log.info({ action: context.payload.action, account: account && 'login' in account ? account.login : account?.slug }, 'modelgate installation event');
    });
  };
}

/**
 * Probot's usual entry, `probot run ./build/app/index.js`: the start-up checks of `npm run app`
 * (a missing or "development" WEBHOOK_SECRET, a bad APP_ID or key: print every problem, exit 1)
 * and /healthz, then the same App. `npm run app` (app/server.ts) does not load this export.
 */
const modelgateApp: ApplicationFunction = (app, options) => {
  const read = readServerConfig(withDotEnv(process.env, options.cwd));
  if ('errors' in read) {
    process.stderr.write(refusalText(read.errors));
    process.exit(1);
  }
  options.addHandler(serveHealth);
  return createApp({ timeoutMs: read.config.timeoutMs })(app, options);
};
export default modelgateApp;
