// audit.* checks: the card references audit records that exist and cover this model; at least one
// is independent; the newest is recent enough; no open finding at or above the blocking severity
// and none overdue.
import type { Severity } from '../types.js';
import type { AuditRecord } from '../evidence/audit.js';
import { isOverdue, severityAtLeast } from '../evidence/audit.js';
import type { ModelEvidence } from '../gather.js';
import { daysBetween } from '../dates.js';
import { withCard } from './card.js';
import { listSome, located, type CheckDefinition } from './types.js';

const REFERENCE_HINT = 'List audit records under `governance.audits:` in the card (paths to audits/*.yml whose `scope` names this model directory).';

/** True when the record's scope names the model directory or a directory above it. */
export function covers(record: AuditRecord, modelPath: string): boolean {
  return record.scope.some((s) => s === modelPath || s === '' || modelPath.startsWith(`${s}/`));
}

/** Referenced records that parse and cover the model, newest first. */
export function coveringAudits(ev: ModelEvidence): AuditRecord[] {
  return ev.audits
    .flatMap((a) => (a.record?.ok ? [a.record.value] : []))
    .filter((r) => covers(r, ev.model.path))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

export const auditReference: CheckDefinition = {
  id: 'audit.reference',
  run({ ev }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    if (ev.audits.length === 0) {
      return located({ status: 'fail', message: `${card.file} references no audit record`, hint: REFERENCE_HINT }, card.file, card.lineOf(['governance']));
    }
    const problems: { text: string; file: string; line?: number }[] = [];
    for (const a of ev.audits) {
      if (a.pathProblem) problems.push({ text: `audit reference "${a.ref}": ${a.pathProblem}`, file: card.file, ...(a.line !== undefined ? { line: a.line } : {}) });
      else if (a.record && !a.record.ok) {
        const e = a.record.errors[0];
        problems.push({ text: `${a.path}${e?.line ? `:${e.line}` : ''}: ${e?.message ?? 'does not parse'}`, file: a.path ?? card.file, ...(e?.line !== undefined ? { line: e.line } : {}) });
      } else if (a.record?.ok && !covers(a.record.value, ev.model.path)) {
        problems.push({ text: `${a.path} (${a.record.value.id}) does not cover ${ev.model.path} (scope: ${a.record.value.scope.join(', ') || 'empty'})`, file: a.path ?? card.file });
      } else if (a.record?.ok && a.report && a.report.status !== 'match') {
        // A report kept in the repository must be the one audited: its hash is checked like a dataset file's.
        const line = a.record.value.lineOf(['report']);
        problems.push({ text: `${a.path} (${a.record.value.id}) report ${a.report.message}`, file: a.path ?? card.file, ...(line !== undefined ? { line } : {}) });
      }
    }
    if (problems.length > 0) {
      return located({ status: 'fail', message: listSome(problems.map((p) => p.text)), hint: REFERENCE_HINT }, problems[0]?.file, problems[0]?.line);
    }
    const ids = coveringAudits(ev).map((r) => r.id);
    return { status: 'pass', message: `covered by ${ids.join(', ')}` };
  },
};

export const auditIndependent: CheckDefinition = {
  id: 'audit.independent',
  run({ ev }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const audits = coveringAudits(ev);
    const independent = audits.filter((a) => a.auditor.independent);
    if (independent[0]) return { status: 'pass', message: `independent audit ${independent[0].id} by ${independent[0].auditor.name}` };
    return {
      status: 'fail',
      message: audits.length === 0 ? 'no audit record covers this model, so none is independent' : `no independent audit among ${audits.map((a) => `${a.id} (${a.auditor.name})`).join(', ')}`,
      hint: 'Reference an audit by an independent assessor (`auditor.independent: true`).',
      ...(audits[0] ? { file: audits[0].file, line: audits[0].lineOf(['auditor', 'independent']) ?? 1 } : {}),
    };
  },
};

export const auditFresh: CheckDefinition = {
  id: 'audit.fresh',
  run({ ev, setting, today }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const maxAge = Number(setting.options.max_age_days ?? 365);
    const audits = coveringAudits(ev);
    const newest = audits.find((a) => a.date);
    if (!newest) {
      return { status: 'fail', message: audits.length === 0 ? 'no audit record covers this model' : `no covering audit has a date (${audits.map((a) => a.id).join(', ')})`, hint: `Reference an audit dated within the last ${maxAge} days.` };
    }
    const date = newest.date ?? '';
    const age = daysBetween(date, today);
    // A pass names the record; only a failure needs the line (finding it costs a full parse).
    const line = (): { line?: number } => {
      const l = newest.lineOf(['date']);
      return l === undefined ? {} : { line: l };
    };
    const at = { file: newest.file };
    if (age < 0) return { status: 'fail', message: `${newest.id} is dated ${date}, in the future`, hint: 'Use the date the audit report was issued.', ...at, ...line() };
    if (age > maxAge) {
      return { status: 'fail', message: `newest audit ${newest.id} is ${age} days old (${date}); the limit is ${maxAge} days`, hint: 'Commission a new audit, or record a waiver while it is under way.', ...at, ...line() };
    }
    return { status: 'pass', message: `newest audit ${newest.id} is ${age} days old (limit ${maxAge})`, ...at };
  },
};

export const auditFindings: CheckDefinition = {
  id: 'audit.findings',
  run({ ev, setting, today }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const blockOn = (setting.options.block_on as Severity | undefined) ?? 'high';
    const audits = coveringAudits(ev);
    if (audits.length === 0) return { status: 'skipped', message: 'no audit record covers this model (audit.reference reports it)' };
    const blocking: { text: string; file: string; line?: number }[] = [];
    let open = 0;
    for (const a of audits) {
      for (const f of a.findings) {
        if (f.status !== 'open') continue;
        open++;
        const at = () => ({ file: a.file, ...(f.line !== undefined ? { line: f.line } : {}) });
        if (isOverdue(f, today)) blocking.push({ text: `${a.id}/${f.id} "${f.title}" (${f.severity}) is open and was due ${f.due}`, ...at() });
        else if (severityAtLeast(f.severity, blockOn)) blocking.push({ text: `${a.id}/${f.id} "${f.title}" is open with severity ${f.severity}`, ...at() });
      }
    }
    if (blocking.length > 0) {
      return located(
        { status: 'fail', message: listSome(blocking.map((b) => b.text)), hint: `Remediate the finding, or record it as accepted (accepted_by and reason) in the audit record. Open findings at or above "${blockOn}" block, and so does any overdue one.` },
        blocking[0]?.file,
        blocking[0]?.line,
      );
    }
    return { status: 'pass', message: open === 0 ? 'no open findings' : `${open} open finding(s) below "${blockOn}", none overdue` };
  },
};
