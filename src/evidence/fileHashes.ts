// Checks the files a dataset manifest lists against the repository: a Git LFS pointer is compared by
// its oid (nothing is fetched), a small file is hashed from the bytes already read, a large one is
// streamed through the reader's SHA-256.
import { createHash } from 'node:crypto';
import type { HashResult, ReadFailure, RepoReader } from '../types.js';
import { decodeText, errorText, lazyLine } from './load.js';
import { contentOid, LFS_POINTER_MAX_BYTES, looksLikeLfsPointer, parseLfsPointer } from './lfsPointer.js';
import type { DatasetManifest, ManifestFile } from './manifest.js';
import { mapLimit } from '../concurrency.js';

export type FileVerification = {
  path: string;
  resolved?: string;
  status: 'match' | 'mismatch' | 'missing' | 'external' | 'unverifiable' | 'unsafe' | 'unreadable';
  expected?: string;
  actual?: string;
  viaLfs: boolean;
  message: string;
  line?: number;
};

/** Files hashed at once: enough to overlap I/O, few enough not to exhaust file handles. */
const CONCURRENCY = 8;

export async function verifyManifestFiles(manifest: DatasetManifest, reader: RepoReader): Promise<FileVerification[]> {
  return mapLimit(manifest.files, CONCURRENCY, async (f) => {
    try {
      return await verifyOne(f, reader);
    } catch (err) {
      // RepoReader must not throw for file problems; if one does, report it rather than abort the run.
      return result(f, 'unreadable', `${shown(f)}: could not be read: ${errorText(err)}`);
    }
  });
}

async function verifyOne(f: ManifestFile, reader: RepoReader): Promise<FileVerification> {
  if (f.pathError !== undefined) return result(f, 'unsafe', `${shown(f)}: ${f.pathError}`);
  if (f.external !== undefined) return result(f, 'external', `${shown(f)} is stored outside the repository; not verified here`);
  if (f.hashProblem !== undefined) return result(f, 'unverifiable', `${shown(f)}: ${f.hashProblem}`);
  const expected = f.sha256;
  if (f.resolved === undefined || expected === undefined) return result(f, 'unverifiable', `${shown(f)}: no verifiable hash`);
  const path = f.resolved;
  const read = await reader.read(path, LFS_POINTER_MAX_BYTES);
  if (read.kind === 'ok') {
    if (looksLikeLfsPointer(read.bytes)) return viaPointer(f, expected, read.bytes);
    return compare(f, expected, sha256(read.bytes), read.size, false);
  }
  if (read.kind === 'too-large') {
    const hashed: HashResult = await reader.sha256(path);
    if (hashed.kind !== 'ok') return failure(f, hashed, reader);
    return compare(f, expected, hashed.sha256.toLowerCase(), hashed.size, false);
  }
  return failure(f, read, reader);
}

function viaPointer(f: ManifestFile, expected: string, bytes: Uint8Array): FileVerification {
  const text = decodeText(bytes, f.path);
  const pointer = text.ok ? parseLfsPointer(text.value, f.path) : text;
  if (!pointer.ok) {
    const why = pointer.errors.map((e) => (e.line === undefined ? e.message : `line ${e.line}: ${e.message}`)).join('; ');
    return result(f, 'unverifiable', `${shown(f)} looks like a Git LFS pointer but is malformed (${why})`, { viaLfs: true });
  }
  const p = pointer.value;
  const actual = contentOid(p);
  if (actual !== expected && sha256(bytes) === expected) {
    return result(f, 'mismatch', `${shown(f)}: the manifest's sha256 is the hash of the Git LFS pointer file, not of the content (oid ${short(actual)})`, {
      expected,
      actual,
      viaLfs: true,
    });
  }
  // With LFS extensions, `size` is of the transformed object, so it says nothing about the content.
  const size = p.extensions.length === 0 ? p.size : undefined;
  return compare(f, expected, actual, size, true);
}

function compare(f: ManifestFile, expected: string, actual: string, size: number | undefined, viaLfs: boolean): FileVerification {
  const how = viaLfs ? 'its Git LFS pointer oid' : 'SHA-256';
  if (actual !== expected) {
    return result(f, 'mismatch', `${shown(f)}: ${how} mismatch: manifest says ${short(expected)}, file has ${short(actual)}`, { expected, actual, viaLfs });
  }
  if (f.size !== undefined && size !== undefined && f.size !== size) {
    return result(f, 'mismatch', `${shown(f)}: hash matches but the manifest says ${f.size} bytes and the ${viaLfs ? 'pointer says' : 'file has'} ${size}`, {
      expected,
      actual,
      viaLfs,
    });
  }
  const note = viaLfs ? ' (compared with the Git LFS pointer oid; content not fetched)' : '';
  return result(f, 'match', `${shown(f)}: SHA-256 matches ${short(actual)}${note}`, { expected, actual, viaLfs });
}

function failure(f: ManifestFile, r: ReadFailure, reader: RepoReader): FileVerification {
  switch (r.kind) {
    case 'missing':
      return result(f, 'missing', `${shown(f)}: not found in ${reader.label}`);
    case 'not-a-file':
    case 'outside':
      return result(f, 'unsafe', `${shown(f)}: refused: ${r.detail}`);
    case 'io':
      return result(f, 'unreadable', `${shown(f)}: could not be read: ${r.detail}`);
    case 'too-large':
      return result(f, 'unreadable', `${shown(f)}: too large to hash (${r.size} bytes, limit ${r.limit})`);
  }
}

function result(
  f: ManifestFile,
  status: FileVerification['status'],
  message: string,
  extra: { expected?: string; actual?: string; viaLfs?: boolean } = {},
): FileVerification {
  const v: FileVerification = { path: f.path, status, viaLfs: extra.viaLfs ?? false, message };
  if (f.resolved !== undefined) v.resolved = f.resolved;
  const expected = extra.expected ?? f.sha256;
  if (expected !== undefined) v.expected = expected;
  if (extra.actual !== undefined) v.actual = extra.actual;
  lazyLine(v, 'line', () => f.line);
  return v;
}

/** The repository path when known, so a reviewer can open the file; else the path as written. */
function shown(f: ManifestFile): string {
  return f.resolved ?? f.path;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function short(hex: string): string {
  return `${hex.slice(0, 12)}…`;
}

