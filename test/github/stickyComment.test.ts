// The sticky comment the Action and the App share, over an in-memory comment list: ours only by
// marker AND our login, never created twice (a lost answer, a concurrent run), duplicates folded
// into the oldest.
import { describe, expect, it } from 'vitest';
import { upsertStickyComment, type CommentPort, type StickyComment } from '../../adapters/github/stickyComment.js';

const MARKER = '<!-- test:sticky -->';
const ME = 'gate[bot]';
const marked = (body: string) => body.startsWith(MARKER);
const noDelay = { delayMs: () => 0 };

/** GitHub's comments of one pull request; `onCreate` may fault a create (after or before it lands). */
class Thread implements CommentPort {
  comments: StickyComment[] = [];
  calls: string[] = [];
  private next = 1;
  onCreate?: (attempt: number) => 'lost' | 'fail' | undefined;
  /** Runs after the first list, before anything else (another run writing meanwhile). */
  afterList?: () => void;

  add(body: string, login: string): StickyComment {
    const c = { id: this.next++, body, login, url: `https://github.test/c/${this.next}` };
    this.comments.push(c);
    return c;
  }
  list = async () => {
    this.calls.push('list');
    const out = this.comments.map((c) => ({ ...c }));
    const after = this.afterList;
    this.afterList = undefined;
    after?.();
    return out;
  };
  create = async (body: string) => {
    const attempt = this.calls.filter((c) => c === 'create').length + 1;
    this.calls.push('create');
    const fault = this.onCreate?.(attempt);
    if (fault === 'fail') throw Object.assign(new Error('Bad Gateway'), { status: 502 });
    const c = this.add(body, ME);
    if (fault === 'lost') throw Object.assign(new Error('Bad Gateway'), { status: 502 });
    return { ...c };
  };
  update = async (id: number, body: string) => {
    this.calls.push(`update ${id}`);
    const c = this.comments.find((x) => x.id === id);
    if (c) c.body = body;
  };
  remove = async (id: number) => {
    this.calls.push(`remove ${id}`);
    this.comments = this.comments.filter((c) => c.id !== id);
  };
  ours(): StickyComment[] {
    return this.comments.filter((c) => c.login === ME && marked(c.body));
  }
}

const options = (over: Partial<Parameters<typeof upsertStickyComment>[2]> = {}) => ({ marked, login: async () => ME, createIfMissing: true, create: noDelay, ...over });

describe('the sticky comment', () => {
  it('creates one when there is none, and updates it in place afterwards', async () => {
    const t = new Thread();
    expect(await upsertStickyComment(t, `${MARKER}\nv1`, options())).toMatchObject({ kind: 'created' });
    expect(await upsertStickyComment(t, `${MARKER}\nv2`, options())).toMatchObject({ kind: 'updated' });
    expect(await upsertStickyComment(t, `${MARKER}\nv2`, options())).toMatchObject({ kind: 'unchanged' });
    expect(t.ours().map((c) => c.body)).toEqual([`${MARKER}\nv2`]);
    expect(t.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('never adopts the marker written by someone else, nor a comment of ours that only quotes it', async () => {
    const t = new Thread();
    const planted = t.add(`${MARKER}\nplanted`, 'mallory');
    const quoted = t.add(`> ${MARKER}\nquoted`, ME);
    await upsertStickyComment(t, `${MARKER}\nmine`, options());
    expect(t.comments.find((c) => c.id === planted.id)?.body).toBe(`${MARKER}\nplanted`);
    expect(t.comments.find((c) => c.id === quoted.id)?.body).toBe(`> ${MARKER}\nquoted`);
    expect(t.ours()).toHaveLength(1);
  });

  it('asks for its login only when a marked comment exists', async () => {
    const t = new Thread();
    t.add('an ordinary comment', 'dana');
    let asked = 0;
    await upsertStickyComment(t, `${MARKER}\nx`, options({ login: async () => (asked++, ME) }));
    expect(asked).toBe(0);
  });

  it('without createIfMissing, updates its comment if there is one and creates none', async () => {
    const t = new Thread();
    expect(await upsertStickyComment(t, `${MARKER}\nx`, options({ createIfMissing: false }))).toEqual({ kind: 'not-needed' });
    expect(t.comments).toHaveLength(0);
  });

  it('uses a list already read when it holds the comment, and reads again before creating', async () => {
    const t = new Thread();
    const mine = t.add(`${MARKER}\nold`, ME);
    await upsertStickyComment(t, `${MARKER}\nnew`, options({ known: [{ ...mine }] }));
    expect(t.calls).toEqual([`update ${mine.id}`]);

    const u = new Thread();
    u.add(`${MARKER}\nmade by a concurrent job`, ME);
    expect(await upsertStickyComment(u, `${MARKER}\nnew`, options({ known: [] }))).toMatchObject({ kind: 'updated' });
    expect(u.ours()).toHaveLength(1);
  });

  it('a create whose answer was lost after it landed leaves one comment', async () => {
    const t = new Thread();
    t.onCreate = (n) => (n === 1 ? 'lost' : undefined);
    expect(await upsertStickyComment(t, `${MARKER}\nx`, options())).toMatchObject({ kind: 'created' });
    expect(t.ours()).toHaveLength(1);
    expect(t.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('a create that failed before landing is tried again after looking', async () => {
    const t = new Thread();
    t.onCreate = (n) => (n === 1 ? 'fail' : undefined);
    expect(await upsertStickyComment(t, `${MARKER}\nx`, options())).toMatchObject({ kind: 'created' });
    expect(t.calls).toEqual(['list', 'create', 'list', 'create', 'list']);
    expect(t.ours()).toHaveLength(1);
  });

  it('two runs that both found none: the newer deletes only its own and updates the older', async () => {
    const t = new Thread();
    // Another run creates its comment after this one listed none.
    t.afterList = () => t.add(`${MARKER}\nother run`, ME);
    expect(await upsertStickyComment(t, `${MARKER}\nthis run`, options())).toMatchObject({ kind: 'updated' });
    expect(t.ours().map((c) => c.body)).toEqual([`${MARKER}\nthis run`]);
    expect(t.calls.filter((c) => c.startsWith('remove'))).toEqual(['remove 2']);
  });

  it('duplicates of its own found later are deleted, keeping the oldest', async () => {
    const t = new Thread();
    const oldest = t.add(`${MARKER}\na`, ME);
    t.add(`${MARKER}\nb`, ME);
    t.add(`${MARKER}\nc`, 'someone');
    await upsertStickyComment(t, `${MARKER}\nnew`, options());
    expect(t.ours()).toEqual([expect.objectContaining({ id: oldest.id, body: `${MARKER}\nnew` })]);
    expect(t.comments).toHaveLength(2);
  });
});
