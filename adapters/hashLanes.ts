// SHA-256 of large files on every core. One file at a time is hashed on the calling thread (no
// worker to start, so hashing one big file costs what node's bare hash loop costs); while that lane
// is busy, further files go to worker threads, one per remaining core, started on first need. The
// calling thread reads asynchronously, so its event loop keeps turning; a worker has nothing else
// to do, so it reads synchronously and skips the thread pool's round trip per chunk (2 GiB in 32
// files: 0.84 s against 0.93 s, docs/benchmarks.md).
// Callers pass an open file descriptor (a process-wide number, so a worker can read it) after their
// own checks, and close it when the promise settles.
import { createHash } from 'node:crypto';
import { read, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export const HASH_CHUNK = 1024 * 1024;

export interface FdHash {
  sha256: string;
  size: number;
}

/**
 * The calling thread's lane: reads `fd` from offset 0 to its end and hashes it, its two chunk buffers
 * in turn, so the next chunk is read while this one is hashed. The lane reuses its buffers from file
 * to file (fresh ones per file left tens of MiB for the garbage collector).
 */
async function hashFd(fd: number, buffers: readonly Buffer[]): Promise<FdHash> {
  const readAt = (buffer: Buffer, position: number) =>
    new Promise<{ bytesRead: number; buffer: Buffer }>((ok, fail) => read(fd, buffer, 0, buffer.length, position, (err, bytesRead) => (err ? fail(err) : ok({ bytesRead, buffer }))));
  const hash = createHash('sha256');
  let which = 0;
  let size = 0;
  let pending = readAt(buffers[0] as Buffer, 0);
  for (;;) {
    const { bytesRead, buffer } = await pending;
    if (bytesRead === 0) break;
    size += bytesRead;
    which ^= 1;
    pending = readAt(buffers[which] as Buffer, size);
    hash.update(buffer.subarray(0, bytesRead));
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * A worker thread's lane: hashFd with blocking reads into one buffer (the worker's thread waits for
 * them, no one else does). It takes what it uses as arguments because workers run its source text
 * (see WORKER_SOURCE).
 */
function hashFdBlocking(fd: number, buffer: Buffer, readFd: typeof readSync, hashOf: typeof createHash): FdHash {
  const hash = hashOf('sha256');
  let size = 0;
  for (let n = readFd(fd, buffer, 0, buffer.length, 0); n > 0; n = readFd(fd, buffer, 0, buffer.length, size)) {
    size += n;
    hash.update(buffer.subarray(0, n));
  }
  return { sha256: hash.digest('hex'), size };
}

// Evaluated source, not a file next to this one: the CLI and Action bundles then need no second
// entry point, and the worker loads nothing but node's own modules. process.getBuiltinModule, not
// require: a worker inherits the process's options, and under --input-type=module (node -e in a
// script) evaluated source is an ES module, where require is not defined.
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { readSync } = process.getBuiltinModule('node:fs');
const { createHash } = process.getBuiltinModule('node:crypto');
const hashFdBlocking = ${hashFdBlocking.toString()};
const buffer = Buffer.allocUnsafe(${HASH_CHUNK});
// One job at a time per worker, so a reply needs no id.
parentPort.on('message', ({ fd }) => {
  let reply;
  try {
    reply = { value: hashFdBlocking(fd, buffer, readSync, createHash) };
  } catch (err) {
    reply = { error: { code: err && err.code, message: String(err && err.message || err) } };
  }
  parentPort.postMessage(reply);
});
`;

type Job = { fd: number; resolve: (h: FdHash) => void; reject: (e: Error) => void };

interface Lane {
  worker: Worker;
  job: Job | undefined;
}

/** An error from a worker, with the errno code the reader maps to a failure kind. */
function laneError(e: { code?: string; message: string }): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

class HashLanes {
  private mainBusy = false;
  private mainBuffers: Buffer[] | undefined;
  private readonly workers: Lane[] = [];
  private readonly queue: Job[] = [];

  constructor(private readonly lanes: number) {}

  /** Starts the first worker lane now, idle and unreferenced, unless there is one or no second core. */
  warm(): void {
    if (this.workers.length === 0 && this.lanes > 1) this.startWorker().worker.unref();
  }

  hash(fd: number): Promise<FdHash> {
    return new Promise<FdHash>((resolve, reject) => {
      this.queue.push({ fd, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0) {
      if (!this.mainBusy) {
        this.runOnMain(this.queue.shift() as Job);
        continue;
      }
      const lane = this.workers.find((l) => l.job === undefined) ?? (this.workers.length < this.lanes - 1 ? this.startWorker() : undefined);
      if (!lane) return;
      this.runOnWorker(lane, this.queue.shift() as Job);
    }
  }

  private runOnMain(job: Job): void {
    this.mainBusy = true;
    this.mainBuffers ??= [Buffer.allocUnsafe(HASH_CHUNK), Buffer.allocUnsafe(HASH_CHUNK)];
    hashFd(job.fd, this.mainBuffers)
      .then(job.resolve, job.reject)
      .finally(() => {
        this.mainBusy = false;
        this.drain();
      });
  }

  private runOnWorker(lane: Lane, job: Job): void {
    lane.job = job;
    lane.worker.ref();
    lane.worker.postMessage({ fd: job.fd });
  }

  private startWorker(): Lane {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const lane: Lane = { worker, job: undefined };
    const finish = (settle: (job: Job) => void) => {
      const job = lane.job;
      lane.job = undefined;
      worker.unref(); // an idle worker does not keep the process alive
      if (job) settle(job);
      this.drain();
    };
    worker.on('message', (m: { value?: FdHash; error?: { code?: string; message: string } }) =>
      finish((job) => (m.error ? job.reject(laneError(m.error)) : job.resolve(m.value as FdHash))),
    );
    // A worker that fails or exits takes its job with it: that hash fails (closed), the lane is dropped.
    const lost = (err: Error) => {
      const i = this.workers.indexOf(lane);
      if (i >= 0) this.workers.splice(i, 1);
      finish((job) => job.reject(err));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`hashing worker exited (code ${code})`)));
    this.workers.push(lane);
    return lane;
  }
}

let shared: HashLanes | undefined;
const lanes = (): HashLanes => (shared ??= new HashLanes(Math.max(1, availableParallelism())));

/** The SHA-256 and length of an open file, read from offset 0, on a free core. */
export function hashOpenFile(fd: number): Promise<FdHash> {
  return lanes().hash(fd);
}

/**
 * Large files enough to hash that a worker thread should start now: its start-up (about 55 ms)
 * then overlaps the evaluation instead of the first file's hashing, where it took a core from it.
 */
const WARM_FROM_BYTES = 256 * 1024 * 1024;

/**
 * Called with the sizes of a listing's files: when two or more are hashed in chunks and they add up
 * to WARM_FROM_BYTES, starts a worker lane ahead of the first hash. An unused lane costs its start
 * on the other core and keeps nothing alive.
 */
export function warmHashLanesFor(sizes: Iterable<number>): void {
  let large = 0;
  let bytes = 0;
  for (const size of sizes) {
    if (size < HASH_CHUNK) continue;
    large++;
    bytes += size;
  }
  if (large >= 2 && bytes >= WARM_FROM_BYTES) lanes().warm();
}
