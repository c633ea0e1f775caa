// RepoReader over a directory on disk. Never follows a symlink: neither the file itself nor any
// directory on the way to it, so a link cannot lead a read outside the repository.
//
// Checks and small reads use synchronous system calls on purpose. An evaluation makes tens of
// thousands of them (an lstat per file and directory, open/fstat/read/close per evidence file), and
// a promise-based fs call costs a thread-pool round trip that is 10 to 30 times the system call
// itself on a 2-core runner (docs/benchmarks.md). Files larger than one hash chunk are hashed with
// asynchronous reads, on every core when several are hashed at once (hashLanes.ts).
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fsp, readlinkSync, readSync, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { HashResult, ReadFailure, ReadResult, RepoReader, TreeEntry } from '../src/index.js';
import { GitError, repoPathProblem, runGit } from './git/git.js';
import { HASH_CHUNK, hashOpenFile, warmHashLanesFor } from './hashLanes.js';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

type DirCache = Map<string, ReadFailure | null>;
/** What identifies a regular file found safe: its inode, and its size when it was checked. */
type FileId = Pick<Stats, 'ino' | 'dev' | 'size'>;
type Inspected = { ok: true; abs: string; stats: FileId } | { ok: false; failure: ReadFailure };
/** Regular files of the latest listing, with the identity they had when their path was checked. */
type Listed = ReadonlyMap<string, FileId>;

export function createWorkingTreeReader(root: string): RepoReader {
  const base = resolve(root);
  // A listing checks every file and every directory above it (lstat, no symlinks). Reads of a listed
  // file reuse that check instead of repeating it: they open the file without following a link and
  // require the same inode, else they check the path again from scratch, as for an unlisted file.
  let listed: Listed = new Map();
  const listEntries = async (): Promise<TreeEntry[]> => {
    const { entries, ids } = await listTree(base);
    listed = ids;
    warmHashLanesFor(sizesOf(ids));
    return entries;
  };
  return {
    label: `working tree ${base}`,
    listFiles: async () => (await listEntries()).filter((e) => e.kind === 'file').map((e) => e.path),
    listEntries,
    read: async (path, maxBytes) => readFile(base, path, maxBytes, listed.get(path)),
    head: async (path, maxBytes) => readHead(base, path, maxBytes, listed.get(path)),
    sha256: (path) => hashFile(base, path, listed.get(path)),
  };
}

// --- listing -----------------------------------------------------------------------------------

function* sizesOf(ids: Listed): Iterable<number> {
  for (const id of ids.values()) yield id.size;
}

/**
 * Every entry: regular files, symbolic links (with their target) and submodules. git lists a
 * submodule, or a nested repository it does not descend into, as one path that is a directory on disk.
 */
async function listTree(base: string): Promise<{ entries: TreeEntry[]; ids: Map<string, FileId> }> {
  const fromGit = await gitListing(base);
  const candidates = fromGit ?? (await walk(base));
  const cache: DirCache = new Map();
  const entries: TreeEntry[] = [];
  const ids = new Map<string, FileId>();
  for (const p of candidates) {
    const r = inspect(base, p, cache);
    if (r.ok) {
      entries.push({ path: p, kind: 'file', size: r.stats.size });
      ids.set(p, { ino: r.stats.ino, dev: r.stats.dev, size: r.stats.size });
    } else if (r.failure.kind === 'not-a-file' && !r.failure.detail.includes('parent directory')) {
      const special = specialEntry(base, p, r.failure.detail, fromGit !== null);
      if (special) entries.push(special);
    }
  }
  return { entries: entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), ids };
}

/** A listed path that is not a regular file: a symbolic link, or a directory git listed whole (a submodule). */
function specialEntry(base: string, path: string, detail: string, listedByGit: boolean): TreeEntry | undefined {
  if (detail === 'symbolic link') {
    try {
      return { path, kind: 'symlink', target: readlinkSync(toAbs(base, path), 'utf8') };
    } catch {
      return { path, kind: 'symlink' };
    }
  }
  if (detail === 'directory' && listedByGit) return { path, kind: 'submodule' };
  return undefined;
}

/**
 * Paths from git when `base` is inside a work tree, else null. `ls-files` is asked first: in a work
 * tree (the usual case) and outside any repository, that is the only process. Only when it fails
 * otherwise does `rev-parse` tell a directory that is no work tree (a bare repository: null, walk
 * the file system) from a work tree git cannot list (its error stands).
 */
async function gitListing(base: string): Promise<string[] | null> {
  let out: Buffer;
  try {
    out = await runGit(base, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    // Outside any repository (git speaks English here: gitEnv sets LC_ALL=C), nothing to ask.
    if (e.stderr.includes('not a git repository') || !(await insideWorkTree(base))) return null;
    throw e;
  }
  const paths = new Set<string>();
  for (const listed of out.toString('utf8').split('\0')) {
    // An untracked nested repository is listed as "dir/": one entry, like a submodule.
    const p = listed.endsWith('/') ? listed.slice(0, -1) : listed;
    if (p && repoPathProblem(p) === null) paths.add(p);
  }
  return [...paths];
}

async function insideWorkTree(base: string): Promise<boolean> {
  try {
    return (await runGit(base, ['rev-parse', '--is-inside-work-tree'])).toString('utf8').trim() === 'true';
  } catch (e) {
    if (e instanceof GitError) return false;
    throw e;
  }
}

/** Filesystem walk: skips `.git` and `node_modules`, never descends into a symlink (it lists it). */
async function walk(base: string): Promise<string[]> {
  const files: string[] = [];
  const pending: string[] = [''];
  let first = true;
  while (pending.length > 0) {
    const rel = pending.pop() ?? '';
    let entries;
    try {
      entries = await fsp.readdir(rel ? `${base}${sep}${rel}` : base, { withFileTypes: true });
    } catch (e) {
      if (first) throw e; // the root itself is unreadable: not a file-level problem
      continue;
    } finally {
      first = false;
    }
    for (const entry of entries) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(p);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(p);
      }
    }
  }
  return files;
}

// --- safety checks -----------------------------------------------------------------------------

function toAbs(base: string, path: string): string {
  return sep === '/' ? `${base}/${path}` : `${base}${sep}${path.split('/').join(sep)}`;
}

/** Every parent directory component must be a real directory (not a symlink). */
function checkDir(base: string, dir: string): ReadFailure | null {
  try {
    const st = lstatSync(toAbs(base, dir));
    if (st.isSymbolicLink()) return { kind: 'not-a-file', detail: `symbolic link: parent directory "${dir}" is a symbolic link` };
    if (!st.isDirectory()) return { kind: 'missing' };
    return null;
  } catch (e) {
    return errnoFailure(e);
  }
}

function inspect(base: string, path: string, cache?: DirCache): Inspected {
  const bad = repoPathProblem(path);
  if (bad) return { ok: false, failure: bad };
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    let failure = cache?.get(dir);
    if (failure === undefined) {
      failure = checkDir(base, dir);
      cache?.set(dir, failure);
    }
    if (failure) return { ok: false, failure };
  }
  const abs = toAbs(base, path);
  try {
    const stats = lstatSync(abs);
    const failure = notRegular(stats);
    return failure ? { ok: false, failure } : { ok: true, abs, stats };
  } catch (e) {
    return { ok: false, failure: errnoFailure(e) };
  }
}

function notRegular(st: Stats): ReadFailure | null {
  if (st.isFile()) return null;
  if (st.isSymbolicLink()) return { kind: 'not-a-file', detail: 'symbolic link' };
  if (st.isDirectory()) return { kind: 'not-a-file', detail: 'directory' };
  return { kind: 'not-a-file', detail: 'not a regular file (device, socket or pipe)' };
}

function errnoFailure(e: unknown): ReadFailure {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'missing' };
    case 'ELOOP':
    case 'EMLINK': // FreeBSD's answer to O_NOFOLLOW on a symlink
      return { kind: 'not-a-file', detail: 'symbolic link' };
    case 'EISDIR':
      return { kind: 'not-a-file', detail: 'directory' };
    default:
      return { kind: 'io', detail: err instanceof Error ? err.message : String(e) };
  }
}

/** Opens the inspected file without following links and checks it is still the same regular file. */
function openChecked(ins: { abs: string; stats: FileId }): { ok: true; fd: number; size: number } | { ok: false; failure: ReadFailure } {
  let fd: number;
  try {
    fd = openSync(ins.abs, OPEN_FLAGS);
  } catch (e) {
    return { ok: false, failure: errnoFailure(e) };
  }
  try {
    const st = fstatSync(fd);
    const failure = notRegular(st) ?? (st.ino !== ins.stats.ino || st.dev !== ins.stats.dev ? { kind: 'io', detail: 'file changed while being read' } as const : null);
    if (failure) {
      closeQuietly(fd);
      return { ok: false, failure };
    }
    return { ok: true, fd, size: st.size };
  } catch (e) {
    closeQuietly(fd);
    return { ok: false, failure: errnoFailure(e) };
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing was written; a failing close loses nothing
  }
}

// --- read and hash -----------------------------------------------------------------------------

function readFile(base: string, path: string, maxBytes: number, known?: FileId): ReadResult {
  const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
  const ins: Inspected = known ? { ok: true, abs: toAbs(base, path), stats: known } : inspect(base, path);
  if (!ins.ok) return ins.failure;
  // A listed file over the limit is refused by its listed size without being opened again.
  if (ins.stats.size > limit) return { kind: 'too-large', size: ins.stats.size, limit };
  const opened = openChecked(ins);
  if (!opened.ok) return known ? readFile(base, path, maxBytes) : opened.failure;
  const { fd } = opened;
  try {
    if (opened.size > limit) return { kind: 'too-large', size: opened.size, limit };
    // One byte more than allowed, so a file that grew since stat is noticed.
    let buf = Buffer.alloc(Math.min(opened.size, limit) + 1);
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (total > limit) return { kind: 'too-large', size: total, limit };
        const bigger = Buffer.alloc(Math.min(limit + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const wanted = buf.length - total;
      const bytesRead = readSync(fd, buf, total, wanted, total);
      total += bytesRead;
      // A regular file reads short only at its end: no second read to hear it say 0 (one system
      // call per evidence file; a file that grew fills the buffer and is read on).
      if (bytesRead < wanted) break;
    }
    if (total > limit) return { kind: 'too-large', size: total, limit };
    return { kind: 'ok', bytes: buf.subarray(0, total), size: total };
  } catch (e) {
    return errnoFailure(e);
  } finally {
    closeQuietly(fd);
  }
}

/** The first `maxBytes` of a file: one open (no link followed) and one read, with the same checks as readFile. */
function readHead(base: string, path: string, maxBytes: number, known?: FileId): ReadResult {
  const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
  const ins: Inspected = known ? { ok: true, abs: toAbs(base, path), stats: known } : inspect(base, path);
  if (!ins.ok) return ins.failure;
  const opened = openChecked(ins);
  if (!opened.ok) return known ? readHead(base, path, maxBytes) : opened.failure;
  const { fd } = opened;
  try {
    const buf = Buffer.alloc(Math.min(opened.size, limit));
    let total = 0;
    while (total < buf.length) {
      const n = readSync(fd, buf, total, buf.length - total, total);
      if (n === 0) break;
      total += n;
    }
    return { kind: 'ok', bytes: buf.subarray(0, total), size: opened.size };
  } catch (e) {
    return errnoFailure(e);
  } finally {
    closeQuietly(fd);
  }
}

async function hashFile(base: string, path: string, known?: FileId): Promise<HashResult> {
  const ins: Inspected = known ? { ok: true, abs: toAbs(base, path), stats: known } : inspect(base, path);
  if (!ins.ok) return ins.failure;
  const opened = openChecked(ins);
  if (!opened.ok) return known ? hashFile(base, path) : opened.failure;
  const { fd } = opened;
  try {
    // Large files: constant memory, on a free core.
    if (opened.size >= HASH_CHUNK) return { kind: 'ok', ...(await hashOpenFile(fd)) };
    // A small file: one buffer of its size (plus the byte that notices growth), read in place.
    const hash = createHash('sha256');
    let size = 0;
    const buf = Buffer.allocUnsafe(opened.size + 1);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, size);
      hash.update(buf.subarray(0, n));
      size += n;
      if (n < buf.length) break; // short: the end (see readFile)
    }
    return { kind: 'ok', sha256: hash.digest('hex'), size };
  } catch (e) {
    return errnoFailure(e);
  } finally {
    closeQuietly(fd);
  }
}
