// Waivers granted in pull request comments. Nothing is stored: every evaluation re-reads the PR's
// comments and keeps the `/modelgate waive` commands that are valid AND whose author may grant them:
// write, maintain or admin on the repository, and none of the people who wrote the change: not the
// user who opened the pull request, not an author or committer of any of its commits, not anyone
// seen pushing to its branch (someone with write access could otherwise push the change, have a
// second account open the pull request, and waive). A comment by anyone else, or by a bot, counts
// for nothing, whatever it says.
// GitHub lets anyone with write access edit anyone's comment, and the comment keeps its author: a
// pull request author with write access could turn a reviewer's "LGTM" into a waiver granted in the
// reviewer's name. So an edited comment's waivers count only when its last editor (GraphQL `editor`;
// REST does not say) is its author.
import { validateWaiver } from '../src/index.js';
import type { Waiver } from '../src/index.js';
import { parseCommands, type Command } from './commands.js';
import type { IssueComment } from './github.js';

export const GRANTING_ROLES = new Set(['admin', 'maintain', 'write']);

export type WaiveCommand = Extract<Command, { kind: 'waive' }>;

/** Who wrote a pull request's change: none of them may waive its checks. Logins in lower case. */
export interface ChangeAuthors {
  /** The user who opened the pull request. */
  opener: string;
  /** Authors and committers of its commits (GitHub accounts linked to them). */
  committers: ReadonlySet<string>;
  /** Users seen pushing to its branch (synchronize senders, recorded in the checklist comment). */
  pushers: ReadonlySet<string>;
  /** False when GitHub could not list every commit (over 250): nobody may then waive. */
  complete: boolean;
}

export function changeAuthors(opener: string, committers: Iterable<string>, pushers: Iterable<string>, complete = true): ChangeAuthors {
  const lower = (xs: Iterable<string>) => new Set([...xs].map((x) => x.toLowerCase()));
  return { opener: opener.toLowerCase(), committers: lower(committers), pushers: lower(pushers), complete };
}

/** Why `login` may not grant waivers on this PR, or undefined when they may. */
export async function refusal(login: string, userType: string, authors: ChangeAuthors, roleOf: (login: string) => Promise<string>): Promise<string | undefined> {
  if (userType === 'Bot') return 'waivers are granted by people, not bots';
  const who = login.toLowerCase();
  if (who === authors.opener) return 'the author of a pull request cannot waive its checks; ask a reviewer with write access';
  if (authors.committers.has(who)) return 'an author or committer of commits in this pull request cannot waive its checks; ask a reviewer who did not write the change';
  if (authors.pushers.has(who)) return "someone who pushed to this pull request's branch cannot waive its checks; ask a reviewer who did not write the change";
  if (!authors.complete) return 'GitHub lists at most 250 commits of a pull request, so modelgate cannot tell who wrote this one and accepts no waiver in its comments; use the waivers file on the base branch';
  const role = await roleOf(login);
  if (!GRANTING_ROLES.has(role)) return `granting a waiver needs write access to the repository; ${login} has ${role === 'none' ? 'no access' : `the ${role} role`}`;
  return undefined;
}

/** The waiver a command grants, or a message saying why it is invalid. */
export function waiverOf(cmd: WaiveCommand, comment: Pick<IssueComment, 'login' | 'createdAt' | 'htmlUrl'>): Waiver | string {
  return validateWaiver(
    {
      model: cmd.model,
      check: cmd.check,
      reason: cmd.reason,
      approver: `@${comment.login}`,
      granted: comment.createdAt.slice(0, 10),
      expires: cmd.until,
      note: cmd.note,
    },
    comment.htmlUrl,
  );
}

/** By comment node id: the login of the comment's last editor, null when never edited, absent when unknown. */
export type EditorsOf = (nodeIds: readonly string[]) => Promise<ReadonlyMap<string, string | null>>;

/** Whether a comment holds what its author wrote: never edited, or last edited by the author. */
function ownWords(c: IssueComment, editors: ReadonlyMap<string, string | null>): boolean {
  if (c.updatedAt === c.createdAt) return true;
  const editor = editors.get(c.nodeId);
  if (editor === undefined) return false;
  return editor === null || editor.toLowerCase() === c.login.toLowerCase();
}

/** Every valid waiver granted by an authorised commenter. Roles are looked up once per person. */
export async function commentWaivers(comments: readonly IssueComment[], authors: ChangeAuthors, roleOf: (login: string) => Promise<string>, editorsOf: EditorsOf): Promise<Waiver[]> {
  const roles = new Map<string, Promise<string>>();
  const cachedRole = (login: string): Promise<string> => {
    let r = roles.get(login);
    if (!r) {
      r = roleOf(login);
      roles.set(login, r);
    }
    return r;
  };
  const withWaivers = comments.filter((c) => parseCommands(c.body).some((x) => x.kind === 'waive'));
  const edited = withWaivers.filter((c) => c.updatedAt !== c.createdAt).map((c) => c.nodeId);
  const editors = edited.length > 0 ? await editorsOf(edited) : new Map<string, string | null>();
  const waivers: Waiver[] = [];
  for (const c of withWaivers) {
    const commands = parseCommands(c.body).filter((x): x is WaiveCommand => x.kind === 'waive');
    if (!ownWords(c, editors)) continue;
    if ((await refusal(c.login, c.userType, authors, cachedRole)) !== undefined) continue;
    for (const cmd of commands) {
      const w = waiverOf(cmd, c);
      if (typeof w !== 'string') waivers.push(w);
    }
  }
  return waivers;
}
