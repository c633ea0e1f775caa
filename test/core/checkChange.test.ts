// The use case every shell calls to check a change, over in-memory readers of its base and of the
// revision judged: where the policy and the waivers come from, what a proposed policy does, and how
// a missing or broken policy fails closed.
import { describe, expect, it } from 'vitest';
import type { ChangeSet, Report, RepoReader } from '../../src/types.js';
import { checkChange, ConfigNotFoundError, type CheckChangeInput } from '../../src/checkChange.js';
import { CONFIG_PATH, loadPolicy } from '../../src/policy/load.js';
import { readPolicy } from '../../src/policy/fromRepo.js';
import { WAIVERS_PATH, type Waiver } from '../../src/waivers.js';
import { memoryReader, sha256, symlink, type MemoryEntry, type MemoryFiles } from './fixtures.js';

const DATA = 'a,b\n1,2\n';
const SHEET = `id: acme/one\nsource: { url: "https://example.com" }\nlicense: MIT\ncollection: "Exported."\nretention: { policy: "Kept a year" }\nfiles:\n  - { path: data/x.csv, sha256: "${sha256(DATA)}" }\n`;
// A model that passes the baseline, with only a warning: its card has none of the prose sections.
const CARD = `---\nlicense: mit\ndatasets: [acme/one]\nco2_eq_emissions: 100\ngovernance:\n  risk_tier: limited\n  owner: "@o"\n  audits: [audits/a.yml]\n---\n# m\n`;
/** Missing card sections fail under this policy; they only warn under the baseline. */
const STRICT = 'extends: baseline\nchecks:\n  card.sections: error\n';
const LENIENT = 'extends: baseline\nchecks:\n  card.sections: warn\n';
const WAIVER = { model: 'models/a', check: 'card.sections', reason: 'evidence-pending', approver: '@reviewer', granted: '2026-11-01', expires: '2026-12-31' } as const;
const WAIVERS_FILE = `waivers:\n  - { model: ${WAIVER.model}, check: ${WAIVER.check}, reason: ${WAIVER.reason}, approver: "${WAIVER.approver}", granted: ${WAIVER.granted}, expires: ${WAIVER.expires} }\n`;

function repo(over: Record<string, MemoryEntry | undefined> = {}): MemoryFiles {
  const files: MemoryFiles = {
    'models/a/model.onnx': 'w',
    'models/a/README.md': CARD,
    'datasets/one/datasheet.yml': SHEET,
    'datasets/one/data/x.csv': DATA,
    'audits/a.yml': 'id: A-1\nauditor: { name: X, independent: true }\ndate: 2026-10-01\nscope: [models]\n',
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  return files;
}

const changed = (...paths: string[]): ChangeSet => ({ all: false, files: paths.map((path) => ({ path, status: 'modified' })) });

/** Checks a change from `base` to `judged` (both file maps) that touched `changes`. */
function check(base: MemoryFiles, judged: MemoryFiles, changes: ChangeSet, more: Partial<CheckChangeInput> = {}) {
  return checkChange({ base: memoryReader(base, 'base'), judged: memoryReader(judged, 'head'), changes, today: '2026-11-28', toolVersion: 'test', ...more });
}

const outcome = (r: Report, id: string) => r.models.find((m) => m.path === 'models/a')?.checks.find((c) => c.id === id)?.outcome;

describe('checkChange: where the policy comes from', () => {
  it('judges by the base policy, never by the one the change brings', async () => {
    const { report, policy } = await check(repo({ [CONFIG_PATH]: STRICT }), repo({ [CONFIG_PATH]: LENIENT }), changed('models/a/model.onnx', CONFIG_PATH));
    expect(outcome(report, 'card.sections')).toBe('fail');
    expect(report.verdict).toBe('fail');
    expect(report.policy.source).toBe(`${CONFIG_PATH} (base)`);
    expect(policy.policy.checks['card.sections'].level).toBe('error');
  });

  it('previews the policy a change proposes without applying it', async () => {
    const { report, proposed } = await check(repo({ [CONFIG_PATH]: LENIENT }), repo({ [CONFIG_PATH]: STRICT }), changed('models/a/model.onnx', CONFIG_PATH));
    expect(report.verdict).toBe('pass');
    expect(outcome(report, 'card.sections')).toBe('warn');
    expect(proposed?.file).toBe(CONFIG_PATH);
    expect(report.policy.preview).toEqual({ file: CONFIG_PATH, valid: true, errors: [], changes: [{ model: 'models/a', check: 'card.sections', from: 'warn', to: 'fail' }] });
  });

  it('previews nothing when the change does not edit the policy file, whatever the judged tree holds', async () => {
    const { report, proposed } = await check(repo({ [CONFIG_PATH]: LENIENT }), repo({ [CONFIG_PATH]: STRICT }), changed('models/a/model.onnx'));
    expect(proposed).toBeUndefined();
    expect(report.policy.preview).toBeUndefined();
    expect(report.verdict).toBe('pass');
  });

  it('an invalid proposal is shown as invalid and judges nothing', async () => {
    const { report } = await check(repo(), repo({ [CONFIG_PATH]: 'checks: [' }), changed(CONFIG_PATH, 'models/a/model.onnx'));
    expect(report.policy.errors).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.policy.preview?.valid).toBe(false);
  });

  it('with no policy file on the base, the baseline judges (the default path only)', async () => {
    const { report } = await check(repo(), repo({ [CONFIG_PATH]: STRICT }), changed('models/a/model.onnx', CONFIG_PATH));
    expect(report.policy.source).toMatch(/^preset baseline/);
    expect(outcome(report, 'card.sections')).toBe('warn');
  });

  it('a config path the base lacks fails closed, whether or not the change has it', async () => {
    const onlyJudged = check(repo({ [CONFIG_PATH]: STRICT }), repo({ 'ci/lenient.yml': LENIENT }), changed('ci/lenient.yml'), { configPath: 'ci/lenient.yml' });
    await expect(onlyJudged).rejects.toThrow(ConfigNotFoundError);
    await expect(onlyJudged).rejects.toThrow('config: "ci/lenient.yml" is not in the base revision, base (only the change being judged has it)');
    await expect(check(repo(), repo(), changed('models/a/model.onnx'), { configPath: 'ci/none.yml' })).rejects.toThrow('(the change being judged has none either)');
  });

  it('a config path the base has judges from the base', async () => {
    const { report } = await check(repo({ 'ci/policy.yml': STRICT }), repo({ 'ci/policy.yml': LENIENT }), changed('models/a/model.onnx', 'ci/policy.yml'), { configPath: 'ci/policy.yml' });
    expect(report.policy.source).toBe('ci/policy.yml (base)');
    expect(outcome(report, 'card.sections')).toBe('fail');
    expect(report.policy.preview?.file).toBe('ci/policy.yml');
  });

  it('a broken base policy is a configuration error that the change cannot mend', async () => {
    const broken = await check(repo({ [CONFIG_PATH]: 'checks:\n  card.sections: [\n' }), repo({ [CONFIG_PATH]: LENIENT }), changed(CONFIG_PATH, 'models/a/model.onnx'));
    expect(broken.report.verdict).toBe('fail');
    expect(broken.report.policy.errors).toHaveLength(1);
    expect(broken.report.policy.errors[0]).toMatchObject({ id: 'policy.valid', outcome: 'error', file: CONFIG_PATH });
    // Unreadable is broken too, never absent (which would mean the baseline).
    const unreadable = await check(repo({ [CONFIG_PATH]: symlink('elsewhere.yml') }), repo({ [CONFIG_PATH]: LENIENT }), changed(CONFIG_PATH));
    expect(unreadable.report.verdict).toBe('fail');
    expect(unreadable.report.policy.errors[0]?.message).toMatch(/symbolic link/);
  });

  it('an explicit policy judges instead of the base file, and nothing is previewed', async () => {
    const { report, proposed } = await check(repo({ [CONFIG_PATH]: LENIENT }), repo({ [CONFIG_PATH]: LENIENT }), changed(CONFIG_PATH, 'models/a/model.onnx'), {
      policy: loadPolicy(STRICT, 'strict.yml'),
    });
    expect(report.policy.source).toBe('strict.yml');
    expect(outcome(report, 'card.sections')).toBe('fail');
    expect(proposed).toBeUndefined();
  });

  it('a custom loader is handed the base reader and the path, and nothing else', async () => {
    const seen: [string, string][] = [];
    const policyFromBase = async (reader: RepoReader, path: string) => {
      seen.push([reader.label, path]);
      return readPolicy(reader, path);
    };
    const { report } = await check(repo({ [CONFIG_PATH]: STRICT }), repo({ [CONFIG_PATH]: LENIENT }), changed('models/a/model.onnx'), { policyFromBase });
    expect(seen).toEqual([['base', CONFIG_PATH]]);
    expect(outcome(report, 'card.sections')).toBe('fail');
  });
});

describe('checkChange: waivers', () => {
  const extra: Waiver = { ...WAIVER, source: 'https://github.com/o/r/pull/1#issuecomment-1' };

  it('the base waivers file applies; one the change adds does not', async () => {
    const strict = { [CONFIG_PATH]: STRICT };
    expect(outcome((await check(repo({ ...strict, [WAIVERS_PATH]: WAIVERS_FILE }), repo(strict), changed('models/a/model.onnx'))).report, 'card.sections')).toBe('waived');
    const added = await check(repo(strict), repo({ ...strict, [WAIVERS_PATH]: WAIVERS_FILE }), changed('models/a/model.onnx', WAIVERS_PATH));
    expect(outcome(added.report, 'card.sections')).toBe('fail');
    expect(added.waivers.waivers).toEqual([]);
  });

  it('waivers granted elsewhere join the base file, and its errors stay', async () => {
    const { report, waivers } = await check(repo({ [CONFIG_PATH]: STRICT, [WAIVERS_PATH]: 'waivers: 3\n' }), repo({ [CONFIG_PATH]: STRICT }), changed('models/a/model.onnx'), { extraWaivers: [extra] });
    expect(outcome(report, 'card.sections')).toBe('waived');
    expect(waivers.waivers).toEqual([extra]);
    expect(report.policy.errors.map((e) => e.file)).toEqual([WAIVERS_PATH]);
    expect(report.verdict).toBe('fail');
  });
});

describe('checkChange: findings only', () => {
  it('skips dataset hashing and the preview', async () => {
    const edited = repo({ 'datasets/one/data/x.csv': 'a,b\n1,3\n', [CONFIG_PATH]: STRICT });
    const full = await check(repo(), edited, changed('datasets/one/data/x.csv', CONFIG_PATH));
    expect(outcome(full.report, 'datasets.hashes')).toBe('fail');
    expect(full.report.policy.preview).toBeDefined();
    const findings = await check(repo(), edited, changed('datasets/one/data/x.csv', CONFIG_PATH), { findingsOnly: true });
    expect(outcome(findings.report, 'datasets.hashes')).not.toBe('fail');
    expect(findings.policy.policy.checks['datasets.hashes'].level).toBe('off');
    expect(findings.report.policy.preview).toBeUndefined();
  });
});
