// Runs the core over a resolved change, as `modelgate check --base --head` does: policy and waivers
// from the base commit, evidence from the head commit, both read from git objects (no checkout).
import type { ChangeSet, Report, RepoReader } from '../src/types.js';
import { evaluate } from '../src/evaluate.js';
import { CONFIG_PATH, loadPolicy, type LoadedPolicy } from '../src/policy/load.js';
import { proposedPolicy, readConfigText, readPolicy, readWaivers } from '../src/policy/fromRepo.js';
import { createGitRefReader, type GitRefReader } from '../adapters/git/gitReader.js';
import { VERSION } from '../src/version.generated.js';
import type { ResolvedChange } from './changeSet.js';

export class ConfigNotFoundError extends Error {
  override name = 'ConfigNotFoundError';
}

/** Runs `use` with readers of the change's base and head commits (one reader when they are the same), closed afterwards. */
export async function withChangeReaders<T>(repoDir: string, change: ResolvedChange, use: (base: GitRefReader, head: GitRefReader) => Promise<T>): Promise<T> {
  const readers: GitRefReader[] = [];
  try {
    const base = await createGitRefReader(repoDir, change.baseSha);
    readers.push(base);
    const head = change.headSha === change.baseSha ? base : await createGitRefReader(repoDir, change.headSha);
    if (head !== base) readers.push(head);
    return await use(base, head);
  } finally {
    for (const r of readers) r.close();
  }
}

export async function evaluateChange(repoDir: string, change: ResolvedChange, configPath: string, today: string): Promise<Report> {
  return withChangeReaders(repoDir, change, async (base, head) => {
    // Under pull_request the workflow, and so this input, comes from the pull request: a path only
    // the pull request has must not make the base's own policy give way to the built-in baseline.
    if (configPath !== CONFIG_PATH && !(await exists(base, configPath))) {
      const where = (await exists(head, configPath)) ? 'only the change being judged has it' : 'the change being judged has none either';
      throw new ConfigNotFoundError(
        `config: "${configPath}" is not in the base commit ${base.sha.slice(0, 12)} (${where}). The policy that judges a change comes from its base, never from the change: commit the policy file to the base branch first, or remove the "config" input to use ${CONFIG_PATH}`,
      );
    }
    return await evaluate({
      reader: head,
      changes: change.changes,
      base,
      policy: await readPolicy(base, configPath),
      waivers: await readWaivers(base),
      today,
      toolVersion: VERSION,
      ...(await proposedPolicyAt(base, head, change.changes, configPath)),
    });
  });
}

async function exists(reader: RepoReader, path: string): Promise<boolean> {
  return (await reader.read(path, 0)).kind !== 'missing';
}

/** The core's proposedPolicy, for a policy file at another path than the default. */
async function proposedPolicyAt(
  base: RepoReader,
  head: RepoReader,
  changes: ChangeSet,
  path: string,
): Promise<{ proposedPolicy?: { loaded: LoadedPolicy; file: string } }> {
  if (path === CONFIG_PATH) return proposedPolicy(base, head, changes);
  if (changes.all || !changes.files.some((f) => f.path === path || f.previousPath === path)) return {};
  const [before, after] = await Promise.all([readConfigText(base, path), readConfigText(head, path)]);
  if (before.text === after.text && !after.error) return {};
  const loaded = after.error ? { ...loadPolicy(undefined, path), errors: [after.error] } : loadPolicy(after.text, path);
  return { proposedPolicy: { loaded, file: path } };
}
