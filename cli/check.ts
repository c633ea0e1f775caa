// `modelgate check`: builds the change set and readers for a local checkout, then calls the core.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ChangeSet, Report } from '../src/types.js';
import { evaluate } from '../src/evaluate.js';
import { loadPolicy, type LoadedPolicy } from '../src/policy/load.js';
import { proposedPolicy, readPolicy, readWaivers } from '../src/policy/fromRepo.js';
import { createWorkingTreeReader } from '../src/repo/workingTree.js';
import { createGitRefReader, gitTopLevel, type GitRefReader } from '../src/repo/gitReader.js';
import { changesBetween } from '../src/repo/gitChanges.js';
import { toIsoDate } from '../src/dates.js';
import { VERSION } from '../src/version.generated.js';
import { UsageError, type CheckArgs } from './args.js';

export async function runCheck(args: CheckArgs, now: Date = new Date()): Promise<Report> {
  const today = args.asOf ?? toIsoDate(now);
  const dir = resolve(args.dir);
  const explicitPolicy = args.config ? await loadExplicitPolicy(args.config) : undefined;
  if (!args.base) {
    const reader = createWorkingTreeReader(dir);
    return evaluate({
      reader,
      changes: { all: true },
      policy: explicitPolicy ?? (await readPolicy(reader)),
      waivers: await readWaivers(reader),
      today,
      toolVersion: VERSION,
    });
  }
  const top = await gitTopLevel(dir).catch(() => {
    throw new UsageError(`--base needs a git checkout; ${args.dir} is not one`);
  });
  const readers: GitRefReader[] = [];
  try {
    const base = await createGitRefReader(top, args.base).catch(usage);
    readers.push(base);
    const head = await createGitRefReader(top, args.head ?? 'HEAD').catch(usage);
    readers.push(head);
    const changes: ChangeSet = { all: false, files: await changesBetween(top, base.sha, head.sha) };
    const policy = explicitPolicy ?? (await readPolicy(base));
    return await evaluate({
      reader: head,
      changes,
      policy,
      waivers: await readWaivers(base),
      today,
      toolVersion: VERSION,
      ...(explicitPolicy ? {} : await proposedPolicy(base, head, changes)),
    });
  } finally {
    for (const r of readers) r.close();
  }
}

function usage(err: unknown): never {
  throw new UsageError(err instanceof Error ? err.message : String(err));
}

async function loadExplicitPolicy(file: string): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --config ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return loadPolicy(text, file);
}
