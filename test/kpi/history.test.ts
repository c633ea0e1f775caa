// Reading history without checkouts: the `git log --raw` parser, the `git cat-file --batch` reader,
// and the carbon trend over a generated repository of 2,000 commits.
import { afterAll, describe, expect, it } from 'vitest';
import { logPathChanges, parseRawLog, readBlobs } from '../../adapters/git/history.js';
import { carbonTrend } from '../../src/kpi/trend.js';
import { gitHistorySource } from '../../adapters/kpi/gitHistory.js';
import { card, cleanup, commit, git, tempDir, write } from './fixture.js';

afterAll(cleanup);

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);

describe('parseRawLog', () => {
  it('reads commits, changed paths and their new blobs; deletions and non-files have none', () => {
    const out = [
      `${'1'.repeat(40)} 1700000300\0`,
      `\n:100644 000000 ${A} ${Z} D\0m/e.csv\0`,
      `:100644 120000 ${A} ${B} T\0m/link.md\0`,
      `${'2'.repeat(40)} 1700000200\0`,
      `\n:100644 100644 ${A} ${B} M\0m/README.md\0:000000 100755 ${Z} ${A} A\0m/with space.csv\0`,
    ].join('');
    expect(parseRawLog(out)).toEqual([
      { sha: '1'.repeat(40), time: 1700000300, changes: [{ path: 'm/e.csv', blob: null }, { path: 'm/link.md', blob: null }] },
      { sha: '2'.repeat(40), time: 1700000200, changes: [{ path: 'm/README.md', blob: B }, { path: 'm/with space.csv', blob: A }] },
    ]);
    expect(parseRawLog('')).toEqual([]);
  });
});

describe('logPathChanges and readBlobs on a real repository', () => {
  it('lists only the commits that touch the paths, oldest first, and reads their blobs in one process', async () => {
    const d = tempDir();
    git(d, ['init', '-q', '-b', 'main']);
    write(d, 'a.md', 'one\n');
    write(d, 'other.txt', 'x\n');
    commit(d, '2026-01-01', '1');
    write(d, 'other.txt', 'y\n');
    commit(d, '2026-01-02', '2');
    const big = 'z'.repeat(300_000); // larger than one pipe chunk
    write(d, 'a.md', big);
    commit(d, '2026-01-03', '3');
    git(d, ['rm', '-q', 'a.md']);
    commit(d, '2026-01-04', '4');
    const commits = await logPathChanges(d, ['a.md', 'never-existed.md']);
    expect(commits.map((c) => [new Date(c.time * 1000).toISOString().slice(0, 10), c.changes.map((x) => x.blob === null)])).toEqual([
      ['2026-01-01', [false]],
      ['2026-01-03', [false]],
      ['2026-01-04', [true]],
    ]);
    const [first, second] = commits.map((c) => c.changes[0]?.blob ?? '');
    const blobs = await readBlobs(d, [first ?? '', second ?? '', 'f'.repeat(40), first ?? ''], 1_000_000);
    expect(blobs.get(first ?? '')).toEqual({ kind: 'ok', bytes: Buffer.from('one\n') });
    expect(blobs.get(second ?? '')).toEqual({ kind: 'ok', bytes: Buffer.from(big) });
    expect(blobs.get('f'.repeat(40))).toEqual({ kind: 'missing' });
    const capped = await readBlobs(d, [second ?? '', first ?? ''], 1000);
    expect(capped.get(second ?? '')).toEqual({ kind: 'too-large', size: 300_000 });
    expect(capped.get(first ?? '')?.kind).toBe('ok');
  });
});

/**
 * A repository of `commits` commits made with `git fast-import`: 20 models whose cards change their
 * co2_eq_emissions in turn, 5 of them with a CodeCarbon report that grows by a run now and then,
 * and every third commit touching only an unrelated file.
 */
function generateRepository(commits: number): { dir: string; expectedLastTotalKg: number; carbonChanges: number; evidenceCommits: number } {
  const dir = tempDir('modelgate-kpi-scale-');
  git(dir, ['init', '-q', '-b', 'main']);
  const models = 20;
  const grams = new Array<number>(models).fill(0);
  const runs = new Array<number>(models).fill(0);
  const chunks: string[] = [];
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let carbonChanges = 0;
  let evidenceCommits = 0;
  const t0 = Date.parse('2020-01-01T00:00:00Z') / 1000;
  for (let i = 0; i < commits; i++) {
    const m = i % models;
    const files: [string, string][] = [];
    if (i % 3 === 2) {
      files.push(['docs/CHANGELOG.md', `entry ${i}\n`]);
    } else if (m < 5 && i >= models && i % 2 === 0) {
      evidenceCommits++;
      carbonChanges++;
      runs[m] = (runs[m] ?? 0) + 1;
      const rows = Array.from({ length: runs[m] ?? 0 }, (_, r) => `2026-01-01T00:00:00,p,run-${r},${r + 1},${(r + 1) / 10},${r + 1}`);
      files.push([`models/m${m}/emissions.csv`, ['timestamp,project_name,run_id,duration,emissions,energy_consumed', ...rows].join('\n') + '\n']);
      if ((runs[m] ?? 0) === 1) files.push([`models/m${m}/README.md`, card({ license: 'mit', tier: 'minimal', co2: grams[m] ?? 0, carbonReport: 'emissions.csv' })]);
    } else {
      evidenceCommits++;
      carbonChanges++;
      grams[m] = 1000 + i;
      files.push([`models/m${m}/README.md`, card({ license: 'mit', tier: 'minimal', co2: grams[m] ?? 0, ...(m < 5 && (runs[m] ?? 0) > 0 ? { carbonReport: 'emissions.csv' } : {}) })]);
    }
    chunks.push(`commit refs/heads/main\ncommitter Test <test@example.com> ${t0 + i * 3600} +0000\n${data(`commit ${i}`)}`);
    for (const [path, text] of files) chunks.push(`M 100644 inline ${path}\n${data(text)}`);
  }
  git(dir, ['fast-import', '--quiet'], undefined, chunks.join(''));
  git(dir, ['checkout', '-q', '-f', 'main']);
  let total = 0;
  for (let m = 0; m < models; m++) {
    const r = runs[m] ?? 0;
    // CodeCarbon: each run is its own run_id, so the report total is the sum of (r+1)/10 kg.
    total += m < 5 && r > 0 ? Array.from({ length: r }, (_, k) => (k + 1) / 10).reduce((x, y) => x + y, 0) : (grams[m] ?? 0) / 1000;
  }
  return { dir, expectedLastTotalKg: Math.round(total * 1e6) / 1e6, carbonChanges, evidenceCommits };
}

describe('carbon trend on a 2,000-commit repository', () => {
  it('reads the history in a few seconds, with two git processes per pass and no checkout', async () => {
    const { dir, expectedLastTotalKg, carbonChanges, evidenceCommits } = generateRepository(2000);
    expect(git(dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('2000');
    const models = Array.from({ length: 20 }, (_, m) => ({ path: `models/m${m}`, card: `models/m${m}/README.md` }));
    const source = gitHistorySource(dir);
    let logs = 0;
    let reads = 0;
    const counted = { log: (p: string[]) => (logs++, source.log(p)), read: (o: string[]) => (reads++, source.read(o)) };
    const started = performance.now();
    const trend = await carbonTrend(counted, models, 'scale');
    const ms = performance.now() - started;
    console.log(`carbon trend over 2,000 commits: ${Math.round(ms)} ms, ${trend.commitsScanned} commits with evidence changes, ${trend.points.length} points, ${logs} git log + ${reads} git cat-file --batch`);
    expect(trend.commitsScanned).toBe(evidenceCommits);
    expect(trend.points).toHaveLength(carbonChanges);
    expect(trend.points.at(-1)?.totalKg).toBe(expectedLastTotalKg);
    expect(logs).toBe(2);
    expect(reads).toBe(2);
    expect(ms).toBeLessThan(20_000);
  });
});

describe('carbon trend: only the front matter decides', () => {
  const cardText = (frontMatter: string, body: string) => `---\n${frontMatter}\n---\n\n${body}\n`;
  const co2 = (g: number) => `co2_eq_emissions:\n  emissions: ${g}\n  source: CodeCarbon`;
  const versions = [
    cardText(co2(1000), '# v1'),
    cardText(co2(1000), '# v2, body only\n\n## Uses\n\nMore text.'),
    cardText(co2(2000), '# v3'),
    cardText(`${co2(2000)}\nlicense: [unclosed`, '# v4, front matter broken'),
    '# v5, no front matter at all\n',
    cardText(co2(1000), '# v6, an earlier front matter again, new body'),
  ];
  const blob = (i: number) => String(i).repeat(40).slice(0, 40);
  const source = {
    log: async () => versions.map((_, i) => ({ sha: blob(i), time: 1_700_000_000 + i * 86_400, changes: [{ path: 'm/README.md', blob: blob(i) }] })),
    read: async (oids: string[]) => new Map(oids.map((o) => [o, { kind: 'ok' as const, bytes: Buffer.from(versions[Number(o[0])] ?? '') }])),
  };

  it('gives a point per change of the figure: none for a body edit, none for a broken or missing front matter after one, and the same figure for a repeated front matter', async () => {
    const t = await carbonTrend(source, [{ path: 'm', card: 'm/README.md' }], 'acme/models');
    expect(t.points.map((p) => [p.commit, p.totalKg])).toEqual([
      [blob(0), 1],
      [blob(2), 2],
      [blob(3), 0],
      [blob(5), 1],
    ]);
    expect(t.final.get('m')).toBe(1);
  });
});
