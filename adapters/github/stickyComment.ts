// One comment per pull request, edited in place: the Action's result comment and the App's
// checklist. A comment is ours only when its body starts with our marker AND it was written by our
// own account (the token's, asked of GitHub: viewer.ts; the App's bot), so a comment of another bot
// or of a person that quotes the marker is never adopted, overwritten or taken for ours.
//
// Never two comments: the create goes through createOnce (a failed create is followed by a look for
// what it may have made, never by a blind second write). After a create, when another run created
// one too (both found none), the oldest is kept: each run deletes only the comment it made itself,
// and only when an older one of the same account exists, so concurrent runs converge on one.
// Duplicates found later (an earlier failure) are deleted, keeping the oldest.
import { createOnce, type CreateOnceOptions } from './createOnce.js';

export interface StickyComment {
  id: number;
  body: string;
  /** The author's login ('' when GitHub names none: a deleted account). */
  login: string;
  url: string;
}

/** The comment calls, each naming its own failure (the caller's ApiError and fix). */
export interface CommentPort {
  list: () => Promise<StickyComment[]>;
  /** One POST with Octokit's retries off (NO_RETRIES): createOnce decides about another. */
  create: (body: string) => Promise<StickyComment>;
  update: (id: number, body: string) => Promise<void>;
  /** Deletes; a comment already gone (404) is no failure. */
  remove: (id: number) => Promise<void>;
}

export interface StickyOptions {
  /** Whether a body is ours by its marker (a test anchored at the start of the body). */
  marked: (body: string) => boolean;
  /** Our account's login; asked only when needed. */
  login: () => Promise<string>;
  /** False: update a comment of ours if there is one, create none. */
  createIfMissing: boolean;
  /** A comment list already read: used when it holds ours, re-read otherwise before creating. */
  known?: readonly StickyComment[];
  /** Write even when the body is unchanged (a fresh "edited" time); default false. */
  rewriteUnchanged?: boolean;
  create?: CreateOnceOptions;
}

export type StickyResult = { kind: 'created' | 'updated' | 'unchanged'; url: string } | { kind: 'not-needed' };

/** Ours among `comments`, oldest first. */
export function ourComments(comments: readonly StickyComment[], login: string, marked: (body: string) => boolean): StickyComment[] {
  return comments.filter((c) => c.login !== '' && c.login === login && marked(c.body)).sort((a, b) => a.id - b.id);
}

export async function upsertStickyComment(port: CommentPort, body: string, options: StickyOptions): Promise<StickyResult> {
  let login: string | undefined;
  const ownLogin = async (): Promise<string> => (login ??= await options.login());
  // Asks for the login only when a marked comment exists (for the Action, one GraphQL call saved).
  const mine = async (comments: readonly StickyComment[]): Promise<StickyComment[]> =>
    comments.some((c) => options.marked(c.body)) ? ourComments(comments, await ownLogin(), options.marked) : [];
  const write = async (comment: StickyComment, kind: 'created' | 'updated'): Promise<StickyResult> => {
    if (comment.body === body && !options.rewriteUnchanged) return { kind: kind === 'created' ? kind : 'unchanged', url: comment.url };
    await port.update(comment.id, body);
    return { kind, url: comment.url };
  };

  let ours = options.known ? await mine(options.known) : [];
  if (ours.length === 0 && (options.createIfMissing || !options.known)) ours = await mine(await port.list());
  const [oldest, ...duplicates] = ours;
  if (oldest) {
    for (const c of duplicates) await port.remove(c.id);
    return write(oldest, 'updated');
  }
  if (!options.createIfMissing) return { kind: 'not-needed' };

  let found: StickyComment | undefined;
  const created = await createOnce(
    () => port.create(body),
    async () => (found = (await mine(await port.list()))[0]),
    options.create,
  );
  if (created === found) {
    // A failed attempt had landed (the body is ours to the letter), or another run created one meanwhile.
    return created.body === body ? { kind: 'created', url: created.url } : write(created, 'updated');
  }
  return keepOldest(port, created, body, options.marked);
}

/** After creating `created`: when an older comment of the same account exists, that one is kept and ours deleted. */
async function keepOldest(port: CommentPort, created: StickyComment, body: string, marked: (body: string) => boolean): Promise<StickyResult> {
  const oldest = ourComments(await port.list(), created.login, marked)[0];
  if (!oldest || oldest.id >= created.id) return { kind: 'created', url: created.url };
  await port.remove(created.id);
  if (oldest.body !== body) await port.update(oldest.id, body);
  return { kind: 'updated', url: oldest.url };
}
