// Reads many small blobs in few requests: every read asked for in the same turn of the event loop
// is queued, then sent as aliased `object(...)` fields of one GraphQL query (up to 2,500 per query,
// and a byte budget so one response stays bounded). A query GitHub refuses as too large (its
// resource limits, a timeout, a 502) is split in halves and asked again, down to a floor, so a
// limit GitHub does not document costs requests, never a failed check run. GraphQL returns a blob as text decoded from UTF-8,
// which loses bytes: an invalid or truncated sequence becomes U+FFFD, whose encoding can have the
// same length as what it replaced, so a file could be hashed as bytes it does not hold. Text is
// trusted only when it is proven byte-exact: re-encoded, it must hash to the blob's own git id (a
// read by expression has none: it must then hold no U+FFFD and have the blob's size). Anything
// else (binary, truncated, unproven) is answered `raw-needed`, and the reader downloads the raw
// bytes through the REST blobs API.
import { createHash } from 'node:crypto';
import { ApiError, type GitHubApi } from './github.js';

export type BlobTarget = { owner: string; repo: string; oid: string } | { owner: string; repo: string; expression: string };

export type BlobAnswer = { kind: 'text'; bytes: Uint8Array } | { kind: 'missing' } | { kind: 'raw-needed'; byteSize: number };

export interface BlobLoaderOptions {
  maxAliases: number;
  /** Sum of known blob sizes per query. */
  maxBytes: number;
  /** Queries in flight at once. */
  concurrency: number;
  /** A refused query of more aliases than this is split in halves and asked again. */
  minSplit: number;
}

// GitHub limits a GraphQL query by the nodes its connections may return (500,000); `object()`
// lookups open no connection and cost one rate-limit point per query whatever their number. What
// it does limit, undocumented, is the work and time of one query (10 seconds, "resource limits
// exceeded"). 2,500 blobs and 8 MiB per query read a 500-model pull request's 4,500 evidence files
// in 2 queries; a query refused as too large is halved (down to 125 aliases, the size that served
// before), so the worst case is a few more requests, not a failure.
const DEFAULTS: BlobLoaderOptions = { maxAliases: 2500, maxBytes: 8 * 1024 * 1024, concurrency: 2, minSplit: 125 };
/** Size assumed for a blob whose size is unknown (an expression read). */
const UNKNOWN_SIZE = 64 * 1024;

interface Pending {
  key: string;
  target: BlobTarget;
  size: number;
  resolve: (a: BlobAnswer) => void;
  reject: (e: unknown) => void;
}

interface BlobNode {
  __typename?: string;
  text?: string | null;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
}

type QueryResult = Record<string, Record<string, BlobNode | null> | null>;

export class BlobLoader {
  private queue: Pending[] = [];
  private readonly cache = new Map<string, Promise<BlobAnswer>>();
  private scheduled = false;
  private readonly options: BlobLoaderOptions;
  /** GraphQL queries sent. */
  queries = 0;

  constructor(
    private readonly api: GitHubApi,
    options: Partial<BlobLoaderOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  load(target: BlobTarget, size?: number): Promise<BlobAnswer> {
    const key = `${target.owner}/${target.repo}\0${'oid' in target ? target.oid : target.expression}`;
    let p = this.cache.get(key);
    if (!p) {
      p = new Promise<BlobAnswer>((resolve, reject) => {
        this.queue.push({ key, target, size: size ?? UNKNOWN_SIZE, resolve, reject });
      });
      this.cache.set(key, p);
      this.schedule();
    }
    return p;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after every pending promise continuation, so reads started "together"
    // (Promise.all over a model's datasets, a prefetch loop) land in the same query.
    setImmediate(() => {
      this.scheduled = false;
      const batches = this.split(this.queue.splice(0));
      void this.run(batches);
    });
  }

  private split(items: Pending[]): Pending[][] {
    const batches: Pending[][] = [];
    let current: Pending[] = [];
    let bytes = 0;
    for (const item of items) {
      if (current.length > 0 && (current.length >= this.options.maxAliases || bytes + item.size > this.options.maxBytes)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += item.size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  private async run(batches: Pending[][]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as Pending[];
        await this.settle(batch);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batches.length) }, worker));
  }

  /** Answers a batch; a query GitHub refuses as too large is asked again as two halves. */
  private async settle(batch: Pending[]): Promise<void> {
    const splittable = batch.length > this.options.minSplit;
    try {
      await this.query(batch, splittable);
    } catch (err) {
      if (splittable && !this.api.signal.aborted && tooLarge(err)) {
        const half = Math.ceil(batch.length / 2);
        await this.settle(batch.slice(0, half));
        await this.settle(batch.slice(half));
        return;
      }
      // Only the failure that stands fails the run (a refused query that was split does not).
      if (splittable && err instanceof ApiError) this.api.recordFailure(err);
      for (const p of batch) {
        // A failed query is not a file problem: forget it so nothing caches the failure.
        this.cache.delete(p.key);
        p.reject(err);
      }
    }
  }

  private async query(batch: Pending[], splittable: boolean): Promise<void> {
    const repos = new Map<string, { alias: string; owner: string; repo: string; items: { alias: string; p: Pending }[] }>();
    const variables: Record<string, string> = {};
    const declarations: string[] = [];
    batch.forEach((p, i) => {
      const repoKey = `${p.target.owner}/${p.target.repo}`;
      let group = repos.get(repoKey);
      if (!group) {
        const r = repos.size;
        group = { alias: `r${r}`, owner: p.target.owner, repo: p.target.repo, items: [] };
        repos.set(repoKey, group);
        variables[`o${r}`] = p.target.owner;
        variables[`n${r}`] = p.target.repo;
        declarations.push(`$o${r}: String!`, `$n${r}: String!`);
      }
      group.items.push({ alias: `b${i}`, p });
      if ('oid' in p.target) {
        variables[`x${i}`] = p.target.oid;
        declarations.push(`$x${i}: GitObjectID!`);
      } else {
        variables[`x${i}`] = p.target.expression;
        declarations.push(`$x${i}: String!`);
      }
    });
    const fields = [...repos.values()].map((g, r) => {
      const objects = g.items.map(({ alias, p }) => {
        const arg = 'oid' in p.target ? 'oid' : 'expression';
        const n = alias.slice(1);
        return `${alias}: object(${arg}: $x${n}) { __typename ... on Blob { text byteSize isBinary isTruncated } }`;
      });
      return `r${r}: repository(owner: $o${r}, name: $n${r}) { ${objects.join(' ')} }`;
    });
    const query = `query(${declarations.join(', ')}) { ${fields.join(' ')} }`;
    this.queries++;
    // A query that may be split is not retried by Octokit: asking again as halves is the retry.
    const data = await this.api.call(`reading ${batch.length} file(s) through GraphQL`, () => graphqlAllowingNotFound(this.api, query, variables, splittable ? 0 : undefined), {
      unrecorded: splittable,
    });
    for (const g of repos.values()) {
      const repoData = data[g.alias];
      for (const { alias, p } of g.items) p.resolve(answerOf(repoData?.[alias] ?? null, 'oid' in p.target ? p.target.oid : undefined));
    }
  }
}

/** A repository the App cannot see answers NOT_FOUND: its blobs are missing, the query still counts. */
async function graphqlAllowingNotFound(api: GitHubApi, query: string, variables: Record<string, string>, retries?: number): Promise<QueryResult> {
  try {
    return await api.octokit.graphql<QueryResult>(query, { ...variables, request: { signal: api.signal, ...(retries !== undefined ? { retries } : {}) } });
  } catch (err) {
    const e = err as { name?: string; errors?: { type?: string }[]; data?: QueryResult };
    if (e.name === 'GraphqlResponseError' && Array.isArray(e.errors) && e.errors.every((x) => x.type === 'NOT_FOUND') && e.data) return e.data;
    throw err;
  }
}

/**
 * GitHub refusing a query for its size: the GraphQL resource limits, a query that timed out (GitHub
 * answers those 502 or with a "timeout" error), or a request body over its limit (413). Any other
 * 5xx too: Octokit does not retry a query that may be split, and two halves are the retry.
 */
function tooLarge(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  if (err.status !== undefined && (err.status === 413 || err.status >= 500)) return true;
  return /RESOURCE_LIMITS_EXCEEDED|resource limits|timeout|timed out/i.test(err.message);
}

/** Git's id of a blob with these bytes. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** `oid`: the blob's git id when it was read by id (the proof its text is byte-exact). */
export function answerOf(node: BlobNode | null, oid?: string): BlobAnswer {
  if (!node || node.__typename !== 'Blob') return { kind: 'missing' };
  const size = node.byteSize ?? 0;
  if (node.isBinary !== false || node.isTruncated || typeof node.text !== 'string') return { kind: 'raw-needed', byteSize: size };
  const bytes = new TextEncoder().encode(node.text);
  const exact = oid !== undefined ? gitBlobId(bytes) === oid.toLowerCase() : bytes.length === size && !node.text.includes('\uFFFD');
  return exact ? { kind: 'text', bytes } : { kind: 'raw-needed', byteSize: size };
}
