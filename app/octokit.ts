// The Octokit the App runs with: Probot's (retries of 5xx answers, pacing of writes, waiting out
// the primary rate limit), with one change. Probot's default only logs a secondary rate limit
// ("You have exceeded a secondary rate limit", 403 with Retry-After) and gives up, so one burst of
// requests failed the whole evaluation, and could leave nothing able to complete the check run.
// The App waits the time GitHub asks for and retries, a bounded number of times; a longer wait
// fails the request, and the check run says which call failed and how to re-run.
import { ProbotOctokit } from 'probot';

/** Longest Retry-After the App waits out (seconds); GitHub's usual answer is 60. */
export const MAX_SECONDARY_WAIT_SECONDS = 60;
/** Retries of one request after a secondary rate limit. */
export const SECONDARY_RETRIES = 2;

interface ThrottleLog {
  log: { warn: (message: string) => void };
}

export function retrySecondaryLimit(retryAfter: number, request: { method?: string; url?: string }, octokit: ThrottleLog, retryCount: number): boolean {
  const what = `${request.method ?? ''} ${request.url ?? ''}`.trim();
  if (retryCount < SECONDARY_RETRIES && retryAfter <= MAX_SECONDARY_WAIT_SECONDS) {
    octokit.log.warn(`Secondary rate limit on ${what}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${SECONDARY_RETRIES}).`);
    return true;
  }
  octokit.log.warn(`Secondary rate limit on ${what}; giving up (retry-after ${retryAfter} s, ${retryCount} retries).`);
  return false;
}

/**
 * ProbotOctokit with the App's throttle handler. A function, not an object: Octokit merges object
 * defaults shallowly, and Probot passes its own throttle options, which this one amends.
 */
export const AppOctokit = ProbotOctokit.defaults((options: { throttle?: object }) => ({
  ...options,
  throttle: { ...options.throttle, onSecondaryRateLimit: retrySecondaryLimit },
}));
