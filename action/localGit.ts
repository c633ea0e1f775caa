// The git work the Action does in the checkout: making sure the commits it compares are present
// (fetching their objects from origin without checking anything out, so no pull request code is
// ever placed in the work tree or run) and diffing two trees. One LocalGit serves one run and
// remembers what it learnt (whether the clone is shallow, which commits are present, what a ref
// fetched pointed to), so that no question is put to git twice: each git process costs tens of
// milliseconds.
import type { ChangedFile } from '../src/index.js';
import { GitError, isObjectId, runGit } from '../adapters/git/git.js';
import { parseNameStatus } from '../adapters/git/gitChanges.js';

const FETCH = ['fetch', '--no-tags', '--no-recurse-submodules', '--no-auto-gc'];

export class LocalGit {
  /** Commits known to be present: objects do not leave the store during a run. */
  private readonly present = new Set<string>();
  /** Commits known to be absent, until the next fetch. */
  private readonly absent = new Set<string>();
  /** The commit each ref fetched in this run pointed to. */
  private readonly fetched = new Map<string, string>();

  private constructor(
    /** The top level of the work tree. */
    readonly dir: string,
    /** A shallow clone stays shallow: what it fetches, it fetches at depth 1. */
    readonly shallow: boolean,
  ) {}

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
    try {
      await runGit(this.dir, ['cat-file', '-e', `${sha}^{commit}`]);
    } catch (e) {
      if (e instanceof GitError && e.exitCode === null) throw e;
      return false;
    }
    this.present.add(sha);
    return true;
  }

  /** Learns in one `git cat-file --batch-check` which of `shas` are present commits (hasCommit then answers without git). */
  async checkCommits(shas: readonly string[]): Promise<void> {
    try {
      this.learn(shas, await this.batchCheck(shas.map((s) => `${s}^{commit}`)));
    } catch (e) {
      if (e instanceof GitError && e.exitCode === null) throw e;
      // hasCommit asks one by one
    }
  }

  /** `git cat-file --batch-check`'s line for each of `names` (revisions), in order. */
  private async batchCheck(names: readonly string[]): Promise<string[]> {
    return (await runGit(this.dir, ['cat-file', '--batch-check'], { input: names.map((n) => `${n}\n`).join('') })).toString('utf8').split('\n');
  }

  /** Records which of `shas` are present commits from their `--batch-check` lines (`sha^{commit}` asked). */
  private learn(shas: readonly string[], lines: readonly string[]): void {
    shas.forEach((sha, i) => {
      const line = lines[i] ?? '';
      if (line.startsWith(`${sha} commit `)) this.present.add(sha);
      else if (line === `${sha}^{commit} missing`) this.absent.add(sha);
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
    // found missing before the fetch are asked about in the same git process: it may have brought them.
    const [fetchHead = '', ...lines] = await this.batchCheck(['FETCH_HEAD^{commit}', ...missing.map((s) => `${s}^{commit}`)]);
    const sha = fetchHead.split(' ')[0] ?? '';
    if (!isObjectId(sha) || !fetchHead.startsWith(`${sha} commit `)) throw new Error(`git fetch origin ${ref} brought no commit (FETCH_HEAD: ${fetchHead})`);
    this.learn(missing, lines);
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

  private async fetch(refspecs: readonly string[]): Promise<void> {
    this.absent.clear();
    await runGit(this.dir, [...FETCH, ...(this.shallow ? ['--depth=1'] : []), 'origin', ...refspecs]);
  }
}
