// Gate-bypass attempts by a pull request author: weakening the policy or adding waivers in the same
// change, hashes that are not hashes, licences spelled to slip past a deny list, a narrow waiver
// stretched over every check, weights renamed to escape discovery. Each must still fail the change.
//
// Comments marked FIXED describe a bypass this suite found and the fix that closed it.
import { describe, expect, it } from 'vitest';
import { licenseKeys } from '../../src/evidence/license.js';
import { check, evaluateFiles, evaluateReader, exampleRepo, fault, GOOD_MODEL, huge, link, modelOutcome, sha256, spyReader, submodule, text, type Entry } from './harness.js';
import * as W from '../evidence/weightsSamples.js';
import type { ChangeSet } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { readPolicy, readWaivers } from '../../src/policy/fromRepo.js';
import { renderMarkdown } from '../../src/report/markdown.js';

const CARD = `${GOOD_MODEL}/README.md`;
const SHEET = 'datasets/support-tickets-2025/datasheet.yml';
const TRAIN = 'datasets/support-tickets-2025/data/train.csv';
const AUDIT = 'audits/2026-09-support-router.yml';

function withCard(files: Map<string, Entry>, edit: (card: string) => string): Map<string, Entry> {
  files.set(CARD, edit(text(files.get(CARD))));
  return files;
}

describe('the change cannot choose the rules that judge it', () => {
  it('a policy that turns every check off, and waivers for everything, added by the pull request: not applied', async () => {
    const base = exampleRepo();
    const head = exampleRepo();
    head.set(TRAIN, 'tampered data\n');
    head.set('.github/modelgate.yml', 'extends: baseline\nchecks: { card: off, datasets: off, audit: off, carbon: off }\n');
    head.set('.github/modelgate-waivers.yml', `waivers:\n  - { model: ${GOOD_MODEL}, check: datasets.hashes, reason: false-positive, approver: "@author", granted: 2026-11-27, expires: 2027-01-15 }\n`);
    const report = await evaluateReader(spyReader(head), {
      base: spyReader(base),
      changes: { all: false, files: [{ path: TRAIN, status: 'modified' }, { path: '.github/modelgate.yml', status: 'modified' }, { path: '.github/modelgate-waivers.yml', status: 'added' }] },
    });
    expect(check(report, GOOD_MODEL, 'datasets.hashes').outcome).toBe('fail');
    expect(report.verdict).toBe('fail');
    expect(report.waivers.every((w) => w.model !== GOOD_MODEL || w.check !== 'datasets.hashes')).toBe(true);
  });

  it('waivers that are too long, self-dated into the future, for policy.valid, or for an error are refused or inert', async () => {
    const files = exampleRepo();
    files.set(TRAIN, 'tampered data\n');
    files.set(CARD, fault('io'));
    files.set(
      '.github/modelgate-waivers.yml',
      [
        'waivers:',
        `  - { model: ${GOOD_MODEL}, check: datasets.hashes, reason: accepted-risk, approver: "@a", granted: 2026-11-01, expires: 2027-11-01 }`,
        `  - { model: ${GOOD_MODEL}, check: policy.valid, reason: accepted-risk, approver: "@a", granted: 2026-11-01, expires: 2026-12-01 }`,
        `  - { model: ${GOOD_MODEL}, check: datasets.hashes, reason: accepted-risk, approver: "@a", granted: 2026-12-01, expires: 2027-01-01 }`,
        '',
      ].join('\n'),
    );
    const report = await evaluateFiles(files);
    expect(report.policy.errors.map((e) => e.message).join('\n')).toMatch(/at most 90 days[\s\S]*policy\.valid cannot be waived/);
    expect(report.verdict).toBe('fail');
  });
});

describe('hashes that are not hashes, and hashes of the wrong thing', () => {
  const variants: [string, string][] = [
    ['64 zeros', '0'.repeat(64)],
    ['an MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a URL', 'https://github.com/mlcommons/croissant/issues/80'],
    ['the word sha256', 'sha256'],
    ['a truncated value', '9f86d081884c7d659a2f…'],
    ['64 characters, not hex', 'z'.repeat(64)],
    ['the hash of another file', sha256('something else\n')],
  ];
  for (const [name, value] of variants) {
    it(`${name}: datasets.hashes fails`, async () => {
      const files = exampleRepo();
      files.set(SHEET, text(files.get(SHEET)).replace(/(path: data\/train\.csv\n\s+sha256: )"?[0-9a-f]{64}"?/, `$1${JSON.stringify(value)}`));
      const report = await evaluateFiles(files);
      expect(check(report, GOOD_MODEL, 'datasets.hashes').outcome).toBe('fail');
      expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
    });
  }

  it("the hash of a Git LFS pointer file instead of its content: named, and failed", async () => {
    const files = exampleRepo();
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256('real content')}\nsize 12\n`;
    files.set(TRAIN, pointer);
    files.set(SHEET, text(files.get(SHEET)).replace(/(path: data\/train\.csv\n\s+sha256: )"?[0-9a-f]{64}"?(\n\s+size: )\d+/, `$1"${sha256(pointer)}"$2${pointer.length}`));
    const c = check(await evaluateFiles(files), GOOD_MODEL, 'datasets.hashes');
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/hash of the Git LFS pointer file/);
  });
});

describe('evidence the pull request writes for itself is shown to the reviewer', () => {
  it('a self-written audit record, referenced from the card, is listed as evidence edited in this change', async () => {
    const files = exampleRepo();
    const own = `${GOOD_MODEL}/my-audit.yml`;
    files.set(own, text(files.get(AUDIT)).replace('AUD-2026-014', 'AUD-SELF'));
    withCard(files, (c) => c.replace('    - audits/2026-09-support-router.yml', '    - my-audit.yml'));
    const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: own, status: 'added' }, { path: CARD, status: 'modified' }] } });
    const m = report.models.find((x) => x.path === GOOD_MODEL);
    expect(m?.facts.changedEvidence).toEqual(expect.arrayContaining([own, CARD]));
    expect(renderMarkdown(report)).toMatch(/Evidence edited in this change:\*\* .*my-audit\.yml/);
  });
});

describe('audits apply by scope, not only by citation', () => {
  const CLEAN = 'audits/2026-11-internal.yml';
  // The base: the support-router audit's finding F-3 is open again (high), so the model fails there.
  function baseWithOpenFinding(): Map<string, Entry> {
    const files = exampleRepo();
    files.set(AUDIT, text(files.get(AUDIT)).replace('status: accepted', 'status: open'));
    return files;
  }
  const cleanRecord = (findings = 'findings: []') =>
    `id: AUD-2026-099\nauditor: { name: "Northbridge Assurance LLP", independent: true }\ndate: 2026-11-20\nscope: [${GOOD_MODEL}]\n${findings}\n`;
  const citing = (ref: string) => (c: string) => c.replace('    - audits/2026-09-support-router.yml', `    - ${ref}`);
  const F3 = /AUD-2026-014\/F-3 "Disparate error rates across languages \(Spanish accuracy 6 points below English\)"/;

  it('the control: the base fails on the open finding', async () => {
    const base = baseWithOpenFinding();
    expect(check(await evaluateFiles(base), GOOD_MODEL, 'audit.findings').message).toMatch(F3);
  });

  it('the citation swapped for a clean record: the uncited record still covers the model and its finding still blocks', async () => {
    const base = baseWithOpenFinding();
    const head = withCard(baseWithOpenFinding(), citing(CLEAN));
    head.set(CLEAN, cleanRecord());
    const report = await evaluateReader(spyReader(head), { base: spyReader(base), changes: { all: false, files: [{ path: CARD, status: 'modified' }, { path: CLEAN, status: 'added' }] } });
    expect(check(report, GOOD_MODEL, 'audit.reference').outcome).toBe('pass');
    const c = check(report, GOOD_MODEL, 'audit.findings');
    expect(c).toMatchObject({ outcome: 'fail', file: AUDIT });
    expect(c.message).toMatch(F3);
    expect(report.verdict).toBe('fail');
  });

  it('the citation swapped and the record deleted in the same change: its open finding still blocks', async () => {
    const base = baseWithOpenFinding();
    const head = withCard(baseWithOpenFinding(), citing(CLEAN));
    head.set(CLEAN, cleanRecord());
    head.delete(AUDIT);
    const changes = { all: false as const, files: [{ path: CARD, status: 'modified' as const }, { path: CLEAN, status: 'added' as const }, { path: AUDIT, status: 'removed' as const }] };
    const report = await evaluateReader(spyReader(head), { base: spyReader(base), changes });
    const c = check(report, GOOD_MODEL, 'audit.findings');
    expect(c).toMatchObject({ outcome: 'fail', file: CARD });
    expect(c.message).toMatch(/is open in audits\/2026-09-support-router\.yml, which covered this model on the base and was removed by this change/);
    // Without the base revision nothing says what the record held: fail closed, never pass.
    const blind = await evaluateReader(spyReader(head), { changes });
    expect(check(blind, GOOD_MODEL, 'audit.findings').outcome).toBe('error');
    expect(blind.verdict).toBe('fail');
  });

  it('the record re-scoped away from the model, or moved out of audits.records: its open finding still blocks', async () => {
    const base = baseWithOpenFinding();
    const rescoped = withCard(baseWithOpenFinding(), citing(CLEAN));
    rescoped.set(CLEAN, cleanRecord());
    rescoped.set(AUDIT, text(rescoped.get(AUDIT)).replace(`  - ${GOOD_MODEL}`, '  - models/retired'));
    const r1 = await evaluateReader(spyReader(rescoped), { base: spyReader(base), changes: { all: false, files: [{ path: CARD, status: 'modified' }, { path: CLEAN, status: 'added' }, { path: AUDIT, status: 'modified' }] } });
    expect(check(r1, GOOD_MODEL, 'audit.findings').message).toMatch(/its scope no longer names this model/);
    const moved = withCard(baseWithOpenFinding(), citing(CLEAN));
    moved.set(CLEAN, cleanRecord());
    moved.set('docs/old-audit.yml', text(moved.get(AUDIT)));
    moved.delete(AUDIT);
    const r2 = await evaluateReader(spyReader(moved), {
      base: spyReader(base),
      changes: { all: false, files: [{ path: CARD, status: 'modified' }, { path: CLEAN, status: 'added' }, { path: 'docs/old-audit.yml', previousPath: AUDIT, status: 'renamed' }] },
    });
    expect(check(r2, GOOD_MODEL, 'audit.findings').message).toMatch(/moved by this change to docs\/old-audit\.yml, outside audits\.records/);
    expect(r2.verdict).toBe('fail');
  });

  it('a cited record outside audits.records is refused, naming the globs', async () => {
    const files = withCard(exampleRepo(), citing('../../docs/audit.yml'));
    files.set('docs/audit.yml', text(files.get(AUDIT)));
    files.delete(AUDIT);
    const c = check(await evaluateFiles(files), GOOD_MODEL, 'audit.reference');
    expect(c).toMatchObject({ outcome: 'fail', file: CARD });
    expect(c.message).toBe('docs/audit.yml is not an audit record this policy recognises: audits.records is audits/**/*.{yml,yaml}');
  });
});

describe('list entries are never dropped silently', () => {
  it.each([
    ['a mapping', '  - { name: acme/undocumented-scrape }', 'a mapping ({"name":"acme/undocumented-scrape"})'],
    ['a nested list', '  - [acme/undocumented-scrape]', 'a list (["acme/undocumented-scrape"])'],
  ])('a datasets entry written as %s fails card.metadata at its line', async (_kind, entry, shape) => {
    const files = withCard(exampleRepo(), (c) => c.replace('  - acme/support-eval-2025\n', `  - acme/support-eval-2025\n${entry}\n`));
    const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: CARD, status: 'modified' }] } });
    const c = check(report, GOOD_MODEL, 'card.metadata');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: CARD, line: 14 });
    expect(c.message).toBe(`${CARD}:14:5: \`datasets\` entry 3 is ${shape}, not text: write it as a dataset id, manifest id or manifest path; modelgate reads no other form, so it would be ignored`);
    expect(report.verdict).toBe('fail');
  });
});

describe('licence deny lists', () => {
  const policy = 'extends: baseline\nchecks:\n  card.license: { level: error, deny: [gpl-3.0] }\n';

  it('licenseKeys: one key per licence, whatever the spelling', () => {
    for (const s of ['GPL-3.0', 'gpl-3.0', 'GPL-3.0-only', 'GPL-3.0-or-later', 'GPL-3.0+', ' gpl-3.0 ', 'MIT OR GPL-3.0-only', '(Apache-2.0 AND GPL-3.0-or-later)', 'GPL-3.0-only WITH Classpath-exception-2.0']) {
      expect(licenseKeys(s), s).toContain('gpl-3.0');
    }
    for (const s of ['LGPL-3.0-only', 'AGPL-3.0', 'MIT', 'GPL-2.0-only', 'Apache-2.0 WITH GPL-3.0-linking-exception']) {
      expect(licenseKeys(s), s).not.toContain('gpl-3.0');
    }
    expect(licenseKeys('apache-2.0')).toEqual(expect.arrayContaining(['apache-2.0']));
    expect(licenseKeys('agpl-3.0')).toEqual(expect.arrayContaining(['agpl-3.0-only', 'agpl-3.0']));
  });

  it('the denied id as written is refused (the control)', async () => {
    const files = withCard(exampleRepo(), (c) => c.replace('license: apache-2.0', 'license: gpl-3.0'));
    files.set('.github/modelgate.yml', policy);
    expect(check(await evaluateFiles(files), GOOD_MODEL, 'card.license').outcome).toBe('fail');
  });

  // FIXED (was a defect in src/checks/card.ts) (cardLicense): the deny (and allow) lists are compared with the
  // card's licence strings by exact lowercase equality, so "GPL-3.0-only", "gpl-3.0 " (a trailing
  // space, YAML-quoted), "GPL-3.0+" or "MIT OR GPL-3.0-only" pass a policy that denies gpl-3.0.
  // Fix: compare licenseKeys() (src/evidence/license.ts), not strings:
  //   const denyKeys = new Set(deny.flatMap(licenseKeys)); const allowKeys = allow && new Set(allow.flatMap(licenseKeys));
  //   const keys = licenseKeys(id);
  //   if (keys.some((k) => denyKeys.has(k))) problems.push(`license "${id}" is denied by policy`);
  //   if (allowKeys && !keys.every((k) => allowKeys.has(k))) problems.push(`license "${id}" is not in the policy's allow list`);
  it('a denied licence spelled another way still meets deny: [gpl-3.0]', async () => {
    const slipped: string[] = [];
    for (const spelled of ['GPL-3.0-only', '"gpl-3.0 "', 'GPL-3.0-or-later', 'GPL-3.0+', '"MIT OR GPL-3.0-only"', '[mit, GPL-3.0-only]']) {
      const files = withCard(exampleRepo(), (c) => c.replace('license: apache-2.0', `license: ${spelled}`));
      files.set('.github/modelgate.yml', policy);
      if (check(await evaluateFiles(files), GOOD_MODEL, 'card.license').outcome !== 'fail') slipped.push(spelled);
    }
    expect(slipped).toEqual([]);
  });
});

describe('a waiver covers one check, not every check that depends on the card', () => {
  // FIXED (was a defect in src/evaluate.ts) (toResult / judgeModel): a check that needs the card reports `blocked`,
  // shown as `skipped` whenever card.present / card.metadata is at level error, on the grounds that
  // the blocker already fails the gate. When the blocker's failure is *waived*, it no longer fails
  // the gate, yet the dependent checks stay `skipped`: one waiver for card.metadata (or card.present)
  // silently waives datasets.*, audit.* and carbon.* too, and the model passes with a card nobody
  // could read. Fix: decide skipped-vs-error on the blocker's final outcome, after waivers:
  //   skipped only if the blocker result is { level: 'error', outcome: 'fail' | 'error' }; else 'error'
  // (an error cannot be waived, so the model fails until the card can be read).
  it('a waived card.metadata (unreadable card) or card.present (no card) must not let the model pass', async () => {
    const passed: string[] = [];
    for (const [blocker, card] of [
      ['card.metadata', new Uint8Array([0xff, 0xfe, 0])],
      ['card.present', undefined],
    ] as const) {
      const files = exampleRepo();
      if (card === undefined) files.delete(CARD);
      else files.set(CARD, card);
      files.set('.github/modelgate-waivers.yml', `waivers:\n  - { model: ${GOOD_MODEL}, check: ${blocker}, reason: evidence-pending, approver: "@lead", granted: 2026-11-20, expires: 2027-01-31 }\n`);
      const report = await evaluateFiles(files);
      expect(check(report, GOOD_MODEL, blocker).outcome).toBe('waived');
      if (modelOutcome(report, GOOD_MODEL) === 'pass') {
        const skipped = report.models.find((m) => m.path === GOOD_MODEL)?.checks.filter((c) => c.outcome === 'skipped').map((c) => c.id);
        passed.push(`${blocker} waived: passes with ${skipped?.join(', ')} skipped`);
      }
    }
    expect(passed).toEqual([]);
  });
});

describe('weights renamed to escape discovery', () => {
  it('weights moved out of models/ are still a model (the control)', async () => {
    const files = exampleRepo();
    files.set('tools/shadow/model.onnx', 'weights');
    const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: 'tools/shadow/model.onnx', status: 'added' }] } });
    // No card above it short of the repository root (a project README, not a model card): the
    // weights' own directory is the model, not "." (issue 11 item 3).
    expect(report.models.map((m) => m.path)).toEqual(['tools/shadow']);
    expect(report.models[0]?.touchedBy).toEqual(['tools/shadow/model.onnx']);
    expect(report.verdict).toBe('fail');
  });

  // FIXED (was a defect in src/discovery.ts) (findModels): the artifact globs are matched case-sensitively, so
  // "model.ONNX", "weights.SafeTensors" or "model.Pt" outside models/ make no model and the change
  // passes with nothing evaluated. onnxruntime, safetensors and torch load such files regardless of
  // the case of their extension (and macOS and Windows file systems ignore it).
  // Fix: match models.artifacts case-insensitively: give Matcher a `nocase` option passed to
  // Minimatch, lower-case the path and the literal segments in its pre-filter when it is set, and
  // build the artifacts matcher with `new Matcher(models.artifacts, { nocase: true })`.
  it('weights with an upper-case extension are still models', async () => {
    const escaped: string[] = [];
    for (const file of ['tools/shadow/model.ONNX', 'tools/shadow/weights.SafeTensors', 'tools/shadow/model.Pt']) {
      const files = exampleRepo();
      files.set(file, 'weights');
      const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: file, status: 'added' }] } });
      if (report.models.length === 0 || report.verdict === 'pass') escaped.push(file);
    }
    expect(escaped).toEqual([]);
  });
});

// Issue 11 item 1: readers listed regular files only, so a link or a submodule touched no model and
// the gate said "no model changed". Each case is a diff-mode change (what a pull request sends).
describe('links and submodules where a model or its weights are', () => {
  const CONFIG = '.github/modelgate.yml';
  const CHURN = 'models/churn-predictor';
  const insideLinks = (files: Map<string, Entry>) => files.set(CONFIG, text(files.get(CONFIG)).replace('roots: ["models/*"]', 'roots: ["models/*"]\n  links: inside'));
  const added = (...paths: string[]) => ({ all: false as const, files: paths.map((path) => ({ path, status: 'added' as const })) });
  const card = (files: Map<string, Entry>) => text(files.get(`${GOOD_MODEL}/README.md`));

  const denied: [string, (files: Map<string, Entry>) => string[], string, RegExp][] = [
    ['a new model whose weights file is a link', (f) => (f.set('models/new/README.md', card(f)), f.set('models/new/model.safetensors', link('/mnt/share/new.safetensors')), ['models/new/README.md', 'models/new/model.safetensors']), 'models/new', /models\/new\/model\.safetensors is a symbolic link to "\/mnt\/share\/new\.safetensors": modelgate never follows links/],
    ['a model directory that is itself a link', (f) => (f.set('models/new', link('/mnt/share/new')), ['models/new']), 'models/new', /models\/new is a symbolic link to "\/mnt\/share\/new"/],
    ['a model added as a git submodule', (f) => (f.set('models/new', submodule()), ['models/new']), 'models/new', /models\/new is a git submodule: its files are another repository's/],
    ['a link at a weights name outside every root', (f) => (f.set('tools/shadow/model.onnx', link('../../models/churn-predictor/model.onnx')), ['tools/shadow/model.onnx']), 'tools/shadow', /tools\/shadow\/model\.onnx is a symbolic link/],
    ['weights of a passing model replaced by a link', (f) => (f.set(`${GOOD_MODEL}/model.safetensors`, link('/mnt/other.safetensors')), [`${GOOD_MODEL}/model.safetensors`]), GOOD_MODEL, /is a symbolic link to "\/mnt\/other\.safetensors"/],
  ];
  for (const [name, change, model, message] of denied) {
    it(`${name}: the model is touched and model.entries fails, saying what the entry is and why`, async () => {
      const files = exampleRepo();
      const paths = change(files);
      const report = await evaluateFiles(files, { changes: added(...paths) });
      expect(report.models.map((m) => m.path)).toContain(model);
      const c = check(report, model, 'model.entries');
      expect(c).toMatchObject({ level: 'error', outcome: 'fail' });
      expect(c.message).toMatch(message);
      expect(report.verdict).toBe('fail');
    });
  }

  it('a submodule fails under models.links: inside too', async () => {
    const files = insideLinks(exampleRepo());
    files.set('models/new', submodule());
    const report = await evaluateFiles(files, { changes: added('models/new') });
    expect(check(report, 'models/new', 'model.entries').outcome).toBe('fail');
  });

  it('models.links: inside: a weights link inside the repository is judged as its target, and a passing model still passes', async () => {
    const files = insideLinks(exampleRepo());
    files.set(`${GOOD_MODEL}/model-v2.safetensors`, link('model.safetensors'));
    const report = await evaluateFiles(files, { changes: added(`${GOOD_MODEL}/model-v2.safetensors`) });
    expect(report.models.map((m) => m.path)).toEqual([GOOD_MODEL]);
    expect(report.models[0]?.checks.map((c) => c.id)).not.toContain('model.entries');
    expect(report.verdict).toBe('pass');
  });

  it('models.links: inside: a model directory linked to a failing model is that model, judged (and failing) as its target', async () => {
    const files = insideLinks(exampleRepo());
    files.set('models/alias', link('churn-predictor'));
    const report = await evaluateFiles(files, { changes: added('models/alias') });
    expect(report.models.map((m) => m.path)).toEqual(['models/alias']);
    expect(check(report, 'models/alias', 'card.present')).toMatchObject({ outcome: 'pass', message: 'card found: models/alias/README.md' });
    expect(check(report, 'models/alias', 'carbon.estimate').outcome).toBe('fail');
    // The target changing later changes the linked model as well.
    const later = await evaluateFiles(files, { changes: { all: false, files: [{ path: `${CHURN}/README.md`, status: 'modified' }] } });
    expect(later.models.map((m) => m.path).sort()).toEqual(['models/alias', CHURN]);
  });

  const stillFail: [string, Entry, RegExp][] = [
    ['a link leaving the repository', link('../../../../etc/passwd'), /which leaves the repository/],
    ['an absolute link', link('/etc/passwd'), /which leaves the repository/],
    ['a dangling link', link('model-v3.safetensors'), /a dangling link/],
  ];
  for (const [name, entry, why] of stillFail) {
    it(`models.links: inside: ${name} still fails model.entries`, async () => {
      const files = insideLinks(exampleRepo());
      files.set(`${GOOD_MODEL}/model-v2.safetensors`, entry);
      const report = await evaluateFiles(files, { changes: added(`${GOOD_MODEL}/model-v2.safetensors`) });
      const c = check(report, GOOD_MODEL, 'model.entries');
      expect(c.outcome).toBe('fail');
      expect(c.message).toMatch(why);
      expect(report.verdict).toBe('fail');
    });
  }
});

describe('weights saved under another name and moved out of models/: recognised by their bytes', () => {
  // Each sample is built from its format's specification (test/evidence/weightsSamples.ts). The model
  // it lands in depends on where the nearest card is; what matters is that some model names the file.
  const samples: [string, Entry, string][] = [
    ['exports/weights.npz', W.npz(), 'NumPy (.npz)'],
    ['exports/params.msgpack', W.safetensors(), 'safetensors'],
    ['exports/frozen.pb', W.onnx(), 'ONNX'],
    ['exports/checkpoint.nemo', W.pytorchZip(), 'PyTorch (zip)'],
    ['exports/bundle.zip', W.torchScriptZip(), 'TorchScript'],
    ['exports/model.tar', W.gguf(), 'GGUF'],
    ['exports/run.llamafile', W.gguf(), 'GGUF'],
    ['exports/net.params', W.pickle(4), 'pickle'],
    ['exports/tok.model', W.hdf5(512), 'HDF5'],
    ['exports/weights', W.tflite(), 'TFLite'],
    ['exports/arrays', W.npy(), 'NumPy (.npy)'],
    ['exports/classifier.keras2', W.keras(), 'Keras'],
    ['exports/Detector.mlmodelc', W.coreMl(), 'Core ML'],
    ['exports/Detector.mlpackage/Manifest.json', W.mlpackageManifest(), 'Core ML package'],
    ['exports/big.blob', W.lfsPointer(), 'Git LFS pointer'],
  ];
  for (const [file, content, format] of samples) {
    it(`${file} (${format}), added by a change: a model says why, and the change fails`, async () => {
      const files = exampleRepo();
      files.set(file, content);
      const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: file, status: 'added' }] } });
      const m = report.models.find((x) => x.recognised?.includes(file));
      expect(m?.recognised, report.models.map((x) => x.path).join(', ')).toContain(format);
      expect(m?.touchedBy).toEqual([file]);
      expect(report.verdict).toBe('fail');
      expect(renderMarkdown(report)).toContain('Found by: weights recognised by their bytes');
    });
  }

  it('a rename out of models/ to an unlisted name is recognised at its new place', async () => {
    const files = exampleRepo();
    files.set('exports/blob', W.safetensors());
    const report = await evaluateFiles(files, {
      changes: { all: false, files: [{ path: 'exports/blob', previousPath: `${GOOD_MODEL}/model.safetensors`, status: 'renamed' }] },
    });
    expect(report.models.some((m) => m.recognised?.includes('exports/blob is safetensors'))).toBe(true);
    expect(report.verdict).toBe('fail');
  });

  it('with --all, every unplaced file is sniffed; the example repository still has its three models only', async () => {
    const plain = await evaluateFiles(exampleRepo());
    expect(plain.models.map((m) => m.path)).toEqual(['models/churn-predictor', 'models/doc-classifier', GOOD_MODEL]);
    const files = exampleRepo();
    files.set('exports/weights', W.gguf());
    const report = await evaluateFiles(files);
    expect(report.models.filter((m) => m.recognised).map((m) => m.recognised)).toEqual([expect.stringContaining('exports/weights is GGUF')]);
  });

  it('a binary file over models.binary_threshold_mib is weights unless a dataset manifest lists it', async () => {
    const big = huge(11 * 1024 * 1024, '\u0000\u0001binary');
    const files = exampleRepo();
    files.set('exports/blob.bin2', big);
    const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: 'exports/blob.bin2', status: 'added' }] } });
    expect(report.models.find((m) => m.recognised)?.recognised).toMatch(/binary file of 11\.0 MiB, over models\.binary_threshold_mib \(10\)/);

    // Listed by the example's datasheet (as data/train.csv is): data, not weights.
    const listed = exampleRepo();
    listed.set(TRAIN, big);
    const r2 = await evaluateFiles(listed, { changes: { all: false, files: [{ path: TRAIN, status: 'modified' }] } });
    expect(r2.models.some((m) => m.recognised)).toBe(false);
  });

  it('near-misses make no model: PNG, JPEG, PDF, a random zip, JSON, a text file starting with {"', async () => {
    const files = exampleRepo();
    const added: [string, Entry][] = [
      ['docs/diagram.png', W.png()],
      ['docs/photo.jpg', W.jpeg()],
      ['docs/paper.pdf', W.pdf()],
      ['docs/site.zip', W.randomZip()],
      ['docs/data.json', W.jsonText()],
      ['docs/notes', '{"not": "safetensors"}\n'],
      ['docs/small.bin2', W.noise(4096)],
    ];
    for (const [p, c] of added) files.set(p, c);
    const report = await evaluateFiles(files, { changes: { all: false, files: added.map(([path]) => ({ path, status: 'added' as const })) } });
    expect(report.models).toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('a dataset file stored in a data format (.npy, LFS pointer) and listed by a manifest stays data; safetensors does not', async () => {
    for (const [content, model] of [
      [W.npy(), false],
      [W.lfsPointer(), false],
      [W.safetensors(), true],
    ] as const) {
      const files = exampleRepo();
      files.set(TRAIN, content);
      const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: TRAIN, status: 'modified' }] } });
      expect(report.models.some((m) => m.recognised?.includes(TRAIN))).toBe(model);
    }
  });

  it('a changed file that cannot be read fails closed: it is taken for weights, and says so', async () => {
    const files = exampleRepo();
    files.set('exports/unreadable', fault('io'));
    const report = await evaluateFiles(files, { changes: { all: false, files: [{ path: 'exports/unreadable', status: 'added' }] } });
    expect(report.models.find((m) => m.recognised)?.recognised).toMatch(/exports\/unreadable could not be read to check whether it holds weights \(io: injected io\)/);
    expect(report.verdict).toBe('fail');
  });

  it('with sniffUnchanged: false (the App), evaluating every model sniffs nothing; a change still sniffs its files', async () => {
    const files = exampleRepo();
    files.set('exports/weights', W.gguf());
    const reader = spyReader(files);
    const judge = async (changes: ChangeSet) =>
      evaluate({ reader, changes, policy: await readPolicy(reader), waivers: await readWaivers(reader), today: '2026-11-28', toolVersion: 't', sniffUnchanged: false });
    expect((await judge({ all: true })).models.some((m) => m.recognised)).toBe(false);
    expect(reader.log.some((r) => r.op === 'head')).toBe(false);
    expect((await judge({ all: false, files: [{ path: 'exports/weights', status: 'added' }] })).models.some((m) => m.recognised)).toBe(true);
  });

  it('ignored paths are never sniffed', async () => {
    const files = exampleRepo();
    files.set('tests/fixtures/tiny.gguf2', W.gguf());
    const reader = spyReader(files);
    const report = await evaluateReader(reader, { changes: { all: false, files: [{ path: 'tests/fixtures/tiny.gguf2', status: 'added' }] } });
    expect(report.models).toEqual([]);
    expect(reader.log.some((r) => r.op === 'head')).toBe(false);
  });
});
