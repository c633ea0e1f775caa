// A create is never retried blindly: after a transient failure the caller's `find` looks for what
// the failed attempt may have created; refusals, rate limits and a cancelled caller end it at once.
import { describe, expect, it } from 'vitest';
import { createOnce, CREATE_ATTEMPTS, isTransient } from '../../adapters/github/createOnce.js';
import { ApiError } from '../../adapters/github/errors.js';
import { ApiTimeoutError } from '../../adapters/github/timeout.js';

const failure = (status: number, message = 'failed', headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { headers } });
const noDelay = { delayMs: () => 0 };

/** A create that fails with `failures` in turn, then succeeds with its attempt number; what it was asked is counted. */
function scripted(failures: unknown[]) {
  const calls = { create: 0, find: 0 };
  return {
    calls,
    create: async () => {
      calls.create++;
      const f = failures.shift();
      if (f) throw f;
      return calls.create;
    },
    find: (found?: number) => async () => {
      calls.find++;
      return found;
    },
  };
}

describe('createOnce', () => {
  it('after a 5xx, returns what the failed attempt created instead of creating again', async () => {
    const s = scripted([failure(502)]);
    expect(await createOnce(s.create, s.find(41), noDelay)).toBe(41);
    expect(s.calls).toEqual({ create: 1, find: 1 });
  });

  it('after a 5xx or a time-out that created nothing, creates again', async () => {
    const timedOut = new ApiError('POST', Object.assign(new Error('timed out', { cause: new ApiTimeoutError(100) }), { status: 500 }));
    const s = scripted([failure(502), timedOut]);
    const waits: number[] = [];
    expect(await createOnce(s.create, s.find(undefined), { delayMs: (n) => (waits.push(n), 0) })).toBe(3);
    expect(s.calls).toEqual({ create: 3, find: 2 });
    expect(waits).toEqual([1, 2]);
  });

  it(`gives up after ${CREATE_ATTEMPTS} attempts with the last failure as it came`, async () => {
    const last = failure(503, 'third');
    const s = scripted([failure(502), failure(502), last, failure(502)]);
    await expect(createOnce(s.create, s.find(undefined), noDelay)).rejects.toBe(last);
    expect(s.calls).toEqual({ create: CREATE_ATTEMPTS, find: CREATE_ATTEMPTS - 1 });
  });

  for (const [name, err] of [
    ['a refusal (422)', failure(422, 'Validation Failed')],
    ['a denial (403)', failure(403, 'Resource not accessible by integration')],
    ['a rate limit (403, remaining 0)', failure(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0' })],
  ] as const) {
    it(`${name} ends it at once, without looking or writing again`, async () => {
      const s = scripted([err]);
      await expect(createOnce(s.create, s.find(7), noDelay)).rejects.toBe(err);
      expect(s.calls).toEqual({ create: 1, find: 0 });
    });
  }

  it('a cancelled caller makes no further attempt, and a cancel during the pause ends it with the create failure', async () => {
    const aborted = AbortSignal.abort();
    const s = scripted([failure(502)]);
    await expect(createOnce(s.create, s.find(undefined), { signal: aborted, ...noDelay })).rejects.toMatchObject({ status: 502 });
    expect(s.calls).toEqual({ create: 1, find: 0 });

    const controller = new AbortController();
    const t = scripted([failure(502)]);
    const pending = createOnce(t.create, t.find(undefined), { signal: controller.signal, delayMs: () => 60_000 });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ status: 502 });
    expect(t.calls).toEqual({ create: 1, find: 1 });
  });

  it('counts no answer as transient, unless the caller gave up', () => {
    expect(isTransient(new ApiError('POST', failure(500, 'x')))).toBe(true);
    expect(isTransient(new ApiError('POST', Object.assign(new Error('t', { cause: new ApiTimeoutError(100) }), { status: 500 })))).toBe(true);
    expect(isTransient(new ApiError('POST', 'no answer'), AbortSignal.abort())).toBe(false);
    expect(isTransient(failure(404))).toBe(false);
  });
});
