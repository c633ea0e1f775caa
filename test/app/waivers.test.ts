// `/modelgate` commands end to end: who may waive, what the reply says, how the waiver shows in the
// check run and checklist, and that waivers are re-read from comments on every evaluation.
import { beforeEach, describe, expect, it } from 'vitest';
import { bodies, expectCalls, probotWithApp, R, receive, routeAll, seen, type CheckRunBody, refuseNetwork, simWithPull } from './harness.js';
import { issueCommentEvent, pullRequestEvent } from './payloads.js';
import { cellCode, md } from '../../src/report/escape.js';
import { BOT, GitHubSim, type Revision, type SimPull } from './sim.js';

let sim: GitHubSim;
let base: Revision;
let head: Revision;
let pr: SimPull;

const MODEL = 'models/churn-predictor';
const WAIVE = `/modelgate waive ${MODEL} carbon.estimate evidence-pending until 2027-01-15 -- CodeCarbon run is scheduled for the retraining`;

refuseNetwork();
beforeEach(() => {
  ({ sim, base, head, pr } = simWithPull(`${MODEL}/notes.txt`, 'retrained\n', 'added'));
  sim.roles.set('rhea', 'write');
  sim.roles.set('tom', 'triage');
});

const lastCheck = () => sim.checkRuns.at(-1);
const replies = () => sim.botComments(7).filter((c) => c.body.startsWith('modelgate, in reply to'));
const checklist = () => sim.botComments(7).find((c) => c.body.startsWith('<!-- modelgate:checklist -->'));
const GATE_CALLS = (permission: string[]) => [
  `POST ${R}/check-runs`,
  `GET ${R}/compare/${base.sha}...${head.sha}`,
  `GET ${R}/git/trees/${base.sha}`,
  `GET ${R}/git/trees/${head.sha}`,
  `GET ${R}/issues/7/comments`,
  `GET ${R}/pulls/7/commits`, // who wrote the change: they may not waive
  ...permission,
  'POST /graphql',
  'POST /graphql',
  `GET ${R}/pulls/7`,
];
/** Who wrote the change, for the reply: the comments (recorded pushers), the App's login, the commits. */
const AUTHORS_CALLS = [`GET ${R}/issues/7/comments`, 'GET /app', `GET ${R}/pulls/7/commits`];

describe('/modelgate waive', () => {
  it('from a reviewer with write access: verified, applied, shown, and answered', async () => {
    const c = sim.addComment(7, 'rhea', WAIVE);
    const scope = expectCalls(sim, [
      'POST /app/installations/1/access_tokens',
      `GET ${R}/pulls/7`,
      ...AUTHORS_CALLS,
      `GET ${R}/collaborators/rhea/permission`, // may rhea grant?
      ...GATE_CALLS([`GET ${R}/collaborators/rhea/permission`]), // stateless: the evaluation re-reads comments and re-checks
      `GET ${R}/issues/7/comments`,
      `POST ${R}/issues/7/comments`, // the checklist
      `GET ${R}/issues/7/comments`,
      `PATCH ${R}/check-runs/*`,
      `POST ${R}/issues/7/comments`, // the reply
    ]);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(scope.pendingMocks()).toEqual([]);
    expect(scope.isDone()).toBe(true);

    const run = lastCheck();
    expect(run?.conclusion).toBe('failure'); // audit.reference still fails; carbon.estimate is waived
    expect(run?.output?.summary).toContain('Waived (evidence-pending) by @\u200brhea until 2027\\-01\\-15: CodeCarbon run is scheduled for the retraining');
    const annotations = run?.annotations as { path: string; annotation_level: string; title: string; message: string }[];
    expect(annotations).toContainEqual(
      expect.objectContaining({ annotation_level: 'notice', title: `carbon.estimate (error): ${MODEL}`, message: expect.stringMatching(/Waived \(evidence-pending\) by @rhea until 2027-01-15/) }),
    );
    expect(checklist()?.body).toContain(`| ${cellCode(MODEL)} | carbon.estimate | evidence-pending | ${md('@rhea')} | ${md('2027-01-15')} | active |`);
    const [reply] = replies();
    expect(reply?.body).toBe(
      [
        `modelgate, in reply to [this comment](${c.html_url}):`,
        '',
        `- ✅ Waiver accepted: ${cellCode('carbon.estimate')} on ${cellCode(MODEL)} (evidence-pending) until 2027\\-01\\-15, granted by @\u200brhea: CodeCarbon run is scheduled for the retraining. It now applies to the failing check.`,
      ].join('\n'),
    );
  });

  it('from the PR author: refused without a permission lookup, and nothing re-runs', async () => {
    const c = sim.addComment(7, 'dana', WAIVE, { association: 'CONTRIBUTOR' });
    const scope = expectCalls(sim, ['POST /app/installations/1/access_tokens', `GET ${R}/pulls/7`, ...AUTHORS_CALLS, `POST ${R}/issues/7/comments`]);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(scope.isDone()).toBe(true);
    expect(replies()[0]?.body).toContain(`❌ Waiver not accepted: ${cellCode(WAIVE)}: the author of a pull request cannot waive its checks; ask a reviewer with write access`);
    expect(sim.checkRuns).toHaveLength(0);
  });

  it('from a user without write access: refused after the permission lookup', async () => {
    const c = sim.addComment(7, 'tom', WAIVE);
    const scope = expectCalls(sim, ['POST /app/installations/1/access_tokens', `GET ${R}/pulls/7`, ...AUTHORS_CALLS, `GET ${R}/collaborators/tom/permission`, `POST ${R}/issues/7/comments`]);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(scope.isDone()).toBe(true);
    expect(replies()[0]?.body).toContain('granting a waiver needs write access to the repository; tom has the triage role');
    expect(sim.checkRuns).toHaveLength(0);
  });

  it('longer than 90 days, or malformed: refused with the reason', async () => {
    const c = sim.addComment(7, 'rhea', [`/modelgate waive ${MODEL} carbon.estimate evidence-pending until 2027-06-01 -- later`, '/modelgate waive it please'].join('\n'));
    const scope = expectCalls(sim, ['POST /app/installations/1/access_tokens', `GET ${R}/pulls/7`, ...AUTHORS_CALLS, `GET ${R}/collaborators/rhea/permission`, `POST ${R}/issues/7/comments`]);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(scope.isDone()).toBe(true);
    const body = replies()[0]?.body ?? '';
    expect(body).toContain('expires is 185 days after granted; waivers last at most 90 days');
    expect(body).toContain(`- ❔ Not understood: ${cellCode('/modelgate waive it please')}: ${md('a waiver needs a model, a check, a reason, "until" and a date')}`);
    expect(body).toContain('Commands: `/modelgate recheck` · `/modelgate waive <model> <check> <reason> until <YYYY-MM-DD> -- <note>`');
  });

  it('escapes every user string in the reply: no mention, no HTML, no link', async () => {
    const c = sim.addComment(7, 'rhea', `/modelgate waive ${MODEL} carbon.estimate evidence-pending until 2027-01-15 -- ok @everyone <img src=x onerror=alert(1)> [click](https://evil.example) | --> ***`);
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    // Outside code spans (where GitHub renders nothing and notifies no one) the text must be inert.
    const outsideCode = (text: string) => text.replace(/(`+)[^`]*?\1/g, '');
    const body = replies()[0]?.body ?? '';
    expect(body).toContain('@\u200beveryone');
    for (const text of [body, lastCheck()?.output?.summary ?? '', (checklist()?.body ?? '').replace(/^<!-- modelgate:checklist -->\n<!-- modelgate:pushers [^\n]* -->/, '')]) {
      // "\<" is Markdown for a literal "<": only an unescaped one could open a tag.
      expect(outsideCode(text)).not.toMatch(/@everyone|(?<!\\)<img|\]\(https:\/\/evil|(?<!\\)-->/);
    }
  });
});

describe('waivers are re-read from comments on every evaluation', () => {
  it('only comments by authorised users count', async () => {
    sim.addComment(7, 'dana', WAIVE, { association: 'CONTRIBUTOR' });
    sim.addComment(7, 'tom', WAIVE);
    sim.addComment(7, 'renovate[bot]', WAIVE, { type: 'Bot' });
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    expect(lastCheck()?.output?.summary).toMatch(/❌ \*\*carbon\.estimate\*\* \(error\)/);
    expect(checklist()?.body).not.toContain('| carbon.estimate | evidence-pending |');
    // Lookups for the two people; none for the bot.
    expect(seen(sim).filter((c) => c.includes('/permission'))).toEqual([`GET ${R}/collaborators/tom/permission`]);
  });

  it('an expired waiver fails again, and is listed as expired', async () => {
    sim.addComment(7, 'rhea', `/modelgate waive ${MODEL} carbon.estimate evidence-pending until 2026-10-15 -- was pending`, { createdAt: '2026-08-01T09:00:00Z' });
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    expect(lastCheck()?.output?.summary).toMatch(/❌ \*\*carbon\.estimate\*\* \(error\)/);
    expect(checklist()?.body).toContain(`| ${cellCode(MODEL)} | carbon.estimate | evidence-pending | ${md('@rhea')} | ${md('2026-10-15')} | expired |`);
  });

  it('deleting the waiver comment re-evaluates without it', async () => {
    const c = sim.addComment(7, 'rhea', WAIVE);
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(lastCheck()?.output?.summary).toContain('Waived (evidence-pending) by @\u200brhea');
    sim.comments.set(
      7,
      (sim.comments.get(7) ?? []).filter((k) => k.id !== c.id),
    );
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'deleted'));
    expect(sim.checkRuns).toHaveLength(2);
    expect(lastCheck()?.output?.summary).not.toContain('by @\u200brhea');
    expect(replies()).toHaveLength(1); // no reply to a deletion
  });

  it('editing a comment re-evaluates only when a waiver is involved', async () => {
    const c = sim.addComment(7, 'rhea', 'LGTM');
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'edited', { changes: { body: { from: 'LGTM!' } } }));
    expect(sim.calls).toHaveLength(0);
    sim.editComment(c.id, WAIVE, 'rhea');
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'edited', { changes: { body: { from: 'LGTM' } } }));
    expect(lastCheck()?.output?.summary).toContain('Waived (evidence-pending) by @\u200brhea');
  });
});

describe('/modelgate recheck', () => {
  it('from a member re-runs the gate on the PR head', async () => {
    const c = sim.addComment(7, 'rhea', '/modelgate recheck', { association: 'MEMBER' });
    routeAll(sim);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(sim.checkRuns).toEqual([expect.objectContaining({ head_sha: head.sha, status: 'completed', conclusion: 'failure' })]);
    expect(replies()).toHaveLength(0);
  });

  it('from the PR author re-runs; from a drive-by commenter does nothing', async () => {
    const stranger = sim.addComment(7, 'zed', '/modelgate recheck', { association: 'NONE' });
    const scope = expectCalls(sim, ['POST /app/installations/1/access_tokens', `GET ${R}/pulls/7`]);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, stranger, 'created'));
    expect(scope.isDone()).toBe(true);
    expect(sim.checkRuns).toHaveLength(0);
    routeAll(sim);
    const author = sim.addComment(7, 'dana', '/modelgate recheck', { association: 'CONTRIBUTOR' });
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, author, 'created'));
    expect(sim.checkRuns).toHaveLength(1);
  });

  it('comments on issues, comments by bots and comments without a command cause no API call', async () => {
    const probot = await probotWithApp();
    const bot = sim.addComment(7, BOT, '/modelgate recheck', { type: 'Bot' });
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, bot, 'created'));
    const plain = sim.addComment(7, 'rhea', 'Thanks!');
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, plain, 'created'));
    const onIssue = issueCommentEvent(sim, pr, sim.addComment(7, 'rhea', '/modelgate recheck'), 'created') as { issue: Record<string, unknown> };
    delete onIssue.issue.pull_request;
    await receive(probot, 'issue_comment', onIssue);
    expect(sim.calls).toHaveLength(0);
    expect(bodies<CheckRunBody>(sim, 'POST', /check-runs/)).toHaveLength(0);
  });
});
