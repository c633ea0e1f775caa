// `modelgate init` and `modelgate hash` (in process, one check through the built binary) over real git repositories built from the
// example: what init finds (the gate's discovery), what it writes, that cards keep every other byte,
// that the gate still fails afterwards, that nothing is overwritten without --force, and that a second
// run changes nothing; hash fills and refreshes manifests in place, the way a lock file is refreshed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { parseCliArgs, UsageError } from '../../cli/args.js';
import { modelgate as run, modelgateBinary, type Run } from './run.js';
import { cleanup, createRepo, exampleFiles, readTree, REPO_ROOT, sha256, text, type FileChange } from '../core/fixtures.js';

afterAll(() => cleanup());

const modelgate = (cwd: string, ...args: string[]): Promise<Run> => run(args, cwd);

const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');
const treeText = (root: string): Record<string, string> =>
  Object.fromEntries(Object.entries(readTree(root)).filter(([p]) => !p.startsWith('.git/')).map(([p, b]) => [p, sha256(b)]));

/** The example without its policy, plus the cards init has to deal with. */
function starterRepo(extra: Record<string, FileChange> = {}): string {
  const example = exampleFiles();
  const files: Record<string, FileChange> = Object.fromEntries(Object.entries(example).filter(([p]) => !p.startsWith('.github/')));
  const churn = text(example['models/churn-predictor/README.md']);
  // No governance block, a comment and a block scalar at the end of the front matter, CRLF endings.
  files['models/churn-predictor/README.md'] = churn
    .replace(/governance:[\s\S]*?\n---\n/, 'notes: |\n  kept as written # not a comment\n# a comment init must keep\n---\n')
    .replace(/\n/g, '\r\n');
  // No front matter at all.
  files['models/doc-classifier/README.md'] = '# doc-classifier\n\nNo metadata yet.\n';
  // Weights with no card: discovery makes the directory a model; init writes its card.
  files['models/new-model/model.onnx'] = 'weights';
  // Under an ignored path: not a model.
  files['test/fixtures/model.onnx'] = 'weights';
  return createRepo({ ...files, ...extra }, 'modelgate-init-');
}

function quickStartUses(): string[] {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'action.md'), 'utf8');
  const block = /`\.github\/workflows\/modelgate\.yml`:\s*```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  return [...block.matchAll(/uses: (\S+)/g)].map((m) => m[1] ?? '');
}

describe('arguments', () => {
  it('parses init and hash, and keeps --force to them', () => {
    expect(parseCliArgs(['init'])).toEqual({ command: 'init', dir: '.', force: false });
    expect(parseCliArgs(['init', 'repo', '--force'])).toEqual({ command: 'init', dir: 'repo', force: true });
    expect(parseCliArgs(['hash', 'a.yml', 'b.json'])).toEqual({ command: 'hash', manifests: ['a.yml', 'b.json'], force: false });
    expect(() => parseCliArgs(['hash'])).toThrow(UsageError);
    expect(() => parseCliArgs(['init', 'a', 'b'])).toThrow(/one directory/);
    expect(() => parseCliArgs(['init', '--format', 'json'])).toThrow(/--format is not an option of modelgate init/);
    expect(() => parseCliArgs(['check', '--force'])).toThrow(/--force is an option of modelgate init and hash/);
    expect(() => parseCliArgs(['report', '--force'])).toThrow(/--force is an option of modelgate init and hash/);
  });
});

describe('modelgate init', () => {
  it('finds the models by the gate rules, writes policy, workflow and governance skeletons, and the gate still fails', async () => {
    const root = starterRepo();
    const before = readTree(root);
    const run = await modelgate(root, 'init', '.');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 model(s) found by the rules of the baseline preset');
    expect(run.stdout).not.toContain('fixtures');

    expect(read(root, '.github/modelgate.yml')).toMatch(/^extends: baseline/m);
    expect(read(root, '.github/modelgate.yml')).toContain('#   models/new-model');
    const workflow = read(root, '.github/workflows/modelgate.yml');
    const uses = [...workflow.matchAll(/uses: (\S+)/g)].map((m) => m[1]);
    expect(uses).toEqual(quickStartUses());
    expect(uses[0]).toMatch(/^actions\/checkout@v\d+$/);

    // The CRLF card: the skeleton goes at the end of the front matter in CRLF; every other byte stays.
    const churnBefore = text(before['models/churn-predictor/README.md']);
    const churn = read(root, 'models/churn-predictor/README.md');
    const added = /\r\n(governance:[\s\S]*?)\r\n---\r\n/.exec(churn)?.[1] ?? '';
    expect(added).toContain('risk_tier:');
    expect(added).not.toMatch(/[^\r]\n/);
    expect(churn.replace(`\r\n${added}`, '')).toBe(churnBefore);
    expect(churn).toContain('# a comment init must keep\r\n');
    // No front matter: one is prepended; the body is untouched.
    const doc = read(root, 'models/doc-classifier/README.md');
    expect(doc.endsWith('---\n# doc-classifier\n\nNo metadata yet.\n')).toBe(true);
    expect(read(root, 'models/new-model/README.md')).toMatch(/^---\nlicense:/);
    // A card that already has governance: is not touched.
    expect(read(root, 'models/support-router/README.md')).toBe(text(before['models/support-router/README.md']));

    // The built binary, as a user runs it after init.
    const check = modelgateBinary(['check', '--all', '--format', 'json', '--as-of', '2026-11-28'], root);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as Report;
    for (const path of ['models/churn-predictor', 'models/doc-classifier', 'models/new-model']) {
      const model = report.models.find((m) => m.path === path);
      expect(model?.outcome, path).toBe('fail');
      const fields = model?.checks.find((c) => c.id === 'card.fields');
      expect(fields?.outcome, path).toBe('fail');
      expect(fields?.message, path).toMatch(/governance\.owner, governance\.risk_tier/);
      expect(model?.checks.find((c) => c.id === 'card.metadata')?.outcome, path).toBe('pass');
    }

    // Twice: nothing changes, byte for byte.
    const once = treeText(root);
    const again = await modelgate(root, 'init');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('.github/modelgate.yml: exists, kept');
    expect(treeText(root)).toEqual(once);
  });

  it('keeps an existing policy and workflow unless --force, and discovers models under that policy', async () => {
    const policy = 'extends: strict\nmodels:\n  roots: ["ml/*"]\n';
    const root = createRepo({ '.github/modelgate.yml': policy, '.github/workflows/modelgate.yml': 'name: mine\n', 'ml/ranker/README.md': '---\nlicense: mit\n---\n# ranker\n' });
    const run = await modelgate(root, 'init');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 model(s) found by the rules of .github/modelgate.yml');
    expect(read(root, '.github/modelgate.yml')).toBe(policy);
    expect(read(root, '.github/workflows/modelgate.yml')).toBe('name: mine\n');
    expect(read(root, 'ml/ranker/README.md')).toMatch(/^---\nlicense: mit\ngovernance: /);
    const forced = await modelgate(root, 'init', '--force');
    expect(forced.code).toBe(0);
    expect(read(root, '.github/workflows/modelgate.yml')).toContain('actions/checkout@');
    expect(read(root, '.github/modelgate.yml')).toContain('#   ml/ranker');
  });

  it('refuses to run over an invalid policy, and leaves a card whose front matter does not parse alone', async () => {
    const bad = createRepo({ '.github/modelgate.yml': 'extends: nope\n', 'models/a/README.md': '---\nlicense: mit\n---\n' });
    const r = await modelgate(bad, 'init');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.github/modelgate.yml');
    const broken = '---\nlicense: [mit\n---\n# a\n';
    const root = createRepo({ 'models/a/README.md': broken });
    const r2 = await modelgate(root, 'init');
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('models/a/README.md: the front matter does not parse');
    expect(read(root, 'models/a/README.md')).toBe(broken);
  });
});

describe('modelgate hash', () => {
  const TRAIN = 'id,text\n1,hello\n';
  const LFS = `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 123456\n`;
  const SHEET = [
    '# Datasheet (comments stay)',
    'id: acme/x',
    'files:',
    '  - path: data/train.csv        # no hash yet',
    '  - { path: data/test.csv, sha256: TODO }',
    '  - path: data/big.bin',
    `    sha256: '${sha256('old')}'`,
    '    size: 1',
    '  - path: data/lfs.parquet',
    '  - path: data/elsewhere.csv     # not in the repository',
    '  - path: https://example.com/x.csv',
    '',
  ].join('\n');

  it('fills missing and placeholder values in place, refuses a differing hash without --force, and is idempotent', async () => {
    const root = createRepo({ 'datasets/x/datasheet.yml': SHEET, 'datasets/x/data/train.csv': TRAIN, 'datasets/x/data/test.csv': 'a\n', 'datasets/x/data/big.bin': 'big', 'datasets/x/data/lfs.parquet': LFS });
    const first = await modelgate(root, 'hash', 'datasets/x/datasheet.yml');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`data/big.bin: sha256 ${sha256('old').slice(0, 12)}… recorded, file has ${sha256('big').slice(0, 12)}…`);
    expect(first.stdout).toContain('data/elsewhere.csv: not present in the repository; left as is');
    const sheet = read(root, 'datasets/x/datasheet.yml');
    expect(sheet).toBe(
      SHEET.replace('  - path: data/train.csv        # no hash yet\n', `  - path: data/train.csv        # no hash yet\n    sha256: "${sha256(TRAIN)}"\n    size: ${TRAIN.length}\n`)
        .replace('{ path: data/test.csv, sha256: TODO }', `{ path: data/test.csv, sha256: "${sha256('a\n')}", size: 2 }`)
        .replace('  - path: data/lfs.parquet\n', `  - path: data/lfs.parquet\n    sha256: "${'ab'.repeat(32)}"\n    size: 123456\n`),
    );
    const forced = await modelgate(root, 'hash', '--force', 'datasets/x/datasheet.yml');
    expect(forced.code).toBe(0);
    expect(read(root, 'datasets/x/datasheet.yml')).toContain(`    sha256: '${sha256('big')}'\n    size: 3\n`);
    const after = read(root, 'datasets/x/datasheet.yml');
    const again = await modelgate(root, 'hash', 'datasets/x/datasheet.yml');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^datasets\/x\/datasheet\.yml: up to date/);
    expect(read(root, 'datasets/x/datasheet.yml')).toBe(after);
  });

  it('refreshes the example: the stale hash with --force, a Croissant FileObject in its JSON style; the gate then verifies them', async () => {
    const root = createRepo(exampleFiles());
    const croissant = 'datasets/support-eval-2025/support-eval-2025.croissant.json';
    const original = read(root, croissant);
    writeFileSync(join(root, croissant), original.replace(/,\n\s*"sha256": "[0-9a-f]+"/, ''));
    expect((await modelgate(root, 'hash', 'datasets/support-docs-2025/datasheet.yml')).code).toBe(1);
    const r = await modelgate(root, 'hash', '--force', 'datasets/support-docs-2025/datasheet.yml', croissant);
    expect(r.code).toBe(0);
    const json = read(root, croissant);
    expect(JSON.parse(json)).toMatchObject({ distribution: [{ sha256: /^[0-9a-f]{64}$/, contentSize: /^\d+ B$/ }] });
    expect(json.replace(/,\n\s*"sha256": "[0-9a-f]+",\n\s*"contentSize": "\d+ B"/, '')).toBe(original.replace(/,\n\s*"sha256": "[0-9a-f]+"/, ''));
    const again = await modelgate(root, 'hash', 'datasets/support-docs-2025/datasheet.yml', croissant);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/: up to date/g)).toHaveLength(2);
    expect(read(root, croissant)).toBe(json);
    const report = JSON.parse((await modelgate(root, 'check', '--all', '--format', 'json', '--as-of', '2026-11-28')).stdout) as Report;
    const hashes = report.models.flatMap((m) => m.checks.filter((c) => c.id === 'datasets.hashes'));
    expect(hashes.map((c) => c.outcome)).not.toContain('fail');
  });

  it('refuses a manifest the gate cannot parse, with its line', async () => {
    const root = createRepo({ 'datasets/x/datasheet.yml': 'id: a\nfiles: [\n' });
    const r = await modelgate(root, 'hash', 'datasets/x/datasheet.yml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/datasets\/x\/datasheet\.yml:\d+: .*fix it first/);
  });
});
