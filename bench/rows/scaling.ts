// Evaluation scaling: `modelgate check --all` on repositories of 10, 100 and 1,000 models, and
// `check --base` (git objects, as the Action reads them) on the 1,000-model one and on an empty one
// (the fixed cost a pull request's evaluation is held to). CPU time (user + system, child processes
// included) beside wall time: on a shared machine it varies far less than wall time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AS_OF, cardPath, commitTouch, generateModelRepo, headOf } from '../generate.js';
import { mb, median, ms, ROOT, runCli, timeCommand, type BenchContext, type BenchRow, type CliRun, type Line } from '../lib.js';

export const SIZES = [10, 100, 1000] as const;
/** Targets from issue 6 (per-model ratio) and issue 14 (1,000 models; a one-model change against an empty repository). */
const TARGET_1000_MS = 1500;
const TARGET_RATIO = 1.2;
const TARGET_DIFF_RATIO = 1.25;
/** The model whose card the pull-request cases change. */
const CHANGED_MODEL = 500;

interface Measured {
  wallMs: number;
  mainMs: number;
  /** User + system CPU time of the process and its children (git), when GNU time reports it. */
  cpuMs: number | undefined;
  rssKb: number;
}

/** CPU time from `/usr/bin/time -v` output, in ms. */
function cpuOf(r: CliRun): number | undefined {
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1];
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1];
  return user === undefined || sys === undefined ? undefined : (Number(user) + Number(sys)) * 1000;
}

const cpu = (m: Measured): string => (m.cpuMs === undefined ? '' : `CPU ${ms(m.cpuMs)}; `);

/** One warm-up run (which must exit 0: every synthetic model passes), then `runs` timed runs. */
async function measure(ctx: BenchContext, label: string, args: string[], runs: number): Promise<Measured> {
  const first = await runCli(args, ctx.tmp);
  if (first.exitCode !== 0) throw new Error(`${label}: exited ${first.exitCode}, expected 0 (every synthetic model passes): ${first.stderr.slice(-1000)}`);
  const timed: CliRun[] = [];
  for (let i = 0; i < runs; i++) timed.push(await runCli(args, ctx.tmp));
  ctx.log(`  ${label}: wall ${timed.map((r) => ms(r.wallMs)).join(', ')}; in main() ${timed.map((r) => ms(r.mainMs)).join(', ')}`);
  const cpus = timed.map(cpuOf);
  ctx.log(`  ${label}: CPU ${cpus.map((c) => (c === undefined ? '?' : ms(c))).join(', ')}`);
  return {
    wallMs: median(timed.map((r) => r.wallMs)),
    mainMs: median(timed.map((r) => r.mainMs)),
    cpuMs: cpus.every((c) => c !== undefined) ? median(cpus as number[]) : undefined,
    rssKb: Math.max(...timed.map((r) => r.maxRssKb)),
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Two bounds under the `--all` target, measured rather than argued: the 1,000 models judged as two
 * processes of 500 at once (what whole evaluations on both cores could give at most: no merging,
 * no shared start-up), and the repository's YAML texts alone through the one parser, in a fresh
 * process (yamlFloor.ts).
 */
async function bothCores(ctx: BenchContext, big: string): Promise<Line[]> {
  const halves = [1, 501].map((first) => {
    const dir = join(ctx.tmp, `models-500-from-${first}`);
    mkdirSync(dir, { recursive: true });
    generateModelRepo(dir, 500, { first });
    return dir;
  });
  const check = (dir: string) => ['check', dir, '--all', '--as-of', AS_OF];
  await Promise.all(halves.map((dir) => runCli(check(dir), ctx.tmp, 'half')));
  const together: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const t0 = performance.now();
    const runs = await Promise.all(halves.map((dir) => runCli(check(dir), ctx.tmp, 'half')));
    if (runs.some((r) => r.exitCode !== 0)) throw new Error(`--all on 500 models exited ${runs.map((r) => r.exitCode).join(', ')}, expected 0`);
    together.push(performance.now() - t0);
  }
  ctx.log(`  --all, two processes of 500 models at once: wall ${together.map(ms).join(', ')}`);
  const floor = join(ROOT, 'build', 'bench', 'yamlFloor.js');
  const parses: { texts: number; parsed: number; wallMs: number; cpuMs: number }[] = [];
  for (let i = 0; i < ctx.runs; i++) parses.push(JSON.parse((await timeCommand(process.execPath, [floor, big])).stdout) as (typeof parses)[number]);
  const texts = parses[0]?.texts ?? 0;
  if (parses.some((p) => p.parsed !== texts)) throw new Error('yamlFloor: a synthetic YAML text did not parse');
  ctx.log(`  YAML alone, ${count(texts)} texts: wall ${parses.map((p) => ms(p.wallMs)).join(', ')}; CPU ${parses.map((p) => ms(p.cpuMs)).join(', ')}`);
  return [
    {
      benchmark: 'check --all',
      case: '1,000 models as two processes of 500 at once',
      wall: ms(median(together)),
      note: 'the most whole evaluations on both cores could give (no merging, no shared start-up): one process already keeps both cores busy (TurboFan and the garbage collector run on the second)',
    },
    {
      benchmark: 'check --all',
      case: `the ${count(texts)} YAML texts of the 1,000 models alone (cards' front matter, datasheets, audit records)`,
      wall: ms(median(parses.map((p) => p.wallMs))),
      perUnit: `CPU ${ms(median(parses.map((p) => p.cpuMs)))}; ${ms(median(parses.map((p) => p.wallMs)) / Math.max(texts, 1))}/text`,
      note: 'the one YAML parser (`yaml`) in a fresh process, as a run starts, and nothing else: the floor it sets under the 1.5 s target',
    },
  ];
}

export const scalingRow: BenchRow = {
  id: 'scaling',
  title: 'Evaluation scaling: modelgate check',
  async run(ctx: BenchContext): Promise<Line[]> {
    const lines: Line[] = [];
    const all = new Map<number, Measured>();
    const repos = new Map<number, string>();
    for (const n of [0, ...SIZES]) {
      const dir = join(ctx.tmp, `models-${n}`);
      mkdirSync(dir, { recursive: true });
      const files = generateModelRepo(dir, n);
      repos.set(n, dir);
      const m = await measure(ctx, `--all, ${n} models (${files} files)`, ['check', dir, '--all', '--as-of', AS_OF], ctx.runs);
      all.set(n, m);
      const line: Line =
        n === 0
          ? { benchmark: 'check --all', case: '0 models (fixed cost: start-up, policy)', wall: ms(m.wallMs), perUnit: `${cpu(m)}in main() ${ms(m.mainMs)}`, peakRss: mb(m.rssKb) }
          : { benchmark: 'check --all', case: `${count(n)} models (${count(files)} files)`, wall: ms(m.wallMs), perUnit: `${cpu(m)}${ms(m.wallMs / n)}/model`, peakRss: mb(m.rssKb) };
      if (n === 1000) {
        line.target = `< ${ms(TARGET_1000_MS)} on 2 cores`;
        line.status = m.wallMs < TARGET_1000_MS;
      }
      lines.push(line);
    }
    lines.push(...(await bothCores(ctx, repos.get(1000) as string)));
    const fixed = all.get(0) as Measured;
    const perModel = (n: number) => (all.get(n) as Measured).wallMs / n;
    const ratio = perModel(1000) / perModel(10);
    lines.push({
      benchmark: 'check --all',
      case: 'time per model, 1,000 vs 10',
      perUnit: `${ms(perModel(1000))} / ${ms(perModel(10))} = ${ratio.toFixed(2)}`,
      target: `< ${TARGET_RATIO}`,
      status: ratio < TARGET_RATIO,
      note: 'wall / models, as the issue defines it: the fixed cost is spread over 100 times more models at 1,000',
    });
    const marginal = (n: number) => ((all.get(n) as Measured).wallMs - fixed.wallMs) / n;
    lines.push({
      benchmark: 'check --all',
      case: 'marginal time per model, 1,000 vs 100',
      perUnit: `${ms(marginal(1000))} / ${ms(marginal(100))} = ${(marginal(1000) / marginal(100)).toFixed(2)}`,
      note: '(wall − fixed cost) / models: linear when near 1; 100, not 10, because 10 models are within the noise of the fixed cost',
    });

    // Pull requests read from git objects (as the Action does): on the empty repository (one file
    // outside any model changed: the fixed cost of diff mode), then on the 1,000-model one.
    const prRuns = Math.min(ctx.runs, 3);
    const empty = repos.get(0) as string;
    writeFileSync(join(empty, 'NOTES.md'), 'notes\n');
    execFileSync('git', ['-c', 'user.name=modelgate-bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', 'add', 'NOTES.md'], { cwd: empty });
    const emptyBase = commitTouch(empty, ['NOTES.md'], 'add notes');
    const emptyHead = commitTouch(empty, ['NOTES.md'], 'change notes');
    const fixedDiff = await measure(ctx, '--base, 0 models', ['check', empty, '--base', emptyBase, '--head', emptyHead, '--as-of', AS_OF], prRuns);
    lines.push({ benchmark: 'check --base', case: '0 models, 1 file changed (fixed cost of diff mode)', wall: ms(fixedDiff.wallMs), perUnit: `${cpu(fixedDiff)}in main() ${ms(fixedDiff.mainMs)}`, peakRss: mb(fixedDiff.rssKb) });

    // The same change (model 500's card) on a repository that holds model 500 alone: what judging
    // that one model costs. What the 1,000-model repository costs over it is the part that grows
    // with the repository, which a change to one model should not pay.
    const alone = join(ctx.tmp, 'model-500-alone');
    mkdirSync(alone, { recursive: true });
    generateModelRepo(alone, 1, { first: CHANGED_MODEL });
    const aloneBase = headOf(alone);
    const aloneHead = commitTouch(alone, [cardPath(CHANGED_MODEL)], 'change the model card');
    const oneAlone = await measure(ctx, '--base, 1 of 1 model changed', ['check', alone, '--base', aloneBase, '--head', aloneHead, '--as-of', AS_OF], prRuns);
    lines.push({ benchmark: 'check --base', case: '1 of 1 model changed (the same model, alone in its repository)', wall: ms(oneAlone.wallMs), perUnit: `${cpu(oneAlone)}in main() ${ms(oneAlone.mainMs)}`, peakRss: mb(oneAlone.rssKb) });

    const big = repos.get(1000) as string;
    const base = headOf(big);
    const one = commitTouch(big, [cardPath(CHANGED_MODEL)], 'change one model card');
    const every = commitTouch(big, Array.from({ length: 1000 }, (_, i) => cardPath(i + 1)), 'change every model card');
    for (const [label, head, n] of [
      ['1 of 1,000 models changed', one, 1],
      ['all 1,000 models changed', every, 1000],
    ] as const) {
      const m = await measure(ctx, `--base, ${label}`, ['check', big, '--base', head === one ? base : one, '--head', head, '--as-of', AS_OF], prRuns);
      lines.push({ benchmark: 'check --base', case: `${label} (git objects)`, wall: ms(m.wallMs), perUnit: `${cpu(m)}${n > 1 ? `${ms(m.wallMs / n)}/model` : `in main() ${ms(m.mainMs)}`}`, peakRss: mb(m.rssKb) });
      if (n === 1) {
        // CPU time when GNU time gives it (steadier on a shared machine), else wall time.
        const [a, b, what] = m.cpuMs !== undefined && fixedDiff.cpuMs !== undefined ? [m.cpuMs, fixedDiff.cpuMs, 'CPU'] : [m.wallMs, fixedDiff.wallMs, 'wall'];
        lines.push({
          benchmark: 'check --base',
          case: '1 of 1,000 models changed vs 0 models',
          perUnit: `${what} ${ms(a)} / ${ms(b)} = ${(a / b).toFixed(2)}`,
          target: `≤ ${TARGET_DIFF_RATIO}`,
          status: a / b <= TARGET_DIFF_RATIO,
          note: 'diff mode proportional to the change: what one model costs over the fixed cost',
        });
        const [c, d, unit] = m.cpuMs !== undefined && oneAlone.cpuMs !== undefined ? [m.cpuMs, oneAlone.cpuMs, 'CPU'] : [m.wallMs, oneAlone.wallMs, 'wall'];
        lines.push({
          benchmark: 'check --base',
          case: '1 of 1,000 models changed vs the same model alone',
          perUnit: `${unit} ${ms(c)} / ${ms(d)} = ${(c / d).toFixed(2)}`,
          note: 'what the 999 unchanged models add to a change to one: the share of the cost that grows with the repository',
        });
        // A sound search for what may cover the changed model (an audit record naming it, a manifest
        // naming its datasets) reads every record and manifest: here the reading alone, by git.
        const search = ['grep', '-l', '-e', '.', base, '--', ':(glob)audits/*.yml', ':(glob)datasets/*/datasheet.yml', ':(glob)datasets/*/*.croissant.json'];
        const reads: number[] = [];
        let blobs = 0;
        for (let i = 0; i < prRuns; i++) {
          const r = await timeCommand('git', search, { cwd: big });
          blobs = r.stdout.split('\n').filter(Boolean).length;
          reads.push(r.cpuMs ?? NaN);
        }
        ctx.log(`  git reading every manifest and audit record (${blobs} blobs): CPU ${reads.map(ms).join(', ')}`);
        lines.push({
          benchmark: 'check --base',
          case: `git reading every manifest and audit record of the 1,000 models (${count(blobs)} blobs) once`,
          perUnit: `CPU ${ms(median(reads))} (${(median(reads) / b).toFixed(2)} × the fixed cost)`,
          note: 'what a sound search for the records and manifests that may name the changed model reads, with no index kept between runs: a floor under the ratio above',
        });
      }
    }
    return lines;
  },
};
