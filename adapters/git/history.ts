// Reading how files changed over a repository's history without checking anything out: one
// `git log --raw` over the paths of interest gives, per commit, the blob id each path changed to;
// one `git cat-file --batch` process then reads every distinct blob. Thousands of commits cost two
// processes, not one per commit.
import type { ChildProcess } from 'node:child_process';
import { GitError, isObjectId, runGit, spawnGit } from './git.js';
import { CatFileBatchParser } from './catFileBatch.js';
import type { BlobResult, HistoryCommit } from '../../src/index.js';

export type { BlobResult, HistoryCommit, PathChange } from '../../src/index.js';

export interface HistoryInfo {
  head: string;
  shallow: boolean;
}

/** HEAD's commit id and whether the clone is shallow; rejects when `dir` is not in a git work tree with a commit. */
export async function historyInfo(dir: string): Promise<HistoryInfo> {
  // git prints the option's answer and the revision in an order of its own: tell them apart by shape.
  const lines = (await runGit(dir, ['rev-parse', '--is-shallow-repository', '--verify', '--quiet', 'HEAD^{commit}'])).toString('utf8').split('\n');
  const head = lines.find(isObjectId);
  if (!head) throw new Error('no commit at HEAD');
  return { head, shallow: lines.includes('true') };
}

const REGULAR_FILE = /^100(644|755)$/;

/**
 * The commits of HEAD's first-parent history that changed any of `paths` (files, relative to `dir`),
 * oldest first, with the blob each of those paths holds afterwards. First-parent: the trend of the
 * main line, with a merge counted as the change it brought to it.
 */
export async function logPathChanges(dir: string, paths: readonly string[]): Promise<HistoryCommit[]> {
  if (paths.length === 0) return [];
  const args = [
    'log',
    '-z',
    '--first-parent',
    '--diff-merges=first-parent',
    '--raw',
    '--no-abbrev',
    '--no-renames',
    '--relative',
    '--format=tformat:%H %ct',
    'HEAD',
    '--',
    ...paths.map((p) => `:(literal)${p}`),
  ];
  const out = await runGit(dir, args);
  return parseRawLog(out.toString('utf8')).reverse();
}

/** Parses `git log -z --raw --format=%H %ct` output (newest first, as git prints it). */
export function parseRawLog(text: string): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  const tokens = text.split('\0');
  let current: HistoryCommit | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] ?? '').replace(/^\n/, '');
    if (token === '') continue;
    if (token.startsWith(':')) {
      // ":<old mode> <new mode> <old oid> <new oid> <status>" then the path as the next token.
      const path = tokens[++i];
      const fields = token.slice(1).split(' ');
      const newMode = fields[1] ?? '';
      const newOid = fields[3] ?? '';
      const status = fields[4] ?? '';
      if (!current || path === undefined) continue;
      const deleted = status.startsWith('D') || /^0+$/.test(newOid);
      current.changes.push({ path, blob: deleted || !REGULAR_FILE.test(newMode) ? null : newOid });
      continue;
    }
    const m = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d+)$/.exec(token);
    if (m?.[1] && m[2]) {
      current = { sha: m[1], time: Number(m[2]), changes: [] };
      commits.push(current);
    }
  }
  return commits;
}

/**
 * Reads blobs through one `git cat-file --batch` process: every id is written up front and the
 * answers are parsed as they stream back (in request order). Bodies over `maxBytes` are skipped,
 * not buffered.
 */
export function readBlobs(dir: string, oids: Iterable<string>, maxBytes: number): Promise<Map<string, BlobResult>> {
  const wanted = [...new Set(oids)].filter(isObjectId);
  const results = new Map<string, BlobResult>();
  if (wanted.length === 0) return Promise.resolve(results);
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnGit(dir, ['cat-file', '--batch'], ['pipe', 'pipe', 'pipe']);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    let next = 0;
    const parser = new CatFileBatchParser(
      (type, size) => type === 'blob' && size <= maxBytes,
      (a) => {
        const oid = wanted[next++] ?? '';
        if (a.kind === 'unavailable' || a.type !== 'blob') results.set(oid, { kind: 'missing' });
        else results.set(oid, a.body ? { kind: 'ok', bytes: a.body } : { kind: 'too-large', size: a.size });
      },
    );
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.stdin?.on('error', () => undefined); // EPIPE if git dies; reported by 'close'
    child.on('error', (e) => reject(new GitError(`could not run git cat-file: ${e.message}`, ['cat-file'], null, '')));
    child.on('close', (code) => {
      if (code === 0 && next === wanted.length) resolve(results);
      else reject(new GitError(`git cat-file --batch failed (exit ${String(code)})${stderr ? `: ${stderr.trim()}` : ''}`, ['cat-file', '--batch'], code, stderr));
    });
    child.stdin?.end(wanted.join('\n') + '\n');
  });
}

/**
 * "owner/name" from the origin remote's URL (https, ssh or scp-like), followed by the directory's
 * path inside the work tree when it is not the top; undefined without an origin. Only the last two
 * URL segments are kept, so credentials embedded in a URL never reach a report.
 */
/** A URL of a remote host (https, ssh, git, scp-like `git@host:owner/repo`), not a local path or `file://`. */
export function isNetworkRemote(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme !== 'file';
  // scp-like syntax: a host before the first colon, and no slash before it (git's own rule); C:\ is a drive.
  return /^[^/\\]{2,}:/.test(url) && !/^[a-z]:[\\/]/i.test(url);
}

export async function remoteName(dir: string): Promise<string | undefined> {
  let url: string;
  let prefix: string;
  try {
    url = (await runGit(dir, ['config', '--get', 'remote.origin.url'])).toString('utf8').trim();
    prefix = (await runGit(dir, ['rev-parse', '--show-prefix'])).toString('utf8').trim().replace(/\/$/, '');
  } catch {
    return undefined;
  }
  if (!isNetworkRemote(url)) return undefined; // a clone of a local path: its path would name this machine's directories
  const segments = url.replace(/\.git$/, '').split(/[/:]/).filter(Boolean);
  const name = segments.slice(-2).join('/');
  if (!name) return undefined;
  return prefix ? `${name}/${prefix}` : name;
}
