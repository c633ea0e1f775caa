// Diff mode reads only what a change can reach: on a repository of many models, a change to one
// model parses that model's card, the manifests it names and the audit and safety records that may
// cover it, nothing else. Parses are counted at the parsers; reads at the RepoReader.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangedFile, Report } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parseWaivers } from '../../src/waivers.js';
import { parseModelCard } from '../../src/evidence/modelCard.js';
import { parseDatasheet } from '../../src/evidence/datasheet.js';
import { parseAuditRecord } from '../../src/evidence/audit.js';
import { parseSafetyRecord } from '../../src/evidence/safety.js';
import { memoryReader, sha256, type MemoryFiles } from './fixtures.js';

vi.mock('../../src/evidence/modelCard.js', async (original) => {
  const m = await original<typeof import('../../src/evidence/modelCard.js')>();
  return { ...m, parseModelCard: vi.fn(m.parseModelCard) };
});
vi.mock('../../src/evidence/datasheet.js', async (original) => {
  const m = await original<typeof import('../../src/evidence/datasheet.js')>();
  return { ...m, parseDatasheet: vi.fn(m.parseDatasheet) };
});
vi.mock('../../src/evidence/audit.js', async (original) => {
  const m = await original<typeof import('../../src/evidence/audit.js')>();
  return { ...m, parseAuditRecord: vi.fn(m.parseAuditRecord) };
});
vi.mock('../../src/evidence/safety.js', async (original) => {
  const m = await original<typeof import('../../src/evidence/safety.js')>();
  return { ...m, parseSafetyRecord: vi.fn(m.parseSafetyRecord) };
});

const parsed = (fn: unknown): string[] => [...new Set(vi.mocked(fn as (t: string, f: string) => unknown).mock.calls.map((c) => c[1]))].sort();

const DATA = 'a,b\n1,2\n';
const N = 20;
const name = (i: number) => `m${String(i).padStart(2, '0')}`;

function repo(): MemoryFiles {
  const files: MemoryFiles = {
    // Covers every model: parsed whichever model changes.
    'audits/all.yml': 'id: A-ALL\nauditor: { name: Group audit, independent: false }\ndate: 2026-10-01\nscope: [models]\n',
  };
  for (let i = 1; i <= N; i++) {
    const m = name(i);
    files[`models/${m}/README.md`] =
      `---\nlicense: mit\ndatasets: [acme/${m}]\nco2_eq_emissions: 100\ngovernance:\n  risk_tier: limited\n  owner: "@o"\n  audits: [audits/${m}.yml]\n---\n# ${m}\n`;
    files[`models/${m}/model.onnx`] = 'w';
    files[`datasets/${m}/datasheet.yml`] =
      `id: acme/${m}\nsource: { url: "https://example.com" }\nlicense: MIT\ncollection: "Exported."\nretention: { policy: "Kept a year" }\nfiles:\n  - { path: data/x.csv, sha256: "${sha256(DATA)}" }\n`;
    files[`datasets/${m}/data/x.csv`] = DATA;
    files[`audits/${m}.yml`] = `id: A-${m}\nauditor: { name: X, independent: true }\ndate: 2026-10-01\nscope: [models/${m}]\nfindings:\n  - { id: F-1, title: "Drift on models/${m}x", severity: low, status: remediated }\n`;
    files[`safety/${m}.yml`] =
      `id: S-${m}\nkind: bias\ndate: 2026-10-01\nevaluator: { name: Y, independent: true }\nmethod: slices\nscope: [models/${m}]\nresults:\n  - { metric: ratio, value: 0.95, min: 0.9 }\n`;
  }
  return files;
}

async function diff(files: MemoryFiles, changed: ChangedFile[]): Promise<{ report: Report; reads: string[] }> {
  const reader = memoryReader(files);
  const report = await evaluate({
    reader,
    changes: { all: false, files: changed },
    base: memoryReader(repo(), 'base'),
    policy: loadPolicy(undefined),
    waivers: parseWaivers(undefined),
    today: '2026-11-28',
    toolVersion: 'test',
  });
  return { report, reads: reader.reads };
}

beforeEach(() => {
  for (const fn of [parseModelCard, parseDatasheet, parseAuditRecord, parseSafetyRecord]) vi.mocked(fn).mockClear();
});

describe('a change to one model of many', () => {
  it('parses that model\'s card, manifests and records only', async () => {
    const { report, reads } = await diff(repo(), [{ path: 'models/m07/README.md', status: 'modified' }]);
    expect(report.models.map((m) => m.path)).toEqual(['models/m07']);
    expect(report.verdict).toBe('pass');
    expect(parsed(parseModelCard)).toEqual(['models/m07/README.md']);
    expect(parsed(parseDatasheet)).toEqual(['datasets/m07/datasheet.yml']);
    expect(parsed(parseAuditRecord)).toEqual(['audits/all.yml', 'audits/m07.yml']);
    expect(parsed(parseSafetyRecord)).toEqual(['safety/m07.yml']);
    // Other cards are never read; record and manifest texts are scanned, not parsed.
    expect(reads.filter((p) => p.endsWith('README.md'))).toEqual(['models/m07/README.md']);
    expect(reads).toContain('audits/m12.yml');
  });

  it('still parses a broken record whose text names the model, and it fails the model', async () => {
    const files = { ...repo(), 'audits/broken.yml': 'id: A-B\nscope: [models/m07\n', 'audits/other.yml': 'id: A-O\nscope: [models/m08\n' };
    const { report } = await diff(files, [{ path: 'models/m07/README.md', status: 'modified' }]);
    expect(parsed(parseAuditRecord)).toEqual(['audits/all.yml', 'audits/broken.yml', 'audits/m07.yml']);
    const ref = report.models[0]?.checks.find((c) => c.id === 'audit.reference');
    expect(ref?.outcome).toBe('fail');
    expect(ref?.message).toContain('audits/broken.yml');
    expect(ref?.message).not.toContain('audits/other.yml');
  });

  it('a record the change edits is parsed on both revisions and touches the models it may cover', async () => {
    const files = repo();
    files['audits/m03.yml'] = String(files['audits/m03.yml']).replace('scope: [models/m03]', 'scope: [models/m03, models/m04]');
    const { report } = await diff(files, [{ path: 'audits/m03.yml', status: 'modified' }]);
    expect(report.models.map((m) => m.path)).toEqual(['models/m03', 'models/m04']);
    expect(parsed(parseModelCard)).toEqual(['models/m03/README.md', 'models/m04/README.md']);
    expect(parsed(parseAuditRecord)).toEqual(['audits/all.yml', 'audits/m03.yml', 'audits/m04.yml']);
  });
  it('a data file, a manifest or a carbon report outside the models reaches the cards naming them only', async () => {
    const files = repo();
    files['datasets/m05/data/x.csv'] = 'a,b\n9,9\n';
    files['models/m09/README.md'] = String(files['models/m09/README.md']).replace('  audits:', '  carbon_report: ../../reports/m09.csv\n  audits:');
    files['reports/m09.csv'] = 'run_id,emissions\nr,0.2\n';
    const { report } = await diff(files, [
      { path: 'datasets/m05/data/x.csv', status: 'modified' },
      { path: 'datasets/m06/datasheet.yml', status: 'modified' },
      { path: 'reports/m09.csv', status: 'added' },
    ]);
    expect(Object.fromEntries(report.models.map((m) => [m.path, m.touchedBy]))).toEqual({
      'models/m05': ['datasets/m05/data/x.csv'],
      'models/m06': ['datasets/m06/datasheet.yml'],
      'models/m09': ['reports/m09.csv'],
    });
    expect(parsed(parseModelCard)).toEqual(['models/m05/README.md', 'models/m06/README.md', 'models/m09/README.md']);
  });

  it('a manifest the change removes reaches the cards naming it on the base; without the base, every card', async () => {
    const files = repo();
    delete files['datasets/m11/datasheet.yml'];
    const { report } = await diff(files, [{ path: 'datasets/m11/datasheet.yml', status: 'removed' }]);
    expect(report.models.map((m) => m.path)).toEqual(['models/m11']);
    expect(report.models[0]?.checks.find((c) => c.id === 'datasets.manifest')?.outcome).toBe('fail');
    expect(parsed(parseModelCard)).toEqual(['models/m11/README.md']);

    vi.mocked(parseModelCard).mockClear();
    const reader = memoryReader(files);
    const noBase = await evaluate({
      reader,
      changes: { all: false, files: [{ path: 'datasets/m11/datasheet.yml', status: 'removed' }] },
      policy: loadPolicy(undefined),
      waivers: parseWaivers(undefined),
      today: '2026-11-28',
      toolVersion: 'test',
    });
    expect(noBase.models.map((m) => m.path)).toEqual(['models/m11']);
    expect(parsed(parseModelCard)).toHaveLength(N);
  });

});
