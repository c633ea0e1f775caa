// `/modelgate` commands in pull request comments: `recheck` re-runs the gate; `waive` is checked
// (who asks, and whether the waiver is valid), the gate re-runs so the waiver shows in the check run
// and checklist, and one reply says, per command, accepted or why not. Every user string in the
// reply is escaped: it quotes commands as code and never mentions anyone.
import { code, md } from '../src/report/escape.js';
import type { Waiver } from '../src/waivers.js';
import { parseCommands, RECHECK_SYNTAX, WAIVE_SYNTAX, type Command } from './commands.js';
import { refusal, waiverOf } from './commentWaivers.js';
import { GitHubApi, type IssueComment } from './github.js';
import { gatePullRequest, type AppDeps, type GateOutcome, type RepoContext } from './jobs.js';

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
    const touchesWaivers = [...commands, ...before].some((c) => c.kind === 'waive');
    return touchesWaivers ? { gate: await gatePullRequest(rc, deps, { number: ev.number }) } : {};
  }
  if (commands.length === 0) return {};

  const api = new GitHubApi(rc.octokit, rc.ref, new AbortController().signal);
  const pr = await api.pull(ev.number);
  if (pr.state !== 'open') return {};
  const lines: string[] = [];
  const accepted: { cmd: Extract<Command, { kind: 'waive' }>; waiver: Waiver }[] = [];
  let rerun = false;
  for (const cmd of commands) {
    if (cmd.kind === 'recheck') {
      if (RECHECK_ASSOCIATIONS.has(ev.authorAssociation) || comment.login === pr.author) rerun = true;
      else rc.log.info({ user: comment.login }, 'recheck ignored: not the author, a member or a collaborator');
    } else if (cmd.kind === 'invalid') {
      lines.push(`- ❔ Not understood: ${code(cmd.line)}: ${md(cmd.problem)}`);
    } else {
      const why = await refusal(comment.login, comment.userType, pr.author, (login) => api.role(login));
      const waiver = why === undefined ? waiverOf(cmd, comment) : why;
      if (typeof waiver === 'string') lines.push(`- ❌ Waiver not accepted: ${code(cmd.line)}: ${md(waiver)}`);
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

function acceptedLine(w: Waiver, gate: GateOutcome | undefined): string {
  const what = `${code(w.check)} on ${code(w.model)} (${w.reason}) until ${md(w.expires)}, granted by ${md(w.approver)}: ${md(w.note ?? '')}`;
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
