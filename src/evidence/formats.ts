// The registry of evidence formats: every format modelgate reads, what it is evidence of (its
// role), which file names it claims, and its parser. The evidence store asks the registry which
// parser reads a file; nothing else chooses a parser. Where a role has several formats (a dataset
// manifest is a datasheet or a Croissant file; a carbon report is CodeCarbon CSV or CycloneDX), a
// file that none of them claims is an error that names what would be read, never a guess.
// CONTRIBUTING.md has the recipe for a new format.
import type { CarbonFigure, Parsed } from '../types.js';
import { parseJson } from './load.js';
import { parseModelCard, type ModelCard } from './modelCard.js';
import { parseDatasheet } from './datasheet.js';
import { parseCroissant } from './croissant.js';
import type { DatasetManifest } from './manifest.js';
import { parseAuditRecord, type AuditRecord } from './audit.js';
import { parseSafetyRecord, type SafetyRecord } from './safety.js';
import { parseCodeCarbonCsv, type CodeCarbonReport } from './codecarbon.js';
import { carbonFromCycloneDx } from './carbon.js';
import { parseLfsPointer, type LfsPointer } from './lfsPointer.js';

export type CarbonReport = { figure: CarbonFigure; codecarbon?: CodeCarbonReport };

/** What each role's formats parse to: the evidence the checks read, whatever the format. */
export interface RoleValues {
  /** A model card (found by `models.cards`). */
  card: ModelCard;
  /** A dataset manifest (found by `datasets.manifests`, or named by a card). */
  manifest: DatasetManifest;
  /** A carbon report (named by a card's `governance.carbon_report`). */
  carbon: CarbonReport;
  /** An audit record (found by `audits.records`, or cited by a card). */
  audit: AuditRecord;
  /** A safety-evaluation record (found by `safety.records`). */
  safety: SafetyRecord;
  /** A Git LFS pointer standing in for a listed dataset file or weights (recognised by its bytes). */
  'lfs-pointer': LfsPointer;
}
export type EvidenceRole = keyof RoleValues;

export interface EvidenceFormat<R extends EvidenceRole = EvidenceRole> {
  /** Stable id, also the name of its directory in the real-file corpus when it has one. */
  id: string;
  /** The format's name as messages and docs say it. */
  name: string;
  role: R;
  /**
   * File-name endings it claims (lower case, with the dot), for roles with more than one format;
   * absent: any file of its role (the policy's globs or the card chose the file).
   */
  extensions?: readonly string[];
  parse(text: string, file: string): Parsed<RoleValues[R]>;
}

type AnyFormat = { [R in EvidenceRole]: EvidenceFormat<R> }[EvidenceRole];

/** Every format, in the order a role's formats are tried. */
export const EVIDENCE_FORMATS: readonly AnyFormat[] = [
  { id: 'model-card', name: 'model card (Markdown with YAML front matter)', role: 'card', parse: parseModelCard },
  { id: 'datasheet', name: 'datasheet (YAML)', role: 'manifest', extensions: ['.yml', '.yaml'], parse: parseDatasheet },
  { id: 'croissant', name: 'Croissant (JSON-LD)', role: 'manifest', extensions: ['.json', '.jsonld'], parse: parseCroissant },
  { id: 'codecarbon', name: 'CodeCarbon emissions.csv', role: 'carbon', extensions: ['.csv'], parse: codeCarbonReport },
  { id: 'cyclonedx', name: 'CycloneDX JSON with environmental data', role: 'carbon', extensions: ['.json'], parse: cycloneDxReport },
  { id: 'audit-record', name: 'audit record (YAML)', role: 'audit', parse: parseAuditRecord },
  { id: 'safety-record', name: 'safety-evaluation record (YAML)', role: 'safety', parse: parseSafetyRecord },
  { id: 'lfs-pointer', name: 'Git LFS pointer', role: 'lfs-pointer', parse: parseLfsPointer },
];

/** The formats of a role, in the order they are tried. */
export function formatsOf<R extends EvidenceRole>(role: R): EvidenceFormat<R>[] {
  return EVIDENCE_FORMATS.filter((f): f is EvidenceFormat<R> & AnyFormat => f.role === role);
}

/** The format that reads `path` as evidence of `role`, or undefined when none claims it. */
export function formatFor<R extends EvidenceRole>(role: R, path: string): EvidenceFormat<R> | undefined {
  const lower = path.toLowerCase();
  return formatsOf(role).find((f) => f.extensions === undefined || f.extensions.some((e) => lower.endsWith(e)));
}

/** Parses `text` (the content of `path`) as evidence of `role`, with the format the registry picks. */
export function parseEvidence<R extends EvidenceRole>(role: R, text: string, path: string): Parsed<RoleValues[R]> {
  const format = formatFor(role, path);
  if (format) return format.parse(text, path);
  const known = formatsOf(role).map((f) => `${f.name}: ${(f.extensions ?? []).join(', ')}`);
  return { ok: false, errors: [{ file: path, message: `${path} is not a format modelgate reads here; by its name it must be one of: ${known.join('; ')}` }] };
}

function codeCarbonReport(text: string, file: string): Parsed<CarbonReport> {
  const csv = parseCodeCarbonCsv(text, file);
  return csv.ok ? { ok: true, value: { figure: csv.value.figure, codecarbon: csv.value }, warnings: csv.warnings } : csv;
}

function cycloneDxReport(text: string, file: string): Parsed<CarbonReport> {
  const json = parseJson(text, file);
  if (!json.ok) return json;
  const figure = carbonFromCycloneDx(json.value, file);
  return figure.ok ? { ok: true, value: { figure: figure.value }, warnings: figure.warnings } : figure;
}
