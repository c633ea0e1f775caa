// `npm run schemas`: writes what is published from one source each: the configuration, KPI report,
// safety-evaluation, workforce and attestation predicate schemas to schema/ (editors and the README point at
// them), the check ids of the report schema, and the presets to policies/. A test fails when any of
// them is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/policy/schema.js';
import { predicateSchemaText } from '../src/attest/schema.js';
import { safetySchemaText } from '../src/evidence/safetySchema.js';
import { kpiReportJsonSchema } from '../src/kpi/schema.js';
import { presetFiles } from './presetFiles.js';
import { CHECK_IDS } from '../src/checks/catalogue.js';
import { workforceSchemaText } from '../src/evidence/workforce.js';

export function configSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

export function kpiSchemaText(): string {
  return JSON.stringify(kpiReportJsonSchema(), null, 2) + '\n';
}

/**
 * schema/report.schema.json is written by hand, except its list of check ids, which comes from the
 * catalogue: the list is replaced in place so the file keeps its layout.
 */
export function reportSchemaText(current: string): string {
  return current.replace(/("checkId": \{\s*"enum": )\[[^\]]*\]/, (_, head: string) => `${head}${JSON.stringify(CHECK_IDS).replace(/","/g, '", "')}`);
}

if (process.argv[1]?.endsWith('schemas.js')) {
  const root = new URL('../../', import.meta.url);
  writeFileSync(new URL('schema/modelgate-config.schema.json', root), configSchemaText());
  writeFileSync(new URL('schema/governance-predicate.schema.json', root), predicateSchemaText());
  writeFileSync(new URL('schema/safety-evaluation.schema.json', root), safetySchemaText());
  writeFileSync(new URL('schema/modelgate-workforce.schema.json', root), workforceSchemaText());
  writeFileSync(new URL('schema/kpi-report.schema.json', root), kpiSchemaText());
  const reportSchema = new URL('schema/report.schema.json', root);
  writeFileSync(reportSchema, reportSchemaText(readFileSync(reportSchema, 'utf8')));
  for (const [path, text] of Object.entries(presetFiles())) writeFileSync(new URL(path, root), text);
}
