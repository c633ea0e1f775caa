// `modelgate attest [dir]`: evaluates every model of a checkout and writes one unsigned in-toto
// statement per model (JSON Lines on standard output, or one file per model under --output DIR).
// Exit codes as for `check`: the statements are written either way and say the verdict.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkChange, CONFIG_PATH, toIsoDate, VERSION, statementFileName, statementsFor, policyDigest } from '../src/index.js';
import type { Statement, RepoReader, Report } from '../src/index.js';
import { createWorkingTreeReader } from '../adapters/workingTree.js';
import { resolveCommit } from '../adapters/git/git.js';
import { remoteName } from '../adapters/git/history.js';
import { loadExplicitPolicy } from './check.js';
import { UsageError, type AttestArgs } from './args.js';
import { exitCode } from './main.js';

export interface Attestation {
  report: Report;
  statements: Statement[];
}

/** The report and statements of a checkout's working tree. */
export async function attestCheckout(args: Pick<AttestArgs, 'dir' | 'config' | 'asOf' | 'repository'>, now: Date = new Date()): Promise<Attestation> {
  const dir = resolve(args.dir);
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`${args.dir} is not a directory`);
  const reader = createWorkingTreeReader(dir);
  const explicit = args.config ? { policy: await loadExplicitPolicy(args.config) } : {};
  const { report, policy: loaded } = await checkChange({ base: reader, judged: reader, changes: { all: true }, ...explicit, today: args.asOf ?? toIsoDate(now), toolVersion: VERSION });
  const commit = await resolveCommit(dir, 'HEAD').catch(() => null);
  const statements = await statementsFor(report, reader, loaded.policy, {
    repository: args.repository ?? (await remoteName(dir)) ?? null,
    commit,
    policy: { ...(await checkoutPolicy(reader, args.config)), revision: args.config ? null : commit, extends: loaded.policy.extends },
  });
  return { report, statements };
}

/** The policy file that judges a checkout and its digest: --config FILE, else the repository's. */
export async function checkoutPolicy(reader: RepoReader, config: string | undefined): Promise<{ file: string | null; digest: { sha256: string } | null }> {
  const [r, path] = config ? [createWorkingTreeReader(dirname(resolve(config))), basename(config)] : [reader, CONFIG_PATH];
  const digest = await policyDigest(r, path).catch((err: unknown) => {
    throw new UsageError(`cannot read the policy ${config ?? CONFIG_PATH}: ${err instanceof Error ? err.message : String(err)}`);
  });
  return { file: digest ? (config ?? CONFIG_PATH) : null, digest };
}

export async function runAttest(args: AttestArgs): Promise<number> {
  const { report, statements } = await attestCheckout(args);
  if (args.output) {
    await mkdir(args.output, { recursive: true });
    for (const s of statements) await writeFile(join(args.output, statementFileName(s.predicate.model.path)), JSON.stringify(s, null, 2) + '\n');
    process.stderr.write(`modelgate: ${statements.length} statement(s) written to ${args.output} (verdict ${report.verdict})\n`);
  } else {
    process.stdout.write(statements.map((s) => JSON.stringify(s) + '\n').join(''));
  }
  return exitCode(report);
}
