import { createHash } from 'node:crypto';
// GitHub faults, as the App meets them. Whatever GitHub does (errors that persist or pass, a blob
// the tree lists but cannot be read, GraphQL errors beside data, requests that hang, writes that
// fail or succeed behind an error, truncated trees, rate limits), every scenario ends with the
// right result or a failing check run whose title and summary say what failed and how to re-run:
// never a success on a fault, never a check run left in progress, never a second checklist comment,
// reply or remediation issue (invariantProblems in test/app/harness.ts).
//
// Two halves. In process (Probot + nock answering from the GitHub simulation, Octokit's retries and
// throttling off): a fault is a fault that persists. As a server process (`node
// build/app-bundle/index.js` against a local node:http GitHub): the production Octokit, so 5xx answers,
// rate limits and lost answers meet the retries the App really runs with (one of them runs the
// same server, app/http.ts, in this process, to fire its deadline on a signal).
// Already covered in test/app/pullRequest.test.ts and not repeated: a 502 on the first tree, a 500
// on a blob download, a 502 on the first GraphQL query, both trees truncated, the 3,000-file cap, a
// short file list, a slow tree past the deadline, a failed completion of the check run.
//
// Comments marked FIXED describe a defect this suite found and the fix that closed it.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import nock from 'nock';
import { exampleRevision, expectFailedClosed, expireAtHang, expireWhen, invariantProblems, probotWithApp, R, receive, routeAll, refuseNetwork, simWithPull } from '../app/harness.js';
import { checkRunRerequested, mergeGroupEvent, pullRequestEvent, pushEvent } from '../app/payloads.js';
import { appEnv, AppProcess, compileApp, deliverTo, FakeGitHub, until } from '../app/process.js';
import { readServerConfig } from '../../app/env.js';
import { startServer, type RunningServer } from '../../app/http.js';
import { issueBody, issueTitle, FINDING_LABEL, type FindingState } from '../../app/findingIssue.js';
import { BOT, gitBlobSha, GitHubSim, HANG, secondaryRateLimit, withFiles, type Call, type Fault, type Reply, type Revision, type SimPull } from '../app/sim.js';
import { CREATE_ATTEMPTS } from '../../adapters/github/createOnce.js';

const CHANGED = 'models/support-router/config.json';
const CARD = 'models/support-router/README.md';
const TRAIN = 'datasets/support-tickets-2025/data/train.csv';
/** Training data GraphQL cannot return as text: the App downloads the blob to hash it. */
const BINARY_TRAIN = Buffer.from('label,text\n\0binary\n');
const TRAIN_SHEET = 'datasets/support-tickets-2025/datasheet.yml';

/** `rev` with binary training data, and the datasheet's hash and size updated to match it. */
function withBinaryTrainingData(rev: Revision): Revision {
  const sheet = (rev.files.get(TRAIN_SHEET) as Buffer).toString('utf8');
  const entry = /(- path: data\/train\.csv\n\s+sha256: ")[0-9a-f]{64}("\n\s+size: )\d+/;
  if (!entry.test(sheet)) throw new Error(`${TRAIN_SHEET} no longer lists data/train.csv as this test expects`);
  const sha = createHash('sha256').update(BINARY_TRAIN).digest('hex');
  return withFiles(rev, { [TRAIN]: BINARY_TRAIN, [TRAIN_SHEET]: sheet.replace(entry, `$1${sha}$2${BINARY_TRAIN.length}`) });
}
const PASSES = '1 model passes governance checks';

const blob = (rev: Revision, path: string) => gitBlobSha(rev.files.get(path) as Buffer);
const variables = (c: Call) => (c.body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
/** The query for the base config, the waivers file and the org defaults (it names acme/.github). */
const policyQuery = (c: Call) => c.path === '/graphql' && Object.values(variables(c)).includes('.github');
/** The query for the head's evidence (cards, manifests, audit records...). */
const evidenceQuery = (c: Call) => c.path === '/graphql' && !policyQuery(c) && !String((c.body as { query?: string }).query).includes('nodes(ids:');

/** GraphQL's answer for one blob of a batched query replaced: `null` (and, if given, an error naming it). */
function withoutBlob(oid: string, error?: object): Fault['edit'] {
  return (normal: Reply, call: Call): Reply => {
    const vars = variables(call);
    const key = Object.keys(vars).find((k) => /^x\d+$/.test(k) && vars[k] === oid);
    if (!key) throw new Error(`the query does not read ${oid}`);
    const alias = `b${key.slice(1)}`;
    const data = structuredClone((normal.body as { data: Record<string, Record<string, unknown>> }).data);
    for (const repo of Object.values(data)) if (repo && alias in repo) repo[alias] = null;
    const errors = error ? [{ ...error, path: ['r0', alias] }] : undefined;
    return { ...normal, body: errors ? { data, errors } : { data } };
  };
}

// ---------------------------------------------------------------------------------------------
// In process: faults that persist (Octokit's retries off).

/** Matches the second GET of `path` (the first one happens before the check run exists). */
function secondRead(path: string): (c: Call) => boolean {
  let seenOnce = false;
  return (c) => {
    if (c.method !== 'GET' || c.path !== path) return false;
    if (seenOnce) return true;
    seenOnce = true;
    return false;
  };
}

describe('in process (retries off: a fault persists)', () => {
  let sim: GitHubSim;
  let base: Revision;
  let head: Revision;
  let pr: SimPull;

  /** Makes the head's training data binary, so hashing it downloads a blob. */
  function useBinaryTrainingData(): void {
    head = sim.addRevision(withBinaryTrainingData(head));
    pr.head = head;
  }

  refuseNetwork();
  beforeEach(() => {
    ({ sim, base, head, pr } = simWithPull(CHANGED, '{"hidden_size": 768}\n'));
    routeAll(sim);
  });

  const opened = async (options: Parameters<typeof probotWithApp>[0] = {}) => {
    const probot = await probotWithApp(options);
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    return probot;
  };
  const wrote = () => sim.calls.filter((c) => (c.method === 'POST' && c.path !== '/graphql' && !c.path.endsWith('/check-runs') && !c.path.includes('/access_tokens')) || (c.method === 'PATCH' && !c.path.includes('/check-runs/')));

  describe('an error on any step fails the check run closed; a re-run after GitHub recovers writes everything once', () => {
    const steps: [string, (c: Call) => boolean, number, RegExp][] = [
      ['the head tree (500)', (c) => c.path === `${R}/git/trees/${head.sha}`, 500, /reading the file tree of [0-9a-f]{12} failed \(HTTP 500\)/],
      ['the evidence GraphQL query (502)', evidenceQuery, 502, /reading \d+ file\(s\) through GraphQL failed \(HTTP 502\)/],
      ['the policy GraphQL query (503)', policyQuery, 503, /reading \d+ file\(s\) through GraphQL failed \(HTTP 503\)/],
      ['the merge base (compare, 500)', (c) => c.path.includes('/compare/'), 500, /comparing [0-9a-f]{12}\.\.\.[0-9a-f]{12} failed \(HTTP 500\)/],
      ['the comment list (502)', (c) => c.method === 'GET' && c.path === `${R}/issues/7/comments`, 502, /listing the comments of #7 failed \(HTTP 502\)/],
      ['the head re-check before writing (502)', secondRead(`${R}/pulls/7`), 502, /reading pull request #7 failed \(HTTP 502\)/],
    ];
    for (const [name, match, status, title] of steps) {
      it(name, async () => {
        sim.failures.push({ match, status });
        const probot = await opened();
        expectFailedClosed(sim.checkRuns[0], title);
        expect(sim.botComments(7)).toHaveLength(0);
        expect(sim.issues).toHaveLength(0);

        await receive(probot, 'check_run', checkRunRerequested(head.sha, [pr]));
        expect(sim.checkRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
        expect(sim.checkRuns[1]?.output?.title).toBe(PASSES);
        expect(sim.botComments(7)).toHaveLength(1);
        expect(sim.issues).toHaveLength(0); // a pull request opens none
        expect(invariantProblems(sim)).toEqual([]);
      });
    }
  });

  describe('a blob the tree lists but GitHub does not return', () => {
    // FIXED (was a defect in app/githubReader.ts): a card whose blob GraphQL answered null was
    // reported as a problem of the card, "card front matter invalid", with the hint "Fix the YAML
    // front matter", and that checklist was posted on the pull request. GitHub contradicting itself
    // is an API failure: the reader now records it when the evaluator reads the file, and the run
    // fails closed naming the file, like a REST download that answers 404.
    it('the card, answered null by GraphQL: fails closed naming the file, and posts no checklist', async () => {
      sim.hiddenBlobs.add(blob(head, CARD));
      await opened();
      expectFailedClosed(sim.checkRuns[0], /reading models\/support-router\/README\.md at [0-9a-f]{12} failed: GitHub lists it in the file tree but did not return its content/);
      expect(sim.checkRuns[0]?.output?.summary).toMatch(/did not return its content \\\(blob [0-9a-f]{40}\\\)/); // Markdown-escaped
      expect(sim.checkRuns[0]?.output?.title).not.toMatch(/front matter/);
      expect(sim.botComments(7)).toHaveLength(0);
      expect(invariantProblems(sim)).toEqual([]);
    });

    it('the card, answered null with a NOT_FOUND error beside the other blobs: the same', async () => {
      sim.failures.push({ match: evidenceQuery, edit: withoutBlob(blob(head, CARD), { type: 'NOT_FOUND', message: `Could not resolve to a Blob with the oid '${blob(head, CARD)}'.` }) });
      await opened();
      expectFailedClosed(sim.checkRuns[0], /reading models\/support-router\/README\.md at [0-9a-f]{12} failed/);
      expect(sim.botComments(7)).toHaveLength(0);
    });

    it('a dataset file GitHub does not return (GraphQL nor the blobs API): fails closed naming the read', async () => {
      useBinaryTrainingData();
      sim.hiddenBlobs.add(blob(head, TRAIN));
      await opened();
      expectFailedClosed(sim.checkRuns[0], /reading datasets\/support-tickets-2025\/data\/train\.csv at [0-9a-f]{12} failed: GitHub lists it in the file tree but did not return its content/);
      expect(sim.issues).toHaveLength(0);
    });

    it('a file only prefetched and never read by the evaluation does not fail the run', async () => {
      // The PR's own changed file is prefetched with the model's text files; no check reads it.
      sim.hiddenBlobs.add(blob(head, CHANGED));
      await opened();
      expect(Object.values(variables(sim.calls.find(evidenceQuery) as Call))).toContain(blob(head, CHANGED));
      expect(sim.checkRuns[0]).toMatchObject({ conclusion: 'success', output: { title: PASSES } });
    });
  });

  describe('GraphQL errors beside data', () => {
    it('an INTERNAL error beside partial data fails closed (a partial answer is not an answer)', async () => {
      sim.failures.push({ match: evidenceQuery, edit: withoutBlob(blob(head, TRAIN.replace('data/train.csv', 'datasheet.yml')), { type: 'INTERNAL', message: 'Something went wrong' }) });
      await opened();
      expectFailedClosed(sim.checkRuns[0], /through GraphQL failed: .*Something went wrong/);
    });

    it('"Something went wrong while executing your query" (which the production Octokit retries) fails closed when it persists', async () => {
      sim.failures.push({ match: evidenceQuery, status: 200, body: { data: null, errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.' }] } });
      await opened();
      expectFailedClosed(sim.checkRuns[0], /through GraphQL failed: .*Something went wrong while executing your query/);
    });

    it('RATE_LIMITED fails closed', async () => {
      sim.failures.push({ match: evidenceQuery, status: 200, body: { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation ID 1.' }] } });
      await opened();
      expectFailedClosed(sim.checkRuns[0], /through GraphQL failed: .*API rate limit exceeded/);
    });

    it("FORBIDDEN for the organisation's .github repository fails closed: the floor is never silently dropped", async () => {
      sim.failures.push({
        match: policyQuery,
        edit: (normal) => {
          const data = { ...(normal.body as { data: Record<string, unknown> }).data, r1: null };
          return { ...normal, body: { data, errors: [{ type: 'FORBIDDEN', path: ['r1'], message: 'Resource not accessible by integration' }] } };
        },
      });
      await opened();
      expectFailedClosed(sim.checkRuns[0], /through GraphQL failed: .*Resource not accessible by integration/);
    });

    it('NOT_FOUND for the organisation\'s .github repository means "no organisation defaults" (documented: not installed there)', async () => {
      // The simulation has no acme/.github: GraphQL answers NOT_FOUND for it, beside the base's files.
      await opened();
      expect(sim.calls.filter(policyQuery)).toHaveLength(1);
      expect(sim.checkRuns[0]?.conclusion).toBe('success');
    });
  });

  describe('requests that hang: the deadline fails the check run, and nothing stays locked or in progress', () => {
    // The deadline passes when the hang is hit (expireAtHang), not after 4 real seconds.
    const TIMEOUT = 4000;

    it('the evidence GraphQL query never answers', async () => {
      sim.failures.push({ match: evidenceQuery, until: HANG });
      await opened({ timeoutMs: TIMEOUT, deadlineTimer: expireAtHang(sim) });
      expectFailedClosed(sim.checkRuns[0], /the evaluation did not finish within 4 seconds/);
      expect(sim.botComments(7)).toHaveLength(0);
      expect(invariantProblems(sim)).toEqual([]);
    });

    it('a blob download never answers', async () => {
      useBinaryTrainingData();
      sim.failures.push({ match: (c) => c.path.includes('/git/blobs/'), until: HANG });
      await opened({ timeoutMs: TIMEOUT, deadlineTimer: expireAtHang(sim) });
      expectFailedClosed(sim.checkRuns[0], /the evaluation did not finish within 4 seconds/);
      expect(sim.issues).toHaveLength(0);
    });

    it('the checklist comment never answers: the check run fails at the deadline, no issue is opened after it', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/issues/7/comments`, until: HANG });
      await opened({ timeoutMs: TIMEOUT, deadlineTimer: expireAtHang(sim) });
      expectFailedClosed(sim.checkRuns[0], /the evaluation did not finish within 4 seconds/);
      expect(sim.calls.some((c) => c.method === 'POST' && c.path === `${R}/issues`)).toBe(false);
      expect(invariantProblems(sim)).toEqual([]);
    });

    // FIXED (was a defect in app/jobs.ts): the deadline started with the evaluation, after the job
    // had read the pull request and created the check run while holding the pull request's lock. A
    // request that hung there (a re-run, which reads the PR first) held the lock for as long as the
    // connection lived, and every later event for the pull request queued behind it. The deadline
    // now covers the whole job.
    it('reading the pull request before the check run exists: the job ends at the deadline and the next event runs', async () => {
      sim.failures.push({ match: (c) => c.method === 'GET' && c.path === `${R}/pulls/7`, until: HANG });
      const probot = await probotWithApp({ timeoutMs: TIMEOUT, deadlineTimer: expireAtHang(sim) });
      await receive(probot, 'check_run', checkRunRerequested(head.sha, [pr]));
      expect(sim.checkRuns).toHaveLength(0); // nothing was created, so nothing is left in progress
      await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
      expect(sim.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
      expect(sim.botComments(7)).toHaveLength(1);
    });

    // FIXED (was a defect in app/github.ts): completing the check run had no time limit (it must
    // outlive the job's deadline), so a PATCH that hung kept the check run in progress for as long
    // as the connection lived. Each check run update now has a time limit of its own; when
    // completing with the report times out, the run is completed as a failure that says so.
    it('completing the check run never answers: a second update completes it as a failure that says why', async () => {
      sim.failures.push({ match: (c) => c.method === 'PATCH' && c.path.includes('/check-runs/'), until: HANG });
      await opened({ timeoutMs: TIMEOUT, writeTimeoutMs: 1000 }); // the write's own time limit, not the deadline
      expectFailedClosed(sim.checkRuns[0], /updating the check run failed: GitHub did not answer within 1 seconds/);
      expect(invariantProblems(sim)).toEqual([]);
    });
  });

  describe('a write fails after the check run was created', () => {
    // The checklist is created through createOnce like every other create (adapters/github): a
    // single 502 is tried again after looking, so the fault must persist for every attempt.
    it('the checklist comment (502 on every attempt): the check run fails closed, is not left in progress, and a re-run writes one comment', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/issues/7/comments`, status: 502, times: CREATE_ATTEMPTS });
      const probot = await opened();
      expectFailedClosed(sim.checkRuns[0], /commenting on #7 failed \(HTTP 502\)/);
      expect(sim.issues).toHaveLength(0);
      await receive(probot, 'check_run', checkRunRerequested(head.sha, [pr]));
      expect(sim.checkRuns[1]).toMatchObject({ conclusion: 'success' });
      expect(sim.botComments(7)).toHaveLength(1);
      expect(invariantProblems(sim)).toEqual([]);
    });

    // FIXED (was a defect in app/checklistComment.ts): the checklist's create was retried like a
    // read, and a comment GitHub wrote but answered 502 for failed the run. It is now adopted.
    it('the checklist comment GitHub wrote but answered 502 is adopted: never a second one, and the re-run updates it', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/issues/7/comments`, status: 502, applied: true });
      const probot = await opened();
      expect(sim.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
      const [ghost] = sim.botComments(7);
      expect(sim.calls.filter((c) => c.method === 'POST' && c.path === `${R}/issues/7/comments`)).toHaveLength(1);
      await receive(probot, 'check_run', checkRunRerequested(head.sha, [pr]));
      expect(sim.botComments(7).map((c) => c.id)).toEqual([ghost?.id]);
      expect(invariantProblems(sim)).toEqual([]);
    });

    // FIXED (was a defect in app/github.ts): creates were retried like reads. An issue (or a check
    // run) that GitHub created although it answered 502 was created again by Octokit's retry: a
    // duplicate remediation issue, or a second check run beside one stuck in progress forever.
    // Creates are no longer retried blindly: after a transient failure the App looks for what the
    // failed attempt may have created (createOnce), adopts it, and only otherwise creates again.
    // Remediation issues are opened on pushes to the default branch (a pull request opens none):
    // the example repository has two open findings, so a push opens two issues.
    const pushed = async () => {
      const probot = await probotWithApp();
      await receive(probot, 'push', pushEvent(base.sha, head.sha));
      return probot;
    };

    it('a remediation issue GitHub opened but answered 502 is found and adopted: one issue per finding', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/issues`, status: 502, applied: true });
      await pushed();
      expect(sim.issues).toHaveLength(2);
      expect(sim.calls.filter((c) => c.method === 'POST' && c.path === `${R}/issues`)).toHaveLength(2);
      expect(invariantProblems(sim, { strict: true })).toEqual([]);
    });

    it('a remediation issue that failed without being opened is opened once more', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/issues`, status: 502 });
      await pushed();
      expect(sim.issues).toHaveLength(2);
      expect(sim.calls.filter((c) => c.method === 'POST' && c.path === `${R}/issues`)).toHaveLength(3);
    });

    it('opening the remediation issue keeps failing: no issue, and a redelivery of the push opens it once', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/issues`, status: 502, times: 3 });
      const probot = await pushed();
      expect(sim.issues).toHaveLength(0);
      await receive(probot, 'push', pushEvent(base.sha, head.sha));
      expect(sim.issues).toHaveLength(2);
      expect(invariantProblems(sim, { strict: true })).toEqual([]);
    });

    it('a check run GitHub created but answered 502 is adopted and completed: one check run, none left in progress', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/check-runs`, status: 502, applied: true });
      await opened();
      expect(sim.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
      expect(invariantProblems(sim, { strict: true })).toEqual([]);
    });

    it('creating the check run keeps failing: no check run at all, so none is left in progress, and nothing else is written', async () => {
      sim.failures.push({ match: (c) => c.method === 'POST' && c.path === `${R}/check-runs`, status: 502, times: 3 });
      await opened();
      expect(sim.checkRuns).toHaveLength(0);
      expect(wrote()).toEqual([]);
    });
  });

  describe('truncated trees', () => {
    // A truncated recursive listing is read again directory by directory (app/largeTree.ts, whose
    // success path test/app/budget.test.ts covers); these trees stay truncated at every level, the
    // commit's own directory included, so no listing can be complete and the App must fail closed.
    const truncate = (sha: string): Fault => ({
      match: (c) => c.path === `${R}/git/trees/${sha}`,
      edit: (normal) => ({ ...normal, body: { ...(normal.body as object), truncated: true } }),
      times: Number.POSITIVE_INFINITY,
    });

    it('only the head tree, even with every entry listed: fails closed, never passes', async () => {
      sim.failures.push(truncate(head.sha));
      await opened();
      expectFailedClosed(sim.checkRuns[0], new RegExp(`GitHub truncated the file tree of ${head.sha.slice(0, 12)}`));
      expect(sim.botComments(7)).toHaveLength(0);
    });

    it('a merge group commit: fails closed', async () => {
      const group = sim.addRevision(withFiles(base, { [CHANGED]: '{"queued": true}\n' }));
      sim.failures.push(truncate(group.sha));
      const probot = await probotWithApp();
      await receive(probot, 'merge_group', mergeGroupEvent(base.sha, group.sha, 7));
      expectFailedClosed(sim.checkRuns[0], /GitHub truncated the file tree/);
    });

    it('a push to the default branch: no remediation issue is closed, changed or opened from a partial listing', async () => {
      const state: FindingState = { audit: 'AUD-2026-014', finding: 'F-9', title: 'Tracked elsewhere', severity: 'medium', status: 'open', auditFile: 'audits/2026-09-support-router.yml', models: ['models/support-router'], prs: [] };
      sim.issues.push({ number: 50, title: issueTitle(state), body: issueBody(state, 'https://github.com/acme/models'), state: 'open', state_reason: null, labels: [FINDING_LABEL, 'severity:medium'], user: { login: BOT, type: 'Bot' } });
      const after = sim.addRevision(withFiles(base, { [CHANGED]: '{"merged": true}\n' }));
      sim.failures.push(truncate(after.sha));
      const probot = await probotWithApp();
      await receive(probot, 'push', pushEvent(base.sha, after.sha));
      expect(sim.issues).toEqual([expect.objectContaining({ number: 50, state: 'open' })]);
      expect(sim.calls.filter((c) => c.method !== 'GET' && c.path !== '/graphql' && !c.path.includes('/access_tokens'))).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The server process: the production Octokit (retries, throttling), over HTTP.

describe('as a server process (the production Octokit: retries and rate limits)', () => {
  const github = new FakeGitHub();
  const app = new AppProcess();
  let number = 100;

  beforeAll(async () => {
    await compileApp();
    await github.start();
    await app.start(github);
  }, 180_000);

  afterAll(async () => {
    await app.stop();
    await github.close();
  });

  beforeEach(() => {
    // The in-process half disables real connections; these tests talk to 127.0.0.1.
    nock.cleanAll();
    nock.enableNetConnect();
  });

  interface Scenario {
    sim: GitHubSim;
    pr: SimPull;
    head: Revision;
  }

  /** A fresh simulation and pull request (a new number each time: the App remembers deliveries). */
  function scenario(): Scenario {
    const sim = github.reset();
    const base = exampleRevision();
    const n = ++number;
    // A binary data file is downloaded to be hashed (GraphQL returns text only): a download to fault.
    const head = withBinaryTrainingData(withFiles(base, { [CHANGED]: `{"scenario": ${n}}\n` }));
    const pr = sim.addPull({ number: n, state: 'open', base, head, author: 'dana', files: [{ filename: CHANGED, status: 'modified' }] });
    return { sim, pr, head };
  }

  /** Delivers `opened` and waits until every check run is completed and the App has finished the delivery. */
  async function run(s: Scenario): Promise<void> {
    const res = await app.deliver('pull_request', pullRequestEvent(s.sim, s.pr, 'opened'));
    expect([200, 202]).toContain(res.status);
    await until('the check run to complete', () => s.sim.checkRuns.length > 0 && s.sim.checkRuns.every((c) => c.status === 'completed'), 90_000, () => app.output);
    await app.idle();
  }

  const count = (s: Scenario, match: (c: Call) => boolean) => s.sim.calls.filter(match).length;
  /**
   * The head's evidence query (it reads the changed file). The head also changes a datasheet outside
   * every model, so diff mode reads that datasheet's base version too (which cards named it,
   * src/reach.ts): a query of its own, not a retry.
   */
  const headEvidence = (s: Scenario) => (c: Call) => evidenceQuery(c) && Object.values(variables(c)).includes(blob(s.head, CHANGED));

  it('a 5xx (or a GraphQL "something went wrong") on each read is retried: the result is the fault-free one', async () => {
    const s = scenario();
    const headTree = (c: Call) => c.path === `${R}/git/trees/${s.head.sha}`;
    const download = (c: Call) => c.path.includes('/git/blobs/');
    const files = (c: Call) => c.path.includes('/compare/');
    s.sim.failures.push(
      { match: headTree, status: 502 },
      { match: files, status: 503 },
      { match: policyQuery, status: 200, body: { data: null, errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout.' }] } },
      { match: evidenceQuery, status: 502 },
      { match: download, status: 500 },
    );
    await run(s);
    expect(s.sim.checkRuns).toEqual([expect.objectContaining({ conclusion: 'success', output: expect.objectContaining({ title: PASSES }) })]);
    expect([count(s, headTree), count(s, files), count(s, policyQuery), count(s, headEvidence(s))]).toEqual([2, 2, 2, 2]);
    expect(count(s, download)).toBe(2); // the binary training data, once faulted and once again
    expect(s.sim.botComments(s.pr.number)).toHaveLength(1);
    expect(s.sim.issues).toHaveLength(0);
    expect(invariantProblems(s.sim, { strict: true })).toEqual([]);
  }, 120_000);

  // FIXED (was a defect in app/http.ts, now app/octokit.ts): Probot's default throttle handler only
  // logs a secondary rate limit and gives up, so one burst failed the whole evaluation, and a
  // secondary limit on completing the check run could leave it in progress. The App now waits the
  // Retry-After GitHub sends (up to 60 s) and retries, twice at most.
  it('a secondary rate limit (403 + Retry-After) on a read, a comment and the completion is waited out and retried', async () => {
    const s = scenario();
    const comment = (c: Call) => c.method === 'POST' && c.path === `${R}/issues/${s.pr.number}/comments`;
    const complete = (c: Call) => c.method === 'PATCH' && c.path.includes('/check-runs/');
    s.sim.failures.push({ match: evidenceQuery, ...secondaryRateLimit(1) }, { match: comment, ...secondaryRateLimit(1) }, { match: complete, ...secondaryRateLimit(1) });
    await run(s);
    expect(s.sim.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    expect([count(s, headEvidence(s)), count(s, comment), count(s, complete)]).toEqual([2, 2, 2]);
    expect(s.sim.botComments(s.pr.number)).toHaveLength(1);
    expect(app.output).toMatch(/Secondary rate limit on POST \S*\/graphql; retrying in 1 s/);
    expect(invariantProblems(s.sim, { strict: true })).toEqual([]);
  }, 120_000);

  it('a secondary rate limit asking for an hour is not waited out: the check run fails closed at once, saying why', async () => {
    const s = scenario();
    s.sim.failures.push({ match: evidenceQuery, ...secondaryRateLimit(3600) });
    await run(s);
    expectFailedClosed(s.sim.checkRuns[0], /through GraphQL failed \(HTTP 403\): You have exceeded a secondary rate limit/);
    expect(s.sim.botComments(s.pr.number)).toHaveLength(0);
  }, 120_000);

  it('the primary rate limit (x-ratelimit-remaining: 0) is waited out until its reset', async () => {
    const s = scenario();
    const headTree = (c: Call) => c.path === `${R}/git/trees/${s.head.sha}`;
    s.sim.failures.push({
      match: headTree,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
    await run(s);
    expect(s.sim.checkRuns).toEqual([expect.objectContaining({ conclusion: 'success' })]);
    expect(count(s, headTree)).toBe(2);
  }, 120_000);

  it('writes GitHub performed but answered 502 (check run, checklist, issue) leave exactly one of each', async () => {
    const s = scenario();
    const ghost = (match: (c: Call) => boolean): Fault => ({ match, status: 502, applied: true });
    s.sim.failures.push(
      ghost((c) => c.method === 'POST' && c.path === `${R}/check-runs`),
      ghost((c) => c.method === 'POST' && c.path === `${R}/issues/${s.pr.number}/comments`),
      ghost((c) => c.method === 'POST' && c.path === `${R}/issues`),
    );
    await run(s);
    expect(s.sim.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    expect(s.sim.botComments(s.pr.number)).toHaveLength(1);
    // The issue comes from the default branch once the change is merged.
    const res = await app.deliver('push', pushEvent(s.pr.base.sha, s.head.sha));
    expect([200, 202]).toContain(res.status);
    await until('the remediation issues', () => s.sim.issues.length > 1, 60_000, () => app.output);
    await app.idle();
    expect(s.sim.issues).toHaveLength(2); // the example repository's two open findings
    expect(invariantProblems(s.sim, { strict: true })).toEqual([]);
  }, 120_000);

  // The server of `npm run app` (app/http.ts: the same configuration from the environment, the
  // production Octokit, real HTTP), started in this process so that its first job's deadline passes
  // on a signal: once the stalled download's answer has started (the App has its headers), not
  // after 15 real seconds. 15 s is long enough for the next event's normal run.
  describe('with MODELGATE_TIMEOUT_SECONDS=15 (the server in this process: the deadline passes when the body stalls)', () => {
    let server: RunningServer;
    let port = 0;
    let answerStarted: () => void = () => undefined;
    const stalled = new Promise<void>((r) => (answerStarted = r));
    beforeAll(async () => {
      // The App's Octokit fetches through the global fetch: note when a blob download's answer starts.
      const fetchAnswer = globalThis.fetch;
      vi.stubGlobal('fetch', async (...args: Parameters<typeof fetch>) => {
        const res = await fetchAnswer(...args);
        if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/git/blobs/')) answerStarted();
        return res;
      });
      const read = readServerConfig(appEnv(github, { MODELGATE_TIMEOUT_SECONDS: '15', LOG_LEVEL: 'fatal' }));
      if ('errors' in read) throw new Error(read.errors.join('\n'));
      server = await startServer(read.config, { deadlineTimer: expireWhen(() => stalled) });
      port = (server.server.address() as AddressInfo).port;
    }, 60_000);
    afterAll(async () => {
      await server.shutdown();
      vi.unstubAllGlobals();
    });

    it('a blob download whose body stalls halfway: the deadline fails the check run, and the next event for the PR runs', async () => {
      const s = scenario();
      const download = (c: Call) => c.path.includes('/git/blobs/');
      s.sim.failures.push({ match: download, until: HANG, stallAfter: 100 });
      await deliverTo(port, 'pull_request', pullRequestEvent(s.sim, s.pr, 'opened'));
      await until('the check run to fail', () => s.sim.checkRuns.some((c) => c.status === 'completed'), 60_000);
      expectFailedClosed(s.sim.checkRuns[0], /the evaluation did not finish within 15 seconds/);
      expect(s.sim.botComments(s.pr.number)).toHaveLength(0);

      s.pr.updatedAt = '2026-11-28T11:30:00Z';
      await deliverTo(port, 'pull_request', pullRequestEvent(s.sim, s.pr, 'synchronize'));
      await until('the second check run to complete', () => s.sim.checkRuns.length === 2 && s.sim.checkRuns.every((c) => c.status === 'completed'), 60_000);
      expect(s.sim.checkRuns[1]).toMatchObject({ conclusion: 'success' });
      expect(await server.shutdown()).toBe(true); // every job finished: no more calls for these deliveries
      expect(s.sim.botComments(s.pr.number)).toHaveLength(1);
      expect(invariantProblems(s.sim)).toEqual([]);
    }, 120_000);
  });

  it('a 502 that outlasts the retries fails the check run closed, naming the call', async () => {
    const s = scenario();
    s.sim.failures.push({ match: evidenceQuery, status: 502, times: 10 });
    await run(s);
    expectFailedClosed(s.sim.checkRuns[0], /through GraphQL failed \(HTTP 502\)/);
    expect(count(s, evidenceQuery)).toBe(4); // the request and Octokit's three retries
    expect(s.sim.botComments(s.pr.number)).toHaveLength(0);
    expect(invariantProblems(s.sim)).toEqual([]);
  }, 120_000);
});
