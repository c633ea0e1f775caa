// Events out of order, twice, or at once, as GitHub delivers them (at least once, in no promised
// order, to any instance): the checklist and the check runs reflect the newest head, and there is
// one checklist comment, one check run per head and delivery, one reply per command and one
// remediation issue per finding. In process (Probot + nock answering from the GitHub simulation);
// "two instances" are two Probot instances sharing the simulation, with no lock in common.
// Already covered in test/app/pullRequest.test.ts and not repeated: a stale event whose head moved
// before it started writing, three different pull_request actions at once in one process.
//
// Comments marked FIXED describe a defect this suite found and the fix that closed it.
import { beforeEach, describe, expect, it } from 'vitest';
import { API, exampleRevision, expectFailedClosed, invariantProblems, probotWithApp, R, receive, routeAll, refuseNetwork } from '../app/harness.js';
import { issueCommentEvent, pullRequestEvent } from '../app/payloads.js';
import { BOT, GitHubSim, withFiles, type Call, type Revision, type SimPull } from '../app/sim.js';

const CHANGED = 'models/support-router/config.json';
const WAIVE = '/modelgate waive models/churn-predictor carbon.estimate evidence-pending until 2027-01-15 -- CodeCarbon run is scheduled';

let sim: GitHubSim;
let base: Revision;
let headA: Revision;
let headB: Revision;
let pr: SimPull;

refuseNetwork();
beforeEach(() => {
  sim = new GitHubSim(API);
  base = exampleRevision();
  headA = withFiles(base, { [CHANGED]: '{"push": "A"}\n' });
  headB = withFiles(headA, { [CHANGED]: '{"push": "B"}\n' });
  sim.addRevision(headB);
  pr = sim.addPull({ number: 7, state: 'open', base, head: headA, author: 'dana', files: [{ filename: CHANGED, status: 'modified' }], updatedAt: '2026-11-28T11:00:00Z' });
  routeAll(sim);
});


/** The synchronize payload GitHub sent when the PR's head became `head` (at `at`). */
function synchronize(head: Revision, at: string): object {
  const [was, wasAt] = [pr.head, pr.updatedAt];
  pr.head = head;
  pr.updatedAt = at;
  const payload = pullRequestEvent(sim, pr, 'synchronize');
  [pr.head, pr.updatedAt] = [was, wasAt];
  return payload;
}

const SYNC_A = () => synchronize(headA, '2026-11-28T11:00:00Z');
const SYNC_B = () => synchronize(headB, '2026-11-28T11:05:00Z');
const checklist = () => sim.botComments(7).filter((c) => c.body.startsWith('<!-- modelgate:checklist -->'));
const evaluatedAt = () => checklist().map((c) => /Evaluated at `([0-9a-f]{12})`/.exec(c.body)?.[1]);
const runsOn = (rev: Revision) => sim.checkRuns.filter((r) => r.head_sha === rev.sha);
const commentWrites = () => sim.calls.filter((c) => (c.method === 'POST' || c.method === 'PATCH') && /\/issues\/(7\/comments|comments\/\d+)$/.test(c.path));

/** A deferred promise: a request held until the test lets it through. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('events out of order: the checklist reflects the newest head', () => {
  it('synchronize for head B delivered before the one for head A', async () => {
    pr.head = headB;
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', SYNC_B());
    await receive(probot, 'pull_request', SYNC_A());
    expect(evaluatedAt()).toEqual([headB.sha.slice(0, 12)]);
    // Each commit gets its own check run; the PR shows its head's.
    expect(runsOn(headB)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    expect(runsOn(headA)).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(commentWrites()).toHaveLength(1); // A wrote nothing
    expect(invariantProblems(sim, { strict: true })).toEqual([]);
  });

  it('both at once in one process: serialised, and the older head writes nothing', async () => {
    pr.head = headB;
    const probot = await probotWithApp();
    await Promise.all([receive(probot, 'pull_request', SYNC_A()), receive(probot, 'pull_request', SYNC_B())]);
    expect(evaluatedAt()).toEqual([headB.sha.slice(0, 12)]);
    expect(sim.checkRuns.every((r) => r.status === 'completed')).toBe(true);
    expect(invariantProblems(sim, { strict: true })).toEqual([]);
  });

  it('the older head finishing after the newer one on another instance: its result is not written', async () => {
    const held = gate();
    sim.failures.push({ match: (c) => c.path === `${R}/git/trees/${headA.sha}`, until: held.promise });
    const [first, second] = [await probotWithApp(), await probotWithApp()];
    const slow = receive(first, 'pull_request', SYNC_A());
    await until(() => sim.calls.some((c) => c.path === `${R}/git/trees/${headA.sha}`), 'the job for A to start');
    pr.head = headB; // pushed while A is being evaluated
    await receive(second, 'pull_request', SYNC_B());
    expect(evaluatedAt()).toEqual([headB.sha.slice(0, 12)]);
    held.open();
    await slow;
    expect(evaluatedAt()).toEqual([headB.sha.slice(0, 12)]);
    expect(commentWrites()).toHaveLength(1);
    expect(runsOn(headA)).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(invariantProblems(sim, { strict: true })).toEqual([]);
  });

  // FIXED (was a defect in app/index.ts): the dedupe key of a pull_request event held updated_at,
  // which has one-second resolution: pushes of A, B and A again within a second made the third
  // look like the first, and it was dropped, leaving the checklist at B. Events are now known by
  // their head and base, and a second one is a duplicate only while nothing else happened to the
  // pull request in between (deliveries.ts).
  it('A, B, then A again within the same second: the third is a new event, and A is judged with its own files', async () => {
    const probot = await probotWithApp();
    const at = '2026-11-28T11:00:00Z';
    await receive(probot, 'pull_request', synchronize(headA, at));
    pr.head = headB;
    await receive(probot, 'pull_request', synchronize(headB, at));
    pr.head = headA;
    await receive(probot, 'pull_request', synchronize(headA, at));
    expect(evaluatedAt()).toEqual([headA.sha.slice(0, 12)]);
    expect(runsOn(headA)).toHaveLength(2);
    // Redelivering the third (same id) or the same push under another id is still a duplicate.
    const again = synchronize(headA, at);
    await receive(probot, 'pull_request', again, 'redelivered');
    await receive(probot, 'pull_request', again, 'redelivered');
    expect(runsOn(headA)).toHaveLength(2);
    expect(invariantProblems(sim)).toEqual([]);
  });

  // FIXED (was a defect in app/changes.ts): the file list was read for the pull request's head at
  // job time (GET pulls/N/files), so a job for A that ran after B was pushed judged A's tree with
  // B's file list. Every read is now tied to the commit judged: the change is the difference of
  // the base's tree and A's (or A's merge result), and the verdict names both.
  it('the head moves while a job runs: the job judges its own commit with its own change', async () => {
    // B reverts the model change A made: B touches nothing, A touches support-router.
    const revert = withFiles(headA, { [CHANGED]: (base.files.get(CHANGED) as Buffer).toString(), 'docs/notes.md': 'reverted\n' });
    sim.addRevision(revert);
    const held = gate();
    sim.failures.push({ match: (c) => c.path === `${R}/git/trees/${headA.sha}`, until: held.promise });
    const probot = await probotWithApp();
    const slow = receive(probot, 'pull_request', SYNC_A());
    await until(() => sim.calls.some((c) => c.path === `${R}/git/trees/${headA.sha}`), 'the job for A to start');
    pr.head = revert;
    pr.files = [];
    held.open();
    await slow;
    const run = runsOn(headA)[0];
    expect(run?.output?.title).toBe('1 model passes governance checks');
    expect(run?.output?.summary).toContain(`Judged: head \`${headA.sha.slice(0, 12)}\` merged onto base \`${base.sha.slice(0, 12)}\``);
    expect(run?.output?.summary).toContain(`- \`${CHANGED}\` (modified)`);
    expect(invariantProblems(sim)).toEqual([]);
  });

  it('A, then B, then a force-push back to A: the third is a new event, not a duplicate of the first', async () => {
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', SYNC_A());
    pr.head = headB;
    await receive(probot, 'pull_request', SYNC_B());
    pr.head = headA;
    await receive(probot, 'pull_request', synchronize(headA, '2026-11-28T11:10:00Z'));
    expect(evaluatedAt()).toEqual([headA.sha.slice(0, 12)]);
    expect(runsOn(headA)).toHaveLength(2);
    expect(invariantProblems(sim)).toEqual([]);
  });
});

describe('duplicate deliveries: one check run per head, one comment, one issue per finding', () => {
  // FIXED (was a defect in app/index.ts): every delivery ran the gate, so a redelivery (same
  // X-GitHub-Delivery id) or the same event delivered twice under two ids created a second check
  // run on the head, and a `/modelgate waive` comment delivered twice was answered twice. Each
  // delivery is now known by its id and by a fingerprint of the event (deliveries.ts): a duplicate
  // of one that succeeded is skipped before any API call; one still running is waited for.
  const twice: [string, (probot: Awaited<ReturnType<typeof probotWithApp>>) => Promise<unknown>][] = [
    ['the same delivery id twice, one after the other', async (p) => {
      await receive(p, 'pull_request', SYNC_A(), 'delivery-1');
      await receive(p, 'pull_request', SYNC_A(), 'delivery-1');
    }],
    ['the same delivery id twice, at once', (p) => Promise.all([receive(p, 'pull_request', SYNC_A(), 'delivery-1'), receive(p, 'pull_request', SYNC_A(), 'delivery-1')])],
    ['the same event under two delivery ids, one after the other', async (p) => {
      await receive(p, 'pull_request', SYNC_A(), 'delivery-1');
      await receive(p, 'pull_request', SYNC_A(), 'delivery-2');
    }],
    ['the same event under two delivery ids, at once', (p) => Promise.all([receive(p, 'pull_request', SYNC_A(), 'delivery-1'), receive(p, 'pull_request', SYNC_A(), 'delivery-2')])],
  ];
  for (const [name, deliver] of twice) {
    it(name, async () => {
      const probot = await probotWithApp();
      await deliver(probot);
      expect(sim.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
      expect(checklist()).toHaveLength(1);
      expect(sim.issues).toHaveLength(0); // a pull request opens none (only the default branch does)
      expect(invariantProblems(sim, { strict: true })).toEqual([]);
    });
  }

  it('a redelivery of a delivery that failed repeats the work (redelivering is how a failure is retried)', async () => {
    sim.failures.push({ match: (c: Call) => c.path === `${R}/git/trees/${headA.sha}`, status: 502 });
    const probot = await probotWithApp();
    await receive(probot, 'pull_request', SYNC_A(), 'delivery-1');
    expectFailedClosed(sim.checkRuns[0], /reading the file tree/);
    await receive(probot, 'pull_request', SYNC_A(), 'delivery-1');
    expect(sim.checkRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
    expect(checklist()).toHaveLength(1);
    expect(invariantProblems(sim)).toEqual([]);
  });

  it('a waiver comment delivered twice: one gate run, one reply', async () => {
    const churn = withFiles(base, { 'models/churn-predictor/notes.txt': 'retrained\n' });
    const other = sim.addPull({ number: 8, state: 'open', base, head: churn, author: 'dana', files: [{ filename: 'models/churn-predictor/notes.txt', status: 'added' }] });
    sim.roles.set('rhea', 'write');
    const c = sim.addComment(8, 'rhea', WAIVE);
    const probot = await probotWithApp();
    const event = issueCommentEvent(sim, other, c, 'created');
    await receive(probot, 'issue_comment', event, 'comment-1');
    await Promise.all([receive(probot, 'issue_comment', event, 'comment-2'), receive(probot, 'issue_comment', event, 'comment-1')]);
    expect(sim.checkRuns).toHaveLength(1);
    expect(sim.botComments(8).filter((k) => k.body.startsWith('modelgate, in reply to'))).toHaveLength(1);
    expect(invariantProblems(sim, { strict: true })).toEqual([]);
  });

  it('editing a waiver comment twice is two events (the text differs), each re-evaluated', async () => {
    sim.roles.set('rhea', 'write');
    const c = sim.addComment(7, 'rhea', 'LGTM');
    const probot = await probotWithApp();
    // Two edits within the same second: GitHub's updated_at is the same, the text is not.
    sim.editComment(c.id, WAIVE, 'rhea', '2026-11-28T11:30:00Z');
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'edited', { changes: { body: { from: 'LGTM' } } }));
    sim.editComment(c.id, 'LGTM after all', 'rhea', '2026-11-28T11:30:00Z');
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'edited', { changes: { body: { from: WAIVE } } }));
    expect(sim.checkRuns).toHaveLength(2);
  });
});

describe('two synchronize events at once', () => {
  // FIXED (was a defect in app/remediation.ts): two instances handling the same head at once both
  // found no issue for the open finding and both opened one; the duplicate stayed open until some
  // later run closed it. Whoever opens issues now lists them again and closes the duplicates it
  // opened itself, keeping the oldest: the instance that opened the newer one always sees the
  // older, and exactly one instance writes the "Duplicate of" note.
  it('on two instances for the same head: one checklist comment, at most one open issue per finding', async () => {
    const [first, second] = [await probotWithApp(), await probotWithApp()];
    await Promise.all([receive(first, 'pull_request', SYNC_A(), 'delivery-1'), receive(second, 'pull_request', SYNC_A(), 'delivery-2')]);
    expect(checklist()).toHaveLength(1);
    expect(sim.checkRuns.every((r) => r.status === 'completed' && r.conclusion === 'success')).toBe(true);
    // The racing instances converge at once: a duplicate issue, if both opened one, is closed.
    expect(invariantProblems(sim)).toEqual([]);
    for (const dup of sim.issues.filter((i) => i.state === 'closed')) expect(sim.comments.get(dup.number)?.[0]?.body).toMatch(/^Duplicate of #\d+/);
  });

  it('on two instances for heads A and B: the checklist ends at B', async () => {
    pr.head = headB;
    const [first, second] = [await probotWithApp(), await probotWithApp()];
    await Promise.all([receive(first, 'pull_request', SYNC_A()), receive(second, 'pull_request', SYNC_B())]);
    expect(evaluatedAt()).toEqual([headB.sha.slice(0, 12)]);
    expect(invariantProblems(sim)).toEqual([]);
    expect(sim.botComments(7).every((c) => c.user.login === BOT)).toBe(true);
  });
});
