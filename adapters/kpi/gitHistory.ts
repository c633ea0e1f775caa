// The HistorySource the carbon trend reads, backed by git: one `git log --raw` and one
// `git cat-file --batch` (adapters/git/history.ts).
import { MAX_EVIDENCE_BYTES } from '../../src/index.js';
import type { HistorySource } from '../../src/index.js';
import { logPathChanges, readBlobs } from '../git/history.js';

export function gitHistorySource(dir: string): HistorySource {
  return { log: (paths) => logPathChanges(dir, paths), read: (oids) => readBlobs(dir, oids, MAX_EVIDENCE_BYTES) };
}
