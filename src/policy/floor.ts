// The organisation floor (spec section 2): an org's `.github` repository sets a policy every
// repository must meet. A repository may tighten it (raise a level, lower a threshold, require more)
// but not loosen it. Each loosening is one Diagnostic, which the App adds to the policy's errors so
// it fails `policy.valid`. Pure: it compares two resolved policies and reads nothing.
import { CHECK_IDS, RISK_TIERS, SEVERITIES, type CheckId, type Diagnostic, type Level, type RiskTier, type Severity } from '../types.js';
import { CONFIG_PATH, settingFor, type CheckSetting, type Policy } from './load.js';

const LEVEL_RANK: Record<Level, number> = { off: 0, warn: 1, error: 2 };

/** One option's comparison: a message when the repository's value is looser than the org's. */
type OptionRule = (org: unknown, repo: unknown) => string | undefined;

const atMost =
  (unit: string): OptionRule =>
  (org, repo) => {
    if (typeof org !== 'number') return undefined; // the org sets no bound
    if (typeof repo !== 'number') return `has no limit; the organisation allows at most ${org}${unit}`;
    return repo > org ? `is ${repo}${unit}; the organisation allows at most ${org}${unit}` : undefined;
  };

const containsAll: OptionRule = (org, repo) => {
  if (!Array.isArray(org)) return undefined;
  const have = new Set(Array.isArray(repo) ? repo.map(String) : []);
  const missing = org.map(String).filter((x) => !have.has(x));
  return missing.length > 0 ? `drops ${missing.map((m) => `"${m}"`).join(', ')}, which the organisation requires` : undefined;
};

/** An allow-list may shrink, never grow; no list at all allows everything. */
const subsetOf: OptionRule = (org, repo) => {
  if (!Array.isArray(org)) return undefined;
  if (!Array.isArray(repo)) return `allows every value; the organisation allows only ${org.map((x) => `"${String(x)}"`).join(', ')}`;
  const allowed = new Set(org.map((x) => String(x).toLowerCase()));
  const extra = repo.map(String).filter((x) => !allowed.has(x.toLowerCase()));
  return extra.length > 0 ? `adds ${extra.map((e) => `"${e}"`).join(', ')}, which the organisation does not allow` : undefined;
};

const blockOn: OptionRule = (org, repo) => {
  const o = severityIndex(org);
  if (o === undefined) return undefined;
  const r = severityIndex(repo) ?? -1;
  // block_on: high blocks high and critical; block_on: critical blocks less, so it is looser.
  return r < o ? `is ${JSON.stringify(repo ?? null)}; the organisation blocks findings from "${String(org)}" up` : undefined;
};

const missingFiles: OptionRule = (org, repo) => (org === 'error' && repo !== 'error' ? `is ${JSON.stringify(repo ?? 'warn')}; the organisation requires "error"` : undefined);

/** `all` gates first-party models too; `third-party` (the default) is looser. */
const appliesTo: OptionRule = (org, repo) => (org === 'all' && repo !== 'all' ? `is ${JSON.stringify(repo ?? 'third-party')}; the organisation requires "all"` : undefined);

const OPTION_RULES: Partial<Record<CheckId, Record<string, OptionRule>>> = {
  'card.fields': { required: containsAll },
  'card.sections': { required: containsAll },
  'card.license': { allow: subsetOf, deny: containsAll },
  'datasets.provenance': { required: containsAll },
  'datasets.hashes': { missing_files: missingFiles },
  'audit.fresh': { max_age_days: atMost(' days') },
  'audit.findings': { block_on: blockOn },
  'carbon.consistency': { tolerance: atMost('') },
  'carbon.budget': { max_kg: atMost(' kg') },
  'safety.bias': { max_age_days: atMost(' days'), block_on: blockOn },
  'safety.redteam': { max_age_days: atMost(' days'), block_on: blockOn },
  'export.control': { max_age_days: atMost(' days'), applies_to: appliesTo },
};

function severityIndex(v: unknown): number | undefined {
  const i = typeof v === 'string' ? SEVERITIES.indexOf(v as Severity) : -1;
  return i === -1 ? undefined : i;
}

/** Every way `repo` is looser than `org`, per check and per risk tier, plus the model-discovery rules. */
export function floorViolations(org: Policy, repo: Policy, file: string = CONFIG_PATH): Diagnostic[] {
  const out: Diagnostic[] = [];
  const say = (message: string) => out.push({ file, message: `${message} (organisation floor: ${org.source})` });

  for (const id of CHECK_IDS) {
    if (id === 'policy.valid') continue;
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
  for (const [option, rule] of Object.entries(OPTION_RULES[id] ?? {})) {
    const m = rule(org.options[option], repo.options[option]);
    if (m) messages.push(`.${option} ${m}`);
  }
  return messages;
}
