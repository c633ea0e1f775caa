// `mode: report`: the KPI report of the whole checkout. Markdown (with Mermaid charts) goes to the
// job summary; every format goes to one folder the workflow can upload as an artifact.
import * as core from './runner.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildKpiReportWithEvaluation } from '../adapters/kpi/build.js';
import { renderCycloneDx, renderKpiHtml, renderKpiJson, renderKpiMarkdown } from '../src/index.js';
import { SUMMARY_MAX_BYTES, writeSummary } from './summary.js';

export const REPORT_FILES = { markdown: 'modelgate-kpi.md', json: 'modelgate-kpi.json', html: 'modelgate-kpi.html', cyclonedx: 'modelgate-ml-bom.cdx.json' } as const;

export async function runReportMode(repoDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ dir: string; verdict: 'pass' | 'fail' }> {
  const built = await buildKpiReportWithEvaluation({ dir: repoDir, ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}) });
  const dir = join(env.RUNNER_TEMP || tmpdir(), 'modelgate-report');
  await mkdir(dir, { recursive: true });
  const markdown = renderKpiMarkdown(built.kpi);
  await Promise.all([
    writeFile(join(dir, REPORT_FILES.markdown), markdown),
    writeFile(join(dir, REPORT_FILES.json), renderKpiJson(built.kpi)),
    writeFile(join(dir, REPORT_FILES.html), renderKpiHtml(built.kpi)),
    writeFile(join(dir, REPORT_FILES.cyclonedx), renderCycloneDx(built.kpi)),
  ]);
  const pointer = `\n\nThe full report (Markdown, JSON, HTML board pack, CycloneDX ML-BOM) is in \`${dir}\`: upload it with actions/upload-artifact.\n`;
  // A report too large for the summary is still complete in the folder; say so rather than cut tables.
  const summary = Buffer.byteLength(markdown) + pointer.length <= SUMMARY_MAX_BYTES ? markdown + pointer : `## modelgate KPI report\n\nThe report is larger than GitHub's job summary limit.${pointer}`;
  await writeSummary(summary);
  core.info(`modelgate: KPI report written to ${dir}`);
  return { dir, verdict: built.report.verdict };
}
