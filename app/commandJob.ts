// `/modelgate` commands in pull request comments: `recheck` re-runs the gate; `waive` is checked
// (who asks, and whether the waiver is valid), the gate re-runs so the waiver shows in the check run
// and checklist, and one reply says, per command, accepted or why not. Every user string in the
// reply is escaped, commands included: no hidden marker, no mention, no command ever appears in it
// verbatim (another bot reading markers must not take the App's reply for its own comment).
// Editing or deleting a comment re-runs the gate only when its author may grant waivers: anybody
// else's edits change nothing, so they trigger nothing.
import { cellCode, code, md } from '../src/index.js';
import type { Waiver } from '../src/index.js';
import { parseCommands, RECHECK_SYNTAX, WAIVE_SYNTAX, type Command } from './commands.js';
import { refusal, waiverOf, type ChangeAuthors } from './commentWaivers.js';
import { recordedPushers } from './checklistComment.js';
import { GitHubApi, type IssueComment, type PullRequest } from './github.js';
import { authorsOf, gatePullRequest, type AppDeps, type GateOutcome, type RepoContext } from './jobs.js';

/** Who may ask for a re-check: the PR's author and the repository's people (no drive-by reruns). */
const RECHECK_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export interface CommentEvent {
  number: number;
  comment: IssueComment;
  authorAssociation: string;
  action: 'created' | 'edited' | 'deleted';
  previousBody?: string;
}

export interface CommandOutcome {
  gate?: GateOutcome;
  reply?: string;
}

export async function handleComment(rc: RepoContext, deps: AppDeps, ev: CommentEvent): Promise<CommandOutcome> {
  const { comment } = ev;
  if (comment.userType === 'Bot') return {};
  const commands = parseCommands(comment.body);
  if (ev.action !== 'created') {
    // Editing or deleting a waiver comment changes the waivers: re-evaluate (stateless), no reply.
    const before = parseCommands(ev.previousBody ?? '');
    if (![...commands, ...before].some((c) => c.kind === 'waive')) return {};
    const api = new GitHubApi(rc.octokit, rc.ref, new AbortController().signal);
    const pr = await api.pull(ev.number);
    if (pr.state !== 'open') return {};
    // Only a comment whose author may grant waivers holds waivers that count.
    if ((await refusal(comment.login, comment.userType, await authorsNow(api, pr, deps), (login) => api.role(login))) !== undefined) {
      rc.log.info({ user: comment.login }, 'edit of a comment whose author may not waive; nothing to re-evaluate');
      return {};
    }
    return { gate: await gatePullRequest(rc, deps, { number: ev.number, pr }) };
  }
  if (commands.length === 0) return {};

  const api = new GitHubApi(rc.octokit, rc.ref, new AbortController().signal);
  const pr = await api.pull(ev.number);
  if (pr.state !== 'open') return {};
  let authors: Promise<ChangeAuthors> | undefined;
  const lines: string[] = [];
  const accepted: { cmd: Extract<Command, { kind: 'waive' }>; waiver: Waiver }[] = [];
  let rerun = false;
  for (const cmd of commands) {
    if (cmd.kind === 'recheck') {
      if (RECHECK_ASSOCIATIONS.has(ev.authorAssociation) || comment.login === pr.author) rerun = true;
      else rc.log.info({ user: comment.login }, 'recheck ignored: not the author, a member or a collaborator');
    } else if (cmd.kind === 'invalid') {
      lines.push(`- ❔ Not understood: ${cellCode(cmd.line)}: ${md(cmd.problem)}`);
    } else {
      authors ??= authorsNow(api, pr, deps);
      const why = await refusal(comment.login, comment.userType, await authors, (login) => api.role(login));
      const waiver = why === undefined ? waiverOf(cmd, comment) : why;
      if (typeof waiver === 'string') lines.push(`- ❌ Waiver not accepted: ${cellCode(cmd.line)}: ${md(waiver)}`);
      else {
        accepted.push({ cmd, waiver });
        rerun = true;
      }
    }
  }
  const gate = rerun ? await gatePullRequest(rc, deps, { number: ev.number, pr }) : undefined;
  for (const { waiver } of accepted) lines.push(acceptedLine(waiver, gate));
  if (lines.length === 0) return gate ? { gate } : {};
  if (commands.some((c) => c.kind === 'invalid')) lines.push('', `Commands: ${code(RECHECK_SYNTAX)} · ${code(WAIVE_SYNTAX)}`);
  // html_url is GitHub's own URL for the comment, not user text.
  const reply = [`modelgate, in reply to [this comment](${comment.htmlUrl}):`, '', ...lines].join('\n');
  await api.createComment(ev.number, reply, deps.botLogin);
  return { ...(gate ? { gate } : {}), reply };
}

/** Who wrote the change now: the opener, the commits' people, the pushers the checklist recorded. */
async function authorsNow(api: GitHubApi, pr: PullRequest, deps: AppDeps): Promise<ChangeAuthors> {
  const [comments, login] = await Promise.all([api.comments(pr.number), deps.botLogin()]);
  return authorsOf(api, pr, recordedPushers(comments, login));
}

function acceptedLine(w: Waiver, gate: GateOutcome | undefined): string {
  const what = `${cellCode(w.check)} on ${cellCode(w.model)} (${w.reason}) until ${md(w.expires)}, granted by ${md(w.approver)}: ${md(w.note ?? '')}`;
  let effect: string;
  if (!gate || gate.status !== 'completed') effect = 'The re-evaluation did not complete; see the `modelgate` check run.';
  else {
    const listed = gate.report?.waivers.find((x) => x.source === w.source && x.model === w.model && x.check === w.check);
    effect =
      listed?.status === 'active'
        ? 'It now applies to the failing check.'
        : 'No failing check matches it at the moment; it is listed as unused and applies if the check fails later, until it expires.';
  }
  return `- ✅ Waiver accepted: ${what}. ${effect}`;
}
