// The Action's comment: one per pull request, updated in place on every run (also when the pull
// request turns green), written and found through the shared sticky comment
// (adapters/github/stickyComment.ts: ours only by marker AND the token's own account, asked of
// GitHub through GraphQL `viewer`; never created twice). This file adds what is the Action's: its
// body, the freshness check (a run whose head is no longer the pull request's head leaves the
// comment to the newer run), and degrading to summary and annotations when the token may not write
// (a fork's read-only GITHUB_TOKEN, or no pull-requests: write); any other failure is an error.
import { renderMarkdown } from '../src/check.js';
import type { Report } from '../src/index.js';
import { checkedMarkdown, notesMarkdown } from './summary.js';
import type { Repo } from './event.js';
import { ApiError, httpStatus, isRateLimited, NO_RETRIES, tokenLogin, upsertStickyComment as upsertSticky, type CommentPort, type GitHubClient, type StickyComment } from '../adapters/github/index.js';

export const COMMENT_MARKER = '<!-- modelgate:comment -->';
/** Tells the Action's comment from the modelgate App's, which may use the same marker. */
export const ACTION_MARKER = '<!-- modelgate:source=action -->';
/** GitHub's limit on a comment body, in characters. */
export const COMMENT_MAX_CHARS = 65_536;

export type CommentResult =
  | { kind: 'created' | 'updated'; url: string }
  | { kind: 'not-needed' }
  | { kind: 'degraded'; reason: string }
  /** The pull request's head moved on since this run's event: the run for `head` writes the comment. */
  | { kind: 'stale'; head: string };

const FIX = 'Re-run the job; set "comment: false" to skip the comment.';

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
}

const sticky = (c: IssueComment): StickyComment => ({ id: c.id, body: c.body ?? '', login: c.user?.login ?? '', url: c.html_url });

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
  let head: string;
  try {
    head = (await client.rest.pulls.get({ ...repo, pull_number: pr.number })).data.head.sha;
  } catch (err) {
    throw new ApiError(`GET /repos/${repo.owner}/${repo.repo}/pulls/${pr.number}`, err, FIX);
  }
  if (head !== pr.headSha) return { kind: 'stale', head };

  let result;
  try {
    result = await upsertSticky(commentPort(client, repo, pr.number), body, { marked: (text) => MARKED.test(text), login: () => tokenLogin(client, FIX), createIfMissing, rewriteUnchanged: true });
  } catch (err) {
    const status = httpStatus(err);
    if ((status === 403 || status === 404) && !isRateLimited(err)) return cannotWrite(pr.fork, status);
    throw err;
  }
  if (result.kind === 'not-needed') return result;
  return { kind: result.kind === 'created' ? 'created' : 'updated', url: result.url };
}

function cannotWrite(fork: boolean, status: number): CommentResult {
  return {
    kind: 'degraded',
    reason: fork
      ? `This pull request comes from a fork, and the workflow's token cannot write to this repository (HTTP ${status}), so modelgate posted no comment. The job summary and annotations carry the full result.`
      : `The token cannot write pull request comments (HTTP ${status}), so modelgate posted no comment. Grant "permissions: pull-requests: write" to the job, or set "comment: false".`,
  };
}

/** The pull request's comments through the token's client, each failure an ApiError naming its call. */
function commentPort(client: GitHubClient, repo: Repo, number: number): CommentPort {
  const where = `/repos/${repo.owner}/${repo.repo}/issues/${number}/comments`;
  const named = async <T>(step: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw new ApiError(step, err, FIX);
    }
  };
  return {
    list: () => named(`GET ${where}`, async () => (await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 })).map(sticky)),
    create: (text) => named(`POST ${where}`, async () => sticky((await client.rest.issues.createComment({ ...repo, issue_number: number, body: text, request: NO_RETRIES })).data)),
    update: (id, text) => named(`PATCH /repos/${repo.owner}/${repo.repo}/issues/comments/${id}`, async () => void (await client.rest.issues.updateComment({ ...repo, comment_id: id, body: text }))),
    remove: (id) =>
      named(`DELETE /repos/${repo.owner}/${repo.repo}/issues/comments/${id} (a second modelgate comment)`, async () => {
        await client.rest.issues.deleteComment({ ...repo, comment_id: id }).catch((err: unknown) => {
          if (httpStatus(err) !== 404) throw err;
        });
      }),
  };
}

/** Starts with the two markers, as commentBody writes them: a comment that quotes them elsewhere is not one. */
const MARKED = new RegExp(`^${escapeRegExp(COMMENT_MARKER)}\\r?\\n${escapeRegExp(ACTION_MARKER)}\\r?\\n`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
