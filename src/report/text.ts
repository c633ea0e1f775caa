// Terminal output: the same content as the Markdown checklist, laid out for a console.
import type { Report } from '../types.js';
import { countsLine, headline, sortChecks, sortModels } from './markdown.js';

export interface TextOptions {
  color?: boolean;
  /** Show passing checks too. */
  verbose?: boolean;
}

const SYMBOL = { pass: '✓', fail: '✗', error: '!', warn: '⚠', waived: '~', skipped: '-' } as const;
const COLOR = { pass: 32, fail: 31, error: 31, warn: 33, waived: 36, skipped: 90 } as const;

// Evidence text may hold terminal escape sequences; never let them through to the user's terminal.
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?').replace(/\n/g, ' ');
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  out.push(paint(report.verdict === 'pass' ? 32 : 31, `modelgate: ${report.verdict.toUpperCase()}: ${headline(report)}`));
  out.push(`policy: ${clean(report.policy.source)}${report.policy.extends ? ` (extends ${report.policy.extends})` : ''}`);
  out.push(countsLine(report), '');
  for (const e of report.policy.errors) out.push(paint(31, `${SYMBOL.error} policy.valid: ${clean(e.message)}`));
  if (report.policy.errors.length) out.push('');
  for (const m of sortModels(report.models)) {
    out.push(paint(m.outcome === 'fail' ? 31 : 32, `${m.outcome === 'fail' ? SYMBOL.fail : SYMBOL.pass} ${clean(m.path || '.')}${m.riskTier ? ` [${m.riskTier}]` : ''}`));
    if (m.recognised) out.push(`    found by: ${clean(m.recognised)}`);
    if (m.facts.changedEvidence.length) out.push(`    evidence edited in this change: ${m.facts.changedEvidence.map(clean).join(', ')}`);
    for (const c of sortChecks(m.checks)) {
      if (!options.verbose && (c.outcome === 'pass' || c.outcome === 'skipped')) continue;
      const where = c.file ? ` (${clean(c.file)}${c.line !== undefined ? `:${c.line}` : ''})` : '';
      out.push(`    ${paint(COLOR[c.outcome], `${SYMBOL[c.outcome]} ${c.id.padEnd(19)}`)} ${clean(c.message)}${where}`);
      if (c.waiver) out.push(`      waived (${c.waiver.reason}) by ${clean(c.waiver.approver)} until ${c.waiver.expires}`);
      if (c.hint && c.outcome !== 'waived') out.push(`      fix: ${clean(c.hint)}`);
    }
    const passed = m.checks.filter((c) => c.outcome === 'pass').length;
    if (!options.verbose && passed) out.push(paint(90, `    ${passed} check(s) pass`));
    out.push('');
  }
  if (report.policy.preview) {
    const p = report.policy.preview;
    out.push(`policy change proposed in ${clean(p.file)} (not applied): ${p.valid ? `${p.changes.length} result(s) would change` : 'invalid'}`);
    for (const c of p.changes.slice(0, 20)) out.push(`    ${clean(c.model)} ${c.check}: ${c.from} -> ${c.to}`);
    for (const e of p.errors) out.push(`    ${clean(e)}`);
    out.push('');
  }
  for (const w of report.waivers) {
    out.push(`waiver ${w.status}: ${clean(w.model)} ${w.check} (${w.reason}) by ${clean(w.approver)} until ${w.expires}`);
  }
  return out.join('\n').trimEnd() + '\n';
}
