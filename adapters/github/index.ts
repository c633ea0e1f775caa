// The GitHub layer the Action and the App share (see each file for its one job).
export { ApiError } from './errors.js';
export { errorMessage, httpStatus, isAbort } from './response.js';
export { API_TIMEOUT_MS, ApiTimeoutError, apiTimeoutMs, fetchWithTimeout, timeoutOf } from './timeout.js';
export { isRateLimited, MAX_RATE_LIMIT_RETRIES, MAX_RATE_LIMIT_WAIT_SECONDS, rateLimitHandlers } from './rateLimit.js';
export { clientOptions, DO_NOT_RETRY, type ClientLog } from './client.js';
export { createGitHubClient, type GitHubClient } from './tokenClient.js';
export { createOnce, CREATE_ATTEMPTS, isTransient, NO_RETRIES } from './createOnce.js';
export { ourComments, upsertStickyComment, type CommentPort, type StickyComment, type StickyResult } from './stickyComment.js';
export { GITHUB_ACTIONS_BOT, tokenLogin } from './viewer.js';
export { changedFile, pullFilesToChanges, treeChanges, type PullFile, type TreeFile } from './changeSet.js';
export { listPullRequestFiles, PULL_FILES_CAP, type PullRequestFiles, type RepoRef } from './pullRequestFiles.js';
