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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { FINDING_LABEL, issueBody, issueTitle, type FindingState } from '../../app/findingIssue.js';
import { cellCode } from '../../src/report/escape.js';
import { API, exampleRevision, invariantProblems, probotWithApp, R, receive, routeAll } from '../app/harness.js';
import { issueCommentEvent, pullRequestEvent } from '../app/payloads.js';
import { BOT, GitHubSim, revision, withFiles, type Revision, type SimPull } from '../app/sim.js';

const CONFIG = '.github/modelgate.yml';
const WAIVERS = '.github/modelgate-waivers.yml';
const CHURN = 'models/churn-predictor';
const ROUTER = 'models/support-router';
const ROUTER_AUDIT = 'audits/2026-09-support-router.yml';
/** What churn-predictor lacks under the base policy: an audit (reference, freshness) and a carbon estimate. */
const CHURN_FAILS = /^1 model: audit missing, audit overdue \+1 more for models\/churn-predictor$/;
const waive = (check: string, until = '2027-01-15') => `/modelgate waive ${CHURN} ${check} accepted-risk until ${until} -- reviewed the risk`;
const WAIVE_ALL = ['audit.reference', 'audit.fresh', 'carbon.estimate'].map((c) => waive(c)).join('\n');

let sim: GitHubSim;
let base: Revision;

beforeEach(() => {
  nock.disableNetConnect();
  sim = new GitHubSim(API);
  base = exampleRevision();
  routeAll(sim);
  sim.roles.set('rhea', 'write');
  sim.roles.set('max', 'maintain');
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

type Change = string | null | { from: string };

/** PR #7 on `base`: each change adds or modifies (text), removes (null) or renames ({ from }) a file. */
function pull(changes: Record<string, Change>, options: { number?: number; author?: string; body?: string; on?: Revision } = {}): SimPull {
  const on = options.on ?? base;
  const edits: Record<string, string | Buffer | null> = {};
  const files: SimPull['files'] = [];
  for (const [path, c] of Object.entries(changes)) {
    if (c === null) {
      edits[path] = null;
      files.push({ filename: path, status: 'removed' });
    } else if (typeof c === 'string') {
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
    expect(asked.filter((a) => a.includes('etc/') || a.includes('..'))).toEqual([]);
  });
});

describe('findings marked remediated in the pull request itself', () => {
  it('the change is allowed, but shown as evidence edited in this change, and the open issue is left to the default branch', async () => {
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
    expect(sim.issues).toEqual([expect.objectContaining({ number: 50, state: 'open', body: expect.stringContaining('| Pull requests | #6 |') })]);
    expect(sim.calls.filter((c) => c.method !== 'GET' && c.path.startsWith(`${R}/issues/50`))).toHaveLength(1); // #6 linked it; #7 did not touch it
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
