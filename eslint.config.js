import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The core stays pure: no GitHub, no Action runtime, no Probot, no process environment.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@actions/*', 'probot', '@octokit/*', '../action/*', '../app/*', '../../action/*', '../../app/*'] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'The core reads no environment; pass values in.' }],
    },
  },
  {
    // Git adapters start git processes and must pass a sanitised copy of the environment to them.
    files: ['src/repo/git.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
