// Shared vocabulary of the core. Everything here is plain data: the core never touches GitHub or
// process state, and the shells (CLI, Action, App) adapt their world to these shapes. The report's
// types come from its zod schema (./report/schema.ts), which also writes schema/report.schema.json.

export { LEVELS, RISK_TIERS, SEVERITIES, type Level, type RiskTier, type Severity } from './vocabulary.js';
export { CHECK_GROUPS, CHECK_IDS, type CheckGroup, type CheckId } from './checks/catalogue.js';

export { OUTCOMES, WAIVER_REASONS } from './report/schema.js';
export type {
  CarbonFigure,
  CheckResult,
  DatasetFact,
  FindingFact,
  ModelFacts,
  ModelReport,
  Outcome,
  PolicyPreview,
  Report,
  ReportSummary,
  SafetyFact,
  WaiverListing,
  WaiverReason,
  WaiverRef,
} from './report/schema.js';

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
  /**
   * Optional: the files among `paths` whose text may hold one of `needles` in some line, ASCII
   * letters compared without case, so the core reads only those (src/textSearch.ts). A superset is
   * allowed, and every file the reader cannot vouch for is in it: one larger than `maxBytes`, one
   * it cannot read or search, and one whose bytes are not plain ASCII text (a NUL byte, a byte
   * past ASCII: there case rules and encodings make the written form differ from the bytes).
   * Undefined when the reader cannot tell: the core then reads every file itself.
   */
  filesContaining?(paths: readonly string[], needles: readonly Needle[], maxBytes: number): Promise<readonly string[] | undefined>;
}

/**
 * What `RepoReader.filesContaining` looks for, within one line. Path characters are A-Z a-z 0-9 `.`
 * `_` `-`; a run is a maximal sequence of them. `text`: the string anywhere. `run`: the string as a
 * whole run. `pathEnd`: the string as a whole run that ends a path, followed only by slashes and then
 * a character that is not a path character or slash, or the line's end (src/scopeScan.ts).
 */
export type Needle = { kind: 'text'; text: string } | { kind: 'run'; text: string } | { kind: 'pathEnd'; text: string };

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'renamed';
export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** For renames and copies: the file it came from. */
  previousPath?: string;
}
/** The files a change touches. `all: true` means "evaluate every model" (no diff). */
export type ChangeSet = { all: true } | { all: false; files: ChangedFile[] };
