// A small model repository built in a temp dir with real, dated git commits. The KPI tests work out
// every figure of its report by hand (see kpi.test.ts); the comments here say what each file is for.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { COMMIT_ALL, GIT_ENV, gitScript } from '../adapters/fixture.js';

export const AS_OF = '2026-11-28';

const made: string[] = [];

export function tempDir(prefix = 'modelgate-kpi-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

// The adapter fixture's environment keeps a heap pad: without it, history.test.ts's git fast-import of
// 2,000 commits took 20 s in tens of thousands of brk calls; with it, 0.6 s.
function env(date?: string): NodeJS.ProcessEnv {
  return date ? { ...GIT_ENV, GIT_AUTHOR_DATE: `${date}T12:00:00Z`, GIT_COMMITTER_DATE: `${date}T12:00:00Z` } : GIT_ENV;
}

/** No automatic maintenance: git would start it as a process after each commit. */
const GIT_OPTIONS = ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0'];

export function git(cwd: string, args: string[], date?: string, input?: string): string {
  return execFileSync('git', [...GIT_OPTIONS, ...args], { cwd, env: env(date), encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
}

export function write(root: string, path: string, content: string): void {
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Stages everything and commits on `date` (author and committer); returns the commit id. One process from the worker. */
export function commit(dir: string, date: string, message: string): string {
  return gitScript(dir, COMMIT_ALL, [message], { options: GIT_OPTIONS, env: env(date) }).trim();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const ONE_CSV = 'a,b\n1,2\n';
export const TWO_CSV = 'x,y\n3,4\n';

interface CardSpec {
  license: string;
  datasets?: string[];
  tier?: string;
  audits?: string[];
  co2?: number;
  carbonReport?: string;
  vendor?: string;
  contract?: string;
  exportReviewed?: string;
  owner?: string;
}

export function card(s: CardSpec): string {
  const lines = ['---', `license: ${s.license}`];
  if (s.datasets) lines.push('datasets:', ...s.datasets.map((d) => `  - ${d}`));
  if (s.co2 !== undefined) lines.push(`co2_eq_emissions: ${s.co2}`);
  lines.push('governance:', `  owner: "${s.owner ?? '@acme/ml'}"`);
  if (s.tier) lines.push(`  risk_tier: ${s.tier}`);
  if (s.audits) lines.push('  audits:', ...s.audits.map((a) => `    - ${a}`));
  if (s.carbonReport) lines.push(`  carbon_report: ${s.carbonReport}`);
  if (s.vendor) lines.push(`  vendor: { name: "${s.vendor}"${s.contract ? `, contract: "${s.contract}"` : ''} }`);
  if (s.exportReviewed) lines.push(`  export_control: { classification: EAR99, reviewed: ${s.exportReviewed} }`);
  lines.push('---', '', '# Model', '', 'A model used by the KPI tests.', '');
  return lines.join('\n');
}

const CSV_HEADER = 'timestamp,project_name,run_id,duration,emissions,energy_consumed';

export function emissions(runs: { id: string; kg: number; kwh: number }[]): string {
  return [CSV_HEADER, ...runs.map((r, i) => `2026-0${i + 1}-01T00:00:00,p,${r.id},${100 * (i + 1)},${r.kg},${r.kwh}`)].join('\n') + '\n';
}

function datasheet(id: string, file: string, sha: string, license: string): string {
  return `id: ${id}
name: ${id.replace('acme/', 'Dataset ')}
source: { url: "https://data.example/${id}", creator: "Acme" }
license: ${license}
collection: "Exported from the warehouse."
retention: { policy: "Deleted after 2 years", until: 2028-01-01 }
files:
  - { path: data/${file}, sha256: "${sha}" }
`;
}

function audit(id: string, auditor: string, independent: boolean, date: string, scope: string[], findings: string): string {
  return `id: ${id}
auditor: { name: "${auditor}", independent: ${independent} }
date: ${date}
standard: ISO/IEC 42001
scope: [${scope.join(', ')}]
report: { url: "https://audits.example/${id}.pdf", sha256: "${'ab'.repeat(32)}" }
findings:
${findings}`;
}

/**
 * The main fixture: five models (two high-risk, one limited, one minimal, one without a tier), three
 * datasets, three audits, two vendors, one waiver, and five commits that change carbon figures.
 */
export function buildFixture(): string {
  const dir = tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  write(dir, '.github/modelgate.yml', `extends: baseline
checks:
  card.sections: off
  datasets.provenance: off
  carbon.consistency: off
tiers:
  high:
    audit.fresh: { max_age_days: 180 }
    # The figures below predate the safety checks; safety evidence in the KPI report is tested apart.
    safety.bias: off
    safety.redteam: off
`);
  write(dir, '.github/modelgate-waivers.yml', `waivers:
  - model: models/gamma
    check: carbon.estimate
    reason: evidence-pending
    approver: "@acme/governance"
    granted: 2026-11-01
    expires: 2027-01-15
`);
  write(dir, 'datasets/ds-one/datasheet.yml', datasheet('acme/ds-one', 'one.csv', sha256(ONE_CSV), 'cc-by-4.0'));
  write(dir, 'datasets/ds-one/data/one.csv', ONE_CSV);
  // ds-two's hash is well-formed but wrong: a mismatch, so not verified.
  write(dir, 'datasets/ds-two/datasheet.yml', datasheet('acme/ds-two', 'two.csv', sha256('something else'), '"Acme internal data licence"'));
  write(dir, 'datasets/ds-two/data/two.csv', TWO_CSV);
  write(
    dir,
    'audits/a1.yml',
    audit('A1', 'Northbridge Assurance LLP', true, '2026-08-20', ['models/alpha'], `  - { id: F-1, title: "Bias in language slices", severity: high, status: open, due: 2026-11-18 }
  - { id: F-2, title: "Logging gap", severity: low, status: open, due: 2027-01-31 }
  - { id: F-3, title: "Redaction check missing", severity: medium, status: remediated }
`),
  );
  write(dir, 'audits/a2.yml', audit('A2', 'Second Look Audits', true, '2026-05-12', ['models/beta'], `  - { id: F-9, title: "No human oversight", severity: critical, status: open }
`));
  write(dir, 'audits/a3.yml', audit('A3', 'Acme Governance Office', false, '2026-10-29', ['models/beta', 'models/delta'], `  - { id: F-1, title: "Model inventory entry stale", severity: medium, status: open, due: 2026-10-29 }
`));
  writeCards(dir, { alphaCo2: 8000, betaCo2: 2000, deltaOwner: '@acme/ml' });
  commit(dir, '2026-01-10', 'models, datasets, audits');

  // Alpha gets a CodeCarbon report, which then wins over its card's figure.
  write(dir, 'models/alpha/emissions.csv', emissions([{ id: 'r1', kg: 10, kwh: 20 }]));
  writeCards(dir, { alphaCo2: 8000, betaCo2: 2000, deltaOwner: '@acme/ml', alphaReport: true });
  commit(dir, '2026-03-15', 'alpha: measured emissions');

  writeCards(dir, { alphaCo2: 8000, betaCo2: 3000, deltaOwner: '@acme/ml', alphaReport: true });
  commit(dir, '2026-05-20', 'beta: retrained');

  // Touches a card without changing any figure: scanned, but no trend point.
  writeCards(dir, { alphaCo2: 8000, betaCo2: 3000, deltaOwner: '@acme/partners', alphaReport: true });
  write(dir, 'NOTES.md', 'unrelated\n');
  commit(dir, '2026-06-01', 'delta: new owner');

  write(dir, 'NOTES.md', 'still unrelated\n');
  commit(dir, '2026-07-01', 'notes only');

  write(dir, 'models/alpha/emissions.csv', emissions([{ id: 'r1', kg: 10, kwh: 20 }, { id: 'r2', kg: 5, kwh: 10 }]));
  commit(dir, '2026-08-01', 'alpha: second training run');
  return dir;
}

function writeCards(dir: string, o: { alphaCo2: number; betaCo2: number; deltaOwner: string; alphaReport?: boolean }): void {
  write(dir, 'models/alpha/README.md', card({ license: 'apache-2.0', datasets: ['acme/ds-one'], tier: 'high', audits: ['audits/a1.yml'], co2: o.alphaCo2, ...(o.alphaReport ? { carbonReport: 'emissions.csv' } : {}) }));
  write(dir, 'models/beta/README.md', card({ license: 'mit', datasets: ['acme/ds-one', 'acme/ds-two'], tier: 'high', audits: ['audits/a2.yml', 'audits/a3.yml'], co2: o.betaCo2 }));
  write(dir, 'models/gamma/README.md', card({ license: 'llama3.1', datasets: ['acme/missing'], tier: 'limited', vendor: 'Example AI Inc', contract: 'MSA-1', exportReviewed: '2026-09-01' }));
  write(dir, 'models/delta/README.md', card({ license: 'cc-by-4.0', datasets: ['acme/ds-one'], tier: 'minimal', audits: ['audits/a3.yml'], co2: 500, vendor: 'Example AI Inc', owner: o.deltaOwner }));
  write(dir, 'models/epsilon/README.md', card({ license: 'mit OR apache-2.0', vendor: 'Other Vendor' }));
}

/** A second repository: one high-risk model without an audit, whose carbon changes twice. */
export function buildSecondFixture(): string {
  const dir = tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  write(dir, 'models/solo/README.md', card({ license: 'mit', tier: 'high', co2: 1000 }));
  commit(dir, '2026-02-01', 'solo');
  write(dir, 'models/solo/README.md', card({ license: 'mit', tier: 'high', co2: 2000 }));
  commit(dir, '2026-07-01', 'solo retrained');
  return dir;
}
