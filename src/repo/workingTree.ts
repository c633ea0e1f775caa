// RepoReader over a directory on disk. Never follows a symlink: neither the file itself nor any
// directory on the way to it, so a link cannot lead a read outside the repository.
import { createHash } from 'node:crypto';
import { constants, promises as fsp, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { HashResult, ReadFailure, ReadResult, RepoReader } from '../types.js';
import { GitError, repoPathProblem, runGit } from './git.js';

const HASH_CHUNK = 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const STAT_CONCURRENCY = 64;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

type DirCache = Map<string, Promise<ReadFailure | null>>;
type Inspected = { ok: true; abs: string; stats: Stats } | { ok: false; failure: ReadFailure };

export function createWorkingTreeReader(root: string): RepoReader {
  const base = resolve(root);
  return {
    label: `working tree ${base}`,
    listFiles: () => listFiles(base),
    read: (path, maxBytes) => readFile(base, path, maxBytes),
    sha256: (path) => hashFile(base, path),
  };
}

// --- listing -----------------------------------------------------------------------------------

async function listFiles(base: string): Promise<string[]> {
  const fromGit = await gitListing(base);
  const candidates = fromGit ?? (await walk(base));
  const cache: DirCache = new Map();
  const kept: string[] = [];
  for (let i = 0; i < candidates.length; i += STAT_CONCURRENCY) {
    const batch = candidates.slice(i, i + STAT_CONCURRENCY);
    const results = await Promise.all(batch.map((p) => inspect(base, p, cache)));
    results.forEach((r, j) => {
      const p = batch[j];
      if (p !== undefined && r.ok && r.stats.isFile()) kept.push(p);
    });
  }
  return kept.sort();
}

/** Paths from git when `base` is inside a work tree, else null. */
async function gitListing(base: string): Promise<string[] | null> {
  try {
    const inside = await runGit(base, ['rev-parse', '--is-inside-work-tree']);
    if (inside.toString('utf8').trim() !== 'true') return null;
  } catch (e) {
    if (e instanceof GitError) return null;
    throw e;
  }
  const out = await runGit(base, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  const paths = new Set<string>();
  for (const p of out.toString('utf8').split('\0')) {
    if (p && repoPathProblem(p) === null) paths.add(p);
  }
  return [...paths];
}

/** Filesystem walk: skips `.git` and `node_modules`, never descends into a symlink. */
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
      } else if (entry.isFile()) {
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
async function checkDir(base: string, dir: string): Promise<ReadFailure | null> {
  try {
    const st = await fsp.lstat(toAbs(base, dir));
    if (st.isSymbolicLink()) return { kind: 'not-a-file', detail: `symbolic link: parent directory "${dir}" is a symbolic link` };
    if (!st.isDirectory()) return { kind: 'missing' };
    return null;
  } catch (e) {
    return errnoFailure(e);
  }
}

async function inspect(base: string, path: string, cache?: DirCache): Promise<Inspected> {
  const bad = repoPathProblem(path);
  if (bad) return { ok: false, failure: bad };
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    let check = cache?.get(dir);
    if (!check) {
      check = checkDir(base, dir);
      cache?.set(dir, check);
    }
    const failure = await check;
    if (failure) return { ok: false, failure };
  }
  const abs = toAbs(base, path);
  try {
    const stats = await fsp.lstat(abs);
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
async function openChecked(ins: { abs: string; stats: Stats }): Promise<{ ok: true; fh: fsp.FileHandle; size: number } | { ok: false; failure: ReadFailure }> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(ins.abs, OPEN_FLAGS);
  } catch (e) {
    return { ok: false, failure: errnoFailure(e) };
  }
  try {
    const st = await fh.stat();
    const failure = notRegular(st) ?? (st.ino !== ins.stats.ino || st.dev !== ins.stats.dev ? { kind: 'io', detail: 'file changed while being read' } as const : null);
    if (failure) {
      await fh.close();
      return { ok: false, failure };
    }
    return { ok: true, fh, size: st.size };
  } catch (e) {
    await fh.close().catch(() => undefined);
    return { ok: false, failure: errnoFailure(e) };
  }
}

// --- read and hash -----------------------------------------------------------------------------

async function readFile(base: string, path: string, maxBytes: number): Promise<ReadResult> {
  const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
  const ins = await inspect(base, path);
  if (!ins.ok) return ins.failure;
  if (ins.stats.size > limit) return { kind: 'too-large', size: ins.stats.size, limit };
  const opened = await openChecked(ins);
  if (!opened.ok) return opened.failure;
  const { fh } = opened;
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
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > limit) return { kind: 'too-large', size: total, limit };
    return { kind: 'ok', bytes: buf.subarray(0, total), size: total };
  } catch (e) {
    return errnoFailure(e);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function hashFile(base: string, path: string): Promise<HashResult> {
  const ins = await inspect(base, path);
  if (!ins.ok) return ins.failure;
  const opened = await openChecked(ins);
  if (!opened.ok) return opened.failure;
  const hash = createHash('sha256');
  let size = 0;
  const stream = opened.fh.createReadStream({ highWaterMark: HASH_CHUNK, autoClose: true });
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
    }
    return { kind: 'ok', sha256: hash.digest('hex'), size };
  } catch (e) {
    return errnoFailure(e);
  } finally {
    stream.destroy();
    await opened.fh.close().catch(() => undefined);
  }
}
