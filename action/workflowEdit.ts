// Under `pull_request` the workflow file comes from the pull request, and with it modelgate's inputs
// (config, fail-on, mode, comment): a change can loosen the gate that judges it by editing the
// workflow. modelgate cannot tell such an edit from a legitimate one, so it points reviewers at it;
// the protection is the repository's (a ruleset-required workflow, CODEOWNERS on .github/workflows;
// docs/action.md, "Trust").
import type { ChangeSet } from '../src/index.js';

const WORKFLOWS = '.github/workflows/';

/** A note for reviewers when the change edits workflow files, or undefined. */
export function workflowEditNote(changes: ChangeSet, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (changes.all) return undefined;
  const edited = [...new Set(changes.files.flatMap((f) => [f.path, f.previousPath ?? '']).filter((p) => p.startsWith(WORKFLOWS)))].sort();
  if (edited.length === 0) return undefined;
  const running = runningWorkflow(env);
  const why = "modelgate's inputs (config, fail-on, mode, comment) come from the workflow, and under pull_request the workflow comes from this change";
  if (running && edited.includes(running)) {
    return `This change edits the workflow that runs modelgate (${running}): ${why}, so a reviewer must check that edit (see "Trust" in modelgate's docs/action.md).`;
  }
  const shown = edited.slice(0, 5).join(', ') + (edited.length > 5 ? ` and ${edited.length - 5} more` : '');
  return `This change edits workflow files (${shown}). If one of them runs modelgate, ${why}, so a reviewer must check that edit (see "Trust" in modelgate's docs/action.md).`;
}

/** The running workflow's path, from GITHUB_WORKFLOW_REF ("owner/repo/.github/workflows/x.yml@ref"). */
function runningWorkflow(env: NodeJS.ProcessEnv): string | undefined {
  const ref = env.GITHUB_WORKFLOW_REF ?? '';
  const repo = env.GITHUB_REPOSITORY ?? '';
  const at = ref.lastIndexOf('@');
  if (!repo || at < 0 || !ref.toLowerCase().startsWith(`${repo.toLowerCase()}/`)) return undefined;
  const path = ref.slice(repo.length + 1, at);
  return path.startsWith(WORKFLOWS) ? path : undefined;
}
