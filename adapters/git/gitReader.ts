// RepoReader over one commit of a git repository, without checking it out. The tree is listed once;
// small reads go through one long-lived `git cat-file --batch-command` (gitBatch.ts), large hashes
// stream `git cat-file blob`.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { HashResult, Needle, ReadFailure, ReadResult, RepoReader, TreeEntry as Entry } from '../../src/check.js';
import { gitTopLevel, isObjectId, repoPathProblem, resolveCommit, runGit, spawnGit } from './git.js';
import { GitBatch } from './gitBatch.js';

export { gitTopLevel };

export interface GitRefReader extends RepoReader {
  /** The full commit id read. */
  readonly sha: string;
  /** Ends the helper git process. Reads after close answer `io`. Idempotent. */
  close(): void;
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** null for submodules (no size in ls-tree). */
  size: number | null;
}

const MODE_SYMLINK = '120000';
const MODE_SUBMODULE = '160000';
/**
 * Blobs up to this size are hashed from the long-lived batch process, in memory; larger ones stream
 * through their own `git cat-file blob`. Spawning git costs milliseconds, so a thousand small
 * dataset files hashed one process each took most of an evaluation (docs/benchmarks.md).
 */
const BATCH_HASH_MAX = 1024 * 1024;
/** Missing paths a reader names by scanning its paths, before it builds the set of directories. */
const DIRECTORY_SCANS = 8;
/** A link's target is a path; anything longer is not one git would check out. */
const MAX_LINK_TARGET = 4096;

export interface GitRefReaderOptions {
  /** `ref` is a full commit id the caller has made sure is present (the Action's LocalGit): it is not resolved again. */
  verifiedCommit?: boolean;
  /**
   * A reader of another commit of the same repository, open: the new reader shares its
   * `git cat-file --batch` process and builds its tree from that reader's listing and the
   * difference between the two commits, so a pull request's two revisions cost one listing of the
   * repository, not two (docs/benchmarks.md). The answers are the same as without it.
   */
  sibling?: GitRefReader;
  /**
   * The object process to read through, owned by the caller (the Action's LocalGit, which asked it
   * about the commits already): the reader neither starts nor closes one of its own.
   */
  batch?: GitBatch;
  /**
   * The fewest paths `filesContaining` runs `git grep` for (default SEARCH_FROM). Fewer are answered
   * "cannot tell", and the core reads them through the batch process already open, which costs less
   * than starting a process. Tests of the search set 0.
   */
  searchFrom?: number;
}

/** Below this many paths, reading the texts through `cat-file --batch` beats starting `git grep`. */
export const SEARCH_FROM = 64;

/** What readers of one repository share: the batch process, closed when the last of them closes (unless the caller owns it). */
interface Shared {
  cat: GitBatch;
  open: number;
  owned: boolean;
}

/** Each reader's tree and shared process, for a sibling to start from. */
const internals = new WeakMap<GitRefReader, { sha: string; tree: Map<string, TreeEntry>; shared: Shared }>();

export async function createGitRefReader(repoDir: string, ref: string, options: GitRefReaderOptions = {}): Promise<GitRefReader> {
  const sha = options.verifiedCommit && isObjectId(ref) ? ref : await resolveCommit(repoDir, ref);
  const from = options.sibling ? internals.get(options.sibling) : undefined;
  const shared: Shared =
    from && from.shared.open > 0 ? from.shared : options.batch ? { cat: options.batch, open: 0, owned: false } : { cat: new GitBatch(repoDir), open: 0, owned: true };
  const tree = from ? await treeFrom(repoDir, from.sha, from.tree, sha, shared.cat) : await listTree(repoDir, sha);
  shared.open++;
  const cat = shared.cat;
  // Directories are looked up only to name what a missing path is (a few per evaluation, such as an
  // absent waivers file): the first questions scan the paths, later ones a set built once.
  let dirs: Set<string> | undefined;
  let scans = 0;
  const isDirectory = (path: string): boolean => {
    if (!dirs && ++scans <= DIRECTORY_SCANS) {
      const prefix = `${path}/`;
      for (const p of tree.keys()) if (p.startsWith(prefix)) return true;
      return false;
    }
    if (!dirs) {
      dirs = new Set<string>();
      for (const p of tree.keys()) {
        for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
      }
    }
    return dirs.has(path);
  };
  let closed = false;
  let listing: Promise<Entry[]> | undefined;

  /** Every entry, symbolic links with their target (one batched read each; the rest without awaiting anything). */
  async function listEntries(): Promise<Entry[]> {
    const out: Entry[] = [];
    const links: Promise<Entry>[] = [];
    for (const [path, e] of tree) {
      if (e.mode === MODE_SUBMODULE || e.type === 'commit') out.push({ path, kind: 'submodule' });
      else if (e.type !== 'blob') continue;
      else if (e.mode !== MODE_SYMLINK) out.push(e.size === null ? { path, kind: 'file' } : { path, kind: 'file', size: e.size });
      else
        links.push(
          (closed ? Promise.resolve(undefined) : cat.read(e.oid, MAX_LINK_TARGET)).then((target): Entry =>
            target?.kind === 'ok' ? { path, kind: 'symlink', target: Buffer.from(target.bytes).toString('utf8') } : { path, kind: 'symlink' },
          ),
        );
    }
    out.push(...(await Promise.all(links)));
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The blob entry for `path`, or why there is none. */
  function lookup(path: string): TreeEntry | ReadFailure {
    const bad = repoPathProblem(path);
    if (bad) return bad;
    const entry = tree.get(path);
    if (entry) {
      if (entry.mode === MODE_SYMLINK) return { kind: 'not-a-file', detail: 'symbolic link' };
      if (entry.mode === MODE_SUBMODULE) return { kind: 'not-a-file', detail: 'submodule' };
      if (entry.type !== 'blob') return { kind: 'not-a-file', detail: entry.type };
      return entry;
    }
    if (isDirectory(path)) return { kind: 'not-a-file', detail: 'directory' };
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      const parent = tree.get(path.slice(0, i));
      if (parent?.mode === MODE_SYMLINK) {
        return { kind: 'not-a-file', detail: `symbolic link: parent directory "${path.slice(0, i)}" is a symbolic link` };
      }
      if (parent?.mode === MODE_SUBMODULE) {
        return { kind: 'not-a-file', detail: `submodule: "${path.slice(0, i)}" is a submodule` };
      }
    }
    return { kind: 'missing' };
  }

  const reader: GitRefReader = {
    label: `git ${sha.slice(0, 12)}`,
    sha,
    listFiles: () =>
      Promise.resolve(
        [...tree.entries()]
          .filter(([, e]) => e.type === 'blob' && e.mode !== MODE_SYMLINK && e.mode !== MODE_SUBMODULE)
          .map(([p]) => p)
          .sort(),
      ),
    listEntries: () => (listing ??= listEntries()),
    async read(path: string, maxBytes: number): Promise<ReadResult> {
      const entry = lookup(path);
      if ('kind' in entry) return entry;
      const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
      if (entry.size !== null && entry.size > limit) return { kind: 'too-large', size: entry.size, limit };
      if (closed) return { kind: 'io', detail: 'reader is closed' };
      const result = await cat.read(entry.oid, limit);
      if (result.kind === 'ok' && result.size > limit) return { kind: 'too-large', size: result.size, limit };
      return result;
    },
    async head(path: string, maxBytes: number): Promise<ReadResult> {
      const entry = lookup(path);
      if ('kind' in entry) return entry;
      if (closed) return { kind: 'io', detail: 'reader is closed' };
      const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
      if (entry.size !== null && entry.size <= BATCH_HASH_MAX) {
        const whole = await cat.read(entry.oid, BATCH_HASH_MAX);
        return whole.kind === 'ok' ? { kind: 'ok', bytes: whole.bytes.subarray(0, limit), size: whole.size } : whole;
      }
      return headBlob(repoDir, entry.oid, limit, entry.size);
    },
    async sha256(path: string): Promise<HashResult> {
      const entry = lookup(path);
      if ('kind' in entry) return entry;
      if (closed) return { kind: 'io', detail: 'reader is closed' };
      if (entry.size !== null && entry.size <= BATCH_HASH_MAX) {
        const small = await cat.read(entry.oid, BATCH_HASH_MAX);
        if (small.kind === 'ok') return { kind: 'ok', sha256: createHash('sha256').update(small.bytes).digest('hex'), size: small.size };
        // Anything else is answered by the streaming path, which reports it as it always has.
      }
      return hashBlob(repoDir, entry.oid);
    },
    async filesContaining(paths: readonly string[], needles: readonly Needle[], maxBytes: number): Promise<string[] | undefined> {
      if (closed || paths.length < (options.searchFrom ?? SEARCH_FROM)) return undefined;
      if (needles.some((n) => n.text === '')) return [...paths]; // found in every line
      const found = new Set<string>();
      // Blobs, not paths: files with the same content share one search, and pathspecs cost git a
      // comparison per tree entry and path (3 times the search itself for 2,000 paths).
      const byBlob = new Map<string, string[]>();
      for (const path of new Set(paths)) {
        const entry = lookup(path);
        // What cannot be searched is in the answer.
        if ('kind' in entry || entry.size === null || entry.size > maxBytes) found.add(path);
        else byBlob.set(entry.oid, [...(byBlob.get(entry.oid) ?? []), path]);
      }
      try {
        for (const chunk of argChunks([...byBlob.keys()])) for (const oid of await grepBlobs(repoDir, chunk, needles)) for (const p of byBlob.get(oid) ?? []) found.add(p);
      } catch {
        return undefined;
      }
      return paths.filter((p) => found.has(p));
    },
    close(): void {
      if (closed) return;
      closed = true;
      if (--shared.open === 0 && shared.owned) cat.close();
    },
  };
  internals.set(reader, { sha, tree, shared });
  return reader;
}

/** `git ls-tree -r -z --full-tree --long`: "<mode> <type> <oid> <size>\t<path>\0". */
async function listTree(repoDir: string, sha: string): Promise<Map<string, TreeEntry>> {
  return parseTree(await runGit(repoDir, ['ls-tree', '-r', '-z', '--full-tree', '--long', sha]));
}

/**
 * Parses ls-tree's output. It runs over every entry of the repository for each commit read, so it
 * scans the bytes once (the fields are ASCII; a path is decoded as UTF-8 only when it is not).
 */
export function parseTree(out: Buffer): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  const n = out.length;
  const text = out.toString('latin1');
  // One native scan: when no byte is past ASCII (most trees), no path needs decoding as UTF-8.
  const allAscii = !/[^\x00-\x7f]/.test(text);
  let start = 0;
  while (start < n) {
    let end = text.indexOf('\0', start);
    if (end === -1) end = n;
    const tab = text.indexOf('\t', start);
    // The usual entry, a regular file, without searching for its first two fields.
    const file = text.startsWith(FILE_FIELDS, start);
    const s1 = file ? start + 6 : text.indexOf(' ', start);
    const s2 = file ? start + FILE_FIELDS.length - 1 : s1 === -1 ? -1 : text.indexOf(' ', s1 + 1);
    if (tab !== -1 && tab < end && s2 !== -1 && s2 < tab) {
      let s3 = text.indexOf(' ', s2 + 1);
      if (s3 === -1 || s3 > tab) s3 = tab;
      const mode = file ? '100644' : text.slice(start, s1);
      const type = file ? 'blob' : text.slice(s1 + 1, s2);
      const oid = text.slice(s2 + 1, s3);
      let i = s3;
      while (i < tab && text.charCodeAt(i) === 32) i++;
      let size: number | null = i < tab ? 0 : null;
      for (let j = i; j < tab && size !== null; j++) {
        const digit = text.charCodeAt(j) - 48;
        size = digit >= 0 && digit <= 9 ? size * 10 + digit : null;
      }
      let ascii = true;
      if (!allAscii) for (let j = tab + 1; j < end && ascii; j++) ascii = (out[j] as number) < 0x80;
      const path = ascii ? text.slice(tab + 1, end) : out.toString('utf8', tab + 1, end);
      if (mode && type && oid && path) tree.set(path, { mode, type, oid, size });
    }
    start = end + 1;
  }
  return tree;
}

/** How ls-tree starts the entry of a regular file. */
const FILE_FIELDS = '100644 blob ';

/** Above this many changed paths a sibling's tree is not patched: the commit is listed whole. */
const PATCH_MAX_PATHS = 2000;

/**
 * The tree of `sha` from the tree of `fromSha`: `git diff-tree -r` names the paths that differ with
 * their new mode and object, and the batch process gives the sizes `ls-tree --long` would print
 * (blobs only; a submodule's commit has none). Without `-t`, like `ls-tree -r`, the diff names blobs
 * and submodules only.
 */
async function treeFrom(repoDir: string, fromSha: string, fromTree: ReadonlyMap<string, TreeEntry>, sha: string, cat: GitBatch): Promise<Map<string, TreeEntry>> {
  if (fromSha === sha) return new Map(fromTree);
  const diff = (await runGit(repoDir, ['diff-tree', '-r', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', fromSha, sha])).toString('utf8').split('\0');
  const changed: { path: string; mode: string; oid: string }[] = [];
  // ":<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0"
  for (let i = 0; i + 1 < diff.length; i += 2) {
    const m = /^:[0-7]{6} ([0-7]{6}) [0-9a-f]+ ([0-9a-f]+) [A-Z]\d*$/.exec(diff[i] as string);
    if (!m) return listTree(repoDir, sha);
    changed.push({ path: diff[i + 1] as string, mode: m[1] as string, oid: m[2] as string });
  }
  if (changed.length > PATCH_MAX_PATHS) return listTree(repoDir, sha);
  const tree = new Map(fromTree);
  const added = await Promise.all(
    changed.map(async ({ path, mode, oid }): Promise<[string, TreeEntry | null]> => {
      if (/^0+$/.test(mode)) return [path, null]; // deleted
      if (mode === MODE_SUBMODULE) return [path, { mode, type: 'commit', oid, size: null }];
      // As ls-tree: the type follows from the mode, the size is the object's.
      const info = await cat.info(oid);
      if (info.kind !== 'object') throw new Error(`git cat-file: ${oid} (${path} in ${sha}): ${info.kind === 'io' ? info.detail : 'missing'}`);
      return [path, { mode, type: 'blob', oid, size: info.size }];
    }),
  );
  for (const [path, entry] of added) {
    if (entry) tree.set(path, entry);
    else tree.delete(path);
  }
  return tree;
}

/** Path characters (src/types.ts `Needle`), spelled out: ranges in brackets depend on the locale. */
const PATH_CHARS = '-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A NUL byte or a byte past ASCII (not newline: lines hold none); git runs with LC_ALL=C, so these are bytes. */
const NOT_PLAIN = '[^\x01-\x09\x0b-\x7f]';
/** Bytes of object ids per git grep: a quarter of the 2 MiB the kernel allows in all. */
const GREP_ARG_BYTES = 512 * 1024;

/** A needle as a POSIX extended regular expression (src/types.ts `Needle`). */
export function needlePattern(n: Needle): string {
  const text = n.text.replace(/[.[\]()*+?{}|^$\\]/g, (c) => `\\${c}`);
  if (n.kind === 'text') return text;
  const before = `(^|[^${PATH_CHARS}])`;
  return n.kind === 'run' ? `${before}${text}([^${PATH_CHARS}]|$)` : `${before}${text}/*([^${PATH_CHARS}/]|$)`;
}

function* argChunks(args: readonly string[]): Generator<string[]> {
  let chunk: string[] = [];
  let bytes = 0;
  for (const a of args) {
    if (chunk.length > 0 && bytes + a.length + 1 > GREP_ARG_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(a);
    bytes += a.length + 1;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The blobs among `oids` where `git grep` finds a needle or a byte that is not plain ASCII, as one
 * alternation (one regular-expression match per line, not one per needle). A blob has no path, so
 * no attribute (textconv, binary) applies; `-a` searches binary content as text. Object ids are not
 * also looked up as ref names (core.warnAmbiguousRefs), which cost a file system lookup each. Exit 1: none.
 */
async function grepBlobs(repoDir: string, oids: readonly string[], needles: readonly Needle[]): Promise<string[]> {
  const pattern = [NOT_PLAIN, ...new Set(needles.map(needlePattern))].join('|');
  const args = ['-c', 'core.warnAmbiguousRefs=false', 'grep', '-l', '-z', '-a', '-i', '-E', '--no-textconv', '--no-color', '--threads=1', '-e', pattern, ...oids, '--'];
  const out = (await runGit(repoDir, args, { okExitCodes: [1] })).toString('utf8');
  return out.split('\0').filter((oid) => oid !== '');
}

/** Streams a blob through SHA-256 (constant memory). */
async function hashBlob(repoDir: string, oid: string): Promise<HashResult> {
  const hash = createHash('sha256');
  let size = 0;
  const failure = await streamBlob(repoDir, oid, (chunk) => {
    hash.update(chunk);
    size += chunk.length;
    return true;
  });
  return failure ?? { kind: 'ok', sha256: hash.digest('hex'), size };
}

/**
 * The first `limit` bytes of a large blob from its own `git cat-file blob`, stopped once they are in:
 * git streams a blob stored whole (loose, or undeltified in a pack, as large files are), so the cost
 * is one process start, not the blob's size. Through the batch process every byte of the blob would
 * cross the pipe.
 */
async function headBlob(repoDir: string, oid: string, limit: number, size: number | null): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let got = 0;
  const failure = await streamBlob(repoDir, oid, (chunk) => {
    chunks.push(chunk);
    got += chunk.length;
    return got < limit;
  });
  return failure ?? { kind: 'ok', bytes: Buffer.concat(chunks).subarray(0, limit), size: size ?? got };
}

/**
 * Hands the content of a blob to `take`, chunk by chunk, from a `git cat-file blob` of its own, until
 * the end or until `take` answers false (git is then stopped). Null when done, else why not.
 */
function streamBlob(repoDir: string, oid: string, take: (chunk: Buffer) => boolean): Promise<ReadFailure | null> {
  return new Promise<ReadFailure | null>((resolve) => {
    let stderr = '';
    let done = false;
    let child: ChildProcess;
    const finish = (r: ReadFailure | null): void => {
      if (done) return;
      done = true;
      resolve(r);
      if (child.exitCode === null) child.kill();
    };
    try {
      child = spawnGit(repoDir, ['cat-file', 'blob', oid]);
    } catch (e) {
      resolve({ kind: 'io', detail: `could not run git: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!done && !take(chunk)) finish(null);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (e) => finish({ kind: 'io', detail: `could not run git: ${e.message}` }));
    child.on('close', (code) => finish(code === 0 ? null : { kind: 'io', detail: `git cat-file failed (exit ${String(code)}): ${stderr.trim()}` }));
  });
}
