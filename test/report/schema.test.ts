import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { evaluate } from '../../src/evaluate.js';
import { createWorkingTreeReader } from '../../adapters/workingTree.js';
import { readPolicy, readWaivers } from '../../src/policy/fromRepo.js';
import { configSchemaText, kpiSchemaText } from '../../scripts/schemas.js';
import { versionModule } from '../../scripts/generate.js';

const reportSchema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // date-time strings come from Date.toISOString(); check the shape without a formats plugin.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  return ajv.compile(reportSchema);
}

describe('report JSON schema', () => {
  it('accepts the report of the example repository', async () => {
    const reader = createWorkingTreeReader(new URL('../../examples/acme-ml', import.meta.url).pathname);
    const report = await evaluate({
      reader,
      changes: { all: true },
      policy: await readPolicy(reader),
      waivers: await readWaivers(reader),
      today: '2026-11-28',
      toolVersion: 'test',
    });
    const validate = validator();
    const roundTripped = JSON.parse(JSON.stringify(report));
    expect(validate(roundTripped), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(report.models).toHaveLength(3);
  });
  it('rejects a report with an unknown outcome', () => {
    const validate = validator();
    const bad = {
      schemaVersion: 1,
      tool: { name: 'modelgate', version: '1' },
      verdict: 'pass',
      policy: { source: 'x', extends: null, errors: [] },
      summary: { models: 0, checks: 0, pass: 0, fail: 0, warn: 0, waived: 0, skipped: 0, error: 0 },
      models: [{ path: 'm', name: 'm', riskTier: null, outcome: 'pass', touchedBy: [], facts: { datasets: [], audits: [], findings: [], changedEvidence: [] }, checks: [{ id: 'card.present', level: 'error', outcome: 'maybe', message: '' }] }],
      waivers: [],
      generatedAt: '2026-11-28T00:00:00.000Z',
    };
    expect(validate(bad)).toBe(false);
  });
});

describe('generated files are fresh', () => {
  it('schema/modelgate-config.schema.json matches the check catalogue (npm run schemas)', () => {
    expect(readFileSync(new URL('../../schema/modelgate-config.schema.json', import.meta.url), 'utf8')).toBe(configSchemaText());
  });
  it('schema/kpi-report.schema.json matches the KPI report zod schema (npm run schemas)', () => {
    expect(readFileSync(new URL('../../schema/kpi-report.schema.json', import.meta.url), 'utf8')).toBe(kpiSchemaText());
  });
  it('src/version.generated.ts matches package.json (npm run compile)', () => {
    expect(readFileSync(new URL('../../src/version.generated.ts', import.meta.url), 'utf8')).toBe(versionModule());
  });
});
