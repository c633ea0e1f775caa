// Exactly one checklist comment per pull request, edited in place, through the sticky comment the
// Action uses too (adapters/github/stickyComment.ts): found by a hidden marker AND the App's own
// login, so nobody can plant a comment the App would then overwrite or trust; created through
// createOnce, and after creating, a duplicate that a concurrent instance created is folded into the
// oldest. Within one process, jobs for the same PR are serialised (see lock.ts), so a redelivered
// or concurrent event finds the comment the first one wrote.
import { renderMarkdown, code } from '../src/index.js';
import type { Report } from '../src/index.js';
import { ApiError, type GitHubApi, type IssueComment } from './github.js';
import { upsertStickyComment, type CommentPort, type StickyComment } from '../adapters/github/stickyComment.js';

export const CHECKLIST_MARKER = '<!-- modelgate:checklist -->';
/** Second line of the checklist: who pushed to the branch (they may not waive; commentWaivers.ts). */
const PUSHERS_PREFIX = '<!-- modelgate:pushers ';
const MAX_COMMENT = 65_536;
/** A GitHub login (bots end in [bot]); anything else is not recorded. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

export function isChecklist(c: IssueComment, botLogin: string): boolean {
  return c.login === botLogin && c.body.startsWith(CHECKLIST_MARKER);
}

/** The pushers recorded in the App's own checklist comment (none when there is no such comment). */
export function recordedPushers(comments: readonly IssueComment[], botLogin: string): string[] {
  const out = new Set<string>();
  for (const c of comments) {
    if (!isChecklist(c, botLogin)) continue;
    const line = c.body.split('\n')[1] ?? '';
    if (!line.startsWith(PUSHERS_PREFIX) || !line.endsWith(' -->')) continue;
    for (const login of line.slice(PUSHERS_PREFIX.length, -' -->'.length).split(' ')) if (LOGIN.test(login)) out.add(login);
  }
  return [...out];
}

export interface ChecklistParts {
  /** What was judged (judged.ts): the commits and the file list. */
  judged: string;
  /** What merging would do to the remediation issues (remediation.ts), or ''. */
  remediation: string;
  /** Everyone seen pushing to the branch so far, recorded for the next evaluation. */
  pushers: readonly string[];
}

export function checklistBody(report: Report, sha: string, parts: ChecklistParts): string {
  const pushers = [...new Set(parts.pushers)].filter((l) => LOGIN.test(l)).sort();
  const head = [
    CHECKLIST_MARKER,
    `${PUSHERS_PREFIX}${pushers.join(' ')} -->`,
    `<sub>Evaluated at ${code(sha.slice(0, 12))}; this comment is updated on every push.</sub>`,
    '',
    parts.judged,
    '',
  ].join('\n');
  const tail = parts.remediation ? `\n\n${parts.remediation}` : '';
  return head + renderMarkdown(report, { maxChars: MAX_COMMENT - head.length - tail.length, truncationNote: 'The `modelgate` check run annotates up to 50 results; run `modelgate check` locally for the full report.' }) + tail;
}

export type ChecklistWrite = 'created' | 'updated' | 'unchanged' | 'skipped';

const sticky = (c: IssueComment): StickyComment => ({ id: c.id, body: c.body, login: c.login, url: c.htmlUrl });

/**
 * Writes the checklist. `known` is the comment list the job already read (for waivers); it is
 * re-read before creating. With nothing to report and no comment yet (`quiet`), no comment is created.
 */
export async function publishChecklist(api: GitHubApi, pr: number, body: string, known: readonly IssueComment[], botLogin: string, quiet: boolean): Promise<ChecklistWrite> {
  const port: CommentPort = {
    list: async () => (await api.comments(pr)).map(sticky),
    create: (text) => api.postComment(pr, text),
    update: (id, text) => api.updateComment(id, text),
    remove: (id) => api.deleteComment(id),
  };
  try {
    const result = await upsertStickyComment(port, body, {
      marked: (text) => text.startsWith(CHECKLIST_MARKER),
      login: () => Promise.resolve(botLogin),
      createIfMissing: !quiet,
      known: known.map(sticky),
      create: { signal: api.signal },
    });
    return result.kind === 'not-needed' ? 'skipped' : result.kind;
  } catch (err) {
    // A create that failed for good was not recorded by its call (createOnce may have tried again).
    if (err instanceof ApiError) api.recordFailure(err);
    throw err;
  }
}
