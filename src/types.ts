// Shared vocabulary of the core. Everything here is plain data: the core never touches GitHub or
// process state, and the shells (CLI, Action, App) adapt their world to these shapes.

import type { Level, RiskTier, Severity } from './vocabulary.js';
import type { CheckId } from './checks/catalogue.js';

export { LEVELS, RISK_TIERS, SEVERITIES, type Level, type RiskTier, type Severity } from './vocabulary.js';
export { CHECK_GROUPS, CHECK_IDS, type CheckGroup, type CheckId } from './checks/catalogue.js';

export type Outcome = 'pass' | 'fail' | 'warn' | 'waived' | 'skipped' | 'error';
export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'warn', 'waived', 'skipped', 'error'];

/** A problem located in a file. Lines and columns are 1-based. */
export interface Diagnostic {
  message: string;
  file: string;
  line?: number;
  column?: number;
}

/** What every evidence parser returns: a value (possibly with warnings) or located errors. Never throws. */
export type Parsed<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[] };

// ---------------------------------------------------------------------------------------------
// Ports: how the core sees a repository and a change.

/** Why a file could not be read. */
export type ReadFailure =
  | { kind: 'missing' }
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'not-a-file'; detail: string } // directory, symlink, submodule, device…
  | { kind: 'outside'; detail: string } // the path leaves the repository
  | { kind: 'io'; detail: string };

export type ReadResult = { kind: 'ok'; bytes: Uint8Array; size: number } | ReadFailure;
export type HashResult = { kind: 'ok'; sha256: string; size: number } | ReadFailure;

/** What a tree entry is: a regular (or executable) file, a symbolic link (mode 120000) or a submodule (160000). */
export type EntryKind = 'file' | 'symlink' | 'submodule';
export interface TreeEntry {
  path: string;
  kind: EntryKind;
  /** Files: the size in bytes, when the reader knows it without reading the file. */
  size?: number;
  /** Symbolic links: the target as written in the link, when the reader could read it. */
  target?: string;
}

/**
 * Read access to one repository at one revision. Paths are POSIX, relative to the repository root,
 * already normalised by the core (no `..`, no leading `/`). Implementations must refuse symlinks
 * (`not-a-file`) rather than follow them, and must never throw for a file-level problem.
 */
export interface RepoReader {
  /** Human-readable name of what is read: "working tree /x", "git abc123". */
  readonly label: string;
  /** Every regular file in the repository (POSIX paths), in any order. */
  listFiles(): Promise<string[]>;
  /**
   * Every entry of the tree: regular files, symbolic links and submodules (never directories), so
   * a link or a submodule cannot hide a model. Entries below a symbolic link or a submodule are not
   * listed (they are not in this repository).
   */
  listEntries(): Promise<TreeEntry[]>;
  /** Reads a whole file if it is at most `maxBytes` long. */
  read(path: string, maxBytes: number): Promise<ReadResult>;
  /**
   * The first `maxBytes` bytes of a regular file (fewer when it is shorter), with `size` the file's
   * full size: what recognising weights by their bytes reads. Same failures as `read`, never
   * `too-large`.
   */
  head(path: string, maxBytes: number): Promise<ReadResult>;
  /** Streams a file through SHA-256 (constant memory). */
  sha256(path: string): Promise<HashResult>;
}

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'renamed';
export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** For renames and copies: the file it came from. */
  previousPath?: string;
}
/** The files a change touches. `all: true` means "evaluate every model" (no diff). */
export type ChangeSet = { all: true } | { all: false; files: ChangedFile[] };

// ---------------------------------------------------------------------------------------------
// Report (spec section 7).

export interface WaiverRef {
  reason: WaiverReason;
  approver: string;
  expires: string;
  note?: string;
  source: string;
}
export type WaiverReason = 'not-applicable' | 'accepted-risk' | 'evidence-pending' | 'false-positive';
export const WAIVER_REASONS: readonly WaiverReason[] = [
  'not-applicable',
  'accepted-risk',
  'evidence-pending',
  'false-positive',
];

export interface CheckResult {
  id: CheckId;
  level: Level;
  outcome: Outcome;
  message: string;
  file?: string;
  line?: number;
  hint?: string;
  waiver?: WaiverRef;
}

export interface ModelReport {
  path: string;
  name: string;
  riskTier: RiskTier | null;
  outcome: 'pass' | 'fail';
  /** Why the model is in this report: which changed paths touched it (empty with --all). */
  touchedBy: string[];
  /** Set when the model was found by the bytes of a file, not its name or place: which file, and why. */
  recognised?: string;
  checks: CheckResult[];
  /** Raw figures other renderers (KPI report, ML-BOM) need, so they never re-read evidence. */
  facts: ModelFacts;
}

export interface CarbonFigure {
  /** kg CO2eq. */
  kg: number;
  /** kWh, when known. */
  kwh?: number;
  /** The value and unit as written, e.g. "41100 g" or "41.289 kg". */
  original: string;
  source: string;
  file: string;
  line?: number;
}

export interface DatasetFact {
  ref: string;
  manifest?: string;
  name?: string;
  license?: string;
  /** `problem`: why an unverified file is not verified (SHA-256 mismatch, not found, no hash…), as the check says it. */
  files: { path: string; sha256?: string; size?: number; verified: boolean; problem?: string }[];
}

export interface FindingFact {
  audit: string;
  auditFile: string;
  id: string;
  title: string;
  severity: Severity;
  status: string;
  due?: string;
  owner?: string;
}

export interface SafetyFact {
  file: string;
  id: string;
  kind: 'bias' | 'red-team' | 'safety';
  date?: string;
  evaluator: string;
  independent: boolean;
  method?: string;
  standard?: string;
  datasets: string[];
  slices: string[];
  results: { metric: string; slice?: string; value?: number; max?: number; min?: number; passed?: boolean }[];
  issues: { id: string; title: string; severity: Severity; status: string; mitigation?: string }[];
  mitigations: string[];
}

export interface ModelFacts {
  card?: string;
  license?: string[];
  owner?: string;
  vendor?: { name: string; contract?: string };
  exportControl?: { classification?: string; reviewed?: string; jurisdictions?: string[] };
  datasets: DatasetFact[];
  audits: { file: string; id: string; date?: string; independent: boolean; auditor?: string }[];
  findings: FindingFact[];
  /** Safety evaluations (bias, red-team, other) covering the model; absent when there are none. */
  safety?: SafetyFact[];
  carbon?: CarbonFigure;
  /** Paths of evidence files this change modified (shown so reviewers notice evidence edited in the PR). */
  changedEvidence: string[];
}

export interface ReportSummary {
  models: number;
  checks: number;
  pass: number;
  fail: number;
  warn: number;
  waived: number;
  skipped: number;
  error: number;
}

export interface WaiverListing {
  model: string;
  check: CheckId;
  reason: WaiverReason;
  approver: string;
  granted?: string;
  expires: string;
  note?: string;
  source: string;
  status: 'active' | 'expired' | 'unused' | 'invalid';
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'modelgate'; version: string };
  verdict: 'pass' | 'fail';
  policy: { source: string; extends: string | null; errors: CheckResult[]; preview?: PolicyPreview };
  summary: ReportSummary;
  models: ModelReport[];
  waivers: WaiverListing[];
  generatedAt: string;
}

/** What a policy change in the PR would do if it were the base policy (spec section 2, Trust). */
export interface PolicyPreview {
  file: string;
  valid: boolean;
  errors: string[];
  changes: { model: string; check: CheckId; from: Outcome; to: Outcome }[];
}
