// One modelgate comment per pull request, updated in place on every run (also when the pull request
// turns green). A comment is ours only when it starts with the hidden markers AND was written by the
// token's own account. That account is asked of GitHub (GraphQL `viewer`, which answers for every
// kind of token: a personal token's user, github-actions[bot] for the workflow's GITHUB_TOKEN,
// <app>[bot] for a GitHub App's installation token; REST GET /user refuses installation tokens), so
// a comment of the modelgate App, of another bot or of a person that quotes the markers is never
// adopted, overwritten or taken for ours.
// A token that may not write (a fork's read-only GITHUB_TOKEN, or no pull-requests: write) makes
// the Action degrade to summary and annotations; any other API failure is an error.
//
// Never two comments: creating is the one write that is not idempotent, so it is not retried blindly
// (an answer lost after GitHub created the comment would make a second one). After a failed create
// the Action looks for the comment before writing again; after a successful one it looks for an
// older comment of its own (another run that raced it) and keeps only the oldest. And never a stale
// one: a run whose head is no longer the pull request's head leaves the comment to the newer run.
import type { Report } from '../src/types.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { checkedMarkdown, notesMarkdown } from './summary.js';
import type { Repo } from './event.js';
import { ApiError, httpStatus, isRateLimited, type GitHubClient } from './github.js';
import { setTimeout as sleep } from 'node:timers/promises';

export const COMMENT_MARKER = '<!-- modelgate:comment -->';
/** Tells the Action's comment from the modelgate App's, which may use the same marker. */
export const ACTION_MARKER = '<!-- modelgate:source=action -->';
/** GitHub's limit on a comment body, in characters. */
export const COMMENT_MAX_CHARS = 65_536;
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export type CommentResult =
  | { kind: 'created' | 'updated'; url: string }
  | { kind: 'not-needed' }
  | { kind: 'degraded'; reason: string }
  /** The pull request's head moved on since this run's event: the run for `head` writes the comment. */
  | { kind: 'stale'; head: string };

/** Attempts at creating the comment, and the delays between them (as the retry plugin's). */
const CREATE_ATTEMPTS = 4;
const createDelayMs = (attempt: number): number => attempt * attempt * 1000;

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type: string } | null;
}

/** The comment: markers, notes for reviewers, the checklist, and what was judged (commits and base). */
export function commentBody(report: Report, runUrl: string | undefined, context: { description?: string; notes?: readonly string[] } = {}): string {
  const notes = notesMarkdown(context.notes ?? []).join('\n');
  const head = `${COMMENT_MARKER}\n${ACTION_MARKER}\n${notes ? `${notes}\n` : ''}`;
  const checked = context.description ? `\n\n<sub>${checkedMarkdown(context.description)}</sub>` : '';
  const foot = `${checked}${runUrl ? `\n\n<sub>[Job summary and annotations](${runUrl})</sub>` : ''}\n`;
  const note = runUrl ? `The [job summary](${runUrl}) has every model.` : 'The job summary has every model.';
  return `${head}${renderMarkdown(report, { maxChars: COMMENT_MAX_CHARS - head.length - foot.length - 100, truncationNote: note })}${foot}`;
}

/** The workflow run's page, from validated runner variables, or undefined. */
export function workflowRunUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  if (!server || !repo || !run || !/^\d+$/.test(run) || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) return undefined;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return `${url.origin}/${repo}/actions/runs/${run}`;
}

export async function upsertStickyComment(
  client: GitHubClient,
  repo: Repo,
  pr: { number: number; fork: boolean; headSha: string },
  body: string,
  createIfMissing: boolean,
): Promise<CommentResult> {
  const where = `/repos/${repo.owner}/${repo.repo}/issues/${pr.number}/comments`;
  const cannotWrite = (status: number | undefined): CommentResult => ({
    kind: 'degraded',
    reason: pr.fork
      ? `This pull request comes from a fork, and the workflow's token cannot write to this repository (HTTP ${status ?? '?'}), so modelgate posted no comment. The job summary and annotations carry the full result.`
      : `The token cannot write pull request comments (HTTP ${status ?? '?'}), so modelgate posted no comment. Grant "permissions: pull-requests: write" to the job, or set "comment: false".`,
  });
  const denied = (err: unknown): boolean => {
    const status = httpStatus(err);
    return (status === 403 || status === 404) && !isRateLimited(err);
  };
  const fail = (what: string, err: unknown): ApiError => new ApiError(what, err, 'Re-run the job; set "comment: false" to skip the comment.');
  const deniedOrThrow = (what: string, err: unknown): CommentResult => {
    if (denied(err)) return cannotWrite(httpStatus(err));
    throw fail(what, err);
  };

  let head: string;
  try {
    head = (await client.rest.pulls.get({ ...repo, pull_number: pr.number })).data.head.sha;
  } catch (err) {
    throw fail(`GET /repos/${repo.owner}/${repo.repo}/pulls/${pr.number}`, err);
  }
  if (head !== pr.headSha) return { kind: 'stale', head };

  const listMarked = async (): Promise<IssueComment[]> =>
    (await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: pr.number, per_page: 100 })).filter(isMarked);
  const update = async (comment: IssueComment): Promise<CommentResult> => {
    try {
      const res = await client.rest.issues.updateComment({ ...repo, comment_id: comment.id, body });
      return { kind: 'updated', url: res.data.html_url };
    } catch (err) {
      return deniedOrThrow(`PATCH /repos/${repo.owner}/${repo.repo}/issues/comments/${comment.id}`, err);
    }
  };

  let marked: IssueComment[];
  try {
    marked = await listMarked();
  } catch (err) {
    return deniedOrThrow(`GET ${where}`, err);
  }
  let login: string | undefined;
  const ownLogin = async (): Promise<string> => (login ??= await tokenLogin(client));
  const ours = marked.length > 0 ? findOurs(marked, await ownLogin()) : undefined;
  if (ours) return update(ours);
  if (!createIfMissing) return { kind: 'not-needed' };

  for (let attempt = 1; ; attempt++) {
    let created: IssueComment;
    try {
      // retries: 0: a lost answer must not become a second comment (see the top of this file).
      created = (await client.rest.issues.createComment({ ...repo, issue_number: pr.number, body, request: { retries: 0 } })).data;
    } catch (err) {
      if (denied(err)) return cannotWrite(httpStatus(err));
      const status = httpStatus(err);
      if (attempt >= CREATE_ATTEMPTS || (status !== undefined && status < 500) || isRateLimited(err)) throw fail(`POST ${where}`, err);
      // GitHub may have created the comment and lost the answer: look before writing again.
      let landed: IssueComment | undefined;
      try {
        landed = findOurs(await listMarked(), await ownLogin());
      } catch (listErr) {
        throw fail(`GET ${where} (after POST ${where} failed: ${err instanceof Error ? err.message : String(err)})`, listErr);
      }
      if (landed) return update(landed);
      await sleep(createDelayMs(attempt));
      continue;
    }
    return keepOldest(client, repo, where, created, listMarked, update);
  }
}

/**
 * After creating `created`: when another run created a comment of ours too (both found none), the
 * oldest is kept. Each run only ever deletes the comment it made itself, and only when an older one
 * of the same account exists, so the runs converge on exactly one.
 */
async function keepOldest(
  client: GitHubClient,
  repo: Repo,
  where: string,
  created: IssueComment,
  listMarked: () => Promise<IssueComment[]>,
  update: (comment: IssueComment) => Promise<CommentResult>,
): Promise<CommentResult> {
  let same: IssueComment[];
  try {
    same = (await listMarked()).filter((c) => c.user?.login === created.user?.login);
  } catch (err) {
    throw new ApiError(`GET ${where} (to check that no other run created a second comment)`, err, 'Re-run the job; it keeps the oldest modelgate comment.');
  }
  const oldest = same.reduce<IssueComment | undefined>((a, c) => (a === undefined || c.id < a.id ? c : a), undefined);
  if (!oldest || oldest.id >= created.id) return { kind: 'created', url: created.html_url };
  try {
    await client.rest.issues.deleteComment({ ...repo, comment_id: created.id });
  } catch (err) {
    if (httpStatus(err) !== 404) throw new ApiError(`DELETE /repos/${repo.owner}/${repo.repo}/issues/comments/${created.id} (a second modelgate comment)`, err, 'Re-run the job, and delete the newer of the two modelgate comments.');
  }
  return update(oldest);
}

/**
 * The login the token writes comments as: GraphQL `viewer` first (every kind of token), then REST
 * GET /user (a personal token on a server without GraphQL). When neither names it, the workflow's
 * own GITHUB_TOKEN is assumed (github-actions[bot]); a token that is not it then never adopts a
 * comment, and keepOldest folds the comments its runs create into the oldest.
 */
export async function tokenLogin(client: GitHubClient): Promise<string> {
  const unanswered = (err: unknown): boolean => {
    const status = httpStatus(err);
    if (err instanceof Error && err.name === 'GraphqlResponseError') return true;
    return (status === 401 || status === 403 || status === 404) && !isRateLimited(err);
  };
  try {
    const login = (await client.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')).viewer?.login;
    if (typeof login === 'string' && login !== '') return login;
  } catch (err) {
    if (!unanswered(err)) throw new ApiError('POST /graphql (viewer: the account the token comments as)', err, 'Re-run the job; set "comment: false" to skip the comment.');
  }
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (err) {
    if (unanswered(err)) return GITHUB_ACTIONS_BOT;
    throw new ApiError('GET /user', err, 'Re-run the job; set "comment: false" to skip the comment.');
  }
}

/** Our oldest comment: one that starts with the markers and was written by `login`. */
export function findOurs(comments: readonly IssueComment[], login: string): IssueComment | undefined {
  return comments.filter(isMarked).find((c) => c.user?.login === login);
}

/** Starts with the two markers, as commentBody writes them: a comment that quotes them elsewhere is not one. */
const MARKED = new RegExp(`^${escapeRegExp(COMMENT_MARKER)}\\r?\\n${escapeRegExp(ACTION_MARKER)}\\r?\\n`);

function isMarked(c: IssueComment): boolean {
  return c.user !== null && typeof c.body === 'string' && MARKED.test(c.body);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
