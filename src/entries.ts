// The tree as the policy lets modelgate see it. Readers list every entry (files, symbolic links,
// submodules); this module decides what each link and submodule is. Under `models.links: deny` (the
// default) every link stays a link. Under `inside`, a link whose target resolves inside the
// repository is replaced by its target: a file link becomes that file, a directory link becomes
// the directory's entries under the link's path, read through the link. What stays a link or a
// submodule carries `why` modelgate cannot vouch for it; discovery hands those to `model.entries`.
import type { HashResult, ReadResult, RepoReader, TreeEntry } from './types.js';
import { dirOf } from './paths.js';

export type LinkPolicy = 'deny' | 'inside';
export const LINK_POLICIES: readonly LinkPolicy[] = ['deny', 'inside'];

/** An entry of the view: a file (possibly reached through a link) or a link or submodule with `why`. */
export type ViewEntry = TreeEntry & { why?: string };

export interface TreeView {
  entries: ViewEntry[];
  /** Regular files of the view (paths through allowed links included). */
  files: string[];
  /** Reads the view's paths: a path reached through a link is read at its target. */
  reader: RepoReader;
  /** The view's paths a real path stands for: itself, and its paths through allowed links. */
  aliases(path: string): string[];
}

/** Links followed in a row before modelgate gives up (Linux's limit is 40; real trees need a few). */
const MAX_LINK_DEPTH = 16;
/** Entries a view may hold, counting those reached through directory links: bounds a link fan-out. */
const MAX_VIEW_ENTRIES = 1_000_000;
const MAX_TARGET_SHOWN = 200;

const SUBMODULE_WHY = "is a git submodule: its files are another repository's, which modelgate does not read, so it cannot vouch for them";

export function viewTree(reader: RepoReader, listed: readonly TreeEntry[], links: LinkPolicy): TreeView {
  if (links === 'deny' || !listed.some((e) => e.kind === 'symlink')) {
    const entries = listed.map((e): ViewEntry => (e.kind === 'file' ? e : { ...e, why: e.kind === 'submodule' ? SUBMODULE_WHY : denied(e.target) }));
    return { entries, files: filesOf(entries), reader, aliases: (p) => [p] };
  }
  return new Resolver(listed).view(reader);
}

function filesOf(entries: readonly ViewEntry[]): string[] {
  return entries.filter((e) => e.kind === 'file').map((e) => e.path);
}

function to(target: string | undefined): string {
  if (target === undefined) return '';
  const shown = target.length > MAX_TARGET_SHOWN ? `${target.slice(0, MAX_TARGET_SHOWN)}…` : target;
  return ` to "${shown}"`;
}

function denied(target: string | undefined): string {
  return `is a symbolic link${to(target)}: modelgate never follows links, so it cannot vouch for what it points to (models.links is "deny")`;
}

/** Where a link leads, followed as the system follows it: segment by segment, `..` after each link. */
type Followed =
  | { kind: 'file'; path: string; size?: number }
  | { kind: 'dir'; path: string }
  | { kind: 'missing' }
  | { kind: 'outside' }
  | { kind: 'submodule'; path: string }
  | { kind: 'loop' }
  | { kind: 'unreadable'; link: string };

function whyNot(f: Exclude<Followed, { kind: 'file' | 'dir' }>, target: string | undefined): string {
  const link = `is a symbolic link${to(target)}`;
  switch (f.kind) {
    case 'outside':
      return `${link}, which leaves the repository: modelgate cannot vouch for what is outside it`;
    case 'missing':
      return `${link}, which points to nothing in the repository (a dangling link)`;
    case 'submodule':
      return `${link}, into the git submodule "${f.path}", whose files modelgate does not read`;
    case 'loop':
      return `${link}, which goes through more than ${MAX_LINK_DEPTH} links (a loop)`;
    case 'unreadable':
      return `${link}, through the link "${f.link}" whose target could not be read, so modelgate cannot tell where it points`;
  }
}

class Resolver {
  private readonly byPath = new Map<string, TreeEntry>();
  private readonly dirs = new Set<string>();
  private readonly sorted: TreeEntry[];
  private readonly followed = new Map<string, Followed>();
  private readonly out: ViewEntry[] = [];
  /** View path -> real path, for every path reached through a link. */
  private readonly real = new Map<string, string>();
  /** Real file -> the file links (view paths) that stand for it. */
  private readonly fileAliases = new Map<string, string[]>();
  /** Directory links followed: view prefix -> real directory. */
  private readonly dirAliases: { view: string; real: string }[] = [];

  constructor(listed: readonly TreeEntry[]) {
    this.sorted = [...listed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const e of this.sorted) {
      this.byPath.set(e.path, e);
      for (let i = e.path.indexOf('/'); i !== -1; i = e.path.indexOf('/', i + 1)) this.dirs.add(e.path.slice(0, i));
    }
  }

  view(reader: RepoReader): TreeView {
    for (const e of this.sorted) this.place(e.path, e, 0);
    const real = this.real;
    const at = (p: string) => real.get(p) ?? p;
    const files = filesOf(this.out);
    const mapped: RepoReader = {
      label: reader.label,
      listFiles: () => Promise.resolve(files),
      listEntries: () => Promise.resolve(this.out),
      read: (path: string, maxBytes: number): Promise<ReadResult> => reader.read(at(path), maxBytes),
      head: (path: string, maxBytes: number): Promise<ReadResult> => reader.head(at(path), maxBytes),
      sha256: (path: string): Promise<HashResult> => reader.sha256(at(path)),
    };
    const search = reader.filesContaining?.bind(reader);
    if (search) {
      mapped.filesContaining = async (paths, needles, maxBytes) => {
        const found = await search(paths.map(at), needles, maxBytes);
        const real = found && new Set(found);
        return real && paths.filter((p) => real.has(at(p)));
      };
    }
    return {
      entries: this.out,
      files,
      reader: mapped,
      aliases: (p) => {
        const out = [p, ...(this.fileAliases.get(p) ?? [])];
        for (const d of this.dirAliases) if (p.startsWith(`${d.real}/`)) out.push(d.view + p.slice(d.real.length));
        return out;
      },
    };
  }

  /** Puts real entry `e` into the view at `path` (its own path, or its path through a directory link). */
  private place(path: string, e: TreeEntry, depth: number): void {
    if (e.kind === 'file') return this.emit({ ...e, path }, e.path);
    if (e.kind === 'submodule') return this.emit({ path, kind: 'submodule', why: SUBMODULE_WHY });
    const link: ViewEntry = { path, kind: 'symlink', ...(e.target !== undefined ? { target: e.target } : {}) };
    const r = this.follow(e.path, 0);
    if (r.kind === 'file') {
      const list = this.fileAliases.get(r.path) ?? [];
      list.push(path);
      this.fileAliases.set(r.path, list);
      return this.emit({ path, kind: 'file', ...(r.size !== undefined ? { size: r.size } : {}) }, r.path);
    }
    if (r.kind !== 'dir') return this.emit({ ...link, why: whyNot(r, e.target) });
    // A directory: its entries appear under the link's path, each judged as it is where it lives.
    if (r.path === '' || e.path.startsWith(`${r.path}/`) || path.startsWith(`${r.path}/`) || depth >= MAX_LINK_DEPTH) {
      return this.emit({ ...link, why: `is a symbolic link${to(e.target)}, which points to a directory that contains it (a loop)` });
    }
    this.dirAliases.push({ view: path, real: r.path });
    for (const inner of this.under(r.path)) {
      if (this.out.length >= MAX_VIEW_ENTRIES) {
        return this.emit({ ...link, why: `is a symbolic link${to(e.target)} to a directory, and following the links would list more than ${MAX_VIEW_ENTRIES} entries` });
      }
      this.place(path + inner.path.slice(r.path.length), inner, depth + 1);
    }
  }

  private emit(e: ViewEntry, realPath?: string): void {
    this.out.push(e);
    if (realPath !== undefined && realPath !== e.path) this.real.set(e.path, realPath);
  }

  /** The real entries below directory `dir` (contiguous in the sorted list). */
  private under(dir: string): TreeEntry[] {
    const prefix = `${dir}/`;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as TreeEntry).path < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: TreeEntry[] = [];
    for (let i = lo; i < this.sorted.length && (this.sorted[i] as TreeEntry).path.startsWith(prefix); i++) out.push(this.sorted[i] as TreeEntry);
    return out;
  }

  /** Where the link at real path `link` leads. */
  private follow(link: string, depth: number): Followed {
    const known = this.followed.get(link);
    if (known) return known;
    const r = depth > MAX_LINK_DEPTH ? ({ kind: 'loop' } as const) : this.walk(link, depth);
    this.followed.set(link, r);
    return r;
  }

  private walk(link: string, depth: number): Followed {
    const target = this.byPath.get(link)?.target;
    if (target === undefined) return { kind: 'unreadable', link };
    // Absolute, Windows-style or NUL-bearing targets name no file of the repository.
    if (target === '' || target.startsWith('/') || /^[a-z]:/i.test(target) || /[\\\0]/.test(target)) return { kind: 'outside' };
    const cur = dirOf(link) === '' ? [] : dirOf(link).split('/');
    const segments = target.split('/');
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as string;
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (cur.length === 0) return { kind: 'outside' };
        cur.pop();
        continue;
      }
      const next = cur.length === 0 ? seg : `${cur.join('/')}/${seg}`;
      const last = segments.slice(i + 1).every((s) => s === '' || s === '.');
      const e = this.byPath.get(next);
      if (e?.kind === 'submodule') return { kind: 'submodule', path: next };
      if (e?.kind === 'file') return last ? { kind: 'file', path: next, ...(e.size !== undefined ? { size: e.size } : {}) } : { kind: 'missing' };
      if (e?.kind === 'symlink') {
        const r = this.follow(next, depth + 1);
        if (r.kind === 'file') return last ? r : { kind: 'missing' };
        if (r.kind !== 'dir') return r;
        cur.splice(0, cur.length, ...(r.path === '' ? [] : r.path.split('/')));
        continue;
      }
      if (!this.dirs.has(next)) return { kind: 'missing' };
      cur.push(seg);
    }
    return { kind: 'dir', path: cur.join('/') };
  }
}
