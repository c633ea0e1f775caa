// The account a token writes as, asked of GitHub: GraphQL `viewer` answers for every kind of token
// (a personal token's user, github-actions[bot] for a workflow's GITHUB_TOKEN, <app>[bot] for an
// installation token), where REST GET /user refuses installation tokens.
import type { GitHubClient } from './tokenClient.js';
import { ApiError } from './errors.js';
import { isRateLimited } from './rateLimit.js';
import { httpStatus } from './response.js';

export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

/**
 * The login the token writes as: GraphQL `viewer` first, then REST GET /user (a personal token on
 * a server without GraphQL). When neither names it, the workflow's own GITHUB_TOKEN is assumed
 * (github-actions[bot]); a token that is not it then never adopts a comment. `fix` ends any other
 * failure's message.
 */
export async function tokenLogin(client: GitHubClient, fix: string): Promise<string> {
  const unanswered = (err: unknown): boolean => {
    const status = httpStatus(err);
    if (err instanceof Error && err.name === 'GraphqlResponseError') return true;
    return (status === 401 || status === 403 || status === 404) && !isRateLimited(err);
  };
  try {
    const login = (await client.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')).viewer?.login;
    if (typeof login === 'string' && login !== '') return login;
  } catch (err) {
    if (!unanswered(err)) throw new ApiError('POST /graphql (viewer: the account the token comments as)', err, fix);
  }
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (err) {
    if (unanswered(err)) return GITHUB_ACTIONS_BOT;
    throw new ApiError('GET /user', err, fix);
  }
}
