// The reader's bulk search (RepoReader.filesContaining, git grep in the git reader) only narrows
// which manifests and records the core reads: the selected models and every finding must be the
// same with and without it, also for texts written to defeat a substring search (escapes, dot
// segments, UTF-16, a Kelvin sign that lower-cases to k, a NUL byte). Real git repositories.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangedFile, Report, RepoReader } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parseWaivers } from '../../src/waivers.js';
import { createGitRefReader, type GitRefReader } from '../../adapters/git/gitReader.js';
import { branchWith, cleanup, createRepo, sha256, type FileChange } from './fixtures.js';

const DATA = 'a,b\n1,2\n';
const N = 14;
const name = (i: number) => `m${String(i).padStart(2, '0')}`;
const card = (m: string, dataset = `acme/${m}`) =>
  `---\nlicense: mit\ndatasets: [${dataset}]\nco2_eq_emissions: 100\ngovernance:\n  risk_tier: limited\n  owner: "@o"\n  audits: [audits/${m}.yml]\n---\n# ${m}\n`;
const datasheet = (id: string) =>
  `id: ${id}\nsource: { url: "https://example.com" }\nlicense: MIT\ncollection: "Exported."\nretention: { policy: "Kept a year" }\nfiles:\n  - { path: data/x.csv, sha256: "${sha256(DATA)}" }\n`;
const record = (id: string, scope: string, status = 'remediated') =>
  `id: ${id}\nauditor: { name: X, independent: true }\ndate: 2026-10-01\nscope: ${scope}\nfindings:\n  - { id: F-1, title: "Drift", severity: high, status: ${status}, due: 2026-12-31 }\n`;
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

function files(): Record<string, FileChange> {
  const f: Record<string, FileChange> = {};
  for (let i = 1; i <= N; i++) {
    const m = name(i);
    f[`models/${m}/README.md`] = card(m);
    f[`models/${m}/model.onnx`] = 'w';
    f[`datasets/${m}/datasheet.yml`] = datasheet(`acme/${m}`);
    f[`datasets/${m}/data/x.csv`] = DATA;
    f[`audits/${m}.yml`] = record(`A-${m}`, `[models/${m}]`);
  }
  // Records whose scope covers a model with an open finding, written so the model's name is not in their bytes.
  f['audits/escaped.yml'] = record('A-ESC', '["models/m\\x307"]', 'open'); // models/m07
  f['audits/dots.yml'] = record('A-DOT', '[models/./m08/]', 'open');
  f['audits/utf16.yml'] = utf16(record('A-U16', '[models/m09]', 'open'));
  f['audits/parent.yml'] = `${record('A-PAR', '\n  - models', 'open')}`;
  f['audits/root.yml'] = record('A-ROOT', '[.]', 'open');
  // Manifests that answer to a card's name only through an escape, a Kelvin sign (lower-cases to k) or case.
  f['datasets/m10/datasheet.yml'] = datasheet('acme/m10-old');
  f['datasets/esc/datasheet.yml'] = datasheet('"acme/m1\\x30"');
  f['datasets/esc/data/x.csv'] = DATA;
  f['models/m11/README.md'] = card('m11', 'acme/k11');
  f['datasets/kelvin/datasheet.yml'] = datasheet('acme/\u212a11');
  f['datasets/kelvin/data/x.csv'] = DATA;
  f['datasets/m12/datasheet.yml'] = datasheet('ACME/M12');
  return f;
}

const open: GitRefReader[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
  cleanup();
});

/** The reader, with or without its search, counting the files read. */
function counted(reader: RepoReader, search: boolean): RepoReader & { reads: string[] } {
  const reads: string[] = [];
  const r: RepoReader & { reads: string[] } = {
    label: reader.label,
    reads,
    listFiles: () => reader.listFiles(),
    listEntries: () => reader.listEntries(),
    read: (p, max) => (reads.push(p), reader.read(p, max)),
    head: (p, max) => reader.head(p, max),
    sha256: (p) => reader.sha256(p),
  };
  if (search && reader.filesContaining) r.filesContaining = reader.filesContaining.bind(reader);
  return r;
}

async function both(repoFiles: Record<string, FileChange>, changes: Record<string, FileChange>, changed: ChangedFile[]) {
  const dir = createRepo(repoFiles);
  branchWith(dir, changes);
  // A few dozen files: the search is asked for however few paths there are.
  const base = await createGitRefReader(dir, 'main', { searchFrom: 0 });
  const head = await createGitRefReader(dir, 'pr', { sibling: base, searchFrom: 0 });
  open.push(base, head);
  const run = async (search: boolean): Promise<{ report: Report; reads: string[] }> => {
    const reader = counted(head, search);
    const report = await evaluate({
      reader,
      changes: { all: false, files: changed },
      base: counted(base, search),
      policy: loadPolicy(undefined),
      waivers: parseWaivers(undefined),
      today: '2026-11-28',
      toolVersion: 'test',
      generatedAt: '2026-11-28T00:00:00.000Z',
    });
    return { report, reads: reader.reads };
  };
  return { searched: await run(true), scanned: await run(false) };
}

const touched = (m: string): [Record<string, FileChange>, ChangedFile] => [{ [`models/${m}/README.md`]: `${card(m, m === 'm11' ? 'acme/k11' : `acme/${m}`)}\nedited\n` }, { path: `models/${m}/README.md`, status: 'modified' }];

describe('the reader\'s search narrows what is read, never the answer', () => {
  it('a change to one model reads its own record and manifest, not the others', async () => {
    const [change, file] = touched('m05');
    const { searched, scanned } = await both(files(), change, [file]);
    expect(searched.report).toEqual(scanned.report);
    expect(searched.report.models.map((m) => m.path)).toEqual(['models/m05']);
    // Not plain ASCII: read either way. A record naming another model, or a manifest naming another dataset: only without the search.
    expect(searched.reads).toContain('audits/utf16.yml');
    expect(searched.reads).not.toContain('audits/m06.yml');
    expect(searched.reads).not.toContain('datasets/m06/datasheet.yml');
    expect(scanned.reads).toContain('audits/m06.yml');
    expect(scanned.reads).toContain('datasets/m06/datasheet.yml');
  });

  it('records and manifests written to defeat a substring search still apply', async () => {
    const changes: Record<string, FileChange> = {};
    const changed: ChangedFile[] = [];
    for (const m of ['m07', 'm08', 'm09', 'm10', 'm11', 'm12']) {
      const [c, f] = touched(m);
      Object.assign(changes, c);
      changed.push(f);
    }
    const { searched, scanned } = await both(files(), changes, changed);
    expect(searched.report).toEqual(scanned.report);
    const json = (m: string) => JSON.stringify(searched.report.models.find((r) => r.path === `models/${m}`));
    for (const [m, file] of [['m07', 'escaped'], ['m08', 'dots'], ['m09', 'utf16']] as const) {
      expect([m, json(m).includes(`audits/${file}.yml`)]).toEqual([m, true]);
      expect(searched.report.models.find((r) => r.path === `models/${m}`)?.outcome).toBe('fail');
    }
    for (const m of ['m07', 'm08', 'm09', 'm10', 'm11', 'm12']) for (const file of ['parent', 'root']) expect([m, file, json(m).includes(`audits/${file}.yml`)]).toEqual([m, file, true]);
    expect(json('m10')).toContain('datasets/esc/datasheet.yml');
    expect(json('m11')).toContain('datasets/kelvin/datasheet.yml');
    expect(json('m12')).toContain('datasets/m12/datasheet.yml');
  });

  it('a change outside the models reaches the cards naming it, also through an escape or a Kelvin sign', async () => {
    const repo = files();
    // Records that may name any directory reach every model: without them, the cards are narrowed.
    for (const f of ['escaped', 'dots', 'utf16', 'root']) delete repo[`audits/${f}.yml`];
    repo['models/m06/README.md'] = String(repo['models/m06/README.md']).replace('  audits:', '  carbon_report: "../../reports/m0\\x36.csv"\n  audits:');
    repo['reports/m06.csv'] = 'run_id,emissions\nr,0.2\n';
    const { searched, scanned } = await both(
      repo,
      { 'reports/m06.csv': 'run_id,emissions\nr,0.3\n', 'datasets/kelvin/data/x.csv': 'a,b\n9,9\n', 'datasets/m03/data/x.csv': 'a,b\n9,9\n' },
      [
        { path: 'reports/m06.csv', status: 'modified' },
        { path: 'datasets/kelvin/data/x.csv', status: 'modified' },
        { path: 'datasets/m03/data/x.csv', status: 'modified' },
      ],
    );
    expect(searched.report).toEqual(scanned.report);
    expect(searched.report.models.map((m) => m.path)).toEqual(['models/m03', 'models/m06', 'models/m11']);
    expect(searched.reads).not.toContain('models/m04/README.md');
    expect(scanned.reads).toContain('models/m04/README.md');
  });

  it('a record with a NUL byte may cover any model: found either way', async () => {
    const [change, file] = touched('m05');
    const repo = { ...files(), 'audits/binary.yml': `${record('A-BIN', '[models/m05x]', 'open')}\0` };
    const { searched, scanned } = await both(repo, change, [file]);
    expect(searched.report).toEqual(scanned.report);
    expect(JSON.stringify(searched.report.models[0])).toContain('audits/binary.yml');
    expect(searched.report.verdict).toBe('fail');
  });
});
