// Which policy judges a pull request in the App: the base branch's file (never the PR's), the org
// defaults from the org's `.github` repository, `_extends`, and the org floor.
import { beforeEach, describe, expect, it } from 'vitest';
import { exampleRevision, probotWithApp, receive, refuseNetwork, routedSim } from './harness.js';
import { pullRequestEvent } from './payloads.js';
import { GitHubSim, revision, withFiles, type Revision, type SimPull } from './sim.js';

const CONFIG = '.github/modelgate.yml';
const CHANGED = 'models/support-router/config.json';

let sim: GitHubSim;

refuseNetwork();
beforeEach(() => (sim = routedSim()));

function pullOn(base: Revision, changes: Record<string, string | null>, files = Object.keys(changes)): SimPull {
  const head = withFiles(base, { [CHANGED]: '{"v": 3}\n', ...changes });
  return sim.addPull({ number: 7, state: 'open', base, head, author: 'dana', files: [CHANGED, ...files].map((filename) => ({ filename, status: 'modified' })) });
}

async function gate(pr: SimPull) {
  const probot = await probotWithApp();
  await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
  const run = sim.checkRuns.at(-1);
  return { conclusion: run?.conclusion, title: run?.output?.title ?? '', summary: run?.output?.summary ?? '' };
}

const graphqlVariables = () => sim.calls.filter((c) => c.path === '/graphql').map((c) => Object.values((c.body as { variables: Record<string, string> }).variables));

describe('the base branch judges', () => {
  it('a PR that loosens the policy file is judged by the base policy, and its effect is previewed', async () => {
    const base = exampleRevision({ [CONFIG]: 'extends: baseline\nchecks:\n  audit.fresh: { level: error, max_age_days: 30 }\n' });
    const pr = pullOn(base, { [CONFIG]: 'extends: baseline\nchecks:\n  audit: off\n' });
    const r = await gate(pr);
    expect(r.conclusion).toBe('failure');
    expect(r.title).toBe('1 model: no recent audit for models/support-router');
    expect(r.summary).toContain('is **not** applied: the base branch\'s policy judged this change');
    // The proposed config is read in the same GraphQL query as the base config.
    expect(graphqlVariables()).toHaveLength(2);
    // owner, name, base config, waivers, proposed config of acme/models; owner, name, HEAD:path of acme/.github
    expect(graphqlVariables()[0]).toHaveLength(8);
  });
});

describe('organisation defaults', () => {
  it('apply when the repository has no config', async () => {
    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: 'extends: baseline\nchecks:\n  audit.fresh: { level: error, max_age_days: 30 }\n' }));
    const r = await gate(pullOn(exampleRevision({ [CONFIG]: null }), {}));
    expect(r.summary).toContain('Policy: org defaults acme/.github:.github/modelgate.yml');
    expect(r.title).toBe('1 model: no recent audit for models/support-router');
  });

  it('are a floor: a repository config that loosens them fails policy.valid', async () => {
    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: 'extends: baseline\nchecks:\n  audit.fresh: { level: error, max_age_days: 90 }\n' }));
    const base = exampleRevision({ [CONFIG]: 'extends: baseline\nchecks:\n  audit.fresh: { max_age_days: 400 }\n  carbon.estimate: warn\n' });
    const r = await gate(pullOn(base, {}));
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(/^the modelgate configuration is invalid \(2 errors\): \.github\/modelgate\.yml: checks\.audit\.fresh\.max_age_days is 400 days; the organisation allows at most 90 days/);
    expect(r.summary).toContain('checks.carbon.estimate is "warn"; the organisation requires at least "error"');
  });

  it('a repository may tighten them', async () => {
    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: 'extends: baseline\n' }));
    const base = exampleRevision({ [CONFIG]: 'extends: strict\n' });
    const r = await gate(pullOn(base, {}));
    expect(r.summary).not.toContain('Configuration errors');
  });

  it('honours _extends, merging mappings and replacing lists', async () => {
    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: 'extends: baseline\nmodels:\n  ignore: ["**/fixtures/**", "**/node_modules/**"]\nchecks:\n  audit.fresh: { level: error, max_age_days: 30 }\n' }));
    const base = exampleRevision({ [CONFIG]: '_extends: .github\nchecks:\n  carbon.budget: { level: warn, max_kg: 100 }\n' });
    const r = await gate(pullOn(base, {}));
    expect(r.summary).toContain('extending acme/.github:.github/modelgate.yml');
    expect(r.title).toBe('1 model: no recent audit for models/support-router'); // from the extended file
    expect(r.summary).not.toContain('Configuration errors');
  });

  it('an _extends the App cannot read, or a cycle, is a configuration error, never a silent default', async () => {
    const missing = await gate(pullOn(exampleRevision({ [CONFIG]: '_extends: acme/policies:base.yml\n' }), {}));
    expect(missing.conclusion).toBe('failure');
    expect(missing.summary).toContain('\\_extends: acme/policies:base.yml does not exist, or the App is not installed on acme/policies');

    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: '_extends: shared\n' }));
    sim.otherRepos.set('acme/shared', revision({ [CONFIG]: '_extends: .github\n' }));
    const cycle = await gate(pullOn(exampleRevision({ [CONFIG]: null }), {}));
    expect(cycle.conclusion).toBe('failure');
    expect(cycle.summary).toMatch(/extends itself/);
  });

  it('a broken org file fails closed', async () => {
    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: 'checks:\n  audit.fresh: sometimes\n' }));
    const r = await gate(pullOn(exampleRevision(), {}));
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toContain('organisation defaults:');
  });
});
