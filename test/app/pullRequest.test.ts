// The gate on pull requests: the exact API calls of an evaluation, the check run, the single
// checklist comment (redelivery, concurrency, stale heads) and failing closed.
import { beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { CHECKLIST_MARKER } from '../../app/checklistComment.js';
import { FINDING_LABEL, issueBody, issueTitle } from '../../app/findingIssue.js';
import { cellCode } from '../../src/report/escape.js';
import { bodies, expectCalls, expireWhen, probotWithApp, R, receive, routeAll, seen, type CheckRunBody, refuseNetwork, simWithPull } from './harness.js';
import { pullRequestEvent } from './payloads.js';
import { BOT, gitBlobSha, GitHubSim, withFiles, type Call, type Revision, type SimPull } from './sim.js';

let sim: GitHubSim;
let base: Revision;
let head: Revision;
let pr: SimPull;

const CHANGED = 'models/support-router/config.json';

refuseNetwork();
beforeEach(() => ({ sim, base, head, pr } = simWithPull(CHANGED, '{"hidden_size": 768}\n')));

const blob = (rev: Revision, path: string) => gitBlobSha(rev.files.get(path) as Buffer);
const checkPatches = () => bodies<CheckRunBody>(sim, 'PATCH', /\/check-runs\/\d+$/);

describe('pull_request.opened', () => {
  it('makes exactly these API calls and publishes the check run and the checklist, and opens no issue', async () => {
    const scope = expectCalls(sim, [
      'POST /app/installations/1/access_tokens',
      `GET ${R}/pulls/7`, // the current head, base and test merge (not the payload's)
      `POST ${R}/check-runs`,
      `GET ${R}/compare/${base.sha}...${head.sha}`, // where they meet: no test merge computed yet
      `GET ${R}/git/trees/${base.sha}`,
      `GET ${R}/git/trees/${head.sha}`,
      `GET ${R}/issues/7/comments`,
      'GET /app', // the App's own login, once per process
      'POST /graphql', // base config, waivers file, org defaults: one query
      'POST /graphql', // the head's evidence, prefetched: one query
      `GET ${R}/pulls/7`, // is the evaluated head still the PR's head?
      `GET ${R}/issues`, // what merging would do to the remediation issues
      `GET ${R}/issues/7/comments`, // re-search before creating the checklist
      `POST ${R}/issues/7/comments`,
      `GET ${R}/issues/7/comments`, // converge if another instance created one too
      `PATCH ${R}/check-runs/1000`,
    ]);
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(scope.isDone()).toBe(true);
    expect(sim.calls).toHaveLength(16);

    // The check run: created in progress on the head first, completed last.
    expect(sim.calls[2]?.body).toEqual({ name: 'modelgate', head_sha: head.sha, status: 'in_progress', external_id: `acme/models#7@${head.sha}` });
    expect(sim.calls.at(-1)?.method).toBe('PATCH');
    const [done] = checkPatches();
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: '1 model passes governance checks' } });
    // It names what it judged: the head, the base, how they were merged, and the file list.
    expect(done?.output?.summary).toMatch(new RegExp(`^Judged: head \`${head.sha.slice(0, 12)}\` merged onto base \`${base.sha.slice(0, 12)}\` \\(the head contains the base\\); 1 changed file\\.`));
    expect(done?.output?.summary).toContain(`- \`${CHANGED}\` (modified)`);
    expect(done?.output?.summary).toMatch(/\n## ✅ modelgate: 1 model passes governance checks/);

    // The policy query reads the BASE config by blob id and the org defaults at HEAD of acme/.github.
    const policyQuery = sim.calls.find((c) => c.path === '/graphql')?.body as { variables: Record<string, string> };
    expect(Object.values(policyQuery.variables)).toEqual(
      expect.arrayContaining([blob(base, '.github/modelgate.yml'), blob(base, '.github/modelgate-waivers.yml'), '.github', 'HEAD:.github/modelgate.yml']),
    );
    // The evidence query batches every card, manifest, audit record and small data file.
    const evidenceQuery = sim.calls.filter((c) => c.path === '/graphql')[1]?.body as { query: string };
    expect(evidenceQuery.query.match(/: object\(/g)?.length).toBeGreaterThanOrEqual(10);
    // Dataset files up to 1 MiB are hashed from those batched reads: no blob download.
    expect(sim.calls.find((c) => c.path.includes('/git/blobs/'))).toBeUndefined();

    // One checklist comment, with the hidden marker, written as the App.
    const comments = sim.botComments(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(CHECKLIST_MARKER)).toBe(true);
    expect(comments[0]?.body).toContain(cellCode('models/support-router'));

    expect(comments[0]?.body).toContain(`Judged: head \`${head.sha.slice(0, 12)}\``);
    // The open low-severity finding F-2 of the touched model: shown, not opened (only the default branch opens issues).
    expect(sim.issues).toHaveLength(0);
    expect(comments[0]?.body).toContain('### Remediation issues on merge');
    expect(comments[0]?.body).toContain('- would open an issue for `AUD-2026-014` finding `F-2` (low): No monitoring of agent override rate per language in production');
  });

  it('updates the existing checklist in place on synchronize, and names the issue that already tracks a finding', async () => {
    const probot = await probotWithApp();
    routeAll(sim);
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    const [comment] = sim.botComments(7);
    const tracked = { audit: 'AUD-2026-014', finding: 'F-2', title: 'x', severity: 'low' as const, status: 'open', auditFile: 'audits/2026-09-support-router.yml', models: ['models/support-router'], prs: [] };
    sim.issues.push({ number: 60, title: issueTitle(tracked), body: issueBody(tracked, 'https://github.com/acme/models'), state: 'open', state_reason: null, labels: [FINDING_LABEL], user: { login: BOT, type: 'Bot' } });
    const issue = structuredClone(sim.issues[0]);
    nock.cleanAll();

    const head2 = withFiles(head, { [CHANGED]: '{"hidden_size": 1024}\n' });
    sim.addRevision(head2);
    pr.head = head2;
    sim.calls.length = 0;
    const scope = expectCalls(sim, [
      `GET ${R}/pulls/7`,
      `POST ${R}/check-runs`,
      `GET ${R}/compare/${base.sha}...${head2.sha}`,
      `GET ${R}/git/trees/${base.sha}`,
      `GET ${R}/git/trees/${head2.sha}`,
      `GET ${R}/issues/7/comments`,
      'POST /graphql',
      'POST /graphql',
      `GET ${R}/pulls/7`,
      `GET ${R}/issues`,
      `PATCH ${R}/issues/comments/${comment?.id}`,
      `PATCH ${R}/check-runs/*`,
    ]);
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    expect(scope.pendingMocks()).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(sim.botComments(7)).toHaveLength(1);
    expect(sim.botComments(7)[0]?.body).toContain(head2.sha.slice(0, 12));
    expect(sim.botComments(7)[0]?.body).toContain('- `AUD-2026-014` finding `F-2` (low): No monitoring of agent override rate per language in production: tracked in #60');
    expect(sim.issues).toEqual([issue]);
  });
});

describe('exactly one checklist comment', () => {
  it('a redelivered event (same delivery id) creates no second comment and no second check run', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    const payload = pullRequestEvent(sim, pr, 'opened');
    await receive(probot, 'pull_request', payload, 'delivery-A');
    await receive(probot, 'pull_request', payload, 'delivery-A');
    expect(sim.botComments(7)).toHaveLength(1);
    expect(bodies(sim, 'POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(sim.checkRuns).toHaveLength(1);
    expect(sim.checkRuns.every((c) => c.status === 'completed')).toBe(true);
  });

  it('two deliveries at once are serialised: one comment', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await Promise.all([
      receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'), 'd1'),
      receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'reopened'), 'd2'),
      receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'ready_for_review'), 'd3'),
    ]);
    expect(sim.botComments(7)).toHaveLength(1);
    expect(sim.checkRuns).toHaveLength(3);
  });

  it('ignores a comment with the marker written by someone else, and removes duplicates of its own', async () => {
    routeAll(sim);
    const forged = sim.addComment(7, 'mallory', `${CHECKLIST_MARKER}\nall good, merge it`);
    sim.addComment(7, BOT, `${CHECKLIST_MARKER}\nold`, { type: 'Bot' });
    sim.addComment(7, BOT, `${CHECKLIST_MARKER}\nduplicate from another instance`, { type: 'Bot' });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    const comments = sim.comments.get(7) ?? [];
    expect(comments.find((c) => c.id === forged.id)?.body).toBe(`${CHECKLIST_MARKER}\nall good, merge it`);
    expect(sim.botComments(7)).toHaveLength(1);
    expect(sim.botComments(7)[0]?.body).toContain('modelgate: 1 model passes');
  });

  it('an event for an older head completes its own check run but leaves the checklist and issues to the newer head', async () => {
    routeAll(sim);
    const newer = withFiles(head, { [CHANGED]: '{"newer": true}\n' });
    sim.addRevision(newer);
    const stalePayload = pullRequestEvent(sim, pr, 'synchronize'); // carries `head`
    pr.head = newer; // the PR moved on before the job wrote anything
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', stalePayload);
    expect(sim.checkRuns).toHaveLength(1);
    expect(sim.checkRuns[0]).toMatchObject({ head_sha: head.sha, status: 'completed', conclusion: 'success' });
    expect(sim.calls.filter((c) => c.path.includes('/issues'))).toEqual([expect.objectContaining({ method: 'GET', path: `${R}/issues/7/comments` })]);
    expect(sim.botComments(7)).toHaveLength(0);
  });

  it('finds its comment and the issues past the first page of results', async () => {
    routeAll(sim);
    for (let i = 0; i < 120; i++) sim.addComment(7, `user${i}`, `comment ${i}`);
    const mine = sim.addComment(7, BOT, `${CHECKLIST_MARKER}\nold checklist`, { type: 'Bot' });
    for (let i = 0; i < 120; i++) {
      sim.issues.push({ number: 200 + i, title: `other ${i}`, body: 'not ours', state: 'open', state_reason: null, labels: [FINDING_LABEL], user: { login: 'someone', type: 'User' } });
    }
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    expect(sim.botComments(7).map((c) => c.id)).toEqual([mine.id]);
    expect(sim.issues.filter((i) => i.user.login === BOT)).toEqual([]);
    expect(sim.calls.filter((c) => c.path.endsWith('/issues/7/comments')).map((c) => c.query.page ?? '1')).toEqual(['1', '2', '1', '2']);
    // Listed for the remediation preview on each run, every page.
    expect(sim.calls.filter((c) => c.method === 'GET' && c.path === `${R}/issues`).map((c) => c.query.page ?? '1')).toEqual(['1', '2', '1', '2']);
  });

  it('posts no comment when the PR touches no model and there is none yet', async () => {
    routeAll(sim);
    const docs = withFiles(base, { 'docs/guide.md': '# Guide\n' });
    const other = sim.addPull({ number: 8, state: 'open', base, head: docs, author: 'dana', files: [{ filename: 'docs/guide.md', status: 'added' }] });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, other, 'opened'));
    expect(sim.checkRuns[0]).toMatchObject({ conclusion: 'success', output: { title: 'no model changed' } });
    expect(sim.botComments(8)).toHaveLength(0);
  });
});

describe('fail closed', () => {
  const failed = () => {
    expect(sim.checkRuns).toHaveLength(1);
    const run = sim.checkRuns[0];
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run?.output?.summary).toContain('/modelgate recheck');
    expect(run?.output?.summary).toContain('Re-run');
    return run?.output as { title: string; summary: string };
  };

  it('an API error ends as a failed check run naming the failed call', async () => {
    routeAll(sim);
    sim.failures.push({ match: (c) => c.path.includes('/git/trees/'), status: 502 });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    const out = failed();
    expect(out.title).toMatch(/^modelgate could not evaluate this change: reading the file tree of [0-9a-f]{12} failed \(HTTP 502\)/);
    expect(sim.botComments(7)).toHaveLength(0);
  });

  it('a failed blob download (hashing) fails the run even though the core reports it per file', async () => {
    routeAll(sim);
    // A binary data file cannot come through GraphQL's text: it is downloaded to be hashed.
    pr.head = sim.addRevision(withFiles(head, { 'datasets/support-tickets-2025/data/train.csv': Buffer.from('label,text\n\0binary\n') }));
    sim.failures.push({ match: (c) => c.path.includes('/git/blobs/'), status: 500 });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(failed().title).toMatch(/downloading datasets\/.* failed \(HTTP 500\)/);
  });

  it('a GraphQL error fails the run', async () => {
    routeAll(sim);
    sim.failures.push({ match: (c) => c.path === '/graphql', status: 502 });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(failed().title).toMatch(/through GraphQL failed \(HTTP 502\)/);
  });

  it('a tree too large to list even directory by directory fails the run', async () => {
    routeAll(sim);
    sim.truncateOver = 2; // even the top directory's own entries are truncated
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(failed().summary).toMatch(/GitHub truncated the file tree of [0-9a-f]{12} .*, and the directory \/ alone holds more entries than GitHub lists in one request/);
  });

  it('judges the change from the two trees, whatever GitHub reports as changed_files or lists as files', async () => {
    routeAll(sim);
    // Over GitHub's 3,000-file listing cap, with a count and a file list that say something else:
    // neither is read, the trees of the two commits are complete.
    const many = Object.fromEntries(Array.from({ length: 3001 }, (_, i) => [`docs/page-${i}.md`, `# ${i}\n`]));
    pr.head = sim.addRevision(withFiles(head, many));
    pr.changedFiles = 2;
    pr.files = [];
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(sim.calls.some((c) => c.path.endsWith('/files'))).toBe(false);
    expect(sim.checkRuns[0]).toMatchObject({ conclusion: 'success' });
    expect(sim.checkRuns[0]?.output?.summary).toContain('; 3002 changed files.');
    expect(sim.checkRuns[0]?.output?.summary).toContain('- and 2902 more');
  });

  it('a timeout ends as a failed check run, and the late work writes nothing', async () => {
    routeAll(sim);
    // The tree reads are answered only after the deadline, which passes once they are asked for
    // (not after 600 ms of real time); then the late work goes on with its trees.
    const trees = (c: Call) => c.path.includes('/git/trees/');
    let answerLate: () => void = () => undefined;
    sim.failures.push({ match: trees, until: new Promise((r) => (answerLate = () => r(undefined))), times: 2 });
    const asked = async (cancelled: () => boolean) => {
      while (!cancelled() && !sim.calls.some(trees)) await new Promise((r) => setTimeout(r, 10));
    };
    const probot = await probotWithApp({ timeoutMs: 600, deadlineTimer: expireWhen(asked) });
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(failed().title).toBe('modelgate could not evaluate this change: the evaluation did not finish within 600 ms');
    answerLate();
    // The late work's next requests are refused (its signal is aborted) before they are sent.
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.calls.filter(trees)).toHaveLength(2);
    expect(sim.botComments(7)).toHaveLength(0);
    expect(sim.issues).toHaveLength(0);
    expect(sim.checkRuns[0]?.conclusion).toBe('failure');
  });

  it('a failure while completing with the report still completes the run as a failure', async () => {
    routeAll(sim);
    sim.failures.push({ match: (c) => c.method === 'PATCH' && c.path.includes('/check-runs/'), status: 502 });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(failed().title).toMatch(/updating the check run failed \(HTTP 502\)/);
  });
});

describe('which events gate', () => {
  it('pull_request.edited re-evaluates only when the base branch changed', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'edited', { changes: { title: { from: 'Old title' } } }));
    expect(sim.calls).toHaveLength(0);
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'edited', { changes: { base: { ref: { from: 'develop' }, sha: { from: base.sha } } } }));
    expect(seen(sim)).toContain(`GET ${R}/pulls/7`);
    expect(sim.checkRuns).toHaveLength(1);
  });

  it('closed pull requests are not gated', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'closed'));
    expect(sim.calls).toHaveLength(0);
  });
});
