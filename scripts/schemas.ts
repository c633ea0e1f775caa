// `npm run schemas`: writes the configuration, KPI report, attestation predicate, safety-evaluation and workforce schemas to schema/, so
// editors (yaml-language-server) and the README can point at it. A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { configSchema } from '../src/policy/schema.js';
import { predicateSchemaText } from '../src/attest/schema.js';
import { safetySchemaText } from '../src/evidence/safetySchema.js';
import { kpiReportSchema } from '../src/kpi/schema.js';
import { workforceSchemaText } from '../src/evidence/workforce.js';

export function configSchemaText(): string {
  return JSON.stringify(configSchema(), null, 2) + '\n';
}

if (process.argv[1]?.endsWith('schemas.js')) {
  writeFileSync(new URL('../../schema/modelgate-config.schema.json', import.meta.url), configSchemaText());
  writeFileSync(new URL('../../schema/governance-predicate.schema.json', import.meta.url), predicateSchemaText());
  writeFileSync(new URL('../../schema/safety-evaluation.schema.json', import.meta.url), safetySchemaText());
  writeFileSync(new URL('../../schema/modelgate-workforce.schema.json', import.meta.url), workforceSchemaText());
  writeFileSync(new URL('../../schema/kpi-report.schema.json', import.meta.url), JSON.stringify(kpiReportSchema(), null, 2) + '\n');
}
