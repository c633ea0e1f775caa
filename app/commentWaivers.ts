// Waivers granted in pull request comments. Nothing is stored: every evaluation re-reads the PR's
// comments and keeps the `/modelgate waive` commands that are valid AND whose author may grant them
// (write, maintain or admin on the repository, and not the pull request's author). A comment by
// anyone else, or by a bot, counts for nothing, whatever it says.
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

/** Every valid waiver granted by an authorised commenter. Roles are looked up once per person. */
export async function commentWaivers(comments: readonly IssueComment[], prAuthor: string, roleOf: (login: string) => Promise<string>): Promise<Waiver[]> {
  const roles = new Map<string, Promise<string>>();
  const cachedRole = (login: string): Promise<string> => {
    let r = roles.get(login);
    if (!r) {
      r = roleOf(login);
      roles.set(login, r);
    }
    return r;
  };
  const waivers: Waiver[] = [];
  for (const c of comments) {
    const commands = parseCommands(c.body).filter((x): x is WaiveCommand => x.kind === 'waive');
    if (commands.length === 0) continue;
    if ((await refusal(c.login, c.userType, prAuthor, cachedRole)) !== undefined) continue;
    for (const cmd of commands) {
      const w = waiverOf(cmd, c);
      if (typeof w !== 'string') waivers.push(w);
    }
  }
  return waivers;
}
