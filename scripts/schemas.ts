// `npm run schemas`: writes what is published from one source each: the JSON Schemas to schema/
// (editors and the README point at them) and the presets to policies/. The configuration, report,
// KPI report and attestation predicate schemas are generated from the zod schemas that also give
// their types (src/jsonSchema.ts); the safety-evaluation and workforce schemas from their parsers'
// key lists. A test fails when any of them is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/policy/schema.js';
import { predicateSchemaText } from '../src/attest/schema.js';
import { safetySchemaText } from '../src/evidence/safetySchema.js';
import { kpiReportJsonSchema } from '../src/kpi/schema.js';
import { presetFiles } from './presetFiles.js';
import { reportJsonSchema } from '../src/report/schema.js';
import { workforceSchemaText } from '../src/evidence/workforce.js';

export function configSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

export function kpiSchemaText(): string {
  return JSON.stringify(kpiReportJsonSchema(), null, 2) + '\n';
}

export function reportSchemaText(): string {
  return JSON.stringify(reportJsonSchema(), null, 2) + '\n';
}

if (process.argv[1]?.endsWith('schemas.js')) {
  const root = new URL('../../', import.meta.url);
  writeFileSync(new URL('schema/modelgate-config.schema.json', root), configSchemaText());
  writeFileSync(new URL('schema/governance-predicate.schema.json', root), predicateSchemaText());
  writeFileSync(new URL('schema/safety-evaluation.schema.json', root), safetySchemaText());
  writeFileSync(new URL('schema/modelgate-workforce.schema.json', root), workforceSchemaText());
  writeFileSync(new URL('schema/kpi-report.schema.json', root), kpiSchemaText());
  writeFileSync(new URL('schema/report.schema.json', root), reportSchemaText());
  for (const [path, text] of Object.entries(presetFiles())) writeFileSync(new URL(path, root), text);
}
