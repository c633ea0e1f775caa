// audit.* checks: the card cites audit records under `audits.records` that exist and cover this
// model; every record there whose scope covers the model applies to it, cited or not; at least one
// applying record is independent; the newest is recent enough; no open finding at or above the
// blocking severity and none overdue, also in a record the change withdraws from the model.
import type { Severity } from '../types.js';
import type { AuditRecord } from '../evidence/audit.js';
import { isOverdue, severityAtLeast } from '../evidence/audit.js';
import { scopeCovers } from '../auditIndex.js';
import type { AuditEvidence, ModelEvidence } from '../gather.js';
import { daysBetween } from '../dates.js';
import { withCard } from './card.js';
import { listSome, located, type CheckDefinition } from './types.js';

const REFERENCE_HINT =
  "Cite audit records under `governance.audits:` in the card: files matched by the policy's `audits.records` whose `scope` names this model directory.";

/** True when the record's scope names the model directory or a directory above it. */
export function covers(record: AuditRecord, modelPath: string): boolean {
  return scopeCovers(record.scope, modelPath);
}

/** Records that apply to the model (cited or by scope), parse and cover it, newest first. */
export function coveringAudits(ev: ModelEvidence): AuditRecord[] {
  const byFile = new Map<string, AuditRecord>();
  for (const a of ev.audits) if (a.record?.ok && covers(a.record.value, ev.model.path)) byFile.set(a.record.value.file, a.record.value);
  return [...byFile.values()].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.file.localeCompare(b.file));
}

interface Problem {
  text: string;
  file: string;
  line?: number;
}

/** What is wrong with one applying record, if anything. */
function recordProblem(a: AuditEvidence, modelPath: string, cardFile: string): Problem | undefined {
  const at = (file: string, line: number | undefined): { file: string; line?: number } => (line === undefined ? { file } : { file, line });
  if (a.pathProblem) return { text: `audit reference "${a.ref ?? ''}": ${a.pathProblem}`, ...at(cardFile, a.line) };
  if (a.record && !a.record.ok) {
    const e = a.record.errors[0];
    const where = `${a.path}${e?.line ? `:${e.line}` : ''}: ${e?.message ?? 'does not parse'}`;
    // A record that applies by scope and does not parse may hold findings for this model nobody can read.
    const text = a.ref === undefined ? `${where} (a record under audits.records that does not parse may cover this model; its findings are unknown)` : where;
    return { text, ...at(a.path ?? cardFile, e?.line) };
  }
  if (a.outsideRecords) {
    return { text: `${a.path} is not an audit record this policy recognises: audits.records is ${a.outsideRecords.length > 0 ? a.outsideRecords.join(', ') : 'empty'}`, ...at(cardFile, a.line) };
  }
  if (!a.record?.ok) return undefined;
  const r = a.record.value;
  if (!covers(r, modelPath)) return { text: `${a.path} (${r.id}) does not cover ${modelPath} (scope: ${r.scope.join(', ') || 'empty'})`, file: a.path ?? cardFile };
  // A report kept in the repository must be the one audited: its hash is checked like a dataset file's.
  if (a.report && a.report.status !== 'match') return { text: `${a.path} (${r.id}) report ${a.report.message}`, ...at(a.path ?? cardFile, r.lineOf(['report'])) };
  return undefined;
}

export const auditReference: CheckDefinition = {
  id: 'audit.reference',
  run({ ev }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    const cited = ev.audits.filter((a) => a.ref !== undefined);
    const problems: Problem[] = [];
    if (cited.length === 0) {
      const byScope = coveringAudits(ev).map((r) => r.file);
      const text = `${card.file} references no audit record${byScope.length > 0 ? ` (${byScope.join(', ')} cover${byScope.length === 1 ? 's' : ''} it by scope: cite ${byScope.length === 1 ? 'it' : 'them'})` : ''}`;
      problems.push({ text, file: card.file, ...(card.lineOf(['governance']) !== undefined ? { line: card.lineOf(['governance']) as number } : {}) });
    }
    for (const a of ev.audits) {
      const p = recordProblem(a, ev.model.path, card.file);
      if (p) problems.push(p);
    }
    if (problems.length > 0) {
      return located({ status: 'fail', message: listSome(problems.map((p) => p.text)), hint: REFERENCE_HINT }, problems[0]?.file, problems[0]?.line);
    }
    const ids = coveringAudits(ev).map((r) => r.id);
    const gone = ev.withdrawn.length > 0 ? `; no longer by ${ev.withdrawn.map((w) => `${w.path} (${w.fate})`).join(', ')}` : '';
    return { status: 'pass', message: `covered by ${ids.join(', ')}${gone}` };
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
    if (audits.length === 0 && ev.withdrawn.length === 0) return { status: 'skipped', message: 'no audit record covers this model (audit.reference reports it)' };
    const blocking: Problem[] = [];
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
    // A record the change withdraws takes its open findings out of sight: each of them blocks,
    // whatever its severity, since removing the record is not how a finding is closed. Located on
    // the card: the record may no longer exist on the head.
    const unknown: Problem[] = [];
    for (const w of ev.withdrawn) {
      if (!w.record) {
        unknown.push({ text: `${w.path} was ${w.fate}, and ${w.problem ?? 'its base version is unknown'}: modelgate cannot tell whether it covered this model or held open findings`, file: got.card.file });
        continue;
      }
      for (const f of w.record.findings) {
        if (f.status === 'open') blocking.push({ text: `${w.record.id}/${f.id} "${f.title}" (${f.severity}) is open in ${w.path}, which covered this model on the base and was ${w.fate}`, file: got.card.file });
      }
    }
    if (unknown.length > 0) {
      return located({ status: 'error', message: listSome([...unknown, ...blocking].map((b) => b.text)), hint: WITHDRAWN_HINT }, got.card.file, undefined);
    }
    if (blocking.length > 0) {
      const withdrawn = ev.withdrawn.some((w) => w.record?.findings.some((f) => f.status === 'open'));
      return located(
        {
          status: 'fail',
          message: listSome(blocking.map((b) => b.text)),
          hint: `Remediate the finding, or record it as accepted (accepted_by and reason) in the audit record. Open findings at or above "${blockOn}" block, and so does any overdue one.${withdrawn ? ` ${WITHDRAWN_HINT}` : ''}`,
        },
        blocking[0]?.file,
        blocking[0]?.line,
      );
    }
    if (audits.length === 0) return { status: 'skipped', message: 'no audit record covers this model (audit.reference reports it)' };
    return { status: 'pass', message: open === 0 ? 'no open findings' : `${open} open finding(s) below "${blockOn}", none overdue` };
  },
};

const WITHDRAWN_HINT =
  'An audit record that covered the model on the base keeps its open findings: close them in the record (remediated, or accepted with accepted_by and reason) before removing or re-scoping it, or have a reviewer waive audit.findings for this model.';
