// What a remediation issue says, as pure functions: the findings a report carries (one entry per
// audit id + finding id, whatever number of models share it), and the issue's title and body. The
// body starts with a hidden marker holding the finding's state, so the App finds its issue again
// (deduplication) and re-renders it from data, never by parsing its own Markdown.
import { cellCode, code, md } from '../src/index.js';
import type { Report, Severity } from '../src/index.js';
import { plain } from './checkRun.js';

export const FINDING_LABEL = 'modelgate:finding';
const MARKER_PREFIX = '<!-- modelgate:finding ';
const MAX_TITLE = 256;
const MAX_PRS = 50;

export interface FindingState {
  audit: string;
  finding: string;
  title: string;
  severity: Severity;
  status: string;
  due?: string;
  owner?: string;
  auditFile: string;
  models: string[];
  prs: number[];
}

export const keyOf = (s: Pick<FindingState, 'audit' | 'finding'>): string => `${s.audit}\u0000${s.finding}`;

/** Every finding in the report, merged across the models an audit covers. */
export function findingsOf(report: Report): Map<string, FindingState> {
  const out = new Map<string, FindingState>();
  for (const m of report.models) {
    for (const f of m.facts.findings) {
      const key = keyOf({ audit: f.audit, finding: f.id });
      const prev = out.get(key);
      if (prev) {
        if (!prev.models.includes(m.path)) prev.models.push(m.path);
        continue;
      }
      const s: FindingState = { audit: f.audit, finding: f.id, title: f.title, severity: f.severity, status: f.status, auditFile: f.auditFile, models: [m.path], prs: [] };
      if (f.due) s.due = f.due;
      if (f.owner) s.owner = f.owner;
      out.set(key, s);
    }
  }
  for (const s of out.values()) s.models.sort();
  return out;
}

/** Audit records that parsed and were read in this report (their findings lists are complete). */
export function auditsSeen(report: Report): Set<string> {
  return new Set(report.models.flatMap((m) => m.facts.audits.map((a) => a.id)));
}

// `-` is escaped too, so no "--" (which ends an HTML comment in some parsers) can appear.
const encode = (s: FindingState) => encodeURIComponent(JSON.stringify(s)).replace(/-/g, '%2D');

export function stateOf(body: string): FindingState | undefined {
  if (!body.startsWith(MARKER_PREFIX)) return undefined;
  const end = body.indexOf(' -->');
  if (end === -1) return undefined;
  try {
    const v = JSON.parse(decodeURIComponent(body.slice(MARKER_PREFIX.length, end))) as Partial<FindingState>;
    if (typeof v.audit !== 'string' || typeof v.finding !== 'string' || typeof v.title !== 'string' || !Array.isArray(v.models) || !Array.isArray(v.prs)) return undefined;
    return v as FindingState;
  } catch {
    return undefined;
  }
}

/** No mentions, no line breaks, within GitHub's title length. */
export function issueTitle(s: FindingState): string {
  const t = plain(`modelgate: ${s.severity} audit finding ${s.finding} (${s.audit}): ${s.title}`).replace(/@/g, '@\u200b');
  return t.length <= MAX_TITLE ? t : `${t.slice(0, MAX_TITLE - 1)}…`;
}

function pathLink(repoUrl: string, kind: 'blob' | 'tree', path: string): string {
  const encoded = path
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  // HEAD follows the default branch, so links stay valid without rewriting the issue on each push.
  return `[${cellCode(path || '.')}](${repoUrl}/${kind}/HEAD/${encoded})`;
}

export function issueBody(s: FindingState, repoUrl: string): string {
  const state: FindingState = { ...s, prs: s.prs.slice(-MAX_PRS) };
  const rows: [string, string][] = [
    ['Audit', `${cellCode(s.audit)} in ${pathLink(repoUrl, 'blob', s.auditFile)}`],
    ['Finding', cellCode(s.finding)],
    ['Severity', s.severity],
    ['Status', md(s.status)],
  ];
  if (s.due) rows.push(['Due', md(s.due)]);
  if (s.owner) rows.push(['Owner', md(s.owner)]);
  rows.push(['Models', s.models.map((m) => pathLink(repoUrl, 'tree', m)).join(', ') || '—']);
  if (state.prs.length > 0) rows.push(['Pull requests', state.prs.map((n) => `#${n}`).join(', ')]);
  // Table cells use cellCode: a backtick span cannot hold a `|` inside a GFM table.
  return [
    `${MARKER_PREFIX}${encode(state)} -->`,
    `## Audit finding ${code(s.finding)}: ${md(s.title)}`,
    '',
    'An audit of a model in this repository has a finding to remediate. modelgate opened this issue and keeps it in step with the audit record: it is updated when the finding changes and closed when the finding is remediated or accepted on the default branch.',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
}
