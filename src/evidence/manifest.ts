// The common shape of a dataset manifest, whether it was written as a modelgate datasheet (YAML)
// or as Croissant JSON-LD. Checks only ever see this shape.
import { dirOf, resolveRepoPath } from '../paths.js';
import { normaliseSha256 } from './hashFormat.js';

export interface ManifestFile {
  /** As written. */
  path: string;
  /** Repository-relative, when it is a safe repository path. */
  resolved?: string;
  /** A URL of a remote store (http(s), s3, gs, hf…): not in the repository. */
  external?: string;
  /** Why the path is refused (escapes the repository, absolute…). */
  pathError?: string;
  /** Normalised lowercase hex, when verifiable. */
  sha256?: string;
  /** Why the file cannot be verified (no hash, placeholder, MD5 only…). */
  hashProblem?: string;
  size?: number;
  line?: number;
}

export type ManifestLineKey = 'source' | 'license' | 'collection' | 'retention' | 'files' | 'id';

export interface DatasetManifest {
  kind: 'datasheet' | 'croissant';
  /** Repository-relative path of the manifest. */
  file: string;
  id?: string;
  name?: string;
  url?: string;
  atId?: string;
  /** Every string a model card's `datasets` entry may use to mean this dataset. */
  aliases: string[];
  source?: { url?: string; creator?: string };
  /** As written: SPDX expression, Hugging Face id, URL or custom name. */
  license?: string;
  licenseUrl?: string;
  collection?: string;
  retention?: { policy?: string; until?: string };
  personalData?: boolean;
  files: ManifestFile[];
  lines: Partial<Record<ManifestLineKey, number>>;
}

/**
 * Where a file named in the manifest at `manifestFile` lives: a safe repository path (relative to
 * the manifest's directory), a remote URL, or a refusal. `file://` is never remote.
 */
export function locateFile(manifestFile: string, ref: string): Pick<ManifestFile, 'resolved' | 'external' | 'pathError'> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(ref)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'file') return { external: ref };
  const r = resolveRepoPath(dirOf(manifestFile), ref);
  if (!r.ok) return { pathError: r.reason };
  if (r.path === '') return { pathError: `path "${ref}" names the repository root, not a file` };
  return { resolved: r.path };
}

/** Applies a SHA-256 as written to a file entry: `sha256` when verifiable, else `hashProblem`. */
export function withHash(entry: ManifestFile, value: unknown): ManifestFile {
  const h = normaliseSha256(value);
  if (h.ok) entry.sha256 = h.hex;
  else entry.hashProblem = h.problem;
  return entry;
}

/** One warning per SHA-256 given for several different files: usually a copy-paste slip. */
export function sharedHashWarnings(files: readonly ManifestFile[]): { line?: number; message: string }[] {
  const byHash = new Map<string, ManifestFile[]>();
  for (const f of files) {
    if (f.sha256 === undefined) continue;
    const list = byHash.get(f.sha256) ?? [];
    if (!list.some((g) => (g.resolved ?? g.external ?? g.path) === (f.resolved ?? f.external ?? f.path))) list.push(f);
    byHash.set(f.sha256, list);
  }
  const out: { line?: number; message: string }[] = [];
  for (const [hash, list] of byHash) {
    if (list.length < 2) continue;
    const names = list.map((f) => `"${f.path}"`).join(', ');
    const w: { line?: number; message: string } = { message: `the same sha256 ${hash.slice(0, 12)}… is given for ${list.length} different files (${names}); check for a copy-paste slip` };
    const line = list[1]?.line;
    if (line !== undefined) w.line = line;
    out.push(w);
  }
  return out;
}
