// Workforce exposure and reskilling over a repository's history: at each commit that changed a
// current model's card or the workforce file, the FTE the cards declare and the headcount and budget
// of the programmes running on the commit date, read the way the report reads them today. Uses the
// same HistorySource as the carbon trend (git log and cat-file, no checkout).
import { parseWorkforceFile, WORKFORCE_FILE } from '../evidence/workforce.js';
import { decodeText } from '../evidence/load.js';
import { roundKg } from './aggregate.js';
import { CardFactsReader } from './cardFacts.js';
import type { BlobResult, HistorySource, TrackedModel } from './trend.js';
import type { Budget, KpiProgramme, WorkforceTrendPoint } from './types.js';
import { budgetOf, kpiProgramme, programmeStatus } from './workforce.js';

export interface WorkforceHistory {
  points: WorkforceTrendPoint[];
  commitsScanned: number;
}

interface Figures {
  exposureFte: number;
  headcount: number;
  budget: Budget[];
}

/** `reader` may be shared with the carbon trend of the same report: card versions are then read once. */
export async function workforceTrend(source: HistorySource, models: readonly TrackedModel[], repository: string, reader = new CardFactsReader()): Promise<WorkforceHistory> {
  const cards = [...new Set(models.map((m) => m.card))];
  const commits = await source.log([...cards, WORKFORCE_FILE]);
  const blobs = new Set<string>();
  for (const c of commits) for (const ch of c.changes) if (ch.blob) blobs.add(ch.blob);
  const texts = await source.read([...blobs]);
  const programmeCache = new Map<string, KpiProgramme[]>();
  const blobAt = new Map<string, string | null>();
  const points: WorkforceTrendPoint[] = [];
  // No point until something is declared: history before the first declaration is not a change.
  let last = JSON.stringify({ exposureFte: 0, headcount: 0, budget: [] } satisfies Figures);
  for (const commit of commits) {
    for (const ch of commit.changes) blobAt.set(ch.path, ch.blob);
    const date = new Date(commit.time * 1000).toISOString();
    const fileBlob = blobAt.get(WORKFORCE_FILE) ?? null;
    const programmes = fileBlob ? programmesOf(fileBlob, texts, programmeCache, repository) : [];
    const running = programmes.filter((p) => programmeStatus(p, date.slice(0, 10)) === 'running');
    let fte = 0;
    for (const m of models) {
      const blob = blobAt.get(m.card) ?? null;
      if (blob) for (const r of reader.ofBlob(blob, m.card, texts).roles) fte += r.fte;
    }
    const figures: Figures = { exposureFte: roundKg(fte), headcount: running.reduce((n, p) => n + p.headcount, 0), budget: budgetOf(running) };
    const key = JSON.stringify(figures);
    if (key === last) continue;
    last = key;
    points.push(point(date, commit.sha, repository, figures));
  }
  return { points, commitsScanned: commits.length };
}

export function point(date: string, commit: string | null, repository: string, f: Figures): WorkforceTrendPoint {
  return { date, commit, repository, ...f, repositoryExposureFte: f.exposureFte, repositoryHeadcount: f.headcount, repositoryBudget: f.budget };
}

/** The figures a point would carry, for comparing the working tree with the last commit. */
export function figuresOf(p: Pick<WorkforceTrendPoint, 'exposureFte' | 'headcount' | 'budget'>): string {
  return JSON.stringify({ exposureFte: p.exposureFte, headcount: p.headcount, budget: p.budget });
}

function text(blob: string, path: string, texts: ReadonlyMap<string, BlobResult>): string | undefined {
  const r = texts.get(blob);
  if (r?.kind !== 'ok') return undefined;
  const t = decodeText(r.bytes, path);
  return t.ok ? t.value : undefined;
}

function programmesOf(blob: string, texts: ReadonlyMap<string, BlobResult>, cache: Map<string, KpiProgramme[]>, repository: string): KpiProgramme[] {
  const hit = cache.get(blob);
  if (hit) return hit;
  const t = text(blob, WORKFORCE_FILE, texts);
  const parsed = t === undefined ? undefined : parseWorkforceFile(t, WORKFORCE_FILE);
  const out = parsed?.ok ? parsed.value.programmes.map((p) => kpiProgramme(p, repository, WORKFORCE_FILE)) : [];
  cache.set(blob, out);
  return out;
}
