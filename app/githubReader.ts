// RepoReader over the GitHub API at one commit. One recursive tree request lists every entry with
// its mode, blob id and size; that answers listFiles and listEntries (link targets come through the
// batched loader), refuses to read symlinks and submodules, and refuses over-limit reads without
// fetching anything. Small files come through the batched GraphQL loader
// (a Git LFS pointer is such a small file and is read as the pointer); large files are hashed by
// streaming the raw blob. A tree still truncated after the listing in pieces (largeTree.ts) fails
// the whole evaluation: a partial file list would silently hide models. So does a blob the tree lists but GitHub does not return when the evaluator
// reads it: that is GitHub contradicting itself, not a problem of the file, and it must not be
// reported as one ("card front matter invalid") nor pass.
import { createHash } from 'node:crypto';
import type { HashResult, ReadFailure, ReadResult, RepoReader, TreeEntry as Entry } from '../src/index.js';
import type { BlobLoader } from './blobLoader.js';
import { ApiError, type GitHubApi, type RepoRef, type Tree, type TreeEntry } from './github.js';
import { TruncatedTreeError } from './largeTree.js';

/** Files up to this size are hashed from the batched reads, larger ones from a streamed raw blob. */
export const HASH_THROUGH_BATCH_MAX = 1024 * 1024;

export interface GitHubReader extends RepoReader {
  readonly sha: string;
  /** Every non-directory entry of the tree (regular files, symlinks, submodules), as GitHub lists it. */
  readonly entries: ReadonlyMap<string, TreeEntry>;
  /**
   * The files the evaluator is expected to read, in the order it is expected to read them: the first
   * window of them is read now, in shared GraphQL queries; the next window when the evaluator reads
   * a listed file not read yet. Answers are cached.
   */
  prefetch(paths: Iterable<string>, maxBytes: number, window?: PrefetchWindow): void;
}

export interface PrefetchWindow {
  files: number;
  bytes: number;
}

/**
 * One prefetch window: what is read ahead at once (4 GraphQL queries at the loader's 2,500 blobs).
 * Windows, not the whole list at once, because a wrong guess (the evaluator reads fewer files) then
 * costs one window; the evaluator reading past a window costs one more, never a query per file.
 * Reading past the first 10,000 files one model at a time was a GraphQL query a second, the pace
 * Octokit keeps between POSTs: over an hour for a pull request touching 5,000 models.
 */
export const PREFETCH_WINDOW: PrefetchWindow = { files: 10_000, bytes: 32 * 1024 * 1024 };

export { TruncatedTreeError };

const MODE_SYMLINK = '120000';
const MODE_SUBMODULE = '160000';

/** `tree`: the entries to read instead of `sha`'s own (a merge result built from trees; see judged.ts). */
export async function createGitHubReader(api: GitHubApi, blobs: BlobLoader, ref: RepoRef, sha: string, tree?: Tree): Promise<GitHubReader> {
  const { entries, truncated } = tree ?? (await api.tree(sha));
  if (truncated) throw new TruncatedTreeError(sha, entries.length);
  const byPath = new Map<string, TreeEntry>();
  const dirs = new Set<string>();
  for (const e of entries) {
    if (e.type === 'tree') dirs.add(e.path);
    else byPath.set(e.path, e);
  }
  const reads = new Map<string, Promise<ReadResult>>();
  /** Prefetched paths, in order, and the next one no window has read yet. */
  let ahead: { paths: string[]; index: Map<string, number>; next: number; maxBytes: number; window: PrefetchWindow } | undefined;

  /** Starts reading the next window of prefetched paths. */
  function readAhead(): void {
    if (!ahead) return;
    const window: string[] = [];
    let bytes = 0;
    while (ahead.next < ahead.paths.length && window.length < ahead.window.files) {
      const path = ahead.paths[ahead.next] as string;
      const size = byPath.get(path)?.size ?? 0;
      if (window.length > 0 && bytes + size > ahead.window.bytes) break;
      window.push(path);
      bytes += size;
      ahead.next++;
    }
    // Errors surface when the evaluator reads the file; a prefetch only starts the request.
    for (const path of window) if (!reads.has(path)) load(path, ahead.maxBytes).catch(() => undefined);
  }

  function lookup(path: string): TreeEntry | ReadFailure {
    const entry = byPath.get(path);
    if (!entry) {
      if (dirs.has(path)) return { kind: 'not-a-file', detail: 'directory' };
      for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
        const parent = byPath.get(path.slice(0, i));
        if (parent?.mode === MODE_SYMLINK) return { kind: 'not-a-file', detail: `symbolic link: parent directory "${parent.path}" is a symbolic link` };
        if (parent?.mode === MODE_SUBMODULE) return { kind: 'not-a-file', detail: `submodule: "${parent.path}" is a submodule` };
      }
      return { kind: 'missing' };
    }
    if (entry.mode === MODE_SYMLINK) return { kind: 'not-a-file', detail: 'symbolic link' };
    if (entry.mode === MODE_SUBMODULE || entry.type === 'commit') return { kind: 'not-a-file', detail: 'submodule' };
    if (entry.type !== 'blob') return { kind: 'not-a-file', detail: entry.type };
    return entry;
  }

  /** Blobs GitHub did not return although the tree lists them; a failure once the evaluator reads one. */
  const unreturned = new Set<string>();

  async function fetchBytes(entry: TreeEntry, limit: number): Promise<ReadResult> {
    const answer = await blobs.load({ ...ref, oid: entry.sha }, entry.size);
    if (answer.kind === 'missing') {
      unreturned.add(entry.path);
      return { kind: 'io', detail: `blob ${entry.sha} of ${entry.path} is listed in the tree but GitHub did not return it` };
    }
    if (answer.kind === 'text') return { kind: 'ok', bytes: answer.bytes, size: answer.bytes.length };
    if (answer.byteSize > limit) return { kind: 'too-large', size: answer.byteSize, limit };
    const bytes = await collect(await api.blobStream(entry.sha, entry.path), limit);
    return bytes === undefined ? { kind: 'too-large', size: answer.byteSize, limit } : { kind: 'ok', bytes, size: bytes.length };
  }

  /** A read by the evaluator: an unreturned blob fails the whole evaluation (a prefetch alone does not). */
  async function read(path: string, maxBytes: number): Promise<ReadResult> {
    const result = await load(path, maxBytes);
    if (result.kind === 'io' && unreturned.has(path)) {
      api.recordFailure(new ApiError(`reading ${path} at ${sha.slice(0, 12)}`, `GitHub lists it in the file tree but did not return its content (blob ${lookupSha(path)})`));
    }
    return result;
  }

  const lookupSha = (path: string) => byPath.get(path)?.sha ?? '?';

  function load(path: string, maxBytes: number): Promise<ReadResult> {
    const entry = lookup(path);
    if ('kind' in entry) return Promise.resolve(entry);
    const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
    if (entry.size !== undefined && entry.size > limit) return Promise.resolve({ kind: 'too-large', size: entry.size, limit });
    // Cached per path: the bytes of a blob do not depend on the caller's limit once within it.
    let p = reads.get(path);
    if (!p) {
      // The evaluator reads past the prefetched window: the next one comes in the same queries.
      if (ahead && (ahead.index.get(path) ?? -1) >= ahead.next) readAhead();
      p = reads.get(path);
    }
    if (!p) {
      p = fetchBytes(entry, limit);
      reads.set(path, p);
      p.catch(() => reads.delete(path));
    }
    return p;
  }

  /** Every entry, symbolic links with their target (read through the batched blob loader). */
  async function listEntries(): Promise<Entry[]> {
    const out = await Promise.all(
      [...byPath.values()].map(async (e): Promise<Entry | undefined> => {
        if (e.mode === MODE_SUBMODULE || e.type === 'commit') return { path: e.path, kind: 'submodule' };
        if (e.type !== 'blob') return undefined;
        if (e.mode !== MODE_SYMLINK) return e.size === undefined ? { path: e.path, kind: 'file' } : { path: e.path, kind: 'file', size: e.size };
        const answer = await blobs.load({ ...ref, oid: e.sha }, e.size).catch(() => undefined);
        // Without its target the link is still listed: it then fails as a link modelgate cannot resolve.
        return answer?.kind === 'text' ? { path: e.path, kind: 'symlink', target: Buffer.from(answer.bytes).toString('utf8') } : { path: e.path, kind: 'symlink' };
      }),
    );
    return out.filter((e): e is Entry => e !== undefined).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  let listing: Promise<Entry[]> | undefined;

  return {
    label: `GitHub ${ref.owner}/${ref.repo}@${sha.slice(0, 12)}`,
    sha,
    entries: byPath,
    listEntries: () => (listing ??= listEntries()),
    listFiles: () =>
      Promise.resolve(
        [...byPath.values()]
          .filter((e) => e.type === 'blob' && e.mode !== MODE_SYMLINK && e.mode !== MODE_SUBMODULE)
          .map((e) => e.path)
          .sort(),
      ),
    read,
    async head(path: string, maxBytes: number): Promise<ReadResult> {
      const entry = lookup(path);
      if ('kind' in entry) return entry;
      const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
      // A small file comes whole through the batched reads (and is cached for the evidence rules);
      // a large one is streamed and the download cancelled once its first bytes are in.
      if (entry.size !== undefined && entry.size <= HASH_THROUGH_BATCH_MAX) {
        const whole = await read(path, HASH_THROUGH_BATCH_MAX);
        if (whole.kind !== 'ok') return whole.kind === 'too-large' ? { kind: 'io', detail: `${path} changed size while being read` } : whole;
        return { kind: 'ok', bytes: whole.bytes.subarray(0, limit), size: whole.size };
      }
      const bytes = await collectHead(await api.blobStream(entry.sha, entry.path), limit);
      return { kind: 'ok', bytes, size: entry.size ?? bytes.length };
    },
    async sha256(path: string): Promise<HashResult> {
      const entry = lookup(path);
      if ('kind' in entry) return entry;
      // Small files come through the batched GraphQL reads (most were prefetched): one REST blob
      // request per dataset file made API use grow with the number of models.
      if (entry.size !== undefined && entry.size <= HASH_THROUGH_BATCH_MAX) {
        const bytes = await read(path, HASH_THROUGH_BATCH_MAX);
        if (bytes.kind !== 'ok') return bytes.kind === 'too-large' ? { kind: 'io', detail: `${path} changed size while being read` } : bytes;
        return { kind: 'ok', sha256: createHash('sha256').update(bytes.bytes).digest('hex'), size: bytes.size };
      }
      const hash = createHash('sha256');
      let size = 0;
      const reader = (await api.blobStream(entry.sha, entry.path)).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        hash.update(value);
        size += value.length;
      }
      return { kind: 'ok', sha256: hash.digest('hex'), size };
    },
    prefetch(paths: Iterable<string>, maxBytes: number, window: PrefetchWindow = PREFETCH_WINDOW): void {
      const readable: string[] = [];
      for (const path of paths) {
        const entry = byPath.get(path);
        if (entry && entry.type === 'blob' && entry.mode !== MODE_SYMLINK && (entry.size ?? 0) <= maxBytes) readable.push(path);
      }
      ahead = { paths: readable, index: new Map(readable.map((p, i) => [p, i])), next: 0, maxBytes, window };
      readAhead();
    },
  };
}

/** The first `limit` bytes of a stream; the rest is never downloaded. */
async function collectHead(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel();
  return Buffer.concat(chunks).subarray(0, limit);
}

/** Reads a stream into memory, giving up (undefined) past `limit` bytes. */
async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
