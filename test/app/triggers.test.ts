// The other triggers: re-runs from the Checks UI, check suites, the merge queue and installations.
import { beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { expectCalls, probotWithApp, R, receive, routeAll, refuseNetwork, simWithPull } from './harness.js';
import { checkRunRerequested, checkSuiteEvent, installationEvent, mergeGroupEvent, pullRequestEvent } from './payloads.js';
import { GitHubSim, withFiles, type Revision, type SimPull } from './sim.js';

let sim: GitHubSim;
let base: Revision;
let head: Revision;
let pr: SimPull;

const CHANGED = 'models/support-router/config.json';

refuseNetwork();
beforeEach(() => ({ sim, base, head, pr } = simWithPull(CHANGED, '{"layers": 6}\n')));

describe('re-runs from the Checks tab', () => {
  it('check_run.rerequested evaluates the re-requested commit with a fresh view of the PR', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'check_run', checkRunRerequested(head.sha, [pr]));
    expect(sim.calls.slice(0, 3).map((c) => `${c.method} ${c.path}`)).toEqual(['POST /app/installations/1/access_tokens', `GET ${R}/pulls/7`, `POST ${R}/check-runs`]);
    expect(sim.checkRuns).toEqual([expect.objectContaining({ head_sha: head.sha, status: 'completed', conclusion: 'success' })]);
    expect(sim.botComments(7)).toHaveLength(1);
  });

  it('check_run.rerequested for another app\'s check run does nothing', async () => {
    const probot = await probotWithApp();
    await receive(probot, 'check_run', checkRunRerequested(head.sha, [pr], 'lint'));
    expect(sim.calls).toHaveLength(0);
  });

  it('a fork PR (no pull_requests in the payload) is found through the commit', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'check_run', checkRunRerequested(head.sha, []));
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toContain(`GET ${R}/commits/${head.sha}/pulls`);
    expect(sim.checkRuns).toHaveLength(1);
  });

  it('check_suite.rerequested ("Re-run all checks") re-runs', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'check_suite', checkSuiteEvent('rerequested', head.sha, [pr]));
    expect(sim.checkRuns).toEqual([expect.objectContaining({ head_sha: head.sha, conclusion: 'success' })]);
  });

  it('check_suite.requested only fills a gap: it skips a commit the App already checked', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    nock.cleanAll();
    sim.calls.length = 0;
    const scope = expectCalls(sim, [`GET ${R}/pulls/7`, `GET ${R}/commits/${head.sha}/check-runs`]);
    await receive(probot, 'check_suite', checkSuiteEvent('requested', head.sha, [pr]));
    expect(scope.isDone()).toBe(true);
    expect(sim.calls[1]?.query).toMatchObject({ check_name: 'modelgate' });
    expect(sim.checkRuns).toHaveLength(1);

    // A commit with no check run yet (a missed delivery) is evaluated.
    nock.cleanAll();
    routeAll(sim);
    sim.checkRuns.length = 0;
    await receive(probot, 'check_suite', checkSuiteEvent('requested', head.sha, [pr]));
    expect(sim.checkRuns).toHaveLength(1);
  });
});

describe('merge queue', () => {
  it('merge_group.checks_requested gates the group commit on what it adds, with its PR\'s comment waivers', async () => {
    const group = withFiles(base, { [CHANGED]: '{"layers": 6}\n', 'models/churn-predictor/notes.txt': 'queued\n' });
    sim.addRevision(group);
    sim.roles.set('rhea', 'write');
    sim.addComment(7, 'rhea', '/modelgate waive models/churn-predictor carbon.estimate evidence-pending until 2027-01-15 -- scheduled');
    const scope = expectCalls(sim, [
      'POST /app/installations/1/access_tokens',
      `POST ${R}/check-runs`,
      `GET ${R}/git/trees/${base.sha}`,
      `GET ${R}/git/trees/${group.sha}`,
      'GET /app',
      `GET ${R}/pulls/7`,
      `GET ${R}/issues/7/comments`,
      `GET ${R}/pulls/7/commits`, // who wrote the change: they may not waive
      `GET ${R}/collaborators/rhea/permission`,
      'POST /graphql',
      'POST /graphql',
      `PATCH ${R}/check-runs/*`,
    ]);
    const probot = await probotWithApp();
    await receive(probot, 'merge_group', mergeGroupEvent(base.sha, group.sha, 7));
    expect(scope.isDone()).toBe(true);
    const run = sim.checkRuns[0];
    expect(run).toMatchObject({ head_sha: group.sha, status: 'completed', conclusion: 'failure' });
    // Both changed models, found by diffing the two trees; no comment and no issue in the queue.
    expect(run?.output?.title).toBe('1 model: audit missing for models/churn-predictor');
    expect(run?.output?.summary).toContain('Waived (evidence-pending) by @\u200brhea');
    expect(run?.output?.summary).toContain('support-router');
  });
});

describe('installation events', () => {
  it('are logged and cause no API call: nothing is stored', async () => {
    const probot = await probotWithApp();
    await receive(probot, 'installation', installationEvent('created'));
    await receive(probot, 'installation', installationEvent('deleted'));
    expect(sim.calls).toHaveLength(0);
  });
});
