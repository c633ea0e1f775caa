// How the Action and the App talk to GitHub: the same retry, throttling and time-limit options on
// whichever Octokit each builds (the Action's @actions/github client for a token, the App's
// ProbotOctokit for an installation). Retries cover 5xx answers, time-outs and other transient
// failures (3, with growing delays); rate limits are waited out within a bound (rateLimit.ts); every
// request has a time limit (timeout.ts). Whatever still fails reaches the caller as an error, and
// both fail closed on it. Creates opt out of retries (`request: { retries: 0 }`, see createOnce.ts).
// No Octokit is built here, so that the App does not load the Action's and the Action's bundle not
// Probot: tokenClient.ts builds the Action's.
import Bottleneck from 'bottleneck';
import { rateLimitHandlers } from './rateLimit.js';
import { apiTimeoutMs, fetchWithTimeout, millisecondsSetting, type Fetch, type TimeoutScope } from './timeout.js';

/** Statuses the retry plugin gives up on at once: its defaults, and 429 (a rate limit: the throttling plugin's business). */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export interface ClientLog {
  /** Rate-limit waits and give-ups: worth a line in the log (`octokit`: the client that met the limit). */
  info: (message: string, octokit: unknown) => void;
  debug: (message: string) => void;
}

/**
 * Milliseconds per second of the plugins' waits: the retry delays (1, 4, 9 units), a rate limit's
 * retry-after, the pacing of writes (one unit apart), and createOnce's delays. Test-only:
 * MODELGATE_API_RETRY_BASE_MS shortens it so the suite does not sit through real seconds.
 */
export const API_RETRY_BASE_MS = 1000;

export function apiRetryBaseMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsSetting(env, 'MODELGATE_API_RETRY_BASE_MS', 1, API_RETRY_BASE_MS, API_RETRY_BASE_MS);
}

/** The write queue for a shortened unit: one per process, as the throttling plugin's own. */
const writeGroups = new Map<number, Bottleneck.Group>();

function shortenedWaits(baseMs: number): { retryAfterBaseValue?: number; write?: Bottleneck.Group } {
  if (baseMs === API_RETRY_BASE_MS) return {};
  let write = writeGroups.get(baseMs);
  if (!write) writeGroups.set(baseMs, (write = new Bottleneck.Group({ id: 'modelgate-write', maxConcurrent: 1, minTime: baseMs })));
  return { retryAfterBaseValue: baseMs, write };
}

/** The retry and throttling options both clients use; `fetch` is wrapped with the time limit. */
export function clientOptions(log: ClientLog, fetch: Fetch, scope: TimeoutScope, timeoutMs: number = apiTimeoutMs()) {
  const baseMs = apiRetryBaseMs();
  const { write, ...retryBase } = shortenedWaits(baseMs);
  return {
    retry: { doNotRetry: DO_NOT_RETRY, ...retryBase },
    throttle: { ...rateLimitHandlers(log.info), ...retryBase, ...(write ? { write } : {}) },
    request: { fetch: fetchWithTimeout(fetch, timeoutMs, scope) },
  };
}
