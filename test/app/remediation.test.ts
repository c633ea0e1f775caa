// Remediation issues: created per open finding, deduplicated by audit id + finding id, updated
// when the finding changes, closed when it is remediated or accepted on the default branch.
import { beforeEach, describe, expect, it } from 'vitest';
import { FINDING_LABEL, issueBody, issueTitle, stateOf, type FindingState } from '../../app/findingIssue.js';
import { API, expectCalls, exampleRevision, probotWithApp, R, receive, routeAll, seen, refuseNetwork } from './harness.js';
import { pullRequestEvent, pushEvent } from './payloads.js';
import { BOT, GitHubSim, withFiles, type Revision, type SimIssue } from './sim.js';

const REPO_URL = 'https://github.com/acme/models';
const ROUTER_AUDIT = 'audits/2026-09-support-router.yml';
const DOC_AUDIT = 'audits/2026-06-doc-classifier.yml';

let sim: GitHubSim;
let before: Revision;

refuseNetwork();
beforeEach(() => {
  sim = new GitHubSim(API);
  before = exampleRevision();
  sim.addRevision(before);
});

function state(audit: string, finding: string, extra: Partial<FindingState> = {}): FindingState {
  return { audit, finding, title: `Finding ${finding}`, severity: 'medium', status: 'open', auditFile: ROUTER_AUDIT, models: ['models/support-router'], prs: [], ...extra };
}

function existing(s: FindingState, opts: Partial<SimIssue> = {}): SimIssue {
  const issue: SimIssue = {
    number: 50 + sim.issues.length,
    title: issueTitle(s),
    body: issueBody(s, REPO_URL),
    state: 'open',
    state_reason: null,
    labels: [FINDING_LABEL, `severity:${s.severity}`],
    user: { login: BOT, type: 'Bot' },
    ...opts,
  };
  sim.issues.push(issue);
  return issue;
}

const issueOf = (audit: string, finding: string) => sim.issues.filter((i) => i.user.login === BOT && stateOf(i.body)?.audit === audit && stateOf(i.body)?.finding === finding);

describe('push to the default branch', () => {
  it('opens, updates and closes issues to match every finding, with exactly these calls', async () => {
    const f2 = existing(state('AUD-2026-014', 'F-2', { severity: 'medium', title: 'Old wording', prs: [7] })); // changed since
    const f1 = existing(state('AUD-2026-014', 'F-1')); // now remediated
    const f3 = existing(state('AUD-2026-014', 'F-3', { severity: 'high' })); // now accepted
    const gone = existing(state('AUD-2026-014', 'F-9')); // no longer listed in a readable audit
    const other = existing(state('AUD-1999-001', 'F-1', { auditFile: 'audits/old.yml' })); // its audit was not read: left alone
    const forged = existing(state('AUD-2026-007', 'F-1'), { user: { login: 'mallory', type: 'User' } }); // not the App's: ignored
    const after = withFiles(before, { 'models/support-router/config.json': '{"v": 2}\n' });
    sim.addRevision(after);

    const scope = expectCalls(sim, [
      'POST /app/installations/1/access_tokens',
      `GET ${R}/git/trees/${after.sha}`, // one tree: base and head are the same commit
      'POST /graphql',
      'POST /graphql',
      'GET /app',
      `GET ${R}/issues`,
      `PATCH ${R}/issues/${f2.number}`,
      `POST ${R}/issues/${f1.number}/comments`,
      `PATCH ${R}/issues/${f1.number}`,
      `POST ${R}/issues/${f3.number}/comments`,
      `PATCH ${R}/issues/${f3.number}`,
      `POST ${R}/issues`,
      `POST ${R}/issues/${gone.number}/comments`,
      `PATCH ${R}/issues/${gone.number}`,
      `GET ${R}/issues`, // converge if another instance opened the same issue
    ]);
    const probot = await probotWithApp();
    await receive(probot, 'push', pushEvent(before.sha, after.sha));
    expect(scope.pendingMocks()).toEqual([]);
    // Hashes are not needed for findings: no blob was downloaded.
    expect(seen(sim).some((c) => c.includes('/git/blobs/'))).toBe(false);

    expect(sim.calls.find((c) => c.method === 'GET' && c.path === `${R}/issues`)?.query).toMatchObject({ labels: FINDING_LABEL, state: 'all', per_page: '100' });
    expect(f2).toMatchObject({ state: 'open', labels: [FINDING_LABEL, 'severity:low'] });
    expect(f2.title).toBe('modelgate: low audit finding F-2 (AUD-2026-014): No monitoring of agent override rate per language in production');
    expect(stateOf(f2.body)?.prs).toEqual([7]); // the link to the PR survives the update
    expect(f1).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(f3).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(gone).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(other.state).toBe('open');
    expect(forged.state).toBe('open');
    expect(sim.comments.get(f1.number)?.[0]?.body).toMatch(/^Finding `F-1` is now \*\*remediated\*\* in `audits\/2026-09-support-router.yml` at `[0-9a-f]{12}` on the default branch; closing\.$/);
    expect(sim.comments.get(f3.number)?.[0]?.body).toContain('is now **accepted**');
    const created = issueOf('AUD-2026-007', 'F-1').filter((i) => i !== forged);
    expect(created).toHaveLength(1);
    expect(created[0]?.labels).toEqual([FINDING_LABEL, 'severity:low']);
    expect(created[0]?.body).toContain(`(${REPO_URL}/tree/HEAD/models/doc-classifier)`);
  });

  it('reopens the issue when a finding is open again, and does nothing when nothing changed', async () => {
    routeAll(sim);
    const probot = await probotWithApp();
    const after = withFiles(before, { [ROUTER_AUDIT]: (before.files.get(ROUTER_AUDIT) as Buffer).toString().replace('status: remediated', 'status: open\n    due: 2027-04-01') });
    sim.addRevision(after);
    const f1 = existing(state('AUD-2026-014', 'F-1', { status: 'remediated' }), { state: 'closed', state_reason: 'completed' });
    await receive(probot, 'push', pushEvent(before.sha, after.sha));
    expect(f1).toMatchObject({ state: 'open', state_reason: 'reopened' });
    expect(sim.comments.get(f1.number)?.[0]?.body).toMatch(/^Finding `F-1` is open again in/);
    expect(stateOf(f1.body)).toMatchObject({ status: 'open', due: '2027-04-01' });

    const writes = () => sim.calls.filter((c) => c.method !== 'GET' && c.path !== '/graphql').length;
    const count = writes();
    await receive(probot, 'push', pushEvent(after.sha, after.sha));
    expect(writes()).toBe(count); // reads only (the token is cached)
    expect(sim.issues.filter((i) => i.user.login === BOT)).toHaveLength(3);
  });

  it('closes a duplicate that a concurrent instance opened, keeping the oldest', async () => {
    routeAll(sim);
    const keep = existing(state('AUD-2026-007', 'F-1', { severity: 'low', title: 'Category set has no fallback label for topics unseen in training', auditFile: DOC_AUDIT, models: ['models/doc-classifier'], owner: '@acme/knowledge-base', due: '2027-02-01' }));
    const dup = existing(stateOf(keep.body) as FindingState);
    const probot = await probotWithApp();
    await receive(probot, 'push', pushEvent(before.sha, before.sha));
    expect(keep.state).toBe('open');
    expect(dup).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(sim.comments.get(dup.number)?.[0]?.body).toBe(`Duplicate of #${keep.number} (opened concurrently by another modelgate instance); closing.`);
  });

  it('ignores pushes to other branches, branch deletions and repositories without issues', async () => {
    const probot = await probotWithApp();
    await receive(probot, 'push', pushEvent(before.sha, before.sha, 'refs/heads/feature'));
    await receive(probot, 'push', { ...pushEvent(before.sha, '0000000000000000000000000000000000000000'), deleted: true });
    const noIssues = pushEvent(before.sha, before.sha) as { repository: object };
    await receive(probot, 'push', { ...noIssues, repository: { ...noIssues.repository, has_issues: false } });
    expect(sim.calls).toHaveLength(0);
  });
});

describe('on a pull request: nothing is written, the checklist shows what merging would do', () => {
  it('leaves an existing issue alone, and names it', async () => {
    routeAll(sim);
    const closed = existing(state('AUD-2026-014', 'F-2', { status: 'remediated', prs: [3] }), { state: 'closed', state_reason: 'completed' });
    const body = closed.body;
    const head = withFiles(before, { 'models/support-router/config.json': '{}\n' });
    const pr = sim.addPull({ number: 9, state: 'open', base: before, head, author: 'dana', files: [{ filename: 'models/support-router/config.json', status: 'modified' }] });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    expect(closed).toMatchObject({ state: 'closed', body });
    expect(sim.issues).toHaveLength(1);
    expect(sim.calls.filter((c) => c.path.startsWith(`${R}/issues`) && c.method !== 'GET' && !c.path.startsWith(`${R}/issues/9/`))).toEqual([]);
    const checklist = sim.botComments(9)[0]?.body ?? '';
    expect(checklist).toContain(`- would reopen #${closed.number} for \`AUD-2026-014\` finding \`F-2\` (low)`);
  });

  it(`opens none, however many findings its audit record lists, and shows at most 20, escaped`, async () => {
    routeAll(sim);
    const findings = Array.from({ length: 25 }, (_, i) =>
      [
        `  - id: X-${i}`,
        `    title: "@everyone <img src=x onerror=alert(1)> [click](https://evil.example) | ${i}"`,
        '    severity: critical',
        '    status: open',
        '    owner: "@acme/secret-team"',
      ].join('\n'),
    ).join('\n');
    const audit = (before.files.get(ROUTER_AUDIT) as Buffer).toString().replace(/findings:[\s\S]*$/, `findings:\n${findings}\n`);
    const head = withFiles(before, { [ROUTER_AUDIT]: audit });
    const pr = sim.addPull({ number: 9, state: 'open', base: before, head, author: 'dana', files: [{ filename: ROUTER_AUDIT, status: 'modified' }] });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    expect(sim.issues).toHaveLength(0);
    expect(sim.calls.filter((c) => c.method === 'POST' && c.path === `${R}/issues`)).toEqual([]);
    const checklist = sim.botComments(9)[0]?.body ?? '';
    const preview = checklist.slice(checklist.indexOf('### Remediation issues on merge'));
    expect(preview.match(/^- would open an issue for /gm)).toHaveLength(20);
    expect(preview).toContain('- and 5 more open finding(s)');
    expect(preview).not.toMatch(/@everyone|(?<!\\)<img|\]\(https:\/\/evil/);
  });
});
