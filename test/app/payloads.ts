// Webhook payloads shaped like GitHub's (the fields GitHub sends that the App or Probot read, plus
// the usual surrounding ones), built from the simulation's state.
import { OWNER, REPO, type GitHubSim, type SimComment, type SimPull } from './sim.js';

export const installation = { id: 1, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };

export const owner = { login: OWNER, id: 100, node_id: 'O_acme', type: 'Organization', site_admin: false, html_url: `https://github.com/${OWNER}` };

export const repository = {
  id: 200,
  node_id: 'R_models',
  name: REPO,
  full_name: `${OWNER}/${REPO}`,
  private: true,
  owner,
  html_url: `https://github.com/${OWNER}/${REPO}`,
  url: `https://api.github.com/repos/${OWNER}/${REPO}`,
  default_branch: 'main',
  has_issues: true,
  fork: false,
  visibility: 'private',
};

export const sender = (login = 'dana') => ({ login, id: 300, node_id: `U_${login}`, type: 'User', site_admin: false });

export function pullRequestEvent(sim: GitHubSim, pr: SimPull, action: string, extra: object = {}): object {
  return { action, number: pr.number, pull_request: sim.pullJson(pr), repository, organization: { login: OWNER, id: 100 }, sender: sender(pr.author), installation, ...extra };
}

export function issueCommentEvent(sim: GitHubSim, pr: SimPull, comment: SimComment, action: 'created' | 'edited' | 'deleted', extra: object = {}): object {
  const prJson = sim.pullJson(pr) as { title: string; user: object; html_url: string; url: string };
  return {
    action,
    issue: {
      id: 9_100_000 + pr.number,
      number: pr.number,
      title: prJson.title,
      user: prJson.user,
      state: pr.state,
      html_url: prJson.html_url,
      pull_request: { url: prJson.url, html_url: prJson.html_url },
      author_association: 'CONTRIBUTOR',
    },
    comment: { ...comment, node_id: `IC_${comment.id}`, url: `https://api.github.com/repos/${OWNER}/${REPO}/issues/comments/${comment.id}` },
    repository,
    organization: { login: OWNER, id: 100 },
    sender: sender(comment.user.login),
    installation,
    ...extra,
  };
}

export function checkRunRerequested(sha: string, prs: SimPull[], name = 'modelgate'): object {
  const pullRequests = prs.map((p) => ({ number: p.number, url: '', head: { sha: p.head.sha, ref: 'feature' }, base: { sha: p.base.sha, ref: 'main' } }));
  return {
    action: 'rerequested',
    check_run: {
      id: 77,
      name,
      head_sha: sha,
      status: 'completed',
      conclusion: 'failure',
      app: { id: 1, slug: 'modelgate-test' },
      check_suite: { id: 66, head_sha: sha, head_branch: 'feature', pull_requests: pullRequests },
      pull_requests: pullRequests,
    },
    repository,
    sender: sender('rhea'),
    installation,
  };
}

export function checkSuiteEvent(action: 'requested' | 'rerequested', sha: string, prs: SimPull[]): object {
  return {
    action,
    check_suite: {
      id: 66,
      head_sha: sha,
      head_branch: 'feature',
      status: 'queued',
      app: { id: 1, slug: 'modelgate-test' },
      pull_requests: prs.map((p) => ({ number: p.number, url: '', head: { sha: p.head.sha, ref: 'feature' }, base: { sha: p.base.sha, ref: 'main' } })),
    },
    repository,
    sender: sender('rhea'),
    installation,
  };
}

export function mergeGroupEvent(baseSha: string, headSha: string, prNumber: number): object {
  return {
    action: 'checks_requested',
    merge_group: {
      head_sha: headSha,
      head_ref: `refs/heads/gh-readonly-queue/main/pr-${prNumber}-${baseSha}`,
      base_sha: baseSha,
      base_ref: 'refs/heads/main',
      head_commit: { id: headSha, message: `Merge pull request #${prNumber}`, timestamp: '2026-11-28T11:00:00Z' },
    },
    repository,
    sender: sender('rhea'),
    installation,
  };
}

export function pushEvent(before: string, after: string, ref = 'refs/heads/main'): object {
  return {
    ref,
    before,
    after,
    created: false,
    deleted: false,
    forced: false,
    compare: `https://github.com/${OWNER}/${REPO}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: [{ id: after, message: 'Merge pull request #7', distinct: true }],
    head_commit: { id: after, message: 'Merge pull request #7' },
    repository: { ...repository, owner: { ...owner, name: OWNER, email: null } },
    pusher: { name: 'rhea', email: 'rhea@example.com' },
    sender: sender('rhea'),
    installation,
  };
}

export function installationEvent(action: 'created' | 'deleted'): object {
  return {
    action,
    installation: { ...installation, account: owner, repository_selection: 'all', permissions: { checks: 'write', contents: 'read' }, events: ['pull_request'] },
    repositories: [{ id: 200, name: REPO, full_name: `${OWNER}/${REPO}`, private: true }],
    sender: sender('rhea'),
  };
}
