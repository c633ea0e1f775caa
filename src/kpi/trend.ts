// Carbon over a repository's history: the figure of every current model at each commit that changed
// its card or its carbon report, computed exactly as the evaluator computes it today (the report
// the card names when it parses, else the card's co2_eq_emissions). Git access goes through a
// HistorySource (a port) so this stays pure; adapters/kpi/gitHistory.ts provides the real one.
import type { CarbonFigure } from '../types.js';
import { carbonFromCycloneDx } from '../evidence/carbon.js';
import { parseCodeCarbonCsv } from '../evidence/codecarbon.js';
import { decodeText, parseJson } from '../evidence/load.js';
import { dirOf, resolveRepoPath } from '../paths.js';
import { roundKg } from './aggregate.js';
import { CardFactsReader } from './cardFacts.js';
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
  kg?: number;
  reportPath?: string;
}

/** `reader` may be shared with the workforce trend of the same report: card versions are then read once. */
export async function carbonTrend(source: HistorySource, models: readonly TrackedModel[], repository: string, reader = new CardFactsReader()): Promise<ModelTrend> {
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
      const parsed = parseCard(c.blob, c.path, cardTexts, reader, parsedCards);
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
  // Each model's card blob at the last commit and what it gives: most commits leave most cards alone.
  const lastCard = new Map<string, { blob: string | null; parsed: CardCarbon }>();
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
      let seen = lastCard.get(m.path);
      if (seen?.blob !== cardBlob) {
        seen = { blob: cardBlob, parsed: cardBlob ? parseCard(cardBlob, card, cardTexts, reader, parsedCards) : {} };
        lastCard.set(m.path, seen);
      }
      const parsed = seen.parsed;
      if (!touched.has(card) && !(parsed.reportPath && touched.has(parsed.reportPath))) continue;
      let kg: number | null = parsed.kg ?? null;
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

/** A card version's carbon figure and the report path it names, resolved from the card's directory. */
function parseCard(blob: string, path: string, texts: ReadonlyMap<string, BlobResult>, cards: CardFactsReader, cache: Map<string, CardCarbon>): CardCarbon {
  const key = `${blob}\0${path}`;
  let result = cache.get(key);
  if (result) return result;
  const facts = cards.ofBlob(blob, path, texts);
  result = {};
  if (facts.kg !== undefined) result.kg = facts.kg;
  if (facts.carbonReport !== undefined) {
    const resolved = resolveRepoPath(dirOf(path), facts.carbonReport);
    if (resolved.ok) result.reportPath = resolved.path;
  }
  cache.set(key, result);
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
