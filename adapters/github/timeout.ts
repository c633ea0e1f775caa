// A time limit on every request, so that a connection GitHub never answers cannot hang a job.
// GitHub itself ends a REST request after 10 seconds, so an answer that has not come in 30 never will.
/** Time limit of one request (each attempt), in milliseconds. MODELGATE_API_TIMEOUT_MS overrides it. */
export const API_TIMEOUT_MS = 30_000;

/** A request that got no (complete) answer within the time limit. */
export class ApiTimeoutError extends Error {
  override name = 'ApiTimeoutError';
  constructor(readonly ms: number) {
    super(`timed out: no answer from GitHub within ${ms / 1000} s`);
  }
}

export function apiTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsSetting(env, 'MODELGATE_API_TIMEOUT_MS', 100, 600_000, API_TIMEOUT_MS);
}

/** A number of milliseconds from `env[name]` between `min` and `max`; `fallback` when unset; an error naming the variable otherwise. */
export function millisecondsSetting(env: NodeJS.ProcessEnv, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < min || ms > max) {
    throw new Error(`${name} is "${raw}"; write a number of milliseconds between ${min} and ${max}, or remove it (default ${fallback})`);
  }
  return ms;
}

export type Fetch = typeof globalThis.fetch;

/**
 * What the time limit covers. `exchange`: the headers and the whole body (answers that are read
 * whole). `headers`: until the answer starts; a body may then stream for as long as it takes (a
 * blob download of up to 100 MB), bounded by the caller's own signal.
 */
export type TimeoutScope = 'exchange' | 'headers';

/** `fetch` with a time limit, combined with any caller's signal. */
export function fetchWithTimeout(inner: Fetch, ms: number, scope: TimeoutScope = 'exchange'): Fetch {
  return async (input, init = {}) => {
    const untilHeaders = scope === 'headers' ? new AbortController() : undefined;
    const timer = untilHeaders ? setTimeout(() => untilHeaders.abort(), ms) : undefined;
    const timeout = untilHeaders?.signal ?? AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await inner(input, { ...init, signal });
    } catch (err) {
      if (timeout.aborted && !init.signal?.aborted) throw new ApiTimeoutError(ms);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The time-out behind a failed request, if that is why it failed (Octokit wraps it in a RequestError). */
export function timeoutOf(err: unknown): ApiTimeoutError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof ApiTimeoutError) return e;
  return undefined;
}
