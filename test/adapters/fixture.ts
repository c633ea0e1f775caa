// Real git repositories in temp dirs for the repo adapter tests.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The environment of the fixtures' git: a fixed identity, no system config, no prompts, this repository only. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  // glibc returns freed memory to the kernel eagerly; git's zlib allocates and frees per object, so
  // writing thousands of objects made tens of thousands of brk calls, which cost 80 µs each on the
  // 2-core test machine (seconds per bulk commit). A pad keeps the heap: same objects, no churn.
  MALLOC_TOP_PAD_: String(64 * 1024 * 1024),
};
for (const v of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete GIT_ENV[v];

const made: string[] = [];

export function tempDir(prefix = 'modelgate-repo-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** No automatic maintenance: git would start it as a process after each commit. */
const GIT_OPTIONS = ['-c', 'commit.gpgsign=false', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0'];

export function git(cwd: string, ...args: string[]): string {
  return gitWithInput(cwd, '', ...args);
}

/** git with `input` on its standard input (e.g. a `git fast-import` stream). */
export function gitWithInput(cwd: string, input: string | Uint8Array, ...args: string[]): string {
  return execFileSync('git', [...GIT_OPTIONS, ...args], { cwd, env: GIT_ENV, encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
}

/**
 * Runs `script` (POSIX sh; `$1`… are `args`) in `cwd`, where `git` is the fixtures' git (or git with
 * `o.options` and `o.env`, another fixture's): several git commands for one process started from this
 * worker. The worker is large, and each process it starts copies its page tables (fork), which costs
 * more than the git command itself.
 */
export function gitScript(cwd: string, script: string, args: readonly string[] = [], o: { options?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): string {
  const options = (o.options ?? GIT_OPTIONS).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return execFileSync('sh', ['-c', `git() { command git ${options} "$@"; }\n${script}`, 'sh', ...args], { cwd, env: o.env ?? GIT_ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * Copies the repository at `from` (a work tree with its .git, or a bare one) to `to`, which must not
 * exist or be empty. Git's object files (loose and packs) are hard links, not copies: git never writes
 * to an object file once made (it writes a new one and renames it into place), so copies can share
 * them, and a copy allocates no inode and copies no byte per object. Everything else (work tree,
 * index, refs, config, objects/info) is copied: tests and git change those in place.
 */
export function copyRepository(from: string, to: string): void {
  const shared = existsSync(join(from, '.git')) ? /^\.git\/objects\/([0-9a-f]{2}|pack)\// : /^objects\/([0-9a-f]{2}|pack)\//;
  const walk = (rel: string): void => {
    mkdirSync(join(to, rel), { recursive: true });
    for (const e of readdirSync(join(from, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      const src = join(from, path);
      const dst = join(to, path);
      if (e.isDirectory()) walk(path);
      else if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
      else if (shared.test(path)) linkSync(src, dst);
      else copyFileSync(src, dst);
    }
  };
  walk('');
}

export function initRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

export function write(root: string, path: string, content: string | Uint8Array): void {
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Stages everything and commits; returns the commit id. */
export function commitAll(dir: string, message = 'commit'): string {
  return gitScript(dir, COMMIT_ALL, [message]).trim();
}

/**
 * Stages everything and commits with message $1, printing the commit id: one process from the worker
 * (gitScript), and the id read from HEAD's loose ref by the shell, as `git rev-parse HEAD` would
 * answer (git writes the ref it commits to loose).
 */
export const COMMIT_ALL = `git add -A && git commit -q --allow-empty -m "$1" || exit
read -r head < .git/HEAD
case $head in "ref: "*) read -r head < ".git/\${head#ref: }" || head=$(git rev-parse HEAD) ;; esac
echo "$head"`;

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
