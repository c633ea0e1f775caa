// The job summary: the shared Markdown checklist, with what was compared, any notes about what the
// run could not do, and where the full JSON report is. GitHub rejects a step summary over 1 MiB, so
// the checklist is cut (whole model sections, with a pointer to the JSON report) to stay under it.
import * as core from './runner.js';
import { renderMarkdown, code, md } from '../src/check.js';
import type { Report } from '../src/index.js';

/** GitHub's limit is 1 MiB per step summary; keep a margin for the runner's own framing. */
export const SUMMARY_MAX_BYTES = 1_000_000;

export interface SummaryContext {
  /** What was compared, e.g. "pull request #7 (abc...def): 3 changed files (GitHub API)". */
  description?: string;
  /** Things the run could not do or that the reader must know (already plain text, escaped here). */
  notes: string[];
  reportJson?: string;
  /** Set when the run failed before or after evaluating: shown first. */
  error?: string;
}

export function buildSummary(report: Report | undefined, ctx: SummaryContext, maxBytes: number = SUMMARY_MAX_BYTES): string {
  const top: string[] = [];
  if (ctx.error) {
    top.push(`## ⛔ modelgate could not complete`, '', md(ctx.error), '', 'The gate fails closed: fix the cause above and re-run the job.', '');
  }
  top.push(...notesMarkdown(ctx.notes));
  const bottom: string[] = [];
  if (ctx.description) bottom.push(checkedMarkdown(ctx.description));
  if (ctx.reportJson) bottom.push(`Full JSON report: ${code(ctx.reportJson)} (the \`report-json\` output; upload it with actions/upload-artifact to keep it).`);
  const head = top.join('\n');
  const tail = bottom.length ? `\n\n${bottom.join('  \n')}\n` : '\n';
  if (!report) return `${head}${tail}`;

  const truncationNote = ctx.reportJson ? `The full report is in ${code(ctx.reportJson)} (output \`report-json\`).` : 'Run `modelgate check` locally for every model.';
  // maxChars counts UTF-16 units and GitHub counts bytes: shrink until the bytes fit.
  let maxChars = maxBytes - Buffer.byteLength(head + tail);
  for (;;) {
    const text = `${head}${renderMarkdown(report, { maxChars: Math.max(0, maxChars), truncationNote })}${tail}`;
    const bytes = Buffer.byteLength(text);
    if (bytes <= maxBytes || maxChars <= 0) return text;
    maxChars = Math.floor(maxChars * (maxBytes / bytes) * 0.98);
  }
}

/** Notes for the reader, as the summary and the comment show them (plain text, escaped here). */
export function notesMarkdown(notes: readonly string[]): string[] {
  return notes.flatMap((note) => [`> ⚠️ ${md(note)}`, '']);
}

/** What was compared and judged (the commits, the base, where the file list came from). */
export function checkedMarkdown(description: string): string {
  return `Checked: ${md(description)}`;
}

export async function writeSummary(text: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written');
    return;
  }
  await core.appendSummary(text);
}
