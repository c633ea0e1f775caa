// KPI report over a long history: `modelgate report --format json` on a repository of 10,000
// commits (built with one `git fast-import`) in which the carbon evidence of its models changes,
// beside the same report with --no-history. The output is checked: a trend with exactly the points
// the history implies, so the row cannot time a report that skipped the history.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AS_OF, generateModelRepo, modelCard, modelEmissionsCsv, modelName } from '../generate.js';
import { mb, median, ms, runCli, type BenchContext, type BenchRow, type CliRun, type Line } from '../lib.js';

export const COMMITS = 10_000;
/** Models 1-5 take their carbon figure from emissions.csv, models 6-10 from the card's co2_eq_emissions. */
const MODELS = 10;
const WITH_REPORT = 5;

interface History {
  /** Commits that change a card or a carbon report, the first one included. */
  evidenceCommits: number;
  /** Trend points the report must have: one per commit that changes some model's figure. */
  expectedPoints: number;
}

/**
 * Builds the history on top of the generator's first commit, in one fast-import stream:
 * - commit 2 drops carbon_report from the cards of models 6-10 (their card figure becomes theirs);
 * - then, in turn: retrain a model of 1-5 (new emissions.csv and the card's co2 to match), change
 *   the card co2 of a model of 6-10, and change something that is not evidence (config.json).
 * Every evidence commit gives a figure no earlier commit gave, so each is one trend point.
 */
export function buildHistory(dir: string): History {
  mkdirSync(dir, { recursive: true });
  generateModelRepo(dir, MODELS);
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: dir, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  const parent = git(['rev-parse', 'HEAD']).trim();
  const t0 = Math.floor(Date.parse('2024-01-01T00:00:00Z') / 1000);
  const out: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let mark = 0;
  const commit = (k: number, message: string, files: Record<string, string>) => {
    mark++;
    out.push(`commit refs/heads/main\nmark :${mark}\ncommitter modelgate-bench <bench@example.invalid> ${t0 + k * 3600} +0000\n${data(message)}`);
    out.push(mark === 1 ? `from ${parent}\n` : `from :${mark - 1}\n`);
    for (const [path, content] of Object.entries(files)) out.push(`M 100644 inline ${path}\n${data(content)}`);
    out.push('\n');
  };
  const cardOf = (i: number) => `models/${modelName(i)}/README.md`;
  let evidence = 2;
  let points = 2;
  const cardOnly: Record<string, string> = {};
  for (let i = WITH_REPORT + 1; i <= MODELS; i++) cardOnly[cardOf(i)] = modelCard(i, 5000 + i, { carbonReport: false });
  commit(2, 'models 6-10: carbon from the card', cardOnly);
  for (let k = 3; k <= COMMITS; k++) {
    const kind = k % 3;
    if (kind === 1) {
      const i = 1 + (k % WITH_REPORT);
      const kg = 2 + k / 1000;
      commit(k, `retrain ${modelName(i)}`, { [`models/${modelName(i)}/emissions.csv`]: modelEmissionsCsv(i, kg), [cardOf(i)]: modelCard(i, Math.round(kg * 1000)) });
    } else if (kind === 2) {
      const i = WITH_REPORT + 1 + (k % (MODELS - WITH_REPORT));
      commit(k, `${modelName(i)}: new carbon estimate`, { [cardOf(i)]: modelCard(i, 10_000 + k, { carbonReport: false }) });
    } else {
      const i = 1 + (k % MODELS);
      commit(k, `${modelName(i)}: config`, { [`models/${modelName(i)}/config.json`]: `${JSON.stringify({ name: modelName(i), revision: k })}\n` });
      continue;
    }
    evidence++;
    points++;
  }
  git(['fast-import', '--quiet'], out.join(''));
  git(['reset', '-q', '--hard', 'main']);
  const count = Number(git(['rev-list', '--count', 'HEAD']).trim());
  if (count !== COMMITS) throw new Error(`the history has ${count} commits, expected ${COMMITS}`);
  return { evidenceCommits: evidence, expectedPoints: points };
}

interface Trend {
  status: string;
  commitsScanned: number;
  points: unknown[];
}

export const reportHistoryRow: BenchRow = {
  id: 'report-history',
  title: 'KPI report over the git history',
  async run(ctx: BenchContext): Promise<Line[]> {
    const dir = join(ctx.tmp, 'history-repo');
    const t0 = performance.now();
    const history = buildHistory(dir);
    ctx.log(`  built ${COMMITS} commits (${history.evidenceCommits} change evidence) in ${ms(performance.now() - t0)}`);
    const out = join(ctx.tmp, 'history-kpi.json');
    const measure = async (label: string, extra: string[]): Promise<{ runs: CliRun[]; trend: Trend }> => {
      const args = ['report', dir, '--format', 'json', '--output', out, '--as-of', AS_OF, ...extra];
      const runs: CliRun[] = [];
      for (let i = 0; i <= ctx.runs; i++) {
        const r = await runCli(args, ctx.tmp);
        if (r.exitCode !== 0) throw new Error(`${label}: modelgate report exited ${r.exitCode}: ${r.stderr.slice(-1000)}`);
        if (i > 0) runs.push(r); // the first is the warm-up
      }
      ctx.log(`  ${label}: wall ${runs.map((r) => ms(r.wallMs)).join(', ')}`);
      const kpi = JSON.parse(readFileSync(out, 'utf8')) as { carbon: { trend: Trend } };
      return { runs, trend: kpi.carbon.trend };
    };
    const withHistory = await measure('with history', []);
    const t = withHistory.trend;
    if (t.status !== 'ok' || t.points.length !== history.expectedPoints || t.commitsScanned !== history.evidenceCommits) {
      throw new Error(
        `the carbon trend is ${t.status} with ${t.points.length} points over ${t.commitsScanned} commits; expected ok, ${history.expectedPoints} points over ${history.evidenceCommits} commits`,
      );
    }
    const without = await measure('--no-history', ['--no-history']);
    if (without.trend.status === 'ok') throw new Error('--no-history still produced a trend');

    const wall = median(withHistory.runs.map((r) => r.wallMs));
    const base = median(without.runs.map((r) => r.wallMs));
    const rss = (runs: CliRun[]) => mb(Math.max(...runs.map((r) => r.maxRssKb)));
    // CPU time (git's processes included) says more than wall time on a shared machine.
    const cpu = (runs: CliRun[]) => (runs.every((r) => r.cpuMs !== undefined) ? `; CPU ${ms(median(runs.map((r) => r.cpuMs ?? 0)))}` : '');
    const n = (x: number) => x.toLocaleString('en-US');
    return [
      {
        benchmark: 'report',
        case: `carbon trend over ${n(COMMITS)} commits (${MODELS} models; ${n(history.evidenceCommits)} commits change evidence)`,
        wall: ms(wall),
        perUnit: `${n(Math.round(COMMITS / (wall / 1000)))} commits/s; history ${ms(wall - base)} of it (${n(Math.round(COMMITS / ((wall - base) / 1000)))} commits/s)${cpu(withHistory.runs)}`,
        peakRss: rss(withHistory.runs),
        target: '< 5 s',
        status: wall < 5000,
        note: `checked: trend of ${n(t.points.length)} points over ${n(t.commitsScanned)} commits scanned, as built`,
      },
      {
        benchmark: 'report',
        case: 'same repository, --no-history',
        wall: ms(base),
        perUnit: `in main() ${ms(median(without.runs.map((r) => r.mainMs)))}${cpu(without.runs)}`,
        peakRss: rss(without.runs),
      },
    ];
  },
};
