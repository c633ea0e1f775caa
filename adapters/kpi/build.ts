// buildKpiReport: evaluate every model of a checkout, read the carbon history from git, and compute
// the KPI report. The CLI's `modelgate report` and the Action's `mode: report` both call this.
import { basename, resolve } from 'node:path';
import type { Report } from '../../src/types.js';
import { checkChange } from '../../src/checkChange.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import { createWorkingTreeReader } from '../workingTree.js';
import { historyInfo, remoteName } from '../git/history.js';
import { toIsoDate } from '../../src/dates.js';
import { VERSION } from '../../src/version.generated.js';
import { aggregate } from '../../src/kpi/aggregate.js';
import { kpiModels, kpiRepository } from '../../src/kpi/models.js';
import { readAuditDetails } from '../../src/kpi/audits.js';
import { carbonTrend, totalOf, type HistorySource } from '../../src/kpi/trend.js';
import { gitHistorySource } from './gitHistory.js';
import type { CarbonTrend, KpiModel, KpiReport } from '../../src/kpi/types.js';

export interface BuildKpiOptions {
  /** The repository checkout (or a directory inside one) to report on. */
  dir: string;
  /** Report date, YYYY-MM-DD: audit ages, due dates and waivers are computed against it. Default: today (UTC). */
  asOf?: string;
  /** Name shown for the repository, e.g. "acme/models". Default: from the origin remote, else the directory name. */
  repository?: string;
  /** The policy to apply. Default: the repository's .github/modelgate.yml (or the baseline preset). */
  policy?: LoadedPolicy;
  /** Read the carbon trend from git history (default true). */
  history?: boolean;
  /** Replaces git for the trend (tests). */
  historySource?: HistorySource;
  now?: Date;
  toolVersion?: string;
}

export interface BuiltKpiReport {
  kpi: KpiReport;
  /** The evaluation the KPIs were computed from. */
  report: Report;
}

export async function buildKpiReport(options: BuildKpiOptions): Promise<KpiReport> {
  return (await buildKpiReportWithEvaluation(options)).kpi;
}

export async function buildKpiReportWithEvaluation(options: BuildKpiOptions): Promise<BuiltKpiReport> {
  const now = options.now ?? new Date();
  const asOf = options.asOf ?? toIsoDate(now);
  const dir = resolve(options.dir);
  const repository = options.repository ?? (await remoteName(dir).catch(() => undefined)) ?? (basename(dir) || 'repository');
  // The reader's label reaches the report (the policy's source, "not found in …"): name the
  // repository, never the absolute path of the checkout on this machine.
  const reader = { ...createWorkingTreeReader(dir), label: `working tree of ${repository}` };
  const generatedAt = now.toISOString();
  const toolVersion = options.toolVersion ?? VERSION;
  const explicit = options.policy ? { policy: options.policy } : {};
  const { report, policy: loaded } = await checkChange({ base: reader, judged: reader, changes: { all: true }, ...explicit, today: asOf, toolVersion, generatedAt });
  const models = kpiModels(report, loaded.policy, asOf, repository, await readAuditDetails(reader, report));
  const { trend, head } = options.history === false ? { trend: unavailable('not requested (--no-history)') } : await readTrend(dir, models, repository, generatedAt, options.historySource);
  const kpi = aggregate({ toolVersion, generatedAt, asOf, repositories: [kpiRepository(report, asOf, repository, head)], models, trend });
  return { kpi, report };
}

function unavailable(reason: string): CarbonTrend {
  return { status: 'unavailable', reason, shallow: false, commitsScanned: 0, points: [] };
}

async function readTrend(dir: string, models: KpiModel[], repository: string, generatedAt: string, injected?: HistorySource): Promise<{ trend: CarbonTrend; head?: string }> {
  let info: { head?: string; shallow: boolean } = { shallow: false };
  if (!injected) {
    try {
      info = await historyInfo(dir);
    } catch (e) {
      return { trend: unavailable(`no git history: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`) };
    }
  }
  const tracked = models.flatMap((m) => (m.card ? [{ path: m.path, card: m.card }] : []));
  let result;
  try {
    result = await carbonTrend(injected ?? gitHistorySource(dir), tracked, repository);
  } catch (e) {
    return { trend: unavailable(`git history could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`) };
  }
  const points = [...result.points];
  // The figures above come from the working tree; when it differs from HEAD, say so as a last point.
  const now = new Map<string, number | null>(models.map((m) => [m.path, m.carbon?.kg ?? null]));
  const changes = models.filter((m) => (result.final.get(m.path) ?? null) !== (now.get(m.path) ?? null)).map((m) => ({ model: m.path, kg: now.get(m.path) ?? null }));
  if (changes.length > 0) {
    const total = totalOf(now);
    points.push({ date: generatedAt, commit: null, repository, totalKg: total, repositoryTotalKg: total, models: [...now.values()].filter((v) => v !== null).length, changes });
  }
  const trend: CarbonTrend = { status: 'ok', shallow: info.shallow, commitsScanned: result.commitsScanned, points };
  if (info.shallow) trend.reason = 'the clone is shallow: the trend starts at the oldest fetched commit (fetch the full history, e.g. actions/checkout with fetch-depth: 0)';
  return info.head ? { trend, head: info.head } : { trend };
}
