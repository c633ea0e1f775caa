// Reading history without checkouts: the `git log --raw` parser, the `git cat-file --batch` reader,
// and the carbon trend over a generated repository of 2,000 commits.
import { afterAll, describe, expect, it } from 'vitest';
import { logPathChanges, parseRawLog, readBlobs } from '../../adapters/git/history.js';
import { carbonTrend } from '../../src/kpi/trend.js';
import { cachedHistory, gitHistorySource, onlyPaths } from '../../adapters/kpi/gitHistory.js';
import { MAX_EVIDENCE_BYTES } from '../../src/index.js';
import { CardFactsReader } from '../../src/kpi/cardFacts.js';
import { workforceTrend } from '../../src/kpi/workforceTrend.js';
import type { HistorySource } from '../../src/kpi/trend.js';
import { card, cleanup, commit, emissions, git, tempDir, write } from './fixture.js';

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

describe('one cached history source for both trends', () => {
  /**
   * Two models whose cards give carbon (one through its emissions.csv) and workforce roles, the
   * workforce file, a side branch merged into main (the merge brings a card and a report change),
   * and a card path that becomes a directory for a while.
   */
  function repository(): string {
    const d = tempDir();
    git(d, ['init', '-q', '-b', 'main']);
    const cardText = (co2: number, fte: number, report = false) =>
      card({ license: 'mit', co2, ...(report ? { carbonReport: 'emissions.csv' } : {}) }).replace(
        'governance:\n',
        `governance:\n  workforce:\n    roles:\n      - { role: agent, fte: ${fte} }\n`,
      );
    write(d, 'models/a/README.md', cardText(1000, 1, true));
    write(d, 'models/a/emissions.csv', emissions([{ id: 'r1', kg: 3, kwh: 6 }]));
    write(d, 'models/b/README.md', cardText(2000, 2));
    commit(d, '2026-01-01', 'models');
    write(d, '.github/modelgate-workforce.yml', 'programmes:\n  - { name: P, headcount: 2, budget: { amount: 10, currency: EUR }, period: { start: 2026-01-01, end: 2026-12-31 }, roles: [agent] }\n');
    commit(d, '2026-02-01', 'workforce');
    git(d, ['checkout', '-q', '-b', 'side']);
    write(d, 'models/b/README.md', cardText(2500, 3));
    commit(d, '2026-03-01', 'side: b');
    write(d, 'models/a/emissions.csv', emissions([{ id: 'r1', kg: 3, kwh: 6 }, { id: 'r2', kg: 1, kwh: 2 }]));
    commit(d, '2026-03-02', 'side: a report');
    git(d, ['checkout', '-q', 'main']);
    write(d, 'models/a/README.md', cardText(1000, 4, true));
    commit(d, '2026-03-03', 'main: a');
    git(d, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], '2026-04-01');
    git(d, ['rm', '-q', 'models/b/README.md']);
    write(d, 'models/b/README.md/odd.md', 'a directory where a card was\n');
    commit(d, '2026-05-01', 'b: card becomes a directory');
    git(d, ['rm', '-q', '-r', 'models/b/README.md']);
    write(d, 'models/b/README.md', cardText(3000, 5));
    commit(d, '2026-06-01', 'b: card again');
    return d;
  }
  const models = [
    { path: 'models/a', card: 'models/a/README.md' },
    { path: 'models/b', card: 'models/b/README.md' },
  ];

  it('filters a log for fewer paths exactly as git lists them, merges and directories included', async () => {
    const d = repository();
    const all = ['models/a/README.md', 'models/b/README.md', 'models/a/emissions.csv', '.github/modelgate-workforce.yml'];
    const wide = await logPathChanges(d, all);
    expect(wide.some((c) => c.changes.some((ch) => ch.path === 'models/b/README.md/odd.md'))).toBe(true);
    for (const subset of [all.slice(0, 1), all.slice(1, 2), all.slice(0, 3), [all[3] ?? ''], ['models/b'], ['nowhere.md']]) {
      expect(onlyPaths(wide, subset)).toEqual(await logPathChanges(d, subset));
    }
  });

  it('serves the workforce and the carbon trend with two git log and two cat-file processes, and the same trends as separate sources', async () => {
    const d = repository();
    const calls = { log: 0, read: 0 };
    const inner: HistorySource = {
      log: (p) => (calls.log++, logPathChanges(d, p)),
      read: (o) => (calls.read++, readBlobs(d, o, MAX_EVIDENCE_BYTES)),
    };
    const shared = cachedHistory(inner);
    const cards = new CardFactsReader();
    const workforce = await workforceTrend(shared, models, 'acme/models', cards);
    const carbon = await carbonTrend(shared, models, 'acme/models', cards);
    expect(calls).toEqual({ log: 2, read: 2 });
    expect(workforce).toEqual(await workforceTrend(gitHistorySource(d), models, 'acme/models'));
    expect(carbon).toEqual(await carbonTrend(gitHistorySource(d), models, 'acme/models'));
    const plain: HistorySource = { log: (p) => logPathChanges(d, p), read: (o) => readBlobs(d, o, MAX_EVIDENCE_BYTES) };
    expect(workforce).toEqual(await workforceTrend(plain, models, 'acme/models'));
    expect(carbon).toEqual(await carbonTrend(plain, models, 'acme/models'));
    // The trends see the history: the merge's report and card changes, the directory in between.
    expect(carbon.points.map((p) => p.totalKg)).toEqual([5, 6.5, 4, 7]);
    expect(workforce.points.map((p) => [p.exposureFte, p.headcount])).toEqual([
      [3, 0],
      [3, 2],
      [6, 2],
      [7, 2],
      [4, 2],
      [9, 2],
    ]);
  });
});
