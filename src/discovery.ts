// Which directories are models. A directory matching a root glob is a model; so is the home of an
// artifact (weights) that no root covers: the nearest directory above it holding a card, else the
// artifact's own directory. The second rule is what stops "move the weights out of models/" from
// escaping the gate.
import { posix } from 'node:path';
import { Minimatch } from 'minimatch';
import type { Policy } from './policy/load.js';

export interface ModelDir {
  path: string;
  /** The card file, when one of the configured names exists. */
  card?: string;
  /** Why this directory is a model: "root" (matches models.roots) or "artifact" (holds weights). */
  via: 'root' | 'artifact';
  /** For an artifact found by its bytes, not its name: which file, and what it is, for the report. */
  recognised?: string;
}

/** Files whose bytes show weights (src/weightsByBytes.ts): path -> why, as a sentence naming the file. */
export type RecognisedWeights = ReadonlyMap<string, string>;

export class Matcher {
  private readonly matchers: { glob: Minimatch; literals: string[][] | null }[];
  private readonly nocase: boolean;
  constructor(globs: readonly string[], options: { nocase?: boolean } = {}) {
    this.nocase = options.nocase ?? false;
    this.matchers = globs.map((g) => {
      const glob = new Minimatch(g, { dot: true, nocomment: true, nonegate: true, nocase: this.nocase });
      const literals = literalSegments(glob);
      return { glob, literals: literals && this.nocase ? literals.map((alt) => alt.map((l) => l.toLowerCase())) : literals };
    });
  }
  test(path: string): boolean {
    let segments: string[] | undefined;
    return this.matchers.some(({ glob, literals }) => {
      if (literals) {
        segments ??= (this.nocase ? path.toLowerCase() : path).split('/');
        const present = segments;
        if (!literals.some((alternative) => alternative.every((l) => present.includes(l)))) return false;
      }
      return glob.match(path);
    });
  }
}

/**
 * A cheap necessary condition for `glob.match(path)`: minimatch compares each literal part of a
 * pattern (`datasets` and `datasheet.yml` in `datasets/(globstar)/datasheet.yml`) with one whole
 * segment of the path, so a path lacking one of them cannot match that alternative. Most paths fail
 * it, which spares the full match, the main cost of discovery on large repositories. null when some
 * alternative has no literal part (always match), and on Windows, where minimatch rewrites the path.
 */
function literalSegments(glob: Minimatch): string[][] | null {
  if (glob.isWindows || glob.set.length === 0) return null;
  const literals = glob.set.map((parts) => parts.filter((p): p is string => typeof p === 'string'));
  return literals.some((l) => l.length === 0) ? null : literals;
}

export function findModels(files: readonly string[], models: Policy['models'], byBytes: RecognisedWeights = new Map()): Map<string, ModelDir> {
  const ignore = new Matcher(models.ignore);
  const roots = new Matcher(models.roots);
  const artifacts = new Matcher(models.artifacts, { nocase: true }) // model.ONNX is still a model;
  const kept = files.filter((f) => !ignore.test(f));
  const fileSet = new Set(kept);
  const cardOf = (dir: string): string | undefined => {
    for (const name of models.cards) {
      const p = dir ? `${dir}/${name}` : name;
      if (fileSet.has(p)) return p;
    }
    return undefined;
  };

  const result = new Map<string, ModelDir>();
  const dirVerdict = new Map<string, boolean>();
  const isRoot = (dir: string): boolean => {
    let v = dirVerdict.get(dir);
    if (v === undefined) {
      v = dir !== '' && !ignore.test(dir) && roots.test(dir);
      dirVerdict.set(dir, v);
    }
    return v;
  };
  const rootAbove = (file: string): string | undefined => {
    for (let dir = parent(file); dir !== ''; dir = parent(dir)) if (isRoot(dir)) return dir;
    return undefined;
  };

  for (const file of kept) {
    const root = rootAbove(file);
    if (root !== undefined && !result.has(root)) {
      const m: ModelDir = { path: root, via: 'root' };
      const card = cardOf(root);
      if (card) m.card = card;
      result.set(root, m);
    }
  }
  for (const file of kept) {
    const recognised = byBytes.get(file);
    if (rootAbove(file) !== undefined || (recognised === undefined && !artifacts.test(file))) continue;
    let home: string | undefined;
    for (let dir = parent(file); ; dir = parent(dir)) {
      if (cardOf(dir)) {
        home = dir;
        break;
      }
      if (dir === '') break;
    }
    const path = home ?? parent(file);
    if (!result.has(path)) {
      const m: ModelDir = { path, via: 'artifact' };
      const card = cardOf(path);
      if (card) m.card = card;
      if (recognised !== undefined) m.recognised = recognised;
      result.set(path, m);
    }
  }
  return result;
}

/**
 * Files that no rule of `models` already places in a model: not ignored, not under a root, not
 * named like weights. Only these can add a model when their bytes are weights.
 */
export function unplacedFiles(files: readonly string[], models: Policy['models']): string[] {
  const ignore = new Matcher(models.ignore);
  const roots = new Matcher(models.roots);
  const artifacts = new Matcher(models.artifacts, { nocase: true });
  const rootDir = new Map<string, boolean>();
  const underRoot = (file: string): boolean => {
    for (let dir = parent(file); dir !== ''; dir = parent(dir)) {
      let v = rootDir.get(dir);
      if (v === undefined) {
        v = !ignore.test(dir) && roots.test(dir);
        rootDir.set(dir, v);
      }
      if (v) return true;
    }
    return false;
  };
  return files.filter((f) => !ignore.test(f) && !artifacts.test(f) && !underRoot(f));
}

/** The model directory a path belongs to, if any (the deepest one). */
export function modelOf(path: string, models: ReadonlyMap<string, ModelDir>): string | undefined {
  for (let dir = parent(path); ; dir = parent(dir)) {
    if (models.has(dir)) return dir;
    if (dir === '') return undefined;
  }
}

function parent(p: string): string {
  const d = posix.dirname(p);
  return d === '.' || d === '/' ? '' : d;
}
