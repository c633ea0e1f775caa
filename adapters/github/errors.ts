// The one error type for a failed GitHub API call, in the Action and the App alike: which step
// failed, what GitHub answered (or that it did not), and what to do about it.
import { errorMessage, httpStatus, isAbort } from './response.js';
import { isRateLimited, rateLimitFix } from './rateLimit.js';
import { timeoutOf } from './timeout.js';

export class ApiError extends Error {
  override name = 'ApiError';
  /** The HTTP status GitHub answered with; undefined when no answer came (time-out, abort, network). */
  readonly status: number | undefined;

  /**
   * `failure`: the error the call threw, or a sentence saying what went wrong where there was no
   * error (an answer that contradicts another). `fix`: what the person reading it can do; a rate
   * limit replaces it with until when the limit holds.
   */
  constructor(
    readonly step: string,
    failure: unknown,
    fix?: string,
  ) {
    const timeout = timeoutOf(failure);
    // Octokit reports a request without an answer as HTTP 500: do not claim GitHub answered.
    const status = typeof failure === 'string' || timeout || isAbort(failure) ? undefined : httpStatus(failure);
    const detail = typeof failure === 'string' ? failure : timeout ? timeout.message : errorMessage(failure);
    const advice = isRateLimited(failure) ? rateLimitFix(failure) : fix;
    super(`${step} failed${status !== undefined ? ` (HTTP ${status})` : ''}: ${detail}${advice ? `${/[.!?]$/.test(detail) ? '' : '.'} ${advice}` : ''}`, { cause: failure });
    this.status = status;
  }
}
