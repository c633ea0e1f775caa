// Files and step outputs: the full JSON report under RUNNER_TEMP, the optional SARIF file, and the
// `verdict`, `failed-checks` and `report-json` outputs.
import * as core from './runner.js';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderSarif } from '../src/check.js';
import type { Report } from '../src/index.js';

export type VerdictOutput = 'pass' | 'fail' | 'error';

/** Writes the report (spec section 7) to a fresh directory under RUNNER_TEMP; returns its path. */
export async function writeReportJson(report: Report, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'modelgate-'));
  const file = join(dir, 'modelgate-report.json');
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

export async function writeSarifFile(file: string, report: Report): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderSarif(report));
  } catch (err) {
    throw new Error(`sarif-file: cannot write ${file}: ${err instanceof Error ? err.message : String(err)}; point "sarif-file" at a writable path`);
  }
}

export function setOutputs(verdict: VerdictOutput, failedChecks: readonly string[], reportJson: string): void {
  core.setOutput('verdict', verdict);
  core.setOutput('failed-checks', failedChecks.join(','));
  core.setOutput('report-json', reportJson);
}
