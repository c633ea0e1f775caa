// Every per-model check through evaluate(), over an in-memory repository: a complete model that
// passes, then one piece of evidence broken at a time. Each test names the outcome and the message
// it expects, so a check that stops looking at its evidence fails here.
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckId, CheckResult, Outcome, Report } from '../../src/types.js';
import { MODEL_CHECKS } from '../../src/checks/index.js';
import { evaluateFiles, memoryReader, MISSING, sha256, SUBMODULE, symlink, type MemoryFiles } from './fixtures.js';
import { evaluate } from '../../src/evaluate.js';
import { readPolicy, readWaivers } from '../../src/policy/fromRepo.js';

// ---------------------------------------------------------------------------------------------
// A complete model: card, a datasheet with one hashed file, an independent fresh audit, carbon.

const TODAY = '2026-11-28';
const CARD = 'models/m/README.md';
const SHEET = 'datasets/d/datasheet.yml';
const TRAIN_PATH = 'datasets/d/data/train.csv';
const TRAIN = 'id,text\n1,hello\n2,world\n';
const AUDIT = 'audits/a.yml';

const BODY = [
  '# m',
  '',
  '## Uses',
  '',
  'Routes incoming support tickets to the right queue for agents.',
  '',
  '## Limitations',
  '',
  'Accuracy is lower on very short tickets than on long ones.',
  '',
  '## Training Data',
  '',
  'The support tickets exported from the help desk in 2025.',
  '',
  '## Evaluation',
  '',
  'Accuracy 0.91 on held-out tickets from a later period.',
  '',
  '## Environmental Impact',
  '',
  'Training emitted about 1.5 kg CO2eq on one GPU.',
  '',
].join('\n');

interface CardParts {
  license?: string | null;
  datasets?: string[] | null;
  co2?: string | null;
  tier?: string | null;
  owner?: string | null;
  audits?: string[] | null;
  carbonReport?: string;
  /** Raw lines added at the end of the front matter. */
  extra?: string;
}

function card(p: CardParts = {}, body = BODY): string {
  const lines: string[] = [];
  const license = p.license === undefined ? 'apache-2.0' : p.license;
  if (license !== null) lines.push(`license: ${license}`);
  const datasets = p.datasets === undefined ? ['acme/d'] : p.datasets;
  if (datasets !== null) lines.push('datasets:', ...datasets.map((d) => `  - ${JSON.stringify(d)}`));
  const co2 = p.co2 === undefined ? '1500' : p.co2;
  if (co2 !== null) lines.push(`co2_eq_emissions: ${co2}`);
  lines.push('governance:');
  const tier = p.tier === undefined ? 'limited' : p.tier;
  if (tier !== null) lines.push(`  risk_tier: ${tier}`);
  const owner = p.owner === undefined ? '"@acme/ml"' : p.owner;
  if (owner !== null) lines.push(`  owner: ${owner}`);
  const audits = p.audits === undefined ? [AUDIT] : p.audits;
  if (audits !== null) lines.push('  audits:', ...audits.map((a) => `    - ${JSON.stringify(a)}`));
  if (p.carbonReport) lines.push(`  carbon_report: ${p.carbonReport}`);
  if (p.extra) lines.push(p.extra);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

interface SheetParts {
  id?: string;
  source?: string | null;
  license?: string | null;
  collection?: string | null;
  retention?: string | null;
  files?: string | null;
}

function fileEntry(path: string, hash: string, size?: number): string {
  return `  - { path: ${JSON.stringify(path)}, sha256: ${JSON.stringify(hash)}${size !== undefined ? `, size: ${size}` : ''} }`;
}

function datasheet(p: SheetParts = {}): string {
  const lines = [`id: ${p.id ?? 'acme/d'}`, 'name: Support tickets'];
  const source = p.source === undefined ? 'source: { url: "https://example.com/d", creator: "Acme Support" }' : p.source;
  if (source !== null) lines.push(source);
  const license = p.license === undefined ? 'license: CC-BY-4.0' : p.license;
  if (license !== null) lines.push(license);
  const collection = p.collection === undefined ? 'collection: "Exported from the help desk, PII removed."' : p.collection;
  if (collection !== null) lines.push(collection);
  const retention = p.retention === undefined ? 'retention: { policy: "Deleted 24 months after collection", until: 2027-12-31 }' : p.retention;
  if (retention !== null) lines.push(retention);
  lines.push('personal_data: false');
  const files = p.files === undefined ? `files:\n${fileEntry('data/train.csv', sha256(TRAIN), Buffer.byteLength(TRAIN))}` : p.files;
  if (files !== null) lines.push(files);
  return lines.join('\n') + '\n';
}

interface AuditParts {
  id?: string;
  independent?: boolean;
  date?: string;
  scope?: string[];
  findings?: string;
}

function audit(p: AuditParts = {}): string {
  return [
    `id: ${p.id ?? 'AUD-1'}`,
    'auditor:',
    '  name: "Northbridge Assurance LLP"',
    `  independent: ${p.independent ?? true}`,
    `date: ${p.date ?? '2026-09-01'}`,
    'standard: ISO/IEC 42001',
    `scope: [${(p.scope ?? ['models/m']).join(', ')}]`,
    p.findings ?? 'findings: []',
    '',
  ].join('\n');
}

function finding(f: { id?: string; severity: string; status: string; due?: string; extra?: string }): string {
  return [
    `  - id: ${f.id ?? 'F-1'}`,
    `    title: "Finding ${f.id ?? 'F-1'}"`,
    `    severity: ${f.severity}`,
    `    status: ${f.status}`,
    ...(f.due ? [`    due: ${f.due}`] : []),
    ...(f.extra ? [f.extra] : []),
  ].join('\n');
}

const LFS_OID = 'a4d2d8f779d39bf63a19596c45bf5575c990b993f5bbee00661ee1a0e68dd4f9';
const lfsPointer = (oid: string, size = 123456): string => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;

function good(over: Record<string, string | Uint8Array | ReturnType<typeof symlink> | typeof MISSING | typeof SUBMODULE | undefined> = {}): MemoryFiles {
  const files: MemoryFiles = {
    [CARD]: card(),
    'models/m/model.safetensors': lfsPointer('0818da564aa2bc93ceb6d040b676c63b7e6ab7daecf14994880ee7202e39c55f'),
    [SHEET]: datasheet(),
    [TRAIN_PATH]: TRAIN,
    [AUDIT]: audit(),
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  return files;
}

const config = (yaml: string) => ({ '.github/modelgate.yml': yaml });

// ---------------------------------------------------------------------------------------------
// Looking results up, and recording which outcomes each check was seen to produce.

const seen = new Map<CheckId, Set<Outcome>>();

function result(report: Report, id: CheckId, model = 'models/m'): CheckResult {
  const m = report.models.find((x) => x.path === model);
  if (!m) throw new Error(`model ${model} not in report: ${report.models.map((x) => x.path).join(', ')}`);
  const c = m.checks.find((x) => x.id === id);
  if (!c) throw new Error(`check ${id} not in report for ${model}: ${m.checks.map((x) => x.id).join(', ')}`);
  const set = seen.get(id) ?? new Set<Outcome>();
  set.add(c.outcome);
  seen.set(id, set);
  return c;
}

async function run(files: MemoryFiles, today = TODAY): Promise<Report> {
  return evaluateFiles(files, { today });
}

function outcomes(report: Report, model = 'models/m'): Record<string, Outcome> {
  const m = report.models.find((x) => x.path === model);
  return Object.fromEntries((m?.checks ?? []).map((c) => [c.id, c.outcome]));
}

// ---------------------------------------------------------------------------------------------

describe('the complete model', () => {
  it('passes every check of baseline, one report row per check', async () => {
    const r = await run(good());
    expect(r.verdict).toBe('pass');
    expect(r.models.map((m) => m.path)).toEqual(['models/m']);
    expect(outcomes(r)).toEqual({
      'card.present': 'pass',
      'card.metadata': 'pass',
      'card.fields': 'pass',
      'card.sections': 'pass',
      'card.license': 'pass',
      'datasets.manifest': 'pass',
      'datasets.provenance': 'pass',
      'datasets.hashes': 'pass',
      'audit.reference': 'pass',
      'audit.independent': 'pass',
      'audit.fresh': 'pass',
      'audit.findings': 'pass',
      'carbon.estimate': 'pass',
      'carbon.consistency': 'skipped',
    });
    for (const c of r.models[0]?.checks ?? []) result(r, c.id);
    expect(r.summary).toMatchObject({ models: 1, checks: 14, pass: 13, skipped: 1, fail: 0, error: 0 });
  });
});

describe('model.entries', () => {
  it('a symbolic link as the weights fails at error, naming the link, its target and why; the other checks still run', async () => {
    const r = await run(good({ 'models/m/model.safetensors': symlink('/mnt/share/m.safetensors') }));
    const c = result(r, 'model.entries');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: 'models/m/model.safetensors' });
    expect(c.message).toBe('models/m/model.safetensors is a symbolic link to "/mnt/share/m.safetensors": modelgate never follows links, so it cannot vouch for what it points to (models.links is "deny")');
    expect(c.hint).toMatch(/models\.links: inside/);
    expect(result(r, 'card.present').outcome).toBe('pass');
    expect(r.verdict).toBe('fail');
  });
  it('is not reported for a model without links or submodules', async () => {
    const r = await run(good());
    expect(outcomes(r)['model.entries']).toBeUndefined();
  });
  it('a submodule names what it is, and the hint does not offer models.links', async () => {
    const r = await run(good({ 'models/m/weights': SUBMODULE }));
    const c = result(r, 'model.entries');
    expect(c.message).toBe("models/m/weights is a git submodule: its files are another repository's, which modelgate does not read, so it cannot vouch for them");
    expect(c.hint).not.toMatch(/models\.links/);
  });
});

describe('card.present', () => {
  it('fails without a card and skips the checks that need one at baseline', async () => {
    const r = await run(good({ [CARD]: undefined }));
    const c = result(r, 'card.present');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: 'models/m' });
    expect(c.message).toBe('no model card in models/m (looked for README.md, MODEL_CARD.md, model_card.md)');
    expect(c.hint).toMatch(/model card/);
    const rest = r.models[0]?.checks.filter((x) => x.id !== 'card.present') ?? [];
    expect(rest.length).toBe(13);
    for (const x of rest) {
      expect(x.outcome, x.id).toBe('skipped');
      expect(x.message, x.id).toBe('not evaluated: the model has no card');
    }
    expect(r.verdict).toBe('fail');
  });

  it('with card.present at warn, the checks that need the card become errors, never passes', async () => {
    const r = await run({ ...good({ [CARD]: undefined }), ...config('checks:\n  card.present: warn\n') });
    expect(result(r, 'card.present')).toMatchObject({ level: 'warn', outcome: 'warn' });
    const dependents = r.models[0]?.checks.filter((x) => x.id !== 'card.present') ?? [];
    expect(dependents.length).toBeGreaterThan(0);
    for (const x of dependents) expect(x.outcome, x.id).toBe('error');
    expect(result(r, 'card.metadata')).toMatchObject({ level: 'error', outcome: 'error' });
    expect(r.models[0]?.outcome).toBe('fail');
    expect(r.verdict).toBe('fail');
  });

  it('with card.present off, a missing card still cannot pass', async () => {
    const r = await run({ ...good({ [CARD]: undefined }), ...config('checks:\n  card.present: off\n') });
    expect(r.models[0]?.checks.some((x) => x.id === 'card.present')).toBe(false);
    expect(result(r, 'card.fields').outcome).toBe('error');
    expect(r.verdict).toBe('fail');
  });

  it('finds MODEL_CARD.md when there is no README.md', async () => {
    const r = await run(good({ [CARD]: undefined, 'models/m/MODEL_CARD.md': card() }));
    expect(result(r, 'card.present')).toMatchObject({ outcome: 'pass', message: 'card found: models/m/MODEL_CARD.md' });
    expect(r.verdict).toBe('pass');
  });

  it('does not follow a symlinked card', async () => {
    const r = await run(good({ [CARD]: symlink('/etc/passwd') }));
    expect(result(r, 'card.present').outcome).toBe('fail');
    expect(r.verdict).toBe('fail');
  });
});

describe('card.metadata: bad front matter fails with file and line, never passes', () => {
  async function metadataOf(text: string | Uint8Array): Promise<{ r: Report; c: CheckResult }> {
    const r = await run(good({ [CARD]: text }));
    return { r, c: result(r, 'card.metadata') };
  }
  function expectDependentsSkipped(r: Report): void {
    const dependents = r.models[0]?.checks.filter((x) => !['card.present', 'card.metadata'].includes(x.id)) ?? [];
    expect(dependents.length).toBe(12);
    for (const x of dependents) expect(x.outcome, x.id).toBe('skipped');
    expect(result(r, 'card.present').outcome).toBe('pass');
    expect(r.verdict).toBe('fail');
  }

  it('front matter that is a list, not a mapping', async () => {
    const { r, c } = await metadataOf('---\n- license: mit\n- datasets: []\n---\n# m\n');
    expect(c).toMatchObject({ outcome: 'fail', file: CARD, line: 2 });
    expect(c.message).toBe(`${CARD}:2:1: front matter must be a YAML mapping, found a list`);
    expectDependentsSkipped(r);
  });

  it('front matter that is a scalar', async () => {
    const { c } = await metadataOf('---\njust some text\n---\n# m\n');
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/front matter must be a YAML mapping, found string/);
  });

  it('duplicate keys', async () => {
    const { r, c } = await metadataOf('---\nlicense: mit\ndatasets: [acme/d]\nlicense: apache-2.0\n---\n# m\n');
    expect(c).toMatchObject({ outcome: 'fail', file: CARD, line: 4 });
    expect(c.message).toMatch(new RegExp(`^${CARD}:4:1: YAML: .*unique`, 'i'));
    expectDependentsSkipped(r);
  });

  it('an alias bomb', async () => {
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]', 'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]', '---', '# m', ''].join('\n');
    const { r, c } = await metadataOf(bomb);
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/alias/i);
    expect(c.message).toMatch(new RegExp(`^${CARD}`));
    expectDependentsSkipped(r);
  });

  it('a __proto__ key, without touching Object.prototype', async () => {
    const { r, c } = await metadataOf('---\nlicense: mit\ngovernance:\n  __proto__:\n    polluted: yes\n---\n# m\n');
    expect(c).toMatchObject({ outcome: 'fail', file: CARD, line: 4 });
    expect(c.message).toBe(`${CARD}:4:3: key "__proto__" is not allowed (it could alter object prototypes)`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectDependentsSkipped(r);
  });

  it('malformed YAML, with line and column', async () => {
    const { c } = await metadataOf('---\nlicense: mit\ndatasets: [acme/d\ngovernance: {}\n---\n# m\n');
    expect(c.outcome).toBe('fail');
    expect(c.file).toBe(CARD);
    expect(c.message).toMatch(new RegExp(`^${CARD}:\\d+:\\d+: YAML: `));
    expect(c.line).toBeGreaterThanOrEqual(3);
  });

  it('no front matter at all', async () => {
    const { r, c } = await metadataOf('# m\n\nJust prose.\n');
    expect(c).toMatchObject({ outcome: 'fail', line: 1, message: `${CARD} has no YAML front matter` });
    // The fix, as the README's "Model card" gives it: the block to add.
    expect(c.hint).toMatch(/"---" \/ "license: apache-2\.0" \/ .* \/ "---"/);
    // The card parses, so the other checks run and name what is missing.
    expect(result(r, 'card.fields')).toMatchObject({ outcome: 'fail', message: `${CARD} lacks license, datasets, governance.owner, governance.risk_tier` });
  });

  it('a card over the 8 MiB evidence cap is refused, not parsed', async () => {
    const big = card() + '\n' + 'a'.repeat(8 * 1024 * 1024);
    const { r, c } = await metadataOf(big);
    expect(c.outcome).toBe('fail');
    expect(c.message).toBe(`${CARD}: ${CARD} is ${Buffer.byteLength(big)} bytes, over the 8388608-byte limit for evidence files`);
    expectDependentsSkipped(r);
  });

  it('a binary card is refused', async () => {
    const bytes = new Uint8Array([...Buffer.from('---\nlicense: mit\n---\n'), 0, 1, 2, 3]);
    const { r, c } = await metadataOf(bytes);
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/binary content \(NUL byte at offset 21\)/);
    expectDependentsSkipped(r);
  });

  it('invalid UTF-8 is refused with its line', async () => {
    const bytes = new Uint8Array([...Buffer.from('---\nlicense: mit\nowner: '), 0xff, 0xfe, ...Buffer.from('\n---\n')]);
    const { c } = await metadataOf(bytes);
    expect(c).toMatchObject({ outcome: 'fail', line: 3 });
    expect(c.message).toMatch(/invalid UTF-8/);
  });

  it('a list entry that is not text fails with its line and column, and the rest of the card is still judged', async () => {
    const front = 'license: mit\ndatasets:\n  - acme/d\n  - { name: acme/hidden, split: train }\n';
    const r = await run(good({ [CARD]: card({ license: null, datasets: null, extra: front.trimEnd() }) }));
    const c = result(r, 'card.metadata');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: CARD, line: 11 });
    expect(c.message).toBe(`${CARD}:11:5: \`datasets\` entry 2 is a mapping ({"name":"acme/hidden","split":"train"}), not text: write it as a dataset id, manifest id or manifest path; modelgate reads no other form, so it would be ignored`);
    expect(result(r, 'datasets.manifest').outcome).toBe('pass');
    expect(r.verdict).toBe('fail');
  });
  it.each([
    ['governance.audits', card({ audits: null, extra: '  audits:\n    - [audits/a.yml]' }), /^models\/m\/README\.md:\d+:7: `governance\.audits` entry 1 is a list \(\["audits\/a\.yml"\]\)/],
    ['license', card({ license: '{ id: mit }' }), /^models\/m\/README\.md:2:10: `license` is a mapping \(\{"id":"mit"\}\)/],
    ['base_model', card({ extra: 'base_model: [org/base, true]' }), /^models\/m\/README\.md:\d+:24: `base_model` entry 2 is a boolean \(true\)/],
  ])('%s entries are read the same way', async (_field, text, message) => {
    const c = result(await run(good({ [CARD]: text })), 'card.metadata');
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(message);
  });

  it('passes, naming warnings, for tolerated Hub quirks', async () => {
    const r = await run(good({ [CARD]: card({ license: null, extra: 'licence: mit' }) }));
    const c = result(r, 'card.metadata');
    expect(c.outcome).toBe('pass');
    expect(c.message).toMatch(/1 warning: line \d+: "licence" read as "license"/);
  });
});

describe('card.fields', () => {
  it('names each missing required field', async () => {
    const r = await run(good({ [CARD]: card({ owner: null, datasets: null }) }));
    const c = result(r, 'card.fields');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: CARD, line: 1, message: `${CARD} lacks datasets, governance.owner` });
    expect(c.hint).toMatch(/`datasets`, `governance.owner`/);
    expect(r.verdict).toBe('fail');
  });
  it('an empty owner counts as missing', async () => {
    const r = await run(good({ [CARD]: card({ owner: '""' }) }));
    expect(result(r, 'card.fields')).toMatchObject({ outcome: 'fail', message: `${CARD} lacks governance.owner` });
  });
  it('refuses a risk tier outside the EU AI Act tiers', async () => {
    const r = await run(good({ [CARD]: card({ tier: 'extreme' }) }));
    const c = result(r, 'card.fields');
    expect(c.outcome).toBe('fail');
    expect(c.message).toBe('governance.risk_tier "extreme" is not one of minimal, limited, high, prohibited');
    expect(c.line).toBe(7);
    expect(r.models[0]?.riskTier).toBeNull();
  });
  it('uses the policy-defined list', async () => {
    const r = await run({ ...good(), ...config('checks:\n  card.fields: { level: error, required: [license, governance.vendor] }\n') });
    expect(result(r, 'card.fields')).toMatchObject({ outcome: 'fail', message: `${CARD} lacks governance.vendor` });
  });
});

describe('card.sections', () => {
  it('a placeholder-only section is a warning at baseline, with the heading line', async () => {
    const body = BODY.replace('Accuracy is lower on very short tickets than on long ones.', '[More Information Needed]');
    const r = await run(good({ [CARD]: card({}, body) }));
    const c = result(r, 'card.sections');
    expect(c).toMatchObject({ level: 'warn', outcome: 'warn', file: CARD });
    expect(c.message).toBe(`${CARD}: placeholder only: limitations ("Limitations")`);
    const cardText = card({}, body);
    expect(c.line).toBe(cardText.split('\n').indexOf('## Limitations') + 1);
    expect(r.verdict).toBe('pass');
  });
  it('empty bullets and TODO count as placeholders too', async () => {
    const body = BODY.replace('The support tickets exported from the help desk in 2025.', '- \n- TODO\n');
    const r = await run(good({ [CARD]: card({}, body) }));
    expect(result(r, 'card.sections').message).toMatch(/placeholder only: training-data \("Training Data"\)/);
  });
  it('a missing section is named, and blocks under strict', async () => {
    const body = BODY.replace('## Evaluation\n\nAccuracy 0.91 on held-out tickets from a later period.\n', '');
    const base = await run(good({ [CARD]: card({}, body) }));
    expect(result(base, 'card.sections')).toMatchObject({ outcome: 'warn', message: `${CARD}: missing evaluation` });
    const strict = await run({ ...good({ [CARD]: card({}, body) }), ...config('extends: strict\n') });
    expect(result(strict, 'card.sections')).toMatchObject({ level: 'error', outcome: 'fail', message: `${CARD}: missing evaluation` });
  });
  it('governance.intended_use stands for the "Uses" section; headings match case-insensitively', async () => {
    const body = BODY.replace('## Uses\n\nRoutes incoming support tickets to the right queue for agents.\n', '').replace('## Limitations', '## BIAS, RISKS, AND LIMITATIONS');
    const r = await run(good({ [CARD]: card({ extra: '  intended_use: "Route tickets"' }, body) }));
    expect(result(r, 'card.sections')).toMatchObject({ outcome: 'pass' });
  });
});

describe('card.license', () => {
  async function licenseOf(parts: CardParts): Promise<CheckResult> {
    return result(await run(good({ [CARD]: card(parts) })), 'card.license');
  }
  it('accepts SPDX ids and expressions in any case', async () => {
    expect(await licenseOf({ license: 'MIT' })).toMatchObject({ outcome: 'pass', message: 'license MIT' });
    expect(await licenseOf({ license: '"apache-2.0 OR mit"' })).toMatchObject({ outcome: 'pass' });
  });
  it('accepts Hugging Face ids with no SPDX equivalent', async () => {
    expect(await licenseOf({ license: 'llama3.1' })).toMatchObject({ outcome: 'pass', message: 'license llama3.1' });
  });
  it('other needs license_name and license_link', async () => {
    const c = await licenseOf({ license: 'other', extra: 'license_name: acme-model-license' });
    expect(c).toMatchObject({ outcome: 'fail', file: CARD, line: 2 });
    expect(c.message).toBe(`${CARD}: license "other" needs license_name and license_link`);
    expect(await licenseOf({ license: 'other', extra: 'license_name: acme-model-license\nlicense_link: LICENSE' })).toMatchObject({ outcome: 'pass' });
  });
  it('refuses an unknown licence and "unknown"', async () => {
    const c = await licenseOf({ license: 'acme-proprietary' });
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/"acme-proprietary" is neither an SPDX licence expression nor a Hugging Face licence id/);
    expect((await licenseOf({ license: 'unknown' })).message).toMatch(/declared "unknown"/);
  });
  it('fails when no licence is given', async () => {
    const r = await run(good({ [CARD]: card({ license: null }) }));
    expect(result(r, 'card.license')).toMatchObject({ outcome: 'fail', message: `${CARD} names no license` });
    expect(result(r, 'card.fields').message).toBe(`${CARD} lacks license`);
  });
  it('applies the policy deny list', async () => {
    const r = await run({ ...good({ [CARD]: card({ license: 'cc-by-nc-4.0' }) }), ...config('checks:\n  card.license: { level: error, deny: [cc-by-nc-4.0] }\n') });
    expect(result(r, 'card.license').message).toMatch(/license "cc-by-nc-4.0" is denied by policy/);
  });
});

const EVAL = '{"id":1,"text":"hi"}\n';
function croissant(over: Record<string, unknown> = {}): string {
  const doc: Record<string, unknown> = {
    '@context': { '@vocab': 'https://schema.org/', cr: 'http://mlcommons.org/croissant/', rai: 'http://mlcommons.org/croissant/RAI/', sc: 'https://schema.org/' },
    '@type': 'sc:Dataset',
    '@id': 'https://example.com/ids/eval-2025',
    name: 'Acme eval 2025',
    url: 'https://data.example.com/eval-2025',
    license: 'https://spdx.org/licenses/CC-BY-4.0.html',
    creator: { '@type': 'sc:Organization', name: 'Acme Support Ops' },
    'rai:dataCollection': 'Sampled at random from tickets of early 2026.',
    'rai:dataReleaseMaintenancePlan': 'Retained until 2027-12-31, then deleted.',
    distribution: [{ '@type': 'cr:FileObject', '@id': 'eval.jsonl', name: 'eval.jsonl', contentUrl: 'data/eval.jsonl', encodingFormat: 'application/jsonlines', sha256: sha256(EVAL) }],
    ...over,
  };
  for (const [k, v] of Object.entries(doc)) if (v === undefined) delete doc[k];
  return JSON.stringify(doc, null, 2) + '\n';
}
const CROISSANT = 'datasets/eval/eval-croissant.json';
const withCroissant = (ref: string, over: Record<string, unknown> = {}) =>
  good({ [CARD]: card({ datasets: ['acme/d', ref] }), [CROISSANT]: croissant(over), 'datasets/eval/data/eval.jsonl': EVAL });

describe('datasets.manifest', () => {
  it('fails for a dataset that resolves to no manifest, at its line in the card', async () => {
    const r = await run(good({ [CARD]: card({ datasets: ['acme/d', 'acme/unknown'] }) }));
    const c = result(r, 'datasets.manifest');
    expect(c).toMatchObject({ outcome: 'fail', file: CARD, line: 5, message: 'no manifest for "acme/unknown"' });
    expect(r.verdict).toBe('fail');
  });
  it('resolves a datasheet by id (case-insensitively) and by a path from the card or the root', async () => {
    for (const ref of ['acme/d', 'ACME/D', '../../datasets/d/datasheet.yml', SHEET]) {
      const r = await run(good({ [CARD]: card({ datasets: [ref] }) }));
      expect(result(r, 'datasets.manifest'), ref).toMatchObject({ outcome: 'pass', message: `manifests: ${SHEET}` });
      expect(result(r, 'datasets.hashes').outcome, ref).toBe('pass');
    }
  });
  it.each([
    ['name', 'Acme eval 2025'],
    ['url', 'https://data.example.com/eval-2025'],
    ['@id', 'https://example.com/ids/eval-2025'],
    ['path', '../../datasets/eval/eval-croissant.json'],
  ])('resolves a Croissant file by %s', async (_how, ref) => {
    const r = await run(withCroissant(ref));
    expect(result(r, 'datasets.manifest')).toMatchObject({ outcome: 'pass', message: `manifests: ${SHEET}, ${CROISSANT}` });
    expect(result(r, 'datasets.provenance').outcome).toBe('pass');
    expect(result(r, 'datasets.hashes')).toMatchObject({ outcome: 'pass', message: '2 file(s) verified against their SHA-256' });
  });
  it('a manifest that does not parse fails with its file, line and column', async () => {
    const r = await run(good({ [CARD]: card({ datasets: [SHEET] }), [SHEET]: 'id: acme/d\nfiles: [\n' }));
    const c = result(r, 'datasets.manifest');
    expect(c.outcome).toBe('fail');
    expect(c.file).toBe(SHEET);
    expect(c.message).toMatch(new RegExp(`^${SHEET}:\\d+:\\d+: YAML: `));
  });
  it('a manifest named by id that does not parse is named in the failure, with its line', async () => {
    const r = await run(good({ [SHEET]: 'id: acme/d\nid: acme/d\n' }));
    const c = result(r, 'datasets.manifest');
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/no manifest for "acme\/d"/);
    expect(c.message).toContain(`${SHEET}:2:1:`);
    expect(c.message).toMatch(/unique/i);
  });
  it('a binary or oversized manifest is refused', async () => {
    const bin = await run(good({ [CARD]: card({ datasets: [SHEET] }), [SHEET]: new Uint8Array([105, 100, 58, 0, 1]) }));
    expect(result(bin, 'datasets.manifest')).toMatchObject({ outcome: 'fail', file: SHEET });
    expect(result(bin, 'datasets.manifest').message).toMatch(/binary content/);
    const big = await run(good({ [CARD]: card({ datasets: [SHEET] }), [SHEET]: datasheet() + '#'.repeat(8 * 1024 * 1024) }));
    expect(result(big, 'datasets.manifest').message).toMatch(/over the 8388608-byte limit/);
  });
  it('a name claimed by two manifests is ambiguous', async () => {
    const r = await run(good({ 'datasets/copy/datasheet.yml': datasheet() }));
    expect(result(r, 'datasets.manifest')).toMatchObject({ outcome: 'fail', message: `"acme/d" is claimed by 2 manifests (datasets/copy/datasheet.yml, ${SHEET})` });
  });
  it('is skipped when the card lists no datasets (card.fields reports it)', async () => {
    const r = await run(good({ [CARD]: card({ datasets: null }) }));
    expect(result(r, 'datasets.manifest').outcome).toBe('skipped');
    expect(result(r, 'card.fields').outcome).toBe('fail');
    expect(r.verdict).toBe('fail');
  });
});

describe('datasets.provenance', () => {
  it('names each missing field', async () => {
    const r = await run(good({ [SHEET]: datasheet({ source: null, collection: null, retention: null }) }));
    const c = result(r, 'datasets.provenance');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: SHEET });
    expect(c.message).toBe(`${SHEET} lacks source (url or creator), collection process, retention`);
  });
  it('fails when the retention date has passed', async () => {
    const r = await run(good({ [SHEET]: datasheet({ retention: 'retention: { policy: "Deleted after a year", until: 2026-01-31 }' }) }));
    const c = result(r, 'datasets.provenance');
    expect(c).toMatchObject({ outcome: 'fail', file: SHEET, line: 6 });
    expect(c.message).toBe(`${SHEET}: retention ended 2026-01-31; the data should be deleted or the retention renewed`);
    const later = await run(good({ [SHEET]: datasheet({ retention: 'retention: { policy: "Deleted after a year", until: 2026-01-31 }' }) }), '2026-01-31');
    expect(result(later, 'datasets.provenance').outcome).toBe('pass');
  });
  it('reads Croissant RAI fields', async () => {
    const r = await run(withCroissant('Acme eval 2025', { 'rai:dataCollection': undefined }));
    expect(result(r, 'datasets.provenance')).toMatchObject({ outcome: 'fail', message: `${CROISSANT} lacks collection process` });
  });
});

describe('datasets.hashes', () => {
  const withFile = (entry: string, extra: MemoryFiles = {}) => ({ ...good({ [SHEET]: datasheet({ files: `files:\n${entry}` }) }), ...extra });

  it('fails on a mismatch, naming the repository path and the manifest line', async () => {
    const r = await run(good({ [TRAIN_PATH]: TRAIN + '3,edited\n' }));
    const c = result(r, 'datasets.hashes');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: SHEET, line: 9 });
    expect(c.message).toBe(`${TRAIN_PATH}: SHA-256 mismatch: manifest says ${sha256(TRAIN).slice(0, 12)}…, file has ${sha256(TRAIN + '3,edited\n').slice(0, 12)}…`);
    expect(r.verdict).toBe('fail');
  });
  it('a matching hash with the wrong size fails', async () => {
    const r = await run(withFile(fileEntry('data/train.csv', sha256(TRAIN), 1)));
    expect(result(r, 'datasets.hashes').message).toMatch(/hash matches but the manifest says 1 bytes and the file has \d+/);
  });
  it.each([
    ['a placeholder', 'TODO', /"TODO" is a placeholder, not a SHA-256/],
    ['an MD5-length value', 'd41d8cd98f00b204e9800998ecf8427e', /32 hex chars is an MD5-length value; SHA-256 needs 64/],
    ['a SHA-1-length value', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', /SHA-1-length/],
    ['a truncated value', '9f86d0…', /looks truncated/],
    ['a repeated digit', '0'.repeat(64), /repeats one digit/],
  ])('%s is "no verifiable hash", never a pass', async (_what, hash, message) => {
    const r = await run(withFile(fileEntry('data/train.csv', hash)));
    const c = result(r, 'datasets.hashes');
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(/no verifiable hash/);
    expect(c.message).toMatch(message);
    expect(r.verdict).toBe('fail');
  });
  it('compares a Git LFS pointer by its oid without fetching content', async () => {
    const entry = fileEntry('data/big.parquet', LFS_OID, 123456);
    const r = await run(withFile(entry, { 'datasets/d/data/big.parquet': lfsPointer(LFS_OID) }));
    expect(result(r, 'datasets.hashes')).toMatchObject({ outcome: 'pass', message: '1 file(s) verified against their SHA-256' });
    expect(r.models[0]?.facts.datasets[0]?.files[0]).toMatchObject({ path: 'datasets/d/data/big.parquet', verified: true });
    const other = await run(withFile(entry, { 'datasets/d/data/big.parquet': lfsPointer('b'.repeat(63) + 'c') }));
    expect(result(other, 'datasets.hashes').message).toMatch(/its Git LFS pointer oid mismatch/);
  });
  it('refuses a path that climbs out of the repository, without reading it', async () => {
    const files = withFile(fileEntry('../../../etc/passwd', sha256('root')));
    const reader = memoryReader(files);
    const r = await evaluate({ reader, changes: { all: true }, policy: await readPolicy(reader), waivers: await readWaivers(reader), today: TODAY, toolVersion: 'test' });
    const c = result(r, 'datasets.hashes');
    expect(c.outcome).toBe('fail');
    expect(c.message).toBe('../../../etc/passwd: path "../../../etc/passwd" leaves the repository');
    expect(reader.reads.some((p) => p.includes('passwd'))).toBe(false);
  });
  it('refuses an absolute path', async () => {
    const r = await run(withFile(fileEntry('/etc/passwd', sha256('root'))));
    expect(result(r, 'datasets.hashes')).toMatchObject({ outcome: 'fail', message: '/etc/passwd: absolute path "/etc/passwd" leaves the repository' });
  });
  it('refuses a symlink, even one pointing outside the repository', async () => {
    const r = await run(good({ [TRAIN_PATH]: symlink('/etc/passwd') }));
    const c = result(r, 'datasets.hashes');
    expect(c.outcome).toBe('fail');
    expect(c.message).toBe(`${TRAIN_PATH}: refused: symbolic link`);
  });
  it('a file absent from the repository is a warning under baseline and a failure under strict', async () => {
    const base = await run(good({ [TRAIN_PATH]: undefined }));
    const c = result(base, 'datasets.hashes');
    expect(c).toMatchObject({ level: 'error', outcome: 'warn' });
    expect(c.message).toBe(`0 file(s) verified; not in the repository, so not verified: ${TRAIN_PATH}: not found in memory`);
    expect(base.verdict).toBe('pass');
    const strict = await run({ ...good({ [TRAIN_PATH]: undefined }), ...config('extends: strict\n') });
    expect(result(strict, 'datasets.hashes')).toMatchObject({ level: 'error', outcome: 'fail', message: `${TRAIN_PATH}: not found in memory` });
    expect(strict.verdict).toBe('fail');
  });
  it('a file listed but gone when read is missing, not a pass', async () => {
    const r = await run(good({ [TRAIN_PATH]: MISSING }));
    expect(result(r, 'datasets.hashes').outcome).toBe('warn');
  });
  it('a manifest listing no files fails', async () => {
    const r = await run(good({ [SHEET]: datasheet({ files: null }) }));
    expect(result(r, 'datasets.hashes')).toMatchObject({ outcome: 'fail', message: `${SHEET} lists no files with hashes` });
  });
});

describe('audit.reference', () => {
  it('fails when the card references no audit, naming the records that cover it by scope', async () => {
    const none = await run(good({ [CARD]: card({ audits: null }), [AUDIT]: undefined }));
    expect(result(none, 'audit.reference')).toMatchObject({ level: 'error', outcome: 'fail', file: CARD, message: `${CARD} references no audit record` });
    expect(none.verdict).toBe('fail');
    const scoped = await run(good({ [CARD]: card({ audits: null }) }));
    expect(result(scoped, 'audit.reference')).toMatchObject({ outcome: 'fail', file: CARD, message: `${CARD} references no audit record (${AUDIT} covers it by scope: cite it)` });
  });
  it('fails when the audit does not cover the model', async () => {
    const r = await run(good({ [AUDIT]: audit({ scope: ['models/other'] }) }));
    const c = result(r, 'audit.reference');
    expect(c).toMatchObject({ outcome: 'fail', file: AUDIT, message: `${AUDIT} (AUD-1) does not cover models/m (scope: models/other)` });
    expect(result(r, 'audit.fresh').message).toBe('no audit record covers this model');
    expect(result(r, 'audit.findings').outcome).toBe('skipped');
  });
  it('an audit whose scope is a parent directory covers the model', async () => {
    const r = await run(good({ [AUDIT]: audit({ scope: ['models'] }) }));
    expect(result(r, 'audit.reference')).toMatchObject({ outcome: 'pass', message: 'covered by AUD-1' });
  });
  it.each([
    ['../../../etc/passwd', 'audit reference "../../../etc/passwd": path "../../../etc/passwd" leaves the repository'],
    ['/etc/passwd', 'audit reference "/etc/passwd": absolute path "/etc/passwd" leaves the repository'],
  ])('refuses %s, at its line in the card', async (ref, message) => {
    const r = await run(good({ [CARD]: card({ audits: [ref] }) }));
    expect(result(r, 'audit.reference')).toMatchObject({ outcome: 'fail', file: CARD, line: 10, message });
  });
  it('refuses an audit record that is a symlink', async () => {
    const r = await run(good({ [AUDIT]: symlink('../../../etc/passwd') }));
    const c = result(r, 'audit.reference');
    expect(c.outcome).toBe('fail');
    expect(c.message).toBe(`${AUDIT}: ${AUDIT} is not a regular file (symbolic link); evidence must be a file in the repository`);
  });
  it('fails for a missing record, and for one that does not parse (with its line)', async () => {
    const missing = await run(good({ [AUDIT]: undefined }));
    expect(result(missing, 'audit.reference').message).toBe(`${AUDIT}: ${AUDIT} does not exist`);
    const broken = await run(good({ [AUDIT]: audit().replace('date: 2026-09-01', 'date: 2026-02-30') }));
    expect(result(broken, 'audit.reference')).toMatchObject({ outcome: 'fail', file: AUDIT, line: 5 });
    expect(result(broken, 'audit.reference').message).toMatch(/^audits\/a.yml:5: `date` must be a real date/);
  });
  it('an audit report kept in the repository is hashed like a dataset file', async () => {
    const REPORT = 'Audit report AUD-1: no blocking findings.\n';
    const withReport = (report: string, extra: MemoryFiles = { 'audits/reports/aud-1.md': REPORT }) => good({ [AUDIT]: audit().replace('findings: []', `${report}\nfindings: []`), ...extra });
    const ok = await run(withReport(`report: { path: reports/aud-1.md, sha256: "${sha256(REPORT)}" }`));
    expect(result(ok, 'audit.reference')).toMatchObject({ outcome: 'pass', message: 'covered by AUD-1' });
    const changed = await run(withReport(`report: { path: reports/aud-1.md, sha256: "${sha256(REPORT)}" }`, { 'audits/reports/aud-1.md': REPORT + 'Edited.\n' }));
    expect(result(changed, 'audit.reference')).toMatchObject({ outcome: 'fail', file: AUDIT, line: 8 });
    expect(result(changed, 'audit.reference').message).toMatch(/^audits\/a\.yml \(AUD-1\) report audits\/reports\/aud-1\.md: SHA-256 mismatch/);
    const unhashed = await run(withReport('report: { path: reports/aud-1.md }'));
    expect(result(unhashed, 'audit.reference').message).toBe('audits/a.yml (AUD-1) report audits/reports/aud-1.md: no verifiable hash: no SHA-256 given');
    const missing = await run(withReport(`report: { path: reports/aud-1.md, sha256: "${sha256(REPORT)}" }`, {}));
    expect(result(missing, 'audit.reference').message).toBe('audits/a.yml (AUD-1) report audits/reports/aud-1.md: not found in memory');
    const outside = await run(withReport(`report: { path: ../../etc/passwd, sha256: "${sha256(REPORT)}" }`));
    expect(result(outside, 'audit.reference').message).toMatch(/report\.path: path "\.\.\/\.\.\/etc\/passwd" leaves the repository/);
  });
  it('resolves a reference relative to the card first', async () => {
    const files = { ...good({ [CARD]: card({ audits: ['audit.yml'] }), 'models/m/audit.yml': audit({ id: 'AUD-LOCAL' }), [AUDIT]: undefined }), ...config('audits:\n  records: ["audits/**/*.yml", "models/*/audit.yml"]\n') };
    expect(result(await run(files), 'audit.reference')).toMatchObject({ outcome: 'pass', message: 'covered by AUD-LOCAL' });
  });
  it('refuses a cited record that audits.records does not match, naming the globs', async () => {
    const r = await run(good({ [CARD]: card({ audits: ['audit.yml'] }), 'models/m/audit.yml': audit({ id: 'AUD-LOCAL' }), [AUDIT]: undefined }));
    expect(result(r, 'audit.reference')).toMatchObject({
      outcome: 'fail',
      file: CARD,
      line: 10,
      message: 'models/m/audit.yml is not an audit record this policy recognises: audits.records is audits/**/*.{yml,yaml}',
    });
    // Its findings are still read: refusing the record must not hide them.
    const open = await run(good({ [CARD]: card({ audits: ['audit.yml'] }), 'models/m/audit.yml': audit({ findings: `findings:\n${finding({ severity: 'high', status: 'open' })}` }), [AUDIT]: undefined }));
    expect(result(open, 'audit.findings').outcome).toBe('fail');
  });
});

describe('audits apply by scope', () => {
  const OTHER = 'audits/other.yml';
  const openHigh = `findings:\n${finding({ id: 'F-9', severity: 'high', status: 'open' })}`;
  it('an uncited record whose scope covers the model brings its open findings', async () => {
    const r = await run(good({ [OTHER]: audit({ id: 'AUD-9', scope: ['models'], findings: openHigh }) }));
    expect(result(r, 'audit.reference')).toMatchObject({ outcome: 'pass', message: 'covered by AUD-1, AUD-9' });
    expect(result(r, 'audit.findings')).toMatchObject({ outcome: 'fail', file: OTHER, line: 9, message: 'AUD-9/F-9 "Finding F-9" is open with severity high' });
    expect(r.models[0]?.facts.findings.map((f) => `${f.audit}/${f.id}`)).toEqual(['AUD-9/F-9']);
    expect(r.models[0]?.facts.audits.map((a) => a.file)).toEqual([AUDIT, OTHER]);
  });
  it('a record whose scope does not cover the model does not apply to it', async () => {
    const r = await run(good({ [OTHER]: audit({ id: 'AUD-9', scope: ['models/other', 'models/m2'], findings: openHigh }) }));
    expect(result(r, 'audit.findings').outcome).toBe('pass');
  });
  it('independence and freshness count every covering record, cited or not', async () => {
    const r = await run(good({ [AUDIT]: audit({ independent: false, date: '2025-01-01' }), [OTHER]: audit({ id: 'AUD-9', date: '2026-10-01' }) }));
    expect(result(r, 'audit.independent')).toMatchObject({ outcome: 'pass', message: 'independent audit AUD-9 by Northbridge Assurance LLP' });
    expect(result(r, 'audit.fresh')).toMatchObject({ outcome: 'pass', message: 'newest audit AUD-9 is 58 days old (limit 365)' });
  });
  it('a record under audits.records that does not parse fails the models it may cover', async () => {
    const unreadableScope = await run(good({ [OTHER]: 'id: AUD-9\nscope: [models\n' }));
    const c = result(unreadableScope, 'audit.reference');
    expect(c).toMatchObject({ outcome: 'fail', file: OTHER });
    expect(c.message).toMatch(/^audits\/other\.yml:\d+: YAML: .*a record under audits\.records that does not parse may cover this model/);
    // Its scope is readable and names another model: it does not concern this one.
    const elsewhere = await run(good({ [OTHER]: audit({ id: 'AUD-9', scope: ['models/other'] }).replace('date: 2026-09-01', 'date: 2026-02-30') }));
    expect(result(elsewhere, 'audit.reference').outcome).toBe('pass');
    const here = await run(good({ [OTHER]: audit({ id: 'AUD-9', scope: ['models/m'] }).replace('date: 2026-09-01', 'date: 2026-02-30') }));
    expect(result(here, 'audit.reference')).toMatchObject({ outcome: 'fail', file: OTHER, line: 5 });
  });
});

describe('audit.independent', () => {
  it('an internal audit is a warning at baseline for a limited-risk model', async () => {
    const r = await run(good({ [AUDIT]: audit({ independent: false }) }));
    const c = result(r, 'audit.independent');
    expect(c).toMatchObject({ level: 'warn', outcome: 'warn', file: AUDIT, line: 4 });
    expect(c.message).toBe('no independent audit among AUD-1 (Northbridge Assurance LLP)');
    expect(r.verdict).toBe('pass');
  });
  it('risk tier overrides: a high-risk model needs an independent audit (error)', async () => {
    const cfg = config('checks:\n  audit.independent: warn\ntiers:\n  high: { audit.independent: error }\n');
    const high = await run({ ...good({ [CARD]: card({ tier: 'high' }), [AUDIT]: audit({ independent: false }) }), ...cfg });
    expect(result(high, 'audit.independent')).toMatchObject({ level: 'error', outcome: 'fail' });
    expect(high.models[0]?.riskTier).toBe('high');
    expect(high.verdict).toBe('fail');
    const limited = await run({ ...good({ [AUDIT]: audit({ independent: false }) }), ...cfg });
    expect(result(limited, 'audit.independent')).toMatchObject({ level: 'warn', outcome: 'warn' });
    expect(limited.verdict).toBe('pass');
  });
  it('passes with an independent audit among several', async () => {
    const r = await run(good({ [CARD]: card({ audits: [AUDIT, 'audits/b.yml'] }), 'audits/b.yml': audit({ id: 'AUD-2', independent: false }) }));
    expect(result(r, 'audit.independent')).toMatchObject({ outcome: 'pass', message: 'independent audit AUD-1 by Northbridge Assurance LLP' });
  });
});

describe('audit.fresh', () => {
  it('passes within max_age_days, counting days', async () => {
    const r = await run(good());
    // A pass names the record; lines are for failures (they cost a full YAML parse).
    expect(result(r, 'audit.fresh')).toMatchObject({ outcome: 'pass', message: 'newest audit AUD-1 is 88 days old (limit 365)', file: AUDIT });
    expect(result(r, 'audit.fresh')?.line).toBeUndefined();
  });
  it('fails when stale', async () => {
    const r = await run(good({ [AUDIT]: audit({ date: '2025-06-01' }) }));
    expect(result(r, 'audit.fresh')).toMatchObject({ level: 'error', outcome: 'fail', file: AUDIT, line: 5, message: 'newest audit AUD-1 is 545 days old (2025-06-01); the limit is 365 days' });
    expect(r.verdict).toBe('fail');
  });
  it('fails when dated in the future', async () => {
    const r = await run(good({ [AUDIT]: audit({ date: '2026-12-25' }) }));
    expect(result(r, 'audit.fresh')).toMatchObject({ outcome: 'fail', message: 'AUD-1 is dated 2026-12-25, in the future' });
  });
  it('uses the newest of several audits and the policy limit, tightened by tier', async () => {
    const files = good({ [CARD]: card({ audits: [AUDIT, 'audits/b.yml'], tier: 'high' }), 'audits/b.yml': audit({ id: 'AUD-2', date: '2026-11-01' }), [AUDIT]: audit({ date: '2025-01-01' }) });
    const r = await run({ ...files, ...config('tiers:\n  high: { audit.fresh: { max_age_days: 20 } }\n') });
    expect(result(r, 'audit.fresh')).toMatchObject({ outcome: 'fail', message: 'newest audit AUD-2 is 27 days old (2026-11-01); the limit is 20 days', file: 'audits/b.yml' });
  });
  it('fails when no covering audit has a date', async () => {
    const r = await run(good({ [AUDIT]: audit().replace('date: 2026-09-01\n', '') }));
    expect(result(r, 'audit.fresh')).toMatchObject({ outcome: 'fail', message: 'no covering audit has a date (AUD-1)' });
  });
});

describe('audit.findings', () => {
  const withFindings = (...f: string[]) => good({ [AUDIT]: audit({ findings: `findings:\n${f.join('\n')}` }) });

  it('an open finding at the blocking severity fails, with its line', async () => {
    const r = await run(withFindings(finding({ severity: 'high', status: 'open', due: '2027-06-01' })));
    const c = result(r, 'audit.findings');
    expect(c).toMatchObject({ level: 'error', outcome: 'fail', file: AUDIT, line: 9, message: 'AUD-1/F-1 "Finding F-1" is open with severity high' });
    expect(r.verdict).toBe('fail');
    expect(r.models[0]?.facts.findings).toEqual([{ audit: 'AUD-1', auditFile: AUDIT, id: 'F-1', title: 'Finding F-1', severity: 'high', status: 'open', due: '2027-06-01' }]);
  });
  it('critical blocks too; medium does not at baseline, but does with block_on: medium', async () => {
    expect(result(await run(withFindings(finding({ severity: 'critical', status: 'open' }))), 'audit.findings').outcome).toBe('fail');
    const medium = withFindings(finding({ severity: 'medium', status: 'open', due: '2027-01-01' }));
    expect(result(await run(medium), 'audit.findings')).toMatchObject({ outcome: 'pass', message: '1 open finding(s) below "high", none overdue' });
    const strictFindings = await run({ ...medium, ...config('checks:\n  audit.findings: { level: error, block_on: medium }\n') });
    expect(result(strictFindings, 'audit.findings')).toMatchObject({ outcome: 'fail', message: 'AUD-1/F-1 "Finding F-1" is open with severity medium' });
  });
  it('an overdue open finding fails whatever its severity', async () => {
    const r = await run(withFindings(finding({ severity: 'low', status: 'open', due: '2026-11-01' })));
    expect(result(r, 'audit.findings')).toMatchObject({ outcome: 'fail', message: 'AUD-1/F-1 "Finding F-1" (low) is open and was due 2026-11-01' });
    const dueToday = await run(withFindings(finding({ severity: 'low', status: 'open', due: TODAY })));
    expect(result(dueToday, 'audit.findings').outcome).toBe('pass');
  });
  it('an accepted finding (with accepted_by and reason) does not block', async () => {
    const accepted = finding({ severity: 'high', status: 'accepted', extra: '    accepted_by: "@acme/governance"\n    reason: "Agents confirm every suggestion."' });
    const r = await run(withFindings(accepted, finding({ id: 'F-2', severity: 'high', status: 'remediated' })));
    expect(result(r, 'audit.findings')).toMatchObject({ outcome: 'pass', message: 'no open findings' });
  });
  it('an accepted finding without accepted_by makes the record invalid, not a pass', async () => {
    const r = await run(withFindings(finding({ severity: 'high', status: 'accepted' })));
    expect(result(r, 'audit.reference').outcome).toBe('fail');
    expect(result(r, 'audit.reference').message).toMatch(/finding F-1 is accepted but has no `accepted_by` and `reason`/);
    expect(result(r, 'audit.findings').outcome).toBe('skipped');
    expect(r.verdict).toBe('fail');
  });
});

const CSV_HEADER = 'timestamp,project_name,run_id,duration,emissions,energy_consumed';
/** Two runs: A flushed twice (cumulative 0.5 then 1.2 kg), B once (0.3 kg): 1.5 kg in all. */
const EMISSIONS = [CSV_HEADER, '2026-08-01T00:00:00,p,run-a,100,0.5,1.0', '2026-08-01T01:00:00,p,run-a,200,1.2,2.5', '2026-08-02T00:00:00,p,run-b,50,0.3,0.6', ''].join('\n');

describe('carbon.estimate', () => {
  it('reads the card in grams and shows the original value', async () => {
    const c = result(await run(good()), 'carbon.estimate');
    expect(c).toMatchObject({ outcome: 'pass', message: '1.5 kg CO2eq (1500 g, model card)', file: CARD });
  });
  it('reads a CodeCarbon report in kg: the last row of each run, summed over runs', async () => {
    const r = await run(good({ [CARD]: card({ co2: null, carbonReport: 'emissions.csv' }), 'models/m/emissions.csv': EMISSIONS }));
    const c = result(r, 'carbon.estimate');
    expect(c).toMatchObject({ outcome: 'pass', message: '1.5 kg CO2eq (1.5 kg (2 runs), CodeCarbon)', file: 'models/m/emissions.csv' });
    expect(r.models[0]?.facts.carbon).toMatchObject({ kg: 1.5, kwh: 3.1, original: '1.5 kg (2 runs)', source: 'CodeCarbon' });
  });
  it('fails without an estimate', async () => {
    const r = await run(good({ [CARD]: card({ co2: null }) }));
    expect(result(r, 'carbon.estimate')).toMatchObject({ level: 'error', outcome: 'fail', message: `${CARD} has no carbon estimate (no co2_eq_emissions, no governance.carbon_report)` });
    expect(r.verdict).toBe('fail');
  });
  it('fails on a value that is not a positive number of grams', async () => {
    const r = await run(good({ [CARD]: card({ co2: '-5' }) }));
    expect(result(r, 'carbon.estimate')).toMatchObject({ outcome: 'fail', file: CARD, line: 5, message: 'co2_eq_emissions: co2_eq_emissions emissions must be a positive number of grams, not -5' });
  });
  it('refuses a carbon report path that leaves the repository, and a missing one', async () => {
    const out = await run(good({ [CARD]: card({ carbonReport: '../../../tmp/emissions.csv' }) }));
    expect(result(out, 'carbon.estimate').message).toBe('governance.carbon_report "../../../tmp/emissions.csv": path "../../../tmp/emissions.csv" leaves the repository');
    const missing = await run(good({ [CARD]: card({ carbonReport: 'emissions.csv' }) }));
    expect(result(missing, 'carbon.estimate')).toMatchObject({ outcome: 'fail', message: 'models/m/emissions.csv: models/m/emissions.csv does not exist' });
  });
  it('fails on a carbon report in a format no entry of the registry claims, naming the ones it reads', async () => {
    const r = await run(good({ [CARD]: card({ co2: null, carbonReport: 'emissions.txt' }), 'models/m/emissions.txt': EMISSIONS }));
    expect(result(r, 'carbon.estimate')).toMatchObject({ outcome: 'fail', file: 'models/m/emissions.txt' });
    expect(result(r, 'carbon.estimate').message).toMatch(/is not a format modelgate reads here; .*CodeCarbon emissions\.csv: \.csv; CycloneDX JSON .*: \.json/);
  });
});

describe('carbon.consistency', () => {
  const both = (co2: string) => good({ [CARD]: card({ co2, carbonReport: 'emissions.csv' }), 'models/m/emissions.csv': EMISSIONS });
  it('passes when card (g) and CodeCarbon (kg) agree after normalising units', async () => {
    const c = result(await run(both('1520')), 'carbon.consistency');
    expect(c.outcome).toBe('pass');
    expect(c.message).toMatch(/says 1\.52 kg \[1520 g; model card\] and .* says 1\.5 kg \[1\.5 kg \(2 runs\); CodeCarbon\]: they agree within 10 %/);
  });
  it('names a 1000x disagreement as a g/kg mix-up and blames the card', async () => {
    const r = await run(both('1.5'));
    const c = result(r, 'carbon.consistency');
    expect(c).toMatchObject({ level: 'warn', outcome: 'warn', file: CARD, line: 5 });
    expect(c.message).toMatch(/1000x apart, looks like a g\/kg mix-up; models\/m\/README.md is probably wrong: its value reads 1000x too small \(1.5 g, kilograms written into a grams field\?\)/);
    expect(c.hint).toBe('co2_eq_emissions is in grams; CodeCarbon writes kilograms.');
    const strict = await run({ ...both('1.5'), ...config('checks:\n  carbon.consistency: error\n') });
    expect(result(strict, 'carbon.consistency')).toMatchObject({ level: 'error', outcome: 'fail' });
    expect(strict.verdict).toBe('fail');
  });
  it('a plain disagreement is not called a mix-up', async () => {
    const c = result(await run(both('3000')), 'carbon.consistency');
    expect(c.outcome).toBe('warn');
    expect(c.message).toMatch(/they disagree, ratio 0\.5, beyond the 10 % tolerance/);
    expect(c.message).not.toMatch(/mix-up/);
  });
});

describe('carbon.budget', () => {
  it('passes within max_kg and fails above it', async () => {
    const within = await run({ ...good(), ...config('checks:\n  carbon.budget: { level: error, max_kg: 5 }\n') });
    expect(result(within, 'carbon.budget')).toMatchObject({ outcome: 'pass', message: '1.5 kg within the 5 kg budget' });
    const over = await run({ ...good(), ...config('checks:\n  carbon.budget: { level: error, max_kg: 1 }\n') });
    expect(result(over, 'carbon.budget')).toMatchObject({ level: 'error', outcome: 'fail', message: '1.5 kg CO2eq exceeds the 1 kg budget', file: CARD, line: 5 });
    expect(over.verdict).toBe('fail');
  });
  it('is an error when switched on without max_kg, or without an estimate', async () => {
    const noMax = await run({ ...good(), ...config('checks:\n  carbon.budget: error\n') });
    expect(result(noMax, 'carbon.budget')).toMatchObject({ outcome: 'error', message: 'carbon.budget is on but has no max_kg' });
    expect(noMax.verdict).toBe('fail');
    const noEstimate = await run({ ...good({ [CARD]: card({ co2: null }) }), ...config('checks:\n  carbon.budget: { level: error, max_kg: 5 }\n') });
    expect(result(noEstimate, 'carbon.budget').outcome).toBe('error');
  });
});

describe('waivers', () => {
  const waiverFile = (expires: string, granted = '2026-11-20', check = 'audit.reference') =>
    `waivers:\n  - model: models/m\n    check: ${check}\n    reason: evidence-pending\n    approver: "@acme/governance-lead"\n    granted: ${granted}\n    expires: ${expires}\n    note: "Audit under way"\n`;
  const noAudit = () => good({ [CARD]: card({ audits: null }), [AUDIT]: undefined });

  it('an active waiver turns the failure into "waived" and is listed', async () => {
    const r = await run({ ...noAudit(), '.github/modelgate-waivers.yml': waiverFile('2027-01-31') });
    const c = result(r, 'audit.reference');
    expect(c.outcome).toBe('waived');
    expect(c.waiver).toEqual({ reason: 'evidence-pending', approver: '@acme/governance-lead', expires: '2027-01-31', note: 'Audit under way', source: '.github/modelgate-waivers.yml:2' });
    expect(r.waivers).toEqual([
      { model: 'models/m', check: 'audit.reference', reason: 'evidence-pending', approver: '@acme/governance-lead', granted: '2026-11-20', expires: '2027-01-31', source: '.github/modelgate-waivers.yml:2', status: 'active', note: 'Audit under way' },
    ]);
    // audit.fresh still fails: a waiver covers one check of one model.
    expect(result(r, 'audit.fresh').outcome).toBe('fail');
    expect(r.summary.waived).toBe(1);
  });
  it('passes when every failure is waived', async () => {
    const waivers = `waivers:\n${['audit.reference', 'audit.fresh'].map((check) => `  - { model: models/m, check: ${check}, reason: accepted-risk, approver: "@lead", granted: 2026-11-20, expires: 2027-01-31 }`).join('\n')}\n`;
    const r = await run({ ...noAudit(), '.github/modelgate-waivers.yml': waivers });
    expect(outcomes(r)['audit.reference']).toBe('waived');
    expect(r.verdict).toBe('pass');
  });
  it('a model at the repository root is waived by "model: ."', async () => {
    const files: MemoryFiles = {
      'README.md': card({ audits: null }),
      'model.safetensors': 'weights',
      [SHEET]: datasheet(),
      [TRAIN_PATH]: TRAIN,
      '.github/modelgate-waivers.yml': waiverFile('2027-01-31').replace('model: models/m', 'model: .'),
    };
    const r = await run(files);
    expect(r.models.map((m) => [m.path, m.name])).toEqual([['', '.']]);
    expect(result(r, 'audit.reference', '').outcome).toBe('waived');
    expect(r.waivers[0]).toMatchObject({ model: '.', status: 'active' });
  });
  it('an expired waiver fails again and is listed as expired', async () => {
    const r = await run({ ...noAudit(), '.github/modelgate-waivers.yml': waiverFile('2026-11-27', '2026-10-01') });
    const c = result(r, 'audit.reference');
    expect(c.outcome).toBe('fail');
    expect(c.waiver).toBeUndefined();
    expect(r.waivers[0]).toMatchObject({ status: 'expired', expires: '2026-11-27' });
    expect(r.verdict).toBe('fail');
  });
  it('never waives an error (a check that could not run)', async () => {
    const r = await run({ ...good(), ...config('checks:\n  carbon.budget: error\n'), '.github/modelgate-waivers.yml': waiverFile('2027-01-31', '2026-11-20', 'carbon.budget') });
    expect(result(r, 'carbon.budget').outcome).toBe('error');
    expect(r.waivers[0]?.status).toBe('unused');
    expect(r.verdict).toBe('fail');
  });
  it('an invalid waivers file is a policy.valid error and fails the verdict', async () => {
    const r = await run({ ...noAudit(), '.github/modelgate-waivers.yml': waiverFile('2027-06-30') });
    expect(r.policy.errors).toHaveLength(1);
    expect(r.policy.errors[0]).toMatchObject({ id: 'policy.valid', level: 'error', outcome: 'error', file: '.github/modelgate-waivers.yml', line: 2 });
    expect(r.policy.errors[0]?.message).toMatch(/waivers\[0\]: expires is 222 days after granted; waivers last at most 90 days/);
    expect(result(r, 'audit.reference').outcome).toBe('fail');
    expect(r.verdict).toBe('fail');
    expect(r.summary.error).toBe(1);
  });
  it('a waivers file that is not YAML is a policy.valid error too', async () => {
    const r = await run({ ...good(), '.github/modelgate-waivers.yml': 'waivers: [\n' });
    expect(r.policy.errors[0]?.message).toMatch(/^\.github\/modelgate-waivers\.yml:\d+:\d+: YAML: /);
    expect(r.verdict).toBe('fail');
  });
});

describe('policy.valid', () => {
  it('an invalid config fails the verdict with the key named; checks still run with baseline', async () => {
    const r = await run({ ...good(), ...config('extends: baseline\nchecks:\n  card.presnt: error\n') });
    expect(r.policy.errors).toHaveLength(1);
    expect(r.policy.errors[0]).toMatchObject({ id: 'policy.valid', level: 'error', outcome: 'error', file: '.github/modelgate.yml', line: 3 });
    expect(r.policy.errors[0]?.message).toMatch(/unknown key checks\["card.presnt"\] \(did you mean "card.present"\?\)/);
    expect(r.policy.source).toMatch(/invalid; checks below use preset baseline/);
    expect(outcomes(r)['card.present']).toBe('pass');
    expect(r.models[0]?.outcome).toBe('pass');
    expect(r.verdict).toBe('fail');
  });
  it('a config that is not YAML is an error with line and column', async () => {
    const r = await run({ ...good(), ...config('checks: {card: off\n') });
    expect(r.policy.errors[0]?.message).toMatch(/^\.github\/modelgate\.yml:\d+:\d+: YAML: /);
    expect(r.verdict).toBe('fail');
  });
  it('a config with a wrong type cannot switch checks off', async () => {
    const r = await run({ ...good({ [CARD]: undefined }), ...config('checks:\n  card: nope\n') });
    expect(r.policy.errors[0]?.message).toMatch(/checks.card must be one of "error", "warn", "off"/);
    expect(result(r, 'card.present').outcome).toBe('fail');
    expect(r.verdict).toBe('fail');
  });
  it('an oversized or binary config is an error, not "no config"', async () => {
    const big = await run({ ...good(), ...config('#'.repeat(2 * 1024 * 1024)) });
    expect(big.policy.errors[0]?.message).toMatch(/over the 1048576-byte limit/);
    expect(big.verdict).toBe('fail');
    const bin = await run({ ...good(), '.github/modelgate.yml': new Uint8Array([0, 1, 2]) });
    expect(bin.policy.errors[0]?.message).toMatch(/binary content/);
    expect(bin.verdict).toBe('fail');
  });
});

describe('safety.bias and safety.redteam (every case in safety.test.ts)', () => {
  const evaluation = (kind: string, value: number) =>
    [`id: ${kind}-1`, `kind: ${kind}`, 'date: 2026-10-01', 'evaluator: { name: "Fairlane Labs", independent: true }', 'method: per-slice metrics', 'scope: [models/m]', `results:\n  - { metric: disparity, value: ${value}, max: 0.1 }`, ''].join('\n');
  it('pass for a high-risk model with records within thresholds, fail (as warnings at baseline) without', async () => {
    const high = { [CARD]: card({ tier: 'high' }) };
    const ok = await run(good({ ...high, 'safety/b.yml': evaluation('bias', 0.05), 'safety/r.yml': evaluation('red-team', 0.01) }));
    expect([result(ok, 'safety.bias').outcome, result(ok, 'safety.redteam').outcome]).toEqual(['pass', 'pass']);
    const bad = await run(good({ ...high, 'safety/b.yml': evaluation('bias', 0.2) }));
    expect(result(bad, 'safety.bias')).toMatchObject({ level: 'warn', outcome: 'warn', message: 'bias-1: disparity = 0.2, must be at most 0.1' });
    expect(result(bad, 'safety.redteam')).toMatchObject({ level: 'warn', outcome: 'warn', message: 'no red-team evaluation record covers this model' });
  });
});

describe('export.control (every case in exportControl.test.ts)', () => {
  it('passes a third-party model with a current review, fails one without', async () => {
    const vendor = '  vendor: { name: "Example AI Inc" }';
    const strict = config('extends: baseline\nchecks:\n  export.control: error\n');
    const ok = await run(good({ ...strict, [CARD]: card({ extra: `${vendor}\n  export_control: { classification: EAR99, jurisdictions: [US-EAR], reviewed: 2026-09-01 }` }) }));
    expect(result(ok, 'export.control').outcome).toBe('pass');
    const bad = await run(good({ ...strict, [CARD]: card({ extra: vendor }) }));
    expect(result(bad, 'export.control')).toMatchObject({ outcome: 'fail', message: 'third-party model from Example AI Inc has no governance.export_control' });
  });
});

describe('coverage of this file', () => {
  it('every model check was seen to pass and to fail (or warn / error)', () => {
    for (const def of MODEL_CHECKS) {
      const got = seen.get(def.id) ?? new Set();
      // A check reported only where it applies (model.entries: a link or submodule in the model) has no pass to see.
      if (!def.applies) expect(got.has('pass'), `${def.id} never passed here`).toBe(true);
      expect(['fail', 'warn', 'error'].some((o) => got.has(o as Outcome)), `${def.id} never failed here`).toBe(true);
    }
  });
});

afterAll(() => seen.clear());
