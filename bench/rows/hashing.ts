// Hashing: `modelgate check --all` verifying the sha256 of big dataset files (whole process, start-up
// included), beside `openssl dgst -sha256` (the reference: it uses the CPU's SHA extensions, one
// stream), node's bare hash loop (bench/hashLoop.ts) and `sha256sum` (Debian's coreutils does not
// use the SHA extensions, so it is shown, not compared), on one 2 GiB file and on 2 GiB in 32 files.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AS_OF, generateHashRepo, writeBigFiles } from '../generate.js';
import { mb, median, ms, ROOT, runCli, throughput, timeCommand, type BenchContext, type BenchRow, type Line } from '../lib.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TARGET_RSS_BYTES = 150e6;
const OPENSSL = '/usr/bin/openssl';
const SHA256SUM = '/usr/bin/sha256sum';
const HASH_LOOP = join(ROOT, 'build', 'bench', 'hashLoop.js');
const MANY = 32;

interface Case {
  label: string;
  /** Indexes into the written files. */
  files: number[];
  /** modelgate's throughput over openssl's, at least. */
  ratio: number;
  why: string;
}

interface Sample {
  wallMs: number;
  cpuMs?: number;
  rssKb?: number;
}

export const hashingRow: BenchRow = {
  id: 'hashing',
  title: 'Hashing: datasets.hashes on big files vs openssl, node and sha256sum',
  skipReason: () => (existsSync(OPENSSL) ? undefined : `${OPENSSL} is missing: the reference to compare with`),
  async run(ctx: BenchContext): Promise<Line[]> {
    const runs = Math.min(ctx.runs, 3);
    const dataDir = join(ctx.tmp, 'big-files');
    const sizes = [2 * GiB, ...Array.from({ length: MANY }, () => (2 * GiB) / MANY)];
    const cases: Case[] = [
      { label: 'one 2 GiB file', files: [0], ratio: 0.9, why: 'one stream: start-up is the only overhead allowed' },
      { label: `2 GiB in ${MANY} files of 64 MiB`, files: sizes.slice(1).map((_, i) => i + 1), ratio: 1.6, why: 'both cores against one openssl stream' },
    ];
    try {
      ctx.log(`  writing ${(sizes.reduce((a, b) => a + b, 0) / GiB).toFixed(2)} GiB of files…`);
      const written = await writeBigFiles(dataDir, sizes);
      const lines: Line[] = [];
      for (const [k, c] of cases.entries()) {
        const files = c.files.map((i) => written[i] as (typeof written)[number]);
        const bytes = files.reduce((a, f) => a + f.size, 0);
        const repo = join(ctx.tmp, `hash-repo-${k}`);
        mkdirSync(repo, { recursive: true });
        generateHashRepo(repo, files);
        const paths = files.map((f) => f.abs);
        const tools: { key: string; run: () => Promise<Sample> }[] = [
          {
            key: 'modelgate',
            run: async () => {
              const r = await runCli(['check', repo, '--all', '--as-of', AS_OF], ctx.tmp);
              if (r.exitCode !== 0) throw new Error(`check on ${c.label} exited ${r.exitCode}, expected 0 (every hash matches): ${r.stderr.slice(-1000)}`);
              return { wallMs: r.wallMs, rssKb: r.maxRssKb, ...(r.cpuMs !== undefined ? { cpuMs: r.cpuMs } : {}) };
            },
          },
          { key: 'openssl', run: () => sample(OPENSSL, ['dgst', '-sha256', ...paths]) },
          { key: 'node', run: () => sample(process.execPath, [HASH_LOOP, ...paths]) },
          ...(existsSync(SHA256SUM) ? [{ key: 'sha256sum', run: () => sample(SHA256SUM, paths) }] : []),
        ];
        // One untimed run of each warms the page cache; then the tools take turns, so a burst of
        // other work on the machine does not land on one tool only.
        for (const t of tools) await t.run();
        const samples = new Map<string, Sample[]>(tools.map((t) => [t.key, []]));
        for (let i = 0; i < runs; i++) for (const t of tools) samples.get(t.key)?.push(await t.run());
        for (const t of tools) ctx.log(`  ${c.label}: ${t.key} ${(samples.get(t.key) ?? []).map((s) => `${ms(s.wallMs)} (CPU ${ms(s.cpuMs ?? NaN)})`).join(', ')}`);
        const wall = (key: string) => median((samples.get(key) ?? []).map((s) => s.wallMs));
        const cpu = (key: string) => median((samples.get(key) ?? []).map((s) => s.cpuMs ?? NaN));
        const rss = (key: string) => Math.max(0, ...(samples.get(key) ?? []).map((s) => s.rssKb ?? 0));
        const ref = wall('openssl');
        for (const t of tools) {
          const w = wall(t.key);
          const ratio = ref / w;
          const ours = t.key === 'modelgate';
          lines.push({
            benchmark: 'hashing',
            case: `${c.label}: ${t.key === 'node' ? "node's bare hash loop" : t.key === 'openssl' ? 'openssl dgst -sha256' : t.key}`,
            wall: ms(w),
            perUnit: `${throughput(bytes, w)}; ${ratio.toFixed(2)} × openssl; CPU ${ms(cpu(t.key))}`,
            ...(rss(t.key) > 0 ? { peakRss: mb(rss(t.key)) } : {}),
            ...(ours ? { target: `≥ ${c.ratio} × openssl (${c.why}), peak < 150 MB`, status: ratio >= c.ratio && rss(t.key) * 1024 < TARGET_RSS_BYTES } : {}),
          });
        }
        rmSync(repo, { recursive: true, force: true });
      }
      return lines;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

async function sample(cmd: string, args: string[]): Promise<Sample> {
  const r = await timeCommand(cmd, args);
  return { wallMs: r.wallMs, ...(r.cpuMs !== undefined ? { cpuMs: r.cpuMs } : {}), ...(r.maxRssKb !== undefined ? { rssKb: r.maxRssKb } : {}) };
}
