// The one error type of a failed GitHub call: which step, what GitHub answered (never an HTTP
// status it did not send), and what to do, a rate limit saying until when.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../adapters/github/errors.js';
import { httpStatus, isAbort } from '../../adapters/github/response.js';
import { isRateLimited, MAX_RATE_LIMIT_WAIT_SECONDS } from '../../adapters/github/rateLimit.js';
import { ApiTimeoutError } from '../../adapters/github/timeout.js';

/** What Octokit throws: a RequestError with the status, the response's headers and maybe a cause. */
function requestError(status: number, message: string, headers: Record<string, string> = {}, cause?: unknown): Error {
  return Object.assign(new Error(message, cause ? { cause } : {}), { name: 'HttpError', status, response: { status, headers, data: {} } });
}

describe('ApiError', () => {
  it('names the step, the status GitHub answered, the detail and the fix', () => {
    const e = new ApiError('GET /repos/a/b/pulls/7/files', requestError(404, 'Not Found'), 'Check the token.');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ApiError');
    expect(e.status).toBe(404);
    expect(e.step).toBe('GET /repos/a/b/pulls/7/files');
    expect(e.message).toBe('GET /repos/a/b/pulls/7/files failed (HTTP 404): Not Found. Check the token.');
    expect(httpStatus(e)).toBe(404);
  });

  it('claims no HTTP status for a time-out or an abort, which Octokit labels 500', () => {
    const timedOut = new ApiError('reading the tree', requestError(500, 'timed out', {}, new ApiTimeoutError(1000)));
    expect(timedOut.status).toBeUndefined();
    expect(timedOut.message).toBe('reading the tree failed: timed out: no answer from GitHub within 1 s');
    expect(httpStatus(timedOut)).toBeUndefined();

    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError', status: 500 });
    expect(isAbort(abort)).toBe(true);
    expect(new ApiError('reading the tree', abort).status).toBeUndefined();
  });

  it('takes a sentence where there is no error, with no status', () => {
    const e = new ApiError('reading x at abc', 'GitHub lists it in the file tree but did not return its content');
    expect(e.status).toBeUndefined();
    expect(e.message).toBe('reading x at abc failed: GitHub lists it in the file tree but did not return its content');
  });

  it('says until when a used-up rate limit holds, instead of the ordinary fix', () => {
    const reset = Math.floor(Date.parse('2026-12-05T16:00:00Z') / 1000);
    const limited = requestError(403, 'API rate limit exceeded for installation ID 1.', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const e = new ApiError('GET /repos/a/b/pulls/7', limited, 'Re-run the job.');
    expect(e.message).toContain('until 2026-12-05T16:00:00.000Z');
    expect(e.message).toContain(`${MAX_RATE_LIMIT_WAIT_SECONDS} s modelgate waits`);
    expect(e.message).not.toContain('Re-run the job.');
    // Wrapped, it is still known as a rate limit (a caller deciding whether to retry looks through it).
    expect(isRateLimited(e)).toBe(true);
    expect(isRateLimited(new ApiError('x', requestError(403, 'Resource not accessible by integration')))).toBe(false);
    expect(isRateLimited(new ApiError('x', requestError(429, 'You have exceeded a secondary rate limit', { 'retry-after': '3600' })))).toBe(true);
  });
});
