// Which files' texts the core needs to read to answer a question about a few names, asked of the
// reader in bulk (RepoReader.filesContaining: one `git grep` instead of reading every text). The
// answer only narrows the files the core reads: it applies to them the same scan as without it, so
// the results are the same with or without the capability. Questions asked in the same turn of the
// event loop (the datasets of one card, the models gathered at once) go to the reader as one search
// with every needle; its answer, a superset for each, is theirs. Past a few searches (a change to
// many models), reading every text once costs less: the searcher then answers undefined.
import type { Needle, RepoReader } from './types.js';

/** Searches one index makes before its texts are read instead. */
const MAX_SEARCHES = 4;

export type Search = (needles: readonly Needle[]) => Promise<ReadonlySet<string> | undefined>;

export function searcher(reader: RepoReader, paths: readonly string[], maxBytes: number): Search {
  const ask = reader.filesContaining?.bind(reader);
  if (!ask || paths.length === 0) return () => Promise.resolve(undefined);
  let batch: { needles: Needle[]; answer: Promise<ReadonlySet<string> | undefined> } | undefined;
  let searches = 0;
  return (needles) => {
    if (!batch) {
      if (++searches > MAX_SEARCHES) return Promise.resolve(undefined);
      const next: { needles: Needle[]; answer?: Promise<ReadonlySet<string> | undefined> } = { needles: [] };
      next.answer = Promise.resolve().then(async () => {
        batch = undefined;
        try {
          const found = await ask(paths, next.needles, maxBytes);
          return found ? new Set(found) : undefined;
        } catch {
          return undefined; // the reader could not tell: read every text
        }
      });
      batch = next as { needles: Needle[]; answer: Promise<ReadonlySet<string> | undefined> };
    }
    batch.needles.push(...needles);
    return batch.answer;
  };
}
