// Paths inside evidence files are untrusted. Every reference is resolved here, relative to the
// file that makes it or to the repository root, and refused when it would leave the repository.
import { posix } from 'node:path';

export type ResolvedPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolves `ref` (as written in an evidence file) against `baseDir` (a repository-relative
 * directory, '' for the root). Refuses absolute paths, drive letters, URLs, NUL bytes, backslashes
 * and any path that climbs above the repository root.
 */
export function resolveRepoPath(baseDir: string, ref: string): ResolvedPath {
  if (ref.length === 0) return { ok: false, reason: 'empty path' };
  if (ref.includes('\0')) return { ok: false, reason: 'path contains a NUL byte' };
  if (/[\r\n]/.test(ref)) return { ok: false, reason: 'path contains a line break' };
  if (ref.includes('\\')) return { ok: false, reason: `path "${ref}" uses backslashes; use "/"` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return { ok: false, reason: `"${ref}" is a URL or drive path, not a repository path` };
  if (ref.startsWith('/')) return { ok: false, reason: `absolute path "${ref}" leaves the repository` };
  const joined = posix.normalize(posix.join(baseDir || '.', ref));
  if (joined === '..' || joined.startsWith('../')) {
    return { ok: false, reason: `path "${ref}" leaves the repository` };
  }
  const path = joined === '.' ? '' : joined.replace(/\/$/, '');
  return { ok: true, path };
}

/** Normalises a repository path from git or the API: POSIX, no leading "./" or trailing "/". */
export function normaliseRepoPath(p: string): string {
  return posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, '');
}

export function dirOf(p: string): string {
  const d = posix.dirname(p);
  return d === '.' ? '' : d;
}
