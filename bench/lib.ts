// Shared helpers of the benchmark script: running the CLI as a child process with its peak memory,
// medians, number formatting and a description of the machine.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, totalmem, availableParallelism, release, platform } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (build/bench/lib.js → ../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The probe: does exactly what bin/modelgate.js does, then reports its own timings. */
export const PROBE = join(ROOT, 'build', 'bench', 'probe.js');
export const GNU_TIME = '/usr/bin/time';

export interface BenchContext {
  /** A fresh temporary directory for this run; removed at the end. */
  tmp: string;
  /** Timed repetitions per measurement (the median is reported). */
  runs: number;
  log: (msg: string) => void;
}

/** One line of the results table. */
export interface Line {
  benchmark: string;
  case: string;
  wall?: string;
  perUnit?: string;
  peakRss?: string;
  target?: string;
  /** true met, false missed, undefined informational, 'skipped' skipped. */
  status?: boolean | 'skipped';
  note?: string;
}

export interface BenchRow {
  id: string;
  title: string;
  /** Why the row cannot run yet (a missing prerequisite), or undefined when it can. */
  skipReason?: () => string | undefined;
  run: (ctx: BenchContext) => Promise<Line[]>;
}

export interface CliRun {
  exitCode: number;
  /** Wall time of the child process, spawn to exit (node start-up and module loading included). */
  wallMs: number;
  /** Time spent inside main(): reading, evaluating, rendering (no start-up, no module loading). */
  mainMs: number;
  /** Peak resident set size of the process, in KiB. */
  maxRssKb: number;
  /** CPU time (user + system) under GNU time, which a loaded machine inflates less than wall time. */
  cpuMs?: number;
  rssSource: 'time -v' | 'resourceUsage';
  stderr: string;
}

/** Runs `modelgate <args>` through the probe; stdout is discarded. */
export function runCli(args: readonly string[], tmp: string, tag = 'probe'): Promise<CliRun> {
  const probeOut = join(tmp, `${tag}-${process.pid}-${Date.now()}.json`);
  const useTime = existsSync(GNU_TIME);
  const cmd = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, PROBE, ...args] : [PROBE, ...args];
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', MODELGATE_BENCH_PROBE: probeOut },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 1 << 20) stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      let probe: { mainMs: number; maxRssKb: number; exitCode: number };
      try {
        probe = JSON.parse(readFileSync(probeOut, 'utf8')) as typeof probe;
        rmSync(probeOut, { force: true });
      } catch {
        reject(new Error(`modelgate ${args.join(' ')} did not report (exit ${String(code)}): ${stderr.slice(-2000)}`));
        return;
      }
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const cpuMs = cpuOf(stderr);
      resolvePromise({
        exitCode: probe.exitCode,
        wallMs,
        mainMs: probe.mainMs,
        maxRssKb: m ? Number(m[1]) : probe.maxRssKb,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
        rssSource: m ? 'time -v' : 'resourceUsage',
        stderr,
      });
    });
  });
}

/**
 * Runs a command, resolves with its wall time (spawn to exit; `t0` is performance.now() at the
 * spawn) and, under GNU time, its peak RSS; rejects on a non-zero exit.
 */
export function timeCommand(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ wallMs: number; maxRssKb?: number; cpuMs?: number; stdout: string; t0: number }> {
  const useTime = existsSync(GNU_TIME);
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(useTime ? GNU_TIME : cmd, useTime ? ['-v', cmd, ...args] : [...args], {
      cwd: opts.cwd ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.env ? { env: opts.env } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < 1 << 20) stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 1 << 20) stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} exited ${String(code)}: ${stderr.slice(-2000)}`));
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const cpuMs = cpuOf(stderr);
      resolvePromise({ wallMs, stdout, t0, ...(m ? { maxRssKb: Number(m[1]) } : {}), ...(cpuMs !== undefined ? { cpuMs } : {}) });
    });
  });
}

/** User plus system time from GNU time's -v report, in ms. */
function cpuOf(timeReport: string): number | undefined {
  const user = /User time \(seconds\): ([\d.]+)/.exec(timeReport)?.[1];
  const sys = /System time \(seconds\): ([\d.]+)/.exec(timeReport)?.[1];
  return user === undefined || sys === undefined ? undefined : (Number(user) + Number(sys)) * 1000;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function ms(x: number): string {
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 10) return `${x.toFixed(0)} ms`;
  return `${x.toFixed(2)} ms`;
}

export function mb(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MiB`;
}

export function throughput(bytes: number, msTaken: number): string {
  const perS = bytes / (msTaken / 1000);
  return perS >= 1024 ** 3 ? `${(perS / 1024 **3).toFixed(2)} GiB/s` : `${(perS / 1024 ** 2).toFixed(0)} MiB/s`;
}

export interface Machine {
  nproc: number;
  memory: string;
  cpu: string;
  node: string;
  os: string;
  peakRssFrom: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model?.trim() ?? 'unknown';
  // os.cpus() shortens some models; /proc/cpuinfo has the full name.
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const m = /^model name\s*:\s*(.+)$/m.exec(info);
    if (m?.[1] && m[1].trim().length > cpu.length) cpu = m[1].trim();
    const flags = /^flags\s*:\s*(.+)$/m.exec(info)?.[1]?.split(/\s+/) ?? [];
    if (flags.includes('sha_ni')) cpu += ' (SHA-NI)';
  } catch {
    // not Linux
  }
  let os = `${platform()} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) os = `${pretty}, kernel ${release()}`;
  } catch {
    // not Linux
  }
  return {
    nproc: availableParallelism(),
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB (${(freemem() / 1024 ** 3).toFixed(1)} GiB free)`,
    cpu,
    node: process.version,
    os,
    peakRssFrom: existsSync(GNU_TIME) ? '/usr/bin/time -v (Maximum resident set size)' : 'process.resourceUsage().maxRSS in the probe',
  };
}
