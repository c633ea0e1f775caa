// What a change does to audit coverage. A changed audit record touches the models its scope covers on
// either revision; a record the change removes, moves out of `audits.records` or whose scope it
// narrows no longer covers a model it covered on the base, and that model must not quietly lose the
// record's findings. The head is what is judged, so the base version of each changed record (only
// those) is read from the base revision; without it, what the record covered is unknown.
import type { ChangedFile, RepoReader } from './types.js';
import type { AuditRecord } from './evidence/audit.js';
import { EvidenceStore } from './evidence/store.js';
import { recordMayCover, type AuditIndex, type IndexedAudit } from './auditIndex.js';
import { scopeHint, type ScopeHint } from './scopeScan.js';

export interface ChangedAudit {
  /** The head version, when the record is still under `audits.records` there. */
  head?: IndexedAudit;
  /** The base version, when the record was under `audits.records` there. */
  base?: BaseAudit;
  /** What became of the base version on the head, for messages. */
  fate: string;
}

export interface BaseAudit {
  path: string;
  /** Undefined when the base version could not be read or does not parse. */
  record?: AuditRecord;
  /** Undefined when unknown: the record may have covered any model its text may name (`hint`), or any model without a text. */
  scope: string[] | undefined;
  hint?: ScopeHint;
  /** Why the record or its scope is unknown. */
  problem?: string;
  /** True when the base version could not be read at all: what it held is unknown. */
  unreadable: boolean;
}

/** Coverage of one model that the change takes away: a record that covered it on the base and no longer does. */
export interface WithdrawnAudit {
  path: string;
  fate: string;
  record?: AuditRecord;
  /** Set when the base version is unknown, so its findings are too. */
  problem?: string;
}

export async function changedAudits(files: readonly ChangedFile[], index: AuditIndex, base: RepoReader | undefined): Promise<ChangedAudit[]> {
  const baseStore = base ? new EvidenceStore(base, new Set()) : undefined;
  const out = await Promise.all(
    files.map(async (c): Promise<ChangedAudit | undefined> => {
      const basePath = c.previousPath ?? c.path;
      const head = c.status === 'removed' ? undefined : await index.get(c.path);
      const onBase = c.status !== 'added' && index.matcher.test(basePath);
      if (!head && !onBase) return undefined;
      const changed: ChangedAudit = { fate: fateOf(c, head) };
      if (head) changed.head = head;
      if (onBase) changed.base = await readBase(basePath, baseStore);
      return changed;
    }),
  );
  return out.filter((c): c is ChangedAudit => c !== undefined);
}

function fateOf(c: ChangedFile, head: IndexedAudit | undefined): string {
  if (c.status === 'removed') return 'removed by this change';
  if (!head) return `moved by this change to ${c.path}, outside audits.records`;
  return `changed by this change (${c.previousPath ? `moved to ${c.path}; ` : ''}its scope no longer names this model)`;
}

async function readBase(path: string, store: EvidenceStore | undefined): Promise<BaseAudit> {
  if (!store) return { path, scope: undefined, problem: 'the base revision was not given to the evaluator', unreadable: true };
  const parsed = await store.audit(path);
  if (parsed.ok) return { path, record: parsed.value, scope: parsed.value.scope, unreadable: false };
  const text = await store.text(path);
  const first = (text.ok ? parsed : text).errors[0];
  const reason = first ? `${first.line !== undefined ? `line ${first.line}: ` : ''}${first.message}` : 'unreadable';
  if (!text.ok) return { path, scope: undefined, problem: `its base version cannot be read (${reason})`, unreadable: true };
  return { path, scope: await store.auditScope(path), hint: scopeHint(text.value), problem: `its base version does not parse (${reason})`, unreadable: false };
}

/** May the changed record have covered the model on either revision? Such models are touched by the change. */
export function touchesModel(c: ChangedAudit, modelPath: string): boolean {
  return (c.head !== undefined && recordMayCover(c.head, modelPath)) || (c.base !== undefined && recordMayCover(c.base, modelPath));
}

/**
 * The records this change withdraws from a model: they covered it on the base (or may have: their
 * scope there is unknown) and neither their head version nor a record of the same id covers it now.
 * `covering` is what covers the model on the head.
 */
export function withdrawnFrom(changes: readonly ChangedAudit[], modelPath: string, covering: readonly IndexedAudit[]): WithdrawnAudit[] {
  const out: WithdrawnAudit[] = [];
  for (const c of changes) {
    const b = c.base;
    if (!b || !recordMayCover(b, modelPath)) continue;
    if (c.head && recordMayCover(c.head, modelPath)) continue;
    const id = b.record?.id;
    if (id !== undefined && covering.some((r) => r.record.ok && r.record.value.id === id)) continue;
    if (b.record) out.push({ path: b.path, fate: c.fate, record: b.record });
    // Unreadable: what it covered and held is unknown, so it fails closed. A base version that was
    // read but does not parse held no finding anyone could see, and it was failing the models it
    // covered: removing or repairing it is the fix, not a withdrawal.
    else if (b.unreadable) out.push({ path: b.path, fate: c.fate, problem: b.problem ?? 'its base version cannot be read' });
  }
  return out;
}
