// Rows whose subject is being built by other work. Each stays a placeholder, skipped with its
// reason, until its prerequisite exists and someone replaces it with a real row (same id, same
// place in bench/run.ts's registry).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type BenchRow } from '../lib.js';

function placeholder(id: string, title: string, benchmark: string, prerequisite: string, howToBuild: string, measures: string): BenchRow {
  return {
    id,
    title,
    skipReason: () =>
      existsSync(join(ROOT, prerequisite))
        ? `${prerequisite} exists, but this row is not written yet; it will measure ${measures} (replace the placeholder in bench/rows/placeholders.ts)`
        : `${prerequisite} does not exist yet (${howToBuild}); it will measure ${measures}`,
    run: () => Promise.resolve([{ benchmark, case: title, status: 'skipped' }]),
  };
}

export const reportHistoryRow = placeholder(
  'report-history',
  'KPI report over the git history',
  'report',
  'src/kpi',
  'added by the KPI report work',
  'modelgate report with the carbon trend over a repository history',
);

export const actionStartRow = placeholder(
  'action-start',
  'Action start-up (dist/index.js)',
  'action',
  'dist/index.js',
  'npm run bundle',
  'the time from node start to the first API request of the bundled Action',
);

export const apiRequestsRow = placeholder(
  'api-requests',
  'GitHub API requests per pull request (App)',
  'app',
  'build/app',
  'npm run compile, once app/ exists',
  'the number of GitHub API requests the App makes per pull request event, by size of the change',
);
