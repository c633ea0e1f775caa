// The HistorySource the KPI trends read, backed by git: `git log --raw` and `git cat-file --batch`
// (adapters/git/history.ts), behind a cache that lets the carbon and the workforce trend of one
// report share their git processes.
import { MAX_EVIDENCE_BYTES } from '../../src/index.js';
import type { BlobResult, HistoryCommit, HistorySource } from '../../src/index.js';
import { logPathChanges, readBlobs } from '../git/history.js';

export function gitHistorySource(dir: string): HistorySource {
  return cachedHistory({ log: (paths) => logPathChanges(dir, paths), read: (oids) => readBlobs(dir, oids, MAX_EVIDENCE_BYTES) });
}

/**
 * A source that asks `inner` as little as it can. Blobs are read once. A log of paths that an earlier
 * log covered is filtered from it, and a log that is not covered asks for every path asked so far, so
 * it covers all earlier requests. The filter is exact for git's first-parent history limited to paths
 * (logPathChanges): a commit is listed when its diff with its first parent touches one of the paths
 * (a path or anything below it, as a pathspec matches), with those changes in git's order; the
 * commits and changes for fewer paths are the ones for more, filtered.
 */
export function cachedHistory(inner: HistorySource): HistorySource {
  let covered: { paths: Set<string>; commits: HistoryCommit[] } | undefined;
  const blobs = new Map<string, BlobResult>();
  return {
    async log(paths) {
      if (!covered || !paths.every((p) => covered?.paths.has(p))) {
        const all = new Set([...(covered?.paths ?? []), ...paths]);
        covered = { paths: all, commits: await inner.log([...all]) };
      }
      return onlyPaths(covered.commits, paths);
    },
    async read(oids) {
      const missing = [...new Set(oids)].filter((o) => !blobs.has(o));
      if (missing.length > 0) for (const [oid, blob] of await inner.read(missing)) blobs.set(oid, blob);
      const out = new Map<string, BlobResult>();
      for (const oid of oids) {
        const blob = blobs.get(oid);
        if (blob) out.set(oid, blob);
      }
      return out;
    },
  };
}

/** The commits that changed `paths` (or a file below one of them), with only those changes. */
export function onlyPaths(commits: readonly HistoryCommit[], paths: readonly string[]): HistoryCommit[] {
  const wanted = new Set(paths);
  const matches = (path: string): boolean => {
    if (wanted.has(path)) return true;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) if (wanted.has(path.slice(0, i))) return true;
    return false;
  };
  const out: HistoryCommit[] = [];
  for (const c of commits) {
    const changes = c.changes.filter((ch) => matches(ch.path));
    if (changes.length > 0) out.push(changes.length === c.changes.length ? c : { ...c, changes });
  }
  return out;
}
