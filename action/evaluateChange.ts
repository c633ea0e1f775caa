// Runs the core's checkChange over a resolved change, as `modelgate check --base --head` does:
// policy and waivers from the base commit, evidence from the head commit, both read from git
// objects (no checkout).
import { checkChange, VERSION } from '../src/check.js';
import type { CheckedChange } from '../src/index.js';
import { createGitRefReader, type GitRefReader } from '../adapters/git/gitReader.js';
import type { ResolvedChange } from './changeSet.js';
import type { LocalGit } from './localGit.js';

/** What the readers need of the run's checkout: its directory and its object process, read through. */
export type Checkout = Pick<LocalGit, 'dir' | 'batch'>;

/**
 * Runs `use` with readers of the change's base and head commits (one reader when they are the same),
 * closed afterwards; they read through the checkout's object process instead of starting one.
 */
export async function withChangeReaders<T>(checkout: Checkout, change: ResolvedChange, use: (base: GitRefReader, head: GitRefReader) => Promise<T>): Promise<T> {
  const readers: GitRefReader[] = [];
  try {
    // resolveChange made sure both commits are present.
    const base = await createGitRefReader(checkout.dir, change.baseSha, { verifiedCommit: true, batch: checkout.batch });
    readers.push(base);
    // The head's tree is the base's patched by their difference, read through the same git process.
    const head = change.headSha === change.baseSha ? base : await createGitRefReader(checkout.dir, change.headSha, { verifiedCommit: true, sibling: base });
    if (head !== base) readers.push(head);
    return await use(base, head);
  } finally {
    for (const r of readers) r.close();
  }
}

/** Under pull_request the workflow, and so `configPath`, comes from the pull request: checkChange refuses a path the base lacks. */
export async function evaluateChange(checkout: Checkout, change: ResolvedChange, configPath: string, today: string): Promise<CheckedChange> {
  return withChangeReaders(checkout, change, (base, head) => checkChange({ base, judged: head, changes: change.changes, configPath, today, toolVersion: VERSION }));
}
