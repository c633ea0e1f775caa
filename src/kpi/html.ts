// The KPI report as one self-contained HTML file (a board pack): inline CSS and SVG, no script, no
// external font, stylesheet or image; a Content-Security-Policy forbids loading anything. Print CSS
// gives A4 pages, repeated table headers and page breaks between the major sections.
import { SEVERITIES, type Severity } from '../types.js';
import { html } from '../report/escape.js';
import { TIER_COLOR, carbonUnit, formatKg, fteText, METHOD_KEYS, METHOD_LABELS, modelLabel, percent, repositoriesLabel, round3, sampleTrend, scoreText, TIER_LABEL, VENDOR_LABEL, workforceErrors } from './format.js';
import { budgetText } from './workforce.js';
import { itemsMet, pathHref, urlHref, vendorItemViews, vendorModels, type Evidence } from './vendor.js';
import { barChart, stepChart } from './svg.js';
import { KPI_GROUPS, TIER_KEYS, VENDOR_ITEMS, type KpiModel, type KpiReport, type Score } from './types.js';

export interface KpiHtmlOptions {
  /** Rows shown per long table (default 500). */
  maxRows?: number;
}

const SEVERITY_COLOR: Record<Severity, string> = { critical: '#6e0000', high: '#cf222e', medium: '#bf8700', low: '#2f6fb0', info: '#8c959f' };

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; break-after: avoid; }
h3 { font-size: 15px; margin: 18px 0 8px; break-after: avoid; }
p { margin: 6px 0 10px; }
.meta { color: #57606a; margin-bottom: 18px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 16px 0 8px; }
.headline { font-size: 24px; font-weight: 650; border-radius: 8px; padding: 12px 16px; margin: 12px 0 4px; break-inside: avoid; }
.headline.bad { color: #82071e; background: #ffebe9; border: 1px solid #cf222e; }
.headline.good { color: #116329; background: #dafbe1; border: 1px solid #1a7f37; }
.reasons { margin: 6px 0 12px; }
.tile { border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 14px; break-inside: avoid; }
.tile .value { font-size: 24px; font-weight: 650; }
.tile .label { color: #57606a; font-size: 12.5px; }
.tile.bad .value { color: #cf222e; }
.tile.good .value { color: #1a7f37; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 12.5px; }
th, td { border: 1px solid #d0d7de; padding: 5px 7px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; overflow-wrap: break-word; }
.ok { color: #1a7f37; font-weight: 600; }
.no { color: #cf222e; font-weight: 600; }
.ok, .no, .nowrap { white-space: nowrap; }
.warn { color: #9a6700; }
.alert { border-left: 4px solid #cf222e; background: #fff5f5; padding: 8px 12px; margin: 12px 0; }
.note { border-left: 4px solid #bf8700; background: #fff8e5; padding: 8px 12px; margin: 12px 0; }
figure { margin: 10px 0 14px; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 12px; }
.methods dt { font-weight: 600; margin-top: 8px; }
.methods dd { margin: 2px 0 6px 0; }
footer { color: #57606a; font-size: 12px; margin-top: 28px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 11.5px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  .new-page { break-before: page; }
  h2 { margin-top: 0; }
  section { margin-top: 18px; }
  a { color: inherit; text-decoration: none; }
}
`;

export function renderKpiHtml(kpi: KpiReport, options: KpiHtmlOptions = {}): string {
  const max = options.maxRows ?? 500;
  const title = `Model governance KPI report: ${repositoriesLabel(kpi)} (${kpi.asOf})`;
  const body = [cover(kpi), tiersSection(kpi), highRiskSection(kpi, max), complianceSection(kpi, max), findingsSection(kpi, max), datasetsSection(kpi, max), vendorsSection(kpi, max), carbonSection(kpi, max), workforceSection(kpi, max), methodsSection(kpi)].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="modelgate ${h(kpi.tool.version)}">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
<footer>Generated ${h(kpi.generatedAt)} by modelgate ${h(kpi.tool.version)} · KPI report schema v${kpi.schemaVersion}</footer>
</main>
</body>
</html>
`;
}

function h(s: string): string {
  return html(s);
}

/** Code text; paths may break after a slash rather than anywhere. */
function c(s: string): string {
  return `<code>${h(s).replace(/\//g, '/<wbr>')}</code>`;
}

/** A date (or other short token) that must not wrap in a narrow column. */
function d(s: string): string {
  return `<span class="nowrap">${h(s)}</span>`;
}

interface Column {
  head: string;
  num?: boolean;
}

function table(columns: readonly (Column | string)[], rows: readonly string[][], max: number, what = 'rows'): string {
  const cols = columns.map((x) => (typeof x === 'string' ? { head: x } : x));
  const head = `<thead><tr>${cols.map((x) => `<th${x.num ? ' class="num"' : ''}>${x.head}</th>`).join('')}</tr></thead>`;
  const body = rows
    .slice(0, max)
    .map((r) => `<tr>${r.map((cell, i) => `<td${cols[i]?.num ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`)
    .join('');
  const more = rows.length > max ? `<p>…and ${rows.length - max} more ${what} (the JSON report lists them all).</p>` : '';
  return `<table>${head}<tbody>${body}</tbody></table>${more}`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${h(caption)}</figcaption></figure>`;
}

function tile(value: string, label: string, tone: 'good' | 'bad' | '' = ''): string {
  return `<div class="tile ${tone}"><div class="value">${h(value)}</div><div class="label">${h(label)}</div></div>`;
}

function cover(kpi: KpiReport): string {
  const hr = kpi.highRiskAudit;
  const meta = [`As of <strong>${h(kpi.asOf)}</strong>`, `${kpi.models.length} model(s)`, `${kpi.repositories.length} repositor${kpi.repositories.length === 1 ? 'y' : 'ies'}`];
  const parts = [`<header><h1>Model governance KPI report</h1><div class="meta">${h(repositoriesLabel(kpi))} · ${meta.join(' · ')}</div></header>`];
  const errors = kpi.repositories.flatMap((r) => r.policy.errors.map((e) => `<li>${kpi.repositories.length > 1 ? `${c(r.name)}: ` : ''}${h(e)}</li>`));
  if (errors.length > 0) parts.push(`<div class="alert"><strong>The policy configuration is invalid.</strong> The checks ran with the baseline preset, so these figures do not reflect the intended policy.<ul>${errors.join('')}</ul></div>`);
  parts.push(gateHeadline(kpi));
  const overall = kpi.compliance.overall;
  parts.push(
    `<div class="tiles">${[
      tile(String(kpi.models.length), `models (${kpi.tiers.high} high-risk)`),
      tile(hr.models === 0 ? '—' : percent(hr.share), hr.models === 0 ? 'no high-risk model' : `high-risk models with a fresh independent audit (${hr.covered} of ${hr.models})`, hr.models === 0 ? '' : hr.covered === hr.models ? 'good' : 'bad'),
      tile(percent(overall.score), `compliance score (${overall.pass} of ${overall.evaluated} checks pass)`),
      tile(String(kpi.findings.open), `open audit findings, ${kpi.findings.overdue} overdue`, kpi.findings.overdue > 0 ? 'bad' : ''),
      tile(`${kpi.datasets.unverified.length} / ${kpi.datasets.total}`, 'datasets without a verified hash', kpi.datasets.unverified.length > 0 ? 'bad' : kpi.datasets.total > 0 ? 'good' : ''),
      tile(String(kpi.vendors.reduce((n, v) => n + v.models.length, 0)), `third-party models from ${kpi.vendors.length} vendor(s)`),
      tile(formatKg(kpi.carbon.totalKg), `CO2eq reported for ${kpi.carbon.modelsWithFigure} of ${kpi.models.length} model(s)`),
      tile(
        `${kpi.workforce.headcount} / ${fteText(kpi.workforce.exposureFte)}`,
        `people in running reskilling / FTE affected by the models (${percent(kpi.workforce.coverage)})`,
        kpi.workforce.exposureFte === 0 ? '' : kpi.workforce.headcount >= kpi.workforce.exposureFte ? 'good' : 'bad',
      ),
    ].join('')}</div>`,
  );
  if (kpi.repositories.length === 1) {
    const r = kpi.repositories[0];
    if (r) parts.push(`<p class="meta">Policy: ${h(r.policy.source)}${r.policy.extends ? ` (extends ${c(r.policy.extends)})` : ''}${r.head ? ` · commit ${c(r.head.slice(0, 12))}` : ''}</p>`);
  } else {
    parts.push(table(['Repository', 'As of', { head: 'Models', num: true }, 'Verdict', 'Policy'], kpi.repositories.map((r) => [c(r.name), d(r.asOf), String(r.models), h(r.verdict), h(r.policy.source)]), 1000));
  }
  return `<section>${parts.join('\n')}</section>`;
}

/** The first thing read: how many models fail the gate and the checks that fail them, before any percentage. */
function gateHeadline(kpi: KpiReport): string {
  const g = kpi.gate;
  const tone = g.failing > 0 ? 'bad' : g.models > 0 ? 'good' : '';
  const reasons = g.reasons.map((r) => `<li>${h(r.phrase)} (${c(r.check)}): ${r.models} of ${g.models} model(s)</li>`).join('');
  return `<p class="headline ${tone}" id="gate">${h(g.headline)}</p>${reasons ? `<ul class="reasons">${reasons}</ul>` : ''}`;
}

function tiersSection(kpi: KpiReport): string {
  const present = TIER_KEYS.filter((t) => kpi.tiers[t] > 0);
  const chart = present.length === 0 ? '<p>No model.</p>' : figure(barChart(present.map((t) => ({ label: TIER_LABEL[t], value: kpi.tiers[t], color: TIER_COLOR[t] })), { title: 'Models by risk tier', labelWidth: 110, width: 520 }), 'Models by governance.risk_tier in the model card.');
  return `<section><h2>1. Models by risk tier</h2>${chart}</section>`;
}

function highRiskSection(kpi: KpiReport, max: number): string {
  const hr = kpi.highRiskAudit;
  if (hr.models === 0) return `<section><h2>2. High-risk models: independent audit</h2><p>No model has <code>governance.risk_tier: high</code>.</p></section>`;
  const rows = [...hr.entries]
    .sort((a, b) => Number(a.ok) - Number(b.ok) || a.path.localeCompare(b.path))
    .map((e) => [yesNo(e.ok), c(modelLabel(kpi, e)), e.audit ? `${h(e.audit.id)}${e.audit.auditor ? ` (${h(e.audit.auditor)})` : ''}` : '—', d(e.audit?.date ?? '—'), e.audit?.ageDays !== undefined ? String(e.audit.ageDays) : '—', String(e.limitDays), h(e.reason)]);
  return `<section><h2>2. High-risk models: independent audit within the policy's age limit</h2>
<p><strong>${hr.covered} of ${hr.models} (${percent(hr.share)})</strong> high-risk models are covered by an independent audit younger than the policy's limit.</p>
${table(['', 'Model', 'Independent audit', 'Date', { head: 'Age (days)', num: true }, { head: 'Limit (days)', num: true }, 'Why'], rows, max, 'models')}</section>`;
}

function yesNo(ok: boolean): string {
  return ok ? '<span class="ok">✔ yes</span>' : '<span class="no">✘ no</span>';
}

function complianceSection(kpi: KpiReport, max: number): string {
  const groups = KPI_GROUPS.filter((g) => kpi.compliance.byGroup[g].evaluated + kpi.compliance.byGroup[g].waived + kpi.compliance.byGroup[g].skipped > 0);
  const bars: { label: string; value: number; display: string }[] = groups.map((g) => ({ label: g, value: (kpi.compliance.byGroup[g].score ?? 0) * 100, display: percent(kpi.compliance.byGroup[g].score) }));
  bars.push({ label: 'all checks', value: (kpi.compliance.overall.score ?? 0) * 100, display: percent(kpi.compliance.overall.score) });
  const scoreRow = (label: string, s: Score): string[] => [label, percent(s.score), String(s.pass), String(s.evaluated), String(s.fail), String(s.warn), String(s.error), String(s.waived), String(s.skipped)];
  const numCols = ['Score', 'Passed', 'Evaluated', 'Failed', 'Warnings', 'Errors', 'Waived', 'Skipped'].map((x) => ({ head: x, num: true }));
  const models = [...kpi.models].sort((a, b) => (a.compliance.overall.score ?? 2) - (b.compliance.overall.score ?? 2) || a.path.localeCompare(b.path));
  const modelRows = models.map((m) => [c(modelLabel(kpi, m)), h(m.riskTier ?? '—'), m.outcome === 'pass' ? '<span class="ok">pass</span>' : '<span class="no">fail</span>', h(scoreText(m.compliance.overall)), ...groups.map((g) => percent(m.compliance.byGroup[g].score))]);
  return `<section class="new-page"><h2>3. Compliance score</h2>
<p>Overall <strong>${h(scoreText(kpi.compliance.overall))}</strong>. ${h(kpi.methods.compliance)}</p>
${figure(barChart(bars, { title: 'Compliance score by check group', max: 100, labelWidth: 110, width: 560 }), 'Share of evaluated checks that pass, per check group.')}
${table(['Check group', ...numCols], [...groups.map((g) => scoreRow(g, kpi.compliance.byGroup[g])), scoreRow('<strong>all</strong>', kpi.compliance.overall)], 100)}
<h3>Per model (lowest score first)</h3>
${table(['Model', 'Tier', 'Verdict', 'Score', ...groups.map((g) => ({ head: g, num: true }))], modelRows, max, 'models')}</section>`;
}

function findingsSection(kpi: KpiReport, max: number): string {
  const f = kpi.findings;
  if (f.open === 0) return `<section class="new-page"><h2>4. Open audit findings</h2><p>No open finding in the audits that cover the models.</p></section>`;
  const sevs = SEVERITIES.filter((s) => f.bySeverity[s] > 0);
  const chart = barChart(
    sevs.map((s) => ({ label: s, value: f.bySeverity[s], color: SEVERITY_COLOR[s] })),
    { title: 'Open findings by severity', labelWidth: 90, width: 480 },
  );
  const ageRows = f.byAge.filter((r) => r.total > 0).map((r) => [h(r.bucket === 'unknown' ? 'unknown (audit undated)' : `${r.bucket} days`), ...sevs.map((s) => String(r.bySeverity[s])), String(r.total)]);
  ageRows.push(['<strong>all</strong>', ...sevs.map((s) => String(f.bySeverity[s])), String(f.open)]);
  const rows = f.items.map((x) => [
    x.overdueDays !== undefined ? `<span class="no">${x.overdueDays} d overdue</span>` : '',
    `${h(x.audit)} / ${h(x.id)}: ${h(x.title)}`,
    `<span style="color:${SEVERITY_COLOR[x.severity]};font-weight:600">${h(x.severity)}</span>`,
    x.models.map((p) => c(modelLabel(kpi, { repository: x.repository, path: p }))).join(', '),
    d(x.due ?? '—'),
    x.ageDays !== undefined ? String(x.ageDays) : '—',
    h(x.owner ?? '—'),
  ]);
  return `<section class="new-page"><h2>4. Open audit findings</h2>
<p><strong>${f.open} open, ${f.overdue} overdue.</strong> Age is counted from the date of the audit that raised the finding.</p>
${figure(chart, 'Open findings in the audits covering the models, by severity.')}
<h3>By age and severity</h3>
${table(['Age', ...sevs.map((s) => ({ head: h(s), num: true })), { head: 'Total', num: true }], ageRows, 100)}
<h3>Open findings, overdue first</h3>
${table(['Overdue', 'Finding', 'Severity', 'Model(s)', 'Due', { head: 'Age (days)', num: true }, 'Owner'], rows, max, 'findings')}</section>`;
}

function datasetsSection(kpi: KpiReport, max: number): string {
  const d = kpi.datasets;
  const head = '<h2>5. Datasets without a verified hash</h2>';
  if (d.total === 0) return `<section>${head}<p>The models list no dataset.</p></section>`;
  if (d.unverified.length === 0) return `<section>${head}<p class="ok">All ${d.total} dataset(s) have every file verified against its SHA-256.</p></section>`;
  const rows = d.unverified.map((x) => [c(x.name ?? x.ref), x.manifest ? c(x.manifest) : '—', h(x.reason), x.models.map((p) => c(modelLabel(kpi, { repository: x.repository, path: p }))).join(', ')]);
  return `<section>${head}<p><strong>${d.unverified.length} of ${d.total}</strong> dataset(s) used by the models have a file whose SHA-256 could not be verified.</p>
${table(['Dataset', 'Manifest', 'Why', 'Used by'], rows, max, 'datasets')}</section>`;
}

function vendorsSection(kpi: KpiReport, max: number): string {
  const head = '<h2>6. Third-party models</h2>';
  if (kpi.vendors.length === 0) return `<section>${head}<p>No model names a vendor (<code>governance.vendor</code>).</p></section>`;
  const chart = barChart(
    kpi.vendors.map((v) => ({ label: v.name, value: v.score * 100, display: percent(v.score) })),
    { title: 'Vendor checklist score', max: 100, labelWidth: 200, width: 600 },
  );
  const summaryRows = kpi.vendors.map((v) => [h(v.name), String(v.models.length), ...VENDOR_ITEMS.map((i) => `${v.items[i].met}/${v.items[i].total}`), `<strong>${percent(v.score)}</strong>`]);
  const modelRows = kpi.vendors.flatMap((v) => v.models.map((m) => [h(v.name), c(modelLabel(kpi, m)), h(m.contract ?? '—'), ...VENDOR_ITEMS.map((i) => yesNo(m.checklist[i])), percent(m.score)]));
  return `<section>${head}
${figure(chart, 'Share of checklist items met over each vendor\'s models.')}
${table(['Vendor', { head: 'Models', num: true }, ...VENDOR_ITEMS.map((i) => VENDOR_LABEL[i]), { head: 'Score', num: true }], summaryRows, max, 'vendors')}
<h3>Per model</h3>
${table(['Vendor', 'Model', 'Contract', ...VENDOR_ITEMS.map((i) => VENDOR_LABEL[i]), { head: 'Score', num: true }], modelRows, max, 'models')}
<p>Vendor score: ${h(kpi.methods.vendors)}</p>
${kpi.vendors.slice(0, max).map((v) => vendorDueDiligence(kpi, v, max)).join('\n')}</section>`;
}

/** One vendor as the checklist reads: per model, the six items met or not, with links to the evidence. */
function vendorDueDiligence(kpi: KpiReport, v: KpiReport['vendors'][number], max: number): string {
  const { met, total } = itemsMet(v);
  const parts = [`<h3>Vendor: ${h(v.name)}: ${met} of ${total} checklist items met (vendor score ${percent(v.score)})</h3>`];
  for (const m of vendorModels(kpi, v)) {
    const ref = v.models.find((x) => x.repository === m.repository && x.path === m.path);
    parts.push(`<p>${c(modelLabel(kpi, m))}${ref?.contract ? ` · contract ${h(ref.contract)}` : ''} · risk tier ${h(m.riskTier ?? 'not set')} · ${percent(ref?.score ?? null)} of items met</p>`);
    const rows = vendorItemViews(m).map((i) => [h(VENDOR_LABEL[i.item]), yesNo(i.met), i.evidence.length > 0 ? i.evidence.map((e) => evidenceLink(kpi, m.repository, e)).join('<br>') : '—', h(i.why)]);
    parts.push(table(['Checklist item', 'Met', 'Evidence', 'Why not met'], rows, max));
  }
  return parts.join('\n');
}

function evidenceLink(kpi: KpiReport, repository: string, e: Evidence): string {
  if (e.url) {
    const href = urlHref(e.url);
    return href ? `<a href="${h(href)}">${h(e.label)}</a>` : `${h(e.label)}: ${c(e.url)}`;
  }
  if (!e.path) return h(e.label);
  if (kpi.repositories.length > 1) return `${h(e.label)}: ${c(`${repository}:${e.path}`)}`;
  return `<a href="${h(pathHref(e.path))}">${h(e.label)}: ${c(e.path)}</a>`;
}

function carbonSection(kpi: KpiReport, max: number): string {
  const cb = kpi.carbon;
  const parts = [`<h2>7. Carbon</h2><p><strong>${h(formatKg(cb.totalKg))} CO2eq</strong> in total over ${cb.modelsWithFigure} of ${kpi.models.length} model(s)${cb.modelsWithEnergy > 0 ? `; ${round3(cb.totalKwh)} kWh over the ${cb.modelsWithEnergy} model(s) whose energy is known` : ''}.</p>`];
  const withFigure = kpi.models.filter((m): m is KpiModel & { carbon: NonNullable<KpiModel['carbon']> } => m.carbon !== undefined).sort((a, b) => b.carbon.kg - a.carbon.kg);
  if (withFigure.length > 0) {
    const { unit, factor } = carbonUnit(withFigure[0]?.carbon.kg ?? 0);
    const shown = withFigure.slice(0, 15);
    parts.push(figure(barChart(shown.map((m) => ({ label: modelLabel(kpi, m), value: m.carbon.kg * factor, display: formatKg(m.carbon.kg) })), { title: `Carbon per model (${unit} CO2eq)`, labelWidth: 230, width: 680 }), withFigure.length > shown.length ? `The ${shown.length} largest of ${withFigure.length} models.` : 'Reported training emissions per model.'));
    const rows = withFigure.map((m) => [c(modelLabel(kpi, m)), h(formatKg(m.carbon.kg)), m.carbon.kwh !== undefined ? `${round3(m.carbon.kwh)} kWh` : '—', h(m.carbon.original), h(m.carbon.source), c(m.carbon.file)]);
    parts.push(table(['Model', { head: 'CO2eq', num: true }, { head: 'Energy', num: true }, 'As written', 'Source', 'File'], rows, max, 'models'));
  }
  if (cb.withoutFigure.length > 0) parts.push(`<p class="warn">No carbon figure: ${cb.withoutFigure.slice(0, max).map((m) => c(modelLabel(kpi, m))).join(', ')}${cb.withoutFigure.length > max ? ` and ${cb.withoutFigure.length - max} more` : ''}.</p>`);
  parts.push('<h3>Trend over the repository history</h3>');
  const t = cb.trend;
  if (t.status === 'unavailable') parts.push(`<p>Not available: ${h(t.reason ?? 'unknown reason')}.</p>`);
  else {
    if (t.reason) parts.push(`<div class="note">${h(t.reason)}</div>`);
    if (t.points.length === 0) parts.push(`<p>No commit in the history changed a carbon figure (${t.commitsScanned} commit(s) touched the evidence).</p>`);
    else {
      const { unit, factor } = carbonUnit(Math.max(...t.points.map((p) => p.totalKg)));
      const sample = sampleTrend(t.points, 400);
      parts.push(figure(stepChart(sample.map((p) => ({ t: Date.parse(p.date), value: p.totalKg * factor })), { title: `Total carbon (${unit} CO2eq) over time`, unit: `${unit} CO2eq`, until: Date.parse(`${kpi.asOf}T23:59:59Z`) }), `Total after each change: ${t.points.length} change(s) in ${t.commitsScanned} commit(s) that touched a card or carbon report.`));
      const recent = [...t.points].reverse().slice(0, 20);
      const multi = kpi.repositories.length > 1;
      const rows = recent.map((p) => [d(p.date.slice(0, 10)), p.commit ? c(p.commit.slice(0, 12)) : 'working tree', ...(multi ? [c(p.repository)] : []), h(formatKg(p.totalKg)), p.changes.map((x) => `${c(x.model)} ${x.kg === null ? 'no figure' : h(formatKg(x.kg))}`).join(', ')]);
      parts.push('<h3>Latest changes</h3>', table(['Date', 'Commit', ...(multi ? ['Repository'] : []), { head: 'Total', num: true }, 'Changed'], rows, max));
    }
  }
  return `<section class="new-page">${parts.join('\n')}</section>`;
}

function workforceSection(kpi: KpiReport, max: number): string {
  const w = kpi.workforce;
  const parts = ['<h2>8. Workforce: reskilling against automation exposure</h2>'];
  for (const e of workforceErrors(kpi)) {
    parts.push(`<div class="alert"><strong>The workforce file is invalid${kpi.repositories.length > 1 ? ` in ${c(e.repository)}` : ''}</strong>: its programmes are not counted.<ul>${e.errors.map((x) => `<li>${h(x)}</li>`).join('')}</ul></div>`);
  }
  if (w.exposureFte === 0 && w.programmes.length === 0) {
    parts.push('<p>No model card declares <code>governance.workforce</code> and no reskilling programme is declared (<code>.github/modelgate-workforce.yml</code>).</p>');
    return `<section class="new-page">${parts.join('\n')}</section>`;
  }
  const affected = kpi.models.filter((m) => m.workforce !== undefined).length;
  parts.push(`<p><strong>${h(fteText(w.exposureFte))} FTE</strong> affected across ${affected} model(s); <strong>${w.headcount}</strong> people in running reskilling programmes (coverage ${h(percent(w.coverage))}); budget <strong>${h(budgetText(w.budget))}</strong>.</p>`);
  if (w.models.length > 0) {
    const shown = w.models.slice(0, 15);
    const bars = shown.flatMap((m) => [
      { label: `${modelLabel(kpi, m)}: FTE`, value: m.fte, display: `${fteText(m.fte)} FTE`, color: '#cf222e' },
      { label: `${modelLabel(kpi, m)}: reskilling`, value: m.headcount, display: `${m.headcount} people`, color: '#1a7f37' },
    ]);
    parts.push(figure(barChart(bars, { title: 'FTE affected and reskilling headcount per model', labelWidth: 260, width: 700 }), 'Per model: FTE the card declares as affected, and the headcount of the running programmes covering it.'));
    const rows = w.models.map((m) => [c(modelLabel(kpi, m)), h(fteText(m.fte)), String(m.headcount), h(percent(m.coverage)), m.programmes.length > 0 ? m.programmes.map(h).join(', ') : '—']);
    parts.push(table(['Model', { head: 'FTE affected', num: true }, { head: 'Reskilling headcount', num: true }, { head: 'Coverage', num: true }, 'Programmes'], rows, max, 'models'));
  }
  if (w.programmes.length > 0) {
    const rows = w.programmes.map((p) => [
      h(p.name),
      p.status === 'running' ? '<span class="ok">running</span>' : h(p.status),
      `${d(p.period.start)} to ${d(p.period.end)}`,
      String(p.headcount),
      h(budgetText([p.budget])),
      [...p.roles.map(h), ...p.models.map(c)].join(', '),
      p.covers.length > 0 ? p.covers.map((x) => c(modelLabel(kpi, { repository: p.repository, path: x }))).join(', ') : '—',
    ]);
    parts.push('<h3>Reskilling programmes</h3>', table(['Programme', 'Status', 'Period', { head: 'Headcount', num: true }, { head: 'Budget', num: true }, 'Roles or models', 'Covers'], rows, max, 'programmes'));
  }
  parts.push('<h3>Trend over the repository history</h3>');
  const t = w.trend;
  if (t.status === 'unavailable') parts.push(`<p>Not available: ${h(t.reason ?? 'unknown reason')}.</p>`);
  else {
    if (t.reason) parts.push(`<div class="note">${h(t.reason)}</div>`);
    if (t.points.length === 0) parts.push(`<p>No commit in the history changed these figures (${t.commitsScanned} commit(s) touched a card or the workforce file).</p>`);
    else {
      const sample = sampleTrend(t.points, 400);
      const until = Date.parse(`${kpi.asOf}T23:59:59Z`);
      parts.push(figure(stepChart(sample.map((p) => ({ t: Date.parse(p.date), value: p.exposureFte })), { title: 'FTE affected over time', unit: 'FTE', until, height: 200 }), 'FTE the model cards declare as affected, after each change.'));
      parts.push(figure(stepChart(sample.map((p) => ({ t: Date.parse(p.date), value: p.headcount })), { title: 'People in running reskilling programmes over time', unit: 'people', until, height: 200 }), `Headcount of the programmes running on each change's date: ${t.points.length} change(s) in ${t.commitsScanned} commit(s).`));
      const multi = kpi.repositories.length > 1;
      const rows = [...t.points].reverse().slice(0, 20).map((p) => [d(p.date.slice(0, 10)), p.commit ? c(p.commit.slice(0, 12)) : 'working tree', ...(multi ? [c(p.repository)] : []), h(fteText(p.exposureFte)), String(p.headcount), h(budgetText(p.budget))]);
      parts.push('<h3>Latest changes</h3>', table(['Date', 'Commit', ...(multi ? ['Repository'] : []), { head: 'FTE affected', num: true }, { head: 'Headcount', num: true }, { head: 'Budget', num: true }], rows, max));
    }
  }
  return `<section class="new-page">${parts.join('\n')}</section>`;
}

function methodsSection(kpi: KpiReport): string {
  const items = METHOD_KEYS.map((k) => `<dt>${h(METHOD_LABELS[k])}</dt><dd>${h(kpi.methods[k])}</dd>`).join('');
  return `<section class="new-page"><h2>How these figures are computed</h2><dl class="methods">${items}</dl></section>`;
}
