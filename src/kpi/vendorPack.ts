// Vendor due diligence in Markdown: one section per vendor for the board pack, and `modelgate report
// --format vendor`, the pack a procurement team sends to a supplier (what is met, with the evidence,
// and what is asked for). Repository text goes through md()/code(); link targets through pathHref/urlHref.
import { code, md } from '../report/escape.js';
import { modelLabel, percent, VENDOR_LABEL } from './format.js';
import type { KpiModel, KpiReport, VendorSummary } from './types.js';
import { itemsMet, pathHref, urlHref, VENDOR_REQUEST, vendorItemViews, vendorModels, type Evidence } from './vendor.js';

const YES = '✅ met';
const NO = '❌ not met';

/** GFM splits table rows on every unescaped pipe, even inside code spans. */
function cell(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Evidence as a Markdown link (single-repository reports) or as a path (merged ones, whose paths belong to several repositories). */
export function evidenceMarkdown(kpi: KpiReport, m: KpiModel, e: Evidence): string {
  if (e.url) {
    const href = urlHref(e.url);
    return href ? `[${md(e.label)}](${href})` : `${md(e.label)}: ${code(e.url)}`;
  }
  if (!e.path) return md(e.label);
  if (kpi.repositories.length > 1) return `${md(e.label)}: ${code(`${m.repository}:${e.path}`)}`;
  return `[${md(e.label)}: ${code(e.path)}](${pathHref(e.path)})`;
}

/** One vendor: its score, then per model the six items, met or not, with evidence or the reason. */
export function vendorSectionMarkdown(kpi: KpiReport, v: VendorSummary, level: number): string[] {
  const hashes = '#'.repeat(level);
  const { met, total } = itemsMet(v);
  const lines = [`${hashes} ${md(v.name)}: ${met} of ${total} checklist items met (vendor score ${percent(v.score)})`, ''];
  for (const m of vendorModels(kpi, v)) {
    const ref = v.models.find((x) => x.repository === m.repository && x.path === m.path);
    lines.push(`**${code(modelLabel(kpi, m))}**${ref?.contract ? ` · contract ${md(ref.contract)}` : ''} · risk tier ${m.riskTier ?? 'not set'} · ${percent(ref?.score ?? null)} of items met`, '');
    lines.push(row(['Checklist item', 'Status', 'Evidence', 'Why not met']), '|---|---|---|---|');
    for (const item of vendorItemViews(m)) {
      lines.push(row([VENDOR_LABEL[item.item], item.met ? YES : NO, item.evidence.length > 0 ? item.evidence.map((e) => evidenceMarkdown(kpi, m, e)).join('<br>') : '—', item.met ? '' : md(item.why)]));
    }
    lines.push('');
  }
  return lines;
}

export interface VendorPackOptions {
  /** Only this vendor (already checked to exist); default: every vendor. */
  vendors?: VendorSummary[];
}

/** The supplier pack: per vendor, a standalone document separated by a rule. */
export function renderVendorPack(kpi: KpiReport, options: VendorPackOptions = {}): string {
  const vendors = options.vendors ?? kpi.vendors;
  if (vendors.length === 0) return `# Vendor due diligence\n\nNo model names a vendor (\`governance.vendor\` in its model card) as of ${kpi.asOf}.\n`;
  const docs = vendors.map((v) => {
    const lines = [`# Vendor due diligence: ${md(v.name)}`, ''];
    lines.push(`As of **${kpi.asOf}** · ${v.models.length} model(s) · generated ${md(kpi.generatedAt)} by modelgate ${md(kpi.tool.version)}`, '');
    lines.push(
      'This pack lists, for each model you supply, the six items of our vendor due-diligence checklist, whether the evidence we hold meets each one, ' +
        'and, where it does not, what we ask you to provide. Evidence paths are relative to our model repository.',
      '',
    );
    lines.push(...vendorSectionMarkdown(kpi, v, 2));
    const asks = vendorModels(kpi, v).flatMap((m) => vendorItemViews(m).filter((i) => !i.met).map((i) => ({ m, i })));
    lines.push('## What we ask you to provide', '');
    if (asks.length === 0) lines.push('Nothing: every item is met. Please tell us when any of this evidence changes.', '');
    for (const { m, i } of asks) lines.push(`- **${code(modelLabel(kpi, m))}, ${VENDOR_LABEL[i.item]}** (${md(i.why)}): ${VENDOR_REQUEST[i.item]}`);
    if (asks.length > 0) lines.push('');
    lines.push('## How the score is computed', '', md(kpi.methods.vendors));
    return lines.join('\n');
  });
  return docs.join('\n\n---\n\n') + '\n';
}
