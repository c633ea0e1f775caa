// `modelgate check` (in process, the --help test through the built binary) over real git repositories built in temp
// dirs from the example repository: --all, every format, --output, --as-of, --base mode (which models
// a change touches, policy and waivers from the base), and the exit codes.
import { readFileSync } from 'node:fs';
import { buildIsStale } from '../globalCompile.js';
import { modelgate, modelgateBinary, type Run } from './run.js';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Report } from '../../src/types.js';
import { branchWith, cleanup, commit, createRepo, exampleFiles, git, move, tempDir, text, writeFiles, type FileChange } from '../core/fixtures.js';

const AS_OF = '2026-11-28';

beforeAll(() => {
  // The global setup (test/globalCompile.ts) compiles once per run when a source is newer than build/.
  if (buildIsStale()) throw new Error('build/ is missing or older than the sources; the global setup (test/globalCompile.ts) runs `npm run compile`');
});

afterAll(() => cleanup());


function json(run: Run): Report {
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout.slice(0, 400)}\n${run.stderr.slice(0, 2000)}`);
  }
}

/** `check dir --base main --format json --as-of AS_OF`, with the exit code it must have. */
async function checkBase(dir: string, expectedCode: number, ...extra: string[]): Promise<Report> {
  const run = await modelgate(['check', dir, '--base', 'main', '--format', 'json', '--as-of', AS_OF, ...extra]);
  expect(run.code, run.stderr || run.stdout.slice(0, 2000)).toBe(expectedCode);
  return json(run);
}

function outcome(report: Report, model: string, id: CheckResult['id']): CheckResult {
  const c = report.models.find((m) => m.path === model)?.checks.find((x) => x.id === id);
  if (!c) throw new Error(`${model} ${id} not in the report (models: ${report.models.map((m) => m.path).join(', ')})`);
  return c;
}

const paths = (r: Report) => r.models.map((m) => m.path);

/** The example repository committed on `main` (with `over` applied first). */
function example(over: Record<string, FileChange> = {}): string {
  return createRepo({ ...exampleFiles(), ...over }, 'modelgate-cli-');
}

const ROUTER_CARD = 'models/support-router/README.md';
const CHURN_CARD = 'models/churn-predictor/README.md';
const appendTo = (dir: string, path: string, extra: string): string => text(readFileSync(join(dir, path))) + extra;

// ---------------------------------------------------------------------------------------------

describe('--all on the example repository', () => {
  let repo: string;
  beforeAll(() => {
    repo = example();
  });

  it('--format json: schema version 1, the three models, two failing, exit 1', async () => {
    const run = await modelgate(['check', repo, '--all', '--format', 'json', '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    const r = json(run);
    expect(r.schemaVersion).toBe(1);
    expect(r.tool.name).toBe('modelgate');
    expect(r.verdict).toBe('fail');
    expect(r.models.map((m) => [m.path, m.outcome, m.riskTier])).toEqual([
      ['models/churn-predictor', 'fail', 'limited'],
      ['models/doc-classifier', 'fail', 'minimal'],
      ['models/support-router', 'pass', 'high'],
    ]);
    expect(r.summary).toEqual({ models: 3, checks: 47, pass: 35, fail: 4, warn: 2, waived: 1, skipped: 5, error: 0 });
    expect(outcome(r, 'models/doc-classifier', 'datasets.hashes')).toMatchObject({ outcome: 'fail', file: 'datasets/support-docs-2025/datasheet.yml', line: 19 });
    expect(outcome(r, 'models/churn-predictor', 'card.sections')).toMatchObject({ outcome: 'waived', waiver: { approver: '@acme/governance-lead', expires: '2027-01-31' } });
    expect(r.waivers).toHaveLength(1);
    expect(r.policy.source).toMatch(/^\.github\/modelgate\.yml \(working tree /);
  });

  it('names the working tree as it was given: a report never carries the absolute path of the machine it ran on', async () => {
    const run = await modelgate(['check', basename(repo), '--as-of', AS_OF, '--format', 'json'], dirname(repo));
    const r = JSON.parse(run.stdout) as { policy: { source: string } };
    expect(r.policy.source).toBe(`.github/modelgate.yml (working tree ${basename(repo)})`);
    expect(run.stdout).not.toContain(dirname(repo));
  });

  it('--format text (the default) names the failing checks', async () => {
    const run = await modelgate(['check', repo, '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^modelgate: FAIL: 2 of 3 models fail governance checks\n/);
    expect(run.stdout).toMatch(/✗ audit\.reference +models\/churn-predictor\/README\.md references no audit record/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('--format markdown is the checklist', async () => {
    const run = await modelgate(['check', repo, '--all', '--format', 'markdown', '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('## ❌ modelgate: 2 of 3 models fail governance checks');
    expect(run.stdout).toContain('| ❌ | <code>models/churn-predictor</code> | limited | 3 failing: audit.reference, audit.fresh, carbon.estimate; 1 warning; 1 waived |');
    expect(run.stdout).toContain('- [ ] ❌ **datasets.hashes** (error)');
    expect(run.stdout).toContain('### Waivers');
  });

  it('--format sarif is SARIF 2.1.0 with one result per check that did not pass', async () => {
    const run = await modelgate(['check', repo, '--all', '--format', 'sarif', '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; suppressions?: unknown[]; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]?.results ?? [];
    expect(sarif.runs[0]?.tool.driver.rules).toHaveLength(20);
    expect(results.map((x) => `${x.ruleId}:${x.level}`).sort()).toEqual(
      ['audit.reference:error', 'audit.fresh:error', 'carbon.estimate:error', 'datasets.hashes:error', 'audit.independent:warning', 'audit.independent:warning', 'card.sections:note'].sort(),
    );
    const hashes = results.find((x) => x.ruleId === 'datasets.hashes');
    expect(hashes?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'datasets/support-docs-2025/datasheet.yml' }, region: { startLine: 19 } });
    expect(hashes?.message.text).toMatch(/^models\/doc-classifier: datasets\/support-docs-2025\/data\/docs\.csv: SHA-256 mismatch/);
    expect(results.find((x) => x.ruleId === 'card.sections')?.suppressions).toHaveLength(1);
  });

  it('--output writes the report to a file and nothing to standard output', async () => {
    const out = join(tempDir('modelgate-cli-out-'), 'report.json');
    const run = await modelgate(['check', repo, '--all', '--format', 'json', '--output', out, '--as-of', AS_OF]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`modelgate: fail (3 model(s)); report written to ${out}\n`);
    expect((JSON.parse(readFileSync(out, 'utf8')) as Report).models).toHaveLength(3);
  });

  it('--as-of makes results deterministic, and changes them: waivers expire, findings fall due', async () => {
    const once = json((await modelgate(['check', repo, '--format', 'json', '--as-of', AS_OF])));
    const again = json((await modelgate(['check', repo, '--format', 'json', '--as-of', AS_OF])));
    expect({ ...again, generatedAt: '' }).toEqual({ ...once, generatedAt: '' });
    expect((await modelgate(['check', repo, '--as-of', AS_OF])).stdout).toBe((await modelgate(['check', repo, '--as-of', AS_OF])).stdout);

    const later = json((await modelgate(['check', repo, '--format', 'json', '--as-of', '2027-02-15'])));
    expect(outcome(later, 'models/churn-predictor', 'card.sections').outcome).toBe('warn');
    expect(later.waivers[0]?.status).toBe('expired');
    expect(outcome(later, 'models/doc-classifier', 'audit.findings')).toMatchObject({ outcome: 'fail', message: expect.stringMatching(/F-1 .* is open and was due 2027-02-01/) });
    expect(outcome(later, 'models/doc-classifier', 'datasets.provenance').message).toMatch(/retention ended 2026-12-31/);
  });

  it('--as-of refuses what is not a date', async () => {
    const run = await modelgate(['check', repo, '--as-of', 'yesterday']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--as-of takes a date: YYYY-MM-DD/);
  });
});

describe('--base: which models a change touches', () => {
  it('a change to one model evaluates only that model (exit 0 when it passes)', async () => {
    const repo = example();
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nRetrained weekly.\n') });
    const r = await checkBase(repo, 0);
    expect(paths(r)).toEqual(['models/support-router']);
    expect(r.models[0]?.touchedBy).toEqual([ROUTER_CARD]);
    expect(r.verdict).toBe('pass');
  });

  it('a change to a failing model fails (exit 1), and only that model is shown', async () => {
    const repo = example();
    branchWith(repo, { [CHURN_CARD]: appendTo(repo, CHURN_CARD, '\nMore text.\n') });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/churn-predictor']);
    expect(outcome(r, 'models/churn-predictor', 'audit.reference').outcome).toBe('fail');
  });

  it('diffs from the merge base: what changed on main since the branch point is not the change', async () => {
    const repo = example();
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nRetrained weekly.\n') });
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, { 'models/doc-classifier/README.md': appendTo(repo, 'models/doc-classifier/README.md', '\nEdited on main.\n') });
    commit(repo, 'main moves on');
    git(repo, 'checkout', '-q', 'pr');
    expect(paths((await checkBase(repo, 0)))).toEqual(['models/support-router']);
  });

  it('a dataset manifest pulls in the models that use it', async () => {
    const repo = example();
    const sheet = 'datasets/support-tickets-2025/datasheet.yml';
    branchWith(repo, { [sheet]: appendTo(repo, sheet, '# reviewed 2026-11\n') });
    const r = await checkBase(repo, 0);
    expect(paths(r)).toEqual(['models/support-router']);
    expect(r.models[0]?.touchedBy).toEqual([sheet]);
    expect(r.models[0]?.facts.changedEvidence).toEqual([sheet]);
  });

  it('a data file a manifest lists pulls in its models, and a changed LFS pointer fails the hash', async () => {
    const repo = example();
    const data = 'datasets/customer-activity-2025/data/activity.parquet';
    branchWith(repo, { [data]: `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 3481902\n` });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/churn-predictor']);
    expect(outcome(r, 'models/churn-predictor', 'datasets.hashes')).toMatchObject({ outcome: 'fail', message: expect.stringMatching(/activity\.parquet: its Git LFS pointer oid mismatch/) });
  });

  it('a Croissant-listed data file pulls in its model', async () => {
    const repo = example();
    const data = 'datasets/support-eval-2025/data/eval.jsonl';
    branchWith(repo, { [data]: appendTo(repo, data, '{"id": "E-0011", "text": "new", "language": "en", "label": "billing"}\n') });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/support-router']);
    expect(outcome(r, 'models/support-router', 'datasets.hashes').message).toMatch(/eval\.jsonl: SHA-256 mismatch/);
  });

  it('an audit record pulls in the models that reference it', async () => {
    const repo = example();
    const record = 'audits/2026-06-doc-classifier.yml';
    branchWith(repo, { [record]: appendTo(repo, record, '  - id: F-2\n    title: "Overdue item"\n    severity: info\n    status: open\n    due: 2026-11-01\n') });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/doc-classifier']);
    expect(outcome(r, 'models/doc-classifier', 'audit.findings').message).toMatch(/F-2 "Overdue item" \(info\) is open and was due 2026-11-01/);
  });

  it('deleting a dataset manifest pulls in the models that named it', async () => {
    const repo = example();
    branchWith(repo, { 'datasets/customer-activity-2025/datasheet.yml': null });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/churn-predictor']);
    expect(outcome(r, 'models/churn-predictor', 'datasets.manifest')).toMatchObject({ outcome: 'fail', message: 'no manifest for "acme/customer-activity-2025"' });
  });

  it('deleting a card while the weights stay fails card.present', async () => {
    const repo = example();
    branchWith(repo, { [ROUTER_CARD]: null });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/support-router']);
    expect(outcome(r, 'models/support-router', 'card.present')).toMatchObject({ outcome: 'fail', message: expect.stringMatching(/^no model card in models\/support-router/) });
  });

  it('renaming the weights to another extension keeps the model evaluated', async () => {
    const repo = example();
    git(repo, 'checkout', '-q', '-b', 'pr');
    move(repo, 'models/support-router/model.safetensors', 'models/support-router/model.onnx');
    commit(repo, 'rename weights');
    const r = await checkBase(repo, 0);
    expect(paths(r)).toEqual(['models/support-router']);
    expect(r.models[0]?.touchedBy).toEqual(['models/support-router/model.onnx']);
  });

  it('moving a model directory out of models/ does not take it out of the gate (artifact rule)', async () => {
    const repo = example();
    git(repo, 'checkout', '-q', '-b', 'pr');
    move(repo, 'models/support-router', 'experimental/support-router');
    commit(repo, 'move the router out of models/');
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['experimental/support-router']);
    expect(outcome(r, 'experimental/support-router', 'card.present').outcome).toBe('pass');
    // Its audit covers models/support-router, not the new place.
    expect(outcome(r, 'experimental/support-router', 'audit.reference').message).toMatch(/does not cover experimental\/support-router/);
  });

  it('moving the weights alone out of models/, renamed, is a model without a card', async () => {
    const repo = example({ 'README.md': null });
    git(repo, 'checkout', '-q', '-b', 'pr');
    move(repo, 'models/support-router/model.safetensors', 'stash/router.pt');
    commit(repo, 'stash the weights');
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/support-router', 'stash']);
    expect(outcome(r, 'stash', 'card.present')).toMatchObject({ outcome: 'fail', message: 'no model card in stash (looked for README.md, MODEL_CARD.md, model_card.md)' });
  });

  it('--head chooses the revision evaluated', async () => {
    const repo = example();
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nRetrained weekly.\n') });
    writeFiles(repo, { [CHURN_CARD]: appendTo(repo, CHURN_CARD, '\nMore.\n') });
    commit(repo, 'second');
    expect(paths((await checkBase(repo, 0, '--head', 'HEAD~1')))).toEqual(['models/support-router']);
    expect(paths((await checkBase(repo, 1, '--head', 'pr')))).toEqual(['models/churn-predictor', 'models/support-router']);
  });

  it('a change outside every model and its evidence evaluates nothing and passes', async () => {
    const repo = example();
    branchWith(repo, { 'README.md': '# Acme\n', 'docs/notes.md': 'notes\n' });
    const r = await checkBase(repo, 0);
    expect(r.models).toEqual([]);
    expect((await modelgate(['check', repo, '--base', 'main', '--as-of', AS_OF])).stdout).toMatch(/^modelgate: PASS: no model changed/);
  });

  it('a repository in a subdirectory of the checkout is evaluated with its own policy and waivers', async () => {
    const files = Object.fromEntries(Object.entries(exampleFiles()).map(([p, c]) => [`ml/${p}`, c]));
    const repo = createRepo({ ...files, 'README.md': '# monorepo\n' }, 'modelgate-cli-');
    branchWith(repo, { [`ml/${CHURN_CARD}`]: appendTo(repo, `ml/${CHURN_CARD}`, '\nMore.\n'), 'README.md': '# monorepo!\n' });
    const r = await checkBase(join(repo, 'ml'), 1);
    expect(paths(r)).toEqual(['models/churn-predictor']);
    expect(r.policy.source).toMatch(/^\.github\/modelgate\.yml \(git [0-9a-f]{12}:ml\)$/);
    // The waiver in ml/.github/modelgate-waivers.yml applies.
    expect(outcome(r, 'models/churn-predictor', 'card.sections').outcome).toBe('waived');
    expect(r.models[0]?.touchedBy).toEqual([CHURN_CARD]);
  });
});

describe('--base: the policy and waivers of the base judge the change', () => {
  it('a change that switches every check off is judged by the base policy; the preview lists what it would change', async () => {
    const repo = example();
    branchWith(repo, {
      '.github/modelgate.yml': 'extends: baseline\nchecks: { card: off, datasets: off, audit: off, carbon: off }\n',
      [CHURN_CARD]: appendTo(repo, CHURN_CARD, '\nMore.\n'),
    });
    const r = await checkBase(repo, 1);
    expect(paths(r)).toEqual(['models/churn-predictor']);
    expect(outcome(r, 'models/churn-predictor', 'audit.reference').outcome).toBe('fail');
    expect(r.policy.source).toMatch(/^\.github\/modelgate\.yml \(git [0-9a-f]{12}\)$/);
    const preview = r.policy.preview;
    expect(preview).toMatchObject({ file: '.github/modelgate.yml', valid: true, errors: [] });
    expect(preview?.changes).toContainEqual({ model: 'models/churn-predictor', check: 'audit.reference', from: 'fail', to: 'skipped' });
    expect(preview?.changes).toContainEqual({ model: 'models/churn-predictor', check: 'carbon.estimate', from: 'fail', to: 'skipped' });
    // Merged, the policy would judge every model, not only those this change touches.
    expect(preview?.changes).toContainEqual({ model: 'models/doc-classifier', check: 'datasets.hashes', from: 'fail', to: 'skipped' });
    expect(preview?.changes).toContainEqual({ model: 'models/support-router', check: 'card.present', from: 'pass', to: 'skipped' });

    const md = await modelgate(['check', repo, '--base', 'main', '--format', 'markdown', '--as-of', AS_OF]);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain("It is **not** applied: the base branch's policy judged this change.");
    expect(md.stdout).toContain('| <code>models/doc-classifier</code> | datasets.hashes | ❌ fail | ➖ skipped |');
  });

  it('a change to the policy alone shows its effect on every model', async () => {
    const repo = example();
    branchWith(repo, { '.github/modelgate.yml': 'extends: strict\n' });
    const r = await checkBase(repo, 0);
    expect(r.models).toEqual([]);
    expect(r.policy.preview?.changes).toEqual([
      { model: 'models/churn-predictor', check: 'audit.independent', from: 'warn', to: 'fail' },
      { model: 'models/doc-classifier', check: 'audit.independent', from: 'warn', to: 'fail' },
    ]);
  });

  it('an invalid proposed policy is reported as such, and changes nothing', async () => {
    const repo = example();
    branchWith(repo, { '.github/modelgate.yml': 'checks:\n  card.presnt: off\n', [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nx\n') });
    const r = await checkBase(repo, 0);
    expect(r.policy.errors).toEqual([]);
    expect(r.policy.preview).toMatchObject({ valid: false, changes: [] });
    expect(r.policy.preview?.errors[0]).toMatch(/^\.github\/modelgate\.yml:2: unknown key checks\["card.presnt"\]/);
  });

  it('waivers added by the change waive nothing; the base waivers apply', async () => {
    const repo = example();
    const waivers = ['audit.reference', 'audit.fresh', 'carbon.estimate']
      .map((check) => `  - { model: models/churn-predictor, check: ${check}, reason: accepted-risk, approver: "@me", granted: 2026-11-20, expires: 2027-01-31 }`)
      .join('\n');
    branchWith(repo, { '.github/modelgate-waivers.yml': appendTo(repo, '.github/modelgate-waivers.yml', `${waivers}\n`), [CHURN_CARD]: appendTo(repo, CHURN_CARD, '\nMore.\n') });
    const r = await checkBase(repo, 1);
    expect(outcome(r, 'models/churn-predictor', 'audit.reference').outcome).toBe('fail');
    expect(outcome(r, 'models/churn-predictor', 'carbon.estimate').outcome).toBe('fail');
    expect(outcome(r, 'models/churn-predictor', 'card.sections').outcome).toBe('waived');
    expect(r.waivers.map((w) => [w.check, w.status])).toEqual([['card.sections', 'active']]);
    // The same file in the working tree, with --all, is the repository's own: it applies there.
    const all = json((await modelgate(['check', repo, '--all', '--format', 'json', '--as-of', AS_OF])));
    expect(outcome(all, 'models/churn-predictor', 'audit.reference').outcome).toBe('waived');
  });

  it('an invalid policy on the base branch is a configuration error: exit 2, even for a change that fixes it', async () => {
    const repo = example({ '.github/modelgate.yml': 'extends: baseline\nchecks:\n  card.presnt: error\n' });
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nx\n'), '.github/modelgate.yml': 'extends: baseline\n' });
    const run = await modelgate(['check', repo, '--base', 'main', '--as-of', AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^modelgate: FAIL: the modelgate configuration is invalid/);
    expect(run.stdout).toMatch(/! policy\.valid: \.github\/modelgate\.yml:3:3: unknown key checks\["card\.presnt"\]/);
    const r = await checkBase(repo, 2);
    expect(r.verdict).toBe('fail');
    expect(r.policy.preview).toMatchObject({ valid: true });
  });
});

describe('--base --merged: the merge result is judged, not the head', () => {
  /** A branch that touches support-router's card, cut before main removed the audit record its card cites. */
  function staleBranch(): string {
    const repo = example();
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nRetrained.\n') });
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, { 'audits/2026-09-support-router.yml': null });
    commit(repo, 'the audit record is withdrawn');
    git(repo, 'checkout', '-q', 'pr');
    return repo;
  }

  it('a branch that still holds a record the base removed passes as the head, fails as merged', async () => {
    const repo = staleBranch();
    expect(outcome((await checkBase(repo, 0)), 'models/support-router', 'audit.reference').outcome).toBe('pass');
    const merged = await checkBase(repo, 1, '--merged');
    expect(outcome(merged, 'models/support-router', 'audit.reference').outcome).toBe('fail');
    expect(paths(merged)).toEqual(['models/support-router']);
  });

  it('a conflict with the base is an error (exit 2) naming the file', async () => {
    const repo = example();
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nBranch.\n') });
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nMain.\n') });
    commit(repo, 'main edits the card');
    git(repo, 'checkout', '-q', 'pr');
    const run = await modelgate(['check', repo, '--base', 'main', '--merged', '--as-of', AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/--merged: [0-9a-f]{12} conflicts with [0-9a-f]{12} in models\/support-router\/README\.md/);
    expect((await modelgate(['check', repo, '--merged'])).stderr).toMatch(/--merged needs --base/);
  });
});

describe('exit codes and usage', () => {
  let repo: string;
  beforeAll(() => {
    repo = example();
    branchWith(repo, { [ROUTER_CARD]: appendTo(repo, ROUTER_CARD, '\nx\n') });
  });

  it('0 for a passing change, 1 for a failing one', async () => {
    expect((await modelgate(['check', repo, '--base', 'main', '--as-of', AS_OF])).code).toBe(0);
    expect((await modelgate(['check', repo, '--all', '--as-of', AS_OF])).code).toBe(1);
  });

  it.each([
    [['check', '--bogus'], /Unknown option '--bogus'/],
    [['check', 'REPO', '--all', '--base', 'main'], /--all and --base exclude each other/],
    [['check', 'REPO', '--base', 'no-such-ref'], /unknown git revision "no-such-ref"/],
    [['check', 'REPO', '--head', 'HEAD'], /--head needs --base/],
    [['check', 'REPO', '--format', 'html'], /--format must be one of text, markdown, json, sarif/],
    [['check', 'REPO', 'other'], /check takes one directory/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['check', 'NOT_GIT', '--base', 'main'], /--base needs a git checkout/],
  ])('2 for usage errors: %j', async (args, message) => {
    const plain = tempDir('modelgate-cli-plain-');
    const run = await modelgate(args.map((a) => (a === 'REPO' ? repo : a === 'NOT_GIT' ? plain : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('--help exits 0 and documents every option of check (the built binary)', () => {
    const run = modelgateBinary(['--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--base', '--head', '--all', '--config', '--format', '--output', '--as-of', '--verbose', '--no-color', '--help', '--version']) {
      expect(run.stdout, flag).toContain(flag);
    }
    for (const format of ['text', 'markdown', 'json', 'sarif']) expect(run.stdout).toContain(format);
    expect(run.stdout).toMatch(/0 +every changed model passes/);
    expect(modelgateBinary(['check', '-h']).stdout).toBe(run.stdout);
  });

  it('--config replaces the repository policy', async () => {
    const cfg = join(tempDir('modelgate-cli-cfg-'), 'lenient.yml');
    writeFiles(join(cfg, '..'), { 'lenient.yml': 'extends: baseline\nchecks: { audit: off, carbon: off, datasets.hashes: off }\n' });
    const run = await modelgate(['check', repo, '--all', '--config', cfg, '--format', 'json', '--as-of', AS_OF]);
    expect(run.code).toBe(0);
    expect(json(run).policy.source).toBe(cfg);
    expect((await modelgate(['check', repo, '--config', join(cfg, '..', 'missing.yml')])).stderr).toMatch(/cannot read --config/);
  });
});
