// A pool of worker threads that compose the YAML of evidence files (the YamlPort of the core), so a
// large evaluation parses on every core. The evaluating thread keeps reading, checking and turning
// the plain data the threads send back into parsed evidence; lines are found there, on demand.
//
// Files wait in one queue. Each thread holds a few at once, taken from the front; whenever the
// evaluating thread has nothing else to do (every model it judges waits for a parse), it parses the
// newest file itself, the one a model is most likely waiting for. So neither core idles while
// files wait, and a burst of thousands of manifests does not hold up the cards behind it.
//
// Fail closed: a thread that crashes, or answers nothing for `timeoutMs`, is stopped and every file
// it held fails to parse (a failing check naming the file and the reason), never a pass.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { yamlOfEvidence, type EvidenceRole, type PlainYaml, type YamlPort } from '../src/check.js';

export interface ParseWorkersOptions {
  /** Threads; default: one per core but the evaluating thread's, at least one. */
  size?: number;
  /**
   * YAML evidence files parsed in the evaluating thread before any thread is started, so a small
   * evaluation never pays for one (about 40 ms of a core to start, more under load).
   */
  startAfter?: number;
  /** A thread that holds files and answers nothing for this long is stopped; its files fail. */
  timeoutMs?: number;
  /** Files one thread holds at once (the rest wait in the queue, where the evaluating thread can take them). */
  inFlight?: number;
  /** The thread's module (tests substitute one that crashes or hangs). */
  workerFile?: URL | string;
}

export interface ParseWorkers extends YamlPort {
  /** Stops the threads. */
  close(): Promise<void>;
}

type Reply = { id: number; yaml: PlainYaml[] } | { id: number; error: string };

interface Job {
  id: number;
  role: EvidenceRole;
  text: string;
  path: string;
  resolve: (y: PlainYaml[]) => void;
  reject: (e: Error) => void;
}

interface Lane {
  worker: Worker;
  failed: boolean;
  held: Map<number, Job>;
  timer: NodeJS.Timeout | undefined;
}

export const PARSE_DEFAULTS = { startAfter: 200, timeoutMs: 60_000, inFlight: 16 } as const;

export function createParseWorkers(options: ParseWorkersOptions = {}): ParseWorkers {
  const size = Math.max(1, options.size ?? availableParallelism() - 1);
  const startAfter = options.startAfter ?? PARSE_DEFAULTS.startAfter;
  const timeoutMs = options.timeoutMs ?? PARSE_DEFAULTS.timeoutMs;
  const inFlight = options.inFlight ?? PARSE_DEFAULTS.inFlight;
  const file = options.workerFile ?? new URL('./parseWorker.js', import.meta.url);
  let lanes: Lane[] | undefined;
  const queue: Job[] = [];
  let stealing = false;
  let asked = 0;
  let nextId = 0;
  let closing = false;

  const fail = (lane: Lane, reason: string): void => {
    if (lane.failed) return;
    lane.failed = true;
    clearTimeout(lane.timer);
    const err = new Error(reason);
    for (const job of lane.held.values()) job.reject(err);
    lane.held.clear();
    void lane.worker.terminate();
    // What still waits in the queue goes to the other threads or is parsed here.
    pump();
  };
  // Armed while the thread holds files; every answer re-arms it.
  const arm = (lane: Lane): void => {
    clearTimeout(lane.timer);
    lane.timer = lane.held.size > 0 ? setTimeout(() => fail(lane, `the YAML parsing thread answered nothing for ${timeoutMs / 1000} s and was stopped`), timeoutMs) : undefined;
    // An idle thread does not keep the process alive; one holding files does.
    if (lane.held.size > 0) lane.worker.ref();
    else lane.worker.unref();
  };
  const pump = (): void => {
    for (const lane of lanes ?? []) {
      if (lane.failed) continue;
      const idle = lane.held.size === 0;
      while (lane.held.size < inFlight && queue.length > 0) {
        const job = queue.shift() as Job;
        lane.held.set(job.id, job);
        lane.worker.postMessage({ id: job.id, role: job.role, text: job.text, path: job.path });
      }
      if (idle && lane.held.size > 0) arm(lane);
    }
    if (queue.length > 0 && !stealing && !closing) {
      stealing = true;
      setImmediate(steal);
    }
  };
  // Runs only when this thread is otherwise idle: the newest waiting file, parsed here.
  const steal = (): void => {
    stealing = false;
    const job = queue.pop();
    if (!job) return;
    try {
      job.resolve(yamlOfEvidence(job.role, job.text, job.path));
    } catch (err) {
      job.reject(err instanceof Error ? err : new Error(String(err)));
    }
    pump();
  };
  const start = (): Lane[] =>
    Array.from({ length: size }, () => {
      const lane: Lane = { worker: new Worker(file), failed: false, held: new Map(), timer: undefined };
      lane.worker.unref();
      lane.worker.on('message', (m: Reply) => {
        const job = lane.held.get(m.id);
        if (!job) return;
        lane.held.delete(m.id);
        if ('error' in m) job.reject(new Error(`the YAML parsing thread failed: ${m.error}`));
        else job.resolve(m.yaml);
        arm(lane);
        pump();
      });
      lane.worker.on('error', (err) => fail(lane, `the YAML parsing thread crashed: ${err.message}`));
      lane.worker.on('exit', (code) => {
        if (!closing) fail(lane, `the YAML parsing thread stopped (exit code ${code})`);
      });
      return lane;
    });

  return {
    yamlOf(role: EvidenceRole, text: string, path: string): Promise<PlainYaml[]> | undefined {
      if (closing || ++asked <= startAfter) return undefined;
      lanes ??= start();
      return new Promise<PlainYaml[]>((resolve, reject) => {
        queue.push({ id: nextId++, role, text, path, resolve, reject });
        pump();
      });
    },
    async close(): Promise<void> {
      closing = true;
      for (const lane of lanes ?? []) fail(lane, 'the YAML parsing threads were closed');
      for (const job of queue.splice(0)) job.reject(new Error('the YAML parsing threads were closed'));
      await Promise.all((lanes ?? []).map((l) => l.worker.terminate()));
    },
  };
}
