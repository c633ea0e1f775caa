// The git work the Action does in the checkout: making sure the commits it compares are present
// (fetching their objects from origin without checking anything out, so no pull request code is
// ever placed in the work tree or run) and diffing two trees. One LocalGit serves one run and
// remembers what it learnt (whether the clone is shallow, which commits are present, what a ref
// fetched pointed to), so that no question is put to git twice: each git process costs milliseconds.
// Questions about objects go to one `git cat-file --batch-command` (`batch`), which the readers of
// the two commits then read through: a run starts that process once.
import type { ChangedFile } from '../src/index.js';
import { GitError, isObjectId, runGit } from '../adapters/git/git.js';
import { GitBatch } from '../adapters/git/gitBatch.js';
import { parseNameStatus } from '../adapters/git/gitChanges.js';
import { parentsOf } from '../adapters/git/gitMerge.js';

const FETCH = ['fetch', '--no-tags', '--no-recurse-submodules', '--no-auto-gc'];
/** A commit object's header and message: far beyond any real commit, short of a memory problem. */
const MAX_COMMIT_BYTES = 16 * 1024 * 1024;

export class LocalGit {
  /** Commits known to be present: objects do not leave the store during a run. */
  private readonly present = new Set<string>();
  /** Commits known to be absent, until the next fetch. */
  private readonly absent = new Set<string>();
  /** The commit each ref fetched in this run pointed to. */
  private readonly fetched = new Map<string, string>();
  /** The run's object process: LocalGit's questions, the commit readers' reads. Closed by close(). */
  readonly batch: GitBatch;

  private constructor(
    /** The top level of the work tree. */
    readonly dir: string,
    /** A shallow clone stays shallow: what it fetches, it fetches at depth 1. */
    readonly shallow: boolean,
  ) {
    this.batch = new GitBatch(dir);
  }

  /** Ends the object process. */
  close(): void {
    this.batch.close();
  }

  /** The work tree containing `path` (one `git rev-parse` for its top level and its depth); rejects outside one. */
  static async open(path: string): Promise<LocalGit> {
    let out: string;
    try {
      out = (await runGit(path, ['rev-parse', '--is-shallow-repository', '--show-toplevel'])).toString('utf8');
    } catch (e) {
      if (e instanceof GitError && e.exitCode === null) throw e;
      throw new Error(`not inside a git work tree: ${path}`);
    }
    // The answer to --is-shallow-repository is one word on the first line; the path may hold anything.
    const newline = out.indexOf('\n');
    const top = out.slice(newline + 1).replace(/\r?\n$/, '');
    if (newline < 0 || !top) throw new Error(`not inside a git work tree: ${path}`);
    return new LocalGit(top, out.slice(0, newline) === 'true');
  }

  async hasCommit(sha: string): Promise<boolean> {
    if (this.present.has(sha)) return true;
    if (this.absent.has(sha)) return false;
    await this.learn([sha]);
    return this.present.has(sha);
  }

  /** Learns which of `shas` are present commits, in one round of questions (hasCommit then answers from memory). */
  async checkCommits(shas: readonly string[]): Promise<void> {
    await this.learn(shas.filter((sha) => !this.present.has(sha) && !this.absent.has(sha)));
  }

  /**
   * Asks the object process about each of `shas` as a commit: present, absent, or (an error, such as
   * a name that is no object id) neither, which hasCommit answers as absent without remembering it.
   */
  private async learn(shas: readonly string[]): Promise<void> {
    const answers = await Promise.all(shas.map((sha) => (isObjectId(sha) ? this.batch.info(`${sha}^{commit}`) : Promise.resolve(null))));
    shas.forEach((sha, i) => {
      const a = answers[i];
      if (a?.kind === 'object' && a.type === 'commit' && a.oid === sha) this.present.add(sha);
      else if (a?.kind === 'missing') this.absent.add(sha);
    });
  }

  /**
   * Makes `sha` present locally, trying each refspec in turn (a commit id or a ref such as
   * `+refs/pull/7/head`) with `git fetch origin`. Objects only: no ref is updated but FETCH_HEAD.
   * A shallow clone stays shallow (depth 1 for what is fetched). Returns why it failed, or null.
   */
  async ensureCommit(sha: string, refspecs: readonly string[]): Promise<string | null> {
    if (await this.hasCommit(sha)) return null;
    const problems: string[] = [];
    for (const spec of refspecs) {
      try {
        await this.fetch([spec]);
      } catch (e) {
        problems.push(`git fetch origin ${spec}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        continue;
      }
      if (await this.hasCommit(sha)) return null;
      problems.push(`git fetch origin ${spec} did not bring ${sha.slice(0, 12)}`);
    }
    return problems.join('; ') || `commit ${sha} is not in the repository`;
  }

  /**
   * Fetches `ref` from origin and returns the commit it points to (via FETCH_HEAD); a ref this run
   * fetched already answers from memory. `alongWith`: refspecs fetched in the same `git fetch`, so
   * that objects both need cross the wire once (a fetch of objects only cannot tell origin what an
   * earlier one brought).
   */
  async fetchRefCommit(ref: string, alongWith: readonly string[] = []): Promise<string> {
    const known = this.fetched.get(ref);
    if (known) return known;
    const missing = [...this.absent];
    await this.fetch([`+${ref}`, ...alongWith]);
    // FETCH_HEAD lists the fetched refs in the order asked for; its first line is `ref`. The commits
    // found missing before the fetch are asked about again: it may have brought them.
    const [fetchHead] = await Promise.all([this.batch.info('FETCH_HEAD^{commit}'), this.learn(missing)]);
    if (fetchHead.kind !== 'object' || fetchHead.type !== 'commit' || !isObjectId(fetchHead.oid)) {
      throw new Error(`git fetch origin ${ref} brought no commit (FETCH_HEAD: ${fetchHead.kind === 'io' ? fetchHead.detail : fetchHead.kind})`);
    }
    const sha = fetchHead.oid;
    this.fetched.set(ref, sha);
    this.present.add(sha);
    return sha;
  }

  /**
   * The files whose content differs between two trees (`git diff base head`, renames detected). Needs
   * only the two commits, not their history, so it works in shallow clones. For merge queues and
   * pushes `base` is an ancestor of `head`, where this equals the pull-request style diff from the
   * merge base; after a force push it is what the branch's content changed by.
   */
  async treeDiff(base: string, head: string): Promise<ChangedFile[]> {
    const out = await runGit(this.dir, ['diff', '--name-status', '-z', '-M', '--no-relative', '--no-ext-diff', '--no-textconv', '--no-color', base, head, '--']);
    return parseNameStatus(out.toString('utf8'));
  }

  /** The parents of a commit, read from the object itself (a shallow clone's grafts hide them from rev-list). */
  async commitParents(sha: string): Promise<string[]> {
    const commit = await this.batch.contents(`${sha}^{commit}`, MAX_COMMIT_BYTES);
    if (commit.kind !== 'object') throw new Error(`git cat-file: commit ${sha}: ${commit.kind === 'io' ? commit.detail : commit.kind}`);
    return parentsOf(commit.bytes);
  }

  private async fetch(refspecs: readonly string[]): Promise<void> {
    this.absent.clear();
    await runGit(this.dir, [...FETCH, ...(this.shallow ? ['--depth=1'] : []), 'origin', ...refspecs]);
  }
}
