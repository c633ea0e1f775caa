// Which model directories a record's `scope` may name, read from its text without parsing it. A scope
// entry is a path, normalised (src/repo/paths.ts); one naming directory `a/b` ends, as written, with
// the segment `b`, followed only by slashes and then the end of the value. So a record whose text
// holds no such ending for any directory at or above a model cannot cover it, whatever its YAML says,
// and need not be parsed for that model. What defeats the argument makes the text name every model:
// a backslash (a YAML escape can write any character), and a `.` or `..` segment (it changes what
// the path normalises to, and `.` is the whole repository).

import type { Needle } from './types.js';
import type { Search } from './textSearch.js';

/** What a record's text may name as scope. */
export interface ScopeHint {
  /** True when the text may name any directory. */
  any: boolean;
  /** Every segment the text writes as the last of a path: what a scope entry could end with. */
  ends: ReadonlySet<string>;
}

/** Characters of the segments this scan reasons about. */
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Whether the scan can tell if a text names a path with this segment (else it may, always). */
export function scannable(segment: string): boolean {
  return SEGMENT.test(segment);
}

const isSegmentChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x2d;

/** Any directory: for a record whose text cannot be read (it may cover any model). */
export const ANY_SCOPE: ScopeHint = { any: true, ends: new Set() };

export function scopeHint(text: string): ScopeHint {
  if (text.includes('\\')) return ANY_SCOPE;
  const ends = new Set<string>();
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isSegmentChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // A maximal run of segment characters: it ends a path when only slashes, then something else, follow.
    const start = i;
    while (i < n && isSegmentChar(text.charCodeAt(i))) i++;
    if (i - start <= 2 && text.charCodeAt(start) === 0x2e && text.charCodeAt(i - 1) === 0x2e) return ANY_SCOPE; // `.` or `..`
    let j = i;
    while (j < n && text.charCodeAt(j) === 0x2f) j++;
    if (j === n || !isSegmentChar(text.charCodeAt(j))) ends.add(text.slice(start, i));
  }
  return { any: false, ends };
}

/**
 * May a record with this hint name the model directory `modelPath` or a directory above it? True
 * also for a path with a segment outside the characters the scan reasons about.
 */
export function mayName(hint: ScopeHint, modelPath: string): boolean {
  if (hint.any) return true;
  if (modelPath === '') return false; // only `.` names the repository root
  for (const segment of modelPath.split('/')) {
    if (!scannable(segment) || hint.ends.has(segment)) return true;
  }
  return false;
}

/**
 * What a text holds when its hint may name `segments`' directory (mayName): one of them ending a
 * path, a backslash, or a `.` or `..` segment. A text holding none of them cannot, so the reader's
 * search (RepoReader.filesContaining) rules it out without the core reading it.
 */
export function scopeNeedles(segments: readonly string[]): Needle[] {
  return [...segments.map((text): Needle => ({ kind: 'pathEnd', text })), ...ANY_NEEDLES];
}

/** What makes a text's hint `any`: a backslash, or a `.` or `..` segment. */
export const ANY_NEEDLES: readonly Needle[] = [{ kind: 'text', text: '\\' }, { kind: 'run', text: '.' }, { kind: 'run', text: '..' }];

/**
 * Files of scoped records, found by the directories their text may name: each text is scanned once,
 * on the first question. `hints` gives every file's hint (ANY_SCOPE for one that cannot be read).
 * With `search` (and `hintOf`, one file's hint), the reader first narrows the texts to scan to those
 * holding scopeNeedles; the answer is the same.
 */
export function scopeCandidates(
  paths: readonly string[],
  hints: () => Promise<readonly ScopeHint[]>,
  narrow?: { search: Search; hintOf: (path: string) => Promise<ScopeHint> },
): (modelPath: string) => Promise<string[]> {
  let index: Promise<{ ends: Map<string, string[]>; anywhere: string[] }> | undefined;
  const build = () =>
    (index ??= hints().then((list) => {
      const ends = new Map<string, string[]>();
      const anywhere: string[] = [];
      list.forEach((hint, i) => {
        const path = paths[i] as string;
        if (hint.any) anywhere.push(path);
        else
          for (const end of hint.ends) {
            const at = ends.get(end);
            if (at) at.push(path);
            else ends.set(end, [path]);
          }
      });
      return { ends, anywhere };
    }));
  return async (modelPath) => {
    const segments = modelPath === '' ? [] : modelPath.split('/');
    // A segment the scan does not reason about: every record may name it.
    if (!segments.every(scannable)) return [...paths];
    const narrowed = index === undefined ? await narrow?.search(scopeNeedles(segments)) : undefined;
    if (narrowed && narrow) {
      const listed = paths.filter((p) => narrowed.has(p));
      const may = await Promise.all(listed.map(async (p) => mayName(await narrow.hintOf(p), modelPath)));
      return listed.filter((_, i) => may[i]).sort();
    }
    const { ends, anywhere } = await build();
    const found = new Set(anywhere);
    for (const s of segments) for (const p of ends.get(s) ?? []) found.add(p);
    return [...found].sort();
  };
}
