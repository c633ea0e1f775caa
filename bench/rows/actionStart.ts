// Action start-up: the size of the bundle (dist/index.js, as committed) and the wall time of
// `node dist/index.js` run as a runner runs it (INPUT_* and GITHUB_* variables, a pull_request event
// file, a git checkout, a local server playing the GitHub API) from spawn to exit, beside bare
// `node -e 0` and beside the CLI evaluating the same change (`modelgate check --base --head`).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FakeGitHub } from '../../test/action/fakeGitHub.js';
import { appendTo, checkout, commitPullRequest, parseOutputs, pullFiles, pullRequestEvent, type Fixture } from '../../test/action/harness.js';
import { cleanup, git } from '../../test/adapters/fixture.js';
import { cardPath, generateModelRepo } from '../generate.js';
import { mb, median, ms, ROOT, timeCommand, type BenchContext, type BenchRow, type Line } from '../lib.js';

const DIST = join(ROOT, 'dist', 'index.js');
const BIN = join(ROOT, 'bin', 'modelgate.js');
const OWNER = 'acme';
const REPO = 'models';
const PR = 7;
/** Issue 14: the CLI and the Action start within this much of bare node. */
const START_UP_BUDGET_MS = 200;
/** A small repository: ten models (101 files); the pull request changes one card. */
const MODELS = 10;

/**
 * The runner's environment for one step (what test/action/harness.ts's runAction sets; that helper
 * resolves dist/ and action.yml from its own location, which is build/ once compiled, so the bench
 * builds the same environment here): every input declared in action.yml at its default.
 */
function runnerEnv(workspace: string, runnerDir: string, eventPath: string, apiUrl: string): NodeJS.ProcessEnv {
  const spec = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const token = 'ghs_benchtoken00000000000000000000000000';
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(input.default ?? '').replace('${{ github.token }}', token).replace('${{ github.workspace }}', workspace);
  }
  mkdirSync(join(runnerDir, 'temp'), { recursive: true });
  mkdirSync(join(runnerDir, 'home'), { recursive: true });
  writeFileSync(join(runnerDir, 'output.txt'), '');
  writeFileSync(join(runnerDir, 'summary.md'), '');
  return {
    PATH: process.env.PATH,
    HOME: join(runnerDir, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: join(runnerDir, 'output.txt'),
    GITHUB_STEP_SUMMARY: join(runnerDir, 'summary.md'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
    GITHUB_RUN_ID: '123456',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'ml-engineer',
    GITHUB_WORKFLOW: 'modelgate',
    GITHUB_JOB: 'gate',
    RUNNER_TEMP: join(runnerDir, 'temp'),
    RUNNER_OS: 'Linux',
    ...inputs,
  };
}

interface Timed {
  wallMs: number;
  rssKb?: number;
  /** Spawn to the first request the fake GitHub received (Action runs). */
  firstRequestMs?: number;
}

export const actionStartRow: BenchRow = {
  id: 'action-start',
  title: 'Action start-up (dist/index.js)',
  skipReason: () => (existsSync(DIST) ? undefined : `${DIST} is missing (npm run bundle builds it)`),
  async run(ctx: BenchContext): Promise<Line[]> {
    const github = new FakeGitHub({ owner: OWNER, repo: REPO });
    const apiUrl = await github.start();
    try {
      // The fixture: the repository on main in a bare "origin", and the PR head as refs/pull/7/head.
      const author = join(ctx.tmp, 'action-author');
      mkdirSync(author, { recursive: true });
      const files = generateModelRepo(author, MODELS);
      const baseSha = git(author, 'rev-parse', 'HEAD').trim();
      const remote = join(ctx.tmp, 'action-remote.git');
      mkdirSync(remote);
      git(remote, 'init', '-q', '--bare');
      git(remote, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
      // The remote borrows the author's objects, as test/action/harness.ts's fixture does:
      // commitPullRequest publishes the PR head as a ref written into the remote, not a push.
      mkdirSync(join(remote, 'objects', 'info'), { recursive: true });
      writeFileSync(join(remote, 'objects', 'info', 'alternates'), `${join(author, '.git', 'objects')}\n`);
      git(author, 'push', '-q', remote, 'main:refs/heads/main');
      const fx: Fixture = { remote, author, baseSha };
      const headSha = commitPullRequest(fx, PR, (dir) => appendTo(dir, cardPath(1), '\nRetrained on the same data; no metric moved.\n'));
      const changed = pullFiles(fx, baseSha, headSha);
      github.pulls.set(PR, { number: PR, baseSha, headSha, files: changed });
      const eventPath = join(ctx.tmp, 'action-event.json');
      writeFileSync(eventPath, JSON.stringify(pullRequestEvent({ number: PR, baseSha, headSha, changedFiles: changed.length })));

      // A full clone that also holds the PR head: the CLI needs both commits, and the Action then
      // fetches nothing. The shallow case gets a fresh depth-1 clone per run, as actions/checkout
      // leaves it, so that every run fetches the head from origin.
      const full = checkout(fx, 'full');
      git(full, 'fetch', '-q', 'origin', `refs/pull/${PR}/head`);

      let firstRequest: number | undefined;
      github.fault = () => {
        firstRequest ??= performance.now();
        return undefined;
      };
      let runNo = 0;
      const action = async (workspace: string): Promise<Timed> => {
        const runnerDir = join(ctx.tmp, `action-runner-${++runNo}`);
        const env = runnerEnv(workspace, runnerDir, eventPath, apiUrl);
        firstRequest = undefined;
        const r = await timeCommand(process.execPath, [DIST], { cwd: workspace, env }).catch((err: unknown) => {
          throw new Error(`node dist/index.js failed: ${err instanceof Error ? err.message : String(err)}`);
        });
        const outputs = parseOutputs(readFileSync(join(runnerDir, 'output.txt'), 'utf8'));
        if (outputs.verdict !== 'pass') throw new Error(`the Action's verdict was "${String(outputs.verdict)}", expected "pass" (a passing PR): ${r.stdout.slice(-1500)}`);
        return { wallMs: r.wallMs, ...(r.maxRssKb ? { rssKb: r.maxRssKb } : {}), ...(firstRequest !== undefined ? { firstRequestMs: firstRequest - r.t0 } : {}) };
      };
      const cases: { key: string; run: () => Promise<Timed> }[] = [
        {
          key: 'node',
          run: async () => {
            const r = await timeCommand(process.execPath, ['-e', '0']);
            return { wallMs: r.wallMs, ...(r.maxRssKb ? { rssKb: r.maxRssKb } : {}) };
          },
        },
        {
          key: 'cli-version',
          run: async () => {
            const r = await timeCommand(process.execPath, [BIN, '--version']);
            return { wallMs: r.wallMs, ...(r.maxRssKb ? { rssKb: r.maxRssKb } : {}) };
          },
        },
        {
          key: 'cli',
          run: async () => {
            const r = await timeCommand(process.execPath, [BIN, 'check', full, '--base', baseSha, '--head', headSha]);
            return { wallMs: r.wallMs, ...(r.maxRssKb ? { rssKb: r.maxRssKb } : {}) };
          },
        },
        { key: 'action-full', run: () => action(full) },
        { key: 'action-shallow', run: () => action(checkout(fx, 'shallow')) },
      ];
      // One untimed warm-up of each, then the timed runs interleaved, so that a burst of other work
      // on the machine does not land on one case only.
      const timed = new Map<string, Timed[]>(cases.map((c) => [c.key, []]));
      for (const c of cases) await c.run();
      for (let i = 0; i < ctx.runs; i++) for (const c of cases) timed.get(c.key)?.push(await c.run());
      for (const c of cases) ctx.log(`  ${c.key}: ${(timed.get(c.key) ?? []).map((t) => ms(t.wallMs)).join(', ')}`);

      const wall = (key: string) => median((timed.get(key) ?? []).map((t) => t.wallMs));
      const rss = (key: string) => {
        const kb = Math.max(0, ...(timed.get(key) ?? []).map((t) => t.rssKb ?? 0));
        return kb > 0 ? { peakRss: mb(kb) } : {};
      };
      const first = (key: string) => median((timed.get(key) ?? []).flatMap((t) => (t.firstRequestMs !== undefined ? [t.firstRequestMs] : [])));
      const bare = wall('node');
      const cli = wall('cli');
      const bytes = statSync(DIST).size;
      const plus = (x: number, base: number) => `${x >= base ? '+' : '−'}${ms(Math.abs(x - base))}`;
      const comments = github.comments.get(PR)?.length ?? 0;
      return [
        { benchmark: 'action', case: 'bundle size, dist/index.js', perUnit: `${(bytes / 1024 ** 2).toFixed(2)} MiB (${bytes.toLocaleString('en-US')} bytes)` },
        { benchmark: 'action', case: 'node -e 0 (bare node start-up)', wall: ms(bare), ...rss('node') },
        {
          benchmark: 'action',
          case: 'CLI start-up: modelgate --version (the bundle, no command loaded)',
          wall: ms(wall('cli-version')),
          perUnit: `${plus(wall('cli-version'), bare)} over node -e 0`,
          ...rss('cli-version'),
          target: '≤ node -e 0 + 200 ms',
          status: wall('cli-version') - bare <= START_UP_BUDGET_MS,
        },
        {
          benchmark: 'action',
          case: `CLI: modelgate check --base --head, same change (${MODELS} models, ${files} files, 1 card changed)`,
          wall: ms(cli),
          perUnit: `${plus(cli, bare)} over node -e 0`,
          ...rss('cli'),
          target: '≤ node -e 0 + 200 ms',
          status: cli - bare <= START_UP_BUDGET_MS,
        },
        {
          benchmark: 'action',
          case: 'Action: node dist/index.js, both commits in the checkout',
          wall: ms(wall('action-full')),
          perUnit: `${plus(wall('action-full'), bare)} over node -e 0, ${plus(wall('action-full'), cli)} over the CLI; first API request at ${ms(first('action-full'))}`,
          ...rss('action-full'),
          target: '≤ node -e 0 + 200 ms',
          status: wall('action-full') - bare <= START_UP_BUDGET_MS,
          note: `verdict pass; PR files listed and the one sticky comment updated over HTTP (${comments} comment in all)`,
        },
        {
          benchmark: 'action',
          case: 'Action: node dist/index.js, shallow checkout (fetches the PR head from origin)',
          wall: ms(wall('action-shallow')),
          perUnit: `${plus(wall('action-shallow'), bare)} over node -e 0, ${plus(wall('action-shallow'), cli)} over the CLI; first API request at ${ms(first('action-shallow'))}`,
          ...rss('action-shallow'),
          note: 'actions/checkout\'s default depth 1, a fresh clone per run (cloned before the timer starts)',
        },
      ];
    } finally {
      await github.stop();
      cleanup();
    }
  },
};
