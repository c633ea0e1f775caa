// Remediation issues: one per open audit finding, found again by the marker in its body.
// - On a pull request: an issue for each open finding of a model the PR touches (created from the
//   PR's audit records, linked to the PR). An existing issue only gains the link: its content is
//   the default branch's business, so an unmerged PR cannot rewrite or close it.
// - On a push to the default branch: every finding. Open ones get (or reopen) their issue, changed
//   ones are updated, remediated / accepted / wont-fix ones are closed with a comment, and issues
//   of findings an audit record no longer lists are closed. A finding whose audit record could not
//   be read is left alone: a broken YAML file must not close the issues it tracks.
// Labels can only be set by people with triage access, and only the App's own issues are trusted.
import type { Report, Severity } from '../src/types.js';
import { code, md } from '../src/report/escape.js';
import { auditsSeen, findingsOf, FINDING_LABEL, issueBody, issueTitle, keyOf, stateOf, type FindingState } from './findingIssue.js';
import type { GitHubApi, Issue } from './github.js';

/** A fork PR could add an audit record with thousands of findings; cap what one run opens. */
export const MAX_NEW_ISSUES = 20;

export type SyncMode = { kind: 'pr'; number: number } | { kind: 'push'; sha: string };

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

export async function syncRemediationIssues(api: GitHubApi, report: Report, mode: SyncMode, repoUrl: string, botLogin: string): Promise<SyncResult> {
  const result: SyncResult = { created: [], updated: [], closed: [], reopened: [], skipped: 0 };
  const findings = findingsOf(report);
  const wanted = [...findings.values()].filter((f) => mode.kind === 'push' || f.status === 'open');
  if (wanted.length === 0 && mode.kind === 'pr') return result;

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
      const state: FindingState = { ...f, prs: mode.kind === 'pr' ? [mode.number] : [] };
      // A failed attempt may have opened the issue anyway: look for it before opening another.
      const find = async () => (await api.issuesWithLabel(FINDING_LABEL)).find((i) => i.login === botLogin && stateOf(i.body) && keyOf(stateOf(i.body) as FindingState) === keyOf(f))?.number;
      result.created.push(await api.createIssue(issueTitle(state), issueBody(state, repoUrl), [FINDING_LABEL, severityLabel(state.severity)], find));
      continue;
    }
    if (mode.kind === 'pr') await linkPullRequest(api, tracked, mode.number, repoUrl, result);
    else await followDefaultBranch(api, tracked, f, mode.sha, repoUrl, result, login);
  }
  // Another instance may have opened the same issues meanwhile: list again and keep the oldest, so
  // two instances racing converge on one issue per finding now rather than at the next run. Each
  // closes only the duplicates it opened itself: the one that opened the newest issue sees every
  // older one, and exactly one instance writes each "Duplicate of" note.
  if (result.created.length > 0) await trackedIssues(api, botLogin, result, new Set(result.created));

  if (mode.kind === 'push') {
    const seen = auditsSeen(report);
    for (const [key, t] of byKey) {
      if (findings.has(key) || t.issue.state !== 'open' || !seen.has(t.state.audit)) continue;
      await api.createComment(t.issue.number, `Finding ${code(t.state.finding)} is no longer listed in audit ${code(t.state.audit)} on the default branch (${code(mode.sha.slice(0, 12))}); closing.`, login);
      await api.updateIssue(t.issue.number, { state: 'closed', state_reason: 'not_planned' });
      result.closed.push(t.issue.number);
    }
  }
  return result;
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

async function linkPullRequest(api: GitHubApi, t: Tracked, pr: number, repoUrl: string, result: SyncResult): Promise<void> {
  if (t.state.prs.includes(pr)) return;
  const state: FindingState = { ...t.state, prs: [...t.state.prs, pr] };
  await api.updateIssue(t.issue.number, { body: issueBody(state, repoUrl) });
  result.updated.push(t.issue.number);
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
