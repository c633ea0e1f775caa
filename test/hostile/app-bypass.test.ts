// Gate-bypass attempts against the App by a pull request's author (who may have write access):
// choosing the rules in the pull request, granting waivers to themselves (in the waivers file, in
// comments, by editing a reviewer's comment, in the pull request body), hiding the model (deleting
// the card, renaming or moving the weights), reading outside the repository, marking findings
// remediated, and loosening the organisation's floor. Each must still fail, or, where the change is
// allowed, say so where the reviewer reads it. In process: Probot + nock answering from the GitHub
// simulation (test/app/harness.ts).
// Already covered in test/app/ and not repeated: a PR that sets `audit: off` (policy.test.ts), the
// author's own waiver comment without a role lookup, a triage user's and a bot's waiver comments
// (waivers.test.ts), a repository config that raises max_age_days or lowers a level below the floor.
//
// Comments marked FIXED describe a defect this suite found and the fix that closed it.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { FINDING_LABEL, issueBody, issueTitle, type FindingState } from '../../app/findingIssue.js';
import { cellCode } from '../../src/report/escape.js';
import { exampleRevision, invariantProblems, probotWithApp, R, receive, refuseNetwork, routedSim } from '../app/harness.js';
import { checkRunRerequested, issueCommentEvent, pullRequestEvent, pushEvent } from '../app/payloads.js';
import { answerOf } from '../../app/blobLoader.js';
import { BOT, gitBlobSha, GitHubSim, mergeOf, revision, withFiles, type Revision, type SimPull } from '../app/sim.js';
import * as W from '../evidence/weightsSamples.js';

const CONFIG = '.github/modelgate.yml';
const WAIVERS = '.github/modelgate-waivers.yml';
const CHURN = 'models/churn-predictor';
const ROUTER = 'models/support-router';
const ROUTER_AUDIT = 'audits/2026-09-support-router.yml';
/** What churn-predictor lacks under the base policy: an audit (reference, freshness) and a carbon estimate. */
const CHURN_FAILS = /^1 model: audit missing and carbon estimate missing for models\/churn-predictor$/;
const waive = (check: string, until = '2027-01-15') => `/modelgate waive ${CHURN} ${check} accepted-risk until ${until} -- reviewed the risk`;
const WAIVE_ALL = ['audit.reference', 'audit.fresh', 'carbon.estimate'].map((c) => waive(c)).join('\n');

let sim: GitHubSim;
let base: Revision;

refuseNetwork();
beforeEach(() => {
  sim = routedSim();
  base = exampleRevision();
  sim.roles.set('rhea', 'write');
  sim.roles.set('max', 'maintain');
});

type Change = string | Buffer | null | { from: string };

/** PR #7 on `base`: each change adds or modifies (text), removes (null) or renames ({ from }) a file. */
function pull(changes: Record<string, Change>, options: { number?: number; author?: string; body?: string; on?: Revision } = {}): SimPull {
  const on = options.on ?? base;
  const edits: Record<string, string | Buffer | null> = {};
  const files: SimPull['files'] = [];
  for (const [path, c] of Object.entries(changes)) {
    if (c === null) {
      edits[path] = null;
      files.push({ filename: path, status: 'removed' });
    } else if (typeof c === 'string' || Buffer.isBuffer(c)) {
      edits[path] = c;
      files.push({ filename: path, status: on.files.has(path) ? 'modified' : 'added' });
    } else {
      edits[c.from] = null;
      edits[path] = on.files.get(c.from) as Buffer;
      files.push({ filename: path, status: 'renamed', previous_filename: c.from });
    }
  }
  const head = withFiles(on, edits);
  return sim.addPull({ number: options.number ?? 7, state: 'open', base: on, head, author: options.author ?? 'dana', files, ...(options.body ? { body: options.body } : {}) });
}

/** Notes next to churn-predictor's weights: the PR touches that (failing) model. */
const TOUCH_CHURN = { [`${CHURN}/notes.txt`]: 'retrained\n' };

async function gate(pr: SimPull, probot?: Awaited<ReturnType<typeof probotWithApp>>) {
  const p = probot ?? (await probotWithApp());
  await receive(p, 'pull_request', pullRequestEvent(sim, pr, 'opened'));
  return result();
}

function result() {
  const run = sim.checkRuns.at(-1);
  return { conclusion: run?.conclusion, title: run?.output?.title ?? '', summary: run?.output?.summary ?? '' };
}

const text = (rev: Revision, path: string) => (rev.files.get(path) as Buffer).toString();
const checklist = (pr = 7) => sim.botComments(pr).find((c) => c.body.startsWith('<!-- modelgate:checklist -->'))?.body ?? '';
const replies = (pr = 7) => sim.botComments(pr).filter((c) => c.body.startsWith('modelgate, in reply to'));

describe('the pull request cannot choose the rules that judge it (the base branch judges)', () => {
  const proposals: [string, Record<string, Change>][] = [
    ['turns every check off', { [CONFIG]: 'extends: baseline\nchecks: { card: off, datasets: off, audit: off, carbon: off }\n' }],
    ['ignores every path', { [CONFIG]: 'extends: baseline\nmodels:\n  ignore: ["**"]\n' }],
    ['recognises no weights', { [CONFIG]: 'extends: baseline\nmodels:\n  artifacts: []\n' }],
    ['extends a permissive file it adds itself', { [CONFIG]: '_extends: models:.github/loose.yml\n', '.github/loose.yml': 'extends: baseline\nchecks: { audit: off, carbon: off }\n' }],
    ['deletes the policy file', { [CONFIG]: null }],
  ];
  for (const [name, changes] of proposals) {
    it(`a PR that ${name}: still fails under the base policy`, async () => {
      const r = await gate(pull({ ...TOUCH_CHURN, ...changes }));
      expect(r.conclusion).toBe('failure');
      expect(r.title).toMatch(CHURN_FAILS);
      expect(r.summary).toMatch(/Policy: \.github\/modelgate\.yml \\\(GitHub acme\/models@/);
    });
  }

  it('a waivers file the PR adds or edits waives nothing', async () => {
    const own = `waivers:\n${['audit.reference', 'audit.fresh', 'carbon.estimate'].map((c) => `  - { model: ${CHURN}, check: ${c}, reason: accepted-risk, approver: "@rhea", granted: 2026-11-27, expires: 2027-01-15, note: "approved" }`).join('\n')}\n`;
    for (const [n, changes] of [
      [7, { [WAIVERS]: own }],
      [8, { [WAIVERS]: `${text(base, WAIVERS)}${own.replace('waivers:\n', '')}` }],
    ] as const) {
      const r = await gate(pull({ ...TOUCH_CHURN, ...changes }, { number: n }));
      expect(r.conclusion).toBe('failure');
      expect(r.title).toMatch(CHURN_FAILS);
      expect(r.summary).not.toMatch(/Waived \(accepted-risk\)/);
    }
  });
});

describe('waivers in comments: only a reviewer with write access, in their own words', () => {
  let pr: SimPull;
  beforeEach(() => {
    pr = pull(TOUCH_CHURN);
  });

  const stillFails = () => {
    const r = result();
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(CHURN_FAILS);
    expect(r.summary).not.toMatch(/Waived \(accepted-risk\)/);
    expect(checklist()).not.toMatch(/\| accepted-risk \|/);
  };

  it('from the PR author, even with admin access and another spelling of the login: refused', async () => {
    sim.roles.set('dana', 'admin');
    sim.roles.set('DANA', 'admin');
    const probot = await probotWithApp();
    for (const login of ['dana', 'DANA']) {
      const c = sim.addComment(7, login, WAIVE_ALL, { association: 'OWNER' });
      await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    }
    expect(replies().map((r) => r.body)).toEqual([
      expect.stringContaining('the author of a pull request cannot waive its checks'),
      expect.stringContaining('the author of a pull request cannot waive its checks'),
    ]);
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    stillFails();
  });

  const outsiders: [string, string | undefined, string][] = [
    ['read access', 'read', 'the read role'],
    ['no access (not a collaborator: 404)', undefined, 'no access'],
    ['a custom role (not write, maintain or admin)', 'auditor', 'the auditor role'],
  ];
  for (const [name, role, says] of outsiders) {
    it(`from a user with ${name}, an organisation member: refused, and ignored by every later evaluation`, async () => {
      if (role) sim.roles.set('olga', role);
      const c = sim.addComment(7, 'olga', WAIVE_ALL, { association: 'MEMBER' });
      const probot = await probotWithApp();
      await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
      expect(replies()[0]?.body).toContain(`granting a waiver needs write access to the repository; olga has ${says}`);
      expect(sim.checkRuns).toHaveLength(0);
      await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
      stillFails();
    });
  }

  it('from a bot account with admin access: refused', async () => {
    sim.roles.set('deploy-helper[bot]', 'admin');
    sim.addComment(7, 'deploy-helper[bot]', WAIVE_ALL, { type: 'Bot' });
    await gate(pr);
    stillFails();
  });

  // FIXED (was a defect in app/commentWaivers.ts): anyone with write access can edit anyone's
  // comment, and GitHub keeps the comment's author. A PR author with write access (who may not
  // waive their own PR) edited a reviewer's "LGTM" into waivers for every failing check, and the
  // App honoured them as granted by the reviewer: the check passed. An edited comment's waivers
  // now count only when its last editor (GraphQL `editor`) is its author.
  it("a reviewer's comment edited into waivers by the PR author: not honoured", async () => {
    sim.roles.set('dana', 'write');
    const c = sim.addComment(7, 'rhea', 'LGTM');
    const probot = await probotWithApp();
    await gate(pr, probot);
    stillFails();
    sim.editComment(c.id, WAIVE_ALL, 'dana');
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'edited', { changes: { body: { from: 'LGTM' } }, sender: { login: 'dana', id: 301, type: 'User' } }));
    expect(sim.checkRuns).toHaveLength(2);
    stillFails();
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    stillFails();
    expect(sim.calls.filter((c) => c.path === '/graphql' && String((c.body as { query: string }).query).includes('nodes(ids:'))).toHaveLength(2);
  });

  it("a reviewer's waiver stretched by the PR author to other checks: none of it is honoured", async () => {
    const c = sim.addComment(7, 'rhea', waive('carbon.estimate'));
    sim.editComment(c.id, WAIVE_ALL, 'dana');
    await gate(pr);
    stillFails();
    expect(result().summary).toMatch(/❌ \*\*carbon\.estimate\*\*/);
  });

  it("a reviewer's comment rewritten by another maintainer: not honoured (the approver shown must be the author of the words)", async () => {
    const c = sim.addComment(7, 'rhea', 'LGTM');
    sim.editComment(c.id, WAIVE_ALL, 'max');
    await gate(pr);
    stillFails();
  });

  it('the control: a reviewer who edits their own comment into waivers is honoured', async () => {
    const c = sim.addComment(7, 'rhea', 'LGTM');
    sim.editComment(c.id, WAIVE_ALL, 'rhea');
    await gate(pr);
    expect(result()).toMatchObject({ conclusion: 'success' });
    expect(checklist()).toContain(`| ${cellCode(CHURN)} | audit.reference | accepted-risk |`);
  });

  it('waiver commands in the pull request body: no effect, and editing the body evaluates nothing', async () => {
    const inBody = pull(TOUCH_CHURN, { number: 9, body: `Retrained.\n\n${WAIVE_ALL}\n` });
    const probot = await probotWithApp();
    const r = await gate(inBody, probot);
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(CHURN_FAILS);
    const before = sim.calls.length;
    await receive(probot, 'pull_request', pullRequestEvent(sim, inBody, 'edited', { changes: { body: { from: 'Retrained.' } } }));
    expect(sim.calls.length).toBe(before);
  });
});

describe('the model cannot be hidden', () => {
  it('the card deleted, the weights kept: card missing', async () => {
    const r = await gate(pull({ [`${ROUTER}/README.md`]: null }));
    expect(r.conclusion).toBe('failure');
    expect(r.title).toBe('1 model: card missing for models/support-router');
  });

  for (const to of ['model.pt', 'model.bin', 'weights.ONNX']) {
    it(`weights renamed to another known extension (${to}): the model is still gated`, async () => {
      const r = await gate(pull({ [`${CHURN}/${to}`]: { from: `${CHURN}/model.onnx` } }));
      expect(r.conclusion).toBe('failure');
      expect(r.title).toMatch(CHURN_FAILS);
    });
  }

  it('the model moved outside the configured roots, artifacts and card with it: still a model, still failing', async () => {
    const moved = Object.fromEntries([...base.files.keys()].filter((p) => p.startsWith(`${CHURN}/`)).map((p) => [p.replace(CHURN, 'experiments/churn-predictor'), { from: p }]));
    const r = await gate(pull(moved));
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(/for experiments\/churn-predictor/);
  });

  it('only the weights moved out of the roots, to a directory without a card: the nearest card above makes the model, which fails', async () => {
    const r = await gate(pull({ 'tools/shadow/model.onnx': { from: `${CHURN}/model.onnx` } }));
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toContain('tools/shadow/model.onnx');
  });
});

describe('weights saved under unlisted names outside the roots: recognised by their bytes', () => {
  it('a .npz, an extension-less GGUF file and a 2 MiB safetensors shard (over the 1 MiB of the batched reads: from the blobs API) each make a failing model that says why', async () => {
    const added: [string, Buffer, string][] = [
      ['exports/a/weights.npz', Buffer.from(W.npz()), 'NumPy (.npz)'],
      ['exports/b/llm', Buffer.from(W.gguf()), 'GGUF'],
      ['exports/c/shard.msgpack', Buffer.from(W.concat(W.safetensors(), W.noise(2 * 1024 * 1024, 5))), 'safetensors'],
    ];
    const changes: Record<string, Change> = { 'exports/d/diagram.png': Buffer.from(W.png()) };
    for (const [file, content] of added) {
      changes[file] = content;
      changes[`${file.slice(0, file.lastIndexOf('/'))}/README.md`] = '# exported\n';
    }
    const r = await gate(pull(changes));
    expect(r.conclusion).toBe('failure');
    for (const [file, , format] of added) expect(checklist(), file).toContain(`Found by: weights recognised by their bytes: ${file} is ${format.split(' ')[0]}`);
    expect(checklist()).not.toMatch(/Found by: [^\n]*exports\/d\/|#+ [^\n]*`exports\/d`/);
    const shard = gitBlobSha(added[2]?.[1] as Buffer);
    expect(sim.calls.filter((c) => c.path.endsWith(`/git/blobs/${shard}`))).toHaveLength(1);
  });

  it('a changed file GitHub does not return: fails closed, never a pass', async () => {
    const content = Buffer.from(W.noise(512, 3));
    const pr = pull({ 'exports/e/blob': content });
    sim.hiddenBlobs.add(gitBlobSha(content));
    const r = await gate(pr);
    expect(r.conclusion).not.toBe('success');
    expect(r.summary).toMatch(/exports\/e\/blob/);
  });
});

describe('evidence outside the repository', () => {
  it('a manifest listing a file outside the repository, and a card naming an audit record outside it: refused, and never requested', async () => {
    const sheet = 'datasets/support-tickets-2025/datasheet.yml';
    const card = `${ROUTER}/README.md`;
    const r = await gate(
      pull({
        [sheet]: text(base, sheet).replace('path: data/train.csv', 'path: ../../../../../etc/passwd'),
        [card]: text(base, card).replace(`    - ${ROUTER_AUDIT}`, '    - /etc/modelgate/audit.yml'),
      }),
    );
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toMatch(/etc\/passwd/);
    // Nothing outside the repository was asked for: GraphQL reads blobs by id, REST by blob id.
    const asked = sim.calls.flatMap((c) => [c.path, ...Object.values((c.body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {}).map(String)]);
    expect(asked.filter((a) => a.includes('etc/') || (a.includes('..') && !a.includes('/compare/')))).toEqual([]);
  });
});

describe('findings marked remediated in the pull request itself', () => {
  it('the change is allowed, but shown as evidence edited in this change, and the open issue is left alone', async () => {
    // Base: F-2 is a high-severity open finding, so the router fails audit.findings.
    const audit = text(base, ROUTER_AUDIT).replace('    severity: low\n    status: open', '    severity: high\n    status: open');
    const on = sim.addRevision(withFiles(base, { [ROUTER_AUDIT]: audit }));
    const state: FindingState = { audit: 'AUD-2026-014', finding: 'F-2', title: 'No monitoring of agent override rate per language in production', severity: 'high', status: 'open', due: '2027-03-31', owner: '@acme/ml-platform', auditFile: ROUTER_AUDIT, models: [ROUTER], prs: [] };
    const issue = { number: 50, title: issueTitle(state), body: issueBody(state, 'https://github.com/acme/models'), state: 'open' as const, state_reason: null, labels: [FINDING_LABEL, 'severity:high'], user: { login: BOT, type: 'Bot' as const } };
    sim.issues.push({ ...issue });
    const before = await gate(pull({ [`${ROUTER}/config.json`]: '{"v": 2}\n' }, { on, number: 6 }));
    expect(before.title).toBe('1 model: open audit findings for models/support-router');

    const r = await gate(pull({ [ROUTER_AUDIT]: audit.replace('    severity: high\n    status: open', '    severity: high\n    status: remediated') }, { on }));
    expect(r.conclusion).toBe('success');
    for (const shown of [r.summary, checklist()]) expect(shown).toMatch(/Evidence edited in this change:\*\* .*audits\/2026-09-support-router\.yml/);
    expect(sim.issues).toEqual([expect.objectContaining({ number: 50, state: 'open', body: issue.body })]);
    expect(sim.calls.filter((c) => c.method !== 'GET' && c.path.startsWith(`${R}/issues/50`))).toHaveLength(0); // pull requests write no issue
  });
});

describe("the organisation's floor cannot be lowered from a repository", () => {
  const ORG = 'extends: baseline\nchecks:\n  audit.fresh: { level: error, max_age_days: 180 }\n  carbon.budget: { level: error, max_kg: 50 }\ntiers:\n  high:\n    audit.independent: error\n';
  beforeEach(() => {
    sim.otherRepos.set('acme/.github', revision({ [CONFIG]: ORG, '.github/lenient.yml': 'extends: baseline\nchecks:\n  audit.fresh: warn\n' }));
    sim.otherRepos.set('acme/policies', revision({ [CONFIG]: 'extends: baseline\nchecks:\n  audit: off\n  carbon: off\n' }));
  });

  const configs: [string, string, RegExp][] = [
    ['_extends the org file, then overrides a value', '_extends: .github\nchecks:\n  audit.fresh: { max_age_days: 900 }\n', /checks\.audit\.fresh\.max_age_days is 900 days; the organisation allows at most 180 days/],
    ['_extends the org file, then turns a check off', '_extends: .github\nchecks:\n  carbon.budget: off\n', /checks\.carbon\.budget is "off"; the organisation requires at least "error"/],
    ['_extends another, looser repository', '_extends: policies\n', /checks\.audit\.fresh is "off"; the organisation requires at least "error"/],
    ['_extends a looser file in the org repository', '_extends: .github:.github/lenient.yml\n', /checks\.audit\.fresh is "warn"; the organisation requires at least "error"/],
    ['adds an ignore glob', '_extends: .github\nmodels:\n  ignore: ["**/fixtures/**", "**/node_modules/**", "models/churn-*/**"]\n', /models\.ignore adds "models\/churn-\*\/\*\*", which hides models the organisation gates/],
    ['drops an artifact glob', '_extends: .github\nmodels:\n  artifacts: ["**/*.safetensors"]\n', /models\.artifacts drops .*which the organisation uses to find models/],
    ['loosens a risk tier', '_extends: .github\ntiers:\n  high:\n    audit.independent: warn\n', /tiers\.high\.audit\.independent is "warn"; the organisation requires at least "error"/],
  ];
  for (const [name, config, says] of configs) {
    it(`a repository config that ${name}: policy.valid fails, naming the key`, async () => {
      const on = sim.addRevision(withFiles(base, { [CONFIG]: config }));
      const r = await gate(pull({ [`${ROUTER}/config.json`]: '{"v": 2}\n' }, { on }));
      expect(r.conclusion).toBe('failure');
      expect(r.title).toMatch(/^the modelgate configuration is invalid \(\d+ errors?\)/);
      expect(`${r.title}\n${r.summary.replace(/\\(.)/g, '$1')}`).toMatch(says);
      expect(invariantProblems(sim)).toEqual([]);
    });
  }

  it('a PR that loosens the repository config below the floor is judged by the base (which meets it)', async () => {
    const on = sim.addRevision(withFiles(base, { [CONFIG]: '_extends: .github\n' }));
    const r = await gate(pull({ ...TOUCH_CHURN, [CONFIG]: '_extends: .github\nchecks:\n  audit: off\n  carbon: off\n' }, { on }));
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(/for models\/churn-predictor/);
    expect(r.summary).toContain('is **not** applied');
  });
});

describe('the verdict on a commit comes from that commit and its own pull request', () => {
  // FIXED (was a defect in app/index.ts and app/changes.ts): a re-run for a fork PR (no
  // pull_requests in the payload) looked up every open PR that contains the commit and judged the
  // commit with each one's file list: a second PR that contains it and then reverts the model
  // change posted a success on the first PR's head. A commit is now judged only for PRs whose head
  // it is, with the change between exactly that base and that commit.
  it("a second PR that contains the commit and reverts the model change cannot post its result on the first PR's head", async () => {
    const first = pull(TOUCH_CHURN);
    const revert = sim.addRevision(withFiles(first.head, { [`${CHURN}/notes.txt`]: null, 'docs/revert.md': 'reverted\n' }));
    sim.addPull({ number: 8, state: 'open', base, head: revert, author: 'mallory', files: [{ filename: 'docs/revert.md', status: 'added' }] });
    const probot = await probotWithApp();
    await receive(probot, 'check_run', checkRunRerequested(first.head.sha, []));
    expect(sim.calls.some((c) => c.path === `${R}/commits/${first.head.sha}/pulls`)).toBe(true);
    expect(sim.checkRuns).toEqual([expect.objectContaining({ head_sha: first.head.sha, conclusion: 'failure' })]);
    expect(sim.checkRuns[0]?.output?.title).toMatch(CHURN_FAILS);
    expect(sim.botComments(8)).toEqual([]);
  });
});

describe('the merge result is judged, not the head alone (issue 11.6)', () => {
  // The base moved after the PR branched: an audit finding of the router was re-opened as high.
  // The PR's head still holds the old audit record and passes on its own; merged, it fails.
  const reopened = () => text(base, ROUTER_AUDIT).replace('    severity: low\n    status: open', '    severity: high\n    status: open');
  const TOUCH_ROUTER = { [`${ROUTER}/config.json`]: '{"v": 2}\n' };

  it('without a test merge from GitHub: the overlay of the PR on the current base fails', async () => {
    const pr = pull(TOUCH_ROUTER);
    pr.base = sim.addRevision(withFiles(base, { [ROUTER_AUDIT]: reopened(), 'docs/moved.md': 'base moved\n' }));
    const r = await gate(pr);
    expect(r.conclusion).toBe('failure');
    expect(r.title).toBe('1 model: open audit findings for models/support-router');
    expect(r.summary).toContain(`merged onto base \`${pr.base.sha.slice(0, 12)}\` (the files it changed since \`${base.sha.slice(0, 12)}\` as in the head, every other file as on the base); 1 changed file.`);
    expect(checklist()).toContain(`Judged: head \`${pr.head.sha.slice(0, 12)}\``);
  });

  it("with GitHub's test merge commit for the current base and head: that commit is judged, and named", async () => {
    const pr = pull(TOUCH_ROUTER);
    const since = base;
    pr.base = sim.addRevision(withFiles(base, { [ROUTER_AUDIT]: reopened() }));
    pr.merge = sim.addRevision(mergeOf(pr.base, pr.head, since));
    pr.mergeable = true;
    const r = await gate(pr);
    expect(r.title).toBe('1 model: open audit findings for models/support-router');
    expect(r.summary).toContain(`(GitHub's test merge commit \`${pr.merge.sha.slice(0, 12)}\`); 1 changed file.`);
    expect(sim.calls.some((c) => c.path === `${R}/git/trees/${pr.merge?.sha}`)).toBe(true);
    expect(sim.calls.some((c) => c.path.includes('/compare/'))).toBe(false);
  });

  it('a test merge commit for an older base is not trusted: the overlay is built instead', async () => {
    const pr = pull(TOUCH_ROUTER);
    pr.merge = sim.addRevision(mergeOf(base, pr.head, base)); // computed before the base moved
    pr.mergeable = true;
    pr.base = sim.addRevision(withFiles(base, { [ROUTER_AUDIT]: reopened() }));
    const r = await gate(pr);
    expect(r.title).toBe('1 model: open audit findings for models/support-router');
    expect(sim.calls.some((c) => c.path === `${R}/git/trees/${pr.merge?.sha}`)).toBe(false);
  });

  it('a merge conflict fails closed and says so', async () => {
    const pr = pull(TOUCH_ROUTER);
    pr.mergeable = false;
    const r = await gate(pr);
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(/^modelgate could not evaluate this change: pull request #7 cannot be merged into main .*merge conflict/);
    expect(checklist()).toBe('');
  });

  it('a file both sides changed, with no test merge yet: fails closed, naming it', async () => {
    const pr = pull({ [ROUTER_AUDIT]: text(base, ROUTER_AUDIT).replace('status: open', 'status: remediated') });
    pr.base = sim.addRevision(withFiles(base, { [ROUTER_AUDIT]: reopened() }));
    const r = await gate(pr);
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(/both pull request #7 and main changed audits\/2026-09-support-router\.yml since they diverged/);
  });
});

describe('nobody who wrote the change may waive it', () => {
  // FIXED (was a defect in app/commentWaivers.ts): only the user who opened the pull request was
  // refused; someone with write access could push the change, have another account open the pull
  // request, and waive its checks. Authors and committers of its commits and the pushers seen on
  // synchronize events are refused too.
  it('a reviewer with write access who authored or committed a commit of the PR: refused', async () => {
    for (const [n, commits] of [
      [7, [{ author: 'rhea', committer: 'dana' }]],
      [8, [{ author: 'dana', committer: 'rhea' }]],
    ] as const) {
      const pr = pull(TOUCH_CHURN, { number: n });
      pr.commits = [...commits];
      const c = sim.addComment(n, 'rhea', WAIVE_ALL);
      const probot = await probotWithApp();
      await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
      expect(replies(n)[0]?.body).toContain('an author or committer of commits in this pull request cannot waive its checks');
      await gate(pr, probot);
      expect(result().title).toMatch(CHURN_FAILS);
    }
  });

  it('a reviewer who pushed to the branch (synchronize sender): refused from then on, though the commits name someone else', async () => {
    const pr = pull(TOUCH_CHURN);
    pr.commits = [{ author: 'dana', committer: 'dana' }];
    const probot = await probotWithApp();
    const pushed = pullRequestEvent(sim, pr, 'synchronize') as { sender: { login: string } };
    pushed.sender = { ...pushed.sender, login: 'max' };
    await receive(probot, 'pull_request', pushed);
    expect(checklist().split('\n')[1]).toBe('<!-- modelgate:pushers max -->');
    const c = sim.addComment(7, 'max', WAIVE_ALL);
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    expect(replies()[0]?.body).toContain("someone who pushed to this pull request's branch cannot waive its checks");
    // A later push by the author keeps max on record.
    pr.head = sim.addRevision(withFiles(pr.head, { 'docs/later.md': 'later\n' }));
    await receive(probot, 'pull_request', pullRequestEvent(sim, pr, 'synchronize'));
    expect(result().title).toMatch(CHURN_FAILS);
    expect(checklist().split('\n')[1]).toBe('<!-- modelgate:pushers dana max -->');
  });

  it('a forged pushers line in a comment by someone else changes nothing', async () => {
    const pr = pull(TOUCH_CHURN);
    sim.addComment(7, 'mallory', '<!-- modelgate:checklist -->\n<!-- modelgate:pushers rhea2 -->');
    sim.roles.set('rhea2', 'write');
    sim.addComment(7, 'rhea2', WAIVE_ALL);
    await gate(pr);
    expect(result().summary).toMatch(/Waived \(accepted-risk\) by @\u200brhea2/);
  });

  it('waiver commands hidden in HTML comments, indented code or a longer fence: not commands, and not honoured', async () => {
    const pr = pull(TOUCH_CHURN);
    const hidden = [`<!--\n${WAIVE_ALL}\n-->`, `Looks good.\n\n${WAIVE_ALL.split('\n').map((l) => `    ${l}`).join('\n')}`, `\`\`\`\`\n\`\`\`\n${WAIVE_ALL}\n\`\`\`\``];
    const probot = await probotWithApp();
    for (const body of hidden) {
      const c = sim.addComment(7, 'rhea', body);
      await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    }
    expect(replies()).toEqual([]);
    expect(sim.checkRuns).toEqual([]);
    await gate(pr, probot);
    expect(result().title).toMatch(CHURN_FAILS);
  });

  it('edits of a comment whose author may not waive trigger nothing', async () => {
    const pr = pull(TOUCH_CHURN);
    sim.roles.set('olga', 'read');
    const c = sim.addComment(7, 'olga', 'hello');
    const probot = await probotWithApp();
    for (let i = 0; i < 3; i++) {
      sim.editComment(c.id, `${WAIVE_ALL}\n${i}`, 'olga');
      await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'edited', { changes: { body: { from: 'hello' } } }));
    }
    expect(sim.checkRuns).toEqual([]);
    expect(sim.calls.filter((k) => k.method !== 'GET' && k.path !== '/graphql' && !k.path.includes('access_tokens'))).toEqual([]);
  });

  it('a reply never echoes a command verbatim: no hidden marker, no mention', async () => {
    const pr = pull(TOUCH_CHURN);
    const c = sim.addComment(7, 'dana', `/modelgate waive <!--modelgate:sticky--> @acme/everyone card.present accepted-risk until 2027-01-01 -- x\n/modelgate <!-- modelgate:checklist --> @rhea`);
    const probot = await probotWithApp();
    await receive(probot, 'issue_comment', issueCommentEvent(sim, pr, c, 'created'));
    const body = replies()[0]?.body ?? '';
    expect(body).toMatch(/Not understood.*\n.*Not understood/);
    expect(body).not.toMatch(/<!--|@acme|@rhea|^\/modelgate/m);
  });
});

describe('remediation issues come from the default branch only', () => {
  // FIXED (was a defect in app/remediation.ts): a pull request (a fork's too) opened up to 20
  // remediation issues per push from its own audit records, titles of its choosing, without bound
  // across pushes, never closed. Only a push to the default branch opens issues now; a pull
  // request's checklist shows what merging it would open.
  it('a PR with 25 critical findings of its own opens nothing on any push; merged, the default branch opens at most 20 per run', async () => {
    const findings = Array.from({ length: 25 }, (_, i) => `  - { id: Z-${i}, title: "Attacker title ${i}", severity: critical, status: open }`).join('\n');
    const audit = text(base, ROUTER_AUDIT).replace(/findings:[\s\S]*$/, `findings:\n${findings}\n`);
    const pr = pull({ [ROUTER_AUDIT]: audit }, { author: 'mallory' });
    const probot = await probotWithApp();
    for (const action of ['opened', 'synchronize', 'reopened']) await receive(probot, 'pull_request', pullRequestEvent(sim, pr, action));
    expect(sim.issues).toEqual([]);
    expect(checklist()).toContain('would open an issue for `AUD-2026-014` finding `Z-0` (critical): Attacker title 0');
    await receive(probot, 'push', pushEvent(base.sha, pr.head.sha));
    expect(sim.issues).toHaveLength(20);
    expect(invariantProblems(sim)).toEqual([]);
  });
});

describe('files are hashed from their bytes, never from decoded text (issue 12.7)', () => {
  // FIXED (was a defect in app/blobLoader.ts): a dataset file up to 1 MiB was hashed from
  // GraphQL's decoded text. A truncated UTF-8 sequence (F0 9F 98) decodes to U+FFFD, whose
  // encoding (EF BF BD) has the same length, so a manifest hash of the decoded text passed where
  // the CLI and the Action, hashing the bytes, fail it. Text is trusted now only when it encodes
  // back to the blob's own git id; otherwise the raw blob is read.
  it('text is trusted only when proven byte-exact: by the git id, or (read by path) no U+FFFD and the right size', () => {
    const bytes = Buffer.from([0x61, 0xf0, 0x9f, 0x98, 0x62]);
    const node = { __typename: 'Blob', text: bytes.toString('utf8'), byteSize: bytes.length, isBinary: false, isTruncated: false };
    expect(Buffer.from(node.text).length).toBe(bytes.length); // same length: a length check cannot tell
    expect(answerOf(node, gitBlobSha(bytes))).toEqual({ kind: 'raw-needed', byteSize: 5 });
    expect(answerOf(node)).toEqual({ kind: 'raw-needed', byteSize: 5 });
    const good = Buffer.from('ok ✓\n');
    expect(answerOf({ ...node, text: good.toString('utf8'), byteSize: good.length }, gitBlobSha(good))).toEqual({ kind: 'text', bytes: new Uint8Array(good) });
    expect(answerOf({ ...node, text: good.toString('utf8'), byteSize: good.length, isBinary: null as unknown as boolean })).toEqual({ kind: 'raw-needed', byteSize: good.length });
  });

  it('a manifest hash matching the decoded text but not the bytes fails', async () => {
    const bytes = Buffer.concat([Buffer.from('label,text\nbilling,"refund '), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from('"\n')]);
    const decoded = Buffer.from(bytes.toString('utf8'));
    expect(decoded.length).toBe(bytes.length);
    const sheet = 'datasets/support-tickets-2025/datasheet.yml';
    const manifest = text(base, sheet).replace(/path: data\/train\.csv\n\s+sha256: "[0-9a-f]+"\n\s+size: \d+/, `path: data/train.csv\n    sha256: "${createHash('sha256').update(decoded).digest('hex')}"\n    size: ${bytes.length}`);
    const pr = pull({ [sheet]: manifest, [`${ROUTER}/config.json`]: '{"v": 3}\n' });
    pr.head = sim.addRevision(withFiles(pr.head, { 'datasets/support-tickets-2025/data/train.csv': bytes }));
    const r = await gate(pr);
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toMatch(/datasets\.hashes/);
    expect(r.summary).toMatch(/SHA\\?-256 mismatch/);
    expect(sim.calls.some((c) => c.path.includes('/git/blobs/'))).toBe(true);
  });
});

// Issue 11 item 1, through the App's reader: the trees API lists links (mode 120000) and submodules
// (160000); the change set is the pull request's file list.
describe('links and submodules where a model or its weights are', () => {
  interface Edit {
    files?: Record<string, string | Buffer | null>;
    symlinks?: Record<string, string | null>;
    submodules?: Record<string, string>;
  }
  /** PR #7: `edit` applied to `on`, GitHub listing `listed`. */
  function pullWith(edit: Edit, listed: SimPull['files'], on: Revision = base): SimPull {
    const files = new Map(on.files);
    for (const [p, c] of Object.entries(edit.files ?? {})) {
      if (c === null) files.delete(p);
      else files.set(p, Buffer.isBuffer(c) ? c : Buffer.from(c));
    }
    const symlinks = Object.fromEntries(on.symlinks);
    for (const [p, t] of Object.entries(edit.symlinks ?? {})) {
      if (t === null) delete symlinks[p];
      else symlinks[p] = t;
    }
    const head = revision(files, symlinks, { ...Object.fromEntries(on.submodules), ...edit.submodules });
    return sim.addPull({ number: 7, state: 'open', base: on, head, author: 'dana', files: listed });
  }
  const added = (...paths: string[]) => paths.map((filename) => ({ filename, status: 'added' }));
  const routerCard = () => text(base, `${ROUTER}/README.md`);

  const cases: [string, () => SimPull, string][] = [
    ['a new model whose weights file is a link', () => pullWith({ files: { 'models/new/README.md': routerCard() }, symlinks: { 'models/new/model.safetensors': '/mnt/share/new.safetensors' } }, added('models/new/README.md', 'models/new/model.safetensors')), 'models/new'],
    ['a model directory that is a link', () => pullWith({ symlinks: { 'models/new': '../../elsewhere/new' } }, added('models/new')), 'models/new'],
    ['a model added as a submodule', () => pullWith({ submodules: { 'models/new': 'c'.repeat(40) } }, added('models/new')), 'models/new'],
    ['a link at a weights name outside every root', () => pullWith({ symlinks: { 'tools/shadow/model.onnx': '../../models/churn-predictor/model.onnx' } }, added('tools/shadow/model.onnx')), 'tools/shadow'],
    // GitHub may list a type change as the path removed and added again: one modification.
    ['weights of a passing model replaced by a link', () => pullWith({ files: { [`${ROUTER}/model.safetensors`]: null }, symlinks: { [`${ROUTER}/model.safetensors`]: '/mnt/other.safetensors' } }, [{ filename: `${ROUTER}/model.safetensors`, status: 'removed' }, { filename: `${ROUTER}/model.safetensors`, status: 'added' }]), ROUTER],
  ];
  for (const [name, make, model] of cases) {
    it(`${name}: the model is touched and the check run fails on model.entries`, async () => {
      const r = await gate(make());
      expect(r.conclusion).toBe('failure');
      expect(r.title).toContain(`link or submodule in the model`);
      expect(r.title).toContain(model);
      expect(r.summary).toContain('model.entries');
      expect(r.summary).toMatch(/is a (symbolic link|git submodule)/);
      expect(invariantProblems(sim)).toEqual([]);
    });
  }

  describe('models.links: inside on the base', () => {
    const inside = () => withFiles(base, { [CONFIG]: text(base, CONFIG).replace('roots: ["models/*"]', 'roots: ["models/*"]\n  links: inside') });
    it('a weights link inside the repository is judged as its target: the passing model passes', async () => {
      const on = inside();
      const r = await gate(pullWith({ symlinks: { [`${ROUTER}/model-v2.safetensors`]: 'model.safetensors' } }, added(`${ROUTER}/model-v2.safetensors`), on));
      expect(r.conclusion, r.title).toBe('success');
      expect(r.summary).not.toContain('model.entries');
    });
    for (const [name, target, why] of [
      ['a link escaping the repository', '../../../../../etc/passwd', 'which leaves the repository'],
      ['a dangling link', 'model-v3.safetensors', 'a dangling link'],
    ] as const) {
      it(`${name} still fails`, async () => {
        const on = inside();
        const r = await gate(pullWith({ symlinks: { [`${ROUTER}/model-v2.safetensors`]: target } }, added(`${ROUTER}/model-v2.safetensors`), on));
        expect(r.conclusion).toBe('failure');
        expect(r.title).toBe(`1 model: link or submodule in the model for ${ROUTER}`);
        expect(r.summary).toContain(why);
      });
    }
    it('a submodule under a model root still fails', async () => {
      const r = await gate(pullWith({ submodules: { 'models/new': 'c'.repeat(40) } }, added('models/new'), inside()));
      expect(r.conclusion).toBe('failure');
      expect(r.summary).toContain('is a git submodule');
    });
  });
});

// Issue 11 items 4 and 5 through the App's reader: audit records apply by scope, cited or not, and a
// dataset entry that is not text is an error, not a dataset the model silently stops using.
describe('audits by scope and list entries, through the App', () => {
  const PENTEST = 'audits/2026-11-pentest.yml';
  const ROUTER_CARD = `${ROUTER}/README.md`;
  const pentest = `id: AUD-2026-020\nauditor: { name: Red Team LLP, independent: true }\ndate: 2026-11-01\nscope: [${ROUTER}]\nfindings:\n  - { id: F-1, title: Prompt injection through ticket text, severity: critical, status: open, due: 2027-06-01 }\n`;
  /** The summary as a reviewer reads it (Markdown escapes removed). */
  const plain = (summary: string) => summary.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  const citing = (card: string, ...records: string[]) => card.replace(/ {2}audits:\n(?: {4}- .*\n)+/, `  audits:\n${records.map((r) => `    - ${r}\n`).join('')}`);

  it('a PR that stops citing a record whose scope still covers the model fails on its open finding', async () => {
    const on = sim.addRevision(withFiles(base, { [PENTEST]: pentest, [ROUTER_CARD]: citing(text(base, ROUTER_CARD), ROUTER_AUDIT, PENTEST) }));
    const r = await gate(pull({ [ROUTER_CARD]: citing(text(on, ROUTER_CARD), ROUTER_AUDIT) }, { on }));
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toMatch(/audit\.findings/);
    expect(plain(r.summary)).toContain('AUD-2026-020/F-1 "Prompt injection through ticket text" is open with severity critical');
  });

  it('a PR that edits only an uncited record covering the model touches that model', async () => {
    const on = sim.addRevision(withFiles(base, { [PENTEST]: pentest.replace('status: open', 'status: remediated') }));
    const r = await gate(pull({ [PENTEST]: pentest }, { on }));
    expect(r.conclusion).toBe('failure');
    expect(r.title).toMatch(/for models\/support-router/);
    expect(plain(r.summary)).toContain('AUD-2026-020/F-1 "Prompt injection through ticket text" is open with severity critical');
  });

  it('a card citing a record outside audits.records fails audit.reference, naming the globs', async () => {
    const r = await gate(pull({ 'docs/review.yml': pentest, [ROUTER_CARD]: citing(text(base, ROUTER_CARD), ROUTER_AUDIT, 'docs/review.yml') }));
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toMatch(/audit\.reference/);
    expect(plain(r.summary)).toContain('audits/**/*.{yml,yaml}');
  });

  it('a dataset entry written as a mapping fails card.metadata with its line', async () => {
    const card = text(base, ROUTER_CARD).replace('  - acme/support-eval-2025\n', '  - { name: acme/support-eval-2025 }\n');
    const r = await gate(pull({ [ROUTER_CARD]: card }));
    expect(r.conclusion).toBe('failure');
    expect(r.summary).toMatch(/card\.metadata/);
    expect(plain(r.summary)).toContain('models/support-router/README.md:13:5: `datasets` entry 2 is a mapping');
  });
});
