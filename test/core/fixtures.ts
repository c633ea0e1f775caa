// Fixtures for the evaluator and CLI tests: an in-memory RepoReader for unit tests, and real git
// repositories in temp dirs (built from a map of path -> content, committed, changed, committed again)
// for the integration tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMIT_ALL, copyRepository, gitScript } from '../adapters/fixture.js';
import type { ChangeSet, HashResult, ReadResult, RepoReader, TreeEntry } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { readPolicy, readWaivers } from '../../src/policy/fromRepo.js';
import type { Report } from '../../src/types.js';

export const REPO_ROOT = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));
export const EXAMPLE_DIR = join(REPO_ROOT, 'examples', 'acme-ml');

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// In-memory repository.

/** A symbolic link: listed as one by listEntries, never followed (readers answer `not-a-file`). */
export interface SymlinkMarker {
  symlink: string;
}
/** A git submodule (a gitlink, mode 160000): listed by listEntries, never read. */
export interface SubmoduleMarker {
  submodule: true;
}
/** Listed by listFiles but gone when read (a file deleted during the run). */
export interface MissingMarker {
  missing: true;
}
export type MemoryEntry = string | Uint8Array | SymlinkMarker | MissingMarker | SubmoduleMarker;
export type MemoryFiles = Record<string, MemoryEntry>;

export const symlink = (target: string): SymlinkMarker => ({ symlink: target });
export const MISSING: MissingMarker = { missing: true };
export const SUBMODULE: SubmoduleMarker = { submodule: true };

function isSymlink(e: MemoryEntry | undefined): e is SymlinkMarker {
  return typeof e === 'object' && e !== null && !(e instanceof Uint8Array) && 'symlink' in e;
}
function isSubmodule(e: MemoryEntry | undefined): e is SubmoduleMarker {
  return typeof e === 'object' && e !== null && !(e instanceof Uint8Array) && 'submodule' in e;
}
function isMissing(e: MemoryEntry | undefined): e is MissingMarker {
  return typeof e === 'object' && e !== null && !(e instanceof Uint8Array) && 'missing' in e;
}

/** Which paths were read or hashed: lets tests prove a file was (or was not) looked at. */
export interface MemoryReader extends RepoReader {
  readonly reads: string[];
}

/**
 * A RepoReader over a map of path -> content, with the port's contract: POSIX relative normalised
 * paths only (`outside` otherwise), symlinks refused (also as parent directories), size caps honoured,
 * never throws.
 */
export function memoryReader(files: MemoryFiles | Map<string, MemoryEntry>, label = 'memory'): MemoryReader {
  const map = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  const dirs = new Set<string>();
  for (const p of map.keys()) for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  const reads: string[] = [];
  const lookup = (path: string): Uint8Array | Exclude<ReadResult, { kind: 'ok' }> => {
    if (path === '' || path.startsWith('/') || path.includes('\0') || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      return { kind: 'outside', detail: `path "${path}" is not a normalised repository path` };
    }
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      if (isSymlink(map.get(path.slice(0, i)))) return { kind: 'not-a-file', detail: `symbolic link: parent directory "${path.slice(0, i)}" is a symbolic link` };
      if (isSubmodule(map.get(path.slice(0, i)))) return { kind: 'not-a-file', detail: `submodule: "${path.slice(0, i)}" is a submodule` };
    }
    const e = map.get(path);
    if (e === undefined) return dirs.has(path) ? { kind: 'not-a-file', detail: 'directory' } : { kind: 'missing' };
    if (isSymlink(e)) return { kind: 'not-a-file', detail: 'symbolic link' };
    if (isSubmodule(e)) return { kind: 'not-a-file', detail: 'submodule' };
    if (isMissing(e)) return { kind: 'missing' };
    return typeof e === 'string' ? new TextEncoder().encode(e) : e;
  };
  return {
    label,
    reads,
    listFiles: () => Promise.resolve([...map.entries()].filter(([, e]) => !isSymlink(e) && !isSubmodule(e)).map(([p]) => p).sort()),
    listEntries: () =>
      Promise.resolve(
        [...map.entries()]
          .map(([path, e]): TreeEntry => (isSymlink(e) ? { path, kind: 'symlink', target: e.symlink } : isSubmodule(e) ? { path, kind: 'submodule' } : { path, kind: 'file' }))
          .sort((a, b) => (a.path < b.path ? -1 : 1)),
      ),
    read(path: string, maxBytes: number): Promise<ReadResult> {
      reads.push(path);
      const r = lookup(path);
      if (!(r instanceof Uint8Array)) return Promise.resolve(r);
      if (r.length > maxBytes) return Promise.resolve({ kind: 'too-large', size: r.length, limit: maxBytes });
      return Promise.resolve({ kind: 'ok', bytes: r, size: r.length });
    },
    // Not logged in `reads`: recognising weights sniffs files no evidence rule reads.
    head(path: string, maxBytes: number): Promise<ReadResult> {
      const r = lookup(path);
      if (!(r instanceof Uint8Array)) return Promise.resolve(r);
      return Promise.resolve({ kind: 'ok', bytes: r.subarray(0, maxBytes), size: r.length });
    },
    sha256(path: string): Promise<HashResult> {
      reads.push(path);
      const r = lookup(path);
      if (!(r instanceof Uint8Array)) return Promise.resolve(r);
      return Promise.resolve({ kind: 'ok', sha256: sha256(r), size: r.length });
    },
  };
}

export interface EvaluateOptions {
  today?: string;
  changes?: ChangeSet;
  /** Read policy and waivers from this reader instead of the evaluated one (the base of a change). */
  base?: RepoReader;
}

/** Evaluates an in-memory repository as `modelgate check --all` would: policy and waivers from the repository. */
export async function evaluateFiles(files: MemoryFiles | Map<string, MemoryEntry>, options: EvaluateOptions = {}): Promise<Report> {
  const reader = memoryReader(files);
  const base = options.base ?? reader;
  return evaluate({
    reader,
    changes: options.changes ?? { all: true },
    ...(options.base ? { base: options.base } : {}),
    policy: await readPolicy(base),
    waivers: await readWaivers(base),
    today: options.today ?? '2026-11-28',
    toolVersion: 'test',
    generatedAt: '2026-11-28T00:00:00.000Z',
  });
}

// ---------------------------------------------------------------------------------------------
// Real git repositories.

const made: string[] = [];

export function tempDir(prefix = 'modelgate-core-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function cleanup(): void {
  templates.clear();
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

// Read once: copying process.env for every git call showed in the CLI tests' profile.
const GIT_ENV: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_GLOBAL: '/dev/null' };
for (const v of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) delete GIT_ENV[v];

/** Options for every fixture git call; no automatic maintenance, which git starts as a process after each commit. */
const GIT_OPTIONS = ['-c', 'user.name=modelgate tests', '-c', 'user.email=tests@modelgate.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'init.defaultBranch=main', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0'];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_OPTIONS, ...args], { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** What a change does to one path: new content, `null` to delete it, or a symlink. */
export type FileChange = string | Uint8Array | SymlinkMarker | null;

export function writeFiles(root: string, files: Record<string, FileChange>): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, ...path.split('/'));
    if (content === null) {
      rmSync(abs, { force: true });
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    rmSync(abs, { force: true });
    if (isSymlink(content)) symlinkSync(content.symlink, abs);
    else writeFileSync(abs, content);
  }
}

/** Moves a file inside the work tree with `git mv`, so the change is a rename. */
export function move(root: string, from: string, to: string): void {
  mkdirSync(dirname(join(root, ...to.split('/'))), { recursive: true });
  git(root, 'mv', from, to);
}

/** Stages everything and commits; returns the commit id. */
export function commit(root: string, message: string): string {
  return gitScript(root, COMMIT_ALL, [message], { options: GIT_OPTIONS, env: GIT_ENV }).trim();
}

/** Committed repositories by content, copied for each createRepo: one git init, add and commit per content and file. */
const templates = new Map<string, string>();

function fingerprint(files: Record<string, FileChange>): string {
  const h = createHash('sha256');
  for (const [path, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kind = content === null ? 'deleted' : typeof content === 'string' ? 'text' : content instanceof Uint8Array ? 'bytes' : `symlink:${content.symlink}`;
    h.update(`${path}\0${kind}\0`);
    if (typeof content === 'string' || content instanceof Uint8Array) h.update(content);
    h.update('\0');
  }
  return h.digest('hex');
}

/** Where createRepo makes a repository: a prefix, and whose temp dirs (removed by that owner's clean-up). */
export interface RepoOptions {
  prefix?: string;
  /** Makes a temp dir; default this module's tempDir (removed by cleanup()). */
  tempDir?: (prefix: string) => string;
}

/**
 * A new repository on branch `main` holding `files`, committed once: a copy (copyRepository) of the
 * first repository made from the same files. `options` is a prefix, or RepoOptions.
 */
export function createRepo(files: Record<string, FileChange>, options: string | RepoOptions = {}): string {
  const { prefix = 'modelgate-core-', tempDir: dirFor = tempDir } = typeof options === 'string' ? { prefix: options } : options;
  const key = fingerprint(files);
  let template = templates.get(key);
  // Another owner's clean-up may have removed it.
  if (template === undefined || !existsSync(template)) {
    template = dirFor('modelgate-template-');
    writeFiles(template, files);
    gitScript(template, 'git init -q -b main && git add -A && git commit -q --allow-empty -m initial', [], { options: GIT_OPTIONS, env: GIT_ENV });
    templates.set(key, template);
  }
  const dir = dirFor(prefix);
  copyRepository(template, dir);
  return dir;
}

/**
 * A branch `pr` off the current HEAD with `changes` committed on it (checked out afterwards). The
 * branch is made after the files are written, in the commit's process: a new branch at HEAD keeps
 * the work tree as it is.
 */
export function branchWith(root: string, changes: Record<string, FileChange>, branch = 'pr', message = 'change'): string {
  writeFiles(root, changes);
  return gitScript(root, `git checkout -q -b "$2" || exit\n${COMMIT_ALL}`, [message, branch], { options: GIT_OPTIONS, env: GIT_ENV }).trim();
}

/** Every file of a directory on disk, as path -> bytes (POSIX paths). */
export function readTree(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else if (st.isFile()) out[relative(dir, abs).split(sep).join('/')] = readFileSync(abs);
    }
  };
  walk(dir);
  return out;
}

/** The example repository (examples/acme-ml) as a map, to start a fixture from. */
export function exampleFiles(): Record<string, Uint8Array> {
  return readTree(EXAMPLE_DIR);
}

export const text = (bytes: Uint8Array | string | undefined): string => (typeof bytes === 'string' ? bytes : Buffer.from(bytes ?? new Uint8Array()).toString('utf8'));
