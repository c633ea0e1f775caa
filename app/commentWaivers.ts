// Waivers granted in pull request comments. Nothing is stored: every evaluation re-reads the PR's
// comments and keeps the `/modelgate waive` commands that are valid AND whose author may grant them
// (write, maintain or admin on the repository, and not the pull request's author). A comment by
// anyone else, or by a bot, counts for nothing, whatever it says.
// GitHub lets anyone with write access edit anyone's comment, and the comment keeps its author: a
// pull request author with write access could turn a reviewer's "LGTM" into a waiver granted in the
// reviewer's name. So an edited comment's waivers count only when its last editor (GraphQL `editor`;
// REST does not say) is its author.
import { validateWaiver, type Waiver } from '../src/waivers.js';
import { parseCommands, type Command } from './commands.js';
import type { IssueComment } from './github.js';

export const GRANTING_ROLES = new Set(['admin', 'maintain', 'write']);

export type WaiveCommand = Extract<Command, { kind: 'waive' }>;

/** Why `login` may not grant waivers on this PR, or undefined when they may. */
export async function refusal(login: string, userType: string, prAuthor: string, roleOf: (login: string) => Promise<string>): Promise<string | undefined> {
  if (userType === 'Bot') return 'waivers are granted by people, not bots';
  if (login.toLowerCase() === prAuthor.toLowerCase()) return 'the author of a pull request cannot waive its checks; ask a reviewer with write access';
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
export async function commentWaivers(comments: readonly IssueComment[], prAuthor: string, roleOf: (login: string) => Promise<string>, editorsOf: EditorsOf): Promise<Waiver[]> {
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
    if ((await refusal(c.login, c.userType, prAuthor, cachedRole)) !== undefined) continue;
    for (const cmd of commands) {
      const w = waiverOf(cmd, c);
      if (typeof w !== 'string') waivers.push(w);
    }
  }
  return waivers;
}
