// `modelgate report`: the KPI report of one repository, or (--merge) of an organisation from the JSON
// reports of its repositories. Exit 0 when written; 2 on a usage error, an unreadable input, or an
// invalid policy (the report is still written, with the problem at its top).
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadExplicitPolicy } from './check.js';
import { buildKpiReport } from '../adapters/kpi/build.js';
import { mergeKpiReports, parseKpiReport, renderKpiMarkdown, renderKpiHtml, renderKpiJson, renderCycloneDx, renderVendorPack, pickVendors, VERSION } from '../src/index.js';
import type { KpiReport, KpiReportInput } from '../src/index.js';
import { UsageError, type ReportArgs, type ReportFormat } from './args.js';

export function renderKpi(kpi: KpiReport, format: ReportFormat, vendor?: string): string {
  switch (format) {
    case 'vendor': {
      const vendors = pickVendors(kpi, vendor);
      if (!Array.isArray(vendors)) {
        throw new UsageError(`no vendor named "${vendors.unknown}" in the model cards (governance.vendor.name)${vendors.known.length > 0 ? `; vendors: ${vendors.known.join(', ')}` : ''}`);
      }
      return renderVendorPack(kpi, { vendors });
    }
    case 'markdown':
      return renderKpiMarkdown(kpi);
    case 'json':
      return renderKpiJson(kpi);
    case 'html':
      return renderKpiHtml(kpi);
    case 'cyclonedx':
      return renderCycloneDx(kpi);
  }
}

export async function makeKpiReport(args: ReportArgs, now: Date = new Date()): Promise<KpiReport> {
  if (args.merge.length > 0) {
    const reports = await Promise.all(args.merge.map(readKpiJson));
    try {
      return mergeKpiReports(reports, { toolVersion: VERSION, generatedAt: now.toISOString() });
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  const dir = resolve(args.dir);
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new UsageError(`${args.dir} is not a directory`);
  const policy = args.config ? await loadExplicitPolicy(args.config) : undefined;
  return buildKpiReport({
    dir,
    now,
    history: args.history,
    ...(args.asOf ? { asOf: args.asOf } : {}),
    ...(args.repository ? { repository: args.repository } : {}),
    ...(policy ? { policy } : {}),
  });
}

export async function runReport(args: ReportArgs, now: Date = new Date()): Promise<number> {
  const kpi = await makeKpiReport(args, now);
  const out = renderKpi(kpi, args.format, args.vendor);
  if (args.output) {
    await writeFile(args.output, out);
    const f = kpi.findings;
    const what = args.format === 'cyclonedx' ? 'CycloneDX ML-BOM' : args.format === 'vendor' ? 'vendor due-diligence pack' : 'KPI report';
    process.stderr.write(`modelgate: ${what} of ${kpi.models.length} model(s) in ${kpi.repositories.length} repositor${kpi.repositories.length === 1 ? 'y' : 'ies'} (${f.open} open finding(s), ${f.overdue} overdue) written to ${args.output}\n`);
  } else {
    process.stdout.write(out);
  }
  const invalid = kpi.repositories.filter((r) => r.policy.errors.length > 0);
  for (const r of invalid) process.stderr.write(`modelgate: ${r.name}: the policy configuration is invalid: ${r.policy.errors[0] ?? ''}\n`);
  // An invalid workforce file counts no programme: the report says so at the top of its section, and the exit code too.
  const workforce = kpi.repositories.filter((r) => (r.workforce?.errors.length ?? 0) > 0);
  for (const r of workforce) process.stderr.write(`modelgate: ${r.name}: the workforce file is invalid: ${r.workforce?.errors[0] ?? ''}\n`);
  return invalid.length > 0 || workforce.length > 0 ? 2 : 0;
}

async function readKpiJson(file: string): Promise<KpiReportInput> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseKpiReport(data);
  if (!parsed.ok) throw new UsageError(`${file} is not a modelgate KPI report (modelgate report --format json): ${parsed.errors.slice(0, 3).join('; ')}`);
  return parsed.report;
}

