// The `modelgate` command. Exit codes: 0 pass, 1 fail, 2 usage/configuration error or crash.
// Only the argument parser is loaded up front: every command, and each report format, is imported
// when it runs, so `--version`, `help` and a usage error cost little more than node's own start-up,
// and a check loads one renderer (see docs/benchmarks.md, start-up).
import { writeFile } from 'node:fs/promises';
// The version alone, so that --version and help load nothing of the core.
import { VERSION } from '../src/version.generated.js';
import type { Report } from '../src/check.js';
import { HELP, parseCliArgs, UsageError, type CheckArgs } from './args.js';

export async function render(report: Report, args: Pick<CheckArgs, 'format' | 'verbose' | 'color'>): Promise<string> {
  switch (args.format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'markdown':
      return (await import('../src/check.js')).renderMarkdown(report) + '\n';
    case 'sarif':
      return (await import('../src/check.js')).renderSarif(report);
    case 'text':
      return (await import('../src/check.js')).renderText(report, { verbose: args.verbose, color: args.color });
  }
}

export function exitCode(report: Report): number {
  if (report.policy.errors.length > 0) return 2;
  return report.verdict === 'pass' ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    if (args.command === 'version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (args.command === 'report') return await (await import('./report.js')).runReport(args);
    if (args.command === 'attest') return await (await import('./attest.js')).runAttest(args);
    if (args.command === 'verify') return await (await import('./verify.js')).runVerify(args);
    if (args.command === 'init') return await (await import('./init.js')).runInit(args);
    if (args.command === 'hash') return await (await import('./hash.js')).runHash(args);
    const { runCheck } = await import('./check.js');
    const report = await runCheck({ ...args, color: args.color || (args.format === 'text' && !args.output && process.stdout.isTTY === true && !process.env.NO_COLOR) });
    const out = await render(report, { ...args, color: args.color || (!args.output && process.stdout.isTTY === true && !process.env.NO_COLOR) });
    if (args.output) {
      await writeFile(args.output, out);
      process.stderr.write(`modelgate: ${report.verdict} (${report.models.length} model(s)); report written to ${args.output}\n`);
    } else {
      process.stdout.write(out);
    }
    return exitCode(report);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`modelgate: ${err.message}\n\n${HELP}`);
      return 2;
    }
    // Anything unexpected is a failure to evaluate: never exit 0.
    process.stderr.write(`modelgate: could not evaluate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
