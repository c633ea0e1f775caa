// Which directories are models. A directory matching a root glob is a model; so is the home of an
// artifact (weights) that no root covers: the nearest directory above it holding a card, else the
// artifact's own directory. The repository root is such a directory only when it holds a card and
// weights of its own: a project README at the top does not turn every stray weights file into ".".
// The second rule is what stops "move the weights out of models/" from escaping the gate.
// Symbolic links and submodules (entries modelgate cannot read through) count where a model or its
// weights could be: inside a model directory, as the model directory itself (or a directory that
// could hold one), or at a weights name. Each is recorded on its model for `model.entries`.
import { posix } from 'node:path';
import { Minimatch } from 'minimatch';
import type { Policy } from './policy/load.js';
import type { ViewEntry } from './entries.js';

/** A symbolic link or submodule in a model, and why modelgate cannot vouch for it. */
export interface OpaqueEntry {
  path: string;
  kind: 'symlink' | 'submodule';
  target?: string;
  why: string;
}

export interface ModelDir {
  path: string;
  /** The card file, when one of the configured names exists. */
  card?: string;
  /** Why this directory is a model: "root" (matches models.roots) or "artifact" (holds weights). */
  via: 'root' | 'artifact';
  /** Symbolic links and submodules in the model that modelgate cannot read through (model.entries). */
  opaque?: OpaqueEntry[];
  /** For an artifact found by its bytes, not its name: which file, and what it is, for the report. */
  recognised?: string;
}

/** Files whose bytes show weights (src/weightsByBytes.ts): path -> why, as a sentence naming the file. */
export type RecognisedWeights = ReadonlyMap<string, string>;

export class Matcher {
  private readonly matchers: { glob: Minimatch; compiled: CompiledGlob | null; literals: string[][] | null; ending: RegExp | null }[];
  /** Every glob's literal endings in one expression, when every glob has some: most paths end none of them. */
  private readonly ending: RegExp | null;
  /** One literal part of each alternative of every glob, when all have some: a match contains one of them. */
  private readonly literal: RegExp | null;
  private readonly nocase: boolean;
  private readonly partial: boolean;
  /**
   * `partial`: the path is a directory that could hold a match (`models` for `models/*`). Patterns
   * starting with `**` would make every directory such a prefix, so they only match whole paths.
   */
  constructor(globs: readonly string[], options: { nocase?: boolean; partial?: boolean } = {}) {
    this.nocase = options.nocase ?? false;
    this.partial = options.partial ?? false;
    const patterns = this.partial ? globs.filter((g) => !g.startsWith('**')) : globs;
    this.matchers = patterns.map((g) => {
      const glob = new Minimatch(g, { ...GLOB_OPTIONS, nocase: this.nocase });
      const suffixes = this.partial ? null : literalSuffixes(glob);
      return {
        glob,
        compiled: this.partial ? null : compileGlob(glob),
        literals: this.partial || this.nocase ? null : literalSegments(glob),
        ending: suffixes && endingOf(this.nocase ? suffixes.map((x) => x.toLowerCase()) : suffixes),
      };
    });
    const endings = this.matchers.map((m) => m.ending);
    this.ending = endings.length > 0 && endings.every((e) => e !== null) ? endingOf(endings.map((e) => e.source.slice(3, -2)), true) : null;
    const literals = this.matchers.map((m) => m.literals);
    this.literal = literals.length > 0 && literals.every((l) => l !== null) ? new RegExp(literals.flatMap((l) => l.map(longest)).map(escapeRegExp).join('|')) : null;
  }
  test(path: string): boolean {
    // Paths no tree lists (empty segments, `.`, `..`) go to minimatch as they are.
    if (UNUSUAL_PATH.test(path)) return this.matchers.some(({ glob }) => glob.match(path, this.partial));
    // Case-insensitive matching folds some letters past ASCII that lower-casing does not (ſ and s):
    // such paths skip the endings test ('').
    const folded = !this.nocase ? path : /^[\x00-\x7f]*$/.test(path) ? path.toLowerCase() : '';
    if (this.ending && folded !== '' && !this.ending.test(folded)) return false;
    if (this.literal && !this.literal.test(path)) return false;
    return this.matchers.some(({ glob, compiled, literals, ending }) => {
      if (ending && folded !== '' && !ending.test(folded)) return false;
      if (literals && !literals.some((alternative) => alternative.every((l) => path.includes(l)))) return false;
      return compiled ? compiled(path) : glob.match(path, this.partial);
    });
  }
}

const GLOB_OPTIONS = { dot: true, nocomment: true, nonegate: true } as const;

/** `(?:a|b)$` for literal endings, or for the sources of other such expressions (already escaped). */
function endingOf(endings: readonly string[], escaped = false): RegExp {
  const alternatives = escaped ? endings : endings.map(escapeRegExp);
  return new RegExp(`(?:${alternatives.join('|')})$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The longest of an alternative's literal parts: the rarest in paths, as a rule. */
function longest(parts: readonly string[]): string {
  return parts.reduce((a, b) => (b.length > a.length ? b : a), '');
}
/** Paths the Matcher leaves to minimatch: empty segments, `.` and `..` (no tree lists them). */
const UNUSUAL_PATH = /^$|^\/|\/$|\/\/|(?:^|\/)\.\.?(?:\/|$)/;

type CompiledGlob = (path: string) => boolean;

/**
 * `glob.match(path)` for a whole path, through regular expressions: minimatch's match walks the
 * pattern segment by segment for every path, the main cost of discovery on a large tree. Each
 * alternative of the glob (its braces expanded) is compiled by minimatch's makeRe, which answers as
 * match does for alternatives with at most one globstar; a trailing globstar (`a/(globstar)`),
 * which match takes as one or more segments and makeRe as zero or more, becomes "some directory
 * above the path matches `a`". null (minimatch answers) for anything else, and on Windows, where
 * minimatch rewrites the path first. test/core/discovery.test.ts holds this to minimatch.
 */
function compileGlob(glob: Minimatch): CompiledGlob | null {
  if (glob.isWindows || glob.set.length !== glob.globParts.length) return null;
  const whole: RegExp[] = [];
  const above: RegExp[] = [];
  let anyDirectory = false;
  const options = { ...GLOB_OPTIONS, nocase: glob.options.nocase ?? false, nobrace: true };
  for (const parts of glob.globParts) {
    let end = parts.length;
    while (end > 0 && parts[end - 1] === '**') end--;
    const trailing = end < parts.length;
    const head = parts.slice(0, end);
    if (head.filter((p) => p === '**').length > 1) return null;
    if (trailing && head.length === 0) {
      anyDirectory = true; // `**`: every path
      continue;
    }
    const re = new Minimatch(head.join('/'), options).makeRe();
    if (re === false) return null;
    (trailing ? above : whole).push(re);
  }
  return (path) => {
    if (anyDirectory || whole.some((re) => re.test(path))) return true;
    if (above.length === 0) return false;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      const dir = path.slice(0, i);
      if (above.some((re) => re.test(dir))) return true;
    }
    return false;
  };
}

/**
 * A cheap necessary condition for `glob.match(path)`: minimatch compares each literal part of a
 * pattern (`datasets` and `datasheet.yml` in `datasets/(globstar)/datasheet.yml`) with one whole
 * segment of the path, so a path that does not contain one of them cannot match that alternative.
 * Most paths fail it, which spares the full match. null when some alternative has no literal part
 * (always match), and on Windows, where minimatch rewrites the path.
 */
function literalSegments(glob: Minimatch): string[][] | null {
  if (glob.isWindows || glob.set.length === 0) return null;
  const literals = glob.set.map((parts) => parts.filter((p): p is string => typeof p === 'string' && p !== ''));
  return literals.some((l) => l.length === 0) ? null : literals;
}

/**
 * Another cheap necessary condition, for globs such as `(globstar)/*.onnx`:
 * the literal end of an alternative's last segment (`.onnx`) ends every path it matches. null when
 * some alternative has none (always match), and on Windows.
 */
function literalSuffixes(glob: Minimatch): string[] | null {
  if (glob.isWindows || glob.globParts.length === 0) return null;
  const suffixes: string[] = [];
  for (const parts of glob.globParts) {
    const last = parts[parts.length - 1] ?? '';
    let from = last.length;
    while (from > 0 && !GLOB_MAGIC.has(last[from - 1] as string)) from--;
    if (from === last.length) return null;
    suffixes.push(last.slice(from));
  }
  return suffixes;
}

/** Characters after which a segment's text is no longer literal (escapes included, to stay safe). */
const GLOB_MAGIC = new Set(['*', '?', '[', ']', '{', '}', '(', ')', '!', '+', '@', '\\', '/']);

/**
 * Models of a tree. `entries` are files (as paths or entries) and the links and submodules of the
 * view; `byBytes` are files recognised as weights by their bytes (src/weightsByBytes.ts).
 */
export function findModels(entries: readonly (string | ViewEntry)[], models: Policy['models'], byBytes: RecognisedWeights = new Map()): Map<string, ModelDir> {
  const ignore = new Matcher(models.ignore);
  const roots = new Matcher(models.roots);
  const rootPrefixes = new Matcher(models.roots, { partial: true });
  const artifacts = new Matcher(models.artifacts, { nocase: true }); // model.ONNX is still a model
  const kept: string[] = [];
  const opaque: ViewEntry[] = [];
  for (const e of entries) {
    const path = typeof e === 'string' ? e : e.path;
    if (ignore.test(path)) continue;
    if (typeof e === 'string' || e.kind === 'file') kept.push(path);
    else opaque.push(e);
  }
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
  // The deepest root at or above each directory, once per directory: a file costs one lookup.
  const rootAt = new Map<string, string | null>();
  const rootAtOrAbove = (dir: string): string | undefined => {
    if (dir === '') return undefined;
    let root = rootAt.get(dir);
    if (root === undefined) rootAt.set(dir, (root = isRoot(dir) ? dir : (rootAtOrAbove(parent(dir)) ?? null)));
    return root ?? undefined;
  };
  // Entries come sorted, so a file's directory is most often the previous file's.
  let lastDir: string | undefined;
  let lastRoot: string | undefined;
  const rootAbove = (file: string): string | undefined => {
    const dir = parent(file);
    if (dir !== lastDir) {
      lastDir = dir;
      lastRoot = rootAtOrAbove(dir);
    }
    return lastRoot;
  };
  const add = (path: string, via: ModelDir['via'], recognised?: string): ModelDir => {
    let m = result.get(path);
    if (!m) {
      m = { path, via };
      const card = cardOf(path);
      if (card) m.card = card;
      if (recognised !== undefined) m.recognised = recognised;
      result.set(path, m);
    }
    return m;
  };
  // The repository root is a model only when it holds weights itself (the Hugging Face layout: card
  // and weights at the top, variants in subdirectories); a project README does not make it one.
  const isWeights = (p: string) => artifacts.test(p) || byBytes.has(p);
  const rootHoldsWeights = kept.some((p) => !p.includes('/') && isWeights(p)) || opaque.some((e) => !e.path.includes('/') && isWeights(e.path));
  const homeOf = (file: string): string => {
    const own = parent(file);
    for (let dir = own; dir !== ''; dir = parent(dir)) if (cardOf(dir)) return dir;
    return rootHoldsWeights && cardOf('') ? '' : own;
  };

  const outsideRoots: string[] = [];
  for (const file of kept) {
    const root = rootAbove(file);
    if (root !== undefined) add(root, 'root');
    else outsideRoots.push(file);
  }
  for (const file of outsideRoots) {
    if (isWeights(file)) add(homeOf(file), 'artifact', byBytes.get(file));
  }
  for (const e of opaque) {
    const root = rootAbove(e.path);
    let model: ModelDir | undefined;
    if (root !== undefined) model = add(root, 'root');
    // The model directory itself, or a directory that could hold one (`models` for `models/*`).
    else if (isRoot(e.path) || rootPrefixes.test(e.path)) model = add(e.path, 'root');
    else if (artifacts.test(e.path)) model = add(homeOf(e.path), 'artifact');
    if (!model) continue;
    const entry: OpaqueEntry = { path: e.path, kind: e.kind === 'submodule' ? 'submodule' : 'symlink', why: e.why ?? 'cannot be read through' };
    if (e.target !== undefined) entry.target = e.target;
    (model.opaque ??= []).push(entry);
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
  const slash = p.lastIndexOf('/');
  // The common case without posix.dirname's generality (a path with no trailing or doubled slash).
  if (slash > 0 && slash < p.length - 1 && p[slash - 1] !== '/') return p.slice(0, slash);
  const d = posix.dirname(p);
  return d === '.' || d === '/' ? '' : d;
}
