// The check run's output: a title naming what is missing, the summary within GitHub's limit, and
// up to 50 annotations (failures first) sent with the request that completes the run.
import { describe, expect, it } from 'vitest';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import type { CheckResult, ModelReport, Report } from '../../src/types.js';
import { annotationsOf, checkTitle, completeWithReport, MAX_SUMMARY } from '../../app/checkRun.js';
import { GitHubApi } from '../../app/github.js';
import { API, R, refuseNetwork } from './harness.js';

function model(path: string, checks: Partial<CheckResult>[]): ModelReport {
  const full = checks.map((c) => ({ id: 'card.present', level: 'error', outcome: 'pass', message: 'ok', ...c }) as CheckResult);
  return {
    path,
    name: path.split('/').pop() ?? path,
    riskTier: 'high',
    outcome: full.some((c) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error')) ? 'fail' : 'pass',
    touchedBy: [],
    checks: full,
    facts: { datasets: [], audits: [], findings: [], changedEvidence: [] },
  };
}

function report(models: ModelReport[], errors: CheckResult[] = []): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'modelgate', version: '0.1.0' },
    verdict: errors.length > 0 || models.some((m) => m.outcome === 'fail') ? 'fail' : 'pass',
    policy: { source: 'test', extends: 'baseline', errors },
    summary: { models: models.length, checks: 0, pass: 0, fail: 0, warn: 0, waived: 0, skipped: 0, error: 0 },
    models,
    waivers: [],
    generatedAt: '2026-11-28T12:00:00Z',
  };
}

describe('checkTitle', () => {
  it('names what is missing, per failing model', () => {
    const r = report([
      model('models/x', [{ id: 'card.present', outcome: 'fail' }]),
      model('models/y', [{ id: 'audit.fresh', outcome: 'fail' }, { id: 'carbon.consistency', level: 'warn', outcome: 'warn' }]),
      model('models/z', []),
    ]);
    expect(checkTitle(r)).toBe('2 models: card missing for models/x, no recent audit for models/y');
  });

  it('does not call a missing audit overdue: audit.fresh and audit.independent follow from audit.reference', () => {
    const none = report([
      model('models/x', [
        { id: 'audit.reference', outcome: 'fail' },
        { id: 'audit.independent', outcome: 'fail' },
        { id: 'audit.fresh', outcome: 'fail' },
        { id: 'carbon.estimate', outcome: 'fail' },
      ]),
    ]);
    expect(checkTitle(none)).toBe('1 model: audit missing and carbon estimate missing for models/x');
    expect(checkTitle(none)).not.toMatch(/overdue/);
  });

  it('keeps two reasons per model and stays short with many models', () => {
    const one = report([model('models/x', [{ id: 'card.fields', outcome: 'fail' }, { id: 'datasets.hashes', outcome: 'error' }, { id: 'carbon.estimate', outcome: 'fail' }])]);
    expect(checkTitle(one)).toBe('1 model: card fields missing, dataset hashes unverified +1 more for models/x');
    const many = report(Array.from({ length: 30 }, (_, i) => model(`models/model-number-${i}`, [{ id: 'card.present', outcome: 'fail' }])));
    const title = checkTitle(many);
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title).toMatch(/^30 models: card missing for models\/model-number-0, .*, and \d+ more$/);
  });

  it('says when the configuration is invalid, and passes as the headline', () => {
    const bad = report([], [{ id: 'policy.valid', level: 'error', outcome: 'error', message: '.github/modelgate.yml:3: unknown key checks.carbon.estimat\nsecond line' }]);
    expect(checkTitle(bad)).toBe('the modelgate configuration is invalid (1 error): .github/modelgate.yml:3: unknown key checks.carbon.estimat second line');
    expect(checkTitle(report([model('models/x', [])]))).toBe('1 model passes governance checks');
  });
});

describe('annotations', () => {
  it('one per failing, erroring, warning or waived result whose file exists', () => {
    const r = report([
      model('models/x', [
        { id: 'card.fields', outcome: 'fail', file: 'models/x/README.md', line: 4, hint: 'Add the owner.' },
        { id: 'carbon.consistency', level: 'warn', outcome: 'warn', file: 'models/x/README.md' },
        { id: 'card.sections', level: 'warn', outcome: 'waived', file: 'models/x/README.md', waiver: { reason: 'accepted-risk', approver: '@rhea', expires: '2027-01-01', source: 'x' } },
        { id: 'card.present', outcome: 'pass', file: 'models/x/README.md' },
        { id: 'datasets.hashes', outcome: 'fail', file: 'elsewhere/datasheet.yml' },
      ]),
    ]);
    const a = annotationsOf(r, (p) => p.startsWith('models/'));
    expect(a).toEqual([
      { path: 'models/x/README.md', start_line: 4, end_line: 4, annotation_level: 'failure', title: 'card.fields (error): models/x', message: 'ok\nFix: Add the owner.' },
      { path: 'models/x/README.md', start_line: 1, end_line: 1, annotation_level: 'warning', title: 'carbon.consistency (warn): models/x', message: 'ok' },
      { path: 'models/x/README.md', start_line: 1, end_line: 1, annotation_level: 'notice', title: 'card.sections (warn): models/x', message: 'ok\nWaived (accepted-risk) by @rhea until 2027-01-01' },
    ]);
  });
});

describe('completeWithReport', () => {
  refuseNetwork();

  type Sent = { status?: string; conclusion?: string; output: { title: string; summary: string; annotations?: { start_line: number; annotation_level: string }[] } };
  function capture(times: number): { sent: Sent[]; scope: nock.Scope; gh: GitHubApi } {
    const sent: Sent[] = [];
    const scope = nock(API)
      .patch(`${R}/check-runs/42`)
      .times(times)
      .reply(200, (_uri, body) => {
        sent.push(body as Sent);
        return { id: 42 };
      });
    const octokit = new ProbotOctokit({ auth: { token: 't' }, retry: { enabled: false }, throttle: { enabled: false } });
    return { sent, scope, gh: new GitHubApi(octokit, { owner: 'acme', repo: 'models' }, new AbortController().signal) };
  }

  it('completes with up to 50 annotations in the one request', async () => {
    const checks = Array.from({ length: 50 }, (_, i) => ({ id: 'card.fields' as const, outcome: 'fail' as const, file: `models/m${i}/README.md`, line: i + 1, message: `missing field ${i}` }));
    const r = report([model('models/all', checks)]);
    const { sent, scope, gh } = capture(1);
    await completeWithReport(gh, 42, r, annotationsOf(r, () => true));
    expect(scope.isDone()).toBe(true);
    expect(sent.map((b) => [b.status, b.conclusion, b.output.annotations?.length])).toEqual([['completed', 'failure', 50]]);
    expect(sent[0]?.output.annotations?.map((a) => a.start_line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(sent[0]?.output.title).toBe('1 model: card fields missing for models/all');
    expect(sent[0]?.output.summary).not.toMatch(/results are annotated/);
  });

  it('past 50 annotations sends the failures first, still in one request, and the summary says how many are not on the files', async () => {
    const warnings = Array.from({ length: 90 }, (_, i) => ({ id: 'carbon.consistency' as const, level: 'warn' as const, outcome: 'warn' as const, file: `models/w${i}/README.md`, line: 1000 + i }));
    const failures = Array.from({ length: 40 }, (_, i) => ({ id: 'card.fields' as const, outcome: 'fail' as const, file: `models/f${i}/README.md`, line: i + 1 }));
    const r = report([model('models/all', [...warnings, ...failures])]);
    const { sent, scope, gh } = capture(1);
    await completeWithReport(gh, 42, r, annotationsOf(r, () => true));
    expect(scope.isDone()).toBe(true);
    expect(sent).toHaveLength(1);
    const levels = (sent[0]?.output.annotations ?? []).map((a) => a.annotation_level);
    expect(levels).toEqual([...Array(40).fill('failure'), ...Array(10).fill('warning')]);
    expect(sent[0]?.output.summary).toContain('50 of 130 results are annotated on the files');
    expect(sent[0]?.output.summary).toContain('models/all');
  });

  it('caps the summary at 65,535 characters', async () => {
    const long = Array.from({ length: 400 }, (_, i) => model(`models/m${i}`, Array.from({ length: 10 }, () => ({ id: 'card.fields' as const, outcome: 'fail' as const, message: 'x'.repeat(200) }))));
    const r = report(long);
    let summary = '';
    nock(API)
      .patch(`${R}/check-runs/1`)
      .reply(200, (_uri, body) => {
        summary = (body as { output: { summary: string } }).output.summary;
        return {};
      });
    const octokit = new ProbotOctokit({ auth: { token: 't' }, retry: { enabled: false }, throttle: { enabled: false } });
    await completeWithReport(new GitHubApi(octokit, { owner: 'acme', repo: 'models' }, new AbortController().signal), 1, r, []);
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(summary).toContain('cut to fit');
  });
});
