import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // build/ (the CLI and the App as processes) is compiled once per run, only when stale.
    globalSetup: ['test/globalCompile.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores, one on this 2-core machine; most test
    // time is spent waiting on child processes, git and sockets, so two workers overlap it.
    maxWorkers: 2,
  },
});
