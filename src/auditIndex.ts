// Audit records apply by scope: every record matched by `audits.records` covers the model directories
// its `scope` names, whether or not a card cites it. The records are read once per evaluation and
// indexed by scope directory, so a model's records cost the depth of its path, not the record count.
import type { Parsed } from './types.js';
import type { AuditRecord } from './evidence/audit.js';
import type { EvidenceStore } from './evidence/store.js';
import { Matcher } from './discovery.js';
import type { Policy } from './policy/load.js';

export interface IndexedAudit {
  path: string;
  record: Parsed<AuditRecord>;
  /** The model directories it covers; undefined when they cannot be read: it may then cover any model. */
  scope: string[] | undefined;
}

export interface AuditIndex {
  /** `audits.records`, as written in the policy (messages name them). */
  globs: readonly string[];
  matcher: Matcher;
  byPath: ReadonlyMap<string, IndexedAudit>;
  byScope: ReadonlyMap<string, IndexedAudit[]>;
  /** Records whose scope cannot be read. */
  unscoped: IndexedAudit[];
}

export async function indexAudits(store: EvidenceStore, files: readonly string[], policy: Policy): Promise<AuditIndex> {
  const matcher = new Matcher(policy.audits.records);
  const paths = files.filter((f) => matcher.test(f)).sort();
  const entries = await Promise.all(paths.map(async (path): Promise<IndexedAudit> => ({ path, record: await store.audit(path), scope: await store.auditScope(path) })));
  const byPath = new Map<string, IndexedAudit>();
  const byScope = new Map<string, IndexedAudit[]>();
  const unscoped: IndexedAudit[] = [];
  for (const e of entries) {
    byPath.set(e.path, e);
    if (e.scope === undefined) unscoped.push(e);
    else for (const dir of e.scope) byScope.set(dir, [...(byScope.get(dir) ?? []), e]);
  }
  return { globs: policy.audits.records, matcher, byPath, byScope, unscoped };
}

/** True when the scope names the model directory or a directory above it ('' is the whole repository). */
export function scopeCovers(scope: readonly string[], modelPath: string): boolean {
  return scope.some((s) => s === modelPath || s === '' || modelPath.startsWith(`${s}/`));
}

/** The indexed records that cover a model, and those that may (their scope is unreadable), by path. */
export function auditsCovering(index: AuditIndex, modelPath: string): IndexedAudit[] {
  const found = new Map<string, IndexedAudit>();
  for (let dir = modelPath; ; dir = parentDir(dir)) {
    for (const e of index.byScope.get(dir) ?? []) found.set(e.path, e);
    if (dir === '') break;
  }
  for (const e of index.unscoped) found.set(e.path, e);
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function parentDir(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? '' : p.slice(0, i);
}
