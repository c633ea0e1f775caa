// One evaluation Report (and the policy that produced it) turned into KPI model records: the per-model
// facts every aggregate is computed from. Pure.
import type { CheckId, ModelReport, Report } from '../types.js';
import { daysBetween, isIsoDate } from '../dates.js';
import { settingFor, type Policy } from '../policy/load.js';
import { checksOfVendorItem, groupOf } from '../checks/catalogue.js';
import { addScores, scoreOf } from './score.js';
import type { AuditDetails } from './audits.js';
import { KPI_GROUPS, type KpiAudit, type KpiFinding, type KpiGroup, type KpiModel, type KpiRepository, type VendorChecklist } from './types.js';

const DEFAULT_AUDIT_AGE_DAYS = 365;

export function kpiModels(report: Report, policy: Policy, asOf: string, repository: string, audits: ReadonlyMap<string, AuditDetails> = new Map()): KpiModel[] {
  return report.models.map((m) => kpiModel(m, policy, asOf, repository, audits));
}

export function kpiRepository(report: Report, asOf: string, name: string, head?: string): KpiRepository {
  return {
    name,
    asOf,
    generatedAt: report.generatedAt,
    verdict: report.verdict,
    models: report.models.length,
    policy: { source: report.policy.source, extends: report.policy.extends, errors: report.policy.errors.map((e) => e.message) },
    ...(head ? { head } : {}),
  };
}

/** The policy's audit age limit for a tier: audit.fresh max_age_days, whatever the check's level. */
export function auditLimitDays(policy: Policy, tier: KpiModel['riskTier']): number {
  const v = settingFor(policy, 'audit.fresh', tier).options.max_age_days;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_AUDIT_AGE_DAYS;
}

function kpiModel(m: ModelReport, policy: Policy, asOf: string, repository: string, details: ReadonlyMap<string, AuditDetails>): KpiModel {
  const f = m.facts;
  const limitDays = auditLimitDays(policy, m.riskTier);
  const audits: KpiAudit[] = f.audits
    .map((a) => {
      const age = a.date && isIsoDate(a.date) ? daysBetween(a.date, asOf) : undefined;
      const more = details.get(a.file);
      return {
        id: a.id,
        file: a.file,
        independent: a.independent,
        ...(a.date ? { date: a.date } : {}),
        ...(age !== undefined ? { ageDays: age } : {}),
        ...(a.auditor ? { auditor: a.auditor } : {}),
        ...(more?.standard ? { standard: more.standard } : {}),
        ...(more?.report ? { report: { ...more.report } } : {}),
      };
    })
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const auditDates = new Map(f.audits.map((a) => [a.file, a.date]));
  const findings: KpiFinding[] = f.findings.map((x) => {
    const auditDate = auditDates.get(x.auditFile);
    const age = auditDate && isIsoDate(auditDate) ? daysBetween(auditDate, asOf) : undefined;
    const overdue = x.status === 'open' && x.due && isIsoDate(x.due) ? daysBetween(x.due, asOf) : 0;
    return {
      audit: x.audit,
      auditFile: x.auditFile,
      id: x.id,
      title: x.title,
      severity: x.severity,
      status: x.status,
      ...(auditDate ? { auditDate } : {}),
      ...(x.due ? { due: x.due } : {}),
      ...(x.owner ? { owner: x.owner } : {}),
      ...(age !== undefined ? { ageDays: age } : {}),
      ...(overdue > 0 ? { overdueDays: overdue } : {}),
    };
  });
  const byGroup = {} as Record<KpiGroup, ReturnType<typeof scoreOf>>;
  for (const g of KPI_GROUPS) byGroup[g] = scoreOf(m.checks.filter((c) => groupOf(c.id) === g).map((c) => c.outcome));
  const model: KpiModel = {
    repository,
    path: m.path,
    name: m.name,
    riskTier: m.riskTier,
    outcome: m.outcome,
    license: [...(f.license ?? [])],
    compliance: { overall: addScores(Object.values(byGroup)), byGroup },
    checks: m.checks.map((c) => ({ id: c.id, level: c.level, outcome: c.outcome })),
    audit: { limitDays, audits, independentFresh: audits.some((a) => isFreshIndependent(a, limitDays)) },
    findings,
    datasets: f.datasets.map((d) => ({
      ref: d.ref,
      ...(d.manifest ? { manifest: d.manifest } : {}),
      ...(d.name ? { name: d.name } : {}),
      ...(d.license ? { license: d.license } : {}),
      files: d.files.map((x) => ({ path: x.path, verified: x.verified, ...(x.sha256 ? { sha256: x.sha256 } : {}), ...(x.size !== undefined ? { size: x.size } : {}), ...(x.problem ? { problem: x.problem } : {}) })),
    })),
  };
  if (f.card) model.card = f.card;
  if (f.owner) model.owner = f.owner;
  if (f.vendor) model.vendor = { ...f.vendor };
  if (f.exportControl) model.exportControl = structuredClone(f.exportControl);
  if (f.carbon) {
    const c = f.carbon;
    model.carbon = { kg: c.kg, original: c.original, source: c.source, file: c.file, ...(c.kwh !== undefined ? { kwh: c.kwh } : {}) };
  }
  if (f.safety && f.safety.length > 0) model.safety = structuredClone(f.safety);
  if (f.vendor) model.vendorChecklist = vendorChecklist(model, asOf);
  return model;
}

export function isFreshIndependent(a: KpiAudit, limitDays: number): boolean {
  return a.independent && a.ageDays !== undefined && a.ageDays >= 0 && a.ageDays <= limitDays;
}

/** True when at least one of the checks ran and every one that ran (not skipped) passed. */
function clean(model: Pick<KpiModel, 'checks'>, ids: readonly CheckId[]): boolean | undefined {
  const ran = model.checks.filter((c) => ids.includes(c.id) && c.outcome !== 'skipped');
  if (ran.length === 0) return undefined;
  return ran.every((c) => c.outcome === 'pass');
}

// Which checks count towards an item is written in each check's catalogue entry.
const CARD_CHECKS = checksOfVendorItem('card');
const PROVENANCE_CHECKS = checksOfVendorItem('datasetProvenance');
const EXPORT_CHECKS = checksOfVendorItem('exportControl');
const SAFETY_CHECKS = checksOfVendorItem('safetyTesting');

/**
 * The vendor checklist of a third-party model. Items are read from facts where facts exist, and from
 * check outcomes where only a check knows (sections, provenance fields), so a check turned off by
 * the policy does not make an item pass by itself.
 */
export function vendorChecklist(model: Omit<KpiModel, 'vendorChecklist'>, asOf: string): VendorChecklist {
  const reviewed = model.exportControl?.reviewed;
  return {
    card: model.card !== undefined && clean(model, CARD_CHECKS) !== false,
    datasetProvenance: model.datasets.length > 0 && model.datasets.every((d) => d.manifest !== undefined) && clean(model, PROVENANCE_CHECKS) !== false,
    audit: model.audit.independentFresh,
    carbon: model.carbon !== undefined,
    exportControl: reviewed !== undefined && isIsoDate(reviewed) && reviewed <= asOf && clean(model, EXPORT_CHECKS) !== false,
    safetyTesting: (['bias', 'red-team'] as const).every((k) => model.safety?.some((s) => s.kind === k)) && clean(model, SAFETY_CHECKS) !== false,
  };
}
