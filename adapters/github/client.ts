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
 * retry-after, the pacing of writes (see PACING), and createOnce's delays. Test-only:
 * MODELGATE_API_RETRY_BASE_MS shortens it so the suite does not sit through real seconds.
 */
export const API_RETRY_BASE_MS = 1000;

export function apiRetryBaseMs(env: NodeJS.ProcessEnv = process.env): number {
  return millisecondsSetting(env, 'MODELGATE_API_RETRY_BASE_MS', 1, API_RETRY_BASE_MS, API_RETRY_BASE_MS);
}

/**
 * The throttling plugin's pacing queues, in units of its own seconds: writes 1 apart, writes that
 * notify people (a comment, an issue) 3 apart, searches 2 apart. For a shortened unit they are
 * rebuilt with that unit (one set per unit and process, as the plugin keeps its own), or a test
 * that comments twice would still wait out the plugin's real 3 s.
 */
const PACING = { write: 1, notifications: 3, search: 2 } as const;
type Pacing = Record<keyof typeof PACING, Bottleneck.Group>;
const shortenedPacing = new Map<number, Pacing>();

function shortenedWaits(baseMs: number): { retryAfterBaseValue?: number } & Partial<Pacing> {
  if (baseMs === API_RETRY_BASE_MS) return {};
  let pacing = shortenedPacing.get(baseMs);
  if (!pacing) {
    const group = (name: keyof typeof PACING) => new Bottleneck.Group({ id: `modelgate-${name}`, maxConcurrent: 1, minTime: PACING[name] * baseMs });
    pacing = { write: group('write'), notifications: group('notifications'), search: group('search') };
    shortenedPacing.set(baseMs, pacing);
  }
  return { retryAfterBaseValue: baseMs, ...pacing };
}

/** The retry and throttling options both clients use; `fetch` is wrapped with the time limit. */
export function clientOptions(log: ClientLog, fetch: Fetch, scope: TimeoutScope, timeoutMs: number = apiTimeoutMs()) {
  const baseMs = apiRetryBaseMs();
  const { retryAfterBaseValue, ...pacing } = shortenedWaits(baseMs);
  const retryBase = retryAfterBaseValue === undefined ? {} : { retryAfterBaseValue };
  return {
    retry: { doNotRetry: DO_NOT_RETRY, ...retryBase },
    throttle: { ...rateLimitHandlers(log.info), ...retryBase, ...pacing },
    request: { fetch: fetchWithTimeout(fetch, timeoutMs, scope) },
  };
}
