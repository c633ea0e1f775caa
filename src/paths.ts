// Paths inside evidence files are untrusted. Every reference is resolved here, relative to the
// file that makes it or to the repository root, and refused when it would leave the repository.
import { posix } from 'node:path';

const MAX_PATH_LENGTH = 4096;

export type ResolvedPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolves `ref` (as written in an evidence file) against `baseDir` (a repository-relative
 * directory, '' for the root). Refuses absolute paths, drive letters, URLs, NUL bytes, backslashes,
 * URL-encoded dots and slashes, and any path that climbs above the repository root.
 */
export function resolveRepoPath(baseDir: string, ref: string): ResolvedPath {
  if (ref.length === 0) return { ok: false, reason: 'empty path' };
  // Longer than any file system allows (PATH_MAX); also bounds path.normalize, which is quadratic in
  // the number of "..".
  if (ref.length > MAX_PATH_LENGTH) return { ok: false, reason: `path of ${ref.length} characters is longer than any repository path (${MAX_PATH_LENGTH})` };
  if (ref.includes('\0')) return { ok: false, reason: 'path contains a NUL byte' };
  if (/[\r\n]/.test(ref)) return { ok: false, reason: 'path contains a line break' };
  if (ref.includes('\\')) return { ok: false, reason: `path "${ref}" uses backslashes; use "/"` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return { ok: false, reason: `"${ref}" is a URL or drive path, not a repository path` };
  if (ref.startsWith('/')) return { ok: false, reason: `absolute path "${ref}" leaves the repository` };
  // "%2e%2e/" is ".." to anything that decodes it (a URL, an API call, a web server): a repository
  // path never needs an encoded dot, slash, backslash or control character, so none is accepted,
  // however many times it is encoded ("%252e"), nor an overlong UTF-8 form ("%c0%ae").
  const encoded = /%(?:25)*(?:2e|2f|5c|00|0a|0d|c0|c1|e0%80)/i.exec(ref);
  if (encoded) return { ok: false, reason: `path "${ref}" holds the URL-encoded "${encoded[0]}"; write the path as it is, not URL-encoded` };
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
