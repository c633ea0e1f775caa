// The REST client: @actions/github's Octokit (GITHUB_API_URL, proxy support) with the retry plugin
// (5xx, time-outs and other transient failures, 3 retries with growing delays), the throttling
// plugin (request pacing; primary and secondary rate limits honoured with their retry-after, up to a
// bound) and a time limit on every request, so that a connection GitHub never answers cannot hang
// the job. Whatever still fails reaches the caller as an error, and the Action fails closed on it.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { VERSION } from '../src/version.generated.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Longest rate-limit wait the Action sits through, in seconds; beyond it the run fails with the reason. */
const MAX_RATE_LIMIT_WAIT = 120;
const MAX_RATE_LIMIT_RETRIES = 2;

/**
 * Time limit of one request (each attempt), in milliseconds. GitHub itself ends a REST request after
 * 10 seconds, so an answer that has not come in 30 never will. MODELGATE_API_TIMEOUT_MS overrides it.
 */
export const API_TIMEOUT_MS = 30_000;

/** Statuses the retry plugin gives up on at once: its defaults, and 429 (a rate limit: the throttling plugin's business). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** A request that got no (complete) answer within the time limit. */
export class ApiTimeoutError extends Error {
  override name = 'ApiTimeoutError';
  constructor(readonly ms: number) {
    super(`timed out: no answer from GitHub within ${ms / 1000} s`);
  }
}

export function apiTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MODELGATE_API_TIMEOUT_MS;
  if (raw === undefined || raw === '') return API_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < 100 || ms > 600_000) {
    throw new Error(`MODELGATE_API_TIMEOUT_MS is "${raw}"; write a number of milliseconds between 100 and 600000, or remove it (default ${API_TIMEOUT_MS})`);
  }
  return ms;
}

type Fetch = typeof globalThis.fetch;

/** `fetch` with a time limit on the whole exchange (headers and body), combined with any caller's signal. */
export function fetchWithTimeout(inner: Fetch, ms: number): Fetch {
  return async (input, init = {}) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await inner(input, { ...init, signal });
    } catch (err) {
      if (timeout.aborted && !init.signal?.aborted) throw new ApiTimeoutError(ms);
      throw err;
    }
  };
}

export function createGitHubClient(token: string): GitHubClient {
  const request = defaults.request ?? {};
  const timeoutMs = apiTimeoutMs();
  return getOctokit(
    token,
    {
      userAgent: `modelgate-action/${VERSION}`,
      // getOctokit's defaults are replaced, not merged: keep its proxy-aware fetch and agent.
      request: { ...request, fetch: fetchWithTimeout((request.fetch as Fetch | undefined) ?? globalThis.fetch, timeoutMs) },
      retry: { doNotRetry: DO_NOT_RETRY },
      log: { debug: (m: string) => core.debug(m), info: (m: string) => core.debug(m), warn: (m: string) => core.info(m), error: (m: string) => core.info(m) },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) =>
          waitOrGiveUp('rate limit', retryAfter, options, retryCount),
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) =>
          waitOrGiveUp('secondary rate limit', retryAfter, options, retryCount),
      },
    },
    retry,
    throttling,
  );
}

function waitOrGiveUp(kind: string, retryAfter: number, options: { method: string; url: string }, retryCount: number): boolean {
  const retrying = retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT;
  core.info(`GitHub ${kind} hit by ${options.method} ${options.url}; ${retrying ? `retrying in ${retryAfter}s` : 'giving up'}`);
  return retrying;
}

/** The HTTP status of a failed request, when there was a response. */
export function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('status' in err)) return undefined;
  const status = (err as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

function responseHeader(err: unknown, name: string): string | undefined {
  if (typeof err !== 'object' || err === null || !('response' in err)) return undefined;
  const headers = (err as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  const value = headers?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function isRateLimited(err: unknown): boolean {
  const status = httpStatus(err);
  return (status === 403 || status === 429) && ((err instanceof Error && /rate limit/i.test(err.message)) || responseHeader(err, 'x-ratelimit-remaining') === '0');
}

/** The time-out behind a failed request, if that is why it failed (Octokit wraps it in a RequestError). */
export function timeoutOf(err: unknown): ApiTimeoutError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof ApiTimeoutError) return e;
  return undefined;
}

/** What to do about a rate limit GitHub would not lift within the wait the Action allows. */
function rateLimitFix(err: unknown): string {
  const reset = Number(responseHeader(err, 'x-ratelimit-reset'));
  const retryAfter = Number(responseHeader(err, 'retry-after'));
  const until =
    responseHeader(err, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0
      ? `GitHub's API rate limit for this token is used up until ${new Date(reset * 1000).toISOString()}`
      : Number.isFinite(retryAfter) && retryAfter > 0
        ? `GitHub asked to wait ${retryAfter} s before the next request`
        : "GitHub's API rate limit for this token is used up";
  return `${until}, longer than the ${MAX_RATE_LIMIT_WAIT / 60} minutes modelgate waits for a rate limit. Re-run the job after that time; if other jobs use the same token heavily, space them out.`;
}

/** A failed API call, described for a person: what was called and what GitHub answered. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    what: string,
    override readonly cause: unknown,
    fix: string,
  ) {
    const timeout = timeoutOf(cause);
    // Octokit reports a request without an answer as HTTP 500: do not claim GitHub answered.
    const status = timeout ? undefined : httpStatus(cause);
    const detail = timeout ? timeout.message : cause instanceof Error ? cause.message : String(cause);
    super(`${what} failed${status !== undefined ? ` (HTTP ${status})` : ''}: ${detail}. ${isRateLimited(cause) ? rateLimitFix(cause) : fix}`);
  }
}
