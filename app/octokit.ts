// The Octokit the App runs with: Probot's, with the retry, throttling and time-limit options the
// Action uses too (adapters/github/client.ts). Probot's own handlers only logged a secondary rate
// limit and gave up (one burst failed the whole evaluation, and could leave nothing able to
// complete the check run), and waited out a primary one however long; the shared handlers wait
// what GitHub asks, a bounded number of times, and a longer wait fails the request, the check run
// saying which call failed. The time limit covers a request until its answer starts: a blob's body
// may stream for longer, bounded by the job's deadline.
import { ProbotOctokit } from 'probot';
import { apiRetryBaseMs, clientOptions } from '../adapters/github/client.js';
import { apiTimeoutMs } from '../adapters/github/timeout.js';

/** Read once, at start: a bad MODELGATE_API_TIMEOUT_MS stops the App with the reason. */
const TIMEOUT_MS = apiTimeoutMs();
/** Read at start too: a bad MODELGATE_API_RETRY_BASE_MS (test-only) stops the App with the reason, not a request. */
apiRetryBaseMs();

interface ThrottleLog {
  log: { warn: (message: string) => void };
}

/**
 * ProbotOctokit with the shared options. A function, not an object: Octokit merges object defaults
 * shallowly, and Probot passes its own throttle and request options, which these amend.
 */
export const AppOctokit = ProbotOctokit.defaults((options: { throttle?: object; retry?: object; request?: { fetch?: typeof fetch } }) => {
  const shared = clientOptions({ info: (message, octokit) => (octokit as ThrottleLog | undefined)?.log.warn(message), debug: () => undefined }, options.request?.fetch ?? globalThis.fetch, 'headers', TIMEOUT_MS);
  return {
    ...options,
    retry: { ...options.retry, ...shared.retry },
    throttle: { ...options.throttle, ...shared.throttle },
    request: { ...options.request, ...shared.request },
  };
});
