// The client for a token (the Action's): @actions/github's Octokit (GITHUB_API_URL, proxy support)
// with the shared retry, throttling and time-limit options (client.ts); answers are read whole
// within the time limit.
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { clientOptions, type ClientLog } from './client.js';
import type { Fetch } from './timeout.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export function createGitHubClient(token: string, userAgent: string, log: ClientLog): GitHubClient {
  const request = defaults.request ?? {};
  const options = clientOptions(log, (request.fetch as Fetch | undefined) ?? globalThis.fetch, 'exchange');
  return getOctokit(
    token,
    {
      ...options,
      userAgent,
      // @actions/github fixes its base URL when first imported; read it per client, as a test that
      // runs the Action in process against a new local server each time needs.
      baseUrl: process.env.GITHUB_API_URL || defaults.baseUrl,
      // getOctokit's defaults are replaced, not merged: keep its proxy-aware fetch and agent.
      request: { ...request, ...options.request },
      log: { debug: log.debug, info: log.debug, warn: (m: string) => log.info(m, undefined), error: (m: string) => log.info(m, undefined) },
    },
    retry,
    throttling,
  );
}
