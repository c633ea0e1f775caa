// The RepoReader over the GitHub API: one tree per revision (in pieces when GitHub truncates it), batched GraphQL reads, raw downloads
// for what GraphQL cannot return exactly, streaming hashes, and refusals without requests.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProbotOctokit } from 'probot';
import { BlobLoader } from '../../app/blobLoader.js';
import { GitHubApi } from '../../app/github.js';
import { createGitHubReader, TruncatedTreeError } from '../../app/githubReader.js';
import { MAX_TREE_REQUESTS } from '../../app/largeTree.js';
import { API, routeAll, refuseNetwork } from './harness.js';
import { GitHubSim, OWNER, REPO, revision, withFiles, type Revision } from './sim.js';

const POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:0818da564aa2bc93ceb6d040b676c63b7e6ab7daecf14994880ee7202e39c55f\nsize 541323596\n';
const BIG = Buffer.alloc(3 * 1024 * 1024, 'modelgate ');
const BINARY = Buffer.from([0x50, 0x4b, 0x00, 0x01, 0xff, 0xfe]);
const LATIN1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]); // "café" in Latin-1: not UTF-8

let sim: GitHubSim;
let rev: Revision;

/** How many blobs each GraphQL query the simulation received asked for, in order. */
function aliasesPerQuery(): number[] {
  return sim.calls.filter((c) => c.path === '/graphql').map((c) => (c.body as { query: string }).query.match(/object\(oid:/g)?.length ?? 0);
}

function api(): GitHubApi {
  const octokit = new ProbotOctokit({ auth: { token: 'test' }, retry: { enabled: false }, throttle: { enabled: false } });
  return new GitHubApi(octokit, { owner: OWNER, repo: REPO }, new AbortController().signal);
}

refuseNetwork();
beforeEach(() => {
  sim = new GitHubSim(API);
  const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`cards/c${String(i).padStart(3, '0')}.md`, `# card ${i}\n`]));
  rev = sim.addRevision(
    revision(
      {
        'models/a/README.md': '---\nlicense: mit\n---\n',
        'models/a/model.safetensors': POINTER,
        'data/big.bin': BIG,
        'data/tiny.bin': BINARY,
        'data/latin1.txt': LATIN1,
        ...many,
      },
      { 'models/a/link.md': '../../etc/passwd', 'linked': 'models' },
    ),
  );
  routeAll(sim);
});


describe('GitHub reader', () => {
  it('lists regular files from one tree request and refuses symlinks, directories and paths under a symlink', async () => {
    const gh = api();
    const reader = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, rev.sha);
    const files = await reader.listFiles();
    expect(files).toContain('models/a/README.md');
    expect(files).not.toContain('models/a/link.md');
    expect(files).not.toContain('linked');
    expect(await reader.read('models/a/link.md', 1000)).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    expect(await reader.read('linked/a/README.md', 1000)).toMatchObject({ kind: 'not-a-file', detail: expect.stringMatching(/parent directory "linked" is a symbolic link/) });
    expect(await reader.read('models/a', 1000)).toEqual({ kind: 'not-a-file', detail: 'directory' });
    expect(await reader.read('models/b/README.md', 1000)).toEqual({ kind: 'missing' });
    expect(await reader.read('data/big.bin', 1024)).toEqual({ kind: 'too-large', size: BIG.length, limit: 1024 });
    expect(await reader.sha256('models/a/link.md')).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /repos/${OWNER}/${REPO}/git/trees/${rev.sha}`]);
  });

  it('lists every entry: files with their size, symbolic links with their target (one GraphQL query), submodules', async () => {
    const gh = api();
    const withSubmodule = sim.addRevision(revision(Object.fromEntries(rev.files), Object.fromEntries(rev.symlinks), { 'models/vendored': 'c'.repeat(40) }));
    const reader = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, withSubmodule.sha);
    const entries = await reader.listEntries();
    expect(entries.filter((e) => e.kind !== 'file')).toEqual([
      { path: 'linked', kind: 'symlink', target: 'models' },
      { path: 'models/a/link.md', kind: 'symlink', target: '../../etc/passwd' },
      { path: 'models/vendored', kind: 'submodule' },
    ]);
    expect(entries.find((e) => e.path === 'data/tiny.bin')).toEqual({ path: 'data/tiny.bin', kind: 'file', size: BINARY.length });
    expect(entries.filter((e) => e.kind === 'file').map((e) => e.path)).toEqual(await reader.listFiles());
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /repos/${OWNER}/${REPO}/git/trees/${withSubmodule.sha}`, 'POST /graphql']);
  });

  it('reads files asked for together in one GraphQL query per 100, by blob id', async () => {
    const gh = api();
    const loader = new BlobLoader(gh, { maxAliases: 100 });
    const reader = await createGitHubReader(gh, loader, { owner: OWNER, repo: REPO }, rev.sha);
    const paths = (await reader.listFiles()).filter((p) => p.startsWith('cards/'));
    const results = await Promise.all(paths.map((p) => reader.read(p, 1000)));
    expect(results.every((r) => r.kind === 'ok')).toBe(true);
    expect(Buffer.from((results[7] as { bytes: Uint8Array }).bytes).toString()).toBe('# card 7\n');
    expect(loader.queries).toBe(3);
    const queries = aliasesPerQuery();
    expect(queries).toEqual([100, 100, 50]);
    // Cached: reading again costs nothing.
    await reader.read(paths[0] as string, 1000);
    expect(loader.queries).toBe(3);
  });

  it('reads prefetched files a window at a time: reading past a window brings the next one, never a query per file', async () => {
    const gh = api();
    const loader = new BlobLoader(gh);
    const reader = await createGitHubReader(gh, loader, { owner: OWNER, repo: REPO }, rev.sha);
    const paths = (await reader.listFiles()).filter((p) => p.startsWith('cards/'));
    reader.prefetch(paths, 1000, { files: 100, bytes: 1024 * 1024 });
    // The evaluator reads one model at a time: each read waits for the one before.
    for (const [i, p] of paths.entries()) {
      const r = await reader.read(p, 1000);
      expect(r.kind === 'ok' && Buffer.from(r.bytes).toString()).toBe(`# card ${i}\n`);
    }
    expect(loader.queries).toBe(3);
    const queries = aliasesPerQuery();
    expect(queries).toEqual([100, 100, 50]);
    // A file the prefetch did not list is still read, on its own.
    expect((await reader.read('models/a/README.md', 1000)).kind).toBe('ok');
    expect(loader.queries).toBe(4);
  });

  it('a window also ends at its byte budget, and a prefetch the evaluator never reads past costs one window', async () => {
    const gh = api();
    const loader = new BlobLoader(gh);
    const reader = await createGitHubReader(gh, loader, { owner: OWNER, repo: REPO }, rev.sha);
    const paths = (await reader.listFiles()).filter((p) => p.startsWith('cards/'));
    const size = Buffer.byteLength('# card 100\n');
    reader.prefetch(paths, 1000, { files: 1000, bytes: 40 * size });
    await reader.read(paths[0] as string, 1000);
    const first = aliasesPerQuery();
    expect(first).toHaveLength(1);
    expect(first[0]).toBeGreaterThanOrEqual(40);
    expect(first[0]).toBeLessThanOrEqual(60);
    expect(loader.queries).toBe(1);
  });

  it('asks again in halves when GitHub refuses a query as too large, and fails only when a floor-sized query is refused', async () => {
    const objects = (c: { body: unknown }) => Object.keys((c.body as { variables: object }).variables).filter((k) => k.startsWith('x')).length;
    const refuse = (over: number) => ({
      match: (c: { path: string; body: unknown }) => c.path === '/graphql' && objects(c) > over,
      status: 200,
      body: { data: null, errors: [{ type: 'RESOURCE_LIMITS_EXCEEDED', message: 'Resource limits for this query exceeded.' }] },
      times: 100,
    });
    sim.failures.push(refuse(100));
    const gh = api();
    const loader = new BlobLoader(gh, { minSplit: 60 });
    const reader = await createGitHubReader(gh, loader, { owner: OWNER, repo: REPO }, rev.sha);
    const paths = (await reader.listFiles()).filter((p) => p.startsWith('cards/'));
    const results = await Promise.all(paths.map((p) => reader.read(p, 1000)));
    expect(results.every((r) => r.kind === 'ok')).toBe(true);
    // 250 refused, 125 + 125 refused, then four queries of 62 or 63.
    expect(sim.calls.filter((c) => c.path === '/graphql').map(objects)).toEqual([250, 125, 63, 62, 125, 63, 62]);
    expect(gh.failures).toEqual([]);

    // A 502 (GitHub's answer to a query that timed out) is not retried whole: its halves are the retry.
    sim.failures.length = 0;
    sim.calls.length = 0;
    sim.failures.push({ match: (c) => c.path === '/graphql', status: 502 });
    const gh502 = api();
    const reader502 = await createGitHubReader(gh502, new BlobLoader(gh502, { minSplit: 60 }), { owner: OWNER, repo: REPO }, rev.sha);
    expect((await Promise.all(paths.map((p) => reader502.read(p, 1000)))).every((r) => r.kind === 'ok')).toBe(true);
    expect(sim.calls.filter((c) => c.path === '/graphql').map(objects)).toEqual([250, 125, 125]);
    expect(gh502.failures).toEqual([]);

    // Refused down to the floor: the query fails, once, and the run with it.
    sim.failures.push(refuse(10));
    const gh2 = api();
    const reader2 = await createGitHubReader(gh2, new BlobLoader(gh2, { minSplit: 60 }), { owner: OWNER, repo: REPO }, rev.sha);
    const failed = await Promise.all(paths.slice(0, 100).map((p) => reader2.read(p, 1000).catch((e: Error) => e.message)));
    expect(failed.every((r) => typeof r === 'string' && /Resource limits for this query exceeded/.test(r))).toBe(true);
    expect(gh2.failures).toHaveLength(2); // the two halves of 50, each at the floor
  });

  it('splits a query by size as well as by count', async () => {
    const gh = api();
    const loader = new BlobLoader(gh, { maxBytes: 140 });
    const reader = await createGitHubReader(gh, loader, { owner: OWNER, repo: REPO }, rev.sha);
    // 9 + 9 bytes | the 132-byte pointer | 22 more bytes would pass 140: three queries.
    await Promise.all(['cards/c000.md', 'cards/c001.md', 'models/a/model.safetensors', 'models/a/README.md'].map((p) => reader.read(p, 1000)));
    expect(loader.queries).toBe(3);
  });

  it('reads a Git LFS pointer as the pointer', async () => {
    const gh = api();
    const reader = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, rev.sha);
    const r = await reader.read('models/a/model.safetensors', 1024);
    expect(r.kind === 'ok' && Buffer.from(r.bytes).toString()).toBe(POINTER);
  });

  it('downloads binary and non-UTF-8 files raw, byte for byte', async () => {
    const gh = api();
    const reader = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, rev.sha);
    const [bin, latin] = await Promise.all([reader.read('data/tiny.bin', 1024), reader.read('data/latin1.txt', 1024)]);
    expect(bin.kind === 'ok' && Buffer.from(bin.bytes).equals(BINARY)).toBe(true);
    expect(latin.kind === 'ok' && Buffer.from(latin.bytes).equals(LATIN1)).toBe(true);
    expect(sim.calls.filter((c) => c.path.includes('/git/blobs/'))).toHaveLength(2);
  });

  it('hashes a large file by streaming its blob', async () => {
    const gh = api();
    const reader = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, rev.sha);
    expect(await reader.sha256('data/big.bin')).toEqual({ kind: 'ok', sha256: createHash('sha256').update(BIG).digest('hex'), size: BIG.length });
    expect(sim.calls.filter((c) => c.path.includes('/git/blobs/'))).toHaveLength(1);
  });

  it('lists a tree GitHub truncates directory by directory, each directory the two revisions share once', async () => {
    const whole = await (async () => {
      const gh = api();
      return (await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, rev.sha)).listEntries();
    })();
    sim.calls.length = 0;
    sim.truncateOver = 255; // the whole tree (262 entries) is too many; cards/ (250) is not
    const gh = api();
    const reader = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, rev.sha);
    expect(await reader.listEntries()).toEqual(whole);
    expect(await reader.read('models/a/link.md', 1000)).toEqual({ kind: 'not-a-file', detail: 'symbolic link' });
    expect(await reader.read('models/a', 1000)).toEqual({ kind: 'not-a-file', detail: 'directory' });
    const trees = () => sim.calls.filter((c) => c.path.includes('/git/trees/')).map((c) => (c.query.recursive ? 'recursive' : 'one level'));
    // The truncated answer, the top directory, then cards/, data/ and models/ recursively.
    expect(trees()).toEqual(['recursive', 'one level', 'recursive', 'recursive', 'recursive']);

    // A revision that changes one card: its top directory and cards/ again, nothing else.
    sim.calls.length = 0;
    const next = sim.addRevision(withFiles(rev, { 'cards/c001.md': '# changed\n' }));
    const reader2 = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, next.sha);
    expect(trees()).toEqual(['recursive', 'one level', 'recursive']);
    const changed = await reader2.read('cards/c001.md', 1000);
    expect(changed.kind === 'ok' && Buffer.from(changed.bytes).toString()).toBe('# changed\n');
    expect((await reader2.listFiles()).length).toBe((await reader.listFiles()).length);
  });

  it('fails closed when the listing in pieces would pass its bound of requests, or a directory alone is too large', async () => {
    const dirs = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`d${i}/f.md`, `${i}\n`]));
    const wide = sim.addRevision(revision(dirs));
    sim.truncateTrees = true; // every recursive listing: each directory costs two requests
    const gh = api();
    const err = await createGitHubReader(gh, new BlobLoader(gh), { owner: OWNER, repo: REPO }, wide.sha).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TruncatedTreeError);
    expect((err as Error).message).toMatch(/GitHub truncated the file tree of [0-9a-f]{12} \(2 entries returned\), and listing it directory by directory would take more than 50 requests/);
    // Requests still in flight when the bound was reached arrive after the failure: wait for quiet.
    const trees = () => sim.calls.filter((c) => c.path.includes('/git/trees/')).length;
    for (let seen = -1; seen !== trees(); ) {
      seen = trees();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(trees()).toBe(1 + MAX_TREE_REQUESTS);

    sim.truncateTrees = false;
    sim.truncateOver = 100; // cards/ holds 250 entries: not even one level of it can be listed
    const gh2 = api();
    const err2 = await createGitHubReader(gh2, new BlobLoader(gh2), { owner: OWNER, repo: REPO }, rev.sha).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/and the directory cards alone holds more entries than GitHub lists in one request/);
  });
});
