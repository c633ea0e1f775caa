// The modelgate GitHub Action: event → change set and git readers → core → outputs, summary,
// sticky comment, annotations, and the step's result. Fails closed: any error fails the step with
// a message that says what to fix, and never reports a pass it did not establish.
// This module only exports run(); action/index.ts, the bundle's entry, calls it. Importing it runs
// nothing (a runner such as @github/local-action imports the logic and calls run() itself).
// Start-up: Octokit, the sticky comment, report mode and attestation are imported when first
// needed (each a chunk of dist/), so a run loads only what its event uses; a pull request starts
// loading Octokit before its first git command, so that the two overlap.
import * as core from './runner.js';
import { toIsoDate, VERSION, md } from '../src/check.js';
import type { Report } from '../src/index.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { readEvent, readRepo, type ActionEvent, type Repo } from './event.js';
import type { GitHubClient } from '../adapters/github/index.js';
import { resolveChange, type ResolvedChange } from './changeSet.js';
import { LocalGit } from './localGit.js';
import { evaluateChange } from './evaluateChange.js';
import { decide } from './gate.js';
import { setOutputs, writeReportJson, writeSarifFile } from './outputs.js';
import { buildSummary, writeSummary, type SummaryContext } from './summary.js';
import { ANNOTATIONS_PER_KIND, emitAnnotations } from './annotations.js';
import { workflowEditNote } from './workflowEdit.js';
import { join } from 'node:path';

interface RunState {
  report?: Report;
  summary: SummaryContext;
}

export async function run(): Promise<void> {
  const state: RunState = { summary: { notes: [] } };
  try {
    await check(state);
  } catch (err) {
    await failClosed(state, err);
  }
}

async function check(state: RunState): Promise<void> {
  const inputs = readInputs();
  if (inputs.mode === 'report') {
    // The KPI report describes the whole repository; it informs, so its verdict never fails the step.
    const { REPORT_FILES, runReportMode } = await import('./reportMode.js');
    const { dir, verdict } = await runReportMode(inputs.path);
    setOutputs(verdict, [], join(dir, REPORT_FILES.json));
    core.setOutput('report-dir', dir);
    return;
  }
  const repo = readRepo();
  const event = readEvent();
  const tokenClient = event.kind === 'pull_request' ? loadTokenClient() : undefined;
  const local = await LocalGit.open(inputs.path).catch(() => {
    throw new InputError(`path: ${inputs.path} is not a git checkout; run actions/checkout before modelgate, and set "path" if it checks out elsewhere`);
  });
  try {
    await checkChangeIn(local, inputs, repo, event, tokenClient, state);
  } finally {
    local.close();
  }
}

/** The run once the checkout is open: `local` is closed by the caller whatever happens here. */
async function checkChangeIn(
  local: LocalGit,
  inputs: ActionInputs,
  repo: Repo,
  event: ActionEvent,
  tokenClient: ReturnType<typeof loadTokenClient> | undefined,
  state: RunState,
): Promise<void> {
  let client: Promise<GitHubClient> | undefined;
  const github = (): Promise<GitHubClient> =>
    (client ??= (tokenClient ?? loadTokenClient()).then(({ createGitHubClient }) =>
      createGitHubClient(requireToken(inputs), `modelgate-action/${VERSION}`, { info: (m) => core.info(m), debug: (m) => core.debug(m) }),
    ));

  const resolved = await resolveChange(event, local, repo, github, process.env.GITHUB_SHA);
  if ('nothing' in resolved) {
    core.info(`modelgate: nothing to check: ${resolved.nothing}`);
    setOutputs('pass', [], '');
    await writeSummary(`## ✅ modelgate: nothing to check\n\n${md(resolved.nothing)}.\n`);
    return;
  }
  state.summary.description = resolved.description;
  core.info(`modelgate ${VERSION}: ${oneLine(resolved.description)}`);
  const workflowNote = resolved.pullRequest ? workflowEditNote(resolved.changes) : undefined;
  if (workflowNote) {
    state.summary.notes.push(workflowNote);
    core.warning(workflowNote, { title: 'modelgate: the workflow is edited here' });
  }

  const checked = await evaluateChange(local, resolved, inputs.config, toIsoDate(new Date()));
  const report = checked.report;
  state.report = report;
  const reportJson = await writeReportJson(report);
  state.summary.reportJson = reportJson;
  const decision = decide(report, inputs.failOn, inputs.config);
  setOutputs(report.verdict, decision.failedChecks, reportJson);
  if (inputs.sarifFile) await writeSarifFile(inputs.sarifFile, report);
  if (inputs.attest) {
    const { dir } = await (await import('./attest.js')).attestPassingModels(local, resolved, inputs.config, checked, repo, inputs.githubToken);
    core.setOutput('attestations-dir', dir);
  }

  const warningsPrinted = (workflowNote ? 1 : 0) + (await comment(inputs, repo, resolved, report, github, state));
  await writeSummary(buildSummary(report, state.summary));
  emitAnnotations(report, { errors: ANNOTATIONS_PER_KIND - (decision.fail ? 1 : 0), warnings: ANNOTATIONS_PER_KIND - warningsPrinted });
  core.info(`modelgate: verdict ${report.verdict}; ${report.summary.models} model(s), ${report.summary.checks} check(s): ${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.warn} warn, ${report.summary.waived} waived, ${report.summary.error} error`);
  if (decision.fail) core.setFailed(decision.message);
  else if (report.verdict === 'fail') core.info(`modelgate: the verdict is fail, but fail-on: ${inputs.failOn} lets the step pass`);
}

/** Posts or updates the sticky comment; returns how many warning annotations it printed. */
async function comment(inputs: ActionInputs, repo: Repo, resolved: ResolvedChange, report: Report, github: () => Promise<GitHubClient>, state: RunState): Promise<number> {
  if (!inputs.comment) return 0;
  if (!resolved.pullRequest) {
    core.info('modelgate: no pull request for this event, so no comment');
    return 0;
  }
  const wanted = report.models.length > 0 || report.policy.errors.length > 0 || report.policy.preview !== undefined;
  const { commentBody, upsertStickyComment, workflowRunUrl } = await import('./stickyComment.js');
  const result = await upsertStickyComment(await github(), repo, resolved.pullRequest, commentBody(report, workflowRunUrl(), { description: resolved.description, notes: state.summary.notes }), wanted);
  switch (result.kind) {
    case 'created':
    case 'updated':
      core.info(`modelgate: comment ${result.kind}: ${result.url}`);
      return 0;
    case 'not-needed':
      core.info('modelgate: no model changed and no earlier comment, so no comment');
      return 0;
    case 'stale':
      core.info(
        `modelgate: the pull request's head is now ${result.head.slice(0, 12)}, not ${resolved.pullRequest.headSha.slice(0, 12)} which this run checked, so this run leaves the comment to the run for the new head (this run's result is in its summary and status)`,
      );
      return 0;
    case 'degraded':
      state.summary.notes.push(result.reason);
      core.warning(result.reason, { title: 'modelgate: no pull request comment' });
      return 1;
  }
}

/** Octokit and its plugins; the promise is marked handled, so a run that fails before it needs them does not also die of an unhandled rejection. */
function loadTokenClient(): Promise<typeof import('../adapters/github/tokenClient.js')> {
  const loading = import('../adapters/github/tokenClient.js');
  loading.catch(() => undefined);
  return loading;
}

function requireToken(inputs: ActionInputs): string {
  if (!inputs.githubToken) {
    throw new InputError('github-token is empty, and pull request events need the GitHub API to list changed files; leave the input at its default (${{ github.token }}) or pass a token');
  }
  return inputs.githubToken;
}

async function failClosed(state: RunState, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.stack && !(err instanceof InputError)) core.debug(err.stack);
  try {
    if (!state.report) setOutputs('error', [], '');
    else core.setOutput('verdict', state.report.verdict);
    await writeSummary(buildSummary(state.report, { ...state.summary, error: message }));
  } catch (summaryErr) {
    core.info(`modelgate: could not write the job summary: ${summaryErr instanceof Error ? summaryErr.message : String(summaryErr)}`);
  }
  core.setFailed(
    state.report
      ? `modelgate evaluated this change (verdict: ${state.report.verdict}) but could not finish: ${message}`
      : `modelgate could not evaluate this change: ${message}`,
  );
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
