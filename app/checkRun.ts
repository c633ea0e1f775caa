// The `modelgate` check run: created in_progress before any work, then completed exactly once,
// either with the report (title naming what is missing, the checklist as summary, up to 50
// annotations, failures first, in that one request) or, when anything went wrong, as a failure saying what and how to re-run.
import { CHECK_IDS, headline, renderMarkdown, md, CHECK_PHRASES } from '../src/index.js';
import type { CheckId, CheckResult, Report } from '../src/index.js';
import type { Annotation, GitHubApi } from './github.js';

export const CHECK_NAME = 'modelgate';
/** GitHub's limits: 65,535 characters of summary, 50 annotations per request. */
export const MAX_SUMMARY = 65_535;
export const ANNOTATIONS_PER_REQUEST = 50;
/**
 * Annotations sent per check run: what the completing request carries. Each 50 more would be one
 * more request, so a pull request touching hundreds of models would cost dozens; past this the
 * summary (which lists every result by model) says how many are not on the files.
 */
export const MAX_ANNOTATIONS = ANNOTATIONS_PER_REQUEST;
const MAX_TITLE = 200;


const blocking = (c: CheckResult) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error');

/** Plain text (titles are not Markdown), one line, no control characters. */
export function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** "2 models: card missing for models/x, no recent audit for models/y". */
export function checkTitle(report: Report): string {
  if (report.policy.errors.length > 0) {
    const n = report.policy.errors.length;
    return clip(`the modelgate configuration is invalid (${n} error${n > 1 ? 's' : ''}): ${plain(report.policy.errors[0]?.message ?? '')}`);
  }
  const failing = report.models.filter((m) => m.outcome === 'fail');
  if (failing.length === 0) return headline(report);
  const order = (id: CheckId) => CHECK_IDS.indexOf(id);
  const parts = failing.map((m) => {
    const ids = m.checks.filter(blocking).map((c) => c.id);
    // With no audit at all, "no recent audit" and "no independent audit" only repeat "audit missing".
    const shownIds = ids.includes('audit.reference') ? ids.filter((id) => id !== 'audit.fresh' && id !== 'audit.independent') : ids;
    const phrases = [...new Set(shownIds.sort((a, b) => order(a) - order(b)).map((id) => CHECK_PHRASES[id]))];
    const shown = phrases.length > 2 ? `${phrases.slice(0, 2).join(', ')} +${phrases.length - 2} more` : phrases.join(' and ');
    return `${shown} for ${plain(m.path || '.')}`;
  });
  const prefix = `${failing.length} model${failing.length > 1 ? 's' : ''}: `;
  let title = prefix;
  for (let i = 0; i < parts.length; i++) {
    const next = `${i === 0 ? '' : ', '}${parts[i]}`;
    const rest = parts.length - i;
    if (title.length + next.length > MAX_TITLE - 16 && i > 0) return `${title}, and ${rest} more`;
    title += next;
  }
  return clip(title);
}

function clip(s: string): string {
  return s.length <= MAX_TITLE ? s : `${s.slice(0, MAX_TITLE - 1)}…`;
}

const LEVEL: Partial<Record<CheckResult['outcome'], Annotation['annotation_level']>> = {
  fail: 'failure',
  error: 'failure',
  warn: 'warning',
  waived: 'notice',
};

/** One annotation per non-passing result whose file exists in the evaluated commit. */
export function annotationsOf(report: Report, exists: (path: string) => boolean): Annotation[] {
  const out: Annotation[] = [];
  const add = (c: CheckResult, model: string | undefined) => {
    const level = LEVEL[c.outcome];
    if (!level || !c.file || !exists(c.file)) return;
    const line = c.line ?? 1;
    let message = c.message;
    if (c.waiver) message += `\nWaived (${c.waiver.reason}) by ${c.waiver.approver} until ${c.waiver.expires}${c.waiver.note ? `: ${c.waiver.note}` : ''}`;
    else if (c.hint) message += `\nFix: ${c.hint}`;
    out.push({
      path: c.file,
      start_line: line,
      end_line: line,
      annotation_level: level,
      title: plain(`${c.id} (${c.level})${model !== undefined ? `: ${model || '.'}` : ''}`).slice(0, 255),
      message: message.slice(0, 60_000),
    });
  };
  for (const c of report.policy.errors) add(c, undefined);
  for (const m of report.models) for (const c of m.checks) add(c, m.path);
  return out;
}

const RANK: Record<Annotation['annotation_level'], number> = { failure: 0, warning: 1, notice: 2 };

/** The annotations sent: failures first, then warnings, then notices, at most MAX_ANNOTATIONS. */
export function shownAnnotations(annotations: readonly Annotation[]): Annotation[] {
  if (annotations.length <= MAX_ANNOTATIONS) return [...annotations];
  return [...annotations].sort((a, b) => RANK[a.annotation_level] - RANK[b.annotation_level]).slice(0, MAX_ANNOTATIONS);
}

/**
 * The checklist, after `judged` (what was judged: the commits and the file list). `annotated`: how
 * many results are annotated on the files, of how many.
 */
export function reportSummary(report: Report, judged = '', annotated?: { shown: number; of: number }): string {
  const capped = annotated !== undefined && annotated.shown < annotated.of;
  const note = capped
    ? `> ${annotated.shown} of ${annotated.of} results are annotated on the files (failures first; GitHub takes ${ANNOTATIONS_PER_REQUEST} annotations per request). Every result is listed below by model.\n\n`
    : '';
  const head = (judged ? `${judged}\n` : '') + note;
  return (
    head +
    renderMarkdown(report, {
      maxChars: MAX_SUMMARY - head.length,
      truncationNote: capped ? 'Run `modelgate check` locally for the full report.' : 'Every result is in the annotations; run `modelgate check` locally for the full report.',
    })
  );
}

/** Completes the run in one request, with the report and up to MAX_ANNOTATIONS annotations. */
export async function completeWithReport(api: GitHubApi, id: number, report: Report, all: readonly Annotation[], judged = ''): Promise<void> {
  const annotations = shownAnnotations(all);
  const output = { title: checkTitle(report), summary: reportSummary(report, judged, { shown: annotations.length, of: all.length }) };
  await api.updateCheckRun(id, annotations.length > 0 ? { ...output, annotations } : output, { conclusion: report.verdict === 'pass' ? 'success' : 'failure' });
}

export const RERUN_HINT = 'To re-run: use **Re-run** on the `modelgate` check in the Checks tab, or comment `/modelgate recheck` on the pull request.';

/** Fail closed: never neutral, never success, and say what went wrong and how to re-run. */
export async function completeWithError(api: GitHubApi, id: number, message: string): Promise<void> {
  const summary = [
    '## ⛔ modelgate could not evaluate this change',
    '',
    md(message),
    '',
    'The check fails closed: a result that could not be computed never passes.',
    RERUN_HINT,
  ].join('\n');
  await api.updateCheckRun(id, { title: clip(`modelgate could not evaluate this change: ${plain(message)}`), summary: summary.slice(0, MAX_SUMMARY) }, { conclusion: 'failure' });
}
