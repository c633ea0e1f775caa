// The files a pull request changes, from the REST API: GET /pulls/{n} for the expected count and the
// current head, then GET /pulls/{n}/files (100 per page, every page). GitHub returns at most 3,000
// files; a list that is cut, or that does not match the count or the expected head commit, is
// reported as incomplete so the caller can compute the diff another way, or fail closed.
import type { ChangedFile } from '../../src/index.js';
import type { GitHubClient } from './tokenClient.js';
import { ApiError } from './errors.js';
import { pullFilesToChanges } from './changeSet.js';

/** GitHub's documented cap on GET /pulls/{n}/files. */
export const PULL_FILES_CAP = 3000;

export type PullRequestFiles = { complete: true; files: ChangedFile[] } | { complete: false; reason: string };

export interface RepoRef {
  owner: string;
  repo: string;
}

/** `fix` ends the message of a failed call (what the caller's user can check). */
export async function listPullRequestFiles(client: GitHubClient, repo: RepoRef, number: number, headSha: string, fix: string): Promise<PullRequestFiles> {
  let pull;
  try {
    pull = (await client.rest.pulls.get({ ...repo, pull_number: number })).data;
  } catch (err) {
    throw new ApiError(`GET /repos/${repo.owner}/${repo.repo}/pulls/${number}`, err, fix);
  }
  if (pull.head.sha !== headSha) {
    return { complete: false, reason: `the pull request's head is now ${pull.head.sha.slice(0, 12)}, not the event's ${headSha.slice(0, 12)}, so GitHub's file list describes another commit` };
  }
  const expected = pull.changed_files;
  if (expected > PULL_FILES_CAP) {
    return { complete: false, reason: `the pull request changes ${expected} files and GitHub lists at most ${PULL_FILES_CAP}` };
  }
  let entries;
  try {
    entries = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 });
  } catch (err) {
    throw new ApiError(`GET /repos/${repo.owner}/${repo.repo}/pulls/${number}/files`, err, fix);
  }
  if (entries.length !== expected) {
    return { complete: false, reason: `GitHub listed ${entries.length} of the ${expected} files the pull request changes` };
  }
  return { complete: true, files: pullFilesToChanges(entries) };
}
