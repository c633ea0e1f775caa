// The REST client: @actions/github's Octokit (GITHUB_API_URL, proxy support) with the retry plugin
// (5xx and other transient failures, 3 retries with growing delays) and the throttling plugin
// (request pacing; primary and secondary rate limits honoured with their retry-after, up to a bound).
// Whatever still fails reaches the caller as an error, and the Action fails closed on it.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { VERSION } from '../src/version.generated.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Longest rate-limit wait the Action sits through, in seconds; beyond it the run fails with the reason. */
const MAX_RATE_LIMIT_WAIT = 120;
const MAX_RATE_LIMIT_RETRIES = 2;

export function createGitHubClient(token: string): GitHubClient {
  return getOctokit(
    token,
    {
      userAgent: `modelgate-action/${VERSION}`,
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

export function isRateLimited(err: unknown): boolean {
  const status = httpStatus(err);
  return (status === 403 || status === 429) && err instanceof Error && /rate limit/i.test(err.message);
}

/** A failed API call, described for a person: what was called and what GitHub answered. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    what: string,
    override readonly cause: unknown,
    fix: string,
  ) {
    const status = httpStatus(cause);
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${what} failed${status !== undefined ? ` (HTTP ${status})` : ''}: ${detail}. ${fix}`);
  }
}
