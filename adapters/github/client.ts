// How the Action and the App talk to GitHub: the same retry, throttling and time-limit options on
// whichever Octokit each builds (the Action's @actions/github client for a token, the App's
// ProbotOctokit for an installation). Retries cover 5xx answers, time-outs and other transient
// failures (3, with growing delays); rate limits are waited out within a bound (rateLimit.ts); every
// request has a time limit (timeout.ts). Whatever still fails reaches the caller as an error, and
// both fail closed on it. Creates opt out of retries (`request: { retries: 0 }`, see createOnce.ts).
// No Octokit is built here, so that the App does not load the Action's and the Action's bundle not
// Probot: tokenClient.ts builds the Action's.
import { rateLimitHandlers } from './rateLimit.js';
import { apiTimeoutMs, fetchWithTimeout, type Fetch, type TimeoutScope } from './timeout.js';

/** Statuses the retry plugin gives up on at once: its defaults, and 429 (a rate limit: the throttling plugin's business). */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export interface ClientLog {
  /** Rate-limit waits and give-ups: worth a line in the log (`octokit`: the client that met the limit). */
  info: (message: string, octokit: unknown) => void;
  debug: (message: string) => void;
}

/** The retry and throttling options both clients use; `fetch` is wrapped with the time limit. */
export function clientOptions(log: ClientLog, fetch: Fetch, scope: TimeoutScope, timeoutMs: number = apiTimeoutMs()) {
  return {
    retry: { doNotRetry: DO_NOT_RETRY },
    throttle: rateLimitHandlers(log.info),
    request: { fetch: fetchWithTimeout(fetch, timeoutMs, scope) },
  };
}
