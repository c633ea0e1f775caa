// The CycloneDX 1.6 ML-BOM: valid against the official schema (from @cyclonedx/cyclonedx-library),
// and carrying exactly what the fixture's evidence states.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { buildCycloneDx, licenseChoice, renderCycloneDx, uuidV5 } from '../../src/kpi/cyclonedx.js';
import { mergeKpiReports } from '../../src/kpi/merge.js';
import type { KpiReport } from '../../src/kpi/types.js';
import { PREDICATE_TYPE } from '../../src/attest/statement.js';
import { AS_OF, buildFixture, buildSecondFixture, card, cleanup, commit, git, ONE_CSV, sha256, tempDir, write } from './fixture.js';
import { cycloneDx16, errorsOf } from './validators.js';
import { corpusDir } from '../corpus.js';

const NOW = new Date('2026-11-28T09:00:00Z');
let kpi: KpiReport;
let bom: Record<string, unknown>;

type Component = Record<string, unknown> & { name: string; type: string; 'bom-ref': string };

beforeAll(async () => {
  kpi = await buildKpiReport({ dir: buildFixture(), asOf: AS_OF, repository: 'acme/models', now: NOW, toolVersion: '9.9.9' });
  bom = JSON.parse(renderCycloneDx(kpi)) as Record<string, unknown>;
});
afterAll(cleanup);

const components = (): Component[] => bom.components as Component[];
const byName = (name: string, type?: string): Component => {
  const c = components().find((x) => x.name === name && (type === undefined || x.type === type));
  if (!c) throw new Error(`no component ${name}`);
  return c;
};

describe('CycloneDX ML-BOM', () => {
  it('is valid against the official CycloneDX 1.6 JSON schema', () => {
    const validate = cycloneDx16();
    expect(validate(bom), errorsOf(validate)).toBe(true);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json' });
  });

  it('has a deterministic urn:uuid serial number, the report time and the tool', () => {
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(renderCycloneDx(kpi))).toEqual(bom);
    expect(bom.metadata).toMatchObject({ timestamp: NOW.toISOString(), tools: { components: [{ type: 'application', name: 'modelgate', version: '9.9.9' }] } });
    // RFC 4122 appendix-style check of the v5 algorithm (python: uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.com')).
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://example.com')).toBe('4fd35a71-71ef-5a55-a9d9-aa75c889a6d0');
  });

  it('has one machine-learning-model component per model and one data component per dataset', () => {
    const types = components().map((c) => `${c.type}:${c.name}`);
    expect(types).toEqual([
      'machine-learning-model:alpha',
      'machine-learning-model:beta',
      'machine-learning-model:delta',
      'machine-learning-model:epsilon',
      'machine-learning-model:gamma',
      'data:Dataset ds-one',
      'data:Dataset ds-two',
      'data:acme/missing',
    ]);
    const refs = components().map((c) => c['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('refers each model to its governance attestation by predicate type, saying whether it is signed', () => {
    for (const c of components().filter((x) => x.type === 'machine-learning-model')) {
      const refs = (c.externalReferences ?? []) as { type: string; url: string; comment: string }[];
      const attestation = refs.filter((r) => r.type === 'attestation');
      expect(attestation, c.name).toHaveLength(1);
      expect(attestation[0]?.url).toBe(PREDICATE_TYPE);
      const model = kpi.models.find((m) => m.name === c.name);
      expect(attestation[0]?.comment).toContain(model?.outcome === 'pass' ? `gh attestation verify <weights> --repo acme/models --predicate-type ${PREDICATE_TYPE}` : 'not signed');
    }
    const passing = buildCycloneDx({ ...kpi, models: kpi.models.map((m) => ({ ...m, outcome: 'pass' as const })) });
    const first = (passing.components as { externalReferences?: { type: string; comment: string }[] }[])[0];
    expect(first?.externalReferences?.find((r) => r.type === 'attestation')?.comment).toContain(`gh attestation verify <weights> --repo acme/models --predicate-type ${PREDICATE_TYPE}`);
    const validate = cycloneDx16();
    expect(validate(passing), errorsOf(validate)).toBe(true);
  });

  it('links each model card to its datasets by bom-ref', () => {
    const ds1 = byName('Dataset ds-one')['bom-ref'];
    const ds2 = byName('Dataset ds-two')['bom-ref'];
    expect(byName('beta').modelCard).toMatchObject({ modelParameters: { datasets: [{ ref: ds1 }, { ref: ds2 }] } });
    expect(byName('delta').modelCard).toMatchObject({ modelParameters: { datasets: [{ ref: ds1 }] } });
    const deps = bom.dependencies as { ref: string; dependsOn: string[] }[];
    expect(deps.find((d) => d.ref === byName('beta')['bom-ref'])?.dependsOn).toEqual([ds1, ds2]);
  });

  it('writes SPDX ids in exact case, expressions as expressions, Hugging Face-only ids as named licences', () => {
    expect(byName('alpha').licenses).toEqual([{ license: { id: 'Apache-2.0' } }]); // card: apache-2.0
    expect(byName('beta').licenses).toEqual([{ license: { id: 'MIT' } }]);
    expect(byName('delta').licenses).toEqual([{ license: { id: 'CC-BY-4.0' } }]);
    expect(byName('epsilon').licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(byName('gamma').licenses).toEqual([{ license: { name: 'llama3.1' } }]);
    expect(byName('Dataset ds-one').licenses).toEqual([{ license: { id: 'CC-BY-4.0' } }]);
    expect(byName('Dataset ds-two').licenses).toEqual([{ license: { name: 'Acme internal data licence' } }]);
    expect(licenseChoice(['other', 'openrail'])).toEqual([{ license: { name: 'other' } }, { license: { name: 'openrail' } }]);
    expect(licenseChoice([])).toBeUndefined();
  });

  it('gives datasets their SHA-256 and says whether it was verified', () => {
    const one = byName('Dataset ds-one');
    expect(one.hashes).toEqual([{ alg: 'SHA-256', content: sha256(ONE_CSV) }]);
    expect(one.data).toEqual([{ type: 'dataset', name: 'Dataset ds-one' }]);
    expect(one.properties).toEqual(expect.arrayContaining([{ name: 'modelgate:dataset:hashesVerified', value: 'true' }, { name: 'modelgate:file:path', value: 'datasets/ds-one/data/one.csv' }]));
    expect(byName('Dataset ds-two').properties).toEqual(expect.arrayContaining([{ name: 'modelgate:dataset:hashesVerified', value: 'false' }]));
    expect(byName('acme/missing').hashes).toBeUndefined();
  });

  it('records energy and CO2 only where known; a carbon figure without kWh goes into properties', () => {
    // alpha: CodeCarbon, 15 kg over 30 kWh -> 0.015 tCO2eq.
    expect(byName('alpha').modelCard).toMatchObject({
      considerations: {
        environmentalConsiderations: {
          energyConsumptions: [{ activity: 'training', energyProviders: [], activityEnergyCost: { value: 30, unit: 'kWh' }, co2CostEquivalent: { value: 0.015, unit: 'tCO2eq' } }],
        },
      },
    });
    // beta: 3000 g in the card, no energy: no energyConsumptions entry.
    const beta = byName('beta').modelCard as { considerations: { environmentalConsiderations: Record<string, unknown> } };
    expect(beta.considerations.environmentalConsiderations.energyConsumptions).toBeUndefined();
    expect(beta.considerations.environmentalConsiderations.properties).toEqual(expect.arrayContaining([{ name: 'modelgate:carbon:kgCO2eq', value: '3' }, { name: 'modelgate:carbon:tCO2eq', value: '0.003' }]));
    expect((byName('gamma').modelCard as Record<string, unknown>).considerations).toBeUndefined();
  });

  it('maps audits to declarations: assessors (thirdParty from independent), claims, evidence, attestations', () => {
    const d = bom.declarations as { assessors: { organization: { name: string }; thirdParty: boolean; 'bom-ref': string }[]; attestations: { summary: string; assessor: string; map: { claims: string[]; counterClaims?: string[] }[] }[]; claims: { 'bom-ref': string; target: string; predicate: string; externalReferences?: unknown[] }[] };
    // In model order, each model's audits newest first: alpha A1; beta A3, A2; delta A3.
    expect(d.assessors.map((a) => [a.organization.name, a.thirdParty])).toEqual([
      ['Northbridge Assurance LLP', true],
      ['Acme Governance Office', false],
      ['Second Look Audits', true],
    ]);
    // One attestation per audit record; A3 covers beta and delta.
    expect(d.attestations.map((a) => [a.summary, a.map.length])).toEqual([
      ['Audit A1 (2026-08-20) by Northbridge Assurance LLP', 1],
      ['Audit A3 (2026-10-29) by Acme Governance Office', 2],
      ['Audit A2 (2026-05-12) by Second Look Audits', 1],
    ]);
    const a1 = d.attestations[0];
    expect(a1?.assessor).toBe(d.assessors[0]?.['bom-ref']);
    // A1's open findings F-1 and F-2 are counter-claims; remediated F-3 is not.
    const counter = (a1?.map[0]?.counterClaims ?? []).map((ref) => d.claims.find((c) => c['bom-ref'] === ref)?.predicate);
    expect(counter).toEqual(['Open finding F-1 (high, due 2026-11-18): Bias in language slices', 'Open finding F-2 (low, due 2027-01-31): Logging gap']);
    const claim = d.claims.find((c) => c['bom-ref'] === a1?.map[0]?.claims[0]);
    expect(claim).toMatchObject({ target: byName('alpha')['bom-ref'], externalReferences: [{ type: 'certification-report', url: 'https://audits.example/A1.pdf', hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }] }] });
    expect(claim?.predicate).toBe('models/alpha was audited by Northbridge Assurance LLP (independent) on 2026-08-20 against ISO/IEC 42001 (audit A1)');
    expect(bom.definitions).toMatchObject({ standards: [{ name: 'ISO/IEC 42001' }] });
  });

  it('stays valid for a merged organisation report and for a report with no model', async () => {
    const second = await buildKpiReport({ dir: buildSecondFixture(), asOf: AS_OF, repository: 'acme/other', now: NOW });
    const merged = mergeKpiReports([kpi, second], { toolVersion: 't', generatedAt: NOW.toISOString() });
    const validate = cycloneDx16();
    expect(validate(buildCycloneDx(merged)), errorsOf(validate)).toBe(true);
    const empty = mergeKpiReports([{ ...second, models: [], repositories: [{ ...second.repositories[0]!, name: 'empty' }] }], { toolVersion: 't', generatedAt: NOW.toISOString() });
    expect(validate(buildCycloneDx(empty)), errorsOf(validate)).toBe(true);
  });
});

// The validator itself, against the CycloneDX specification's own examples when the shared corpus is there.
const corpus = corpusDir('cyclonedx') ?? '';
describe.skipIf(corpus === '')('the CycloneDX 1.6 validator on the specification examples', () => {
  it('accepts the valid 1.6 examples and rejects the invalid ones', () => {
    const validate = cycloneDx16();
    const files = readdirSync(corpus).filter((f) => f.includes('__1.6__'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const ok = validate(JSON.parse(readFileSync(join(corpus, f), 'utf8')));
      expect(ok, f).toBe(f.includes('__valid-'));
    }
  });
});

describe('CycloneDX ML-BOM: safety evaluations in the model card', () => {
  it('puts results in quantitativeAnalysis and issues and bias slices in considerations, valid against the schema', async () => {
    const dir = tempDir();
    git(dir, ['init', '-q', '-b', 'main']);
    write(dir, 'models/router/README.md', card({ license: 'apache-2.0', tier: 'high', co2: 1000, vendor: 'Routing Co' }));
    write(dir, 'models/router/model.safetensors', 'weights');
    write(
      dir,
      'safety/router-bias.yml',
      `id: SE-1
kind: bias
date: 2026-10-01
evaluator: { name: "Fairlane Labs", independent: true }
standard: "ISO/IEC TR 24027:2021"
scope: [models/router]
slices: ["language=fr", "language=de"]
results:
  - { metric: demographic_parity_difference, slice: "language=fr", value: 0.14, max: 0.1 }
  - { metric: accuracy_ratio, slice: "language=de", value: 0.96, min: 0.9 }
issues:
  - { id: B-1, title: "Lower recall on French tickets", severity: medium, status: open, mitigation: "Reweighting in the next release" }
mitigations: ["French tickets reviewed by an agent"]
`,
    );
    write(dir, 'safety/router-redteam.yml', 'id: RT-1\nkind: red-team\ndate: 2026-10-15\nevaluator: { name: "Acme Red Team" }\nmethod: "OWASP LLM Top 10 prompt suite"\nscope: [models/router]\nresults:\n  - { metric: prompt injection suite, passed: true }\n');
    commit(dir, '2026-10-20', 'router with safety evaluations');
    const report = await buildKpiReport({ dir, asOf: AS_OF, repository: 'acme/router', now: NOW, toolVersion: '9.9.9' });
    // The vendor checklist's sixth item: a bias and a red-team record cover the model (the bias one fails its threshold, a warning at baseline).
    expect(report.models[0]?.vendorChecklist?.safetyTesting).toBe(false);
    const out = JSON.parse(renderCycloneDx(report)) as Record<string, unknown>;
    const validate = cycloneDx16();
    expect(validate(out), errorsOf(validate)).toBe(true);
    const model = (out.components as Component[]).find((c) => c.name === 'router');
    const mc = model?.modelCard as Record<string, unknown>;
    expect(mc.quantitativeAnalysis).toEqual({
      performanceMetrics: [
        { type: 'prompt injection suite (red-team RT-1)', value: 'pass' },
        { type: 'demographic_parity_difference (bias SE-1)', value: '0.14', slice: 'language=fr' },
        { type: 'accuracy_ratio (bias SE-1)', value: '0.96', slice: 'language=de' },
      ],
    });
    expect(mc.properties).toEqual([
      { name: 'modelgate:safety:RT-1:prompt injection suite', value: 'pass' },
      { name: 'modelgate:safety:SE-1:demographic_parity_difference:language=fr', value: 'fail (must be at most 0.1)' },
      { name: 'modelgate:safety:SE-1:accuracy_ratio:language=de', value: 'pass (must be at least 0.9)' },
    ]);
    expect(mc.considerations).toMatchObject({
      ethicalConsiderations: [{ name: 'SE-1/B-1: Lower recall on French tickets (medium, open)', mitigationStrategy: 'Reweighting in the next release' }],
      fairnessAssessments: [
        { groupAtRisk: 'language=fr', harms: 'SE-1: demographic_parity_difference outside threshold', mitigationStrategy: 'French tickets reviewed by an agent' },
        { groupAtRisk: 'language=de', harms: 'SE-1: no result outside its threshold', mitigationStrategy: 'French tickets reviewed by an agent' },
      ],
    });
  });
});
