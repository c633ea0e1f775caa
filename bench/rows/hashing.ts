// Hashing: verifying big dataset files against their manifest, beside sha256sum on the same files.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AS_OF, generateHashRepo, writeBigFiles } from '../generate.js';
import { mb, median, ms, runCli, throughput, timeCommand, type BenchContext, type BenchRow, type Line } from '../lib.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TARGET_RATIO = 0.9;
const TARGET_RSS_BYTES = 150e6;
const SHA256SUM = '/usr/bin/sha256sum';

interface Case {
  label: string;
  /** Indexes into the written files. */
  files: number[];
  compare: boolean;
}

export const hashingRow: BenchRow = {
  id: 'hashing',
  title: 'Hashing: datasets.hashes on big files vs sha256sum',
  async run(ctx: BenchContext): Promise<Line[]> {
    const runs = Math.min(ctx.runs, 3);
    const dataDir = join(ctx.tmp, 'big-files');
    // One 1 GiB file and eight of 128 MiB (2 GiB in all), and a 64 MiB one for the memory baseline.
    const sizes = [GiB, ...Array.from({ length: 8 }, () => 128 * MiB), 64 * MiB];
    const sha256sum = existsSync(SHA256SUM) ? SHA256SUM : undefined;
    const cases: Case[] = [
      { label: '2 GiB in 9 files (1 GiB + 8 × 128 MiB)', files: [0, 1, 2, 3, 4, 5, 6, 7, 8], compare: true },
      { label: 'one 1 GiB file', files: [0], compare: true },
      { label: 'one 64 MiB file', files: [9], compare: false },
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
        const args = ['check', repo, '--all', '--as-of', AS_OF];
        const paths = files.map((f) => f.abs);
        // Warm the page cache for both tools: one untimed run of each reads every byte.
        const warm = await runCli(args, ctx.tmp);
        if (warm.exitCode !== 0) throw new Error(`check on ${c.label} exited ${warm.exitCode}, expected 0 (every hash matches): ${warm.stderr.slice(-1000)}`);
        if (c.compare && sha256sum) await timeCommand(sha256sum, paths);
        const ours = [];
        const theirs = [];
        for (let i = 0; i < runs; i++) {
          ours.push(await runCli(args, ctx.tmp));
          if (c.compare && sha256sum) theirs.push(await timeCommand(sha256sum, paths));
        }
        const wall = median(ours.map((r) => r.wallMs));
        const inMain = median(ours.map((r) => r.mainMs));
        const rssKb = Math.max(...ours.map((r) => r.maxRssKb));
        ctx.log(`  ${c.label}: modelgate ${ours.map((r) => ms(r.wallMs)).join(', ')}${theirs.length ? `; sha256sum ${theirs.map((r) => ms(r.wallMs)).join(', ')}` : ''}`);
        const rssOk = rssKb * 1024 < TARGET_RSS_BYTES;
        if (c.compare && theirs.length > 0) {
          const theirWall = median(theirs.map((r) => r.wallMs));
          const ratio = theirWall / wall;
          lines.push({
            benchmark: 'hashing',
            case: `${c.label}: modelgate`,
            wall: ms(wall),
            perUnit: `${throughput(bytes, wall)} (${throughput(bytes, inMain)} in main()); ${ratio.toFixed(2)} × sha256sum`,
            peakRss: mb(rssKb),
            target: `≥ ${TARGET_RATIO} × sha256sum, peak < 150 MB`,
            status: ratio >= TARGET_RATIO && rssOk,
          });
          const theirRss = Math.max(...theirs.map((r) => r.maxRssKb ?? 0));
          lines.push({
            benchmark: 'hashing',
            case: `${c.label}: sha256sum`,
            wall: ms(theirWall),
            perUnit: throughput(bytes, theirWall),
            ...(theirRss > 0 ? { peakRss: mb(theirRss) } : {}),
          });
        } else {
          lines.push({
            benchmark: 'hashing',
            case: `${c.label}: modelgate`,
            wall: ms(wall),
            perUnit: `${throughput(bytes, wall)} (${throughput(bytes, inMain)} in main())`,
            peakRss: mb(rssKb),
            target: 'peak < 150 MB',
            status: rssOk,
            ...(c.compare && !sha256sum ? { note: `${SHA256SUM} not found: no comparison` } : {}),
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
