// What the evaluation facts do not carry about an audit but the ML-BOM wants: the standard it was
// held against and its report (URL or path, with a hash). Read from the audit records the facts name.
import type { Report, RepoReader } from '../types.js';
import { parseAuditRecord } from '../evidence/audit.js';
import { decodeText } from '../evidence/load.js';
import { MAX_EVIDENCE_BYTES } from '../evidence/store.js';

export interface AuditDetails {
  standard?: string;
  report?: { url?: string; path?: string; sha256?: string };
}

export async function readAuditDetails(reader: RepoReader, report: Report): Promise<Map<string, AuditDetails>> {
  const files = [...new Set(report.models.flatMap((m) => m.facts.audits.map((a) => a.file)))];
  const out = new Map<string, AuditDetails>();
  await Promise.all(
    files.map(async (file) => {
      const r = await reader.read(file, MAX_EVIDENCE_BYTES);
      if (r.kind !== 'ok') return;
      const text = decodeText(r.bytes, file);
      const parsed = text.ok ? parseAuditRecord(text.value, file) : undefined;
      if (!parsed?.ok) return;
      const details: AuditDetails = {};
      if (parsed.value.standard) details.standard = parsed.value.standard;
      if (parsed.value.report) details.report = { ...parsed.value.report };
      out.set(file, details);
    }),
  );
  return out;
}
