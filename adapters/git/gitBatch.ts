// One long-lived `git cat-file --batch-command` (git 2.36 or later) answering, in order, both kinds of
// question a run puts to the object store: `info` (does this object exist, what type and size is it;
// what --batch-check answers) and `contents` (its bytes; what --batch answers). The Action's LocalGit
// and the readers of both commits share one, so a pull request's object reads cost one process, not
// one per question: each process the test workers and runners start costs milliseconds.
// A fetch may add objects (and rewrite FETCH_HEAD) while the process runs: git looks again in the
// object directory for an object it does not find, and reads FETCH_HEAD anew for each name.
import type { ChildProcess } from 'node:child_process';
import type { ReadResult } from '../../src/check.js';
import { spawnGit } from './git.js';
import { CatFileBatchParser, type BatchAnswer } from './catFileBatch.js';

/** What `info` learnt of a name: the object, or why there is none (`missing` is git's own word). */
export type ObjectInfo = { kind: 'object'; oid: string; type: string; size: number } | { kind: 'missing' } | { kind: 'io'; detail: string };

/** A raw object's type and bytes (`contents`, any type), or why there are none. */
export type ObjectContents = { kind: 'object'; type: string; bytes: Buffer } | { kind: 'missing' } | { kind: 'io'; detail: string } | { kind: 'too-large'; size: number };

/** A question on its way: `limit` is the most content bytes kept (none for `info`). */
interface Request {
  command: 'info' | 'contents';
  limit: number;
  resolve: (a: BatchAnswer | { kind: 'io'; detail: string }) => void;
}

interface Refable {
  ref?: () => void;
  unref?: () => void;
}

export class GitBatch {
  private child: ChildProcess | undefined;
  private queue: Request[] = [];
  private readonly parser = new CatFileBatchParser(
    (_type, size) => {
      const head = this.queue[0];
      return head?.command === 'contents' && size <= head.limit;
    },
    (a) => this.queue.shift()?.resolve(a),
    () => this.queue[0]?.command === 'contents',
  );
  private stderr = '';
  private closed = false;

  constructor(private readonly repoDir: string) {}

  /** The object `name` (an object id, or a revision such as `FETCH_HEAD^{commit}`) names: its id, type and size. */
  async info(name: string): Promise<ObjectInfo> {
    const a = await this.ask('info', name, 0);
    if (a.kind === 'object') {
      return { kind: 'object', oid: a.oid, type: a.type, size: a.size };
    }
    return a.kind === 'unavailable' ? unavailable(a.line) : a;
  }

  /** A blob's bytes when it is at most `limit` bytes long: the RepoReader's answer for a file read. */
  async read(oid: string, limit: number): Promise<ReadResult> {
    const a = await this.ask('contents', oid, limit);
    if (a.kind === 'unavailable') return unavailable(a.line);
    if (a.kind === 'io') return a;
    if (a.type !== 'blob') return { kind: 'not-a-file', detail: a.type };
    if (!a.body) return { kind: 'too-large', size: a.size, limit };
    return { kind: 'ok', bytes: a.body, size: a.size };
  }

  /** Any object's type and bytes (a commit's header, for instance) when at most `limit` bytes long. */
  async contents(name: string, limit: number): Promise<ObjectContents> {
    const a = await this.ask('contents', name, limit);
    if (a.kind === 'unavailable') return unavailable(a.line);
    if (a.kind === 'io') return a;
    return a.body ? { kind: 'object', type: a.type, bytes: a.body } : { kind: 'too-large', size: a.size };
  }

  /** Ends the process once its answers are in. Later questions answer `io`. Idempotent. */
  close(): void {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    child.stdin?.end();
    if (this.queue.length === 0) this.setRef(child, false);
  }

  private ask(command: 'info' | 'contents', name: string, limit: number): Promise<BatchAnswer | { kind: 'io'; detail: string }> {
    return new Promise((resolve) => {
      // A name is one line of the protocol: a line break would be a second command.
      if (/[\n\r\0]/.test(name)) return resolve({ kind: 'io', detail: `not an object name: ${JSON.stringify(name)}` });
      if (this.closed) return resolve({ kind: 'io', detail: 'reader is closed' });
      const child = this.ensure();
      if (!child?.stdin) return resolve({ kind: 'io', detail: 'could not start git cat-file' });
      this.queue.push({ command, limit, resolve: (a) => this.settled(resolve, a) });
      if (this.queue.length === 1) this.setRef(child, true);
      child.stdin.write(`${command} ${name}\n`);
    });
  }

  private settled<A>(resolve: (a: A) => void, a: A): void {
    resolve(a);
    if (this.queue.length === 0 && this.child) this.setRef(this.child, false);
  }

  private ensure(): ChildProcess | undefined {
    if (this.child) return this.child;
    let child: ChildProcess;
    try {
      child = spawnGit(this.repoDir, ['cat-file', '--batch-command'], ['pipe', 'pipe', 'pipe']);
    } catch {
      return undefined;
    }
    this.child = child;
    this.parser.reset();
    this.stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => this.parser.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString('utf8');
    });
    child.stdin?.on('error', () => undefined); // EPIPE when git died: reported through 'close'
    const gone = (why: string): void => {
      if (this.child !== child) return;
      this.child = undefined;
      const pending = this.queue;
      this.queue = [];
      for (const p of pending) p.resolve({ kind: 'io', detail: why });
    };
    child.on('error', (e) => gone(`could not run git cat-file: ${e.message}`));
    child.on('close', (code) => gone(`git cat-file exited (${String(code)})${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
    this.setRef(child, false);
    return child;
  }

  /** The process keeps the event loop alive only while a question is pending. */
  private setRef(child: ChildProcess, on: boolean): void {
    for (const h of [child, child.stdin, child.stdout, child.stderr] as Refable[]) {
      if (h) (on ? h.ref : h.unref)?.call(h);
    }
  }
}

/** `<name> missing` is an absent object; anything else (`ambiguous`, ...) is an error to report. */
function unavailable(line: string): { kind: 'missing' } | { kind: 'io'; detail: string } {
  return / missing$/.test(line) ? { kind: 'missing' } : { kind: 'io', detail: `git cat-file: ${line}` };
}
