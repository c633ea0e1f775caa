import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy, settingFor, type Policy } from '../../src/policy/load.js';
import { PRESETS, presetPolicy } from '../../src/policy/presets.js';
import { CHECK_IDS, PRESET_NAMES } from '../../src/checks/catalogue.js';
import { RISK_TIERS } from '../../src/vocabulary.js';
import { presetFileText } from '../../scripts/presetFiles.js';

const fileOf = (name: string) => new URL(`../../policies/${name}.yml`, import.meta.url);

/** Every setting a model could get, by check and tier, and where models and evidence are. */
function effective(policy: Policy) {
  const settings = CHECK_IDS.flatMap((id) => [null, ...RISK_TIERS].map((tier) => [id, tier, settingFor(policy, id, tier)]));
  return { models: policy.models, datasets: policy.datasets, audits: policy.audits, safety: policy.safety, settings };
}

describe('preset files (policies/*.yml, written from the catalogue)', () => {
  it.each(PRESET_NAMES)('policies/%s.yml is fresh (npm run schemas)', (name) => {
    expect(readFileSync(fileOf(name), 'utf8')).toBe(presetFileText(name));
  });
  it.each(PRESET_NAMES)('policies/%s.yml, loaded as a configuration, is the preset in every setting', (name) => {
    const loaded = loadPolicy(readFileSync(fileOf(name), 'utf8'), `policies/${name}.yml`);
    expect(loaded.errors).toEqual([]);
    expect(loaded.policy.extends).toBe(PRESETS[name].extends);
    expect(effective(loaded.policy)).toEqual(effective(presetPolicy(name)));
  });
  it('a copy of a preset file used as .github/modelgate.yml changes nothing', () => {
    const loaded = loadPolicy(readFileSync(fileOf('strict'), 'utf8'));
    expect(effective(loaded.policy)).toEqual(effective(presetPolicy('strict')));
  });
  it('a preset differs from its parent only where its entry says so', () => {
    // The file of a preset that extends another is a delta: a check whose setting is the parent's is absent.
    expect(presetFileText('strict')).not.toMatch(/card\.present/);
    expect(presetFileText('eu-ai-act-high-risk')).toMatch(/tiers:\n {2}high:\n {4}export\.control:\n {6}applies_to: all/);
  });
  it('each preset is a fresh copy: changing one does not change the next', () => {
    const a = presetPolicy('baseline');
    a.checks['card.present'].level = 'off';
    a.models.roots.push('elsewhere/*');
    expect(presetPolicy('baseline').checks['card.present'].level).toBe('error');
    expect(presetPolicy('baseline').models.roots).not.toContain('elsewhere/*');
  });
});
