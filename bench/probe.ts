// What the benchmark runs as a child process: exactly what bin/modelgate.js does (import the CLI
// bundle, call main with the arguments, set the exit code), plus a JSON note of the time spent in main()
// and the peak RSS, written to $MODELGATE_BENCH_PROBE.
import { writeFileSync } from 'node:fs';

// The bundle is not TypeScript: its main has the signature of cli/main.ts's.
const { main } = (await import(new URL('../cli-bundle/index.js', import.meta.url).href)) as typeof import('../cli/main.js');
const t0 = performance.now();
const exitCode = await main(process.argv.slice(2));
const mainMs = performance.now() - t0;
const out = process.env.MODELGATE_BENCH_PROBE;
if (out) writeFileSync(out, JSON.stringify({ mainMs, maxRssKb: process.resourceUsage().maxRSS, exitCode }));
process.exitCode = exitCode;
