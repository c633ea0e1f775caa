// The App's jobs, one per kind of trigger. Each builds a GitHubApi for the repository (with the
// job's abort signal), evaluates through the core, and writes the GitHub-side results. The webhook
// handlers in index.ts only pick the job and its arguments.
import type { Logger } from 'probot';
import { toIsoDate } from '../src/index.js';
import type { Report, Waiver } from '../src/index.js';
import { parseCommands } from './commands.js';
import { annotationsOf, CHECK_NAME, completeWithError, completeWithReport } from './checkRun.js';
import { checklistBody, publishChecklist, recordedPushers, type ChecklistWrite } from './checklistComment.js';
import { changeAuthors, commentWaivers, type ChangeAuthors } from './commentWaivers.js';
import { Deadline, type DeadlineTimer } from './deadline.js';
import { evaluateOverApi, type Evaluation } from './evaluation.js';
import { errorMessage, GitHubApi, type IssueComment, type Octokit, type PullRequest, type RepoRef } from './github.js';
import { judgedSection, judgePullRequest } from './judged.js';
import { remediationPreview, syncRemediationIssues, type SyncResult } from './remediation.js';
import { LockUnavailable, type Locks } from './sharedState.js';

export interface AppDeps {
  now: () => Date;
  timeoutMs: number;
  /** Schedules each job's deadline (default: a real timer). */
  deadlineTimer?: DeadlineTimer;
  /** Time limit of one check run update (default DEFAULT_WRITE_TIMEOUT_MS). */
  writeTimeoutMs?: number;
  /** "<slug>[bot]", the App's own login (cached by the caller). */
  botLogin: () => Promise<string>;
  locks: Locks;
  /**
   * Replicas share the work (REDIS_URL): before creating a check run, adopt an open one with the
   * same external id that a replica left behind.
   */
  adoptOpenCheckRuns?: boolean;
}

export interface RepoContext {
  octokit: Octokit;
  ref: RepoRef;
  repoUrl: string;
  hasIssues: boolean;
  log: Logger;
}

export interface GateOutcome {
  status: 'completed' | 'failed' | 'skipped';
  report?: Report;
  /** The PR moved to a newer head while this ran: the comment and issues were left alone. */
  stale?: boolean;
  error?: string;
  comment?: ChecklistWrite;
  issues?: SyncResult;
  requests?: number;
}

interface Written {
  evaluation: Evaluation;
  /** What was judged (judged.ts), for the check run's summary. */
  judged?: string;
  stale?: boolean;
  comment?: ChecklistWrite;
  issues?: SyncResult;
}

const repoKey = (ref: RepoRef) => `${ref.owner}/${ref.repo}`;

function clock(deps: AppDeps): { today: string; generatedAt: string } {
  const now = deps.now();
  return { today: toIsoDate(now), generatedAt: now.toISOString() };
}

/** A job's API client and deadline: every request it makes stops when the deadline passes. */
function jobApi(rc: RepoContext, deps: AppDeps, held?: AbortSignal): { api: GitHubApi; deadline: Deadline } {
  const deadline = new Deadline(deps.timeoutMs, held, deps.deadlineTimer);
  return { api: new GitHubApi(rc.octokit, rc.ref, deadline.signal, deps.writeTimeoutMs), deadline };
}

/**
 * Creates the check run in progress, runs `work` under the deadline, and completes the check run
 * whatever happens: with the report, or as a failure that says what went wrong.
 */
async function runCheck(rc: RepoContext, api: GitHubApi, deadline: Deadline, deps: AppDeps, sha: string, externalId: string, work: () => Promise<Written>): Promise<GateOutcome> {
  const id = await deadline.race(api.createCheckRun(sha, CHECK_NAME, deps.botLogin, { id: externalId, adopt: deps.adoptOpenCheckRuns === true }));
  let outcome: GateOutcome | undefined;
  try {
    const w = await deadline.race(work());
    const { report, head } = w.evaluation;
    await completeWithReport(api, id, report, annotationsOf(report, (p) => head.entries.has(p)), w.judged);
    outcome = { status: 'completed', report, ...(w.stale ? { stale: true } : {}), ...(w.comment ? { comment: w.comment } : {}), ...(w.issues ? { issues: w.issues } : {}) };
    return outcome;
  } catch (err) {
    outcome = { status: 'failed', error: errorMessage(err) };
    rc.log.error({ err, sha }, 'modelgate evaluation failed; failing the check run');
    return outcome;
  } finally {
    // Never leave the check in progress: whatever failed above, complete it as a failure.
    if (outcome?.status !== 'completed') {
      await completeWithError(api, id, outcome?.error ?? 'the evaluation stopped unexpectedly').catch((e: unknown) =>
        rc.log.error({ err: e, sha }, 'could not complete the check run'),
      );
    }
    if (outcome) outcome.requests = api.requests;
  }
}

export interface PullRequestTarget {
  number: number;
  /** Read just before (a command's job); read at the start of the job otherwise. */
  pr?: PullRequest;
  /** The commit to evaluate (a pull_request event's head); the PR's head by default. */
  sha?: string;
  /** Re-runs: evaluate `sha` only when it is the PR's head now (a commit may be in several PRs). */
  onlyIfHead?: boolean;
  /** check_suite.requested: skip when the App already has a check run on the commit. */
  onlyIfNoCheckRun?: boolean;
  /** The user who pushed `sha` (a synchronize event's sender): recorded, may not waive. */
  pusher?: string;
}

/** GitHub lists at most this many commits of a pull request. */
export const PR_COMMITS_CAP = 250;

/** Who wrote the change (may not waive): the opener, its commits' people, and the pushers seen. */
export async function authorsOf(api: GitHubApi, pr: PullRequest, pushers: readonly string[]): Promise<ChangeAuthors> {
  return changeAuthors(pr.author, await api.pullCommitters(pr.number), pushers, pr.commits <= PR_COMMITS_CAP);
}

/** The waivers granted in a pull request's comments, by people who did not write its change. */
export async function pullRequestWaivers(api: GitHubApi, pr: PullRequest, comments: readonly IssueComment[], pushers: readonly string[]): Promise<Waiver[]> {
  // Who wrote the change is only asked when someone may have granted a waiver.
  if (!comments.some((c) => c.userType !== 'Bot' && parseCommands(c.body).some((x) => x.kind === 'waive'))) return [];
  return commentWaivers(
    comments,
    await authorsOf(api, pr, pushers),
    (login) => api.role(login),
    (ids) => api.commentEditors(ids),
  );
}

export function gatePullRequest(rc: RepoContext, deps: AppDeps, target: PullRequestTarget): Promise<GateOutcome> {
  const locked = deps.locks.run(`pr:${repoKey(rc.ref)}#${target.number}`, async (held) => {
    const { api, deadline } = jobApi(rc, deps, held);
    try {
      return await gate(rc, deps, target, api, deadline);
    } finally {
      deadline.clear();
    }
  });
  return locked.catch((err: unknown) => {
    if (!(err instanceof LockUnavailable)) throw err;
    return failWithoutLock(rc, deps, target, err);
  });
}

/** The lock could not be taken (Redis unreachable, or held too long): fail the head's check run closed, saying so. */
async function failWithoutLock(rc: RepoContext, deps: AppDeps, target: PullRequestTarget, err: LockUnavailable): Promise<GateOutcome> {
  rc.log.error({ err, pr: target.number }, 'modelgate could not take the pull request lock; failing the check run');
  const { api, deadline } = jobApi(rc, deps);
  try {
    const sha = target.sha ?? target.pr?.headSha ?? (await deadline.race(api.pull(target.number))).headSha;
    const id = await deadline.race(api.createCheckRun(sha, CHECK_NAME, deps.botLogin, { id: prExternalId(rc.ref, target.number, sha), adopt: true }));
    await completeWithError(api, id, err.message);
    return { status: 'failed', error: err.message, requests: api.requests };
  } finally {
    deadline.clear();
  }
}

/** The check run's external id: one key per repository, pull request and head. */
const prExternalId = (ref: RepoRef, number: number, sha: string) => `${repoKey(ref)}#${number}@${sha}`;

async function gate(rc: RepoContext, deps: AppDeps, target: PullRequestTarget, api: GitHubApi, deadline: Deadline): Promise<GateOutcome> {
  // Read now, not taken from the payload: the current head, base and test merge matter.
  const pr = target.pr ?? (await deadline.race(api.pull(target.number)));
  if (pr.state !== 'open') return { status: 'skipped' };
  const sha = target.sha ?? pr.headSha;
  if (target.onlyIfHead && sha !== pr.headSha) {
    rc.log.info({ pr: pr.number, sha, head: pr.headSha }, 'the commit is not the head of this pull request; not judged for it');
    return { status: 'skipped' };
  }
  if (target.onlyIfNoCheckRun && (await deadline.race(deps.botLogin().then((login) => api.hasCheckRun(sha, CHECK_NAME, login))))) return { status: 'skipped' };

  return runCheck(rc, api, deadline, deps, sha, prExternalId(rc.ref, pr.number, sha), async () => {
    const judged = await judgePullRequest(api, pr, sha);
    const section = judgedSection(judged);
    let comments: IssueComment[] = [];
    let pushers: string[] = [];
    const evaluation = await evaluateOverApi(api, {
      baseSha: judged.baseSha,
      headSha: judged.readSha,
      ...(judged.tree ? { headTree: judged.tree } : {}),
      changes: judged.changes,
      extraWaivers: async () => {
        comments = await api.comments(pr.number);
        pushers = [...recordedPushers(comments, await deps.botLogin()), ...(target.pusher ? [target.pusher] : [])];
        return pullRequestWaivers(api, pr, comments, pushers);
      },
      ...clock(deps),
    });
    // An event for an older head must not overwrite what a newer head's job wrote.
    const current = await api.pull(pr.number);
    if (current.headSha !== sha) {
      rc.log.info({ pr: pr.number, evaluated: sha, head: current.headSha }, 'head moved on; leaving the checklist to the newer run');
      return { evaluation, judged: section, stale: true };
    }
    const login = await deps.botLogin();
    const report = evaluation.report;
    const quiet = report.models.length === 0 && report.policy.errors.length === 0 && !report.policy.preview;
    const remediation = rc.hasIssues ? await remediationPreview(api, report, login) : '';
    const comment = await publishChecklist(api, pr.number, checklistBody(report, sha, { judged: section, remediation, pushers }), comments, login, quiet);
    return { evaluation, judged: section, comment };
  });
}

export interface MergeGroupTarget {
  headSha: string;
  baseSha: string;
  headRef: string;
}

/** The merge queue's commit: judged on what it adds to its parent, with its PR's comment waivers. */
export function gateMergeGroup(rc: RepoContext, deps: AppDeps, target: MergeGroupTarget): Promise<GateOutcome> {
  return deps.locks.run(`merge-group:${repoKey(rc.ref)}@${target.headSha}`, async (held) => {
    const { api, deadline } = jobApi(rc, deps, held);
    // gh-readonly-queue/<base>/pr-<number>-<sha>: the queued PR, whose comments may hold waivers.
    const prNumber = Number(/\/pr-(\d+)-[0-9a-f]+$/.exec(target.headRef)?.[1] ?? NaN);
    const extraWaivers = async (): Promise<Waiver[]> => {
      if (!Number.isInteger(prNumber)) return [];
      const [pr, comments, login] = await Promise.all([api.pull(prNumber), api.comments(prNumber), deps.botLogin()]);
      return pullRequestWaivers(api, pr, comments, recordedPushers(comments, login));
    };
    try {
      return await runCheck(rc, api, deadline, deps, target.headSha, `${repoKey(rc.ref)}@${target.headSha}`, async () => ({
        evaluation: await evaluateOverApi(api, { baseSha: target.baseSha, headSha: target.headSha, changes: 'trees', extraWaivers, ...clock(deps) }),
        judged: `Judged: merge queue commit \`${target.headSha.slice(0, 12)}\` against its base \`${target.baseSha.slice(0, 12)}\`.\n`,
      }));
    } finally {
      deadline.clear();
    }
  });
}

/** A push to the default branch: every model's findings drive the remediation issues. */
export function syncDefaultBranch(rc: RepoContext, deps: AppDeps, sha: string): Promise<SyncResult> {
  return deps.locks.run(`push:${repoKey(rc.ref)}`, async (held) => {
    const { api, deadline } = jobApi(rc, deps, held);
    try {
      const { report } = await deadline.race(evaluateOverApi(api, { baseSha: sha, headSha: sha, changes: 'all', ...clock(deps), findingsOnly: true }));
      const login = await deps.botLogin();
      return await deps.locks.run(`issues:${repoKey(rc.ref)}`, () => syncRemediationIssues(api, report, sha, rc.repoUrl, login));
    } finally {
      deadline.clear();
    }
  });
}
