// safety.* checks: a bias evaluation (safety.bias) or a red-team exercise (safety.redteam) covers the
// model, is recent enough, every judged result is within its threshold, and no issue it found is open
// at or above the blocking severity (or overdue). What the card itself publishes (model-index
// results, a Bias or red-teaming section) is shown as self-declared: it never passes the check alone.
import type { CheckId, Severity } from '../types.js';
import type { ModelCard } from '../evidence/modelCard.js';
import { bounds, type SafetyKind, type SafetyRecord } from '../evidence/safety.js';
import { isOverdue, severityAtLeast } from '../evidence/audit.js';
import type { ModelEvidence } from '../gather.js';
import { scopeCovers } from '../gatherSafety.js';
import { daysBetween } from '../dates.js';
import { isRecord, own, str } from '../evidence/load.js';
import { withCard } from './card.js';
import { listSome, located, type CheckDefinition, type CheckVerdict } from './types.js';

interface Flavour {
  id: CheckId;
  kind: SafetyKind;
  noun: string;
  /** Card headings and model-index metric names that publish this kind of evidence. */
  claim: RegExp;
}

const BIAS: Flavour = { id: 'safety.bias', kind: 'bias', noun: 'bias evaluation', claim: /\bbias|fairness|\bparity|equali[sz]ed odds|disparate impact/i };
const REDTEAM: Flavour = { id: 'safety.redteam', kind: 'red-team', noun: 'red-team evaluation', claim: /red[- ]?team|jailbreak|adversarial|toxicity|safety (evaluation|testing)/i };

/** Covering, parsed records of one kind, newest first (undated last). */
export function coveringSafety(ev: ModelEvidence, kind: SafetyKind): SafetyRecord[] {
  return ev.safety
    .flatMap((s) => (s.record?.ok ? [s.record.value] : []))
    .filter((r) => r.kind === kind && scopeCovers(r.scope, ev.model.path))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

/** What the card publishes itself: model-index metrics and body sections matching the kind. */
export function cardClaims(card: ModelCard, claim: RegExp): string[] {
  const out: string[] = [];
  const index = own(card.metadata, 'model-index');
  for (const entry of Array.isArray(index) ? index : []) {
    const results = own(entry, 'results');
    for (const result of Array.isArray(results) ? results : []) {
      const metrics = own(result, 'metrics');
      for (const metric of Array.isArray(metrics) ? metrics : []) {
        if (!isRecord(metric)) continue;
        const name = str(own(metric, 'name')) ?? str(own(metric, 'type')) ?? '';
        const type = str(own(metric, 'type')) ?? '';
        if (!claim.test(`${name} ${type}`)) continue;
        const value = own(metric, 'value');
        const dataset = str(own(own(result, 'dataset'), 'name')) ?? str(own(own(result, 'dataset'), 'type'));
        out.push(`model-index ${name}${typeof value === 'number' || typeof value === 'string' ? ` = ${String(value)}` : ''}${dataset ? ` on ${dataset}` : ''}`);
      }
    }
  }
  for (const s of card.sections) if (!s.placeholder && claim.test(s.heading)) out.push(`section "${s.heading}" (line ${s.line})`);
  return out;
}

function selfDeclared(claims: string[]): string {
  return claims.length === 0 ? '' : `; the card declares ${listSome(claims, 2)} (self-declared, not an evaluation record)`;
}

function safetyCheck(f: Flavour): CheckDefinition {
  const hint = `Add a safety-evaluation record (kind: ${f.kind}) whose \`scope\` names this model, under the policy's \`safety.records\` or cited in the card's \`governance.safety_evaluations\`.`;
  return {
    id: f.id,
    run({ ev, setting, today }): CheckVerdict {
      const got = withCard(ev.card);
      if ('verdict' in got) return got.verdict;
      const { card } = got;
      const maxAge = Number(setting.options.max_age_days ?? 365);
      const blockOn = (setting.options.block_on as Severity | undefined) ?? 'high';

      const problems: { text: string; file: string; line?: number }[] = [];
      for (const s of ev.safety) {
        const line = s.line !== undefined ? { line: s.line } : {};
        if (s.pathProblem) problems.push({ text: `safety evaluation reference "${s.ref}": ${s.pathProblem}`, file: card.file, ...line });
        else if (s.record && !s.record.ok) {
          const e = s.record.errors[0];
          problems.push({ text: `${s.path}${e?.line ? `:${e.line}` : ''}: ${e?.message ?? 'does not parse'}`, file: s.path ?? card.file, ...(e?.line !== undefined ? { line: e.line } : {}) });
        } else if (s.record?.ok && s.record.value.kind === f.kind) {
          const r = s.record.value;
          if (!scopeCovers(r.scope, ev.model.path)) problems.push({ text: `${s.path} (${r.id}) does not cover ${ev.model.path} (scope: ${r.scope.join(', ') || 'empty'})`, file: card.file, ...line });
          else if (s.report && s.report.status !== 'match') problems.push({ text: `${s.path} (${r.id}) report ${s.report.message}`, file: r.file, ...lineAt(r, ['report']) });
        }
      }
      if (problems.length > 0) return located({ status: 'fail', message: listSome(problems.map((p) => p.text)), hint }, problems[0]?.file, problems[0]?.line);

      const records = coveringSafety(ev, f.kind);
      const claims = cardClaims(card, f.claim);
      if (records.length === 0) {
        return located({ status: 'fail', message: `no ${f.noun} record covers this model${selfDeclared(claims)}`, hint }, card.file, card.lineOf(['governance']));
      }
      const newest = records.find((r) => r.date);
      if (!newest?.date) return { status: 'fail', message: `no covering ${f.noun} has a date (${records.map((r) => r.id).join(', ')})`, hint: 'Record the date the evaluation was run.', file: records[0]?.file ?? card.file };
      const age = daysBetween(newest.date, today);
      if (age < 0) return { status: 'fail', message: `${newest.id} is dated ${newest.date}, in the future`, hint: 'Use the date the evaluation was run.', file: newest.file, ...lineAt(newest, ['date']) };
      if (age > maxAge) {
        return { status: 'fail', message: `newest ${f.noun} ${newest.id} is ${age} days old (${newest.date}); the limit is ${maxAge} days`, hint: 'Run the evaluation again, or record a waiver while it is under way.', file: newest.file, ...lineAt(newest, ['date']) };
      }

      // Results are judged in every record still fresh; an older record is superseded, its open issues are not.
      const fresh = records.filter((r) => r.date !== undefined && daysBetween(r.date, today) <= maxAge);
      const blocking: { text: string; file: string; line?: number }[] = [];
      let judged = 0;
      for (const r of fresh) {
        for (const res of r.results) {
          if (res.passed === undefined) continue;
          judged++;
          if (!res.passed) {
            const measured = res.value !== undefined ? ` = ${res.value}` : '';
            const limit = res.max !== undefined || res.min !== undefined ? `, must be ${bounds(res.max, res.min)}` : '';
            blocking.push({ text: `${r.id}: ${res.metric}${res.slice ? ` (${res.slice})` : ''}${measured}${limit}`, file: r.file, ...(res.line !== undefined ? { line: res.line } : {}) });
          }
        }
      }
      for (const r of records) {
        for (const issue of r.issues) {
          if (issue.status !== 'open') continue;
          const at = { file: r.file, ...(issue.line !== undefined ? { line: issue.line } : {}) };
          if (isOverdue(issue, today)) blocking.push({ text: `${r.id}/${issue.id} "${issue.title}" (${issue.severity}) is open and was due ${issue.due}`, ...at });
          else if (severityAtLeast(issue.severity, blockOn)) blocking.push({ text: `${r.id}/${issue.id} "${issue.title}" is open with severity ${issue.severity}`, ...at });
        }
      }
      if (blocking.length > 0) {
        return located(
          { status: 'fail', message: listSome(blocking.map((b) => b.text)), hint: `Mitigate and re-evaluate, or record the issue as accepted (accepted_by and reason). Results must meet their thresholds; open issues at or above "${blockOn}" block, and so does any overdue one.` },
          blocking[0]?.file,
          blocking[0]?.line,
        );
      }
      const by = `${newest.evaluator.name}${newest.evaluator.independent ? ', independent' : ''}`;
      return { status: 'pass', message: `${newest.id} by ${by}, ${age} days old (limit ${maxAge}); ${judged} result(s) within thresholds, no open issue at or above "${blockOn}"${selfDeclared(claims)}`, file: newest.file };
    },
  };
}

function lineAt(r: SafetyRecord, path: (string | number)[]): { line?: number } {
  const line = r.lineOf(path);
  return line === undefined ? {} : { line };
}

export const safetyBias = safetyCheck(BIAS);
export const safetyRedteam = safetyCheck(REDTEAM);
