// Every repository-level figure of the KPI report, computed from the per-model records alone (plus
// the carbon trend). A single repository and a merged organisation go through the same code.
import { CHECK_IDS, SEVERITIES, type CheckId, type Severity } from '../types.js';
import { CHECK_PHRASES } from '../report/phrases.js';
import { addScores, round4, SCORE_METHOD } from './score.js';
import {
  AGE_BUCKETS,
  KPI_GROUPS,
  TIER_KEYS,
  VENDOR_ITEMS,
  type AgeBucket,
  type CarbonTrend,
  type GateSummary,
  type HighRiskEntry,
  type KpiGroup,
  type KpiModel,
  type KpiReport,
  type KpiRepository,
  type OpenFinding,
  type Score,
  type TierKey,
  type UnverifiedDataset,
  type VendorSummary,
  type KpiProgramme,
  type WorkforceTrend,
} from './types.js';
import { isFreshIndependent } from './models.js';
import { WORKFORCE_METHOD, workforceOf } from './workforce.js';

export const METHODS: KpiReport['methods'] = {
  compliance: SCORE_METHOD,
  highRiskAudit:
    'Share = high-risk models (governance.risk_tier: high) covered by at least one independent audit (auditor.independent: true) ' +
    'whose date is at most the policy\'s audit.fresh max_age_days for the high tier before the report date (and not after it), ' +
    '/ all high-risk models. Only audits the card lists and whose scope covers the model count.',
  findings:
    'Open findings are those with status open in the audits covering each model; a finding shared by several models counts once. ' +
    'Age is the number of days since the audit that raised it (findings carry no date of their own). ' +
    'A finding is overdue when it is still open after its due date. Lists show overdue findings first (most overdue first), then by severity, then oldest first.',
  datasets:
    'A dataset (one manifest, counted once however many models use it) has a verified hash when it lists at least one file and every listed file\'s SHA-256 ' +
    'matched the file in the repository or its Git LFS pointer. Files in external storage, placeholders and wrong-length hashes are not verified.',
  vendors:
    'Third-party models are those with governance.vendor in the card. Checklist per model: card (every card check that ran passed), dataset provenance ' +
    '(the card lists datasets, each resolves to a manifest, and the manifest and provenance checks that ran passed), audit (an independent audit within the ' +
    'policy\'s age limit for the model\'s tier), carbon (a carbon figure exists), export control (governance.export_control.reviewed is a date not after the report date, and export.control passed if it ran), ' +
    'bias and red-team testing (a bias and a red-team safety-evaluation record cover the model, and safety.bias and safety.redteam passed if they ran). ' +
    'Vendor score = items met / (6 x the vendor\'s models).',
  carbon:
    'Carbon per model is the CodeCarbon or CycloneDX report the card names when it parses, else the card\'s co2_eq_emissions (grams), in kg CO2eq. ' +
    'The total adds the models that have a figure; energy (kWh) is added only where known. The trend reads the card and carbon report of every current model ' +
    'at each commit of the first-parent history of HEAD that changed one of them (git log and git cat-file, no checkout), and keeps the commits that changed a figure.',
  workforce: WORKFORCE_METHOD,
};

export interface AggregateInput {
  toolVersion: string;
  generatedAt: string;
  asOf: string;
  repositories: KpiRepository[];
  models: KpiModel[];
  trend: CarbonTrend;
  /** Reskilling programmes of every repository (their workforce files); none by default. */
  programmes?: KpiProgramme[];
  workforceTrend?: WorkforceTrend;
}

export function aggregate(input: AggregateInput): KpiReport {
  const models = [...input.models].sort((a, b) => a.repository.localeCompare(b.repository) || a.path.localeCompare(b.path));
  return {
    schemaVersion: 1,
    kind: 'modelgate-kpi',
    tool: { name: 'modelgate', version: input.toolVersion },
    generatedAt: input.generatedAt,
    asOf: input.asOf,
    gate: gateOf(models),
    repositories: input.repositories,
    methods: METHODS,
    tiers: tiersOf(models),
    highRiskAudit: highRiskOf(models),
    compliance: complianceOf(models),
    findings: findingsOf(models),
    datasets: datasetsOf(models),
    vendors: vendorsOf(models),
    carbon: carbonOf(models, input.trend),
    workforce: workforceOf({ asOf: input.asOf, models, programmes: input.programmes ?? [], trend: input.workforceTrend ?? { status: 'unavailable', reason: 'not read', shallow: false, commitsScanned: 0, points: [] } }),
    models,
  };
}

/** Reasons shown in the headline; `gate.reasons` lists them all. */
const HEADLINE_REASONS = 3;

export function gateOf(models: KpiModel[]): GateSummary {
  const failing = models.filter((m) => m.outcome === 'fail').length;
  const count = new Map<CheckId, number>();
  for (const m of models) {
    const blocking = new Set(m.checks.filter((c) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error')).map((c) => c.id));
    for (const id of blocking) count.set(id, (count.get(id) ?? 0) + 1);
  }
  const reasons = [...count]
    .sort(([a, x], [b, y]) => y - x || CHECK_IDS.indexOf(a) - CHECK_IDS.indexOf(b))
    .map(([check, n]) => ({ check, phrase: CHECK_PHRASES[check], models: n }));
  const n = models.length;
  let headline: string;
  if (n === 0) headline = 'No model found.';
  else if (failing === 0) headline = n === 1 ? 'The model passes the gate.' : `All ${n} models pass the gate.`;
  else {
    const shown = reasons.length <= HEADLINE_REASONS + 1 ? reasons : reasons.slice(0, HEADLINE_REASONS);
    const top = shown.map((r) => `${r.phrase} (${r.models})`);
    const more = shown.length < reasons.length ? `, and ${reasons.length - shown.length} more reasons` : '';
    headline = `${failing} of ${n} model${n > 1 ? 's' : ''} fail${failing > 1 ? '' : 's'} the gate${top.length > 0 ? `: ${top.join(', ')}${more}` : ''}.`;
  }
  return { models: n, failing, reasons, headline };
}

function tiersOf(models: KpiModel[]): Record<TierKey, number> {
  const t = Object.fromEntries(TIER_KEYS.map((k) => [k, 0])) as Record<TierKey, number>;
  for (const m of models) t[m.riskTier ?? 'unset']++;
  return t;
}

function highRiskOf(models: KpiModel[]): KpiReport['highRiskAudit'] {
  const entries: HighRiskEntry[] = models
    .filter((m) => m.riskTier === 'high')
    .map((m) => {
      const limit = m.audit.limitDays;
      const best = m.audit.audits.find((a) => isFreshIndependent(a, limit));
      const newestIndependent = m.audit.audits.find((a) => a.independent);
      const shown = best ?? newestIndependent;
      const entry: HighRiskEntry = { repository: m.repository, path: m.path, name: m.name, ok: best !== undefined, limitDays: limit, reason: highRiskReason(m, best, newestIndependent) };
      if (shown) {
        entry.audit = { id: shown.id, ...(shown.date ? { date: shown.date } : {}), ...(shown.ageDays !== undefined ? { ageDays: shown.ageDays } : {}), ...(shown.auditor ? { auditor: shown.auditor } : {}) };
      }
      return entry;
    });
  const covered = entries.filter((e) => e.ok).length;
  return { models: entries.length, covered, share: entries.length === 0 ? null : round4(covered / entries.length), entries };
}

function highRiskReason(m: KpiModel, best: KpiModel['audit']['audits'][number] | undefined, independent: KpiModel['audit']['audits'][number] | undefined): string {
  const limit = m.audit.limitDays;
  if (best) return `independent audit ${best.id} is ${best.ageDays} days old (limit ${limit})`;
  if (m.audit.audits.length === 0) return 'no audit covers the model';
  if (!independent) return `no independent audit (only ${m.audit.audits.map((a) => a.id).join(', ')})`;
  if (independent.ageDays === undefined) return `independent audit ${independent.id} has no date`;
  if (independent.ageDays < 0) return `independent audit ${independent.id} is dated in the future (${independent.date})`;
  return `newest independent audit ${independent.id} is ${independent.ageDays} days old; the limit is ${limit}`;
}

function complianceOf(models: KpiModel[]): KpiReport['compliance'] {
  const byGroup = {} as Record<KpiGroup, Score>;
  for (const g of KPI_GROUPS) byGroup[g] = addScores(models.map((m) => m.compliance.byGroup[g]));
  return { overall: addScores(models.map((m) => m.compliance.overall)), byGroup };
}

export function ageBucket(days: number | undefined): AgeBucket {
  if (days === undefined || days < 0) return 'unknown';
  if (days <= 30) return '0-30';
  if (days <= 90) return '31-90';
  if (days <= 180) return '91-180';
  if (days <= 365) return '181-365';
  return '>365';
}

function zeroSeverities(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function findingsOf(models: KpiModel[]): KpiReport['findings'] {
  const byKey = new Map<string, OpenFinding>();
  for (const m of models) {
    for (const f of m.findings) {
      if (f.status !== 'open') continue;
      const key = JSON.stringify([m.repository, f.auditFile, f.id]);
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.models.includes(m.path)) existing.models.push(m.path);
        continue;
      }
      byKey.set(key, {
        repository: m.repository,
        audit: f.audit,
        auditFile: f.auditFile,
        id: f.id,
        title: f.title,
        severity: f.severity,
        models: [m.path],
        ...(f.due ? { due: f.due } : {}),
        ...(f.owner ? { owner: f.owner } : {}),
        ...(f.auditDate ? { auditDate: f.auditDate } : {}),
        ...(f.ageDays !== undefined ? { ageDays: f.ageDays } : {}),
        ...(f.overdueDays !== undefined ? { overdueDays: f.overdueDays } : {}),
      });
    }
  }
  const items = [...byKey.values()].sort(compareFindings);
  const bySeverity = zeroSeverities();
  const byAge = AGE_BUCKETS.map((bucket) => ({ bucket, total: 0, bySeverity: zeroSeverities() }));
  for (const f of items) {
    bySeverity[f.severity]++;
    const row = byAge[AGE_BUCKETS.indexOf(ageBucket(f.ageDays))];
    if (row) {
      row.total++;
      row.bySeverity[f.severity]++;
    }
  }
  return { open: items.length, overdue: items.filter((f) => f.overdueDays !== undefined).length, bySeverity, byAge, items };
}

function compareFindings(a: OpenFinding, b: OpenFinding): number {
  const overdue = (b.overdueDays ?? 0) - (a.overdueDays ?? 0);
  if (overdue !== 0) return overdue;
  const sev = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (sev !== 0) return sev;
  const age = (b.ageDays ?? -1) - (a.ageDays ?? -1);
  if (age !== 0) return age;
  return a.repository.localeCompare(b.repository) || a.audit.localeCompare(b.audit) || a.id.localeCompare(b.id);
}

function datasetsOf(models: KpiModel[]): KpiReport['datasets'] {
  const seen = new Map<string, { entry: UnverifiedDataset; ok: boolean }>();
  for (const m of models) {
    for (const d of m.datasets) {
      const key = JSON.stringify([m.repository, d.manifest ?? `ref:${d.ref}`]);
      const existing = seen.get(key);
      if (existing) {
        if (!existing.entry.models.includes(m.path)) existing.entry.models.push(m.path);
        continue;
      }
      const verifiedFiles = d.files.filter((f) => f.verified).length;
      const ok = d.manifest !== undefined && d.files.length > 0 && verifiedFiles === d.files.length;
      const entry: UnverifiedDataset = {
        repository: m.repository,
        ref: d.ref,
        reason: unverifiedReason(d.manifest, d.files),
        files: d.files.length,
        verifiedFiles,
        models: [m.path],
        ...(d.manifest ? { manifest: d.manifest } : {}),
        ...(d.name ? { name: d.name } : {}),
      };
      seen.set(key, { entry, ok });
    }
  }
  const all = [...seen.values()];
  const unverified = all
    .filter((x) => !x.ok)
    .map((x) => x.entry)
    .sort((a, b) => a.repository.localeCompare(b.repository) || (a.manifest ?? a.ref).localeCompare(b.manifest ?? b.ref));
  return { total: all.length, verified: all.length - unverified.length, unverified };
}

/** The cause, as the datasets.hashes check words it per file (SHA-256 mismatch, not found…); counts only for reports that predate it. */
function unverifiedReason(manifest: string | undefined, files: KpiModel['datasets'][number]['files']): string {
  if (!manifest) return 'no manifest found for this dataset';
  if (files.length === 0) return 'the manifest lists no files';
  const failing = files.filter((f) => !f.verified);
  const causes = failing.flatMap((f) => (f.problem ? [f.problem] : []));
  if (causes.length === failing.length && causes.length > 0) {
    const shown = causes.slice(0, 3).join('; ');
    return causes.length > 3 ? `${shown}; and ${causes.length - 3} more file(s)` : shown;
  }
  const withoutHash = failing.filter((f) => !f.sha256).length;
  return [`${failing.length} of ${files.length} file(s) not verified`, ...(withoutHash > 0 ? [`${withoutHash} without a SHA-256`] : [])].join('; ');
}

function vendorsOf(models: KpiModel[]): VendorSummary[] {
  const byName = new Map<string, VendorSummary>();
  for (const m of models) {
    if (!m.vendor || !m.vendorChecklist) continue;
    const key = m.vendor.name.trim().toLowerCase();
    let v = byName.get(key);
    if (!v) {
      v = { name: m.vendor.name.trim(), models: [], items: Object.fromEntries(VENDOR_ITEMS.map((i) => [i, { met: 0, total: 0 }])) as VendorSummary['items'], score: 0 };
      byName.set(key, v);
    }
    const checklist = m.vendorChecklist;
    const met = VENDOR_ITEMS.filter((i) => checklist[i]).length;
    v.models.push({ repository: m.repository, path: m.path, name: m.name, checklist, score: round4(met / VENDOR_ITEMS.length), ...(m.vendor.contract ? { contract: m.vendor.contract } : {}) });
    for (const i of VENDOR_ITEMS) {
      v.items[i].total++;
      if (checklist[i]) v.items[i].met++;
    }
  }
  const out = [...byName.values()];
  for (const v of out) {
    const met = VENDOR_ITEMS.reduce((n, i) => n + v.items[i].met, 0);
    v.score = round4(met / (VENDOR_ITEMS.length * v.models.length));
  }
  return out.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
}

function carbonOf(models: KpiModel[], trend: CarbonTrend): KpiReport['carbon'] {
  const withFigure = models.filter((m) => m.carbon !== undefined);
  const withEnergy = withFigure.filter((m) => m.carbon?.kwh !== undefined);
  return {
    totalKg: roundKg(withFigure.reduce((s, m) => s + (m.carbon?.kg ?? 0), 0)),
    totalKwh: roundKg(withEnergy.reduce((s, m) => s + (m.carbon?.kwh ?? 0), 0)),
    modelsWithFigure: withFigure.length,
    modelsWithEnergy: withEnergy.length,
    withoutFigure: models.filter((m) => m.carbon === undefined).map((m) => ({ repository: m.repository, path: m.path, name: m.name })),
    trend,
  };
}

/** Sums of floating-point figures, rounded to 6 decimals so that 0.1 + 0.2 reads 0.3 in every output. */
export function roundKg(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
