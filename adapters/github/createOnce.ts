// Creating is the one write that is not idempotent: GitHub may have performed a create whose answer
// was an error (a 502 from a proxy after the write, a time-out). So a create is never retried
// blindly: Octokit's retries are off for it (`request: { retries: 0 }`), and after a transient
// failure `find` looks for what the failed attempt may have created; only when there is nothing is
// the create tried again. A retried create can therefore never leave a second comment, check run
// or issue.
import { setTimeout as sleep } from 'node:timers/promises';
import { apiRetryBaseMs } from './client.js';
import { httpStatus } from './response.js';
import { isRateLimited } from './rateLimit.js';

/** Attempts of a create, each after the first only when `find` found nothing. */
export const CREATE_ATTEMPTS = 3;
/** The pause before attempt n + 1, growing as the retry plugin's: 1 s, then 4 s (in units of apiRetryBaseMs). */
export const createDelayMs = (attempt: number): number => attempt * attempt * apiRetryBaseMs();

/** Options for the request of a create: no retries by Octokit (createOnce decides). */
export const NO_RETRIES = { retries: 0 } as const;

/**
 * A failure after which the create may be tried again: a 5xx, or no answer at all (unless the
 * caller gave up: `signal` aborted). Never a refusal (4xx) or a rate limit.
 */
export function isTransient(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted || isRateLimited(err)) return false;
  const status = httpStatus(err);
  return status === undefined || status >= 500;
}

export interface CreateOnceOptions {
  /** The caller's cancellation: no further attempt, and no waiting, once it is aborted. */
  signal?: AbortSignal;
  delayMs?: (attempt: number) => number;
}

/** Creates with `create`; after a transient failure, returns what `find` finds or creates again. The last failure is thrown as it came. */
export async function createOnce<T>(create: () => Promise<T>, find: () => Promise<T | undefined>, options: CreateOnceOptions = {}): Promise<T> {
  const delayMs = options.delayMs ?? createDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (attempt >= CREATE_ATTEMPTS || !isTransient(err, options.signal)) throw err;
      const found = await find();
      if (found !== undefined) return found;
      try {
        await sleep(delayMs(attempt), undefined, options.signal ? { signal: options.signal } : {});
      } catch {
        throw err;
      }
    }
  }
}
