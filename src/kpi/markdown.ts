// The KPI report as GitHub Markdown, with Mermaid charts GitHub renders (pie, xychart-beta). Every
// string that comes from a repository goes through md()/code(); Mermaid blocks only ever contain
// fixed labels, dates and numbers.
import { SEVERITIES } from '../types.js';
import { code, md } from '../report/escape.js';
import { TIER_COLOR, formatKg, fteText, METHOD_KEYS, METHOD_LABELS, modelLabel, percent, repositoriesLabel, sampleTrend, scoreText, TIER_LABEL, VENDOR_LABEL, carbonUnit, round3, workforceErrors } from './format.js';
import { budgetText } from './workforce.js';
import { vendorSectionMarkdown } from './vendorPack.js';
import { AGE_BUCKETS, KPI_GROUPS, TIER_KEYS, VENDOR_ITEMS, type KpiModel, type KpiReport } from './types.js';

export interface KpiMarkdownOptions {
  /** Rows shown per long table before "…and N more" (default 200). */
  maxRows?: number;
  /** Points in the trend chart (default 24). */
  trendPoints?: number;
}

/** Mermaid's default xychart colour is a pale lavender that vanishes on white; GitHub honours init directives. */
const XY_THEME = `%%{init: ${JSON.stringify({ themeVariables: { xyChart: { plotColorPalette: '#2f6fb0' } } })}}%%`;

const YES = '✅';
const NO = '❌';

export function renderKpiMarkdown(kpi: KpiReport, options: KpiMarkdownOptions = {}): string {
  const max = options.maxRows ?? 200;
  const parts = [
    header(kpi),
    summary(kpi),
    tiers(kpi),
    highRisk(kpi, max),
    compliance(kpi, max),
    findings(kpi, max),
    datasets(kpi, max),
    vendors(kpi, max),
    carbon(kpi, max, options.trendPoints ?? 24),
    workforce(kpi, max, options.trendPoints ?? 24),
    methods(kpi),
  ];
  return parts.filter((p) => p !== '').join('\n\n') + '\n';
}

/** GFM splits table rows on every unescaped pipe, even inside code spans, where `\\|` shows as `|`. */
function cell(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|');
}

function table(head: string[], rows: string[][], max: number, what = 'rows'): string {
  const shown = rows.slice(0, max);
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...shown.map((r) => `| ${r.map(cell).join(' | ')} |`)];
  if (rows.length > max) lines.push('', `…and ${rows.length - max} more ${what} (the JSON report lists them all).`);
  return lines.join('\n');
}

function header(kpi: KpiReport): string {
  const lines = [`## modelgate KPI report: ${md(repositoriesLabel(kpi))}`, '', `**${md(kpi.gate.headline)}**`, ''];
  lines.push(`As of **${kpi.asOf}** · ${kpi.models.length} model(s) in ${kpi.repositories.length} repositor${kpi.repositories.length === 1 ? 'y' : 'ies'} · generated ${md(kpi.generatedAt)} by modelgate ${md(kpi.tool.version)}`);
  if (kpi.repositories.length === 1) {
    const r = kpi.repositories[0];
    if (r) lines.push('', `Policy: ${md(r.policy.source)}${r.policy.extends ? ` (extends ${code(r.policy.extends)})` : ''}${r.head ? ` · commit ${code(r.head.slice(0, 12))}` : ''}`);
  } else {
    lines.push('', table(['Repository', 'As of', 'Models', 'Verdict', 'Policy'], kpi.repositories.map((r) => [code(r.name), r.asOf, String(r.models), r.verdict, md(r.policy.source)]), 1000));
  }
  const errors = kpi.repositories.flatMap((r) => r.policy.errors.map((e) => `- ${kpi.repositories.length > 1 ? `${code(r.name)}: ` : ''}${md(e)}`));
  if (errors.length > 0) {
    lines.push('', '> ⛔ **The policy configuration is invalid**: the checks below ran with the baseline preset, so these figures do not reflect the intended policy.', '', ...errors);
  }
  return lines.join('\n');
}

function summary(kpi: KpiReport): string {
  const hr = kpi.highRiskAudit;
  const c = kpi.carbon;
  const rows = [
    ['Models failing the gate', kpi.gate.reasons.length === 0 ? `${kpi.gate.failing} of ${kpi.gate.models}` : `${kpi.gate.failing} of ${kpi.gate.models}: ${kpi.gate.reasons.map((r) => `${r.phrase} ${code(r.check)} (${r.models})`).join(', ')}`],
    ['Models', `${kpi.models.length} (${kpi.tiers.high} high-risk${kpi.tiers.prohibited ? `, ${kpi.tiers.prohibited} prohibited` : ''}${kpi.tiers.unset ? `, ${kpi.tiers.unset} without a tier` : ''})`],
    ['High-risk models with a fresh independent audit', hr.models === 0 ? 'no high-risk model' : `${hr.covered} of ${hr.models} (${percent(hr.share)})`],
    ['Compliance score (all checks)', scoreText(kpi.compliance.overall)],
    ['Open audit findings', `${kpi.findings.open} (${kpi.findings.overdue} overdue)`],
    ['Datasets without a verified hash', `${kpi.datasets.unverified.length} of ${kpi.datasets.total}`],
    ['Third-party models', kpi.vendors.length === 0 ? 'none' : `${kpi.vendors.reduce((n, v) => n + v.models.length, 0)} from ${kpi.vendors.length} vendor(s)`],
    ['Carbon (training, reported)', `${formatKg(c.totalKg)} CO2eq over ${c.modelsWithFigure} of ${kpi.models.length} model(s)`],
    ['Workforce: FTE affected / people in running reskilling', workforceLine(kpi)],
  ];
  return ['### Summary', '', table(['Indicator', 'Value'], rows, 100)].join('\n');
}

function tiers(kpi: KpiReport): string {
  const present = TIER_KEYS.filter((t) => kpi.tiers[t] > 0);
  const lines = ['### Models by risk tier', ''];
  if (present.length === 0) return [...lines, 'No model.'].join('\n');
  const colors = Object.fromEntries(present.map((t, i) => [`pie${i + 1}`, TIER_COLOR[t]]));
  lines.push('```mermaid', `%%{init: ${JSON.stringify({ themeVariables: colors })}}%%`, 'pie showData', '    title Models by risk tier', ...present.map((t) => `    "${TIER_LABEL[t]}" : ${kpi.tiers[t]}`), '```', '');
  lines.push(table(['Risk tier', 'Models'], present.map((t) => [TIER_LABEL[t], String(kpi.tiers[t])]), 100));
  return lines.join('\n');
}

function highRisk(kpi: KpiReport, max: number): string {
  const hr = kpi.highRiskAudit;
  const lines = ['### High-risk models with an independent audit within the policy\'s age limit', ''];
  if (hr.models === 0) return [...lines, 'No model has `governance.risk_tier: high`.'].join('\n');
  lines.push(`**${hr.covered} of ${hr.models} (${percent(hr.share)})**`, '');
  const rows = [...hr.entries]
    .sort((a, b) => Number(a.ok) - Number(b.ok) || a.path.localeCompare(b.path))
    .map((e) => [e.ok ? YES : NO, code(modelLabel(kpi, e)), e.audit ? `${md(e.audit.id)}${e.audit.auditor ? ` (${md(e.audit.auditor)})` : ''}` : '—', e.audit?.date ?? '—', e.audit?.ageDays !== undefined ? String(e.audit.ageDays) : '—', String(e.limitDays), md(e.reason)]);
  lines.push(table(['', 'Model', 'Independent audit', 'Date', 'Age (days)', 'Limit (days)', 'Why'], rows, max, 'models'));
  return lines.join('\n');
}

function compliance(kpi: KpiReport, max: number): string {
  const lines = ['### Compliance score', '', `Overall: **${scoreText(kpi.compliance.overall)}**. ${md(kpi.methods.compliance.split('. ')[0] ?? '')}.`, ''];
  const groups = KPI_GROUPS.filter((g) => kpi.compliance.byGroup[g].evaluated + kpi.compliance.byGroup[g].waived + kpi.compliance.byGroup[g].skipped > 0);
  const scored = groups.filter((g) => kpi.compliance.byGroup[g].score !== null);
  if (scored.length > 0) {
    lines.push(
      '```mermaid',
      XY_THEME,
      'xychart-beta',
      '    title "Compliance score by check group (%)"',
      `    x-axis [${scored.map((g) => `"${g}"`).join(', ')}]`,
      '    y-axis "score (%)" 0 --> 100',
      `    bar [${scored.map((g) => round3((kpi.compliance.byGroup[g].score ?? 0) * 100)).join(', ')}]`,
      '```',
      '',
    );
  }
  const scoreRow = (label: string, s: KpiReport['compliance']['overall']): string[] => [label, percent(s.score), String(s.pass), String(s.evaluated), String(s.fail), String(s.warn), String(s.error), String(s.waived), String(s.skipped)];
  const head = ['Check group', 'Score', 'Passed', 'Evaluated', 'Failed', 'Warnings', 'Errors', 'Waived', 'Skipped'];
  lines.push(table(head, [...groups.map((g) => scoreRow(g, kpi.compliance.byGroup[g])), scoreRow('**all**', kpi.compliance.overall)], 100), '');
  lines.push('Per model (lowest score first):', '');
  const models = [...kpi.models].sort((a, b) => (a.compliance.overall.score ?? 2) - (b.compliance.overall.score ?? 2) || a.path.localeCompare(b.path));
  const rows = models.map((m) => [
    code(modelLabel(kpi, m)),
    m.riskTier ?? '—',
    m.outcome === 'pass' ? `${YES} pass` : `${NO} fail`,
    scoreText(m.compliance.overall),
    ...groups.map((g) => percent(m.compliance.byGroup[g].score)),
  ]);
  lines.push(table(['Model', 'Tier', 'Verdict', 'Score', ...groups], rows, max, 'models'));
  return lines.join('\n');
}

function findings(kpi: KpiReport, max: number): string {
  const f = kpi.findings;
  const lines = ['### Open audit findings', ''];
  if (f.open === 0) return [...lines, 'No open finding in the audits that cover the models.'].join('\n');
  lines.push(`**${f.open} open, ${f.overdue} overdue.** Age is counted from the date of the audit that raised the finding.`, '');
  const sevs = SEVERITIES.filter((s) => f.bySeverity[s] > 0);
  const ageRows = f.byAge.filter((r) => r.total > 0).map((r) => [r.bucket === 'unknown' ? 'unknown (audit undated)' : `${r.bucket} days`, ...sevs.map((s) => String(r.bySeverity[s])), String(r.total)]);
  ageRows.push(['**all**', ...sevs.map((s) => String(f.bySeverity[s])), String(f.open)]);
  lines.push(table(['Age', ...sevs, 'Total'], ageRows, 100), '');
  const rows = f.items.map((x) => [
    x.overdueDays !== undefined ? `⏰ ${x.overdueDays} d overdue` : '',
    `${md(x.audit)} / ${md(x.id)}: ${md(x.title)}`,
    x.severity,
    x.models.map((p) => code(modelLabel(kpi, { repository: x.repository, path: p }))).join(', '),
    x.due ?? '—',
    x.ageDays !== undefined ? String(x.ageDays) : '—',
    x.owner ? md(x.owner) : '—',
  ]);
  lines.push(table(['Overdue', 'Finding', 'Severity', 'Model(s)', 'Due', 'Age (days)', 'Owner'], rows, max, 'findings'));
  return lines.join('\n');
}

function datasets(kpi: KpiReport, max: number): string {
  const d = kpi.datasets;
  const lines = ['### Datasets without a verified hash', ''];
  if (d.total === 0) return [...lines, 'The models list no dataset.'].join('\n');
  if (d.unverified.length === 0) return [...lines, `All ${d.total} dataset(s) have every file verified against its SHA-256.`].join('\n');
  lines.push(`**${d.unverified.length} of ${d.total}** dataset(s) used by the models have a file whose SHA-256 could not be verified.`, '');
  const rows = d.unverified.map((x) => [code(x.name ?? x.ref), x.manifest ? code(x.manifest) : '—', md(x.reason), x.models.map((p) => code(modelLabel(kpi, { repository: x.repository, path: p }))).join(', ')]);
  lines.push(table(['Dataset', 'Manifest', 'Why', 'Used by'], rows, max, 'datasets'));
  return lines.join('\n');
}

function vendors(kpi: KpiReport, max: number): string {
  const lines = ['### Third-party models', ''];
  if (kpi.vendors.length === 0) return [...lines, 'No model names a vendor (`governance.vendor`).'].join('\n');
  const summaryRows = kpi.vendors.map((v) => [md(v.name), String(v.models.length), ...VENDOR_ITEMS.map((i) => `${v.items[i].met}/${v.items[i].total}`), `**${percent(v.score)}**`]);
  lines.push(table(['Vendor', 'Models', ...VENDOR_ITEMS.map((i) => VENDOR_LABEL[i]), 'Score'], summaryRows, max, 'vendors'), '');
  const modelRows = kpi.vendors.flatMap((v) =>
    v.models.map((m) => [md(v.name), code(modelLabel(kpi, m)), m.contract ? md(m.contract) : '—', ...VENDOR_ITEMS.map((i) => (m.checklist[i] ? YES : NO)), percent(m.score)]),
  );
  lines.push(table(['Vendor', 'Model', 'Contract', ...VENDOR_ITEMS.map((i) => VENDOR_LABEL[i]), 'Score'], modelRows, max, 'models'), '');
  lines.push('#### Vendor due diligence', '', `Vendor score: ${md(kpi.methods.vendors)}`, '');
  for (const v of kpi.vendors.slice(0, max)) lines.push(...vendorSectionMarkdown(kpi, v, 5));
  return lines.join('\n').trimEnd();
}

function carbon(kpi: KpiReport, max: number, trendPoints: number): string {
  const c = kpi.carbon;
  const lines = ['### Carbon', ''];
  lines.push(`**${formatKg(c.totalKg)} CO2eq** in total over ${c.modelsWithFigure} of ${kpi.models.length} model(s)${c.modelsWithEnergy > 0 ? `; ${round3(c.totalKwh)} kWh over the ${c.modelsWithEnergy} model(s) whose energy is known` : ''}.`, '');
  const withFigure = kpi.models.filter((m): m is KpiModel & { carbon: NonNullable<KpiModel['carbon']> } => m.carbon !== undefined).sort((a, b) => b.carbon.kg - a.carbon.kg);
  if (withFigure.length > 0) {
    const rows = withFigure.map((m) => [code(modelLabel(kpi, m)), formatKg(m.carbon.kg), m.carbon.kwh !== undefined ? `${round3(m.carbon.kwh)} kWh` : '—', md(m.carbon.original), md(m.carbon.source), code(m.carbon.file)]);
    lines.push(table(['Model', 'CO2eq', 'Energy', 'As written', 'Source', 'File'], rows, max, 'models'), '');
  }
  if (c.withoutFigure.length > 0) lines.push(`No carbon figure: ${c.withoutFigure.slice(0, max).map((m) => code(modelLabel(kpi, m))).join(', ')}${c.withoutFigure.length > max ? ` and ${c.withoutFigure.length - max} more` : ''}.`, '');
  lines.push('#### Trend over the repository history', '');
  const t = c.trend;
  if (t.status === 'unavailable') return [...lines, `Not available: ${md(t.reason ?? 'unknown reason')}.`].join('\n');
  if (t.reason) lines.push(`> ⚠️ ${md(t.reason)}`, '');
  if (t.points.length === 0) return [...lines, `No commit in the history changed a carbon figure (${t.commitsScanned} commit(s) touched the evidence).`].join('\n');
  const sample = sampleTrend(t.points, trendPoints);
  const { unit, factor } = carbonUnit(Math.max(...sample.map((p) => p.totalKg)));
  const top = Math.max(...sample.map((p) => p.totalKg * factor));
  lines.push(
    '```mermaid',
    XY_THEME,
    'xychart-beta',
    `    title "Total carbon (${unit} CO2eq) after each change"`,
    `    x-axis [${sample.map((p) => `"${p.date.slice(0, 10)}"`).join(', ')}]`,
    `    y-axis "${unit} CO2eq" 0 --> ${niceCeiling(top)}`,
    `    line [${sample.map((p) => round3(p.totalKg * factor)).join(', ')}]`,
    '```',
    '',
  );
  lines.push(`${t.points.length} change(s) to a carbon figure in ${t.commitsScanned} commit(s) that touched a card or carbon report${sample.length < t.points.length ? `; the chart shows ${sample.length} of them (the last of each day, evenly spaced)` : ''}. Latest changes:`, '');
  const recent = [...t.points].reverse().slice(0, Math.min(max, 20));
  const rows = recent.map((p) => [
    p.date.slice(0, 10),
    p.commit ? code(p.commit.slice(0, 12)) : 'working tree',
    ...(kpi.repositories.length > 1 ? [code(p.repository)] : []),
    formatKg(p.totalKg),
    p.changes.map((x) => `${code(x.model)} ${x.kg === null ? 'no figure' : formatKg(x.kg)}`).join(', '),
  ]);
  lines.push(table(['Date', 'Commit', ...(kpi.repositories.length > 1 ? ['Repository'] : []), 'Total', 'Changed'], rows, max));
  return lines.join('\n');
}

function workforceLine(kpi: KpiReport): string {
  const w = kpi.workforce;
  if (w.exposureFte === 0 && w.programmes.length === 0) return 'not declared';
  return `${fteText(w.exposureFte)} FTE / ${w.headcount} (${percent(w.coverage)}); budget ${budgetText(w.budget)}`;
}

function workforce(kpi: KpiReport, max: number, trendPoints: number): string {
  const w = kpi.workforce;
  const lines = ['### Workforce: reskilling against automation exposure', ''];
  for (const e of workforceErrors(kpi)) {
    lines.push(`> ⛔ **The workforce file is invalid**${kpi.repositories.length > 1 ? ` in ${code(e.repository)}` : ''}: its programmes are not counted.`, '', ...e.errors.map((x) => `- ${md(x)}`), '');
  }
  if (w.exposureFte === 0 && w.programmes.length === 0) return [...lines, 'No model card declares `governance.workforce` and no reskilling programme is declared (`.github/modelgate-workforce.yml`).'].join('\n');
  const affected = kpi.models.filter((m) => m.workforce !== undefined).length;
  lines.push(`**${fteText(w.exposureFte)} FTE** affected across ${affected} model(s); **${w.headcount}** people in running reskilling programmes (coverage ${percent(w.coverage)}); budget **${md(budgetText(w.budget))}**.`, '');
  if (w.models.length > 0) {
    const rows = w.models.map((m) => [code(modelLabel(kpi, m)), fteText(m.fte), String(m.headcount), percent(m.coverage), m.programmes.length > 0 ? m.programmes.map(md).join(', ') : '—']);
    lines.push(table(['Model', 'FTE affected', 'Reskilling headcount', 'Coverage', 'Programmes'], rows, max, 'models'), '');
  }
  if (w.programmes.length > 0) {
    const rows = w.programmes.map((p) => [
      md(p.name),
      p.status,
      `${p.period.start} to ${p.period.end}`,
      String(p.headcount),
      md(budgetText([p.budget])),
      [...p.roles.map(md), ...p.models.map((x) => code(x))].join(', '),
      p.covers.length > 0 ? p.covers.map((x) => code(modelLabel(kpi, { repository: p.repository, path: x }))).join(', ') : '—',
    ]);
    lines.push(table(['Programme', 'Status', 'Period', 'Headcount', 'Budget', 'Roles or models', 'Covers'], rows, max, 'programmes'), '');
  }
  lines.push('#### Trend over the repository history', '');
  const t = w.trend;
  if (t.status === 'unavailable') return [...lines, `Not available: ${md(t.reason ?? 'unknown reason')}.`].join('\n');
  if (t.reason) lines.push(`> ⚠️ ${md(t.reason)}`, '');
  if (t.points.length === 0) return [...lines, `No commit in the history changed these figures (${t.commitsScanned} commit(s) touched a card or the workforce file).`].join('\n');
  const sample = sampleTrend(t.points, trendPoints);
  const top = Math.max(...sample.map((p) => Math.max(p.exposureFte, p.headcount)));
  lines.push(
    '```mermaid',
    `%%{init: ${JSON.stringify({ themeVariables: { xyChart: { plotColorPalette: '#cf222e, #1a7f37' } } })}}%%`,
    'xychart-beta',
    '    title "FTE affected (red) and people in running reskilling (green)"',
    `    x-axis [${sample.map((p) => `"${p.date.slice(0, 10)}"`).join(', ')}]`,
    `    y-axis "people" 0 --> ${niceCeiling(top)}`,
    `    line [${sample.map((p) => round3(p.exposureFte)).join(', ')}]`,
    `    line [${sample.map((p) => p.headcount).join(', ')}]`,
    '```',
    '',
  );
  const recent = [...t.points].reverse().slice(0, Math.min(max, 20));
  const multi = kpi.repositories.length > 1;
  const rows = recent.map((p) => [p.date.slice(0, 10), p.commit ? code(p.commit.slice(0, 12)) : 'working tree', ...(multi ? [code(p.repository)] : []), fteText(p.exposureFte), String(p.headcount), md(budgetText(p.budget))]);
  lines.push(`${t.points.length} change(s) in ${t.commitsScanned} commit(s) that touched a card or the workforce file. Latest changes:`, '');
  lines.push(table(['Date', 'Commit', ...(multi ? ['Repository'] : []), 'FTE affected', 'Reskilling headcount', 'Budget'], rows, max));
  return lines.join('\n');
}

/** A round axis maximum a little above `n` (1, 2, 2.5 or 5 times a power of ten). */
export function niceCeiling(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n * 1.05) return Number((m * p).toPrecision(3));
  return Number((10 * p).toPrecision(3));
}

function methods(kpi: KpiReport): string {
  const items = METHOD_KEYS.map((k) => `- **${METHOD_LABELS[k]}.** ${md(kpi.methods[k])}`);
  return ['### How these figures are computed', '', ...items, '', `<sub>modelgate ${md(kpi.tool.version)} · KPI report schema v${kpi.schemaVersion} · age buckets: ${AGE_BUCKETS.join(', ')}</sub>`].join('\n');
}
