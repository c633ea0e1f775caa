// One modelgate comment per pull request, updated in place on every run (also when the pull request
// turns green). A comment is ours when it carries the hidden markers AND was written by the token's
// own account: the login from GET /user for a personal token; for an installation token (the
// workflow's GITHUB_TOKEN, whose GET /user answers 403) a bot account, github-actions[bot] first.
// A token that may not write (a fork's read-only GITHUB_TOKEN, or no pull-requests: write) makes
// the Action degrade to summary and annotations; any other API failure is an error.
import type { Report } from '../src/types.js';
import { renderMarkdown } from '../src/report/markdown.js';
import type { Repo } from './event.js';
import { ApiError, httpStatus, isRateLimited, type GitHubClient } from './github.js';

export const COMMENT_MARKER = '<!-- modelgate:comment -->';
/** Tells the Action's comment from the modelgate App's, which may use the same marker. */
export const ACTION_MARKER = '<!-- modelgate:source=action -->';
/** GitHub's limit on a comment body, in characters. */
export const COMMENT_MAX_CHARS = 65_536;
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export type CommentResult = { kind: 'created' | 'updated'; url: string } | { kind: 'not-needed' } | { kind: 'degraded'; reason: string };

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type: string } | null;
}

export function commentBody(report: Report, runUrl: string | undefined): string {
  const head = `${COMMENT_MARKER}\n${ACTION_MARKER}\n`;
  const foot = runUrl ? `\n\n<sub>[Job summary and annotations](${runUrl})</sub>\n` : '\n';
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
  pr: { number: number; fork: boolean },
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
  const deniedOrThrow = (what: string, err: unknown): CommentResult => {
    const status = httpStatus(err);
    if ((status === 403 || status === 404) && !isRateLimited(err)) return cannotWrite(status);
    throw new ApiError(what, err, 'Re-run the job; set "comment: false" to skip the comment.');
  };

  let comments: IssueComment[];
  try {
    comments = await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: pr.number, per_page: 100 });
  } catch (err) {
    return deniedOrThrow(`GET ${where}`, err);
  }
  const marked = comments.filter(isMarked);
  const ours = marked.length > 0 ? findOurs(marked, await tokenLogin(client)) : undefined;
  if (ours) {
    try {
      const res = await client.rest.issues.updateComment({ ...repo, comment_id: ours.id, body });
      return { kind: 'updated', url: res.data.html_url };
    } catch (err) {
      return deniedOrThrow(`PATCH /repos/${repo.owner}/${repo.repo}/issues/comments/${ours.id}`, err);
    }
  }
  if (!createIfMissing) return { kind: 'not-needed' };
  try {
    const res = await client.rest.issues.createComment({ ...repo, issue_number: pr.number, body });
    return { kind: 'created', url: res.data.html_url };
  } catch (err) {
    return deniedOrThrow(`POST ${where}`, err);
  }
}

/** The login of the token's account, or null for an installation token (GET /user is forbidden). */
async function tokenLogin(client: GitHubClient): Promise<string | null> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (err) {
    const status = httpStatus(err);
    if ((status === 401 || status === 403 || status === 404) && !isRateLimited(err)) return null;
    throw new ApiError('GET /user', err, 'Re-run the job; set "comment: false" to skip the comment.');
  }
}

/** Our oldest marked comment: by `login`, or (installation token) by a bot, github-actions[bot] first. */
export function findOurs(comments: readonly IssueComment[], login: string | null): IssueComment | undefined {
  const marked = comments.filter(isMarked);
  if (login !== null) return marked.find((c) => c.user?.login === login);
  return marked.find((c) => c.user?.login === GITHUB_ACTIONS_BOT) ?? marked.find((c) => c.user?.type === 'Bot');
}

function isMarked(c: IssueComment): boolean {
  return c.user !== null && c.body?.includes(COMMENT_MARKER) === true && c.body.includes(ACTION_MARKER);
}
