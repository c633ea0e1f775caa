// A half-added check fails here (or does not compile): every id needs its function, a phrase, a
// description, a level in every preset, a schema and a floor rule for each option, a row in the
// README's checks table and a place in the report schema's list of ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, CHECK_GROUPS, CHECK_IDS, MODEL_CHECK_IDS, PRESET_NAMES, POLICY_CHECK, groupOf } from '../../src/checks/catalogue.js';
import { CHECK_FUNCTIONS, MODEL_CHECKS } from '../../src/checks/index.js';
import { CHECK_PHRASES } from '../../src/report/phrases.js';
import { KPI_GROUPS } from '../../src/kpi/types.js';
import { configSchema } from '../../src/policy/schema.js';
import { presetPolicy } from '../../src/policy/presets.js';
import { LEVELS } from '../../src/vocabulary.js';
import { reportSchemaText } from '../../scripts/schemas.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const reportSchemaFile = readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8');
const reportSchema = JSON.parse(reportSchemaFile);

describe('the check catalogue', () => {
  it('has a function for every per-model check, registered under its own id, run in catalogue order', () => {
    expect(Object.keys(CHECK_FUNCTIONS).sort()).toEqual([...MODEL_CHECK_IDS].sort());
    for (const id of MODEL_CHECK_IDS) expect(CHECK_FUNCTIONS[id].id).toBe(id);
    expect(MODEL_CHECKS.map((c) => c.id)).toEqual(MODEL_CHECK_IDS);
    expect(CHECK_IDS).toEqual([POLICY_CHECK, ...MODEL_CHECK_IDS]);
  });
  it.each(CHECK_IDS)('%s: a group, a description, a phrase, a level in every preset', (id) => {
    expect(id).toMatch(/^[a-z]+\.[a-z]+$/);
    expect(CHECK_GROUPS).toContain(groupOf(id));
    expect(CATALOGUE[id].description.length).toBeGreaterThan(10);
    expect(CHECK_PHRASES[id]).toMatch(/^[a-z][a-z -]+[a-z]$/);
    for (const preset of PRESET_NAMES) expect(LEVELS).toContain(presetPolicy(preset).checks[id].level);
  });
  it('gives every phrase once, so two failures never read the same', () => {
    expect(new Set(Object.values(CHECK_PHRASES)).size).toBe(CHECK_IDS.length);
  });
  it.each(CHECK_IDS.filter((id) => Object.keys(CATALOGUE[id].options).length > 0))('%s: each preset value passes the option schema', (id) => {
    for (const preset of PRESET_NAMES) {
      const { level, options } = presetPolicy(preset).checks[id];
      const parsed = configSchema().safeParse({ checks: { [id]: { level, ...options } } });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      for (const option of Object.keys(options)) expect(Object.keys(CATALOGUE[id].options)).toContain(option);
    }
  });
  it('scores every group of per-model checks in the KPI report', () => {
    expect(KPI_GROUPS).toEqual(CHECK_GROUPS.filter((g) => g !== groupOf(POLICY_CHECK)));
  });
  it('has a row for each check, and for no other, in the README checks table', () => {
    const table = readme.slice(readme.indexOf('## Checks'), readme.indexOf('## Configuration reference'));
    const rows = [...table.matchAll(/^\| `([a-z]+\.[a-z]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...CHECK_IDS]);
    for (const id of CHECK_IDS) {
      for (const option of Object.keys(CATALOGUE[id].options)) expect(table.split('\n').find((l) => l.startsWith(`| \`${id}\` |`))).toContain(`\`${option}\``);
    }
  });
  it('lists every check id in schema/report.schema.json (npm run schemas)', () => {
    expect(reportSchema.definitions.checkId.enum).toEqual([...CHECK_IDS]);
    expect(reportSchemaText()).toBe(reportSchemaFile);
  });
});
