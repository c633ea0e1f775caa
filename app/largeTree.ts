// A repository too large for one recursive tree request (GitHub truncates the answer at about
// 100,000 entries or 7 MB) is listed in pieces instead of failing every pull request: the commit's
// top directory, then each directory below it recursively, and where GitHub truncates that too, the
// directory's own entries and each of its directories the same way. A directory is listed by its id,
// so a directory both revisions of a pull request share is listed once: the second revision costs
// only the directories the change reaches and their ancestors. The listing is whole or the run fails
// closed: past MAX_TREE_REQUESTS requests in one job, or MAX_TREE_ENTRIES entries in one revision,
// it stops with TruncatedTreeError, because a partial file list would silently hide models.
import { mapLimit } from '../src/index.js';
import type { GitHubApi, Tree, TreeEntry } from './github.js';

/** Tree requests one job may spend on listings in pieces (both revisions together). */
export const MAX_TREE_REQUESTS = 50;
/** Entries one revision may hold: the listing stays in memory for the whole job. */
export const MAX_TREE_ENTRIES = 500_000;
/** Directories listed at once, per directory being split. */
const CONCURRENCY = 4;

export class TruncatedTreeError extends Error {
  constructor(sha: string, count: number, why?: string) {
    super(
      `GitHub truncated the file tree of ${sha.slice(0, 12)} (${count} entries returned)${why ? `, and ${why}` : ''}: the repository is too large to list${why ? '' : ' in one request'}, so modelgate cannot know every model and fails closed. Run the modelgate CLI or Action on a checkout instead.`,
    );
    this.name = 'TruncatedTreeError';
  }
}

interface JobState {
  requests: number;
  /** Whole listings by directory id, paths relative to the directory. */
  byId: Map<string, Promise<TreeEntry[]>>;
}

const jobs = new WeakMap<GitHubApi, JobState>();

class OverBudget extends Error {}

/** One tree request (GitHubApi.listTree), counted against the job's bound. */
function listWithinBound(api: GitHubApi, state: JobState, id: string, recursive: boolean, label: string): Promise<Tree> {
  if (++state.requests > MAX_TREE_REQUESTS) throw new OverBudget(`listing it directory by directory would take more than ${MAX_TREE_REQUESTS} requests`);
  return api.listTree(id, recursive, label || id.slice(0, 12));
}

/** Every entry under directory `id` (named `dir`), paths relative to it; listed once per job. */
function wholeDirectory(api: GitHubApi, state: JobState, id: string, dir: string): Promise<TreeEntry[]> {
  let p = state.byId.get(id);
  if (!p) {
    p = (async () => {
      const recursive = await listWithinBound(api, state, id, true, dir);
      return recursive.truncated ? piecewise(api, state, id, dir) : recursive.entries;
    })();
    state.byId.set(id, p);
  }
  return p;
}

/** A directory GitHub cannot list recursively: its own entries, then each directory in it whole. */
async function piecewise(api: GitHubApi, state: JobState, id: string, dir: string): Promise<TreeEntry[]> {
  const own = await listWithinBound(api, state, id, false, dir);
  if (own.truncated) throw new OverBudget(`the directory ${dir || '/'} alone holds more entries than GitHub lists in one request`);
  const below = await mapLimit(
    own.entries.filter((e) => e.type === 'tree'),
    CONCURRENCY,
    async (d) => (await wholeDirectory(api, state, d.sha, dir === '' ? d.path : `${dir}/${d.path}`)).map((e) => ({ ...e, path: `${d.path}/${e.path}` })),
  );
  const all = own.entries.concat(...below);
  if (all.length > MAX_TREE_ENTRIES) throw new OverBudget(`it holds more than ${MAX_TREE_ENTRIES.toLocaleString('en-US')} entries`);
  return all;
}

/** The whole tree of commit `sha`, whose recursive listing GitHub truncated (`truncated`: that answer). */
export async function treeInPieces(api: GitHubApi, sha: string, truncated: Tree): Promise<Tree> {
  let state = jobs.get(api);
  if (!state) jobs.set(api, (state = { requests: 0, byId: new Map() }));
  try {
    return { entries: await piecewise(api, state, sha, ''), truncated: false };
  } catch (err) {
    if (err instanceof OverBudget) throw new TruncatedTreeError(sha, truncated.entries.length, err.message);
    throw err;
  }
}
