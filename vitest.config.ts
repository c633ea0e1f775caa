import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files that need a module graph of their own: they replace modules with vi.mock, read settings
 * when a module loads, or (the Action) swap process.env, the working directory and stdout for each
 * in-process run. Every other file shares its worker's modules with the files run before it
 * (`isolate: false`): importing the core once per worker instead of once per file halves the suite's
 * CPU. A new file that calls vi.mock belongs here.
 */
const ISOLATED = [
  'test/action/**/*.test.ts',
  'test/hostile/action-*.test.ts',
  // Through the Action's harness (test/action/harness.ts).
  'test/attest/action.test.ts',
  // vi.mock of the evidence parsers.
  'test/core/reach.test.ts',
  // Reads its pacing unit from the environment when the GitHub client's module first loads.
  'test/github/client.test.ts',
];

/**
 * The App's files share a module graph too, apart from the core's: they load Probot (2 to 3 s of CPU
 * a file when isolated) and nock, which patches the worker's HTTP clients once loaded.
 */
const APP = ['test/app/**/*.test.ts', 'test/hostile/app-*.test.ts'];

export default defineConfig({
  test: {
    // build/ (the CLI and the App as processes) is compiled once per run, only when stale.
    globalSetup: ['test/globalCompile.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Forks, not threads: the in-process Action runs swap process.env, cwd and stdout for a run.
    pool: 'forks',
    // One worker per core. A third worker on 2 cores paid while the tests started about 3,400
    // processes and waited on them (2 workers 160 s, 3 workers 140 s); with the fixtures and the
    // product starting fewer, it only adds contention. Measured on 2 cores, runs alternating:
    // 3 workers 156 s and 142 s (CPU 280 s, 253 s), 2 workers 140 s and 135 s (CPU 249 s, 242 s).
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...ISOLATED, ...APP], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      { extends: true, test: { name: 'app', include: APP, isolate: false } },
    ],
  },
});
