// `npm run bench`: generates synthetic repositories in a temporary directory, runs every row of the
// registry below, and prints one table (Markdown, ready for docs/benchmarks.md). Not part of
// `npm test`. Options: --only id[,id…] to run some rows, --runs N timed runs per measurement
// (default 5; the median is reported), --list to list the rows.
//
// A row is a BenchRow (bench/lib.ts): an id, a title, an optional skipReason() naming a missing
// prerequisite, and run() returning table lines. Add one by writing it under bench/rows/ and listing
// it in `rows`.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { machine, ms, PROBE, type BenchContext, type BenchRow, type Line } from './lib.js';
import { scalingRow } from './rows/scaling.js';
import { hashingRow } from './rows/hashing.js';
import { reportHistoryRow } from './rows/reportHistory.js';
import { actionStartRow } from './rows/actionStart.js';
import { apiRequestsRow } from './rows/apiRequests.js';

export const rows: BenchRow[] = [scalingRow, hashingRow, reportHistoryRow, actionStartRow, apiRequestsRow];

function renderTable(lines: Line[]): string {
  const header = ['benchmark', 'case', 'wall (median)', 'per unit', 'peak RSS', 'target', 'result'];
  const status = (l: Line): string => {
    if (l.status === 'skipped') return `skipped: ${l.note ?? ''}`.trim();
    const base = l.status === true ? 'met' : l.status === false ? '**missed**' : '';
    return l.note ? `${base}${base ? '; ' : ''}${l.note}` : base;
  };
  const body = lines.map((l) => [l.benchmark, l.case, l.wall ?? '', l.perUnit ?? '', l.peakRss ?? '', l.target ?? '', status(l)]);
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [header, header.map(() => '---'), ...body].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      runs: { type: 'string', default: '5' },
      list: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    for (const r of rows) process.stdout.write(`${r.id.padEnd(16)} ${r.title}${r.skipReason?.() ? ` (skipped: ${r.skipReason()})` : ''}\n`);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error(`--runs must be an integer from 1 to 50, not ${values.runs}`);
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;
  for (const id of only ?? []) if (!rows.some((r) => r.id === id)) throw new Error(`no row "${id}"; rows: ${rows.map((r) => r.id).join(', ')}`);
  if (!existsSync(PROBE)) throw new Error(`${PROBE} is missing: run \`npm run compile\` first (npm run bench does)`);

  const tmp = mkdtempSync(join(tmpdir(), 'modelgate-bench-'));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const log = (msg: string) => process.stderr.write(`${msg}\n`);
  const ctx: BenchContext = { tmp, runs, log };
  const m = machine();
  const load0 = loadavg();
  const started = performance.now();
  const lines: Line[] = [];
  let failed = false;
  try {
    for (const row of rows) {
      if (only && !only.has(row.id)) continue;
      const skip = row.skipReason?.();
      if (skip) {
        log(`${row.id}: skipped: ${skip}`);
        lines.push({ benchmark: row.id, case: row.title, status: 'skipped', note: skip });
        continue;
      }
      log(`${row.id}: ${row.title}`);
      const t0 = performance.now();
      try {
        lines.push(...(await row.run(ctx)));
      } catch (err) {
        failed = true;
        const msg = err instanceof Error ? err.message : String(err);
        log(`${row.id}: FAILED: ${msg}`);
        lines.push({ benchmark: row.id, case: row.title, status: false, note: `error: ${msg.split('\n')[0]}` });
      }
      log(`${row.id}: done in ${ms(performance.now() - t0)}`);
    }
  } finally {
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const load1 = loadavg();
  const out = [
    `modelgate benchmarks, ${new Date().toISOString()}`,
    '',
    `- machine: ${m.nproc} CPUs (${m.cpu}), ${m.memory}`,
    `- ${m.os}; node ${m.node}`,
    // The benchmark itself keeps about one CPU busy, which the load after includes.
    `- load average (1 min) before/after: ${load0[0]?.toFixed(2)} / ${load1[0]?.toFixed(2)}${
      (load0[0] ?? 0) > m.nproc / 2 || (load1[0] ?? 0) > m.nproc / 2 + 1 ? ' (WARNING: other work was running on the machine; wall times are pessimistic)' : ''
    }`,
    `- ${runs} timed run(s) per measurement after one warm-up, median shown (hashing: ${Math.min(runs, 3)}); peak RSS from ${m.peakRssFrom}`,
    `- total time ${ms(performance.now() - started)}`,
    '',
    renderTable(lines),
    '',
  ].join('\n');
  process.stdout.write(out);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
