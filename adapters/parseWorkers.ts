// A pool of worker threads that compose the YAML of evidence files (the YamlPort of the core), so a
// large evaluation parses on every core. The evaluating thread keeps reading, checking and turning
// the plain data the threads send back into parsed evidence; lines are found there, on demand.
//
// Fail closed: a thread that crashes, or answers nothing for `timeoutMs`, is stopped and every file
// it held fails to parse (a failing check naming the file and the reason), never a pass.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EvidenceRole, PlainYaml, YamlPort } from '../src/check.js';

export interface ParseWorkersOptions {
  /** Threads; default: one per core but the evaluating thread's, at least one. */
  size?: number;
  /**
   * YAML evidence files parsed in the evaluating thread before any thread is started, so a small
   * evaluation never pays for one (about 40 ms of a core to start). Files sent to a thread that is
   * still starting wait in its queue.
   */
  startAfter?: number;
  /** A thread that holds files and answers nothing for this long is stopped; its files fail. */
  timeoutMs?: number;
  /** Files one thread holds at once; beyond that the evaluating thread, which would otherwise wait, parses. */
  maxQueued?: number;
  /** The thread's module (tests substitute one that crashes or hangs). */
  workerFile?: URL | string;
}

export interface ParseWorkers extends YamlPort {
  /** Stops the threads. */
  close(): Promise<void>;
}

type Reply = { id: number; yaml: PlainYaml[] } | { id: number; error: string };

interface Lane {
  worker: Worker;
  failed: boolean;
  pending: Map<number, { resolve: (y: PlainYaml[]) => void; reject: (e: Error) => void }>;
  timer: NodeJS.Timeout | undefined;
}

export const PARSE_DEFAULTS = { startAfter: 200, timeoutMs: 60_000, maxQueued: 64 } as const;

export function createParseWorkers(options: ParseWorkersOptions = {}): ParseWorkers {
  const size = Math.max(1, options.size ?? availableParallelism() - 1);
  const startAfter = options.startAfter ?? PARSE_DEFAULTS.startAfter;
  const timeoutMs = options.timeoutMs ?? PARSE_DEFAULTS.timeoutMs;
  const maxQueued = options.maxQueued ?? PARSE_DEFAULTS.maxQueued;
  const file = options.workerFile ?? new URL('./parseWorker.js', import.meta.url);
  let lanes: Lane[] | undefined;
  let asked = 0;
  let nextId = 0;
  let closing = false;

  const fail = (lane: Lane, reason: string): void => {
    if (lane.failed) return;
    lane.failed = true;
    clearTimeout(lane.timer);
    const err = new Error(reason);
    for (const p of lane.pending.values()) p.reject(err);
    lane.pending.clear();
    void lane.worker.terminate();
  };
  // Armed while the thread holds files; every answer re-arms it.
  const arm = (lane: Lane): void => {
    clearTimeout(lane.timer);
    lane.timer = lane.pending.size > 0 ? setTimeout(() => fail(lane, `the YAML parsing thread answered nothing for ${timeoutMs / 1000} s and was stopped`), timeoutMs) : undefined;
    // An idle thread does not keep the process alive; one holding files does.
    if (lane.pending.size > 0) lane.worker.ref();
    else lane.worker.unref();
  };
  const start = (): Lane[] =>
    Array.from({ length: size }, () => {
      const lane: Lane = { worker: new Worker(file), failed: false, pending: new Map(), timer: undefined };
      lane.worker.unref();
      lane.worker.on('message', (m: Reply) => {
        const p = lane.pending.get(m.id);
        if (!p) return;
        lane.pending.delete(m.id);
        if ('error' in m) p.reject(new Error(`the YAML parsing thread failed: ${m.error}`));
        else p.resolve(m.yaml);
        arm(lane);
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
      let lane: Lane | undefined;
      for (const l of lanes) if (!l.failed && l.pending.size < maxQueued && (!lane || l.pending.size < lane.pending.size)) lane = l;
      if (!lane) return undefined;
      const chosen = lane;
      const id = nextId++;
      return new Promise<PlainYaml[]>((resolve, reject) => {
        chosen.pending.set(id, { resolve, reject });
        if (chosen.pending.size === 1) arm(chosen);
        chosen.worker.postMessage({ id, role, text, path });
      });
    },
    async close(): Promise<void> {
      closing = true;
      for (const lane of lanes ?? []) {
        fail(lane, 'the YAML parsing threads were closed');
      }
      await Promise.all((lanes ?? []).map((l) => l.worker.terminate()));
    },
  };
}
