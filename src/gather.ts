// Collects everything one model's checks read: its card, the manifests of the datasets it names,
// the audit records that apply to it (cited by the card or covering it by scope, and those the change
// withdraws) and its carbon figures. Checks are then pure functions over this.
import type { CarbonFigure, Diagnostic, Needle, Parsed } from './types.js';
import type { ModelCard } from './evidence/modelCard.js';
import { withHash, type DatasetManifest } from './evidence/manifest.js';
import type { AuditRecord } from './evidence/audit.js';
import type { FileVerification } from './evidence/fileHashes.js';
import { carbonFromCardField } from './evidence/carbon.js';
import { lazyLine } from './evidence/load.js';
import { MAX_EVIDENCE_BYTES, type CarbonReport, type EvidenceStore } from './evidence/store.js';
import { searcher } from './textSearch.js';
import { resolveRepoPath, dirOf } from './paths.js';
import type { ModelDir } from './discovery.js';
import { Matcher } from './discovery.js';
import type { Policy } from './policy/load.js';
import type { AuditIndex } from './auditIndex.js';
import { withdrawnFrom, type ChangedAudit, type WithdrawnAudit } from './auditChanges.js';
import { gatherSafety, type SafetyEvidence } from './gatherSafety.js';

export type CardState =
  | { kind: 'missing'; tried: string[] }
  | { kind: 'invalid'; file: string; errors: Diagnostic[] }
  | { kind: 'ok'; card: ModelCard; warnings: Diagnostic[] };

export interface DatasetEvidence {
  /** As written in the card's `datasets`. */
  ref: string;
  line?: number;
  /** The manifest file it resolved to, if any. */
  manifestFile?: string;
  manifest?: Parsed<DatasetManifest>;
  /** Set when several manifests claim the same name. */
  ambiguous?: string[];
  /**
   * When the reference resolves to nothing: the manifests that could not be read, whose names are
   * therefore unknown (one of them may be the one meant). Their first error, located.
   */
  unreadable?: Diagnostic[];
  verification?: FileVerification[];
}

export interface AuditEvidence {
  /** As written in the card's `governance.audits`; absent for a record that applies by scope only. */
  ref?: string;
  line?: number;
  path?: string;
  pathProblem?: string;
  /** Set for a cited file that `audits.records` does not match (the policy does not recognise it): those globs. */
  outsideRecords?: readonly string[];
  record?: Parsed<AuditRecord>;
  /** The record's `report.path`, checked against its `report.sha256` like a dataset file. */
  report?: FileVerification;
}

export interface ModelEvidence {
  model: ModelDir;
  card: CardState;
  datasets: DatasetEvidence[];
  /** Cited records first, in the card's order, then the records under `audits.records` covering it by scope. */
  audits: AuditEvidence[];
  /** Records that covered the model on the base and that the change removed, moved away or re-scoped. */
  withdrawn: WithdrawnAudit[];
  safety: SafetyEvidence[];
  carbon: {
    card?: Parsed<CarbonFigure>;
    reportRef?: string;
    reportPath?: string;
    reportProblem?: string;
    report?: Parsed<CarbonReport>;
  };
}

/** The dataset manifests of the repository, looked up by the names a card may use for one. */
export interface ManifestIndex {
  files: string[];
  /** The manifests that answer to a name (their path or a name they declare), in path order. */
  named(ref: string): Promise<string[]>;
  /** The first error of every manifest that does not parse (its names are unknown). */
  broken(): Promise<Diagnostic[]>;
}

/**
 * With `lazy` (diff mode), a manifest is parsed only when a card's reference may name it: a name a
 * manifest declares is written in its text, so a manifest whose text does not contain the reference
 * cannot answer to it. Text with escapes or non-ASCII characters (where the written form may differ
 * from the value, or lower-casing depends on context) is always parsed, as are all manifests for a
 * reference that is not plain. Without `lazy` every manifest is parsed once and indexed by name.
 */
export function indexManifests(store: EvidenceStore, files: readonly string[], policy: Policy, options: { lazy?: boolean } = {}): ManifestIndex {
  const matcher = new Matcher(policy.datasets.manifests);
  const manifestFiles = files.filter((f) => matcher.test(f)).sort();
  const namesOf = async (file: string): Promise<string[]> => {
    const parsed = await store.manifest(file);
    return [file, ...(parsed.ok ? parsed.value.aliases : [])].map(nameKey);
  };
  let byName: Promise<Map<string, string[]>> | undefined;
  const eager = (): Promise<Map<string, string[]>> =>
    (byName ??= Promise.all(manifestFiles.map(namesOf)).then((lists) => {
      const map = new Map<string, string[]>();
      lists.forEach((names, i) => {
        const file = manifestFiles[i] as string;
        for (const name of new Set(names)) map.set(name, [...(map.get(name) ?? []), file]);
      });
      return map;
    }));
  // Each text lower-cased once (undefined: unreadable or not plain, so it may hold any name).
  const lowered = new Map<string, Promise<string | undefined>>();
  const lower = (file: string): Promise<string | undefined> => {
    let l = lowered.get(file);
    if (!l) lowered.set(file, (l = store.text(file).then((t) => (t.ok && PLAIN_TEXT.test(t.value) ? t.value.toLowerCase() : undefined))));
    return l;
  };
  const mayName = async (file: string, key: string): Promise<boolean> => {
    const text = await lower(file);
    return nameKey(file) === key || text === undefined || text.includes(key);
  };
  let lookups = 0;
  const search = options.lazy ? searcher(store.reader, manifestFiles, MAX_EVIDENCE_BYTES) : undefined;
  const named = async (ref: string): Promise<string[]> => {
    const key = nameKey(ref);
    // Scanning every text per reference costs more than parsing every manifest once past a few
    // dozen references (a change to many models): both give the same answer.
    if (!search || ++lookups > LAZY_LOOKUPS) return (await eager()).get(key) ?? [];
    const plain = PLAIN_NAME.test(key);
    // The reader may tell in bulk which texts can hold the name (or an escape): only those are read.
    const found = plain ? await search([{ kind: 'text', text: key }, ESCAPE]) : undefined;
    const files = found ? manifestFiles.filter((f) => found.has(f) || nameKey(f) === key) : manifestFiles;
    const candidates = await Promise.all(files.map(async (file) => (plain ? mayName(file, key) : true)));
    const answers = await Promise.all(files.map(async (file, i) => candidates[i] && (await namesOf(file)).includes(key)));
    return files.filter((_, i) => answers[i]);
  };
  const broken = async (): Promise<Diagnostic[]> => {
    const parsed = await Promise.all(manifestFiles.map((f) => store.manifest(f)));
    return parsed.flatMap((p, i) => (p.ok ? [] : [p.errors[0] ?? { file: manifestFiles[i] as string, message: 'does not parse' }]));
  };
  return { files: manifestFiles, named, broken };
}

const LAZY_LOOKUPS = 64;
/** A backslash: an escape can write any name. */
const ESCAPE: Needle = { kind: 'text', text: '\\' };

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Text where every name is written as its value: ASCII with no escapes. */
const PLAIN_TEXT = /^[\x00-\x5b\x5d-\x7f]*$/;
/** A reference whose written form in such text is itself: no white space (YAML folds lines into it), quotes or escapes. */
const PLAIN_NAME = /^[\x21\x23-\x26\x28-\x5b\x5d-\x7e]+$/;

/** What every model's evidence is looked up in: built once per evaluation. */
export interface EvidenceIndex {
  manifests: ManifestIndex;
  audits: AuditIndex;
  /** The audit records a change (diff mode) adds, edits, moves or removes. */
  changedAudits: readonly ChangedAudit[];
}

export interface GatherOptions {
  verifyHashes: boolean;
}

export async function gatherEvidence(model: ModelDir, store: EvidenceStore, index: EvidenceIndex, policy: Policy, options: GatherOptions): Promise<ModelEvidence> {
  const evidence: ModelEvidence = { model, card: { kind: 'missing', tried: policy.models.cards }, datasets: [], audits: [], withdrawn: [], safety: [], carbon: {} };
  const scoped = await index.audits.covering(model.path);
  evidence.withdrawn = withdrawnFrom(index.changedAudits, model.path, scoped);
  const applying = async (): Promise<AuditEvidence[]> => Promise.all(scoped.map((e) => auditEvidence({}, e.path, store)));
  if (!model.card) {
    evidence.audits = await applying();
    return evidence;
  }
  const parsed = await store.card(model.card);
  if (!parsed.ok) {
    evidence.card = { kind: 'invalid', file: model.card, errors: parsed.errors };
    evidence.audits = await applying();
    return evidence;
  }
  const card = parsed.value;
  evidence.card = { kind: 'ok', card, warnings: parsed.warnings };
  const cardDir = dirOf(model.card);

  evidence.datasets = await Promise.all(
    card.datasets.map(async (ref, i) => {
      const d: DatasetEvidence = { ref };
      lazyLine(d, 'line', () => card.lineOf(['datasets', i]) ?? card.lineOf(['datasets']));
      const file = await resolveDataset(ref, cardDir, index.manifests, d);
      if (file) {
        d.manifestFile = file;
        d.manifest = await store.manifest(file);
        if (options.verifyHashes && d.manifest.ok) d.verification = await store.verify(d.manifest.value);
      } else {
        const broken = await index.manifests.broken();
        if (broken.length > 0) d.unreadable = broken;
      }
      return d;
    }),
  );

  const cited = await Promise.all(
    card.governance.audits.map(async (ref, i) => {
      const a: AuditEvidence = { ref };
      lazyLine(a, 'line', () => card.lineOf(['governance', 'audits', i]));
      const path = resolveReference(ref, cardDir, store.files);
      if (!path.ok) {
        a.pathProblem = path.reason;
        return a;
      }
      if (!index.audits.matcher.test(path.path)) a.outsideRecords = index.audits.globs;
      return auditEvidence(a, path.path, store);
    }),
  );
  const citedPaths = new Set(cited.map((a) => a.path));
  const byScope = await applying();
  evidence.audits = [...cited, ...byScope.filter((a) => !citedPaths.has(a.path))];

  evidence.safety = await gatherSafety(card, model.path, store, policy);

  const cardCarbon = carbonFromCardField(card.co2, card.file, () => card.lineOf(['co2_eq_emissions']));
  if (cardCarbon) evidence.carbon.card = cardCarbon;
  const reportRef = card.governance.carbonReport;
  if (reportRef) {
    evidence.carbon.reportRef = reportRef;
    const path = resolveRepoPath(cardDir, reportRef);
    if (!path.ok) evidence.carbon.reportProblem = path.reason;
    else {
      evidence.carbon.reportPath = path.path;
      evidence.carbon.report = await store.carbonReport(path.path);
    }
  }
  return evidence;
}

/** Reads the record and verifies the report it keeps in the repository. */
async function auditEvidence(a: AuditEvidence, path: string, store: EvidenceStore): Promise<AuditEvidence> {
  a.path = path;
  a.record = await store.audit(path);
  const report = a.record.ok ? a.record.value.report : undefined;
  if (report?.path !== undefined) a.report = await verifyAuditReport(store, path, report.path, report.sha256);
  return a;
}

/** An audit report kept in the repository is hashed like a dataset file (spec 3.3). */
export async function verifyAuditReport(store: EvidenceStore, auditFile: string, path: string, sha256: string | undefined): Promise<FileVerification | undefined> {
  const entry = withHash({ path, resolved: path }, sha256);
  // Keyed apart from real manifests: no repository path holds a NUL byte.
  const [v] = await store.verify({ kind: 'datasheet', file: `${auditFile}\0report`, aliases: [], files: [entry], lines: {} });
  return v;
}

/**
 * Audit references may be relative to the repository root or to the card (spec 3.1): the card's
 * directory wins when the file exists there, else the root.
 */
export function resolveReference(ref: string, cardDir: string, files: ReadonlySet<string>): ReturnType<typeof resolveRepoPath> {
  const fromCard = resolveRepoPath(cardDir, ref);
  const fromRoot = resolveRepoPath('', ref);
  if (fromCard.ok && files.has(fromCard.path)) return fromCard;
  if (fromRoot.ok && files.has(fromRoot.path)) return fromRoot;
  return fromRoot.ok ? fromRoot : fromCard;
}

async function resolveDataset(ref: string, cardDir: string, index: ManifestIndex, d: DatasetEvidence): Promise<string | undefined> {
  const byName = await index.named(ref);
  if (byName && byName.length > 0) {
    if (byName.length > 1) d.ambiguous = byName;
    return byName[0];
  }
  // A relative path to a manifest file (from the card, then from the root).
  for (const base of [cardDir, '']) {
    const p = resolveRepoPath(base, ref);
    if (p.ok && index.files.includes(p.path)) return p.path;
  }
  return undefined;
}
