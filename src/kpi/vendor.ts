// Vendor due diligence as the checklist reads: for each third-party model, the six items, each met
// or not, with the evidence files behind it (repository-relative paths, or an https report URL) and,
// when not met, why and what to ask the supplier for. Pure: read from the KPI model records.
import type { CheckId } from '../types.js';
import { VENDOR_ITEMS, type KpiModel, type KpiReport, type VendorItem, type VendorSummary } from './types.js';

export interface Evidence {
  /** Repository-relative path of the evidence file. */
  path?: string;
  /** An http(s) URL (an audit or evaluation report held elsewhere). */
  url?: string;
  /** What the file is, e.g. "audit AUD-7 (2026-06-01)". */
  label: string;
}

export interface ItemView {
  item: VendorItem;
  met: boolean;
  evidence: Evidence[];
  /** Why the item is not met (empty when met). */
  why: string;
}

/** What a procurement team asks a supplier for when an item is not met. */
export const VENDOR_REQUEST: Record<VendorItem, string> = {
  card: 'A model card (Hugging Face format) with governance metadata: risk tier, owner, intended use, licence, limitations, training data and evaluation.',
  datasetProvenance: 'A manifest for every training and evaluation dataset (datasheet or Croissant) with its source, licence, collection method and the SHA-256 of each file.',
  audit: 'An independent audit of the model, no older than the age limit for its risk tier: auditor, date, scope, standard, findings with severity and remediation status, and the report with its SHA-256.',
  carbon: 'The training emissions: a CodeCarbon or CycloneDX report, or co2_eq_emissions in the card.',
  exportControl: 'The export-control classification (e.g. ECCN or EAR99), the jurisdictions it was assessed under, and the date of the review.',
  safetyTesting: 'Bias and red-team evaluation results: evaluator and independence, method or standard, data slices, metrics against thresholds, issues found with their status, and mitigations.',
};

const CARD_CHECKS: CheckId[] = ['card.present', 'card.metadata', 'card.fields', 'card.sections', 'card.license'];
const PROVENANCE_CHECKS: CheckId[] = ['datasets.manifest', 'datasets.provenance'];

function failing(m: KpiModel, ids: readonly CheckId[]): CheckId[] {
  return m.checks.filter((c) => ids.includes(c.id) && c.outcome !== 'pass' && c.outcome !== 'skipped').map((c) => c.id);
}

function checksWhy(m: KpiModel, ids: readonly CheckId[]): string {
  const bad = failing(m, ids);
  return bad.length > 0 ? `${bad.join(', ')} did not pass` : '';
}

/** The six items of one third-party model, in checklist order. */
export function vendorItemViews(m: KpiModel): ItemView[] {
  const checklist = m.vendorChecklist;
  const card: Evidence[] = m.card ? [{ path: m.card, label: 'model card' }] : [];
  return VENDOR_ITEMS.map((item) => {
    const met = checklist?.[item] ?? false;
    const { evidence, why } = details(m, item, card);
    return { item, met, evidence, why: met ? '' : why || 'not met' };
  });
}

function details(m: KpiModel, item: VendorItem, card: Evidence[]): { evidence: Evidence[]; why: string } {
  switch (item) {
    case 'card':
      return { evidence: card, why: m.card ? checksWhy(m, CARD_CHECKS) : 'the model has no card' };
    case 'datasetProvenance': {
      const evidence = m.datasets.flatMap((d) => (d.manifest ? [{ path: d.manifest, label: `dataset ${d.name ?? d.ref}` }] : []));
      const missing = m.datasets.filter((d) => !d.manifest).map((d) => d.ref);
      const why = m.datasets.length === 0 ? 'the card lists no dataset' : missing.length > 0 ? `no manifest for ${missing.join(', ')}` : checksWhy(m, PROVENANCE_CHECKS);
      return { evidence, why };
    }
    case 'audit': {
      const evidence = m.audit.audits.flatMap((a) => {
        const label = `audit ${a.id}${a.date ? ` (${a.date})` : ''}${a.independent ? ', independent' : ''}`;
        const report: Evidence[] = a.report?.path ? [{ path: a.report.path, label: `audit ${a.id} report` }] : a.report?.url ? [{ url: a.report.url, label: `audit ${a.id} report` }] : [];
        return [{ path: a.file, label }, ...report];
      });
      const independent = m.audit.audits.find((a) => a.independent);
      const why =
        m.audit.audits.length === 0
          ? 'no audit covers the model'
          : !independent
            ? 'no independent audit'
            : `no independent audit within ${m.audit.limitDays} days (newest: ${independent.id}, ${independent.ageDays ?? 'undated'}${independent.ageDays !== undefined ? ' days old' : ''})`;
      return { evidence, why };
    }
    case 'carbon':
      return { evidence: m.carbon ? [{ path: m.carbon.file, label: `carbon figure (${m.carbon.source})` }] : [], why: 'no carbon figure' };
    case 'exportControl': {
      const ec = m.exportControl;
      const why = !ec ? 'no governance.export_control in the card' : !ec.reviewed ? 'no review date (governance.export_control.reviewed)' : checksWhy(m, ['export.control']) || `review date ${ec.reviewed} is not a past date`;
      const label = ec ? `export control: ${[ec.classification ?? 'no classification', ...(ec.reviewed ? [`reviewed ${ec.reviewed}`] : [])].join(', ')}` : '';
      return { evidence: ec && m.card ? [{ path: m.card, label }] : [], why };
    }
    case 'safetyTesting': {
      const safety = m.safety ?? [];
      const evidence = safety.map((s) => ({ path: s.file, label: `${s.kind} evaluation ${s.id}${s.date ? ` (${s.date})` : ''}` }));
      const kinds = (['bias', 'red-team'] as const).filter((k) => !safety.some((s) => s.kind === k));
      const why = kinds.length > 0 ? `no ${kinds.join(' and no ')} evaluation covers the model` : checksWhy(m, ['safety.bias', 'safety.redteam']);
      return { evidence, why };
    }
  }
}

export function vendorModels(kpi: KpiReport, v: VendorSummary): KpiModel[] {
  return v.models.flatMap((ref) => kpi.models.filter((m) => m.repository === ref.repository && m.path === ref.path));
}

/** Items met over all the vendor's models, e.g. "4 of 6". */
export function itemsMet(v: VendorSummary): { met: number; total: number } {
  return VENDOR_ITEMS.reduce((acc, i) => ({ met: acc.met + v.items[i].met, total: acc.total + v.items[i].total }), { met: 0, total: 0 });
}

/** Finds vendors by name, case-insensitive; undefined picks all. */
export function pickVendors(kpi: KpiReport, name: string | undefined): VendorSummary[] | { unknown: string; known: string[] } {
  if (name === undefined) return kpi.vendors;
  const wanted = name.trim().toLowerCase();
  const found = kpi.vendors.filter((v) => v.name.toLowerCase() === wanted);
  return found.length > 0 ? found : { unknown: name, known: kpi.vendors.map((v) => v.name) };
}

/** A repository-relative path as a link target: every segment percent-encoded, so no scheme, query or Markdown syntax survives. */
export function pathHref(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => encodeURIComponent(s).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** An http(s) URL normalised by the URL parser, with the characters Markdown link syntax reads encoded; undefined otherwise. */
export function urlHref(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return u.href.replace(/[()<>"' ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
