import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // build/ (the CLI and the App as processes) is compiled once per run, only when stale.
    globalSetup: ['test/globalCompile.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Forks, not threads: the in-process Action runs swap process.env, cwd and stdout for a run.
    pool: 'forks',
    // One worker per core (Vitest's default is one less: one on a 2-core machine). With the Action
    // runs in process the tests mostly use CPU; the git, App and bundle processes they still wait
    // on overlap with the other worker. At least two, so those waits never serialise the suite.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
