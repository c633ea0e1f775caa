// The organisation floor (spec section 2): an org's `.github` repository sets a policy every
// repository must meet. A repository may tighten it (raise a level, lower a threshold, require more)
// but not loosen it. Each loosening is one Diagnostic, which the App adds to the policy's errors so
// it fails `policy.valid`. Pure: it compares two resolved policies and reads nothing. How each
// option compares is written in the check catalogue (src/policy/floorRules.ts has the rules).
import { RISK_TIERS, type Diagnostic, type Level, type RiskTier } from '../types.js';
import { CATALOGUE, MODEL_CHECK_IDS, type CheckId } from '../checks/catalogue.js';
import { CONFIG_PATH, settingFor, type CheckSetting, type Policy } from './load.js';

const LEVEL_RANK: Record<Level, number> = { off: 0, warn: 1, error: 2 };

/** Every way `repo` is looser than `org`, per check and per risk tier, plus the model-discovery rules. */
export function floorViolations(org: Policy, repo: Policy, file: string = CONFIG_PATH): Diagnostic[] {
  const out: Diagnostic[] = [];
  const say = (message: string) => out.push({ file, message: `${message} (organisation floor: ${org.source})` });

  for (const id of MODEL_CHECK_IDS) {
    const base = compareSetting(id, settingFor(org, id, null), settingFor(repo, id, null));
    for (const m of base) say(`checks.${id}${m}`);
    for (const tier of RISK_TIERS) {
      // Without a tier override on either side the tier's setting is the base one, already compared;
      // with one, a looseness the tier merely inherits from the base is reported once, for the base.
      if (!hasTierOverride(org, tier, id) && !hasTierOverride(repo, tier, id)) continue;
      for (const m of compareSetting(id, settingFor(org, id, tier), settingFor(repo, id, tier))) if (!base.includes(m)) say(`tiers.${tier}.${id}${m}`);
    }
  }

  // An ignore glob or a narrower artifact list hides models from every check at once.
  const orgIgnore = new Set(org.models.ignore);
  const extraIgnore = repo.models.ignore.filter((g) => !orgIgnore.has(g));
  if (extraIgnore.length > 0) say(`models.ignore adds ${extraIgnore.map((g) => `"${g}"`).join(', ')}, which hides models the organisation gates`);
  const repoArtifacts = new Set(repo.models.artifacts);
  const droppedArtifacts = org.models.artifacts.filter((g) => !repoArtifacts.has(g));
  if (droppedArtifacts.length > 0) say(`models.artifacts drops ${droppedArtifacts.map((g) => `"${g}"`).join(', ')}, which the organisation uses to find models`);
  if (org.models.links === 'deny' && repo.models.links !== 'deny') say(`models.links is "${repo.models.links}"; the organisation allows no symbolic links in models ("deny")`);
  if (repo.models.binaryThresholdMib > org.models.binaryThresholdMib) {
    say(`models.binary_threshold_mib raises the size above which a binary file is taken for weights from ${org.models.binaryThresholdMib} to ${repo.models.binaryThresholdMib}`);
  }
  return out;
}

function hasTierOverride(policy: Policy, tier: RiskTier, id: CheckId): boolean {
  return policy.tiers[tier]?.[id] !== undefined;
}

/** Messages (each starting with the option path) for one check's effective setting. */
function compareSetting(id: CheckId, org: CheckSetting, repo: CheckSetting): string[] {
  if (org.level === 'off') return [];
  if (LEVEL_RANK[repo.level] < LEVEL_RANK[org.level]) {
    return [` is "${repo.level}"; the organisation requires at least "${org.level}"`];
  }
  const messages: string[] = [];
  for (const [option, spec] of Object.entries(CATALOGUE[id].options)) {
    const m = spec.floor(org.options[option], repo.options[option]);
    if (m) messages.push(`.${option} ${m}`);
  }
  return messages;
}
