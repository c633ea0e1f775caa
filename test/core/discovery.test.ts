// Which directories are models: root globs, ignore globs, and the artifact rule that stops weights
// moved out of the roots from escaping the gate.
import { describe, expect, it } from 'vitest';
import { findModels, modelOf, type ModelDir } from '../../src/discovery.js';
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
  it('every artifact extension of the policy counts; other files do not', () => {
    const exts = ['safetensors', 'onnx', 'pt', 'pth', 'bin', 'ckpt', 'gguf', 'h5', 'keras', 'tflite', 'pkl', 'joblib'];
    expect(models(exts.map((e) => `w/${e}/model.${e}`)).map((m) => m.path)).toEqual(exts.map((e) => `w/${e}`).sort());
    expect(models(['tools/script.py', 'docs/model.md', 'data/train.parquet'])).toEqual([]);
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
