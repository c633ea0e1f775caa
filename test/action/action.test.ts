// The Action run as a runner runs it: INPUT_* and GITHUB_* variables, an event payload file, a real
// git checkout, and a local server playing the GitHub API. Most runs call action/main.ts in this
// process with the step's environment (runActionInProcess); the first pass and fail run the bundle
// (dist/index.js, as committed) as a process, as do test/hostile/action-{bypass,injection}.test.ts.
// Build first: npm run compile && npm run bundle.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, write } from '../adapters/fixture.js';
import { forbidden, serverError, type FakeComment, type PullFile } from './fakeGitHub.js';
import {
  
  touchChurn,
  touchRouter,
  useActionEnvironment,
  checkout,
  commands,
  commitPullRequest,
  
  
  OWNER,
  publishRef,
  openPullRequest as openPullRequestOn,
  REPO,
  runAction,
  runActionInProcess,
  type RunOptions,
  type RunResult,
} from './harness.js';

const PR = 7;
const MARKER = '<!-- modelgate:comment -->';

const env = useActionEnvironment();


/** Publishes a pull request head, registers it with the fake API, and returns the event. */
function openPullRequest(edit: (dir: string) => void, o: { fork?: boolean; listed?: (files: PullFile[]) => PullFile[] } = {}) {
  return openPullRequestOn(env.fx, env.github, PR, edit, o);
}

function prRun(event: unknown, workspace: string, extra: Partial<RunOptions> = {}, runner: (o: RunOptions) => Promise<RunResult> = runActionInProcess): Promise<RunResult> {
  return runner({ workspace, eventName: 'pull_request', event, apiUrl: env.github.url, ...extra });
}

function comments(): FakeComment[] {
  return env.github.comments.get(PR) ?? [];
}

describe('pull_request', () => {
  it('passes a pull request whose changed model has its evidence, and comments once', async () => {
    const { event, headSha } = openPullRequest(touchRouter);
    const workspace = checkout(env.fx, 'shallow');
    const r = await prRun(event, workspace, {}, runAction);

    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(r.outputs['failed-checks']).toBe('');
    const report = JSON.parse(readFileSync(r.outputs['report-json'] ?? '', 'utf8')) as { verdict: string; models: { path: string }[] };
    expect(report.verdict).toBe('pass');
    expect(report.models.map((m) => m.path)).toEqual(['models/support-router']);
    expect(r.outputs['report-json']).toContain('/temp/modelgate-');
    expect(r.summary).toContain('✅ modelgate: 1 model passes governance checks');
    expect(r.summary).toContain(`pull request \\#${PR}`);
    expect(r.summary).toContain('1 changed file \\(GitHub API\\)');

    const list = env.github.calls('GET', /\/pulls\/7\/files$/);
    expect(list).toHaveLength(1);
    expect(list[0]?.query.get('per_page')).toBe('100');
    expect(list[0]?.authorization).toBe('token ghs_testtoken000000000000000000000000000');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain(MARKER);
    expect(comments()[0]?.body).toContain('https://github.test/acme/models/actions/runs/123456');
    // The head commit was fetched as objects only: the work tree still holds the base branch.
    expect(git(workspace, 'cat-file', '-t', headSha).trim()).toBe('commit');
    expect(git(workspace, 'rev-parse', 'HEAD').trim()).toBe(env.fx.baseSha);
    expect(git(workspace, 'status', '--porcelain').trim()).toBe('');
    expect(commands(r.stdout, 'error')).toEqual([]);
  });

  it('fails a pull request whose changed model lacks evidence: exit 1, outputs, summary, annotations, SARIF', async () => {
    const { event } = openPullRequest(touchChurn);
    const workspace = checkout(env.fx, 'shallow');
    const r = await prRun(event, workspace, { with: { 'sarif-file': 'out/modelgate.sarif' } }, runAction);

    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    const failed = (r.outputs['failed-checks'] ?? '').split(',');
    expect(failed).toEqual(expect.arrayContaining(['models/churn-predictor:audit.reference', 'models/churn-predictor:carbon.estimate']));
    expect(failed.every((f) => f.startsWith('models/churn-predictor:'))).toBe(true);
    expect(r.summary).toContain('❌ modelgate: 1 of 1 model fails governance checks');
    expect(r.summary).toContain('audit.reference');
    const errors = commands(r.stdout, 'error');
    expect(errors.some((e) => e.includes('file=models/churn-predictor/README.md') && e.includes('line=') && e.includes('audit.reference'))).toBe(true);
    expect(errors.at(-1)).toMatch(/^::error::modelgate: \d+ check\(s\) fail \(fail-on: error\): models\/churn-predictor:/);
    const sarif = JSON.parse(readFileSync(`${workspace}/out/modelgate.sarif`, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((x) => x.ruleId)).toContain('audit.reference');
  });

  it('passes with failures reported when fail-on is never', async () => {
    const { event } = openPullRequest(touchChurn);
    const r = await prRun(event, checkout(env.fx, 'shallow'), { with: { 'fail-on': 'never' } });

    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['failed-checks']).toContain('models/churn-predictor:audit.reference');
    expect(r.summary).toContain('❌ modelgate: 1 of 1 model fails governance checks');
    expect(r.stdout).toContain('fail-on: never lets the step pass');
    expect(commands(r.stdout, 'error').some((e) => e.startsWith('::error::'))).toBe(false);
  });

  it('also fails on warnings with fail-on: warn, and lists them', async () => {
    const { event } = openPullRequest(touchChurn);
    const r = await prRun(event, checkout(env.fx, 'shallow'), { with: { 'fail-on': 'warn' } });

    expect(r.code).toBe(1);
    expect(r.outputs['failed-checks']).toContain('models/churn-predictor:audit.independent');
    expect(r.stdout).toContain('fail or warn (fail-on: warn)');
  });

  it('degrades to summary and annotations on a fork pull request whose token cannot comment', async () => {
    const { event } = openPullRequest(touchRouter, { fork: true });
    env.github.fault = (req) => (req.method === 'POST' && req.path.endsWith('/comments') ? forbidden() : undefined);
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(env.github.calls('POST', /\/comments$/)).toHaveLength(1);
    expect(comments()).toHaveLength(0);
    expect(commands(r.stdout, 'warning').some((w) => w.includes('fork') && w.includes('HTTP 403'))).toBe(true);
    expect(r.summary).toContain('comes from a fork');
    expect(r.summary).toContain('✅ modelgate');
  });

  it('retries a 500 from the API and passes', async () => {
    const { event } = openPullRequest(touchRouter);
    let failures = 0;
    env.github.fault = (req) => (req.path.endsWith('/pulls/7/files') && failures++ === 0 ? serverError() : undefined);
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(env.github.calls('GET', /\/pulls\/7\/files$/)).toHaveLength(2);
  });

  it('fails closed when the API keeps failing', async () => {
    const { event } = openPullRequest(touchRouter);
    env.github.fault = (req) => (req.path.startsWith('/repos/') ? serverError() : undefined);
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(env.github.calls('GET', /\/pulls\/7$/)).toHaveLength(4); // the request and 3 retries
    expect(r.stdout).toMatch(/::error::modelgate could not evaluate this change: GET \/repos\/acme\/models\/pulls\/7 failed \(HTTP 500\)/);
    expect(r.summary).toContain('modelgate could not complete');
    expect(comments()).toHaveLength(0);
  }, 60_000);

  describe('when GitHub lists fewer files than the pull request changes', () => {
    // GitHub lists the router change but not the churn change (as past its 3,000-file cap).
    const partial = (files: PullFile[]) => files.filter((f) => f.filename.includes('support-router'));
    const both = (dir: string) => {
      touchRouter(dir);
      touchChurn(dir);
    };

    it('fails closed in a shallow checkout, which has no merge base to diff from', async () => {
      const { event } = openPullRequest(both, { listed: partial });
      const r = await prRun(event, checkout(env.fx, 'shallow'));

      expect(r.code).toBe(1);
      expect(r.outputs.verdict).toBe('error');
      expect(r.stdout).toContain('GitHub listed 1 of the 2 files the pull request changes');
      expect(r.stdout).toContain('fetch-depth: 0');
    });

    it('fails closed when the base commit is not available locally', async () => {
      const { event, headSha } = openPullRequest(both, { listed: partial });
      const r = await prRun(event, checkout(env.fx, 'head-only-without-origin', headSha));

      expect(r.code).toBe(1);
      expect(r.outputs.verdict).toBe('error');
      expect(r.stdout).toMatch(/cannot tell which files pull request #7 \(\w+\.\.\.\w+\) changes: GitHub listed 1 of the 2 files/);
      expect(r.stdout).toContain(`git fetch origin ${env.fx.baseSha}`);
    });

    it('falls back to git diff when both commits and their history are local', async () => {
      const { event } = openPullRequest(both, { listed: partial });
      const r = await prRun(event, checkout(env.fx, 'full'));

      expect(r.code).toBe(1);
      expect(r.outputs.verdict).toBe('fail');
      expect(r.outputs['failed-checks']).toContain('models/churn-predictor:audit.reference');
      expect(r.summary).toContain('2 changed files \\(git diff; GitHub listed 1 of the 2 files the pull request changes\\)');
    });
  });

  it('does not page through a list GitHub caps at 3,000 files, and diffs with git instead', async () => {
    const { event, headSha } = openPullRequest(touchRouter);
    env.github.pulls.set(PR, { number: PR, baseSha: env.fx.baseSha, headSha, files: [], changedFiles: 3001 });
    const r = await prRun(event, checkout(env.fx, 'full'));

    expect(r.code, r.stdout).toBe(0);
    expect(env.github.calls('GET', /\/pulls\/7\/files$/)).toHaveLength(0);
    expect(r.summary).toContain('git diff; the pull request changes 3001 files and GitHub lists at most 3000');
  });

  it('judges a pull request that switches the policy off by the base policy, and previews the change', async () => {
    const { event } = openPullRequest((dir) => {
      touchChurn(dir);
      write(dir, '.github/modelgate.yml', 'extends: baseline\nmodels:\n  roots: ["models/*"]\nchecks:\n  card: off\n  datasets: off\n  audit: off\n  carbon: off\n');
    });
    const r = await prRun(event, checkout(env.fx, 'shallow'));

    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['failed-checks']).toContain('models/churn-predictor:audit.reference');
    expect(r.summary).toContain('Policy change in this pull request');
    expect(r.summary).toContain("It is **not** applied: the base branch's policy judged this change.");
    expect(r.summary).toMatch(/\| \S*models\/churn-predictor\S* \| audit\.reference \| ❌ fail \| ➖ skipped \|/);
  });

  it('keeps one sticky comment, updated in place when the pull request turns green', async () => {
    env.github.comments.set(PR, [
      { id: 1, body: `Quoting the bot: ${MARKER} <!-- modelgate:source=action -->`, user: { login: 'reviewer', type: 'User' }, html_url: 'h', created_at: '', updated_at: '' },
      { id: 2, body: `${MARKER}\nfrom the modelgate App`, user: { login: 'modelgate[bot]', type: 'Bot' }, html_url: 'h', created_at: '', updated_at: '' },
    ]);
    const first = openPullRequest(touchChurn);
    const workspace = checkout(env.fx, 'shallow');
    const r1 = await prRun(first.event, workspace);
    expect(r1.code).toBe(1);
    expect(comments()).toHaveLength(3);
    const ours = comments()[2];
    expect(ours?.body).toContain('❌ modelgate');

    const second = openPullRequest(touchRouter); // the head moves: churn is no longer touched
    const r2 = await prRun(second.event, workspace);
    expect(r2.code, r2.stdout).toBe(0);
    expect(comments()).toHaveLength(3);
    expect(env.github.calls('PATCH', /\/issues\/comments\/\d+$/).map((c) => c.path)).toEqual([`/repos/acme/models/issues/comments/${ours?.id}`]);
    expect(comments()[2]?.body).toContain('✅ modelgate: 1 model passes governance checks');
    expect(comments()[0]?.body).toContain('Quoting the bot');
    expect(comments()[1]?.body).toContain('from the modelgate App');
  });

  it('with a personal token on a server without GraphQL, recognises its comment by the login from GET /user', async () => {
    await env.replaceGitHub({ tokenLogin: 'release-bot', viewerLogin: null, commentAuthor: { login: 'release-bot', type: 'User' } });
    env.github.comments.set(PR, [
      { id: 1, body: `${MARKER}\n<!-- modelgate:source=action -->\ncopied by hand`, user: { login: 'reviewer', type: 'User' }, html_url: 'h', created_at: '', updated_at: '' },
    ]);
    const { event } = openPullRequest(touchRouter);
    const workspace = checkout(env.fx, 'shallow');
    expect((await prRun(event, workspace)).code).toBe(0);
    expect((await prRun(event, workspace)).code).toBe(0);

    expect(comments().map((c) => c.user.login)).toEqual(['reviewer', 'release-bot']);
    expect(comments()[0]?.body).toContain('copied by hand');
    expect(env.github.calls('POST', /\/comments$/)).toHaveLength(1);
    expect(env.github.calls('PATCH', /\/issues\/comments\/\d+$/).map((c) => c.path)).toEqual([`/repos/acme/models/issues/comments/${comments()[1]?.id}`]);
  });

  it('shows the 9 most important errors as annotations and counts the rest in one notice', async () => {
    const { event } = openPullRequest((dir) => {
      for (let i = 1; i <= 12; i++) write(dir, `models/m${String(i).padStart(2, '0')}/model.onnx`, 'weights');
    });
    const r = await prRun(event, checkout(env.fx, 'shallow'), { with: { comment: 'false' } });

    expect(r.code).toBe(1);
    const errors = commands(r.stdout, 'error');
    expect(errors).toHaveLength(10); // 9 annotations + setFailed's own
    expect(errors[0]).toContain('models/m01');
    const notices = commands(r.stdout, 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('3 more error(s)');
    expect(env.github.calls('POST', /\/comments$/)).toHaveLength(0);
  });
});

describe('other events and inputs', () => {
  it('checks a merge group from base_sha to head_sha with git alone', async () => {
    const head = commitPullRequest(env.fx, PR, touchChurn);
    publishRef(env.fx, `refs/heads/gh-readonly-queue/main/pr-7-${env.fx.baseSha}`, head);
    const r = await runActionInProcess({
      workspace: checkout(env.fx, 'shallow'),
      eventName: 'merge_group',
      event: { action: 'checks_requested', merge_group: { head_sha: head, head_ref: `refs/heads/gh-readonly-queue/main/pr-7-${env.fx.baseSha}`, base_sha: env.fx.baseSha, base_ref: 'refs/heads/main' }, repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main' } },
      apiUrl: env.github.url,
    });
    expect(r.code).toBe(1);
    expect(r.outputs['failed-checks']).toContain('models/churn-predictor:');
    expect(r.summary).toContain('merge group');
    expect(env.github.requests).toHaveLength(0);
  });

  it('checks every model when a push creates a branch, with the default branch policy', async () => {
    const head = commitPullRequest(env.fx, PR, touchRouter);
    publishRef(env.fx, 'refs/heads/feature', head);
    const r = await runActionInProcess({
      workspace: checkout(env.fx, 'shallow'),
      eventName: 'push',
      event: { ref: 'refs/heads/feature', before: '0'.repeat(40), after: head, created: true, deleted: false, forced: false, repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main' } },
      apiUrl: env.github.url,
    });
    const report = JSON.parse(readFileSync(r.outputs['report-json'] ?? '', 'utf8')) as { models: unknown[] };
    expect(report.models).toHaveLength(3);
    expect(r.code).toBe(1); // churn-predictor and doc-classifier fail in the example repository
    expect(r.summary).toContain('every model');
  });

  it('compares a push from before to after, judged by the policy at before', async () => {
    const head = commitPullRequest(env.fx, PR, touchRouter);
    publishRef(env.fx, 'refs/heads/main', head);
    const r = await runActionInProcess({
      workspace: checkout(env.fx, 'shallow'),
      eventName: 'push',
      event: { ref: 'refs/heads/main', before: env.fx.baseSha, after: head, created: false, deleted: false, forced: false, repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main' } },
      apiUrl: env.github.url,
    });
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(readFileSync(r.outputs['report-json'] ?? '', 'utf8')) as { models: { path: string }[]; policy: { source: string } };
    expect(report.models.map((m) => m.path)).toEqual(['models/support-router']);
    expect(report.policy.source).toContain(`git ${env.fx.baseSha.slice(0, 12)}`);
  });

  it('fails closed when a custom config path is not in the base commit', async () => {
    const { event } = openPullRequest(touchRouter);
    const r = await prRun(event, checkout(env.fx, 'shallow'), { with: { config: 'policy/modelgate.yml' } });
    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.stdout).toContain(`config: "policy/modelgate.yml" is not in the base revision, git ${env.fx.baseSha.slice(0, 12)} (the change being judged has none either)`);
  });

  it('rejects an unknown fail-on value with a message that says what to write', async () => {
    const { event } = openPullRequest(touchRouter);
    const workspace = checkout(env.fx, 'shallow');
    const bad = await prRun(event, workspace, { with: { 'fail-on': 'sometimes' } });
    expect(bad.code).toBe(1);
    expect(bad.outputs.verdict).toBe('error');
    expect(bad.stdout).toContain('fail-on: \\"sometimes\\" is not one of error | warn | never'.replace(/\\"/g, '"'));
  });

  it('mode: report writes the KPI report to the summary and every format to report-dir', async () => {
    const { event } = openPullRequest(touchRouter);
    const workspace = checkout(env.fx, 'full');
    const r = await prRun(event, workspace, { with: { mode: 'report' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.verdict).toBe('fail'); // two example models fail; the report still succeeds
    const dir = r.outputs['report-dir'] ?? '';
    expect(dir).toContain('modelgate-report');
    for (const f of ['modelgate-kpi.md', 'modelgate-kpi.html', 'modelgate-ml-bom.cdx.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    const kpi = JSON.parse(readFileSync(r.outputs['report-json'] ?? '', 'utf8')) as { models: unknown[] };
    expect(kpi.models).toHaveLength(3);
    expect(r.summary).toContain('```mermaid');
    expect(r.summary).toContain('upload it with actions/upload-artifact');
  });
});
