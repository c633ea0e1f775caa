// One evaluation's view of the evidence in a repository: every file is read and parsed at most once,
// whatever number of models share it, and every read goes through the size cap and the path rules.
import type { Diagnostic, Parsed, ReadFailure, RepoReader } from '../types.js';
import { decodeText } from './load.js';
import type { ModelCard } from './modelCard.js';
import type { DatasetManifest } from './manifest.js';
import { readAuditScope, type AuditRecord } from './audit.js';
import type { SafetyRecord } from './safety.js';
import { verifyManifestFiles, type FileVerification } from './fileHashes.js';
import { parseEvidence, type CarbonReport, type EvidenceRole, type RoleValues } from './formats.js';

export type { CarbonReport } from './formats.js';

/** Evidence files larger than this are refused rather than parsed (cards of real models are < 200 KB). */
export const MAX_EVIDENCE_BYTES = 8 * 1024 * 1024;

export class EvidenceStore {
  private readonly texts = new Map<string, Promise<Parsed<string>>>();
  /** Parsed evidence by role and path: the registry of formats picks the parser (./formats.ts). */
  private readonly parsed = new Map<string, Promise<Parsed<unknown>>>();
  private readonly verifications = new Map<string, Promise<FileVerification[]>>();
  /** The reader hashes go through: at most HASH_CONCURRENCY streams at once, whatever the number of manifests verified in parallel. */
  private readonly hashReader: RepoReader;

  constructor(
    readonly reader: RepoReader,
    readonly files: ReadonlySet<string>,
  ) {
    const slot = limiter(HASH_CONCURRENCY);
    this.hashReader = {
      label: reader.label,
      listFiles: () => reader.listFiles(),
      listEntries: () => reader.listEntries(),
      read: (path, maxBytes) => reader.read(path, maxBytes),
      head: (path, maxBytes) => reader.head(path, maxBytes),
      sha256: (path) => slot(() => reader.sha256(path)),
    };
  }

  text(path: string): Promise<Parsed<string>> {
    return memo(this.texts, path, async () => {
      const r = await this.reader.read(path, MAX_EVIDENCE_BYTES);
      if (r.kind !== 'ok') return { ok: false, errors: [readFailure(path, r)] };
      return decodeText(r.bytes, path);
    });
  }

  /** `path` read and parsed as evidence of `role`, once per evaluation. */
  evidence<R extends EvidenceRole>(role: R, path: string): Promise<Parsed<RoleValues[R]>> {
    return memo(this.parsed, `${role}\0${path}`, async () => then(await this.text(path), (t) => parseEvidence(role, t, path))) as Promise<Parsed<RoleValues[R]>>;
  }

  card(path: string): Promise<Parsed<ModelCard>> {
    return this.evidence('card', path);
  }

  manifest(path: string): Promise<Parsed<DatasetManifest>> {
    return this.evidence('manifest', path);
  }

  audit(path: string): Promise<Parsed<AuditRecord>> {
    return this.evidence('audit', path);
  }

  /**
   * The model directories an audit record covers, also when the record does not parse as a whole;
   * undefined when they cannot be read (the record may then cover any model).
   */
  async auditScope(path: string): Promise<string[] | undefined> {
    const parsed = await this.audit(path);
    if (parsed.ok) return parsed.value.scope;
    const text = await this.text(path);
    return text.ok ? readAuditScope(text.value, path) : undefined;
  }

  safety(path: string): Promise<Parsed<SafetyRecord>> {
    return this.evidence('safety', path);
  }

  /** A carbon report named by a card: CodeCarbon CSV, or a CycloneDX JSON with environmental data. */
  carbonReport(path: string): Promise<Parsed<CarbonReport>> {
    return this.evidence('carbon', path);
  }

  verify(manifest: DatasetManifest): Promise<FileVerification[]> {
    return memo(this.verifications, manifest.file, () => verifyManifestFiles(manifest, this.hashReader));
  }
}

/**
 * Files hashed at once across the whole evaluation. Each stream holds about one read buffer (1 MiB),
 * so this bounds the memory of hashing however many models and manifests are verified in parallel;
 * the working-tree reader hashes large files on every core (adapters/hashLanes.ts).
 */
const HASH_CONCURRENCY = 8;

/** Runs at most `n` of the functions given to it at once, in call order. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

function memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = make();
    map.set(key, p);
  }
  return p;
}

function then<A, B>(p: Parsed<A>, f: (a: A) => Parsed<B>): Parsed<B> {
  if (!p.ok) return p;
  const next = f(p.value);
  return next.ok ? { ...next, warnings: [...p.warnings, ...next.warnings] } : next;
}

export function readFailure(file: string, r: ReadFailure): Diagnostic {
  switch (r.kind) {
    case 'missing':
      return { file, message: `${file} does not exist` };
    case 'too-large':
      return { file, message: `${file} is ${r.size} bytes, over the ${r.limit}-byte limit for evidence files` };
    case 'not-a-file':
      return { file, message: `${file} is not a regular file (${r.detail}); evidence must be a file in the repository` };
    case 'outside':
      return { file, message: `${file} is outside the repository (${r.detail})` };
    case 'io':
      return { file, message: `${file} could not be read: ${r.detail}` };
  }
}
