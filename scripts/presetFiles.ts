// policies/*.yml, written from the check catalogue and src/policy/presets.ts by `npm run schemas`.
// A preset that extends another writes only what it changes, as a user's configuration would; a
// test loads each file as a configuration and compares every effective setting with the preset.
import { CATALOGUE, CHECK_IDS, type CheckId, type PresetName } from '../src/checks/catalogue.js';
import { PRESETS, presetPolicy } from '../src/policy/presets.js';
import { settingFor, type CheckSetting, type Policy } from '../src/policy/load.js';
import { RISK_TIERS, type RiskTier } from '../src/vocabulary.js';

/** A YAML scalar or flow list: plain when that reads back as the same string, else JSON-quoted. */
function scalar(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(scalar).join(', ')}]`;
  if (typeof v === 'string') return /^[A-Za-z_][\w.-]*$/.test(v) && !/^(null|true|false|yes|no|on|y|n)$/i.test(v) ? v : JSON.stringify(v);
  return v === null ? 'null' : String(v);
}

/** The options whose value differs between two settings. */
function changedOptions(from: CheckSetting | undefined, to: CheckSetting): [string, unknown][] {
  return Object.entries(to.options).filter(([k, v]) => JSON.stringify(from?.options[k]) !== JSON.stringify(v));
}

/** `id: level`, or a mapping with the level (when it changes) and the options that change. */
function settingLines(indent: string, id: string, from: CheckSetting | undefined, to: CheckSetting): string[] {
  const options = changedOptions(from, to);
  const levelChanges = from?.level !== to.level;
  if (options.length === 0) return levelChanges ? [`${indent}${id}: ${to.level}`] : [];
  const lines = [`${indent}${id}:`];
  if (levelChanges) lines.push(`${indent}  level: ${to.level}`);
  for (const [k, v] of options) {
    const spec = CATALOGUE[id as CheckId]?.options[k];
    const about = spec?.schema.description;
    lines.push(`${indent}  ${k}: ${scalar(v)}${about && from === undefined ? `   # ${about}` : ''}`);
  }
  return lines;
}

function locationLines(parent: Policy | undefined, policy: Policy): string[] {
  const m = policy.models;
  const sections: [string, [string, unknown][]][] = [
    ['models', [['roots', m.roots], ['artifacts', m.artifacts], ['cards', m.cards], ['ignore', m.ignore], ['links', m.links], ['binary_threshold_mib', m.binaryThresholdMib]]],
    ['datasets', [['manifests', policy.datasets.manifests]]],
    ['audits', [['records', policy.audits.records]]],
    ['safety', [['records', policy.safety.records]]],
  ];
  const lines: string[] = [];
  for (const [section, entries] of sections) {
    const changed = parent ? entries.filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(valueIn(parent, section, k))) : entries;
    if (changed.length === 0) continue;
    lines.push(`${section}:`, ...changed.map(([k, v]) => `  ${k}: ${scalar(v)}`));
  }
  return lines;
}

function valueIn(policy: Policy, section: string, key: string): unknown {
  if (section === 'models') return key === 'binary_threshold_mib' ? policy.models.binaryThresholdMib : policy.models[key as 'roots'];
  return (policy[section as 'datasets'] as Record<string, unknown>)[key];
}

/** The text of policies/<name>.yml. */
export function presetFileText(name: PresetName): string {
  const spec = PRESETS[name];
  const policy = presetPolicy(name);
  const parent = spec.extends ? presetPolicy(spec.extends) : undefined;
  const out = [`# modelgate preset: ${name}`, '#', ...spec.about.split('\n').map((l) => `# ${l}`.trimEnd()), '#', '# Written by `npm run schemas` from src/checks/catalogue.ts and src/policy/presets.ts. Do not edit.', ''];
  if (spec.extends) out.push(`extends: ${spec.extends}`, '');
  const locations = locationLines(parent, policy);
  if (locations.length > 0) out.push(...locations, '');

  const checks = CHECK_IDS.flatMap((id) => settingLines('  ', id, parent?.checks[id], policy.checks[id]));
  if (checks.length > 0) out.push('checks:', ...checks, '');

  // What loading this file would give before its own tiers: the parent's tier overrides over this
  // preset's checks. Each tier writes what it must change to reach the preset's effective setting.
  const loaded: Policy = { ...policy, tiers: parent?.tiers ?? {} };
  const tiers: string[] = [];
  for (const tier of RISK_TIERS as readonly RiskTier[]) {
    const lines = CHECK_IDS.flatMap((id) => {
      const target = settingFor(policy, id, tier);
      const before = settingFor(loaded, id, tier);
      return JSON.stringify(before) === JSON.stringify(target) ? [] : settingLines('    ', id, before, target);
    });
    if (lines.length > 0) tiers.push(`  ${tier}:`, ...lines);
  }
  if (tiers.length > 0) out.push('tiers:', ...tiers, '');
  return out.join('\n');
}

/** Every preset file, by path relative to the repository root. */
export function presetFiles(): Record<string, string> {
  return Object.fromEntries(Object.keys(PRESETS).map((name) => [`policies/${name}.yml`, presetFileText(name as PresetName)]));
}
