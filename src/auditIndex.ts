// Audit records apply by scope: every record matched by `audits.records` covers the model directories
// its `scope` names, whether or not a card cites it. A model's records are found without parsing the
// others: each record's text is scanned once for the paths it may name (src/scopeScan.ts), and only
// the records that may name the model or a directory above it are parsed. So a change to one model
// parses the records about that model, not every record of the repository.
import type { Parsed } from './types.js';
import type { AuditRecord } from './evidence/audit.js';
import { MAX_EVIDENCE_BYTES, type EvidenceStore } from './evidence/store.js';
import { searcher } from './textSearch.js';
import { Matcher } from './discovery.js';
import type { Policy } from './policy/load.js';
import { ANY_SCOPE, mayName, scopeCandidates, scopeHint, type ScopeHint } from './scopeScan.js';

export interface IndexedAudit {
  path: string;
  record: Parsed<AuditRecord>;
  /** The model directories it covers; undefined when they cannot be read: it may then cover any model its text may name. */
  scope: string[] | undefined;
  /** What its text may name as scope. */
  hint: ScopeHint;
}

export interface AuditIndex {
  /** `audits.records`, as written in the policy (messages name them). */
  globs: readonly string[];
  matcher: Matcher;
  /** Every record file, in path order. */
  paths: readonly string[];
  /** The record at `path`, parsed; undefined when `path` is not a record file of the tree. */
  get(path: string): Promise<IndexedAudit | undefined>;
  /** The records that cover a model, and those that may (their scope is unreadable), by path. */
  covering(modelPath: string): Promise<IndexedAudit[]>;
}

export function indexAudits(store: EvidenceStore, files: readonly string[], policy: Policy): AuditIndex {
  const matcher = new Matcher(policy.audits.records);
  const paths = files.filter((f) => matcher.test(f)).sort();
  const known = new Set(paths);
  const parsed = new Map<string, Promise<IndexedAudit>>();
  const hints = new Map<string, Promise<ScopeHint>>();
  const hint = (path: string): Promise<ScopeHint> => {
    let h = hints.get(path);
    if (!h) hints.set(path, (h = hintOf(store, path)));
    return h;
  };
  const get = (path: string): Promise<IndexedAudit | undefined> => {
    if (!known.has(path)) return Promise.resolve(undefined);
    let p = parsed.get(path);
    if (!p) {
      p = (async () => ({ path, record: await store.audit(path), scope: await store.auditScope(path), hint: await hint(path) }))();
      parsed.set(path, p);
    }
    return p;
  };
  const candidates = scopeCandidates(paths, () => Promise.all(paths.map(hint)), { search: searcher(store.reader, paths, MAX_EVIDENCE_BYTES), hintOf: hint });
  const covering = async (modelPath: string): Promise<IndexedAudit[]> => {
    const found = await Promise.all((await candidates(modelPath)).map(get));
    return found.filter((e): e is IndexedAudit => e !== undefined && recordMayCover(e, modelPath));
  };
  return { globs: policy.audits.records, matcher, paths, get, covering };
}

export async function hintOf(store: EvidenceStore, path: string): Promise<ScopeHint> {
  const text = await store.text(path);
  return text.ok ? scopeHint(text.value) : ANY_SCOPE;
}

/** A record covers the directories its scope names; one whose scope cannot be read, those its text may name. */
export function recordMayCover(e: { scope: readonly string[] | undefined; hint?: ScopeHint }, modelPath: string): boolean {
  return e.scope !== undefined ? scopeCovers(e.scope, modelPath) : e.hint === undefined || mayName(e.hint, modelPath);
}

/** True when the scope names the model directory or a directory above it ('' is the whole repository). */
export function scopeCovers(scope: readonly string[], modelPath: string): boolean {
  return scope.some((s) => s === modelPath || s === '' || modelPath.startsWith(`${s}/`));
}
