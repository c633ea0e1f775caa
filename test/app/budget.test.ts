// How many API requests one pull request costs: the evaluation must not grow with the number of
// models it touches (reads are batched, annotations capped at what one request carries), only the
// batches of evidence files do: at most 15 requests for a pull request touching 500 models.
import { beforeEach, describe, expect, it } from 'vitest';
import { exampleRevision, probotWithApp, receive, refuseNetwork, routedSim } from './harness.js';
import { pullRequestEvent } from './payloads.js';
import { GitHubSim, revision, type Revision } from './sim.js';

const CARD = (exampleRevision().files.get('models/support-router/README.md') as Buffer).toString();
const EMISSIONS = exampleRevision().files.get('models/support-router/emissions.csv') as Buffer;
const POINTER = exampleRevision().files.get('models/support-router/model.safetensors') as Buffer;

/** The example repository with `n` models like support-router, each with its own audit. */
function repository(n: number, version: string): Revision {
  const files = new Map(exampleRevision().files);
  for (const p of [...files.keys()]) if (p.startsWith('models/') || p.startsWith('audits/')) files.delete(p);
  for (let i = 0; i < n; i++) {
    const name = `m${String(i).padStart(2, '0')}`;
    files.set(`models/${name}/README.md`, Buffer.from(CARD.replace('audits/2026-09-support-router.yml', `audits/${name}.yml`).replace('- name: support-router', `- name: ${name}`)));
    files.set(`models/${name}/emissions.csv`, EMISSIONS);
    files.set(`models/${name}/model.safetensors`, POINTER);
    files.set(`models/${name}/config.json`, Buffer.from(`{"version": "${version}"}\n`));
    files.set(
      `audits/${name}.yml`,
      Buffer.from(
        [
          `id: AUD-${name}`,
          'auditor: { name: Northbridge Assurance LLP, independent: true }',
          'date: 2026-09-12',
          `scope: [models/${name}]`,
          'findings:',
          '  - { id: F-1, title: Fixed, severity: low, status: remediated }',
        ].join('\n'),
      ),
    );
  }
  return revision(files);
}

let sim: GitHubSim;
refuseNetwork();
beforeEach(() => (sim = routedSim()));

/** Made once per App process (the installation token, the App's login), not by each pull request. */
const ONCE = ['POST /app/installations/:n/access_tokens', 'GET /app'];

async function requestsFor(n: number, truncateOver?: number): Promise<{ total: number; perPr: number; graphql: number; annotations: number; byKind: Record<string, number> }> {
  const base = repository(n, '1');
  const head = repository(n, '2');
  const files = Array.from({ length: n }, (_, i) => ({ filename: `models/m${String(i).padStart(2, '0')}/config.json`, status: 'modified' }));
  const pr = sim.addPull({ number: 1, state: 'open', base, head, author: 'dana', files });
  if (truncateOver !== undefined) sim.truncateOver = truncateOver;
  const probot = await probotWithApp();
  await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
  expect(sim.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: `${n} model${n > 1 ? 's' : ''} pass${n > 1 ? '' : 'es'} governance checks` } });
  const byKind: Record<string, number> = {};
  for (const c of sim.calls) {
    const kind = `${c.method} ${c.path.replace(/[0-9a-f]{40}/g, ':sha').replace(/\/\d+(\/|$)/g, '/:n$1')}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const once = ONCE.reduce((sum, k) => sum + (byKind[k] ?? 0), 0);
  return { total: sim.calls.length, perPr: sim.calls.length - once, graphql: byKind['POST /graphql'] ?? 0, annotations: sim.checkRuns[0]?.annotations.length ?? 0, byKind };
}

describe('request budget', () => {
  it('a PR touching 1 model costs 15 requests in all', async () => {
    const r = await requestsFor(1);
    expect(r.byKind).toEqual({
      'POST /app/installations/:n/access_tokens': 1,
      'GET /app': 1,
      'POST /repos/acme/models/check-runs': 1,
      'GET /repos/acme/models/git/trees/:sha': 2,
      // Where base and head meet (GitHub has not computed a test merge): the change is the
      // difference of the base's tree and the merge result's, not the PR's file list.
      'GET /repos/acme/models/compare/:sha...:sha': 1,
      'GET /repos/acme/models/issues/:n/comments': 3,
      'POST /graphql': 2,
      'GET /repos/acme/models/pulls/:n': 2, // at the start, and before writing (has the head moved?)
      'POST /repos/acme/models/issues/:n/comments': 1,
      'PATCH /repos/acme/models/check-runs/:n': 1,
    });
    // The dataset files are hashed from the batched reads: no blob download.
    expect(r.total).toBe(15);
  });

  it('a PR touching 50 models costs the same 15: annotations past 50 are counted in the summary, not sent', async () => {
    const r = await requestsFor(50);
    expect(r.graphql).toBe(2); // the policy query, then ~250 evidence files in one batch
    // Each high-risk copy warns on its safety checks (the copies have no safety records): more than
    // GitHub takes in one request; the completing update carries 50 of them, failures first.
    expect(r.annotations).toBe(50);
    expect(sim.checkRuns[0]?.output?.summary).toMatch(/50 of \d+ results are annotated on the files/);
    expect(r.byKind['PATCH /repos/acme/models/check-runs/:n']).toBe(1);
    expect(r.total).toBe(15);
  });

  it('a PR touching 500 models costs at most 15 requests: still 13, with ~2,000 evidence files in one query', async () => {
    const r = await requestsFor(500);
    expect(r.graphql).toBe(2); // the policy, then ~2,000 evidence files in one query of up to 2,500
    expect(r.byKind['PATCH /repos/acme/models/check-runs/:n']).toBe(1);
    expect(r.annotations).toBe(50);
    expect(r.perPr).toBe(13);
    expect(r.perPr).toBeLessThanOrEqual(15);
  }, 120_000);

  it('a repository whose tree GitHub truncates is listed directory by directory: the base whole, the head only where it changed', async () => {
    // 10 models: about 120 entries; GitHub (the sim) truncates any listing of more than 60.
    const r = await requestsFor(10, 60);
    const trees = sim.calls.filter((c) => c.path.includes('/git/trees/')).map((c) => (c.query.recursive ? 'recursive' : 'one level'));
    const topDirs = new Set([...repository(10, '1').files.keys()].filter((p) => p.includes('/')).map((p) => p.split('/')[0])).size;
    expect(topDirs).toBeGreaterThan(3);
    // Base and head: the truncated answer, the top directory; then each directory of the base, and
    // of the head only models/, the one directory the change reaches (the others are the base's).
    expect(trees).toEqual(['recursive', 'recursive', 'one level', 'one level', ...Array(topDirs + 1).fill('recursive')]);
    // Everything else as for a repository listed in one request.
    expect(r.total - trees.length).toBe(13);
  });
});
