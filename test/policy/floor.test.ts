import { describe, expect, it } from 'vitest';
import { floorViolations } from '../../src/policy/floor.js';
import { loadPolicy, type Policy } from '../../src/policy/load.js';

function policy(text: string, source = 'test'): Policy {
  const loaded = loadPolicy(text, '.github/modelgate.yml', source);
  expect(loaded.errors).toEqual([]);
  return loaded.policy;
}

// The org floor used by most tests; ORG_CHECKS are repeated by repository configs that keep them.
const ORG_CHECKS = ['  carbon.budget: { level: warn, max_kg: 5000 }', '  card.license: { level: error, allow: [mit, apache-2.0], deny: [agpl-3.0] }'];
const ORG_TIERS = ['tiers:', '  high:', '    audit.fresh: { max_age_days: 180 }', '    audit.findings: { block_on: medium }'];
const ORG = policy(['extends: baseline', 'checks:', ...ORG_CHECKS, ...ORG_TIERS].join('\n'), 'org .github');

/** A repository config that keeps the org's settings, with `checks` lines added or replacing them. */
function repoConfig(checks: string[] = [], tiers: string[] = ORG_TIERS, head = 'extends: baseline'): Policy {
  const keys = new Set(checks.map((c) => c.trim().split(':')[0]));
  const kept = ORG_CHECKS.filter((c) => !keys.has(c.trim().split(':')[0]));
  return policy([head, 'checks:', ...kept, ...checks, ...tiers].join('\n'));
}

const messages = (repo: Policy, org: Policy = ORG) => floorViolations(org, repo).map((d) => d.message);

describe('floorViolations', () => {
  it('accepts the org policy itself and any tightening', () => {
    expect(floorViolations(ORG, ORG)).toEqual([]);
    expect(messages(repoConfig())).toEqual([]);
    const tighter = repoConfig(
      [
        '  carbon.budget: { level: error, max_kg: 100 }',
        '  card.license: { allow: [mit], deny: [agpl-3.0, gpl-3.0] }',
        '  audit.fresh: { max_age_days: 90 }',
        '  audit.findings: { block_on: low }',
        '  carbon.consistency: { tolerance: 0.05 }',
        '  card.fields: { required: [license, datasets, governance.owner, governance.risk_tier, governance.intended_use] }',
      ],
      ['tiers:', '  high: { audit.fresh: { max_age_days: 30 }, audit.findings: { block_on: info } }'],
      'extends: strict',
    );
    expect(messages(tighter)).toEqual([]);
  });

  it('reports a lowered level, per check', () => {
    const m = messages(repoConfig(['  carbon.estimate: warn', '  audit: off']));
    expect(m).toContain('checks.carbon.estimate is "warn"; the organisation requires at least "error" (organisation floor: org .github)');
    expect(m).toContain('checks.audit.reference is "off"; the organisation requires at least "error" (organisation floor: org .github)');
    expect(m).toContain('checks.audit.independent is "off"; the organisation requires at least "warn" (organisation floor: org .github)');
  });

  it('reports looser thresholds: max_age_days, block_on, max_kg, tolerance, missing_files', () => {
    const org = policy('extends: strict\nchecks:\n  carbon.budget: { level: warn, max_kg: 10 }\n');
    const repo = policy(
      [
        'extends: strict',
        'checks:',
        '  audit.fresh: { max_age_days: 400 }',
        '  audit.findings: { block_on: critical }',
        '  carbon.budget: { level: warn, max_kg: 20 }',
        '  carbon.consistency: { tolerance: 0.5 }',
        '  datasets.hashes: { missing_files: warn }',
      ].join('\n'),
    );
    expect(messages(repo, org)).toEqual([
      'checks.datasets.hashes.missing_files is "warn"; the organisation requires "error" (organisation floor: test)',
      'checks.audit.fresh.max_age_days is 400 days; the organisation allows at most 365 days (organisation floor: test)',
      'checks.audit.findings.block_on is "critical"; the organisation blocks findings from "high" up (organisation floor: test)',
      'checks.carbon.consistency.tolerance is 0.5; the organisation allows at most 0.1 (organisation floor: test)',
      'checks.carbon.budget.max_kg is 20 kg; the organisation allows at most 10 kg (organisation floor: test)',
    ]);
  });

  it('treats an unbounded budget as looser than a bounded one', () => {
    expect(messages(repoConfig(['  carbon.budget: { level: warn, max_kg: null }']))).toEqual([
      'checks.carbon.budget.max_kg has no limit; the organisation allows at most 5000 kg (organisation floor: org .github)',
    ]);
  });

  it('reports required lists missing entries and licence lists that loosen', () => {
    const m = messages(
      repoConfig([
        '  card.fields: { required: [license] }',
        '  card.sections: { required: [] }',
        '  datasets.provenance: { required: [source] }',
        '  card.license: { allow: [mit, gpl-3.0], deny: [] }',
      ]),
    );
    expect(m).toEqual([
      'checks.card.fields.required drops "datasets", "governance.owner", "governance.risk_tier", which the organisation requires (organisation floor: org .github)',
      'checks.card.sections.required drops "intended-use", "limitations", "training-data", "evaluation", which the organisation requires (organisation floor: org .github)',
      'checks.card.license.allow adds "gpl-3.0", which the organisation does not allow (organisation floor: org .github)',
      'checks.card.license.deny drops "agpl-3.0", which the organisation requires (organisation floor: org .github)',
      'checks.datasets.provenance.required drops "license", "collection", "retention", which the organisation requires (organisation floor: org .github)',
    ]);
  });

  it('allowing links (models.links: inside) or lowering model.entries loosens an org that denies them', () => {
    expect(messages(repoConfig([], ORG_TIERS, 'extends: baseline\nmodels:\n  links: inside'))).toEqual([
      'models.links is "inside"; the organisation allows no symbolic links in models ("deny") (organisation floor: org .github)',
    ]);
    expect(messages(repoConfig(['  model.entries: warn']))).toEqual(['checks.model.entries is "warn"; the organisation requires at least "error" (organisation floor: org .github)']);
    const allowing = policy('extends: baseline\nmodels:\n  links: inside\n', 'org .github');
    expect(floorViolations(allowing, repoConfig())).toEqual([]);
  });

  it('a missing allow-list allows everything, which is looser than any list', () => {
    const org = policy('extends: baseline\nchecks:\n  card.license: { allow: [mit] }\n');
    expect(messages(policy('extends: baseline\n'), org)).toEqual([
      'checks.card.license.allow allows every value; the organisation allows only "mit" (organisation floor: test)',
    ]);
  });

  it('compares per risk tier, without repeating base violations for every tier', () => {
    const repo = repoConfig([], ['tiers:', '  high:', '    audit.fresh: { max_age_days: 365 }', '    audit.findings: { block_on: high }', '    audit.independent: warn']);
    expect(messages(repo)).toEqual([
      'tiers.high.audit.independent is "warn"; the organisation requires at least "error" (organisation floor: org .github)',
      'tiers.high.audit.fresh.max_age_days is 365 days; the organisation allows at most 180 days (organisation floor: org .github)',
      'tiers.high.audit.findings.block_on is "high"; the organisation blocks findings from "medium" up (organisation floor: org .github)',
    ]);
    // A base loosening that a tier merely inherits is reported once, for the base.
    const base = messages(repoConfig(['  audit.fresh: { max_age_days: 400 }']));
    expect(base).toEqual(['checks.audit.fresh.max_age_days is 400 days; the organisation allows at most 365 days (organisation floor: org .github)']);
  });

  it('a tier may not lower what the org sets for every model, and a missing tier loosens the org tier', () => {
    expect(messages(repoConfig([], [...ORG_TIERS, '  minimal:', '    carbon.estimate: off']))).toEqual([
      'tiers.minimal.carbon.estimate is "off"; the organisation requires at least "error" (organisation floor: org .github)',
    ]);
    expect(messages(repoConfig([], []))).toEqual([
      'tiers.high.audit.fresh.max_age_days is 365 days; the organisation allows at most 180 days (organisation floor: org .github)',
      'tiers.high.audit.findings.block_on is "high"; the organisation blocks findings from "medium" up (organisation floor: org .github)',
    ]);
  });

  it('reports ignore globs and dropped artifact globs that hide models', () => {
    const repo = repoConfig([], ORG_TIERS, 'extends: baseline\nmodels:\n  ignore: ["**"]\n  artifacts: ["**/*.onnx"]');
    const m = messages(repo);
    expect(m).toHaveLength(2);
    expect(m[0]).toMatch(/^models\.ignore adds "\*\*", which hides models/);
    expect(m[1]).toMatch(/^models\.artifacts drops "\*\*\/\*\.\{safetensors/);
  });

  it('an org check that is off sets no floor', () => {
    const org = policy('extends: baseline\n');
    const repo = policy('extends: baseline\nchecks:\n  carbon.budget: { level: off, max_kg: 100000 }\n');
    expect(floorViolations(org, repo)).toEqual([]);
  });

  it('locates every violation in the repository config file', () => {
    const d = floorViolations(ORG, repoConfig(['  carbon.estimate: warn']));
    expect(d).toEqual([{ file: '.github/modelgate.yml', message: expect.stringMatching(/^checks\.carbon\.estimate/) }]);
  });
});

describe('floorViolations: safety and export-control options', () => {
  const org = policy('extends: strict\nchecks:\n  safety.bias: { level: error, max_age_days: 180, block_on: medium }\n  export.control: { applies_to: all }\n', 'org .github');
  it('accepts the org policy and a tightening', () => {
    expect(messages(org, org)).toEqual([]);
    expect(messages(policy('extends: strict\nchecks:\n  safety.bias: { level: error, max_age_days: 90, block_on: low }\n  export.control: { applies_to: all }\n'), org)).toEqual([]);
  });
  it('names each loosening: an older evaluation, a higher blocking severity, third-party only', () => {
    const repo = policy('extends: strict\nchecks:\n  safety.bias: { level: error, max_age_days: 365, block_on: high }\n  safety.redteam: off\n');
    expect(messages(repo, org)).toEqual([
      'checks.safety.bias.max_age_days is 365 days; the organisation allows at most 180 days (organisation floor: org .github)',
      'checks.safety.bias.block_on is "high"; the organisation blocks findings from "medium" up (organisation floor: org .github)',
      'checks.export.control.applies_to is "third-party"; the organisation requires "all" (organisation floor: org .github)',
    ]);
  });
});
