import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Two public entries: src/index.js, and src/check.js (its lean part for the check path, which
// keeps the KPI, attestation and Ajv code out of a check's start-up). The generated version is the
// one exception: the CLI prints it without loading the core.
const CORE_ENTRY_ONLY = { group: ['**/src/**', '!**/src/index.js', '!**/src/check.js', '!**/src/version.generated.js'], message: 'Import the core through its public entries, src/index.js or src/check.js (the check path).' };

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', TextDecoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // The core (src/) stays pure: no file system, no processes, no environment, no network, and no
    // import of an adapter or a shell. Adapters (adapters/) and shells (cli/, action/, app/) call it.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'fs/promises', 'child_process', 'worker_threads', 'net', 'http', 'https', 'os', 'process']
          .flatMap((m) => [m, `node:${m}`])
          .map((name) => ({ name, message: 'The core does no I/O: take a port (RepoReader, HistorySource) and let an adapter implement it.' })),
        patterns: [
          { group: ['@actions/*', 'probot', '@octokit/*', 'ioredis'], message: 'The core never talks to GitHub or Redis: that is adapters/ or a shell.' },
          { group: ['**/adapters/**', '**/action/**', '**/app/**', '**/cli/**'], message: 'The core never imports an adapter or a shell.' },
        ],
      }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'The core reads no environment; pass values in.' }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The core does no I/O.' }],
    },
  },
  {
    // Adapters and shells reach the core through its public entries, src/index.ts and src/check.ts.
    files: ['adapters/**/*.ts', 'cli/**/*.ts', 'action/**/*.ts', 'app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CORE_ENTRY_ONLY] }] },
  },
  {
    // The shared GitHub layer serves the Action and the App alike: it imports neither, nor Probot
    // (which would end up in the Action's bundle).
    files: ['adapters/github/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CORE_ENTRY_ONLY, { group: ['probot', '**/action/**', '**/app/**'], message: 'The GitHub layer serves both shells and imports neither.' }] }] },
  },
);
