import { describe, expect, it } from 'vitest';
import { loadPolicy, loadPreset, settingFor } from '../../src/policy/load.js';
import { PRESET_NAMES } from '../../src/policy/schema.js';

describe('presets', () => {
  it.each(PRESET_NAMES)('%s loads without errors', (name) => {
    const { errors, policy } = loadPreset(name);
    expect(errors).toEqual([]);
    expect(policy.checks['policy.valid'].level).toBe('error');
    expect(policy.models.roots.length).toBeGreaterThan(0);
    // Links and submodules where models are fail in every preset.
    expect(policy.checks['model.entries'].level).toBe('error');
    expect(policy.models.links).toBe('deny');
  });
  it('strict tightens baseline and keeps its tiers', () => {
    const { policy } = loadPreset('strict');
    expect(policy.checks['datasets.hashes'].options.missing_files).toBe('error');
    expect(settingFor(policy, 'audit.fresh', 'high').options.max_age_days).toBe(180);
    expect(settingFor(policy, 'audit.independent', 'high').level).toBe('error');
  });
});

describe('loadPolicy', () => {
  it('reads models.links, and refuses a value other than deny or inside with its line', () => {
    expect(loadPolicy('models:\n  links: inside\n').policy.models.links).toBe('inside');
    const bad = loadPolicy('models:\n  links: follow\n');
    expect(bad.errors.map((e) => [e.line, e.message])).toEqual([[2, 'models.links must be one of "deny", "inside"']]);
  });
  it('applies baseline when there is no config and says so', () => {
    const { policy, errors } = loadPolicy(undefined);
    expect(errors).toEqual([]);
    expect(policy.source).toMatch(/preset baseline/);
  });
  it('merges groups, ids, options and tiers', () => {
    const { policy, errors } = loadPolicy(
      ['extends: baseline', 'checks:', '  carbon: error', '  carbon.budget: { level: warn, max_kg: 5000 }', 'tiers:', '  high: { audit.fresh: { max_age_days: 90 } }'].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(policy.checks['carbon.consistency'].level).toBe('error');
    expect(policy.checks['carbon.budget']).toEqual({ level: 'warn', options: { max_kg: 5000 } });
    expect(settingFor(policy, 'audit.fresh', 'high')).toEqual({ level: 'error', options: { max_age_days: 90 } });
    expect(settingFor(policy, 'audit.fresh', 'limited').options.max_age_days).toBe(365);
  });
  it('names unknown keys with their path and line', () => {
    const { errors } = loadPolicy('extends: baseline\nchecks:\n  carbon.estimat: error\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: '.github/modelgate.yml', line: 3, column: 3 });
    expect(errors[0]?.message).toMatch(/unknown key checks\["carbon.estimat"\].*did you mean "carbon.estimate"/);
  });
  it('names wrong types and enum values', () => {
    const { errors } = loadPolicy('checks:\n  audit.fresh: { level: error, max_age_days: "a year" }\n  card: loud\n');
    const text = errors.map((e) => `${e.line}: ${e.message}`).join('\n');
    expect(text).toMatch(/2: checks\["audit.fresh"\].max_age_days must be integer/);
    expect(text).toMatch(/3: checks.card must be one of "error", "warn", "off"/);
  });
  it('places an unknown key at its column, also nested and quoted, and a wrong value at its own', () => {
    const { errors } = loadPolicy('models:\n  roots: ["m/*"]\n  "rots": ["x/*"]\ntiers:\n  high:\n    audit.fresh: { level: error, max_age: 9 }\n');
    expect(errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [3, 3, 'unknown key models.rots'],
      [6, 34, 'unknown key tiers.high["audit.fresh"].max_age'],
    ]);
    const wrong = loadPolicy('checks:\n  carbon.budget: { level: warn, max_kg: -1 }\n').errors;
    expect(wrong.map((e) => [e.line, e.column, e.message])).toEqual([[2, 41, 'checks["carbon.budget"].max_kg must be > 0']]);
  });
  it('refuses to switch policy.valid off', () => {
    expect(loadPolicy('checks:\n  policy.valid: off\n').errors).toHaveLength(1);
  });
  it('reports bad globs, unknown presets and YAML errors', () => {
    expect(loadPolicy('models:\n  roots: ["../outside/*"]\n').errors[0]?.message).toMatch(/climbs out/);
    expect(loadPolicy('models:\n  roots: ["models/{a,b"]\n').errors[0]?.message).toMatch(/unbalanced braces/);
    expect(loadPolicy('extends: lenient\n').errors[0]?.message).toMatch(/extends must be one of/);
    expect(loadPolicy('checks: [\n').errors[0]).toMatchObject({ file: '.github/modelgate.yml', line: expect.any(Number) });
    expect(loadPolicy('- a\n- b\n').errors[0]?.message).toMatch(/mapping/);
  });
  it('falls back to baseline settings when invalid, so checks still show', () => {
    const { policy, errors } = loadPolicy('checks:\n  nope: error\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(policy.source).toMatch(/invalid/);
    expect(policy.checks['card.present'].level).toBe('error');
  });
});
