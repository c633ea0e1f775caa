// GitHub's rate limits, as the Action and the App both meet them: the throttling plugin paces
// requests and, on a primary (x-ratelimit-remaining: 0) or secondary (403/429 with Retry-After)
// limit, asks these handlers whether to wait and retry. The wait is bounded: a limit GitHub would
// not lift soon fails the request at once, and the error says until when (rateLimitFix).
import { errorMessage, httpStatus, responseHeader } from './response.js';

/** Longest rate-limit wait sat through, in seconds; GitHub's usual Retry-After is 60. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;
/** Retries of one request after a rate limit. */
export const MAX_RATE_LIMIT_RETRIES = 2;

/** Where a decision is logged; `octokit` is the client that met the limit (the App logs through its own). */
type Log = (message: string, octokit: unknown) => void;
type Handler = (retryAfter: number, options: { method?: string; url?: string }, octokit: unknown, retryCount: number) => boolean;

/** The throttling plugin's two handlers, logging each decision through `log`. */
export function rateLimitHandlers(log: Log): { onRateLimit: Handler; onSecondaryRateLimit: Handler } {
  return {
    onRateLimit: (retryAfter, options, octokit, retryCount) => waitOrGiveUp((m) => log(m, octokit), 'Rate limit', retryAfter, options, retryCount),
    onSecondaryRateLimit: (retryAfter, options, octokit, retryCount) => waitOrGiveUp((m) => log(m, octokit), 'Secondary rate limit', retryAfter, options, retryCount),
  };
}

/** Whether to wait `retryAfter` seconds and retry: only a short wait, and only a few times. */
export function waitOrGiveUp(log: (message: string) => void, kind: string, retryAfter: number, request: { method?: string; url?: string }, retryCount: number): boolean {
  const what = `${request.method ?? ''} ${request.url ?? ''}`.trim();
  const bound = `modelgate waits out a ${kind.toLowerCase()} of up to ${MAX_RATE_LIMIT_WAIT_SECONDS} s, ${MAX_RATE_LIMIT_RETRIES} times`;
  if (retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS) {
    log(`${kind} on ${what}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES}; ${bound}).`);
    return true;
  }
  log(`${kind} on ${what}; giving up (GitHub asks to wait ${retryAfter} s, after ${retryCount} retries; ${bound}).`);
  return false;
}

/** A refusal because of a rate limit (not of permissions): 403 or 429, said so by message or header. */
export function isRateLimited(err: unknown): boolean {
  const status = httpStatus(err);
  return (status === 403 || status === 429) && (/rate limit/i.test(errorMessage(err)) || responseHeader(err, 'x-ratelimit-remaining') === '0');
}

/** What to do about a rate limit GitHub would not lift within the wait modelgate allows. */
export function rateLimitFix(err: unknown): string {
  const reset = Number(responseHeader(err, 'x-ratelimit-reset'));
  const retryAfter = Number(responseHeader(err, 'retry-after'));
  const until =
    responseHeader(err, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0
      ? `GitHub's API rate limit for this token is used up until ${new Date(reset * 1000).toISOString()}`
      : Number.isFinite(retryAfter) && retryAfter > 0
        ? `GitHub asked to wait ${retryAfter} s before the next request`
        : "GitHub's API rate limit for this token is used up";
  return `${until}, longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} s modelgate waits for a rate limit. Re-run after that time; if other jobs use the same token heavily, space them out.`;
}
