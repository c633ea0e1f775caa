// GitHub faults, as the Action meets them: the Action's logic run in process with a runner's
// environment (runActionInProcess), and the committed bundle (dist/index.js) as a process where two
// runs race (runs in one process would share process.env), against the local fake GitHub API and
// real git repositories. Whatever GitHub does (errors,
// rate limits, time-outs, lost answers, runs racing each other), the outcome is the right verdict or
// a failing step that says why: never a pass it did not establish, never a second sticky comment.
// Scenarios test/action/action.test.ts already covers (a 500 then success, an API that keeps
// failing, the 3,000-file cap) are not repeated here.
//
// Comments marked FIXED describe a defect this suite found and the fix that closed it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { badGateway, notFound, primaryRateLimit, secondaryRateLimit, serverError, type FakeComment } from '../action/fakeGitHub.js';
import { checkout, commands, openPullRequest, runAction, runActionInProcess, touchChurn, touchRouter, useActionEnvironment, type RunOptions, type RunResult } from '../action/harness.js';

const PR = 7;
const MARKER = '<!-- modelgate:comment -->';
const FILES = /^\/repos\/acme\/models\/pulls\/7\/files$/;
const PULL = /^\/repos\/acme\/models\/pulls\/7$/;
const COMMENTS = /^\/repos\/acme\/models\/issues\/7\/comments$/;
/**
 * MODELGATE_API_TIMEOUT_MS for the tests where GitHub holds a request: it times out after this long,
 * each attempt. The fake answers every other request of the run within milliseconds (a slow one
 * would be retried like any time-out).
 */
const HELD_TIMEOUT_MS = '300';

const env = useActionEnvironment();

function prRun(event: unknown, workspace: string, extra: Partial<RunOptions> = {}, runner: (o: RunOptions) => Promise<RunResult> = runActionInProcess): Promise<RunResult> {
  return runner({ workspace, eventName: 'pull_request', event, apiUrl: env.github.url, ...extra });
}

function comments(): FakeComment[] {
  return env.github.comments.get(PR) ?? [];
}

/** The step failed, with verdict `error`, and said why in its failure message and in the summary. */
function expectFailedClosed(r: RunResult, why: RegExp): void {
  expect(r.killed, 'the step hung').toBe(false);
  expect(r.code, r.stdout).toBe(1);
  expect(r.outputs.verdict).toBe('error');
  const failure = commands(r.stdout, 'error').at(-1) ?? '';
  expect(failure).toMatch(/^::error::modelgate could not evaluate this change: /);
  expect(failure).toMatch(why);
  expect(r.summary).toContain('⛔ modelgate could not complete');
  expect(r.summary).not.toContain('✅');
}

describe('the pull request file list', () => {
  it('502 then success: retried, and the verdict is the right one', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchChurn);
    env.github.script('GET', FILES, badGateway());
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['failed-checks']).toContain('models/churn-predictor:audit.reference');
    expect(env.github.calls('GET', FILES)).toHaveLength(2);
    expect(comments()).toHaveLength(1);
  });

  it('a secondary rate limit (403, retry-after: 1) is waited out, then the list is read and the verdict is right', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter);
    env.github.script('GET', FILES, secondaryRateLimit(1));
    const r = await prRun(event, checkout(env.fx, 'shallow'), { env: { MODELGATE_API_RETRY_BASE_MS: '1000' } });

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    const calls = env.github.calls('GET', FILES);
    expect(calls).toHaveLength(2);
    // It waited as GitHub asked before asking again.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(r.stdout).toContain('secondary rate limit');
    expect(comments()).toHaveLength(1);
  });

  for (const status of [403, 429] as const) {
    it(`the primary rate limit used up for an hour (${status}): fails closed at once, saying until when`, async () => {
      const { event } = openPullRequest(env.fx, env.github, PR, touchRouter);
      const limited = primaryRateLimit(status, 3600);
      env.github.fault = (req) => (req.path.startsWith('/repos/') ? limited : undefined);
      const r = await prRun(event, checkout(env.fx, 'shallow'));

      expectFailedClosed(r, /rate limit/i)
      const reset = new Date(Number(limited.headers?.['x-ratelimit-reset']) * 1000).toISOString().slice(0, 16);
      expect(r.stdout).toContain(reset); // when to re-run
      expect(r.summary).toMatch(/rate limit/i);
      // No hammering an API that said "wait an hour": the first refusal is final.
      expect(env.github.calls('GET', PULL)).toHaveLength(1);
      expect(comments()).toHaveLength(0);
    });
  }

  it('a request that never gets an answer: fails closed within a bound, naming the time-out', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter);
    env.github.fault = (req) => (FILES.test(req.path) ? { status: 200, hold: true } : undefined);
    // The per-request time-out is lowered for the test; the retries are the real ones (their delays in test units).
    const r = await prRun(event, checkout(env.fx, 'shallow'), { env: { MODELGATE_API_TIMEOUT_MS: HELD_TIMEOUT_MS }, killAfterMs: 90_000 });

    expectFailedClosed(r, /pulls\/7\/files.*timed out|timed out.*pulls\/7\/files/i);
    expect(r.ms).toBeLessThan(60_000);
    expect(env.github.calls('GET', FILES).length).toBeGreaterThanOrEqual(2); // a time-out is retried, a bounded number of times
    expect(comments()).toHaveLength(0);
  }, 120_000);

  it('404 on the file list (no access, or the pull request is gone): fails closed and says what to check', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter);
    env.github.fault = (req) => (FILES.test(req.path) ? notFound() : undefined);
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expectFailedClosed(r, /GET \/repos\/acme\/models\/pulls\/7\/files failed \(HTTP 404\)/);
    expect(r.stdout).toContain('pull-requests: read');
    expect(env.github.calls('GET', FILES)).toHaveLength(1); // a 404 is not retried
    expect(comments()).toHaveLength(0);
  });
});

describe('the sticky comment', () => {
  it('a comment that cannot be written (500) does not turn a failing verdict into a pass, and a re-run leaves one comment', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchChurn);
    const workspace = checkout(env.fx, 'shallow');
    env.github.fault = (req) => (req.method === 'POST' && COMMENTS.test(req.path) ? serverError() : undefined);
    const r1 = await prRun(event, workspace);

    expect(r1.code, r1.stdout).toBe(1);
    expect(r1.outputs.verdict).toBe('fail'); // the evaluated verdict, not "error" and never "pass"
    expect(r1.outputs['failed-checks']).toContain('models/churn-predictor:audit.reference');
    expect(commands(r1.stdout, 'error').at(-1)).toMatch(/^::error::modelgate evaluated this change \(verdict: fail\) but could not finish: POST .*comments failed \(HTTP 500\)/);
    expect(r1.summary).toContain('❌ modelgate: 1 of 1 model fails governance checks');
    expect(comments()).toHaveLength(0);

    env.github.fault = undefined;
    const r2 = await prRun(event, workspace);
    expect(r2.code).toBe(1);
    expect(r2.outputs.verdict).toBe('fail');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain('❌ modelgate');
  }, 60_000);

  it('a passing verdict whose comment cannot be written fails the step (it could not finish), never reporting a pass it did not deliver', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter);
    env.github.fault = (req) => (req.method === 'POST' && COMMENTS.test(req.path) ? serverError() : undefined);
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expect(r.code).toBe(1);
    expect(commands(r.stdout, 'error').at(-1)).toMatch(/could not finish: POST .*comments failed \(HTTP 500\)/);
    expect(comments()).toHaveLength(0);
  }, 60_000);

  // FIXED (was a defect in action/stickyComment.ts): the POST that creates the comment went through
  // the retry plugin like any GET, so when GitHub created the comment but the answer was lost (a 502
  // from the proxy in front of it, or a time-out), the retry created a second one. Fix: the create is
  // not retried blindly; after a failure the Action lists the comments again and updates its own if
  // the write landed, and creates only if it did not.
  for (const [name, lost] of [
    ['a 502', badGateway()],
    ['a time-out', { status: 200, hold: true }],
  ] as const) {
    it(`a comment whose creation landed but whose answer was lost (${name}) is not created twice`, async () => {
      const { event } = openPullRequest(env.fx, env.github, PR, touchChurn);
      env.github.script('POST', COMMENTS, { ...lost, landed: true });
      const r = await prRun(event, checkout(env.fx, 'shallow'), { env: { MODELGATE_API_TIMEOUT_MS: HELD_TIMEOUT_MS } });

      expect(r.killed).toBe(false);
      expect(r.code, r.stdout).toBe(1);
      expect(r.outputs.verdict).toBe('fail');
      expect(comments()).toHaveLength(1);
      expect(comments()[0]?.body).toContain('❌ modelgate: 1 of 1 model fails governance checks');
    }, 60_000);
  }

  it('a re-run of the same event (twice) leaves exactly one sticky comment', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchChurn);
    const workspace = checkout(env.fx, 'shallow');
    const r1 = await prRun(event, workspace);
    const r2 = await prRun(event, workspace);

    expect([r1.code, r2.code]).toEqual([1, 1]);
    expect([r1.outputs.verdict, r2.outputs.verdict]).toEqual(['fail', 'fail']);
    expect(comments()).toHaveLength(1);
    expect(env.github.calls('POST', COMMENTS)).toHaveLength(1);
    expect(env.github.calls('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    expect(comments()[0]?.body).toContain(MARKER);
  });

  // FIXED (was a defect in action/stickyComment.ts): two runs for the same pull request at once
  // (a re-run while the first still runs, or `opened` and `synchronize` close together) both found
  // no comment and both created one. Fix: after creating, the Action lists the comments again; if
  // an older comment of its own exists it deletes the one it just made and updates the older one.
  it('two runs of the same head at once leave one comment', async () => {
    const { event } = openPullRequest(env.fx, env.github, PR, touchChurn);
    // Both runs list the (empty) comments before either creates one: the race, every time.
    let release: () => void = () => undefined;
    const bothListed = new Promise<void>((r) => (release = r));
    env.github.script('GET', COMMENTS, { status: 200, body: [], waitFor: bothListed }, { status: 200, body: [], waitFor: bothListed });
    const runs = [prRun(event, checkout(env.fx, 'shallow'), {}, runAction), prRun(event, checkout(env.fx, 'shallow'), {}, runAction)];
    await env.github.waitForCalls('GET', COMMENTS, 2);
    release();
    const [a, b] = await Promise.all(runs);

    expect([a?.code, b?.code]).toEqual([1, 1]);
    expect([a?.outputs.verdict, b?.outputs.verdict]).toEqual(['fail', 'fail']);
    expect(env.github.calls('POST', COMMENTS)).toHaveLength(2); // the race happened: both created one
    expect(env.github.calls('DELETE', /\/issues\/comments\/\d+$/)).toHaveLength(1); // and the newer one was removed
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain('❌ modelgate');
  }, 60_000);

  // FIXED (was a defect in action/stickyComment.ts): with two synchronize runs racing, the run for
  // the older head could write the comment last, leaving the pull request showing a verdict about a
  // commit it no longer has (a green comment over a red head). Fix: before writing, the Action asks
  // for the pull request's current head; a run whose head is no longer current leaves the comment to
  // the run for the new head.
  it('two synchronize runs at once for two heads: one comment, the newer head\'s verdict, and each run reports its own head', async () => {
    const green = openPullRequest(env.fx, env.github, PR, touchRouter);
    // Run 1 (the older head, green) starts and reads GitHub's file list for its head...
    const first = prRun(green.event, checkout(env.fx, 'full'), {}, runAction);
    await env.github.waitForCalls('GET', FILES, 1);
    // ...then the author pushes a red head, and run 2 starts while run 1 is still going.
    const red = openPullRequest(env.fx, env.github, PR, touchChurn);
    const second = prRun(red.event, checkout(env.fx, 'full'), {}, runAction);
    const [r1, r2] = await Promise.all([first, second]);

    expect(r1.code, r1.stdout).toBe(0);
    expect(r1.outputs.verdict).toBe('pass');
    expect(readFileSync(r1.outputs['report-json'] ?? '', 'utf8')).toContain('models/support-router');
    expect(r2.code).toBe(1);
    expect(r2.outputs.verdict).toBe('fail');
    expect(r2.outputs['failed-checks']).toContain('models/churn-predictor:audit.reference');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain('❌ modelgate: 1 of 1 model fails governance checks');
    expect(comments()[0]?.body).not.toContain('✅ modelgate');
    expect(r1.stdout).toContain(red.headSha.slice(0, 12)); // run 1 says why it left the comment alone
  }, 60_000);
});

describe('a very large change', () => {
  it('ten thousand changed files (GitHub lists 3,000): git diff, a bound, and the right verdict', async () => {
    const files = new Map(Array.from({ length: 9_999 }, (_, i) => [`docs/notes/${String(i).padStart(5, '0')}.md`, `note ${i}\n`]));
    files.set('models/zz-shadow/model.onnx', 'weights'); // sorts after every note: past the cap
    const { event } = openPullRequest(env.fx, env.github, PR, files, { listed: (listed) => listed.slice(0, 3000) });
    expect(env.github.pulls.get(PR)?.changedFiles).toBe(10_000);
    const r = await prRun(event, checkout(env.fx, 'full'), { killAfterMs: 120_000 });

    expect(r.killed).toBe(false);
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['failed-checks']).toContain('models/zz-shadow:card.present');
    expect(r.summary).toContain('10000 changed files \\(git diff; the pull request changes 10000 files and GitHub lists at most 3000\\)');
    expect(env.github.calls('GET', FILES)).toHaveLength(0);
  }, 180_000);
});
