// Which directories are models: root globs, ignore globs, and the artifact rule that stops weights
// moved out of the roots from escaping the gate.
import { describe, expect, it } from 'vitest';
import { findModels, Matcher, modelOf, type ModelDir } from '../../src/discovery.js';
import { Minimatch } from 'minimatch';
import { viewTree, type ViewEntry } from '../../src/entries.js';
import type { TreeEntry } from '../../src/types.js';
import { loadPolicy, loadPreset, type Policy } from '../../src/policy/load.js';
import { evaluateFiles } from './fixtures.js';

const baseline = loadPreset('baseline').policy.models;

function models(files: string[], config: Policy['models'] = baseline): ModelDir[] {
  return [...findModels(files, config).values()].sort((a, b) => a.path.localeCompare(b.path));
}

function withModels(yaml: string): Policy['models'] {
  const loaded = loadPolicy(yaml);
  expect(loaded.errors).toEqual([]);
  return loaded.policy.models;
}

describe('roots', () => {
  it('each directory matching a root glob that holds a file is a model, with its card', () => {
    expect(
      models([
        'models/a/README.md',
        'models/a/model.safetensors',
        'models/b/MODEL_CARD.md',
        'models/b/config.json',
        'models/c/weights.txt',
        'models/README.md',
        'datasets/d/datasheet.yml',
      ]),
    ).toEqual([
      { path: 'models/a', via: 'root', card: 'models/a/README.md' },
      { path: 'models/b', via: 'root', card: 'models/b/MODEL_CARD.md' },
      { path: 'models/c', via: 'root' },
    ]);
  });
  it('takes the first card name of the policy list', () => {
    expect(models(['models/a/model_card.md', 'models/a/MODEL_CARD.md'])).toEqual([{ path: 'models/a', via: 'root', card: 'models/a/MODEL_CARD.md' }]);
    const custom = withModels('models:\n  cards: ["CARD.md", "README.md"]\n');
    expect(models(['models/a/README.md', 'models/a/CARD.md'], custom)[0]?.card).toBe('models/a/CARD.md');
  });
  it('files in subdirectories belong to the model above them, not to a model of their own', () => {
    expect(models(['models/a/README.md', 'models/a/onnx/model.onnx', 'models/a/onnx/README.md', 'models/a/ckpt/step-100/model.pt'])).toEqual([
      { path: 'models/a', via: 'root', card: 'models/a/README.md' },
    ]);
  });
  it('nested root globs: the deepest matching directory is the model', () => {
    const nested = withModels('models:\n  roots: ["teams/*/models/*"]\n');
    expect(models(['teams/search/models/ranker/README.md', 'teams/search/models/ranker/v2/model.onnx', 'teams/search/README.md', 'teams/ads/models/ctr/model.pt'], nested)).toEqual([
      { path: 'teams/ads/models/ctr', via: 'root' },
      { path: 'teams/search/models/ranker', via: 'root', card: 'teams/search/models/ranker/README.md' },
    ]);
    const both = withModels('models:\n  roots: ["models/*", "models/*/*"]\n');
    const found = findModels(['models/family/README.md', 'models/family/small/model.onnx', 'models/family/large/model.onnx'], both);
    expect([...found.keys()].sort()).toEqual(['models/family', 'models/family/large', 'models/family/small']);
    expect(modelOf('models/family/small/model.onnx', found)).toBe('models/family/small');
    expect(modelOf('models/family/README.md', found)).toBe('models/family');
  });
});

describe('ignore', () => {
  it('ignored files make no model, and an ignored card does not count', () => {
    expect(models(['models/fixtures/README.md', 'test/fixtures/models/x/model.onnx', 'node_modules/pkg/model.onnx'])).toEqual([]);
    const custom = withModels('models:\n  ignore: ["models/legacy/**", "**/*.md"]\n');
    expect(models(['models/legacy/model.onnx', 'models/a/README.md', 'models/a/model.onnx'], custom)).toEqual([{ path: 'models/a', via: 'root' }]);
  });
  it('a directory matching both a root and an ignore glob is not a model', () => {
    const custom = withModels('models:\n  ignore: ["models/scratch"]\n');
    // The artifact rule still finds the weights: ignoring a root directory does not hide them.
    expect(models(['models/scratch/model.onnx', 'models/a/README.md'], custom)).toEqual([
      { path: 'models/a', via: 'root', card: 'models/a/README.md' },
      { path: 'models/scratch', via: 'artifact' },
    ]);
  });
});

describe('artifacts outside the roots', () => {
  it('live in the nearest directory above them that holds a card', () => {
    expect(models(['experimental/churn/README.md', 'experimental/churn/v2/model.onnx', 'experimental/churn/v3/model.onnx'])).toEqual([
      { path: 'experimental/churn', via: 'artifact', card: 'experimental/churn/README.md' },
    ]);
  });
  it('else in their own directory, which then has no card', () => {
    expect(models(['stash/old/weights.safetensors', 'stash/old/notes.txt', 'stash/other.txt'])).toEqual([{ path: 'stash/old', via: 'artifact' }]);
  });
  it('never climb to a project README at the repository root: their own directory is the model, not "."', () => {
    expect(models(['README.md', 'tools/shadow/model.onnx', 'tools/README.txt'])).toEqual([{ path: 'tools/shadow', via: 'artifact' }]);
    expect(models(['README.md', 'a/README.md', 'a/b/c/model.onnx'])).toEqual([{ path: 'a', via: 'artifact', card: 'a/README.md' }]);
  });
  it('every artifact extension of the policy counts; other files do not', () => {
    const exts = ['safetensors', 'onnx', 'pt', 'pth', 'bin', 'ckpt', 'gguf', 'h5', 'keras', 'tflite', 'pkl', 'joblib'];
    expect(models(exts.map((e) => `w/${e}/model.${e}`)).map((m) => m.path)).toEqual(exts.map((e) => `w/${e}`).sort());
    expect(models(['tools/script.py', 'docs/model.md', 'data/train.parquet'])).toEqual([]);
  });
  it('weights at the root itself make the root the model, card or not', () => {
    expect(models(['model.onnx', 'src/train.py'])).toEqual([{ path: '', via: 'artifact' }]);
  });
  it('a repository whose root holds the card and the weights is one model at the root', () => {
    expect(models(['README.md', 'model.safetensors', 'onnx/model.onnx'])).toEqual([{ path: '', via: 'artifact', card: 'README.md' }]);
    expect(modelOf('onnx/model.onnx', findModels(['README.md', 'model.safetensors'], baseline))).toBe('');
  });
  it('an artifact under a root directory is that root model, not a second one', () => {
    expect(models(['models/a/sub/model.onnx'])).toEqual([{ path: 'models/a', via: 'root' }]);
  });
  it('an artifact directory without a card fails card.present when evaluated', async () => {
    const r = await evaluateFiles({ 'stash/old/model.onnx': 'weights' });
    expect(r.models.map((m) => m.path)).toEqual(['stash/old']);
    expect(r.models[0]?.checks.find((c) => c.id === 'card.present')).toMatchObject({ outcome: 'fail', message: 'no model card in stash/old (looked for README.md, MODEL_CARD.md, model_card.md)' });
    expect(r.verdict).toBe('fail');
  });
});

describe('modelOf', () => {
  const found = findModels(['models/a/README.md', 'models/ab/README.md', 'x/model.onnx'], baseline);
  it('maps a path to the model directory containing it', () => {
    expect(modelOf('models/a/config.json', found)).toBe('models/a');
    expect(modelOf('models/ab/deep/er/file', found)).toBe('models/ab');
    expect(modelOf('x/model.onnx', found)).toBe('x');
  });
  it('is undefined outside every model, and does not confuse prefixes', () => {
    expect(modelOf('models/abc/README.md', found)).toBeUndefined();
    expect(modelOf('datasets/d/datasheet.yml', found)).toBeUndefined();
    expect(modelOf('README.md', found)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Symbolic links and submodules (issue 11 item 1).

const file = (path: string): TreeEntry => ({ path, kind: 'file' });
const ln = (path: string, target: string): TreeEntry => ({ path, kind: 'symlink', target });
const sub = (path: string): TreeEntry => ({ path, kind: 'submodule' });
const noReader = { label: 'none', listFiles: () => Promise.resolve([]), listEntries: () => Promise.resolve([]), read: () => Promise.resolve({ kind: 'missing' as const }), head: () => Promise.resolve({ kind: 'missing' as const }), sha256: () => Promise.resolve({ kind: 'missing' as const }) };

function opaqueOf(entries: TreeEntry[], links: 'deny' | 'inside' = 'deny', config: Policy['models'] = baseline): Record<string, string[]> {
  const view = viewTree(noReader, entries, links);
  const found = findModels(view.entries, config);
  return Object.fromEntries([...found.values()].sort((a, b) => a.path.localeCompare(b.path)).map((m) => [m.path, (m.opaque ?? []).map((e) => e.path)]));
}

describe('symbolic links and submodules where a model or its weights are', () => {
  it('a link or submodule inside a model directory belongs to that model', () => {
    expect(opaqueOf([file('models/a/README.md'), ln('models/a/model.safetensors', '/mnt/w'), sub('models/a/vendor/tok')])).toEqual({ 'models/a': ['models/a/model.safetensors', 'models/a/vendor/tok'] });
  });
  it('a link or submodule that is the model directory is the model', () => {
    expect(opaqueOf([ln('models/b', '../elsewhere/b'), sub('models/c')])).toEqual({ 'models/b': ['models/b'], 'models/c': ['models/c'] });
  });
  it('a link that could hold model directories (models for models/*) is one too', () => {
    expect(opaqueOf([ln('models', '/mnt/models')])).toEqual({ models: ['models'] });
    const deep = withModels('models:\n  roots: ["teams/*/models/*"]\n');
    expect(opaqueOf([ln('teams/vision', '/mnt/vision'), sub('teams/nlp/models')], 'deny', deep)).toEqual({ 'teams/nlp/models': ['teams/nlp/models'], 'teams/vision': ['teams/vision'] });
  });
  it('at a weights name outside the roots: the model is found as for weights (nearest card above, else its own directory)', () => {
    expect(opaqueOf([file('README.md'), ln('tools/shadow/model.onnx', '/mnt/m.onnx'), file('exp/README.md'), sub('exp/v2/weights.safetensors')])).toEqual({
      exp: ['exp/v2/weights.safetensors'],
      'tools/shadow': ['tools/shadow/model.onnx'],
    });
  });
  it('elsewhere, or ignored, a link or submodule is no model', () => {
    expect(opaqueOf([ln('docs/logo.png', '../assets/logo.png'), sub('third_party/lib'), ln('models/a/fixtures/w.onnx', '/x')])).toEqual({});
  });
});

describe('models.links: inside judges a link inside the repository as its target', () => {
  const view = (entries: TreeEntry[]) => viewTree(noReader, entries, 'inside');
  const why = (entries: TreeEntry[], path: string): string | undefined => view(entries).entries.find((e: ViewEntry) => e.path === path)?.why;

  it('a file link becomes the file, with its size; a directory link lists the directory under the link', () => {
    const v = view([{ path: 'store/m.onnx', kind: 'file', size: 7 }, file('store/README.md'), ln('models/a/model.onnx', '../../store/m.onnx'), ln('models/b', '../store')]);
    expect(v.entries.filter((e) => e.kind !== 'file')).toEqual([]);
    expect(v.files.sort()).toEqual(['models/a/model.onnx', 'models/b/README.md', 'models/b/m.onnx', 'store/README.md', 'store/m.onnx']);
    expect(v.entries.find((e) => e.path === 'models/a/model.onnx')).toEqual({ path: 'models/a/model.onnx', kind: 'file', size: 7 });
    // A change to the target is a change to every path that stands for it.
    expect(v.aliases('store/m.onnx').sort()).toEqual(['models/a/model.onnx', 'models/b/m.onnx', 'store/m.onnx']);
  });
  it('links to links and through linked directories resolve as the system resolves them', () => {
    const v = view([file('real/w.onnx'), ln('alias', 'real'), ln('models/a/model.onnx', '../../alias/w.onnx'), ln('models/a/again.onnx', 'model.onnx')]);
    expect(v.entries.filter((e) => e.kind !== 'file')).toEqual([]);
  });
  it('a link leaving the repository, a dangling link, a loop, a link into a submodule and an unreadable link still fail, each saying why', () => {
    const entries = [
      file('models/a/README.md'),
      ln('models/a/abs.onnx', '/etc/passwd'),
      ln('models/a/up.onnx', '../../../outside.onnx'),
      ln('models/a/via.onnx', 'sub/../../../../etc/passwd'),
      ln('models/a/gone.onnx', 'missing.onnx'),
      ln('models/a/loop1', 'loop2'),
      ln('models/a/loop2', 'loop1'),
      ln('models/a/self', '.'),
      sub('vendor/tok'),
      ln('models/a/tok.onnx', '../../vendor/tok/w.onnx'),
      { path: 'models/a/unknown.onnx', kind: 'symlink' },
    ] satisfies TreeEntry[];
    expect(why(entries, 'models/a/abs.onnx')).toMatch(/^is a symbolic link to "\/etc\/passwd", which leaves the repository/);
    expect(why(entries, 'models/a/up.onnx')).toMatch(/which leaves the repository/);
    expect(why(entries, 'models/a/via.onnx')).toMatch(/which points to nothing in the repository|leaves the repository/);
    expect(why(entries, 'models/a/gone.onnx')).toMatch(/which points to nothing in the repository \(a dangling link\)$/);
    expect(why(entries, 'models/a/loop1')).toMatch(/a loop/);
    expect(why(entries, 'models/a/self')).toMatch(/points to a directory that contains it \(a loop\)/);
    expect(why(entries, 'models/a/tok.onnx')).toMatch(/into the git submodule "vendor\/tok"/);
    expect(why(entries, 'models/a/unknown.onnx')).toMatch(/target could not be read/);
    const models = findModels(view(entries).entries, baseline);
    expect(models.get('models/a')?.opaque?.map((e) => e.path).sort()).toEqual(
      ['models/a/abs.onnx', 'models/a/gone.onnx', 'models/a/loop1', 'models/a/loop2', 'models/a/self', 'models/a/tok.onnx', 'models/a/unknown.onnx', 'models/a/up.onnx', 'models/a/via.onnx'].sort(),
    );
  });
  it('a ".." after a linked directory climbs from the directory the link points to, not lexically', () => {
    // "lnk/../x" from the root: lnk -> deep/er, so the system reads deep/x, not x.
    const v = view([file('x.onnx'), file('deep/er/y'), ln('lnk', 'deep/er'), ln('models/a/w.onnx', '../../lnk/../x.onnx')]);
    expect(v.entries.find((e) => e.path === 'models/a/w.onnx')?.why).toMatch(/dangling link/);
  });
  it('submodules are never resolved', () => {
    expect(why([sub('models/a')], 'models/a')).toMatch(/is a git submodule/);
  });
});

describe('Matcher', () => {
  it('answers as minimatch does, its shortcuts (compiled globs, literal endings) included', () => {
    const globs = ['**/*.{safetensors,onnx,pt}', 'datasets/**/datasheet.{yml,yaml}', 'datasets/**/*croissant*.json', 'models/*', '**/fixtures/**', 'a/b', '**/x?.bin', '**/*.[Pp][Tt]', '**/model', 'x/**'];
    const paths = ['m/model.onnx', 'm/MODEL.ONNX', 'm/model.onnx.txt', 'model.safetensors', 'datasets/a/datasheet.yml', 'datasets/datasheet.yaml', 'datasets/a/b/c.croissant.json', 'models/a', 'models/a/b', 'a/fixtures/x', 'a/b', 'q/xy.bin', 'q/x.bin', 'w.pT', 'k/model', 'k/amodel', 'x/y', 'x', 'd/caf\u00e9.ONNX'];
    expect(sameAsMinimatch(globs.map((g) => [g]), paths).matched).toBeGreaterThan(20);
  });

  it('answers as minimatch does on tricky globs (dots, braces, globstars, classes, case folding) over generated paths', () => {
    // The Matcher compiles globs to regular expressions; minimatch's match is the reference.
    const globs = [
      'models/*', 'a/**', '**/a', '**', '**/*.{safetensors,onnx}', 'datasets/**/datasheet.{yml,yaml}', 'datasets/**/*croissant*.json',
      '**/fixtures/**', 'a/**/b', '[a-c]x/*', '*.MD', 'a/.b/*', 'a/*/b', '**/.*', 'x/**/y/**/z', 'a?c/d', '{a,b}/**', 'a/{b,c/d}/e',
      '!(x)/y', '+(a|b)/c', '@(foo)/bar', '\\*x', '[!a]/b', '[[:alpha:]]/z', 'a//b', './a', 'a/./b', '*', '.*', 'models/**/*',
      '{a,**}', 'a/**/**', '**/**', '{x}/**', 'a\\{b/**', '*(a)/**', 'a/**/b/**', 'a/**/b/**/*', '**/*.[Pp][Tt]', '', '/a', 'a/', 'a/**/',
      '**/x/**/y', '*/**', '**/*', 'a/**/*/b', '[.]b/*', 'a/[^b]', '**/model',
    ];
    const segments = ['a', 'b', 'c', 'x', 'y', 'z', '.b', '.a', 'A', 'MD', 'd', 'e', 'foo', 'bar', '*x', 'fixtures', 'datasets', 'datasheet.yml',
      'datasheet.yaml', 'm.safetensors', 'M.ONNX', 'c.croissant.json', 'ax', 'bx', 'abc', 'aXc', 'r.md', 'R.MD', '.git', '\u017f', 'S', 's', 'models',
      '{x}', 'a{b', 'w.pT', 'aa', 'caf\u00e9.ONNX', 'model', '.', '..', ''];
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const paths = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const length = 1 + Math.floor(random() * 5);
      paths.add(Array.from({ length }, () => segments[Math.floor(random() * segments.length)]).join('/'));
    }
    const one = sameAsMinimatch(globs.map((g) => [g]), paths);
    // Several globs in one Matcher (their endings are tested together first).
    const groups = [['**/*.{safetensors,onnx}', '**/*.[Pp][Tt]', '*.MD'], ['datasets/**/datasheet.{yml,yaml}', 'datasets/**/*croissant*.json'], ['**/fixtures/**', 'a/**', '*.MD'], ['**/*.{safetensors,onnx}', 'models/*']];
    const several = sameAsMinimatch(groups, paths);
    const compared = one.compared + several.compared;
    const matched = one.matched;
    expect(compared).toBeGreaterThan(200_000);
    expect(matched).toBeGreaterThan(10_000);
  });
});

/**
 * Expects a Matcher of each group of globs to answer as minimatch does (any glob of the group
 * matching) for every path, case-sensitive and not; counts the comparisons and minimatch's matches.
 */
function sameAsMinimatch(groups: readonly (readonly string[])[], paths: Iterable<string>): { compared: number; matched: number } {
  let compared = 0;
  let matched = 0;
  for (const nocase of [false, true]) {
    for (const group of groups) {
      const references = group.map((g) => new Minimatch(g, { dot: true, nocomment: true, nonegate: true, nocase }));
      const m = new Matcher(group, { nocase });
      for (const p of paths) {
        const expected = references.some((r) => r.match(p));
        if (m.test(p) !== expected) expect([group, p, nocase, m.test(p)]).toEqual([group, p, nocase, expected]);
        compared++;
        if (expected) matched++;
      }
    }
  }
  return { compared, matched };
}
