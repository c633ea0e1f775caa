// `modelgate hash <manifest>...`: fills `sha256` and `size` of the files a dataset manifest lists, from
// the files present in the repository, the way a lock file is refreshed. The manifest is edited in
// place: the `yaml` Document API locates each value (it reads Croissant's JSON too) and only those
// bytes are replaced or inserted, so comments, quoting, key order and line endings stay as written.
// A recorded hash that differs from the file is only replaced with --force: the difference may be
// the tampering the gate exists to catch.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseDatasheet, parseCroissant, decodeText, contentOid, LFS_POINTER_MAX_BYTES, looksLikeLfsPointer, parseLfsPointer, locateFile, normaliseSha256, mapLimit } from '../src/index.js';
import type { RepoReader } from '../src/index.js';
import { gitTopLevel } from '../adapters/git/git.js';
import { createWorkingTreeReader } from '../adapters/workingTree.js';
import { UsageError, type HashArgs } from './args.js';

interface Edit {
  at: number;
  end: number;
  text: string;
}

/** One listed file: where its entry is in the document, and what was recorded. */
interface Entry {
  ref: string;
  map: YAMLMap;
  sha: Pair | undefined;
  size: Pair | undefined;
  /** The manifest's own key names: `sha256`/`size` (datasheet), `sha256`/`contentSize` (Croissant). */
  shaKey: string;
  sizeKey: string;
}

/** Files open at once: enough to keep every core's hashing lane fed. */
const HASH_CONCURRENCY = 8;

type Actual = { sha256: string; size: number; lfs: boolean } | { problem: string };

export async function runHash(args: HashArgs, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  let code = 0;
  for (const manifest of args.manifests) code = Math.max(code, await hashOne(manifest, args.force, out));
  return code;
}

async function hashOne(manifest: string, force: boolean, out: (line: string) => void): Promise<number> {
  const abs = resolve(manifest);
  const root = await gitTopLevel(dirname(abs)).catch(() => dirname(abs));
  const rel = relative(root, abs).split(sep).join('/');
  const raw = await readFile(abs, 'utf8').catch((err: unknown) => {
    throw new UsageError(`cannot read ${manifest}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const kind = rel.endsWith('.json') ? 'croissant' : 'datasheet';
  // The gate's own parser first: a manifest it refuses is not edited.
  const parsed = kind === 'croissant' ? parseCroissant(raw, rel) : parseDatasheet(raw, rel);
  if (!parsed.ok) {
    const e = parsed.errors[0];
    throw new UsageError(`${rel}${e?.line !== undefined ? `:${e.line}` : ''}: ${e?.message ?? 'not a dataset manifest'}; fix it first`);
  }
  const doc = parseDocument(raw, { keepSourceTokens: true });
  const entries = kind === 'croissant' ? croissantEntries(doc) : datasheetEntries(doc);
  const reader = createWorkingTreeReader(root);
  await reader.listFiles();
  const nl = raw.includes('\r\n') ? '\r\n' : '\n';
  const edits: Edit[] = [];
  let refused = 0;
  let absent = 0;
  const changes: string[] = [];
  const notes: string[] = [];
  // URLs and refused paths have nothing here to hash. The files are hashed several at once (large
  // ones on every core), then the manifest is edited in its own order.
  const local = entries.flatMap((e) => {
    const resolved = locateFile(rel, e.ref).resolved;
    return resolved === undefined ? [] : [{ e, resolved }];
  });
  const actuals = await mapLimit(local, HASH_CONCURRENCY, (x) => hashFile(reader, x.resolved));
  for (const [i, { e }] of local.entries()) {
    const actual = actuals[i] as Actual;
    if ('problem' in actual) {
      absent++;
      notes.push(`  ${e.ref}: ${actual.problem}; left as is`);
      continue;
    }
    const recorded = e.sha && isScalar(e.sha.value) ? normaliseSha256(e.sha.value.value) : undefined;
    const recordedSize = e.size && isScalar(e.size.value) ? sizeOf(e.size.value.value, kind) : undefined;
    const shaDiffers = recorded?.ok === true && recorded.hex !== actual.sha256;
    const sizeDiffers = recordedSize !== undefined && recordedSize !== actual.size;
    if ((shaDiffers || sizeDiffers) && !force) {
      refused++;
      const what = shaDiffers && recorded?.ok ? `sha256 ${short(recorded.hex)} recorded, file has ${short(actual.sha256)}` : `size ${recordedSize} recorded, file has ${actual.size} bytes`;
      notes.push(`  ${e.ref}: ${what}; the file changed after it was recorded: check it, then run again with --force`);
      continue;
    }
    const inserts: string[] = [];
    if (recorded?.ok !== true || shaDiffers) {
      const text = quoted(actual.sha256, e.sha?.value as Scalar | undefined, kind);
      if (e.sha?.value && isScalar(e.sha.value)) edits.push(replace(e.sha.value, text));
      else inserts.push(pair(e.map, e.shaKey, text));
      changes.push(`  ${e.ref}: sha256 ${recorded?.ok ? short(recorded.hex) : 'none'} -> ${short(actual.sha256)}${actual.lfs ? ' (Git LFS oid)' : ''}`);
    }
    const sizeText = kind === 'croissant' ? JSON.stringify(`${actual.size} B`) : String(actual.size);
    if (recordedSize !== actual.size) {
      const writable = e.size === undefined || recordedSize !== undefined || (isScalar(e.size.value) && e.size.value.value === null);
      if (writable) {
        if (e.size?.value && isScalar(e.size.value)) edits.push(replace(e.size.value, sizeText));
        else inserts.push(pair(e.map, e.sizeKey, sizeText));
        changes.push(`  ${e.ref}: ${e.sizeKey} ${recordedSize ?? 'none'} -> ${actual.size}`);
      }
    }
    if (inserts.length > 0) edits.push(insertion(raw, e.map, inserts, nl));
  }
  const next = apply(raw, edits);
  if (next !== raw) await writeFile(abs, next);
  out(`${rel}: ${changes.length > 0 ? `${changes.length} value(s) updated` : 'up to date'}${refused > 0 ? `, ${refused} refused (recorded value differs)` : ''}${absent > 0 ? `, ${absent} file(s) not present` : ''}`);
  for (const line of [...changes, ...notes]) out(line);
  return refused > 0 ? 1 : 0;
}

/** The content hash of a file present in the checkout; a Git LFS pointer gives the object's oid and size. */
async function hashFile(reader: RepoReader, path: string): Promise<Actual> {
  const read = await reader.read(path, LFS_POINTER_MAX_BYTES);
  if (read.kind === 'ok' && looksLikeLfsPointer(read.bytes)) {
    const text = decodeText(read.bytes, path);
    const pointer = text.ok ? parseLfsPointer(text.value, path) : text;
    if (!pointer.ok) return { problem: `a broken Git LFS pointer (${pointer.errors[0]?.message ?? 'unreadable'})` };
    return { sha256: contentOid(pointer.value), size: pointer.value.size, lfs: true };
  }
  const hashed = read.kind === 'ok' || read.kind === 'too-large' ? await reader.sha256(path) : read;
  if (hashed.kind === 'ok') return { sha256: hashed.sha256.toLowerCase(), size: hashed.size, lfs: false };
  return { problem: hashed.kind === 'missing' ? 'not present in the repository' : `not hashed (${hashed.kind}${'detail' in hashed && hashed.detail ? `: ${hashed.detail}` : ''})` };
}

function datasheetEntries(doc: Document): Entry[] {
  const files = isMap(doc.contents) ? doc.contents.get('files', true) : undefined;
  if (!isSeq(files)) return [];
  return files.items.flatMap((item): Entry[] => {
    if (!isMap(item)) return [];
    const ref = item.get('path');
    if (typeof ref !== 'string') return [];
    return [{ ref, map: item, sha: pairOf(item, /^sha256$/), size: pairOf(item, /^size$/), shaKey: 'sha256', sizeKey: 'size' }];
  });
}

/** Croissant FileObjects with a contentUrl (FileSets have no per-file hash; contained files go through their container). */
function croissantEntries(doc: Document): Entry[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const dist = pairOf(root, /^(?:[a-z]+:)?distribution$/)?.value;
  const items = isSeq(dist) ? dist.items : isMap(dist) ? [dist] : [];
  return items.flatMap((item): Entry[] => {
    if (!isMap(item)) return [];
    const type = item.toJSON()['@type'] as unknown;
    const types = (Array.isArray(type) ? type : [type]).map((t) => String(t).replace(/^.*[:/#]/, ''));
    if (!types.includes('FileObject') || pairOf(item, /^(?:[a-z]+:)?containedIn$/)) return [];
    const url = pairOf(item, /^(?:[a-z]+:)?contentUrl$/)?.value;
    if (!isScalar(url) || typeof url.value !== 'string') return [];
    const sha = pairOf(item, /^(?:[a-z]+:)?sha256$/);
    const size = pairOf(item, /^(?:[a-z]+:)?contentSize$/);
    return [{ ref: url.value, map: item, sha, size, shaKey: 'sha256', sizeKey: 'contentSize' }];
  });
}

function pairOf(map: YAMLMap, key: RegExp): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && typeof p.key.value === 'string' && key.test(p.key.value));
}

/** A recorded size in bytes: a datasheet's integer, Croissant's exact "117743 B"; undefined otherwise. */
function sizeOf(v: unknown, kind: 'croissant' | 'datasheet'): number | undefined {
  if (kind === 'datasheet') return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
  const m = typeof v === 'string' ? /^(\d+)\s*(b|bytes?)?$/i.exec(v.trim()) : null;
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** A hash in single quotes when it replaces a single-quoted one, else double quotes: bare hex such as `12e4…` reads as a number. */
function quoted(hex: string, old: Scalar | undefined, kind: 'croissant' | 'datasheet'): string {
  return kind === 'datasheet' && old?.type === 'QUOTE_SINGLE' ? `'${hex}'` : `"${hex}"`;
}

function replace(node: Scalar, text: string): Edit {
  const [at, end] = node.range ?? [0, 0];
  return { at, end, text };
}

/** `key: value` in the style of the mapping's existing keys (quoted keys in JSON). */
function pair(map: YAMLMap, key: string, value: string): string {
  const first = map.items[0]?.key;
  const q = isScalar(first) && first.type === 'QUOTE_DOUBLE' ? `"${key}"` : key;
  return `${q}: ${value}`;
}

/** New pairs after the mapping's last pair: on their own lines in a block or multi-line mapping, inline in a one-line flow mapping. */
function insertion(raw: string, map: YAMLMap, pairs: string[], nl: string): Edit {
  const last = map.items[map.items.length - 1];
  const firstKey = map.items[0]?.key;
  const keyStart = isScalar(firstKey) ? (firstKey.range?.[0] ?? 0) : 0;
  const indent = ' '.repeat(keyStart - (raw.lastIndexOf('\n', keyStart - 1) + 1));
  const lastNode = (last?.value ?? last?.key) as Scalar | undefined;
  const valueEnd = lastNode?.range?.[1] ?? keyStart;
  if (!map.flow) {
    const lineEnd = raw.indexOf('\n', valueEnd);
    const at = raw[valueEnd - 1] === '\n' ? valueEnd : lineEnd === -1 ? raw.length : lineEnd + 1;
    const lead = lineEnd === -1 && raw[valueEnd - 1] !== '\n' ? nl : '';
    return { at, end: at, text: lead + pairs.map((p) => `${indent}${p}${nl}`).join('') };
  }
  const open = map.range?.[0] ?? 0;
  const multiLine = raw.slice(open, keyStart).includes('\n');
  return { at: valueEnd, end: valueEnd, text: pairs.map((p) => (multiLine ? `,${nl}${indent}${p}` : `, ${p}`)).join('') };
}

function apply(raw: string, edits: Edit[]): string {
  let out = raw;
  for (const e of [...edits].sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

function short(hex: string): string {
  return `${hex.slice(0, 12)}…`;
}
