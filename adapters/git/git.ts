// Running git safely: argument arrays (never a shell), no prompts, a cap on captured output, and
// failures reported with git's own stderr. Also the repository-path check shared by the readers.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { ReadFailure } from '../../src/check.js';

/** Default cap on captured stdout. */
export const DEFAULT_MAX_BUFFER = 256 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

/** A full git object id, as git prints one: SHA-1 (40 hex digits) or SHA-256 (64). */
export function isObjectId(text: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text);
}

/** Variables that would point git at another repository than the one in `cwd` (e.g. inside hooks). */
const LOCATION_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  for (const name of LOCATION_VARS) delete env[name];
  return env;
}

/** Global options put before every subcommand: never run a filesystem monitor hook, never page. */
const GLOBAL_ARGS = ['-c', 'core.fsmonitor=false', '--no-pager'];

/** Spawns git with an argument array. The caller owns the process. */
export function spawnGit(cwd: string, args: readonly string[], stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): ChildProcess {
  return spawn('git', [...GLOBAL_ARGS, ...args], { cwd, env: gitEnv(), stdio, shell: false, windowsHide: true });
}

export interface RunGitOptions {
  /** Cap on stdout; the process is killed and the call rejects when it is exceeded. */
  maxBuffer?: number;
  /** Exit codes besides 0 whose output the caller reads (e.g. 1: `git merge-tree` found conflicts). */
  okExitCodes?: readonly number[];
  /** Written to git's standard input, which is then closed (e.g. the lines of `git cat-file --batch-check`). */
  input?: string;
}

/** Runs git and resolves with its stdout; rejects with a GitError (stderr text) on non-zero exit. */
export function runGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): Promise<Buffer> {
  const maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
  return new Promise<Buffer>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnGit(cwd, args, [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']);
    } catch (e) {
      reject(spawnError(e, args));
      return;
    }
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined); // EPIPE when git exits early: reported through 'close'
      child.stdin?.end(options.input);
    }
    const out: Buffer[] = [];
    let outLength = 0;
    let err = '';
    let overflow = false;
    let settled = false;
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (overflow) return;
      outLength += chunk.length;
      if (outLength > maxBuffer) {
        overflow = true;
        child.kill();
        return;
      }
      out.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < MAX_STDERR) err += chunk.toString('utf8');
    });
    child.on('error', (e) => fail(spawnError(e, args)));
    child.on('close', (code) => {
      if (settled) return;
      if (overflow) {
        fail(new GitError(`git ${args[0] ?? ''}: output exceeds ${maxBuffer} bytes`, args, code, err));
      } else if (code !== 0 && (code === null || !options.okExitCodes?.includes(code))) {
        const text = err.trim().slice(0, MAX_STDERR);
        fail(new GitError(`git ${args[0] ?? ''} failed (exit ${String(code)})${text ? `: ${text}` : ''}`, args, code, text));
      } else {
        settled = true;
        resolve(Buffer.concat(out, outLength));
      }
    });
  });
}

function spawnError(e: unknown, args: readonly string[]): GitError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOENT' ? 'git is not installed or not on PATH' : `could not run git: ${e instanceof Error ? e.message : String(e)}`;
  return new GitError(message, args, null, '');
}

/** Whether `ref` may be handed to git as a revision: not empty, not an option, no NUL byte. */
function isRevisionArgument(ref: string): boolean {
  return ref.length > 0 && !ref.startsWith('-') && !ref.includes('\0');
}

/** Resolves `ref` to a full commit id. Throws `unknown git revision "<ref>"` when it does not resolve. */
export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  if (!isRevisionArgument(ref)) throw new Error(`unknown git revision "${ref}"`);
  let out: Buffer;
  try {
    out = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch (e) {
    const detail = e instanceof GitError && e.stderr ? `: ${e.stderr.split('\n')[0] ?? ''}` : '';
    if (e instanceof GitError && e.exitCode === null) throw e;
    throw new Error(`unknown git revision "${ref}"${detail}`);
  }
  const sha = out.toString('utf8').trim();
  if (!isObjectId(sha)) throw new Error(`unknown git revision "${ref}"`);
  return sha;
}

/** `dir` is not inside a git work tree. */
export class NotInWorkTree extends Error {
  override name = 'NotInWorkTree';
}

/** The top-level directory of the work tree containing `dir`. */
export async function gitTopLevel(dir: string): Promise<string> {
  try {
    const out = await runGit(dir, ['rev-parse', '--show-toplevel']);
    const top = out.toString('utf8').replace(/\r?\n$/, '');
    if (!top) throw new Error('empty');
    return top;
  } catch (e) {
    if (e instanceof GitError && e.exitCode === null) throw e;
    throw new NotInWorkTree(`not inside a git work tree: ${dir}`);
  }
}

/**
 * The top level of the work tree containing `dir` and each of `refs` resolved to a commit id, from
 * one `git rev-parse`. When that cannot answer everything, gitTopLevel and resolveCommit answer one
 * by one, so the errors (and their messages) are theirs: NotInWorkTree outside a work tree.
 */
export async function resolveCheckout(dir: string, refs: readonly string[]): Promise<{ top: string; shas: string[] }> {
  if (refs.every(isRevisionArgument)) {
    try {
      const answer = parseCheckout((await runGit(dir, checkoutArgs(refs))).toString('utf8'), refs.length);
      if (answer) return answer;
    } catch (e) {
      if (e instanceof GitError && e.exitCode === null) throw e;
    }
  }
  const top = await gitTopLevel(dir);
  const shas: string[] = [];
  for (const ref of refs) shas.push(await resolveCommit(top, ref));
  return { top, shas };
}

/** resolveCheckout's one git command: `--` makes every argument before it a revision, never a path. */
export function checkoutArgs(refs: readonly string[]): string[] {
  return ['rev-parse', '--show-toplevel', ...refs.map((r) => `${r}^{commit}`), '--'];
}

/**
 * checkoutArgs' output for `n` revisions: the path, the ids, and the `--` echoed back, a line each
 * (the path may itself hold a newline). null when it is not that.
 */
export function parseCheckout(out: string, n: number): { top: string; shas: string[] } | null {
  const lines = out.split('\n');
  const shas = lines.slice(-n - 2, -2);
  const top = lines.slice(0, -n - 2).join('\n');
  return top && lines.at(-1) === '' && lines.at(-2) === '--' && shas.length === n && shas.every(isObjectId) ? { top, shas } : null;
}

/**
 * Why `path` is not a normalised repository path (POSIX, relative, no empty, "." or ".." segment,
 * no NUL), or null when it is one. Readers answer `outside` for such paths.
 */
export function repoPathProblem(path: string): ReadFailure | null {
  if (path.length === 0) return { kind: 'outside', detail: 'empty path' };
  if (path.includes('\0')) return { kind: 'outside', detail: 'path contains a NUL byte' };
  if (path.startsWith('/')) return { kind: 'outside', detail: `absolute path "${path}"` };
  if (process.platform === 'win32' && /[\\:]/.test(path)) {
    return { kind: 'outside', detail: `path "${path}" is not a POSIX repository path` };
  }
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      return { kind: 'outside', detail: `path "${path}" is not a normalised repository path` };
    }
  }
  return null;
}
