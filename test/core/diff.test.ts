// Diff mode through evaluate(): which models a change touches, directly or through their evidence,
// and the preview of a policy the change proposes. In-memory repositories; the CLI tests do the same
// over real git.
import { describe, expect, it } from 'vitest';
import type { ChangedFile, Report } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parseWaivers } from '../../src/waivers.js';
import { memoryReader, sha256, type MemoryEntry, type MemoryFiles } from './fixtures.js';

const DATA = 'a,b\n1,2\n';
const sheet = (id: string, file = 'data/x.csv', hash = sha256(DATA)) =>
  `id: ${id}\nsource: { url: "https://example.com" }\nlicense: MIT\ncollection: "Exported."\nretention: { policy: "Kept a year" }\nfiles:\n  - { path: ${file}, sha256: "${hash}" }\n`;
const card = (datasets: string[], extra = '') =>
  `---\nlicense: mit\ndatasets: [${datasets.join(', ')}]\nco2_eq_emissions: 100\ngovernance:\n  risk_tier: limited\n  owner: "@o"\n  audits: [audits/a.yml]\n${extra}---\n# m\n`;
const audit = (scope: string[]) => `id: A-1\nauditor: { name: X, independent: true }\ndate: 2026-10-01\nscope: [${scope.join(', ')}]\n`;

function repo(over: Record<string, MemoryEntry | undefined> = {}): MemoryFiles {
  const files: MemoryFiles = {
    'models/a/README.md': card(['acme/one']),
    'models/a/model.onnx': 'w',
    'models/b/README.md': card(['acme/two'], '  carbon_report: ../../reports/b.csv\n'),
    'models/b/model.onnx': 'w',
    'models/c/README.md': card(['acme/one', 'acme/two']),
    'datasets/one/datasheet.yml': sheet('acme/one'),
    'datasets/one/data/x.csv': DATA,
    'datasets/two/datasheet.yml': sheet('acme/two'),
    'datasets/two/data/x.csv': DATA,
    'audits/a.yml': audit(['models']),
    'reports/b.csv': 'run_id,emissions\nr,0.1\n',
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  return files;
}

/** Evaluates `files` as the head of a change from `base` (by default the unchanged repository; null: not given). */
async function diff(files: MemoryFiles, changed: (string | ChangedFile)[], proposed?: string, base: MemoryFiles | null = repo()): Promise<Report> {
  const reader = memoryReader(files);
  return evaluate({
    reader,
    changes: { all: false, files: changed.map((c) => (typeof c === 'string' ? { path: c, status: 'modified' } : c)) },
    ...(base ? { base: memoryReader(base, 'base') } : {}),
    policy: loadPolicy(undefined),
    waivers: parseWaivers(undefined),
    today: '2026-11-28',
    toolVersion: 'test',
    ...(proposed !== undefined ? { proposedPolicy: { loaded: loadPolicy(proposed), file: '.github/modelgate.yml' } } : {}),
  });
}

const touched = (r: Report) => Object.fromEntries(r.models.map((m) => [m.path, m.touchedBy]));

describe('which models a change touches', () => {
  it('a file inside a model directory touches that model only', async () => {
    expect(touched(await diff(repo(), ['models/a/model.onnx']))).toEqual({ 'models/a': ['models/a/model.onnx'] });
  });
  it('a manifest, and a file it lists, touch every model naming the dataset', async () => {
    expect(touched(await diff(repo(), ['datasets/one/datasheet.yml']))).toEqual({ 'models/a': ['datasets/one/datasheet.yml'], 'models/c': ['datasets/one/datasheet.yml'] });
    expect(touched(await diff(repo(), ['datasets/two/data/x.csv']))).toEqual({ 'models/b': ['datasets/two/data/x.csv'], 'models/c': ['datasets/two/data/x.csv'] });
  });
  it('an audit record touches the models that reference it; a carbon report outside the model too', async () => {
    expect(Object.keys(touched(await diff(repo(), ['audits/a.yml'])))).toEqual(['models/a', 'models/b', 'models/c']);
    expect(touched(await diff(repo(), ['reports/b.csv']))).toEqual({ 'models/b': ['reports/b.csv'] });
  });
  it('an audit report kept in the repository touches the models whose audit names it', async () => {
    const files = repo({ 'audits/a.yml': audit(['models/b']) + `report: { path: reports/a.md, sha256: "${sha256('report')}" }\n`, 'audits/reports/a.md': 'report, edited' });
    const r = await diff(files, ['audits/reports/a.md']);
    expect(touched(r)).toEqual({ 'models/a': ['audits/reports/a.md'], 'models/b': ['audits/reports/a.md'], 'models/c': ['audits/reports/a.md'] });
    expect(r.models[1]?.checks.find((c) => c.id === 'audit.reference')?.message).toMatch(/report audits\/reports\/a\.md: SHA-256 mismatch/);
  });
  it('a file nothing depends on touches nothing', async () => {
    const r = await diff(repo(), ['README.md', 'datasets/one/notes.md', '.github/modelgate.yml']);
    expect(r.models).toEqual([]);
    expect(r.verdict).toBe('pass');
  });
  it('a deleted audit record still touches the models that reference it, which then fail', async () => {
    const r = await diff(repo({ 'audits/a.yml': undefined }), [{ path: 'audits/a.yml', status: 'removed' }]);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/b', 'models/c']);
    expect(r.models[0]?.checks.find((c) => c.id === 'audit.reference')).toMatchObject({ outcome: 'fail', message: 'audits/a.yml: audits/a.yml does not exist' });
    expect(r.verdict).toBe('fail');
  });
  it('a deleted manifest touches the models whose dataset no longer resolves', async () => {
    const r = await diff(repo({ 'datasets/one/datasheet.yml': undefined }), [{ path: 'datasets/one/datasheet.yml', status: 'removed' }]);
    expect(touched(r)).toEqual({ 'models/a': ['datasets/one/datasheet.yml'], 'models/c': ['datasets/one/datasheet.yml'] });
    expect(r.models[0]?.checks.find((c) => c.id === 'datasets.manifest')).toMatchObject({ outcome: 'fail', message: 'no manifest for "acme/one"' });
    expect(r.verdict).toBe('fail');
  });
  it('a manifest whose id the change edits away touches the models that used the old id', async () => {
    const r = await diff(repo({ 'datasets/one/datasheet.yml': sheet('acme/renamed') }), ['datasets/one/datasheet.yml']);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/c']);
    expect(r.verdict).toBe('fail');
  });
  it('a manifest the change breaks touches the models that named it, and the failure names its error', async () => {
    const r = await diff(repo({ 'datasets/one/datasheet.yml': 'id: acme/one\nfiles: [\n' }), ['datasets/one/datasheet.yml']);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/c']);
    const c = r.models[0]?.checks.find((x) => x.id === 'datasets.manifest');
    expect(c?.outcome).toBe('fail');
    expect(c?.message).toMatch(/^no manifest for "acme\/one" \(1 manifest\(s\) could not be read, so their names are unknown: datasets\/one\/datasheet\.yml:\d+:\d+: YAML: /);
  });
  it('a new manifest claiming a name already used touches the models using it (ambiguous)', async () => {
    const files = repo({ 'datasets/aaa/datasheet.yml': sheet('acme/two'), 'datasets/aaa/data/x.csv': DATA });
    for (const added of ['datasets/aaa/datasheet.yml']) {
      const r = await diff(files, [{ path: added, status: 'added' }]);
      expect(Object.keys(touched(r))).toEqual(['models/b', 'models/c']);
      expect(r.models[0]?.checks.find((c) => c.id === 'datasets.manifest')?.message).toBe('"acme/two" is claimed by 2 manifests (datasets/aaa/datasheet.yml, datasets/two/datasheet.yml)');
    }
    // Sorted after the original, the newcomer is still found.
    const later = repo({ 'datasets/zzz/datasheet.yml': sheet('acme/two') });
    expect(Object.keys(touched(await diff(later, [{ path: 'datasets/zzz/datasheet.yml', status: 'added' }])))).toEqual(['models/b', 'models/c']);
  });
  it('a rename between models touches both; a removed card touches its model', async () => {
    const moved = await diff(repo(), [{ path: 'models/b/model.onnx', previousPath: 'models/a/model.onnx', status: 'renamed' }]);
    expect(Object.keys(touched(moved))).toEqual(['models/a', 'models/b']);
    const noCard = await diff(repo({ 'models/a/README.md': undefined }), [{ path: 'models/a/README.md', status: 'removed' }]);
    expect(touched(noCard)).toEqual({ 'models/a': ['models/a/README.md'] });
    expect(noCard.models[0]?.checks.find((c) => c.id === 'card.present')?.outcome).toBe('fail');
  });
});

describe('manifests looked up lazily (diff mode parses only those a reference may name)', () => {
  // What each dataset reference of the touched models resolved to, as diff mode and as --all see it.
  const resolved = (r: Report) => Object.fromEntries(r.models.map((m) => [m.path, m.facts.datasets.map((d) => d.manifest ?? null)]));
  async function bothWays(files: MemoryFiles, changed: string[]) {
    const lazy = await diff(files, changed);
    const all = await evaluate({ reader: memoryReader(files), changes: { all: true }, policy: loadPolicy(undefined), waivers: parseWaivers(undefined), today: '2026-11-28', toolVersion: 'test' });
    const eager = Object.fromEntries(Object.entries(resolved(all)).filter(([m]) => m in resolved(lazy)));
    expect(resolved(lazy)).toEqual(eager);
    return lazy;
  }

  it('a name written with escapes, or in other letter case, still resolves', async () => {
    const files = repo({ 'datasets/one/datasheet.yml': sheet('"acme\\x2fone"'), 'datasets/two/datasheet.yml': sheet('ACME/Two') });
    const r = await bothWays(files, ['models/c/README.md']);
    expect(resolved(r)).toEqual({ 'models/c': ['datasets/one/datasheet.yml', 'datasets/two/datasheet.yml'] });
  });
  it('a name in non-ASCII letters, in other letter case, still resolves', async () => {
    const files = repo({ 'datasets/one/datasheet.yml': sheet('"ΟΔΟΣ"'), 'models/a/README.md': card(['"οδος"']) });
    const r = await bothWays(files, ['models/a/README.md']);
    expect(resolved(r)).toEqual({ 'models/a': ['datasets/one/datasheet.yml'] });
  });
  it('a manifest named by its own path, and two manifests claiming one name, as --all sees them', async () => {
    const files = repo({ 'datasets/three/datasheet.yml': sheet('acme/one'), 'models/a/README.md': card(['DATASETS/TWO/DATASHEET.YML', 'acme/one']) });
    const r = await bothWays(files, ['models/a/README.md']);
    expect(resolved(r)).toEqual({ 'models/a': ['datasets/two/datasheet.yml', 'datasets/one/datasheet.yml'] });
    expect(r.models[0]?.checks.find((c) => c.id === 'datasets.manifest')?.message).toMatch(/datasets\/three\/datasheet\.yml/);
  });
  it('a name no manifest declares lists every manifest that does not parse, untouched ones too', async () => {
    const files = repo({ 'datasets/broken/datasheet.yml': 'id: [unclosed\n', 'models/a/README.md': card(['acme/nowhere']) });
    const r = await bothWays(files, ['models/a/README.md']);
    expect(JSON.stringify(r.models[0]?.checks)).toContain('datasets/broken/datasheet.yml');
  });
  it('a name only the changed manifest declares (renamed into place) resolves to it', async () => {
    const files = repo({ 'datasets/one/datasheet.yml': undefined, 'datasets/new/datasheet.yml': sheet('acme/one') });
    const r = await diff(files, [{ path: 'datasets/new/datasheet.yml', previousPath: 'datasets/one/datasheet.yml', status: 'renamed' }]);
    expect(resolved(r)).toEqual({ 'models/a': ['datasets/new/datasheet.yml'], 'models/c': ['datasets/new/datasheet.yml', 'datasets/two/datasheet.yml'] });
  });
  it('past a few dozen references the answer is the same (every manifest indexed once)', async () => {
    const many: MemoryFiles = {};
    for (let i = 0; i < 40; i++) many[`models/m${i}/README.md`] = card(['acme/one', 'acme/two', `acme/none-${i}`]);
    const files = repo(many);
    const r = await bothWays(files, Object.keys(many));
    expect(r.models.length).toBe(40);
    expect(resolved(r)['models/m39']).toEqual(['datasets/one/datasheet.yml', 'datasets/two/datasheet.yml', null]);
  });
});

describe('audit records by scope', () => {
  const openFinding = (severity = 'low') => `findings:\n  - { id: F-1, title: "Gap", severity: ${severity}, status: open }\n`;
  const scoped = (scope: string[], findings = '') => audit(scope).replace('A-1', 'A-2') + findings;
  const withOther = (other: string | undefined) => repo({ 'audits/other.yml': other });
  const check = (r: Report, model: string, id: string) => r.models.find((m) => m.path === model)?.checks.find((c) => c.id === id);

  it('a changed record touches the models its scope covers, cited or not', async () => {
    const files = withOther(scoped(['models/b']));
    const r = await diff(files, ['audits/other.yml'], undefined, files);
    expect(touched(r)).toEqual({ 'models/b': ['audits/other.yml'] });
    expect(r.models[0]?.facts.changedEvidence).toEqual(['audits/other.yml']);
  });
  it('narrowing a scope touches the model it no longer covers, which keeps the record\'s open findings', async () => {
    const before = withOther(scoped(['models/a', 'models/b'], openFinding()));
    const r = await diff(withOther(scoped(['models/b'], openFinding())), ['audits/other.yml'], undefined, before);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/b']);
    expect(check(r, 'models/a', 'audit.findings')).toMatchObject({
      outcome: 'fail',
      file: 'models/a/README.md',
      message: 'A-2/F-1 "Gap" (low) is open in audits/other.yml, which covered this model on the base and was changed by this change (its scope no longer names this model)',
    });
    // models/b is still covered: a low open finding does not block it.
    expect(check(r, 'models/b', 'audit.findings')?.outcome).toBe('pass');
  });
  it('removing a record with an open finding fails every model it covered', async () => {
    const before = withOther(scoped(['models'], openFinding()));
    const r = await diff(withOther(undefined), [{ path: 'audits/other.yml', status: 'removed' }], undefined, before);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/b', 'models/c']);
    for (const m of r.models) expect(check(r, m.path, 'audit.findings')?.message).toBe('A-2/F-1 "Gap" (low) is open in audits/other.yml, which covered this model on the base and was removed by this change');
    expect(r.verdict).toBe('fail');
  });
  it('removing a record without open findings is reported, not failed', async () => {
    const before = withOther(scoped(['models/b']));
    const r = await diff(withOther(undefined), [{ path: 'audits/other.yml', status: 'removed' }], undefined, before);
    expect(touched(r)).toEqual({ 'models/b': ['audits/other.yml'] });
    expect(check(r, 'models/b', 'audit.reference')).toMatchObject({ outcome: 'pass', message: 'covered by A-1; no longer by audits/other.yml (removed by this change)' });
    expect(r.verdict).toBe('pass');
  });
  it('moving a record out of audits.records withdraws it; moving it within keeps it', async () => {
    const before = withOther(scoped(['models/b'], openFinding()));
    const out = { ...withOther(undefined), 'notes/other.yml': scoped(['models/b'], openFinding()) };
    const away = await diff(out, [{ path: 'notes/other.yml', previousPath: 'audits/other.yml', status: 'renamed' }], undefined, before);
    expect(check(away, 'models/b', 'audit.findings')?.message).toMatch(/was moved by this change to notes\/other\.yml, outside audits\.records$/);
    const within = { ...withOther(undefined), 'audits/2026/other.yml': scoped(['models/b'], openFinding()) };
    const kept = await diff(within, [{ path: 'audits/2026/other.yml', previousPath: 'audits/other.yml', status: 'renamed' }], undefined, before);
    expect(check(kept, 'models/b', 'audit.findings')).toMatchObject({ outcome: 'pass', message: '1 open finding(s) below "high", none overdue' });
    // Removed and added again elsewhere (no rename detected): the same id still covers the model.
    const readded = await diff(within, [{ path: 'audits/other.yml', status: 'removed' }, { path: 'audits/2026/other.yml', status: 'added' }], undefined, before);
    expect(check(readded, 'models/b', 'audit.findings')?.outcome).toBe('pass');
  });
  it('without the base revision, a removed record fails closed on every model it may have covered', async () => {
    const r = await diff(withOther(undefined), [{ path: 'audits/other.yml', status: 'removed' }], undefined, null);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/b', 'models/c']);
    const c = check(r, 'models/a', 'audit.findings');
    expect(c).toMatchObject({ outcome: 'error', file: 'models/a/README.md' });
    expect(c?.message).toBe('audits/other.yml was removed by this change, and the base revision was not given to the evaluator: modelgate cannot tell whether it covered this model or held open findings');
  });
  it('a record that did not parse on the base may be removed: it held no readable finding', async () => {
    const before = withOther('id: A-2\nscope: [models\n');
    const r = await diff(withOther(undefined), [{ path: 'audits/other.yml', status: 'removed' }], undefined, before);
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/b', 'models/c']);
    expect(r.verdict).toBe('pass');
  });
  it('a record the change breaks fails every model it may cover', async () => {
    const r = await diff(withOther('id: A-2\nscope: [models\n'), ['audits/other.yml'], undefined, withOther(scoped(['models/b'])));
    expect(Object.keys(touched(r))).toEqual(['models/a', 'models/b', 'models/c']);
    expect(r.models.every((m) => check(r, m.path, 'audit.reference')?.outcome === 'fail')).toBe(true);
  });
});

describe('the preview of a proposed policy', () => {
  it('judges every model, not only those the change touches', async () => {
    const r = await diff(repo({ 'datasets/two/data/x.csv': 'changed' }), ['models/a/model.onnx'], 'extends: baseline\nchecks: { datasets.hashes: off }\n');
    expect(Object.keys(touched(r))).toEqual(['models/a']);
    expect(r.policy.preview?.changes).toEqual([
      { model: 'models/a', check: 'datasets.hashes', from: 'pass', to: 'skipped' },
      { model: 'models/b', check: 'datasets.hashes', from: 'fail', to: 'skipped' },
      { model: 'models/c', check: 'datasets.hashes', from: 'fail', to: 'skipped' },
    ]);
  });
  it('names the models a narrower discovery would drop', async () => {
    const r = await diff(repo(), [], 'extends: baseline\nmodels:\n  roots: ["models/a"]\n  artifacts: ["**/*.gguf"]\n');
    const dropped = (r.policy.preview?.changes ?? []).filter((c) => c.model === 'models/b');
    expect(dropped.length).toBe(14);
    expect(dropped.every((c) => c.to === 'skipped')).toBe(true);
    expect(r.policy.preview?.changes.some((c) => c.model === 'models/a')).toBe(false);
  });
  it('an unchanged effect is an empty list', async () => {
    const r = await diff(repo(), ['models/a/model.onnx'], 'extends: baseline\n');
    expect(r.policy.preview).toEqual({ file: '.github/modelgate.yml', valid: true, errors: [], changes: [] });
  });
});
