// The options both clients run with: a time limit on every request (the whole answer for the
// Action's reads, the start of the answer for the App's downloads), bounded rate-limit waits, and
// the same statuses never retried.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientOptions, DO_NOT_RETRY } from '../../adapters/github/client.js';
import { MAX_RATE_LIMIT_RETRIES, MAX_RATE_LIMIT_WAIT_SECONDS, rateLimitHandlers } from '../../adapters/github/rateLimit.js';
import { API_TIMEOUT_MS, ApiTimeoutError, apiTimeoutMs, fetchWithTimeout, type Fetch } from '../../adapters/github/timeout.js';

/** A fetch whose answer starts at once and whose body never ends; it keeps the signal it was given. */
function stallingBody(): { fetch: Fetch; signal: () => AbortSignal | undefined } {
  let seen: AbortSignal | undefined;
  const fetch: Fetch = async (_input, init) => {
    seen = init?.signal ?? undefined;
    return new Response(new ReadableStream({ start: () => undefined }), { status: 200 });
  };
  return { fetch, signal: () => seen };
}

/** A fetch that never answers until its signal aborts. */
const silent: Fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the time limit', () => {
  it('fails a request that gets no answer with an ApiTimeoutError, in either scope', async () => {
    for (const scope of ['exchange', 'headers'] as const) {
      await expect(fetchWithTimeout(silent, 100, scope)('https://api.github.test/x')).rejects.toBeInstanceOf(ApiTimeoutError);
    }
  });

  it('covers a stalled body for the Action (exchange) but not for the App (headers: a blob may stream long)', async () => {
    const exchange = stallingBody();
    await fetchWithTimeout(exchange.fetch, 100, 'exchange')('https://api.github.test/x');
    const headers = stallingBody();
    await fetchWithTimeout(headers.fetch, 100, 'headers')('https://api.github.test/x');
    await sleep(250);
    expect(exchange.signal()?.aborted).toBe(true);
    expect(headers.signal()?.aborted).toBe(false);
  });

  it("a caller's own abort stays an abort, not a time-out", async () => {
    const controller = new AbortController();
    const pending = fetchWithTimeout(silent, 10_000)('https://api.github.test/x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads MODELGATE_API_TIMEOUT_MS, and refuses a value that is not a sane number of milliseconds', () => {
    expect(apiTimeoutMs({})).toBe(API_TIMEOUT_MS);
    expect(apiTimeoutMs({ MODELGATE_API_TIMEOUT_MS: '1000' })).toBe(1000);
    for (const bad of ['abc', '10', '1e9', '1.5']) expect(() => apiTimeoutMs({ MODELGATE_API_TIMEOUT_MS: bad })).toThrow(/MODELGATE_API_TIMEOUT_MS is/);
  });
});

describe('rate limits', () => {
  it(`waits at most ${MAX_RATE_LIMIT_WAIT_SECONDS} s, ${MAX_RATE_LIMIT_RETRIES} times, and says so`, () => {
    const lines: string[] = [];
    const { onRateLimit, onSecondaryRateLimit } = rateLimitHandlers((m) => lines.push(m));
    const req = { method: 'POST', url: '/graphql' };
    expect(onSecondaryRateLimit(1, req, undefined, 0)).toBe(true);
    expect(onSecondaryRateLimit(MAX_RATE_LIMIT_WAIT_SECONDS, req, undefined, MAX_RATE_LIMIT_RETRIES - 1)).toBe(true);
    expect(onSecondaryRateLimit(1, req, undefined, MAX_RATE_LIMIT_RETRIES)).toBe(false);
    expect(onRateLimit(MAX_RATE_LIMIT_WAIT_SECONDS + 1, req, undefined, 0)).toBe(false);
    expect(onRateLimit(3600, req, undefined, 0)).toBe(false);
    expect(lines[0]).toMatch(/^Secondary rate limit on POST \/graphql; retrying in 1 s/);
    expect(lines.at(-1)).toMatch(/^Rate limit on POST \/graphql; giving up \(GitHub asks to wait 3600 s/);
  });

  it('passes the client that met the limit to the log (the App logs through its own)', () => {
    const seen: unknown[] = [];
    const client = { log: {} };
    rateLimitHandlers((_m, octokit) => seen.push(octokit)).onRateLimit(1, {}, client, 0);
    expect(seen).toEqual([client]);
  });
});

describe('clientOptions', () => {
  it('gives both clients the same retry statuses, handlers and timed fetch', async () => {
    const options = clientOptions({ info: () => undefined, debug: () => undefined }, silent, 'headers', 100);
    expect(options.retry.doNotRetry).toEqual(DO_NOT_RETRY);
    // 429 is the throttling plugin's (a rate limit), not a failure to retry blindly.
    expect(DO_NOT_RETRY).toContain(429);
    expect(options.throttle.onSecondaryRateLimit(1, {}, undefined, 0)).toBe(true);
    await expect(options.request.fetch('https://api.github.test/x')).rejects.toBeInstanceOf(ApiTimeoutError);
  });
});

describe('pacing under a shortened unit (MODELGATE_API_RETRY_BASE_MS)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('paces comments (writes that notify people) 3 units apart across clients, as the plugin does in seconds', async () => {
    vi.stubEnv('MODELGATE_API_RETRY_BASE_MS', '40');
    const { createGitHubClient } = await import('../../adapters/github/tokenClient.js');
    const posted: number[] = [];
    const fetch: Fetch = async () => (posted.push(performance.now()), Response.json({ id: posted.length }, { status: 201 }));
    const quiet = { info: () => undefined, debug: () => undefined };
    const comment = (n: number) => {
      const client = createGitHubClient('ghs_x', 'test', quiet);
      return client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: n, body: 'x', request: { fetch } });
    };
    await comment(1);
    await comment(2);
    const gap = (posted[1] ?? 0) - (posted[0] ?? 0);
    // The plugin's own queue would hold the second comment for 3 s; the shortened one for 3 × 40 ms.
    // The queue times from when it released the first request, a few ms before that request's fetch
    // ran, so the gap seen here can be shorter than 120 ms; over 2 units still rules out the write
    // queue's 1 unit.
    expect(gap).toBeGreaterThan(80);
    expect(gap).toBeLessThan(2000);
  });
});
