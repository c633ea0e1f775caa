// What a model's statement names, and each file's digest: the SHA-256 of its content, or for a Git
// LFS pointer the oid it records (the SHA-256 of the real file, so the downloaded weights verify).
import { createHash } from 'node:crypto';
import type { ModelReport, RepoReader } from '../types.js';
import { findModels, Matcher, modelOf } from '../discovery.js';
import type { Policy } from '../policy/load.js';
import { decodeText } from '../evidence/load.js';
import { contentOid, LFS_POINTER_MAX_BYTES, looksLikeLfsPointer, parseLfsPointer } from '../evidence/lfsPointer.js';
import { readFailure } from '../evidence/store.js';
import { mapLimit } from '../concurrency.js';
import type { ModelSubjects, Subject } from './statement.js';

export type FileDigest = { ok: true; sha256: string; lfs: boolean } | { ok: false; problem: string };

export async function fileDigest(reader: RepoReader, path: string): Promise<FileDigest> {
  const read = await reader.read(path, LFS_POINTER_MAX_BYTES);
  if (read.kind === 'ok') {
    if (!looksLikeLfsPointer(read.bytes)) return { ok: true, sha256: createHash('sha256').update(read.bytes).digest('hex'), lfs: false };
    const text = decodeText(read.bytes, path);
    const pointer = text.ok ? parseLfsPointer(text.value, path) : text;
    if (!pointer.ok) return { ok: false, problem: `${path} looks like a Git LFS pointer but is malformed: ${pointer.errors.map((e) => e.message).join('; ')}` };
    return { ok: true, sha256: contentOid(pointer.value), lfs: true };
  }
  if (read.kind !== 'too-large') return { ok: false, problem: readFailure(path, read).message };
  const hashed = await reader.sha256(path);
  return hashed.kind === 'ok' ? { ok: true, sha256: hashed.sha256.toLowerCase(), lfs: false } : { ok: false, problem: readFailure(path, hashed).message };
}

/** The model's artifacts (weights) as the policy defines them: files of its directory matching `models.artifacts`. */
export function artifactsOf(modelPath: string, files: readonly string[], policy: Policy): string[] {
  const models = findModels(files, policy.models);
  const artifacts = new Matcher(policy.models.artifacts, { nocase: true });
  const ignore = new Matcher(policy.models.ignore);
  return files.filter((f) => artifacts.test(f) && !ignore.test(f) && modelOf(f, models) === modelPath).sort();
}

/** The evidence files the evaluation read for the model and that exist in the repository. */
export function evidenceOf(model: ModelReport, files: ReadonlySet<string>): string[] {
  const { facts } = model;
  const paths = [
    ...(facts.card ? [facts.card] : []),
    ...facts.datasets.flatMap((d) => [...(d.manifest ? [d.manifest] : []), ...d.files.map((f) => f.path)]),
    ...facts.audits.map((a) => a.file),
    ...(facts.carbon ? [facts.carbon.file] : []),
  ];
  return [...new Set(paths.filter((p) => files.has(p)))].sort();
}

const DIGEST_CONCURRENCY = 8;

/** Digests every subject; a file that cannot be read is an error, never a subject left out. */
export async function modelSubjects(reader: RepoReader, model: ModelReport, files: readonly string[], policy: Policy): Promise<ModelSubjects> {
  const artifacts = artifactsOf(model.path, files, policy);
  const evidence = evidenceOf(model, new Set(files)).filter((p) => !artifacts.includes(p));
  const digest = async (name: string): Promise<Subject> => {
    const d = await fileDigest(reader, name);
    if (!d.ok) throw new Error(`cannot attest ${model.path || '.'}: ${d.problem}`);
    return { name, digest: { sha256: d.sha256 } };
  };
  return {
    artifacts: await mapLimit(artifacts, DIGEST_CONCURRENCY, digest),
    evidence: await mapLimit(evidence, DIGEST_CONCURRENCY, digest),
  };
}

/** SHA-256 of the policy file's bytes, null when there is none. */
export async function policyDigest(reader: RepoReader, path: string): Promise<{ sha256: string } | null> {
  const r = await reader.read(path, 1024 * 1024);
  if (r.kind === 'missing') return null;
  if (r.kind !== 'ok') throw new Error(readFailure(path, r).message);
  return { sha256: createHash('sha256').update(r.bytes).digest('hex') };
}
