// Shared harness of the hostile-input suite (issue 7): what people and attackers can put in a
// repository, and the properties the gate must keep whatever they put there.
//
// Layout of test/hostile/:
//   core-*.test.ts    parsers, evaluator and renderers, through the RepoReader port (this harness)
//   cli-*.test.ts     the `modelgate check` shell and the git adapters, over real repositories
//   action-*.test.ts  the bundled Action as a process against a local fake GitHub: API faults,
//                     rate limits, time-outs, concurrent runs, ten thousand files, bypasses
//                     (wiring in test/action/harness.ts)
//   app-*.test.ts     the App, in process with nock and as a server process: faults, ordering,
//                     duplicate deliveries, comment and waiver abuse, bypasses (test/app/)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ChangeSet, HashResult, ReadFailure, ReadResult, Report, RepoReader, TreeEntry } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { COMMIT_ALL, gitScript } from '../adapters/fixture.js';
import { createRepo } from '../core/fixtures.js';
import { readPolicy, readWaivers } from '../../src/policy/fromRepo.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE_DIR = join(REPO_ROOT, 'examples', 'acme-ml');
/** The date the example repository is evaluated at (its README's output). */
export const AS_OF = '2026-11-28';
/** The model of the example repository whose evidence is complete: it passes `baseline`. */
export const GOOD_MODEL = 'models/support-router';

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// An instrumented in-memory repository.

/** A file that cannot be read: what a reader answers for it. */
export interface Fault {
  fault: ReadFailure['kind'];
}
/** A file of `size` bytes that is never materialised: `head`, then zero bytes. */
export interface HugeFile {
  size: number;
  head?: string;
}
/** A symbolic link (mode 120000) or a submodule (160000): listed by listEntries, never read. */
export interface Special {
  special: 'symlink' | 'submodule';
  target?: string;
}
export type Entry = string | Uint8Array | Fault | HugeFile | Special;
export type Files = Record<string, Entry> | Map<string, Entry>;

export const fault = (kind: ReadFailure['kind']): Fault => ({ fault: kind });
export const huge = (size: number, head = ''): HugeFile => ({ size, head });
export const link = (target: string): Special => ({ special: 'symlink', target });
export const submodule = (): Special => ({ special: 'submodule' });

function isFault(e: Entry | undefined): e is Fault {
  return typeof e === 'object' && e !== null && !(e instanceof Uint8Array) && 'fault' in e;
}
function isSpecial(e: Entry | undefined): e is Special {
  return typeof e === 'object' && e !== null && !(e instanceof Uint8Array) && 'special' in e;
}
function isHuge(e: Entry | undefined): e is HugeFile {
  return typeof e === 'object' && e !== null && !(e instanceof Uint8Array) && 'size' in e;
}

export interface ReadLog {
  op: 'read' | 'head' | 'sha256';
  path: string;
  maxBytes?: number;
}

export interface SpyReader extends RepoReader {
  /** Every request the core made, in order. */
  readonly log: ReadLog[];
  /** Bytes handed out by read() in total. */
  readonly bytesServed: () => number;
}

/** True for the only paths a reader may be asked about: POSIX, relative, normalised. */
export function isRepoPath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\0') && !p.includes('\\') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * A RepoReader over a map, honouring the port's contract (normalised paths only, faults as
 * ReadFailures, size caps, never throws) and logging every request, so tests can prove what the core
 * asked for: never a path outside the repository, never more than the cap.
 */
export function spyReader(files: Files, label = 'memory'): SpyReader {
  const map = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  const dirs = new Set<string>();
  for (const p of map.keys()) for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  const log: ReadLog[] = [];
  let served = 0;
  type Found = { bytes: Uint8Array } | { huge: HugeFile } | { failure: ReadFailure };
  const lookup = (path: string): Found => {
    if (!isRepoPath(path)) return { failure: { kind: 'outside', detail: `"${path}" is not a normalised repository path` } };
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      const above = map.get(path.slice(0, i));
      if (isSpecial(above)) return { failure: { kind: 'not-a-file', detail: `${above.special}: "${path.slice(0, i)}" is a ${above.special}` } };
    }
    const e = map.get(path);
    if (e === undefined) return { failure: dirs.has(path) ? { kind: 'not-a-file', detail: 'directory' } : { kind: 'missing' } };
    if (isFault(e)) return { failure: failure(e.fault) };
    if (isSpecial(e)) return { failure: { kind: 'not-a-file', detail: e.special === 'symlink' ? 'symbolic link' : 'submodule' } };
    if (isHuge(e)) return { huge: e };
    return { bytes: typeof e === 'string' ? new TextEncoder().encode(e) : e };
  };
  return {
    label,
    log,
    bytesServed: () => served,
    // Symlinks (not-a-file) and paths outside are never listed; a file that fails to read is.
    listFiles: () => Promise.resolve([...map.entries()].filter(([, e]) => !isSpecial(e) && (!isFault(e) || (e.fault !== 'not-a-file' && e.fault !== 'outside'))).map(([p]) => p).sort()),
    listEntries: () =>
      Promise.resolve(
        [...map.entries()]
          .filter(([, e]) => !isFault(e) || (e.fault !== 'not-a-file' && e.fault !== 'outside'))
          .map(([path, e]): TreeEntry => (isSpecial(e) ? { path, kind: e.special, ...(e.target !== undefined ? { target: e.target } : {}) } : { path, kind: 'file' }))
          .sort((a, b) => (a.path < b.path ? -1 : 1)),
      ),
    read(path: string, maxBytes: number): Promise<ReadResult> {
      log.push({ op: 'read', path, maxBytes });
      const found = lookup(path);
      if ('failure' in found) return Promise.resolve(found.failure);
      if ('huge' in found) {
        const { size } = found.huge;
        return Promise.resolve(size > maxBytes ? { kind: 'too-large', size, limit: maxBytes } : { kind: 'io', detail: 'huge test files are never materialised' });
      }
      const { bytes } = found;
      if (bytes.length > maxBytes) return Promise.resolve({ kind: 'too-large', size: bytes.length, limit: maxBytes });
      served += bytes.length;
      return Promise.resolve({ kind: 'ok', bytes, size: bytes.length });
    },
    head(path: string, maxBytes: number): Promise<ReadResult> {
      log.push({ op: 'head', path, maxBytes });
      const found = lookup(path);
      if ('failure' in found) return Promise.resolve(found.failure);
      if ('huge' in found) {
        const head = new TextEncoder().encode(found.huge.head ?? '');
        const bytes = new Uint8Array(Math.min(maxBytes, found.huge.size));
        bytes.set(head.subarray(0, bytes.length));
        served += bytes.length;
        return Promise.resolve({ kind: 'ok', bytes, size: found.huge.size });
      }
      served += Math.min(maxBytes, found.bytes.length);
      return Promise.resolve({ kind: 'ok', bytes: found.bytes.subarray(0, maxBytes), size: found.bytes.length });
    },
    sha256(path: string): Promise<HashResult> {
      log.push({ op: 'sha256', path });
      const found = lookup(path);
      if ('failure' in found) return Promise.resolve(found.failure);
      if ('huge' in found) {
        // Streamed like a real reader: constant memory.
        const h = createHash('sha256');
        const head = new TextEncoder().encode(found.huge.head ?? '');
        h.update(head);
        const chunk = new Uint8Array(1024 * 1024);
        for (let left = found.huge.size - head.length; left > 0; left -= chunk.length) h.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
        return Promise.resolve({ kind: 'ok', sha256: h.digest('hex'), size: found.huge.size });
      }
      return Promise.resolve({ kind: 'ok', sha256: sha256(found.bytes), size: found.bytes.length });
    },
  };
}

function failure(kind: ReadFailure['kind']): ReadFailure {
  switch (kind) {
    case 'missing':
      return { kind };
    case 'too-large':
      return { kind, size: 1 << 30, limit: 8 << 20 };
    default:
      return { kind, detail: `injected ${kind}` };
  }
}

export interface EvalOptions {
  changes?: ChangeSet;
  today?: string;
  /** Read policy and waivers from another revision (the base of a change). */
  base?: RepoReader;
}

/** Evaluates a repository as `modelgate check` does: policy and waivers from the (base) repository. */
export async function evaluateReader(reader: RepoReader, options: EvalOptions = {}): Promise<Report> {
  const base = options.base ?? reader;
  return evaluate({
    reader,
    changes: options.changes ?? { all: true },
    ...(options.base ? { base: options.base } : {}),
    policy: await readPolicy(base),
    waivers: await readWaivers(base),
    today: options.today ?? AS_OF,
    toolVersion: 'hostile',
    generatedAt: `${AS_OF}T00:00:00.000Z`,
  });
}

export function evaluateFiles(files: Files, options: EvalOptions = {}): Promise<Report> {
  return evaluateReader(spyReader(files), options);
}

/** Every file of a directory on disk, as path -> bytes (POSIX paths). */
export function readTree(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else if (st.isFile()) out.set(relative(dir, abs).split(sep).join('/'), new Uint8Array(readFileSync(abs)));
    }
  };
  walk(dir);
  return out;
}

/** The example repository (three models; support-router passes `baseline`), as a fresh map. */
export function exampleRepo(): Map<string, Entry> {
  return readTree(EXAMPLE_DIR);
}

export function text(e: Entry | undefined): string {
  if (typeof e === 'string') return e;
  if (e instanceof Uint8Array) return Buffer.from(e).toString('utf8');
  throw new Error('not a text entry');
}

export function check(report: Report, model: string, id: string) {
  const m = report.models.find((x) => x.path === model);
  if (!m) throw new Error(`model ${model} not in report (models: ${report.models.map((x) => x.path).join(', ')})`);
  const c = m.checks.find((x) => x.id === id);
  if (!c) throw new Error(`check ${id} not run on ${model}`);
  return c;
}

export function modelOutcome(report: Report, model: string): 'pass' | 'fail' {
  const m = report.models.find((x) => x.path === model);
  if (!m) throw new Error(`model ${model} not in report`);
  return m.outcome;
}

// ---------------------------------------------------------------------------------------------
// Prototype pollution.

/** What Object.prototype (and friends) look like now; compare after feeding hostile input. */
export function prototypeSnapshot(): string {
  const describe = (o: object) =>
    Object.getOwnPropertyNames(o)
      .sort()
      .map((k) => `${k}:${typeof Object.getOwnPropertyDescriptor(o, k)?.value}`)
      .join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(describe).join('|');
}

export function expectPrototypesUntouched(before: string): void {
  expect(prototypeSnapshot()).toBe(before);
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'isAdmin', 'verdict', 'level', 'outcome']) expect(probe[k], k).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------
// Names people and attackers give files, models, datasets, findings and approvers.

export const HOSTILE_NAMES: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '</details><details open><summary>click',
  '<!-- hidden --><b>bold</b>',
  '@octocat',
  '@acme/security-team please approve',
  'cc @admin',
  '| a | b |',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  '[click me](https://evil.example/phish)',
  '![pixel](https://evil.example/p.png)',
  '**bold** _it_ ~~s~~ `code`',
  '``` fence',
  '$\\LaTeX$ $$x$$',
  '&lt;img src=x&gt; &#64;octocat',
  '\\|escaped pipe\\|',
  '# heading',
  '> quote',
  '- [x] checked',
  'javascript:alert(1)',
  '\u202eevil\u202c',
  'https://evil.example/x',
  'www.evil.example',
  '\u0000nul',
  '\u001b[31mred\u001b[0m',
];

/** Tags the renderers themselves write; any other tag in their output came from the input. */
const OWN_TAGS = /^<\/?(details|summary|sub|code|br)(\s[^<>]*)?>$/i;

/** The Markdown with code spans (CommonMark: matching backtick runs) replaced by a placeholder. */
export function withoutCodeSpans(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] === '\\' && i + 1 < markdown.length) {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (markdown[i] !== '`') {
      out += markdown[i];
      i++;
      continue;
    }
    let run = 0;
    while (markdown[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let close = -1;
    for (let j = markdown.indexOf(fence, i + run); j !== -1; j = markdown.indexOf(fence, j + 1)) {
      let end = j;
      while (markdown[end] === '`') end++;
      if (end - j === run) {
        close = j;
        break;
      }
      j = end - 1;
    }
    if (close === -1) {
      out += fence;
      i += run;
      continue;
    }
    out += '\u2063CODE\u2063';
    i = close + run;
  }
  return out;
}

/**
 * Checks what GitHub would render: no HTML tag the renderer did not write itself, no live @-mention,
 * no autolink, no link or image syntax from the input, and table rows with the header's number of
 * cells. Returns the problems (empty when inert), so callers can show them all.
 */
export function markdownProblems(markdown: string): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  let columns: number | undefined;
  for (const [n, raw] of lines.entries()) {
    const line = withoutCodeSpans(raw);
    for (const m of line.matchAll(/(?<!\\)<\/?[A-Za-z][^<>]*>|(?<!\\)<!--/g)) {
      if (!OWN_TAGS.test(m[0])) problems.push(`line ${n + 1}: raw HTML ${JSON.stringify(m[0])}`);
    }
    for (const m of line.matchAll(/(?:^|[^\w`\\])@[A-Za-z0-9]/g)) problems.push(`line ${n + 1}: live mention at ${JSON.stringify(line.slice(Math.max(0, m.index - 10), m.index + 20))}`);
    for (const m of line.matchAll(/(?:^|[\s*_~(])(?:www\.[A-Za-z0-9-]|[a-z][a-z0-9+.-]*:\/\/[^\s\u200b])/gi)) problems.push(`line ${n + 1}: autolink at ${JSON.stringify(line.slice(m.index, m.index + 30))}`);
    for (const m of line.matchAll(/(?<!\\)!?(?<!\\)\[[^\]\\]*(?<!\\)\]\(/g)) problems.push(`line ${n + 1}: link syntax ${JSON.stringify(m[0])}`);
    if (/^\|.*\|$/.test(raw)) {
      const cells = raw.replace(/\\\\/g, '').split(/(?<!\\)\|/).length - 2;
      if (/^\|[-| :]+\|$/.test(raw)) columns = cells;
      else if (columns !== undefined && cells !== columns) problems.push(`line ${n + 1}: table row with ${cells} cells, header has ${columns}: ${JSON.stringify(raw.slice(0, 80))}`);
    } else if (raw.trim() === '') {
      columns = undefined;
    } else if (columns !== undefined && !raw.startsWith('|')) {
      columns = undefined;
    }
  }
  return problems;
}

export function assertInertMarkdown(markdown: string): void {
  expect(markdownProblems(markdown)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Time bounds.

/**
 * CPU time this process spent since `start` (user + system), in ms. The bounds below catch a
 * super-linear algorithm or an expansion, not a slow machine: CPU time does not grow with the
 * number of other processes waiting for the cores, as wall time does on a shared runner. A hang on
 * I/O is the test timeout's business.
 */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Runs `fn` (awaiting it when it returns a promise) and fails when it takes more than `ms` of CPU time (a super-linear algorithm). */
export function within<T>(ms: number, label: string, fn: () => Promise<T>): Promise<T>;
export function within<T>(ms: number, label: string, fn: () => T): T;
export function within<T>(ms: number, label: string, fn: () => T | Promise<T>): T | Promise<T> {
  const start = process.cpuUsage();
  const bound = (value: T): T => {
    const took = cpuMsSince(start);
    if (took > ms) throw new Error(`${label} took ${Math.round(took)} ms of CPU time (bound ${ms} ms)`);
    return value;
  };
  const value = fn();
  return value instanceof Promise ? value.then(bound) : bound(value);
}

/**
 * fast-check settings for the suite: a fixed number of runs from a fixed seed, so every run checks
 * the same inputs, all of them. No time cap: a property interrupted after its first few runs would
 * pass having checked almost nothing (a slow single run fails through within()).
 */
export const FC = { numRuns: 100, seed: 13 } as const;
/** Time one parser call may take on generated input of up to ~50 KB: generous for linear code, hopeless for quadratic. */
export const CALL_BUDGET_MS = 750;

// ---------------------------------------------------------------------------------------------
// Real directories and git repositories.

const madeDirs: string[] = [];

export function tempDir(prefix = 'modelgate-hostile-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  madeDirs.push(dir);
  return dir;
}

/** Removes every directory tempDir() made (call in afterAll). */
export function cleanupDirs(): void {
  for (const d of madeDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

const GIT_ENV: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
for (const v of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) delete GIT_ENV[v];

/** No automatic maintenance: git would start it as a process after each commit. */
const GIT_OPTIONS = ['-c', 'user.name=hostile', '-c', 'user.email=hostile@modelgate.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'core.symlinks=true', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0'];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_OPTIONS, ...args], { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Writes a map of files (strings or bytes) under `root`. */
export function writeTree(root: string, files: Map<string, Entry> | Record<string, Entry>): void {
  for (const [path, content] of files instanceof Map ? files : Object.entries(files)) {
    const abs = join(root, ...path.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(abs, content);
    else throw new Error(`${path}: only strings and bytes can be written to disk`);
  }
}

/** A git repository on branch main holding `files` (strings and bytes), committed; returns its directory (createRepo's, in this harness's temp dirs). */
export function gitRepo(files: Map<string, Entry> | Record<string, Entry>): string {
  const onDisk: Record<string, string | Uint8Array> = Object.create(null) as Record<string, string | Uint8Array>;
  for (const [path, content] of files instanceof Map ? files : Object.entries(files)) {
    if (typeof content !== 'string' && !(content instanceof Uint8Array)) throw new Error(`${path}: only strings and bytes can be written to disk`);
    onDisk[path] = content;
  }
  return createRepo(onDisk, { prefix: 'modelgate-hostile-', tempDir });
}

export function commitAll(dir: string, message = 'change'): string {
  return gitScript(dir, COMMIT_ALL, [message], { options: GIT_OPTIONS, env: GIT_ENV }).trim();
}
