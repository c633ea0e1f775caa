// buildKpiReport: evaluate every model of a checkout, read the carbon history from git, and compute
// the KPI report. The CLI's `modelgate report` and the Action's `mode: report` both call this.
import { basename, resolve } from 'node:path';
import { checkChange, toIsoDate, VERSION, aggregate, kpiModels, kpiRepository, readAuditDetails, carbonTrend, totalOf, readWorkforce, figuresOf, point, workforceTrend, budgetOf, programmeStatus, CardFactsReader } from '../../src/index.js';
import type { Report, LoadedPolicy, HistorySource, CarbonTrend, KpiModel, KpiProgramme, KpiReport, WorkforceTrend } from '../../src/index.js';
import { createWorkingTreeReader } from '../workingTree.js';
import { historyInfo, remoteName } from '../git/history.js';
import { gitHistorySource } from './gitHistory.js';

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
  const workforce = await readWorkforce(reader, report, repository);
  for (const m of models) {
    const w = workforce.cards.get(m.path);
    if (w) m.workforce = w;
  }
  const history = options.history === false ? 'not requested (--no-history)' : await openHistory(dir, options.historySource);
  // The workforce trend first: its log (cards and the workforce file) and blobs then serve the
  // carbon trend's first pass, and card versions are read once for both (one CardFactsReader).
  const cards = new CardFactsReader();
  const workforceHistory = typeof history === 'string' ? noWorkforceTrend(history) : await readWorkforceTrend(history, models, repository, generatedAt, asOf, workforce.programmes, cards);
  const { trend, head } = typeof history === 'string' ? { trend: unavailable(history) } : await readTrend(history, models, repository, generatedAt, cards);
  const repo = kpiRepository(report, asOf, repository, head);
  if (workforce.file) repo.workforce = workforce.file;
  const kpi = aggregate({ toolVersion, generatedAt, asOf, repositories: [repo], models, trend, programmes: workforce.programmes, workforceTrend: workforceHistory });
  return { kpi, report };
}

async function readWorkforceTrend(
  history: OpenHistory,
  models: KpiModel[],
  repository: string,
  generatedAt: string,
  asOf: string,
  programmes: readonly KpiProgramme[],
  reader: CardFactsReader,
): Promise<WorkforceTrend> {
  const shallow = history.info.shallow;
  const tracked = models.flatMap((m) => (m.card ? [{ path: m.path, card: m.card }] : []));
  let result;
  try {
    result = await workforceTrend(history.source, tracked, repository, reader);
  } catch (e) {
    return noWorkforceTrend(`git history could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const points = [...result.points];
  // The figures above come from the working tree on the report date; when they differ from the last commit's, say so as a last point.
  const running = programmes.filter((p) => programmeStatus(p, asOf) === 'running');
  const now = point(generatedAt, null, repository, {
    exposureFte: Math.round(models.reduce((n, m) => n + (m.workforce?.fte ?? 0), 0) * 1e6) / 1e6,
    headcount: running.reduce((n, p) => n + p.headcount, 0),
    budget: budgetOf(running),
  });
  const lastPoint = points[points.length - 1];
  if (lastPoint ? figuresOf(lastPoint) !== figuresOf(now) : now.exposureFte > 0 || now.headcount > 0) points.push(now);
  const trend: WorkforceTrend = { status: 'ok', shallow, commitsScanned: result.commitsScanned, points };
  if (shallow) trend.reason = 'the clone is shallow: the trend starts at the oldest fetched commit';
  return trend;
}

function noWorkforceTrend(reason: string): WorkforceTrend {
  return { status: 'unavailable', reason, shallow: false, commitsScanned: 0, points: [] };
}

function unavailable(reason: string): CarbonTrend {
  return { status: 'unavailable', reason, shallow: false, commitsScanned: 0, points: [] };
}

interface OpenHistory {
  source: HistorySource;
  info: { head?: string; shallow: boolean };
}

/** One source (cached: the two trends share its git processes) and HEAD; a reason when there is no history. */
async function openHistory(dir: string, injected?: HistorySource): Promise<OpenHistory | string> {
  if (injected) return { source: injected, info: { shallow: false } };
  try {
    return { source: gitHistorySource(dir), info: await historyInfo(dir) };
  } catch (e) {
    return `no git history: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

async function readTrend(history: OpenHistory, models: KpiModel[], repository: string, generatedAt: string, reader: CardFactsReader): Promise<{ trend: CarbonTrend; head?: string }> {
  const info = history.info;
  const tracked = models.flatMap((m) => (m.card ? [{ path: m.path, card: m.card }] : []));
  let result;
  try {
    result = await carbonTrend(history.source, tracked, repository, reader);
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
