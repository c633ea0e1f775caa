// Remediation issues: one per open audit finding, found again by the marker in its body. They come
// only from the audit records on the default branch (a push to it, i.e. after a merge): every
// finding there. Open ones get (or reopen) their issue, changed ones are updated, remediated /
// accepted / wont-fix ones are closed with a comment, and issues of findings an audit record no
// longer lists are closed. A finding whose audit record could not be read is left alone: a broken
// YAML file must not close the issues it tracks.
// A pull request writes no issue: its audit records are unmerged and may come from anyone (a fork
// could otherwise open issues with titles of its choosing on every push). Its checklist only shows
// what merging it would open (remediationPreview).
// Labels can only be set by people with triage access, and only the App's own issues are trusted.
import { code, md } from '../src/index.js';
import type { Report, Severity } from '../src/index.js';
import { auditsSeen, findingsOf, FINDING_LABEL, issueBody, issueTitle, keyOf, stateOf, type FindingState } from './findingIssue.js';
import type { GitHubApi, Issue } from './github.js';

/** An audit record with thousands of findings must not flood the tracker; cap what one run opens. */
export const MAX_NEW_ISSUES = 20;

export interface SyncResult {
  created: number[];
  updated: number[];
  closed: number[];
  reopened: number[];
  skipped: number;
}

interface Tracked {
  issue: Issue;
  state: FindingState;
}

const severityLabel = (s: Severity) => `severity:${s}`;

/** A push to the default branch at `sha`: every finding of `report` (that commit's) drives the issues. */
export async function syncRemediationIssues(api: GitHubApi, report: Report, sha: string, repoUrl: string, botLogin: string): Promise<SyncResult> {
  const result: SyncResult = { created: [], updated: [], closed: [], reopened: [], skipped: 0 };
  const findings = findingsOf(report);
  const wanted = [...findings.values()];

  const login = () => Promise.resolve(botLogin);
  const byKey = await trackedIssues(api, botLogin, result);

  for (const f of wanted) {
    const tracked = byKey.get(keyOf(f));
    if (!tracked) {
      if (f.status !== 'open') continue;
      if (result.created.length >= MAX_NEW_ISSUES) {
        result.skipped++;
        continue;
      }
      const state: FindingState = { ...f, prs: [] };
      // A failed attempt may have opened the issue anyway: look for it before opening another.
      const find = async () => (await api.issuesWithLabel(FINDING_LABEL)).find((i) => i.login === botLogin && stateOf(i.body) && keyOf(stateOf(i.body) as FindingState) === keyOf(f))?.number;
      result.created.push(await api.createIssue(issueTitle(state), issueBody(state, repoUrl), [FINDING_LABEL, severityLabel(state.severity)], find));
      continue;
    }
    await followDefaultBranch(api, tracked, f, sha, repoUrl, result, login);
  }
  // Another instance may have opened the same issues meanwhile: list again and keep the oldest, so
  // two instances racing converge on one issue per finding now rather than at the next run. Each
  // closes only the duplicates it opened itself: the one that opened the newest issue sees every
  // older one, and exactly one instance writes each "Duplicate of" note.
  if (result.created.length > 0) await trackedIssues(api, botLogin, result, new Set(result.created));

  const seen = auditsSeen(report);
  for (const [key, t] of byKey) {
    if (findings.has(key) || t.issue.state !== 'open' || !seen.has(t.state.audit)) continue;
    await api.createComment(t.issue.number, `Finding ${code(t.state.finding)} is no longer listed in audit ${code(t.state.audit)} on the default branch (${code(sha.slice(0, 12))}); closing.`, login);
    await api.updateIssue(t.issue.number, { state: 'closed', state_reason: 'not_planned' });
    result.closed.push(t.issue.number);
  }
  return result;
}

/** Findings listed in a pull request's preview; past this, the count says the rest. */
const PREVIEW_MAX = 20;

/**
 * What merging a pull request would do to the remediation issues, for its checklist (Markdown,
 * empty when it has no open finding). Reads the issues; writes nothing.
 */
export async function remediationPreview(api: GitHubApi, report: Report, botLogin: string): Promise<string> {
  const open = [...findingsOf(report).values()].filter((f) => f.status === 'open');
  if (open.length === 0) return '';
  const tracked = new Map<string, Issue>();
  for (const issue of await api.issuesWithLabel(FINDING_LABEL)) {
    const state = issue.login === botLogin ? stateOf(issue.body) : undefined;
    const prev = state ? tracked.get(keyOf(state)) : undefined;
    if (state && (!prev || issue.number < prev.number)) tracked.set(keyOf(state), issue);
  }
  const lines = open.slice(0, PREVIEW_MAX).map((f) => {
    const issue = tracked.get(keyOf(f));
    const what = `${code(f.audit)} finding ${code(f.finding)} (${md(f.severity)}): ${md(f.title)}`;
    if (!issue) return `- would open an issue for ${what}`;
    return issue.state === 'open' ? `- ${what}: tracked in #${issue.number}` : `- would reopen #${issue.number} for ${what}`;
  });
  if (open.length > PREVIEW_MAX) lines.push(`- and ${open.length - PREVIEW_MAX} more open finding(s)`);
  return ['### Remediation issues on merge', '', 'modelgate opens remediation issues only from the audit records on the default branch, once this is merged:', '', ...lines, ''].join('\n');
}

/**
 * The App's issues by finding; a duplicate (same audit and finding) of an older one is closed, or,
 * with `onlyClose`, only a duplicate listed there.
 */
async function trackedIssues(api: GitHubApi, botLogin: string, result: SyncResult, onlyClose?: ReadonlySet<number>): Promise<Map<string, Tracked>> {
  const login = () => Promise.resolve(botLogin);
  const byKey = new Map<string, Tracked>();
  const close = async (issue: Issue, keeper: number) => {
    if (!onlyClose || onlyClose.has(issue.number)) await closeDuplicate(api, issue, keeper, result, login);
  };
  for (const issue of await api.issuesWithLabel(FINDING_LABEL)) {
    const state = issue.login === botLogin ? stateOf(issue.body) : undefined;
    if (!state) continue;
    const key = keyOf(state);
    const prev = byKey.get(key);
    if (!prev || issue.number < prev.issue.number) {
      if (prev) await close(prev.issue, issue.number);
      byKey.set(key, { issue, state });
    } else {
      await close(issue, prev.issue.number);
    }
  }
  return byKey;
}

async function followDefaultBranch(api: GitHubApi, t: Tracked, f: FindingState, sha: string, repoUrl: string, result: SyncResult, login: () => Promise<string>): Promise<void> {
  const state: FindingState = { ...f, prs: t.state.prs };
  const title = issueTitle(state);
  const body = issueBody(state, repoUrl);
  const labels = [...t.issue.labels.filter((l) => !l.startsWith('severity:')), severityLabel(state.severity)];
  const changes: Parameters<GitHubApi['updateIssue']>[1] = {};
  if (title !== t.issue.title) changes.title = title;
  if (body !== t.issue.body) changes.body = body;
  if (!t.issue.labels.includes(severityLabel(state.severity))) changes.labels = labels;
  const where = `${code(f.auditFile)} at ${code(sha.slice(0, 12))}`;
  if (f.status === 'open' && t.issue.state === 'closed') {
    await api.createComment(t.issue.number, `Finding ${code(f.finding)} is open again in ${where}; reopening.`, login);
    await api.updateIssue(t.issue.number, { ...changes, state: 'open', state_reason: 'reopened' });
    result.reopened.push(t.issue.number);
  } else if (f.status !== 'open' && t.issue.state === 'open') {
    await api.createComment(t.issue.number, `Finding ${code(f.finding)} is now **${md(f.status)}** in ${where} on the default branch; closing.`, login);
    await api.updateIssue(t.issue.number, { ...changes, state: 'closed', state_reason: f.status === 'remediated' ? 'completed' : 'not_planned' });
    result.closed.push(t.issue.number);
  } else if (Object.keys(changes).length > 0) {
    await api.updateIssue(t.issue.number, changes);
    result.updated.push(t.issue.number);
  }
}

async function closeDuplicate(api: GitHubApi, issue: Issue, keeper: number, result: SyncResult, login: () => Promise<string>): Promise<void> {
  if (issue.state !== 'open') return;
  await api.createComment(issue.number, `Duplicate of #${keeper} (opened concurrently by another modelgate instance); closing.`, login);
  await api.updateIssue(issue.number, { state: 'closed', state_reason: 'not_planned' });
  result.closed.push(issue.number);
}
