// `npm run schemas`: writes what is published from one source each: the configuration, KPI report,
// safety-evaluation and attestation predicate schemas to schema/ (editors and the README point at
// them), and the presets to policies/. A test fails when any of them is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/policy/schema.js';
import { predicateSchemaText } from '../src/attest/schema.js';
import { safetySchemaText } from '../src/evidence/safetySchema.js';
import { kpiReportSchema } from '../src/kpi/schema.js';
import { presetFiles } from './presetFiles.js';

export function configSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

if (process.argv[1]?.endsWith('schemas.js')) {
  const root = new URL('../../', import.meta.url);
  writeFileSync(new URL('schema/modelgate-config.schema.json', root), configSchemaText());
  writeFileSync(new URL('schema/governance-predicate.schema.json', root), predicateSchemaText());
  writeFileSync(new URL('schema/safety-evaluation.schema.json', root), safetySchemaText());
  writeFileSync(new URL('schema/kpi-report.schema.json', root), JSON.stringify(kpiReportSchema(), null, 2) + '\n');
  for (const [path, text] of Object.entries(presetFiles())) writeFileSync(new URL(path, root), text);
}
