// CycloneDX 1.6 ML-BOM of every model in a KPI report: a machine-learning-model component per model
// (licences, model card with dataset refs and environmental figures), a data component per dataset
// (SHA-256 hashes, licence), and the audits as declarations (assessors, claims, evidence,
// attestations). Only what the evidence states is written: no energy figure is made up to satisfy
// a required field; a carbon figure without energy goes into properties instead.
import { createHash } from 'node:crypto';
import { classifyLicense, toSpdxId } from '../evidence/license.js';
import { bounds } from '../evidence/safety.js';
import type { KpiDataset, KpiModel, KpiReport } from './types.js';
import { PREDICATE_TYPE, statementFileName } from '../attest/statement.js';

type Json = Record<string, unknown>;
interface Property {
  name: string;
  value: string;
}

const SHA256 = /^[0-9a-f]{64}$/i;
/** RFC 4122 URL namespace; the name hashed into it is the BOM's own content. */
const UUID_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

export function renderCycloneDx(kpi: KpiReport): string {
  return JSON.stringify(buildCycloneDx(kpi), null, 2) + '\n';
}

export function buildCycloneDx(kpi: KpiReport): Json {
  const refs = new RefNames();
  const datasetRefs = new Map<string, string>();
  const dataComponents: Json[] = [];
  for (const m of kpi.models) {
    for (const d of m.datasets) {
      const key = datasetKey(m.repository, d);
      if (datasetRefs.has(key)) continue;
      const ref = refs.make(`dataset:${m.repository}:${d.manifest ?? d.ref}`);
      datasetRefs.set(key, ref);
      dataComponents.push(dataComponent(d, m.repository, ref));
    }
  }
  const modelRefs = new Map<KpiModel, string>();
  for (const m of kpi.models) modelRefs.set(m, refs.make(`model:${m.repository}:${m.path || '.'}`));
  const modelComponents = kpi.models.map((m) => modelComponent(m, modelRefs.get(m) ?? '', m.datasets.map((d) => datasetRefs.get(datasetKey(m.repository, d)) ?? '')));
  const dependencies = kpi.models.map((m) => ({
    ref: modelRefs.get(m) ?? '',
    dependsOn: [...new Set(m.datasets.map((d) => datasetRefs.get(datasetKey(m.repository, d)) ?? ''))],
  }));
  const bom: Json = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: '',
    version: 1,
    metadata: {
      timestamp: kpi.generatedAt,
      tools: { components: [{ type: 'application', name: 'modelgate', version: kpi.tool.version }] },
      properties: [{ name: 'modelgate:asOf', value: kpi.asOf }, ...kpi.repositories.map((r) => ({ name: 'modelgate:repository', value: r.name }))],
    },
    components: [...modelComponents, ...dataComponents],
    dependencies,
  };
  const declared = declarations(kpi, modelRefs, refs);
  if (declared) {
    bom.declarations = declared.declarations;
    bom.definitions = declared.definitions;
  }
  bom.serialNumber = `urn:uuid:${uuidV5(UUID_NAMESPACE, JSON.stringify(bom))}`;
  return bom;
}

function datasetKey(repository: string, d: KpiDataset): string {
  return JSON.stringify([repository, d.manifest ?? `ref:${d.ref}`]);
}

/** bom-refs must be unique in a BOM; a clash (two paths that differ only in odd ways) gets a suffix. */
class RefNames {
  private readonly used = new Set<string>();
  make(base: string): string {
    let ref = base;
    for (let i = 2; this.used.has(ref); i++) ref = `${base}#${i}`;
    this.used.add(ref);
    return ref;
  }
}

function modelComponent(m: KpiModel, ref: string, datasetRefs: string[]): Json {
  const properties: Property[] = [
    { name: 'modelgate:path', value: m.path || '.' },
    { name: 'modelgate:riskTier', value: m.riskTier ?? 'unset' },
    { name: 'modelgate:verdict', value: m.outcome },
  ];
  if (m.compliance.overall.score !== null) properties.push({ name: 'modelgate:complianceScore', value: String(m.compliance.overall.score) });
  if (m.owner) properties.push({ name: 'modelgate:owner', value: m.owner });
  if (m.vendor?.contract) properties.push({ name: 'modelgate:vendor:contract', value: m.vendor.contract });
  if (m.exportControl?.classification) properties.push({ name: 'modelgate:exportControl:classification', value: m.exportControl.classification });
  if (m.exportControl?.reviewed) properties.push({ name: 'modelgate:exportControl:reviewed', value: m.exportControl.reviewed });

  const modelCard: Json = { 'bom-ref': `${ref}/model-card` };
  const uniqueRefs = [...new Set(datasetRefs.filter(Boolean))];
  if (uniqueRefs.length > 0) modelCard.modelParameters = { datasets: uniqueRefs.map((r) => ({ ref: r })) };
  const env = environmental(m);
  const considerations: Json = { ...(env ? { environmentalConsiderations: env } : {}), ...safetyConsiderations(m) };
  if (Object.keys(considerations).length > 0) modelCard.considerations = considerations;
  const metrics = (m.safety ?? []).flatMap((e) => e.results.map((r) => ({ type: `${r.metric} (${e.kind} ${e.id})`, value: r.value !== undefined ? String(r.value) : r.passed === undefined ? 'not stated' : r.passed ? 'pass' : 'fail', ...(r.slice ? { slice: r.slice } : {}) })));
  if (metrics.length > 0) {
    modelCard.quantitativeAnalysis = { performanceMetrics: metrics };
    // A CycloneDX performance metric has no threshold: each one's bound and verdict are properties.
    modelCard.properties = (m.safety ?? []).flatMap((e) =>
      e.results.flatMap((r) => (r.passed === undefined ? [] : [{ name: `modelgate:safety:${e.id}:${r.metric}${r.slice ? `:${r.slice}` : ''}`, value: `${r.passed ? 'pass' : 'fail'}${r.max !== undefined || r.min !== undefined ? ` (must be ${bounds(r.max, r.min)})` : ''}` }])),
    );
  }

  const component: Json = { type: 'machine-learning-model', 'bom-ref': ref, name: m.name, group: m.repository };
  if (m.vendor) component.supplier = { name: m.vendor.name };
  const licenses = licenseChoice(m.license);
  if (licenses) component.licenses = licenses;
  component.externalReferences = [...(m.card ? [{ type: 'model-card', url: m.card, comment: `Model card, path in repository ${m.repository}` }] : []), attestationReference(m)];
  component.modelCard = modelCard;
  component.properties = properties;
  return component;
}

/** Where the model's governance attestation is found: by its predicate type and any artifact's digest (docs/attestations.md). */
function attestationReference(m: KpiModel): Json {
  const signed = m.outcome === 'pass' ? `signed by the modelgate Action (attest: true); gh attestation verify <weights> --repo ${m.repository} --predicate-type ${PREDICATE_TYPE}` : 'not signed: the model fails its checks';
  return { type: 'attestation', url: PREDICATE_TYPE, comment: `modelgate governance attestation (in-toto statement ${statementFileName(m.path)}, written by modelgate attest); ${signed}` };
}

/** Safety evaluations as CycloneDX considerations: issues as ethical risks, bias slices as fairness assessments. */
function safetyConsiderations(m: KpiModel): Json {
  const evaluations = m.safety ?? [];
  const ethical = evaluations.flatMap((e) =>
    e.issues.map((i) => ({ name: `${e.id}/${i.id}: ${i.title} (${i.severity}, ${i.status})`, ...(i.mitigation ? { mitigationStrategy: i.mitigation } : {}) })),
  );
  const fairness = evaluations
    .filter((e) => e.kind === 'bias')
    .flatMap((e) =>
      e.slices.map((slice) => {
        const failed = e.results.filter((r) => r.slice === slice && r.passed === false).map((r) => r.metric);
        return {
          groupAtRisk: slice,
          harms: failed.length > 0 ? `${e.id}: ${failed.join(', ')} outside threshold` : `${e.id}: no result outside its threshold`,
          ...(e.mitigations.length > 0 ? { mitigationStrategy: e.mitigations.join('; ') } : {}),
        };
      }),
    );
  return { ...(ethical.length > 0 ? { ethicalConsiderations: ethical } : {}), ...(fairness.length > 0 ? { fairnessAssessments: fairness } : {}) };
}

function environmental(m: KpiModel): Json | undefined {
  const c = m.carbon;
  if (!c) return undefined;
  const about: Property[] = [
    { name: 'modelgate:carbon:original', value: c.original },
    { name: 'modelgate:carbon:source', value: c.source },
    { name: 'modelgate:carbon:file', value: c.file },
  ];
  if (c.kwh === undefined) {
    // CycloneDX requires activityEnergyCost in every energyConsumption: without a kWh figure the
    // carbon figure is recorded as properties rather than next to an invented energy value.
    return { properties: [{ name: 'modelgate:carbon:kgCO2eq', value: String(c.kg) }, { name: 'modelgate:carbon:tCO2eq', value: String(c.kg / 1000) }, ...about] };
  }
  return {
    energyConsumptions: [
      {
        activity: 'training',
        // Required, but the evidence never names the grid operator: an empty list claims no provider.
        energyProviders: [],
        activityEnergyCost: { value: c.kwh, unit: 'kWh' },
        co2CostEquivalent: { value: c.kg / 1000, unit: 'tCO2eq' },
        properties: about,
      },
    ],
  };
}

function dataComponent(d: KpiDataset, repository: string, ref: string): Json {
  const name = d.name ?? d.ref;
  const component: Json = { type: 'data', 'bom-ref': ref, name, group: repository };
  const files = d.files.map((f) => ({ ...f, hash: f.sha256 && SHA256.test(f.sha256) ? f.sha256.toLowerCase() : undefined }));
  const only = files.length === 1 ? files[0] : undefined;
  if (only?.hash) component.hashes = [{ alg: 'SHA-256', content: only.hash }];
  const licenses = licenseChoice(d.license ? [d.license] : []);
  if (licenses) component.licenses = licenses;
  component.data = [{ type: 'dataset', name }];
  if (files.length > 1) {
    component.components = files.map((f, i) => ({
      type: 'file',
      'bom-ref': `${ref}/file/${i}`,
      name: f.path,
      ...(f.hash ? { hashes: [{ alg: 'SHA-256', content: f.hash }] } : {}),
      properties: fileProperties(f),
    }));
  }
  const properties: Property[] = [{ name: 'modelgate:dataset:ref', value: d.ref }];
  if (d.manifest) properties.push({ name: 'modelgate:dataset:manifest', value: d.manifest });
  properties.push({ name: 'modelgate:dataset:hashesVerified', value: String(d.files.length > 0 && d.files.every((f) => f.verified)) });
  if (only) properties.push({ name: 'modelgate:file:path', value: only.path }, ...fileProperties(only));
  component.properties = properties;
  return component;
}

function fileProperties(f: { verified: boolean; sha256?: string; hash?: string; size?: number }): Property[] {
  const out: Property[] = [{ name: 'modelgate:file:sha256Verified', value: String(f.verified) }];
  if (f.sha256 && !f.hash) out.push({ name: 'modelgate:file:unverifiableHash', value: f.sha256 });
  if (f.size !== undefined) out.push({ name: 'modelgate:file:size', value: String(f.size) });
  return out;
}

/**
 * CycloneDX licence choice: exact-case SPDX ids as `license.id`; a single compound SPDX expression
 * as `expression`; Hugging Face-only ids (llama3.1, openrail…), `other` and free text as `license.name`.
 */
export function licenseChoice(list: readonly string[]): Json[] | undefined {
  const entries = list.map((l) => l.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  const [first] = entries;
  if (entries.length === 1 && first !== undefined && toSpdxId(first) === undefined) {
    const v = classifyLicense(first);
    if (v.kind === 'spdx') return [{ expression: v.spdx }];
  }
  return entries.map((l) => {
    const id = toSpdxId(l);
    return { license: id ? { id } : { name: l } };
  });
}

// ---------------------------------------------------------------------------------------------
// Audits as CycloneDX attestations.

function declarations(kpi: KpiReport, modelRefs: Map<KpiModel, string>, refs: RefNames): { declarations: Json; definitions: Json } | undefined {
  const assessors = new Map<string, Json>();
  const standards = new Map<string, { standard: Json; requirement: string }>();
  const claims: Json[] = [];
  const evidence: Json[] = [];
  const attestations = new Map<string, { summary: string; assessor: string; map: Json[] }>();
  for (const m of kpi.models) {
    const target = modelRefs.get(m) ?? '';
    for (const a of m.audit.audits) {
      const auditorName = a.auditor ?? 'unnamed auditor';
      const assessorKey = JSON.stringify([auditorName, a.independent]);
      let assessor = assessors.get(assessorKey);
      if (!assessor) {
        assessor = { 'bom-ref': refs.make(`assessor:${auditorName}`), thirdParty: a.independent, organization: { name: auditorName } };
        assessors.set(assessorKey, assessor);
      }
      const standardName = a.standard ?? 'unspecified';
      let std = standards.get(standardName);
      if (!std) {
        const requirement = refs.make(`requirement:${standardName}`);
        std = {
          requirement,
          standard: {
            'bom-ref': refs.make(`standard:${standardName}`),
            name: standardName,
            requirements: [{ 'bom-ref': requirement, identifier: standardName, text: `Conformance with ${standardName}, as assessed by an audit` }],
          },
        };
        standards.set(standardName, std);
      }
      const evidenceRef = refs.make(`evidence:${m.repository}:${a.file}:${m.path}`);
      evidence.push({
        'bom-ref': evidenceRef,
        propertyName: 'modelgate:auditRecord',
        description: `Audit record ${a.file} in ${m.repository}`,
        ...(a.date ? { created: `${a.date}T00:00:00Z` } : {}),
      });
      const claimRef = refs.make(`claim:${a.id}:${m.repository}:${m.path}`);
      const claim: Json = {
        'bom-ref': claimRef,
        target,
        predicate: `${m.path || '.'} was audited by ${auditorName}${a.independent ? ' (independent)' : ' (not independent)'}${a.date ? ` on ${a.date}` : ''} against ${standardName} (audit ${a.id})`,
        evidence: [evidenceRef],
      };
      const reportRef = auditReportReference(a.report, a.independent);
      if (reportRef) claim.externalReferences = [reportRef];
      claims.push(claim);

      const counterClaims: string[] = [];
      for (const f of m.findings.filter((x) => x.auditFile === a.file && x.status === 'open')) {
        const ref = refs.make(`finding:${a.id}:${f.id}:${m.repository}:${m.path}`);
        counterClaims.push(ref);
        claims.push({
          'bom-ref': ref,
          target,
          predicate: `Open finding ${f.id} (${f.severity}${f.due ? `, due ${f.due}` : ''}): ${f.title}`,
          evidence: [evidenceRef],
        });
      }
      const attKey = JSON.stringify([m.repository, a.file]);
      let att = attestations.get(attKey);
      if (!att) {
        att = { summary: `Audit ${a.id}${a.date ? ` (${a.date})` : ''} by ${auditorName}`, assessor: String(assessor['bom-ref']), map: [] };
        attestations.set(attKey, att);
      }
      att.map.push({ requirement: std.requirement, claims: [claimRef], ...(counterClaims.length > 0 ? { counterClaims } : {}) });
    }
  }
  if (assessors.size === 0) return undefined;
  return {
    declarations: { assessors: [...assessors.values()], attestations: [...attestations.values()], claims, evidence },
    definitions: { standards: [...standards.values()].map((s) => s.standard) },
  };
}

function auditReportReference(report: KpiModel['audit']['audits'][number]['report'], independent: boolean): Json | undefined {
  const url = report?.url ?? report?.path;
  if (!url) return undefined;
  const ref: Json = { type: independent ? 'certification-report' : 'risk-assessment', url, comment: 'Audit report' };
  if (report?.sha256 && SHA256.test(report.sha256)) ref.hashes = [{ alg: 'SHA-256', content: report.sha256.toLowerCase() }];
  return ref;
}

/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
