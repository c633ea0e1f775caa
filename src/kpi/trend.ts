// Carbon over a repository's history: the figure of every current model at each commit that changed
// its card or its carbon report, computed exactly as the evaluator computes it today (the report
// the card names when it parses, else the card's co2_eq_emissions). Git access goes through a
// HistorySource (a port) so this stays pure; adapters/kpi/gitHistory.ts provides the real one.
import type { CarbonFigure } from '../types.js';
import { frontMatterText, parseModelCard } from '../evidence/modelCard.js';
import { carbonFromCardField, carbonFromCycloneDx } from '../evidence/carbon.js';
import { parseCodeCarbonCsv } from '../evidence/codecarbon.js';
import { decodeText, parseJson } from '../evidence/load.js';
import { dirOf, resolveRepoPath } from '../paths.js';
import { roundKg } from './aggregate.js';
import type { TrendPoint } from './types.js';

export interface HistorySource {
  /** Commits (oldest first) that changed any of `paths`, with each changed path's new blob. */
  log(paths: string[]): Promise<HistoryCommit[]>;
  read(oids: string[]): Promise<Map<string, BlobResult>>;
}

export interface PathChange {
  /** Relative to the directory the history was read from. */
  path: string;
  /** The blob the path holds after the commit; null when it was deleted or is not a regular file. */
  blob: string | null;
}

export interface HistoryCommit {
  sha: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  changes: PathChange[];
}

export type BlobResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' };


export interface TrackedModel {
  path: string;
  card: string;
}

export interface ModelTrend {
  points: TrendPoint[];
  commitsScanned: number;
  /** Each model's figure (kg) after the last commit; null when it had none. */
  final: Map<string, number | null>;
}

interface CardCarbon {
  figure?: CarbonFigure;
  reportPath?: string;
}

export async function carbonTrend(source: HistorySource, models: readonly TrackedModel[], repository: string): Promise<ModelTrend> {
  const cards = [...new Set(models.map((m) => m.card))];
  const cardCommits = await source.log(cards);
  const cardBlobs = blobsOf(cardCommits, new Set(cards));
  const cardTexts = await source.read([...cardBlobs]);
  const parsedCards = new Map<string, CardCarbon>();
  const cardOf = new Map(models.map((m) => [m.path, m.card]));
  // Every carbon report any version of a card named: their history is read in the same pass.
  const reportPaths = new Set<string>();
  for (const commit of cardCommits) {
    for (const c of commit.changes) {
      if (!c.blob) continue;
      const parsed = parseCard(c.blob, c.path, cardTexts, parsedCards);
      if (parsed.reportPath) reportPaths.add(parsed.reportPath);
    }
  }
  const commits = reportPaths.size === 0 ? cardCommits : await source.log([...new Set([...cards, ...reportPaths])]);
  const reportBlobs = blobsOf(commits, reportPaths);
  const reportTexts = await source.read([...reportBlobs].filter((b) => !cardTexts.has(b)));
  for (const [k, v] of cardTexts) if (!reportTexts.has(k)) reportTexts.set(k, v);

  const blobAt = new Map<string, string | null>();
  const current = new Map<string, number | null>(models.map((m) => [m.path, null]));
  const reportFigures = new Map<string, CarbonFigure | null>();
  const points: TrendPoint[] = [];
  for (const commit of commits) {
    const touched = new Set<string>();
    for (const c of commit.changes) {
      blobAt.set(c.path, c.blob);
      touched.add(c.path);
    }
    const changes: TrendPoint['changes'] = [];
    for (const m of models) {
      const card = cardOf.get(m.path) ?? m.card;
      const cardBlob = blobAt.get(card) ?? null;
      const parsed = cardBlob ? parseCard(cardBlob, card, cardTexts, parsedCards) : {};
      if (!touched.has(card) && !(parsed.reportPath && touched.has(parsed.reportPath))) continue;
      let kg: number | null = parsed.figure?.kg ?? null;
      if (parsed.reportPath) {
        const reportBlob = blobAt.get(parsed.reportPath) ?? null;
        const fig = reportBlob ? reportFigure(reportBlob, parsed.reportPath, reportTexts, reportFigures) : null;
        if (fig) kg = fig.kg;
      }
      if (kg !== current.get(m.path)) {
        current.set(m.path, kg);
        changes.push({ model: m.path, kg });
      }
    }
    if (changes.length === 0) continue;
    const total = totalOf(current);
    points.push({
      date: new Date(commit.time * 1000).toISOString(),
      commit: commit.sha,
      repository,
      totalKg: total,
      repositoryTotalKg: total,
      models: [...current.values()].filter((v) => v !== null).length,
      changes,
    });
  }
  return { points, commitsScanned: commits.length, final: current };
}

export function totalOf(figures: ReadonlyMap<string, number | null>): number {
  let sum = 0;
  for (const v of figures.values()) if (v !== null) sum += v;
  return roundKg(sum);
}

function blobsOf(commits: readonly HistoryCommit[], paths: ReadonlySet<string>): Set<string> {
  const blobs = new Set<string>();
  for (const commit of commits) for (const c of commit.changes) if (c.blob && paths.has(c.path)) blobs.add(c.blob);
  return blobs;
}

function textOf(blob: string, path: string, texts: ReadonlyMap<string, BlobResult>): string | undefined {
  const r = texts.get(blob);
  if (r?.kind !== 'ok') return undefined;
  const t = decodeText(r.bytes, path);
  return t.ok ? t.value : undefined;
}

/**
 * A card version's carbon figure and report path. Both come from the front matter alone, so only it
 * is parsed (the body's sections cost a fifth of a card's parse), and versions that differ only in
 * their body (most edits of a card) share one parse.
 */
function parseCard(blob: string, path: string, texts: ReadonlyMap<string, BlobResult>, cache: Map<string, CardCarbon>): CardCarbon {
  const blobKey = `${blob}\0${path}`;
  const hit = cache.get(blobKey);
  if (hit) return hit;
  const text = textOf(blob, path, texts);
  const yaml = text === undefined ? undefined : frontMatterText(text);
  const key = yaml === undefined ? undefined : `\0${path}\0${yaml}`;
  let result = key === undefined ? undefined : cache.get(key);
  if (!result) {
    result = {};
    const card = yaml === undefined ? undefined : parseModelCard(`---\n${yaml}\n---\n`, path);
    if (card?.ok) {
      const fig = carbonFromCardField(card.value.co2, path, card.value.lineOf(['co2_eq_emissions']));
      if (fig?.ok) result.figure = fig.value;
      const ref = card.value.governance.carbonReport;
      if (ref) {
        const resolved = resolveRepoPath(dirOf(path), ref);
        if (resolved.ok) result.reportPath = resolved.path;
      }
    }
    if (key !== undefined) cache.set(key, result);
  }
  cache.set(blobKey, result);
  return result;
}

function reportFigure(blob: string, path: string, texts: ReadonlyMap<string, BlobResult>, cache: Map<string, CarbonFigure | null>): CarbonFigure | null {
  const key = `${blob}\0${path}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let figure: CarbonFigure | null = null;
  const text = textOf(blob, path, texts);
  if (text !== undefined) {
    if (path.toLowerCase().endsWith('.json')) {
      const json = parseJson(text, path);
      const fig = json.ok ? carbonFromCycloneDx(json.value, path) : undefined;
      if (fig?.ok) figure = fig.value;
    } else {
      const csv = parseCodeCarbonCsv(text, path);
      if (csv.ok) figure = csv.value.figure;
    }
  }
  cache.set(key, figure);
  return figure;
}
