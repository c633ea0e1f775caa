// Checking a change: the one use case behind `modelgate check`, the Action and the App. The policy
// and the waivers come from the base revision and nowhere else; the judged revision (the head, or
// what merging it would produce) supplies the evidence; a policy the change proposes is validated
// and previewed, never applied. Pure: the shells bring the readers, the change set and the clock.
import type { ChangeSet, Report, RepoReader } from './types.js';
import { evaluate } from './evaluate.js';
import { CONFIG_PATH, type LoadedPolicy, type Policy } from './policy/load.js';
import { proposedPolicy, readPolicy, readWaivers } from './policy/fromRepo.js';
import type { LoadedWaivers, Waiver } from './waivers.js';

export interface CheckChangeInput {
  /** The base revision: the only source of the policy and the waivers file. */
  base: RepoReader;
  /** The revision judged: the head, or the merge result. The same reader as `base` for a whole repository. */
  judged: RepoReader;
  changes: ChangeSet;
  /** Evaluation date, YYYY-MM-DD. */
  today: string;
  toolVersion: string;
  generatedAt?: string;
  /**
   * Where the policy file is in the base (default `.github/modelgate.yml`). A path other than the
   * default that the base lacks is an error: whoever names the path (a workflow the pull request may
   * edit) must not make the base's policy give way to the built-in baseline.
   */
  configPath?: string;
  /** A policy from outside the repository (`modelgate check --config`): judges instead of the base's file; nothing is previewed. */
  policy?: LoadedPolicy;
  /** How the base's policy file is loaded, when more than the file itself counts (the App: organisation defaults, `_extends`). */
  policyFromBase?: (base: RepoReader, path: string) => Promise<LoadedPolicy>;
  /** Waivers granted outside the waivers file (the App: pull request comments by people who did not write the change). */
  extraWaivers?: readonly Waiver[];
  /** Only the findings are wanted (the App on a default-branch push): no dataset hashing, no preview. */
  findingsOnly?: boolean;
  /** See EvaluateInput.sniffUnchanged. */
  sniffUnchanged?: boolean;
  /** Called with the policy once it is known, before evaluating (the App starts reading the evidence files ahead). */
  onPolicy?: (policy: Policy) => void;
}

export interface CheckedChange {
  report: Report;
  /** The policy that judged the change; its errors are in `report.policy.errors`. */
  policy: LoadedPolicy;
  /** The waivers applied: the base's file, then those granted elsewhere; the file's errors are in `report.policy.errors`. */
  waivers: LoadedWaivers;
  /** The policy the change proposes, previewed in `report.policy.preview`. */
  proposed?: { loaded: LoadedPolicy; file: string };
}

/** A policy file path the base revision does not hold. */
export class ConfigNotFoundError extends Error {
  override name = 'ConfigNotFoundError';
}

export async function checkChange(input: CheckChangeInput): Promise<CheckedChange> {
  const { base, judged, changes } = input;
  const path = input.configPath ?? CONFIG_PATH;
  if (!input.policy && path !== CONFIG_PATH) await requireOnBase(base, judged, path);
  const fromBase = input.policyFromBase ?? readPolicy;
  // Started together: over the GitHub API these reads share one query.
  const [loaded, fileWaivers, proposed] = await Promise.all([
    input.policy ?? fromBase(base, path),
    readWaivers(base),
    input.policy || input.findingsOnly ? undefined : proposedPolicy(base, judged, changes, path),
  ]);
  const policy = input.findingsOnly ? withoutHashing(loaded) : loaded;
  const waivers: LoadedWaivers = { waivers: [...fileWaivers.waivers, ...(input.extraWaivers ?? [])], errors: fileWaivers.errors };
  input.onPolicy?.(policy.policy);
  const report = await evaluate({
    reader: judged,
    changes,
    base,
    policy,
    waivers,
    today: input.today,
    toolVersion: input.toolVersion,
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
    ...(input.sniffUnchanged === undefined ? {} : { sniffUnchanged: input.sniffUnchanged }),
    ...(proposed ? { proposedPolicy: proposed } : {}),
  });
  return { report, policy, waivers, ...(proposed ? { proposed } : {}) };
}

async function requireOnBase(base: RepoReader, judged: RepoReader, path: string): Promise<void> {
  if (await exists(base, path)) return;
  const where = (await exists(judged, path)) ? 'only the change being judged has it' : 'the change being judged has none either';
  throw new ConfigNotFoundError(
    `config: "${path}" is not in the base revision, ${base.label} (${where}). The policy that judges a change comes from its base, never from the change: commit the policy file to the base branch first, or leave config at its default, ${CONFIG_PATH}`,
  );
}

async function exists(reader: RepoReader, path: string): Promise<boolean> {
  return (await reader.read(path, 0)).kind !== 'missing';
}

/** The same policy with dataset hash verification off (it streams every large data file). */
function withoutHashing(loaded: LoadedPolicy): LoadedPolicy {
  const policy = structuredClone(loaded.policy);
  policy.checks['datasets.hashes'] = { ...policy.checks['datasets.hashes'], level: 'off' };
  for (const tier of Object.values(policy.tiers)) {
    const o = tier?.['datasets.hashes'];
    if (o) o.level = 'off';
  }
  return { ...loaded, policy };
}
