// The checklist a reviewer reads: one row per model, failing checks first, each with where to look
// and how to fix it. The CLI prints it, the Action writes it to the job summary and the sticky
// comment, the App puts it in the check run and its comment. One builder for all of them.
import type { CheckResult, ModelReport, Outcome, Report } from '../types.js';
import { cellCode, code, html, md } from './escape.js';

export interface MarkdownOptions {
  /** Hard cap on the output length in characters (GitHub: 65,536 for comments, 1 MiB for summaries). */
  maxChars?: number;
  /** Text appended when the cap cuts the report, e.g. where the full report is. */
  truncationNote?: string;
  /** Heading level of the title (2 by default). */
  headingLevel?: number;
}

export const OUTCOME_ICON: Record<Outcome, string> = {
  fail: '❌',
  error: '⛔',
  warn: '⚠️',
  waived: '🟦',
  pass: '✅',
  skipped: '➖',
};

const ORDER: Outcome[] = ['error', 'fail', 'warn', 'waived', 'pass', 'skipped'];

export function sortChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome));
}

/** Models that fail first, then models with warnings, then the rest; by path within each. */
export function sortModels(models: readonly ModelReport[]): ModelReport[] {
  const rank = (m: ModelReport) => (m.outcome === 'fail' ? 0 : m.checks.some((c) => c.outcome === 'warn' || c.outcome === 'error') ? 1 : 2);
  return [...models].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

export function headline(report: Report): string {
  const failing = report.models.filter((m) => m.outcome === 'fail').length;
  const n = report.models.length;
  if (report.policy.errors.length > 0) return 'the modelgate configuration is invalid';
  if (n === 0) return 'no model changed';
  if (failing === 0) return `${n} model${n > 1 ? 's' : ''} pass${n > 1 ? '' : 'es'} governance checks`;
  return `${failing} of ${n} model${n > 1 ? 's' : ''} fail${failing > 1 ? '' : 's'} governance checks`;
}

export function countsLine(report: Report): string {
  const s = report.summary;
  const parts = (['pass', 'fail', 'warn', 'waived', 'error', 'skipped'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  return `${s.checks} checks${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function modelPath(path: string): string {
  return path === '' ? '.' : path;
}

function modelLabel(m: ModelReport): string {
  return modelPath(m.path);
}

function summaryCell(m: ModelReport): string {
  const bad = m.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error');
  const warns = m.checks.filter((c) => c.outcome === 'warn');
  const waived = m.checks.filter((c) => c.outcome === 'waived');
  const parts: string[] = [];
  if (bad.length) parts.push(`${bad.length} failing: ${bad.map((c) => c.id).join(', ')}`);
  if (warns.length) parts.push(`${warns.length} warning${warns.length > 1 ? 's' : ''}`);
  if (waived.length) parts.push(`${waived.length} waived`);
  if (parts.length === 0) parts.push(`all ${m.checks.filter((c) => c.outcome === 'pass').length} checks pass`);
  return parts.join('; ');
}

function location(c: CheckResult): string {
  if (!c.file) return '';
  return ` (${code(c.line !== undefined ? `${c.file}:${c.line}` : c.file)})`;
}

function checkLine(c: CheckResult): string {
  const done = c.outcome === 'pass' || c.outcome === 'waived' || c.outcome === 'skipped';
  let line = `- [${done ? 'x' : ' '}] ${OUTCOME_ICON[c.outcome]} **${c.id}** (${c.level}): ${md(c.message)}${location(c)}`;
  if (c.waiver) {
    line += `\n  Waived (${c.waiver.reason}) by ${md(c.waiver.approver)} until ${md(c.waiver.expires)}${c.waiver.note ? `: ${md(c.waiver.note)}` : ''}`;
  }
  if (c.hint && !done) line += `\n  Fix: ${md(c.hint)}`;
  return line;
}

function modelSection(m: ModelReport, level: number): string {
  const h = '#'.repeat(level + 1);
  const icon = m.outcome === 'fail' ? '❌' : m.checks.some((c) => c.outcome === 'warn' || c.outcome === 'error') ? '⚠️' : '✅';
  const lines = [`${h} ${icon} ${code(modelLabel(m))}${m.riskTier ? ` (risk tier: ${m.riskTier})` : ''}`];
  if (m.recognised) lines.push(`Found by: ${md(m.recognised)}`);
  if (m.touchedBy.length > 0) {
    const shown = m.touchedBy.slice(0, 5).map(code).join(', ');
    lines.push(`Changed: ${shown}${m.touchedBy.length > 5 ? ` and ${m.touchedBy.length - 5} more` : ''}`);
  }
  if (m.facts.changedEvidence.length > 0) {
    lines.push(`> **Evidence edited in this change:** ${m.facts.changedEvidence.map(code).join(', ')}. Review these edits: they change what the checks below conclude.`);
  }
  lines.push('');
  const sorted = sortChecks(m.checks);
  const open = sorted.filter((c) => c.outcome !== 'pass' && c.outcome !== 'skipped');
  const closed = sorted.filter((c) => c.outcome === 'pass' || c.outcome === 'skipped');
  lines.push(...open.map(checkLine));
  if (closed.length > 0) {
    lines.push('', `<details><summary>${closed.length} passing or not applicable</summary>`, '', ...closed.map(checkLine), '', '</details>');
  }
  return lines.join('\n');
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const level = options.headingLevel ?? 2;
  const h = '#'.repeat(level);
  const icon = report.verdict === 'pass' ? '✅' : '❌';
  const head: string[] = [`${h} ${icon} modelgate: ${headline(report)}`, ''];
  head.push(`Policy: ${md(report.policy.source)}${report.policy.extends ? ` (extends ${code(report.policy.extends)})` : ''} · ${countsLine(report)}`, '');

  if (report.policy.errors.length > 0) {
    head.push(`${'#'.repeat(level + 1)} ⛔ Configuration errors`, '', ...report.policy.errors.map((e) => `- ${md(e.message)}`), '');
  }
  const preview = report.policy.preview;
  if (preview) {
    head.push(`${'#'.repeat(level + 1)} Policy change in this pull request`, '');
    head.push(`This change edits ${code(preview.file)}. It is **not** applied: the base branch's policy judged this change.`);
    if (!preview.valid) head.push('', 'The proposed policy is invalid:', ...preview.errors.map((e) => `- ${md(e)}`));
    else if (preview.changes.length === 0) head.push('', 'Once merged, it would change no result for any model of the repository.');
    else {
      head.push('', 'Once merged, it would change:', '', '| Model | Check | Now | With the proposed policy |', '|---|---|---|---|');
      head.push(...preview.changes.slice(0, 50).map((c) => `| ${cellCode(modelPath(c.model))} | ${c.check} | ${OUTCOME_ICON[c.from]} ${c.from} | ${OUTCOME_ICON[c.to]} ${c.to} |`));
      if (preview.changes.length > 50) head.push(`\n…and ${preview.changes.length - 50} more.`);
    }
    head.push('');
  }

  const models = sortModels(report.models);
  if (models.length > 0) {
    head.push('| | Model | Risk tier | Result |', '|---|---|---|---|');
    for (const m of models) {
      head.push(`| ${m.outcome === 'fail' ? '❌' : '✅'} | ${cellCode(modelLabel(m))} | ${m.riskTier ?? '—'} | ${md(summaryCell(m))} |`);
    }
    head.push('');
  }
  const tail: string[] = [];
  if (report.waivers.length > 0) {
    tail.push(`${'#'.repeat(level + 1)} Waivers`, '', '| Model | Check | Reason | Approver | Expires | Status |', '|---|---|---|---|---|---|');
    for (const w of report.waivers) {
      tail.push(`| ${cellCode(modelPath(w.model))} | ${w.check} | ${w.reason} | ${md(w.approver)} | ${md(w.expires)} | ${w.status} |`);
    }
    tail.push('');
  }
  tail.push(`<sub>modelgate ${html(report.tool.version)} · ${html(report.generatedAt)}</sub>`);

  const sections = models.map((m) => modelSection(m, level));
  return fit(head.join('\n'), sections, tail.join('\n'), options);
}

/**
 * Joins the parts, dropping whole model sections from the end (models that pass come last) when the
 * cap would be exceeded, and says how many were dropped. The waivers table and footer are kept.
 */
function fit(head: string, sections: string[], tail: string, options: MarkdownOptions): string {
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  const full = [head, ...sections, tail].join('\n\n');
  if (full.length <= max) return full;
  const note = (omitted: number): string =>
    `> ⚠️ The report was cut to fit GitHub's size limit: ${omitted} of ${sections.length} model section(s) omitted. ${options.truncationNote ?? 'Run `modelgate check` locally or read the JSON report for every model.'}`;
  // The longest note (every section omitted) bounds the others: fewer omitted never has more digits.
  const kept: string[] = [];
  let length = head.length + 2 + note(sections.length).length + 2 + tail.length;
  for (const s of sections) {
    if (length + s.length + 2 > max) break;
    kept.push(s);
    length += s.length + 2;
  }
  const out = [head, ...kept, note(sections.length - kept.length), tail].join('\n\n');
  if (out.length <= max) return out;
  // The head alone is over the cap (a long policy preview, many configuration errors): keep its
  // first whole lines, then the note, and drop the rest.
  const last = note(sections.length);
  const room = max - last.length - 2;
  if (room <= 0) return last.slice(0, Math.max(0, max));
  const cut = head.slice(0, room);
  const lineEnd = cut.lastIndexOf('\n');
  return lineEnd > 0 ? `${cut.slice(0, lineEnd)}\n\n${last}` : last;
}
