// Gate-bypass attempts by a pull request author, through the Action: each is a real commit on the
// pull request's head in the fixture repository (examples/acme-ml, where churn-predictor fails and
// support-router passes), checked by the Action's logic in process (runActionInProcess) against the
// fake GitHub API, and by the committed bundle (dist/index.js) for a handful: the policy's waivers,
// a model moved, a file outside the repository, pull_request_target. Each must still
// fail, or (where the change is allowed) show the reviewer what the pull request did to its evidence.
//
// Comments marked FIXED describe a defect this suite found and the fix that closed it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, write } from '../adapters/fixture.js';
import * as W from '../evidence/weightsSamples.js';
import { type FakeComment } from '../action/fakeGitHub.js';
import { appendTo, checkout, commitOnBase, openPullRequest, OWNER, publishRef, publishTestMerge, REPO, runAction, runActionInProcess, useActionEnvironment, type RunOptions, type RunResult } from '../action/harness.js';

const PR = 7;
const ROUTER = 'models/support-router';
const CHURN = 'models/churn-predictor';
const SHEET = 'datasets/support-tickets-2025/datasheet.yml';
const AUDIT = 'audits/2026-09-support-router.yml';
/** What churn-predictor fails in the example repository, under its (baseline) policy. */
const CHURN_FAILS = ['audit.reference', 'audit.fresh', 'carbon.estimate'];

const env = useActionEnvironment();

const isoDay = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const touchChurn = (dir: string) => appendTo(dir, `${CHURN}/README.md`, '\nFeature list refreshed.\n');
const touchRouter = (dir: string) => appendTo(dir, `${ROUTER}/README.md`, '\nRetrained on the same data; no metric moved.\n');
const edit = (dir: string, path: string, change: (text: string) => string) => write(dir, path, change(readFileSync(join(dir, path), 'utf8')));
/** support-router's high-severity finding F-3, accepted in the example, re-opened (so the model fails). */
const reopenF3 = (dir: string) =>
  edit(dir, AUDIT, (t) => t.replace(/status: accepted\n\s+owner: "@acme\/ml-platform"\n\s+accepted_by: "@acme\/governance-lead"/, `status: open\n    due: ${isoDay(30)}\n    owner: "@acme/ml-platform"`));
const gitMv = (dir: string, from: string, to: string) => {
  mkdirSync(join(dir, to, '..'), { recursive: true });
  renameSync(join(dir, from), join(dir, to));
};

async function prRun(change: (dir: string) => void, extra: Partial<RunOptions> = {}, runner: (o: RunOptions) => Promise<RunResult> = runActionInProcess): Promise<RunResult & { headSha: string }> {
  const { event, headSha } = openPullRequest(env.fx, env.github, PR, change);
  const r = await runner({ workspace: checkout(env.fx, 'shallow'), eventName: 'pull_request', event, apiUrl: env.github.url, ...extra });
  return { ...r, headSha };
}

function comments(): FakeComment[] {
  return env.github.comments.get(PR) ?? [];
}

interface JsonReport {
  verdict: string;
  policy: { source: string; errors: unknown[] };
  models: { path: string; outcome: string; recognised?: string; checks: { id: string; outcome: string; message: string }[]; facts: { changedEvidence: string[] } }[];
  waivers: { model: string; check: string }[];
}

function report(r: RunResult): JsonReport {
  return JSON.parse(readFileSync(r.outputs['report-json'] ?? '', 'utf8')) as JsonReport;
}

function failedChecks(r: RunResult): string[] {
  return (r.outputs['failed-checks'] ?? '').split(',').filter(Boolean);
}

/** The step failed on the verdict (not on an error of its own), and names `model:check` among the failures. */
function expectGateFails(r: RunResult, ...modelChecks: string[]): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.outputs.verdict).toBe('fail');
  expect(failedChecks(r)).toEqual(expect.arrayContaining(modelChecks));
  expect(r.summary).toMatch(/❌ modelgate: \d+ of \d+ models? fails? governance checks/);
  expect(comments()).toHaveLength(1);
  expect(comments()[0]?.body).toContain('❌ modelgate');
}

describe('the change cannot choose the rules that judge it', () => {
  it('waivers for its own failures, added to the waivers file by the pull request, are not applied', async () => {
    const waivers = CHURN_FAILS.map((check) => `  - { model: ${CHURN}, check: ${check}, reason: accepted-risk, approver: "@acme/governance-lead", granted: ${isoDay(0)}, expires: ${isoDay(30)} }`);
    const r = await prRun((dir) => {
      touchChurn(dir);
      appendTo(dir, '.github/modelgate-waivers.yml', `${waivers.join('\n')}\n`);
    }, {}, runAction);

    expectGateFails(r, ...CHURN_FAILS.map((c) => `${CHURN}:${c}`));
    const churn = report(r).models.find((m) => m.path === CHURN);
    expect(churn?.checks.filter((c) => c.outcome === 'waived').map((c) => c.id)).toEqual(['card.sections']); // the base's one waiver, nothing more
    expect(report(r).waivers.filter((w) => CHURN_FAILS.includes(w.check))).toEqual([]);
  });

  it('a new waivers file in a pull request on a base without one is not applied either', async () => {
    // The base loses its waivers file first (merged earlier); the pull request brings its own.
    commitOnBase(env.fx, 'no waivers', (dir) => {
      rmSync(join(dir, '.github/modelgate-waivers.yml'));
    });
    const r = await prRun((dir) => {
      touchChurn(dir);
      write(dir, '.github/modelgate-waivers.yml', `waivers:\n  - { model: ${CHURN}, check: audit.reference, reason: accepted-risk, approver: "@acme/governance-lead", granted: ${isoDay(0)}, expires: ${isoDay(30)} }\n`);
    });

    expectGateFails(r, `${CHURN}:audit.reference`);
    expect(report(r).waivers).toEqual([]);
  });

  it('waivers written into the policy file by the pull request: not applied, and the proposal is shown as invalid', async () => {
    const r = await prRun((dir) => {
      touchChurn(dir);
      appendTo(dir, '.github/modelgate.yml', `\nwaivers:\n  - { model: ${CHURN}, check: audit.reference, reason: accepted-risk, approver: "@me", granted: ${isoDay(0)}, expires: ${isoDay(30)} }\n`);
    });

    expectGateFails(r, ...CHURN_FAILS.map((c) => `${CHURN}:${c}`));
    expect(report(r).policy.errors).toEqual([]); // the base policy judged, and it is valid
    expect(r.summary).toContain('Policy change in this pull request');
    expect(r.summary).toContain('The proposed policy is invalid');
    expect(comments()[0]?.body).toContain('The proposed policy is invalid');
  });
});

describe('evidence removed or moved while the weights stay', () => {
  it('the card deleted, the weights kept: card.present fails', async () => {
    const r = await prRun((dir) => rmSync(join(dir, `${ROUTER}/README.md`)));
    expectGateFails(r, `${ROUTER}:card.present`);
  });

  for (const ext of ['bin', 'pt', 'gguf', 'safetensors', 'ONNX', 'weights']) {
    it(`weights renamed model.onnx -> model.${ext} (nothing else changed): the model is still gated`, async () => {
      const r = await prRun((dir) => gitMv(dir, `${CHURN}/model.onnx`, `${CHURN}/model.${ext}`));
      expectGateFails(r, ...CHURN_FAILS.map((c) => `${CHURN}:${c}`));
    });
  }

  it('the whole model moved out of the model roots (models/*), card and weights together: still a model, still failing', async () => {
    const r = await prRun((dir) => gitMv(dir, CHURN, 'ml/churn-predictor'), {}, runAction);
    expectGateFails(r, 'ml/churn-predictor:audit.reference', 'ml/churn-predictor:carbon.estimate');
  });

  it('only the weights moved out of the model roots: the directory above with a card becomes the model, and fails', async () => {
    const r = await prRun((dir) => gitMv(dir, `${CHURN}/model.onnx`, 'tools/shadow/churn.onnx'));
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    const touched = report(r).models.filter((m) => m.outcome === 'fail').map((m) => m.path);
    expect(touched.length).toBeGreaterThan(0);
  });
});

describe('weights saved under unlisted names outside the model roots: recognised by their bytes', () => {
  it('a .npz, an extension-less GGUF file and a 2 MiB safetensors shard each make a model that fails, and say why', async () => {
    const added: [string, Uint8Array, string][] = [
      ['exports/a/weights.npz', W.npz(), 'NumPy (.npz)'],
      ['exports/b/llm', W.gguf(), 'GGUF'],
      ['exports/c/shard.msgpack', W.concat(W.safetensors(), W.noise(2 * 1024 * 1024, 5)), 'safetensors'],
    ];
    const r = await prRun((dir) => {
      // A card beside each, so that each directory is a model of its own.
      for (const [file, content] of added) {
        write(dir, file, content);
        write(dir, `${file.slice(0, file.lastIndexOf('/'))}/README.md`, '# exported\n');
      }
      write(dir, 'exports/d/diagram.png', W.png());
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    const models = report(r).models;
    for (const [file, , format] of added) {
      expect(models.find((m) => m.recognised?.includes(file))?.recognised, file).toContain(`${file} is ${format}`);
      expect(failedChecks(r), file).toContain(`${file.slice(0, file.lastIndexOf('/'))}:card.metadata`);
    }
    expect(models.some((m) => m.path === 'exports/d')).toBe(false);
    expect(comments()[0]?.body).toContain('Found by: weights recognised by their bytes');
  });
});

describe('dataset files outside the repository', () => {
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd') : Buffer.from('root:x:0:0:root:/root:/bin/sh\n');
  const passwdSha = createHash('sha256').update(passwd).digest('hex');
  /** The manifest lists `path` with the real hash of /etc/passwd: following the path would make it pass. */
  const listFile = (path: string) => (dir: string) =>
    edit(dir, SHEET, (t) => t.replace('files:\n', `files:\n  - path: ${JSON.stringify(path)}\n    sha256: "${passwdSha}"\n    size: ${passwd.length}\n`));

  const cases: [string, (dir: string) => void][] = [
    ['a path that climbs out (../../../etc/passwd)', listFile('../../../etc/passwd')],
    ['an absolute path (/etc/passwd)', listFile('/etc/passwd')],
    [
      'a committed symbolic link to /etc/passwd',
      (dir) => {
        symlinkSync('/etc/passwd', join(dir, 'datasets/support-tickets-2025/data/extra.csv'));
        listFile('data/extra.csv')(dir);
      },
    ],
    [
      'a committed relative symbolic link that climbs out',
      (dir) => {
        symlinkSync('../../../../../../../../../../etc/passwd', join(dir, 'datasets/support-tickets-2025/data/extra.csv'));
        listFile('data/extra.csv')(dir);
      },
    ],
  ];
  for (const [name, change] of cases) {
    it(`${name}: datasets.hashes fails, and nothing of the file is read`, async () => {
      const r = await prRun((dir) => {
        change(dir);
        touchRouter(dir);
      });

      expectGateFails(r, `${ROUTER}:datasets.hashes`);
      const firstLine = passwd.toString('utf8').split('\n')[0] ?? 'root:x:0:0';
      for (const text of [r.summary, comments()[0]?.body ?? '', readFileSync(r.outputs['report-json'] ?? '', 'utf8'), r.stdout]) {
        expect(text).not.toContain(firstLine);
      }
    });
  }

  it('a manifest edited alone (its model untouched) still gates the model that names the dataset', async () => {
    const r = await prRun(listFile('/etc/passwd'), {}, runAction);
    expectGateFails(r, `${ROUTER}:datasets.hashes`);
  });
});

describe('evidence the pull request changes for itself', () => {
  it('audit findings marked remediated in the same pull request: allowed, and the report shows the evidence changed here', async () => {
    // The base: support-router's high-severity finding F-3 is open, so the model fails.
    commitOnBase(env.fx, 'F-3 reopened', reopenF3);

    const control = await prRun(touchRouter);
    expect(control.code, control.stdout).toBe(1);
    expect(failedChecks(control)).toContain(`${ROUTER}:audit.findings`);

    // The pull request closes the finding itself, touching nothing else.
    const r = await prRun((dir) => edit(dir, AUDIT, (t) => t.replace(/(id: F-3\n[^\n]*\n[^\n]*\n\s+status: )open/, '$1remediated')));
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    const router = report(r).models.find((m) => m.path === ROUTER);
    expect(router?.facts.changedEvidence).toContain(AUDIT);
    for (const text of [r.summary, comments()[0]?.body ?? '']) {
      expect(text).toContain('**Evidence edited in this change:**');
      expect(text).toContain(AUDIT);
    }
    expect(comments()).toHaveLength(1);
  });
});

describe('the workflow and the config input', () => {
  const allOff = 'extends: baseline\nmodels:\n  roots: ["models/*"]\nchecks:\n  card: off\n  datasets: off\n  audit: off\n  carbon: off\n';

  it('a pull request that edits .github/workflows is gated on its model change like any other', async () => {
    const r = await prRun((dir) => {
      touchChurn(dir);
      write(dir, '.github/workflows/modelgate.yml', 'name: modelgate\non: pull_request\njobs:\n  modelgate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 0\n');
    });
    expectGateFails(r, ...CHURN_FAILS.map((c) => `${CHURN}:${c}`));
  });

  it('a config input naming a policy file the base has: the base version judges, the pull request\'s edit is only previewed', async () => {
    commitOnBase(env.fx, 'policy in ci/', (dir) => {
      write(dir, 'ci/modelgate.yml', readFileSync(join(dir, '.github/modelgate.yml'), 'utf8'));
    });

    const r = await prRun(
      (dir) => {
        touchChurn(dir);
        write(dir, 'ci/modelgate.yml', allOff);
      },
      { with: { config: 'ci/modelgate.yml' } },
    );
    expectGateFails(r, ...CHURN_FAILS.map((c) => `${CHURN}:${c}`));
    expect(report(r).policy.source).toContain('ci/modelgate.yml');
    expect(report(r).policy.source).toContain(env.fx.baseSha.slice(0, 12));
    expect(r.summary).toContain('Policy change in this pull request');
  });

  // FIXED (issue 12): a `config` path only the pull request had made the base's own
  // .github/modelgate.yml give way to the built-in baseline. A path missing on the base is an error.
  it('a config input pointed at a policy file only the pull request has (a workflow edit): an error, never the baseline', async () => {
    const r = await prRun(
      (dir) => {
        touchChurn(dir);
        write(dir, 'ci/lenient.yml', allOff);
        write(dir, '.github/workflows/modelgate.yml', 'on: pull_request\njobs:\n  modelgate:\n    steps:\n      - uses: modelgate/modelgate@v1\n        with: { config: ci/lenient.yml }\n');
      },
      { with: { config: 'ci/lenient.yml' } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.outputs['report-json']).toBe('');
    expect(r.stdout).toContain(`config: "ci/lenient.yml" is not in the base revision, git ${env.fx.baseSha.slice(0, 12)} (only the change being judged has it)`);
    expect(r.summary).toContain('modelgate could not complete');
    expect(r.summary).not.toMatch(/✅/);
  });

  it('a config input naming a file the base lacks, on a base without any policy: an error too, not the baseline', async () => {
    commitOnBase(env.fx, 'no policy file: the baseline applies', (dir) => {
      rmSync(join(dir, '.github/modelgate.yml'));
    });
    const r = await prRun((dir) => {
      touchRouter(dir);
      write(dir, 'ci/lenient.yml', allOff);
    }, { with: { config: 'ci/lenient.yml' } });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('error');
  });

  it('a pull request that edits the workflow running modelgate is flagged to reviewers in the summary and the comment', async () => {
    const r = await prRun(
      (dir) => {
        touchRouter(dir);
        write(dir, '.github/workflows/modelgate.yml', 'on: pull_request\njobs:\n  modelgate:\n    steps:\n      - uses: modelgate/modelgate@v1\n        with: { fail-on: never }\n');
      },
      { with: { 'fail-on': 'never' }, env: { GITHUB_WORKFLOW_REF: 'acme/models/.github/workflows/modelgate.yml@refs/pull/7/merge' } },
    );
    expect(r.code, r.stdout).toBe(0);
    for (const text of [r.summary, comments()[0]?.body ?? '']) {
      expect(text).toContain('This change edits the workflow that runs modelgate');
      expect(text).toContain('modelgate.yml');
    }
    expect(r.stdout).toMatch(/^::warning title=modelgate%3A the workflow is edited here::This change edits the workflow/m);
  });
});

describe('the sticky comment belongs to the token\'s own account', () => {
  const MARKERS = '<!-- modelgate:comment -->\n<!-- modelgate:source=action -->\n';
  const seed = (login: string, type: 'User' | 'Bot', body: string): FakeComment => ({ id: 1, body, user: { login, type }, html_url: 'h', created_at: '', updated_at: '' });

  // FIXED (issue 12): with the workflow's GITHUB_TOKEN (GET /user answers 403) any bot's comment
  // carrying the markers was adopted: an outsider who got the App to echo them had the Action
  // overwrite the App's reply. The token's account now comes from GraphQL's viewer.
  it('the modelgate App echoing the markers verbatim: its reply is left alone and the Action writes its own', async () => {
    const echoed = `${MARKERS}@contributor asked: /modelgate waive …`;
    env.github.comments.set(PR, [seed('modelgate[bot]', 'Bot', echoed)]);
    const r = await prRun(touchChurn);
    expect(r.code, r.stdout).toBe(1);
    expect(comments()).toHaveLength(2);
    expect(comments()[0]?.body).toBe(echoed);
    expect(comments()[1]?.user.login).toBe('github-actions[bot]');
    expect(env.github.calls('PATCH', /\/issues\/comments\/1$/)).toEqual([]);
    expect(env.github.calls('POST', /^\/graphql$/).length).toBeGreaterThan(0);
  });

  it('with a GitHub App\'s token, a github-actions[bot] comment carrying the markers (another workflow) is not adopted', async () => {
    await env.replaceGitHub({ tokenLogin: null, commentAuthor: { login: 'acme-gate[bot]', type: 'Bot' } });
    const other = `${MARKERS}echoed by another workflow`;
    env.github.comments.set(PR, [seed('github-actions[bot]', 'Bot', other)]);
    const { event } = openPullRequest(env.fx, env.github, PR, touchChurn);
    const workspace = checkout(env.fx, 'shallow');
    for (let run = 0; run < 2; run++) {
      const r = await runActionInProcess({ workspace, eventName: 'pull_request', event, apiUrl: env.github.url });
      expect(r.code, r.stdout).toBe(1);
    }
    expect(comments().map((c) => c.user.login)).toEqual(['github-actions[bot]', 'acme-gate[bot]']);
    expect(comments()[0]?.body).toBe(other);
    expect(env.github.calls('POST', /\/issues\/\d+\/comments$/)).toHaveLength(1);
  });

  it('markers in a model\'s name do not survive into the comment, so a re-run still finds exactly its own', async () => {
    const name = 'x <!-- modelgate:comment --> <!-- modelgate:source=action --> y';
    const r = await prRun((dir) => {
      touchChurn(dir);
      gitMv(dir, CHURN, `models/${name}`);
    });
    expect(r.code, r.stdout).toBe(1);
    const body = comments()[0]?.body ?? '';
    expect(body).toContain('modelgate:source=action --> y');
    expect(body.split('<!-- modelgate:comment -->')).toHaveLength(2);
    expect(body.split('<!-- modelgate:source=action -->')).toHaveLength(2);
    expect(r.summary).not.toContain('<!-- modelgate:');
  });
});

// FIXED (issue 11): the Action judged the pull request's head. When the base moved after the branch
// was cut, the head still held stale copies of the evidence, passed, and the merge brought the change
// onto a base where it fails. The Action now judges the merge result.
describe('the merge result is judged, not the head', () => {
  /** The base moves on after the branch was cut: support-router's finding F-3 is re-opened there. */
  function reopenFindingOnBase(): string {
    const branchPoint = env.fx.baseSha;
    commitOnBase(env.fx, 'F-3 re-opened', reopenF3);
    return branchPoint;
  }

  const dropRef = (ref: string) => git(env.fx.remote, 'update-ref', '-d', ref);

  it('a branch cut before the base re-opened an audit finding: fails on the finding, and names the merge commit and base judged', async () => {
    const branchPoint = reopenFindingOnBase();
    const { event, headSha } = openPullRequest(env.fx, env.github, PR, touchRouter, { parent: branchPoint });
    const merge = git(env.fx.remote, 'rev-parse', `refs/pull/${PR}/merge`).trim();
    const r = await runActionInProcess({ workspace: checkout(env.fx, 'shallow'), eventName: 'pull_request', event, apiUrl: env.github.url, sha: merge });

    expectGateFails(r, `${ROUTER}:audit.findings`);
    for (const text of [r.summary, comments()[0]?.body ?? '']) {
      expect(text).toContain(`judged: GitHub's test merge commit ${merge.slice(0, 12)}`);
      expect(text).toContain(`policy from the base ${env.fx.baseSha.slice(0, 12)}`);
      expect(text).toContain(headSha.slice(0, 12));
    }
  });

  it('pull_request_target (GITHUB_SHA is the base): the test merge commit is fetched from refs/pull/N/merge', async () => {
    const branchPoint = reopenFindingOnBase();
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter, { parent: branchPoint });
    const r = await runAction({ workspace: checkout(env.fx, 'shallow'), eventName: 'pull_request_target', event, apiUrl: env.github.url, sha: env.fx.baseSha });
    expectGateFails(r, `${ROUTER}:audit.findings`);
    expect(r.stdout).toContain(`judged: GitHub's test merge commit ${git(env.fx.remote, 'rev-parse', `refs/pull/${PR}/merge`).trim().slice(0, 12)} (refs/pull/${PR}/merge)`);
  });

  it('no usable test merge commit (refs/pull/N/merge still merges an older head), full history: merged here with git, and still fails', async () => {
    const branchPoint = reopenFindingOnBase();
    openPullRequest(env.fx, env.github, PR, touchChurn, { parent: branchPoint });
    const stale = git(env.fx.remote, 'rev-parse', `refs/pull/${PR}/merge`).trim();
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter, { parent: branchPoint });
    git(env.fx.remote, 'update-ref', `refs/pull/${PR}/merge`, stale); // GitHub has not caught up with the push
    // pull_request_target: GITHUB_SHA is the base, so refs/pull/N/merge is all GitHub offers.
    const r = await runActionInProcess({ workspace: checkout(env.fx, 'full'), eventName: 'pull_request_target', event, apiUrl: env.github.url, sha: env.fx.baseSha });
    expectGateFails(r, `${ROUTER}:audit.findings`);
    expect(r.stdout).toContain('made with git merge-tree');
    expect(r.stdout).toContain(`GitHub's test merge commit ${stale.slice(0, 12)} (refs/pull/${PR}/merge) is not a merge of the head`);
  });

  it('no test merge commit (pull_request_target) and a shallow checkout: fails closed, saying why and what to do', async () => {
    const branchPoint = reopenFindingOnBase();
    const { event } = openPullRequest(env.fx, env.github, PR, touchRouter, { parent: branchPoint });
    dropRef(`refs/pull/${PR}/merge`);
    const r = await runActionInProcess({ workspace: checkout(env.fx, 'shallow'), eventName: 'pull_request_target', event, apiUrl: env.github.url, sha: env.fx.baseSha });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.stdout).toContain(`cannot establish what pull request #${PR} would merge into ${env.fx.baseSha.slice(0, 12)}`);
    expect(r.stdout).toContain('fetch-depth: 0');
  });

  it('a pull request that conflicts with its base: fails closed naming the conflicting file, never judges the head', async () => {
    const branchPoint = env.fx.baseSha;
    commitOnBase(env.fx, 'base edits the card', (dir) => {
      appendTo(dir, `${ROUTER}/README.md`, '\nBase: retrained in November.\n');
    });
    const { event } = openPullRequest(env.fx, env.github, PR, (dir) => appendTo(dir, `${ROUTER}/README.md`, '\nBranch: retrained in December.\n'), { parent: branchPoint });
    expect(git(env.fx.remote, 'for-each-ref', `refs/pull/${PR}/merge`).trim()).toBe(''); // GitHub makes no merge commit

    // GitHub runs no pull_request workflow for a conflicting pull request; pull_request_target it does.
    const r = await runActionInProcess({ workspace: checkout(env.fx, 'full'), eventName: 'pull_request_target', event, apiUrl: env.github.url, sha: env.fx.baseSha });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.stdout).toContain(`pull request #${PR} conflicts with its base ${env.fx.baseSha.slice(0, 12)} in ${ROUTER}/README.md`);
    expect(comments()).toEqual([]);
  });

  it('a merge queue supplies the merged commit: the same change fails there too', async () => {
    const branchPoint = reopenFindingOnBase();
    const { headSha } = openPullRequest(env.fx, env.github, PR, touchRouter, { parent: branchPoint });
    const merged = publishTestMerge(env.fx, PR, headSha) ?? '';
    const queue = `refs/heads/gh-readonly-queue/main/pr-${PR}-${env.fx.baseSha}`;
    publishRef(env.fx, queue, merged);
    const r = await runActionInProcess({
      workspace: checkout(env.fx, 'shallow'),
      eventName: 'merge_group',
      event: { action: 'checks_requested', merge_group: { head_sha: merged, head_ref: queue, base_sha: env.fx.baseSha, base_ref: 'refs/heads/main' }, repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main' } },
      apiUrl: env.github.url,
    });
    expect(r.code, r.stdout).toBe(1);
    expect(failedChecks(r)).toContain(`${ROUTER}:audit.findings`);
  });
});

// Issue 11 item 1, through the committed bundle: the Action's change set comes from GitHub's file
// list (computed here by git, as GitHub does) and the head is read from git objects.
describe('links and submodules where a model or its weights are', () => {
  const card = () => readFileSync(join(env.fx.author, ROUTER, 'README.md'), 'utf8');
  const link = (dir: string, path: string, target: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    symlinkSync(target, join(dir, path));
  };
  const embeddedRepository = (at: string) => {
    mkdirSync(at, { recursive: true });
    git(at, 'init', '-q');
    write(at, 'model.safetensors', 'weights');
    git(at, 'add', '-A');
    git(at, 'commit', '-q', '-m', 'weights');
  };
  const entries = (r: RunResult, model: string) => report(r).models.find((m) => m.path === model)?.checks.find((c) => c.id === 'model.entries');

  const cases: [string, (dir: string) => void, string, RegExp][] = [
    ['a new model whose weights file is a link', (dir) => (write(dir, 'models/new/README.md', card()), link(dir, 'models/new/model.safetensors', '/mnt/share/new.safetensors')), 'models/new', /^models\/new\/model\.safetensors is a symbolic link to "\/mnt\/share\/new\.safetensors"/],
    ['a model directory that is a link', (dir) => link(dir, 'models/new', '/mnt/share/new'), 'models/new', /^models\/new is a symbolic link/],
    // A repository inside the checkout: `git add -A` records it as a gitlink (mode 160000), as `git submodule add` does.
    ['a model added as a submodule', (dir) => embeddedRepository(join(dir, 'models/new')), 'models/new', /^models\/new is a git submodule/],
    ['a link at a weights name outside every root', (dir) => link(dir, 'tools/shadow/model.onnx', '../../models/churn-predictor/model.onnx'), 'tools/shadow', /^tools\/shadow\/model\.onnx is a symbolic link/],
    ['weights of a passing model replaced by a link (a type change)', (dir) => (rmSync(join(dir, ROUTER, 'model.safetensors')), link(dir, `${ROUTER}/model.safetensors`, '/mnt/other.safetensors')), ROUTER, /is a symbolic link to "\/mnt\/other\.safetensors"/],
  ];
  for (const [name, change, model, why] of cases) {
    it(`${name}: the model is touched and model.entries fails the gate`, async () => {
      const r = await prRun(change);
      expectGateFails(r, `${model}:model.entries`);
      expect(entries(r, model)?.message).toMatch(why);
    });
  }

  describe('models.links: inside on the base', () => {
    const allowInside = () =>
      commitOnBase(env.fx, 'links inside the repository are allowed', (dir) => edit(dir, '.github/modelgate.yml', (t) => t.replace('roots: ["models/*"]', 'roots: ["models/*"]\n  links: inside')));
    it('a weights link inside the repository is judged as its target: the passing model still passes', async () => {
      allowInside();
      const r = await prRun((dir) => link(dir, `${ROUTER}/model-v2.safetensors`, 'model.safetensors'));
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(report(r).models.map((m) => m.path)).toEqual([ROUTER]);
      expect(entries(r, ROUTER)).toBeUndefined();
    });
    for (const [name, target, why] of [
      ['a link escaping the repository', '../../../../../etc/passwd', /which leaves the repository/],
      ['a dangling link', 'model-v3.safetensors', /a dangling link/],
    ] as const) {
      it(`${name} still fails`, async () => {
        allowInside();
        const r = await prRun((dir) => link(dir, `${ROUTER}/model-v2.safetensors`, target));
        expectGateFails(r, `${ROUTER}:model.entries`);
        expect(entries(r, ROUTER)?.message).toMatch(why);
      });
    }
  });
});

// Issue 11 items 4 and 5 through the committed bundle: audit records apply by scope, cited or not,
// and a dataset entry that is not text is an error, not a dataset the model silently stops using.
describe('audits by scope and list entries', () => {
  const PENTEST = 'audits/2026-11-pentest.yml';
  const pentest = `id: AUD-2026-020\nauditor: { name: Red Team LLP, independent: true }\ndate: ${isoDay(-20)}\nscope: [${ROUTER}]\nfindings:\n  - { id: F-1, title: Prompt injection through ticket text, severity: critical, status: open, due: ${isoDay(200)} }\n`;
  const cite = (records: string[]) => (t: string) => t.replace(/ {2}audits:\n(?: {4}- .*\n)+/, `  audits:\n${records.map((r) => `    - ${r}\n`).join('')}`);

  it('a pull request that stops citing a record whose scope still covers the model fails on its open finding', async () => {
    commitOnBase(env.fx, 'pentest of the router', (dir) => {
      write(dir, PENTEST, pentest);
      edit(dir, `${ROUTER}/README.md`, cite([AUDIT, PENTEST]));
    });
    const r = await prRun((dir) => edit(dir, `${ROUTER}/README.md`, cite([AUDIT])));
    expectGateFails(r, `${ROUTER}:audit.findings`);
    const findings = report(r).models.find((m) => m.path === ROUTER)?.checks.find((c) => c.id === 'audit.findings');
    expect(findings?.message).toContain('AUD-2026-020/F-1');
  });

  it('a dataset entry written as a mapping fails card.metadata', async () => {
    const r = await prRun((dir) => edit(dir, `${ROUTER}/README.md`, (t) => t.replace('  - acme/support-eval-2025\n', '  - { name: acme/support-eval-2025 }\n')));
    expectGateFails(r, `${ROUTER}:card.metadata`);
    const metadata = report(r).models.find((m) => m.path === ROUTER)?.checks.find((c) => c.id === 'card.metadata');
    expect(metadata?.message).toMatch(/`datasets` entry 2 is a mapping/);
  });
});
