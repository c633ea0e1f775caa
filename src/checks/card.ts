// card.* checks: the model card exists, its front matter parses, names the governance fields, has
// filled-in sections and a licence people can look up.
import { RISK_TIERS } from '../types.js';
import { findSection, type ModelCard } from '../evidence/modelCard.js';
import { classifyLicense, licenseKeys } from '../evidence/license.js';
import { isRecord, own } from '../evidence/load.js';
import type { CardState } from '../gather.js';
import { listSome, located, locatedText, type CheckDefinition, type CheckVerdict } from './types.js';

const CARD_HINT = 'Add a Hugging Face model card (README.md with YAML front matter); see https://huggingface.co/docs/hub/model-cards';

/**
 * The Hub reads a card without front matter as empty metadata (huggingface_hub only warns), but
 * every governance field lives there: the smallest block that card.metadata accepts, to fill in.
 */
export const NO_FRONT_MATTER_HINT =
  'Start the card, on its first line, with a front-matter block between two "---" lines, e.g. "---" / "license: apache-2.0" / "datasets: [acme/support-tickets]" / "governance:" / "  risk_tier: limited" / "  owner: \'@acme/ml-platform\'" / "---" (one line each; README "Model card").';

/** The card, or the verdict a card-dependent check gives without one. */
export function withCard(state: CardState): { card: ModelCard } | { verdict: CheckVerdict } {
  if (state.kind === 'ok') return { card: state.card };
  if (state.kind === 'missing') return { verdict: { status: 'blocked', message: 'not evaluated: the model has no card' } };
  return { verdict: { status: 'blocked', message: 'not evaluated: the model card does not parse', file: state.file } };
}

export const cardPresent: CheckDefinition = {
  id: 'card.present',
  run({ ev }) {
    if (ev.card.kind !== 'missing') {
      return { status: 'pass', message: `card found: ${ev.card.kind === 'ok' ? ev.card.card.file : ev.card.file}` };
    }
    return {
      status: 'fail',
      message: `no model card in ${ev.model.path || '.'} (looked for ${ev.card.tried.join(', ')})`,
      file: ev.model.path || '.',
      hint: CARD_HINT,
    };
  },
};

export const cardMetadata: CheckDefinition = {
  id: 'card.metadata',
  run({ ev }) {
    if (ev.card.kind === 'missing') return { status: 'blocked', message: 'not evaluated: the model has no card' };
    if (ev.card.kind === 'invalid') {
      const first = ev.card.errors[0];
      return located(
        {
          status: 'fail',
          message: locatedText(first ?? { file: ev.card.file, message: 'the card could not be read' }),
          hint: 'Fix the YAML front matter between the two "---" lines; it must be a mapping (key: value).',
        },
        ev.card.file,
        first?.line,
      );
    }
    const { card, warnings } = ev.card;
    if (!card.hasFrontMatter) {
      return { status: 'fail', message: `${card.file} has no YAML front matter`, file: card.file, line: 1, hint: NO_FRONT_MATTER_HINT };
    }
    const [entry] = card.entryErrors;
    if (entry) {
      return located(
        {
          status: 'fail',
          message: listSome(card.entryErrors.map(locatedText)),
          hint: 'Write each entry of datasets, license, base_model and governance.audits as a string (quoted if need be), one entry per item; a mapping or a nested list is not read. governance.workforce is roles: a list of { role, fte }, and optionally assessed: YYYY-MM-DD.',
        },
        card.file,
        entry.line,
      );
    }
    const note = warnings.length > 0 ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''}: ${listSome(warnings.map((w) => (w.line ? `line ${w.line}: ${w.message}` : w.message)), 2)})` : '';
    return { status: 'pass', message: `front matter parses${note}`, file: card.file };
  },
};

/** Reads a dot path such as "governance.owner" from the front matter; empty values count as missing. */
function hasField(card: ModelCard, path: string): boolean {
  if (path === 'license') return card.license.length > 0;
  if (path === 'datasets') return card.datasets.length > 0;
  let v: unknown = card.metadata;
  for (const part of path.split('.')) v = own(v, part);
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.keys(v).length > 0;
  return true;
}

export const cardFields: CheckDefinition = {
  id: 'card.fields',
  run({ ev, setting }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    const required = (setting.options.required as string[] | undefined) ?? [];
    const missing = required.filter((f) => !hasField(card, f));
    const tier = card.governance.riskTier;
    if (tier !== undefined && !(RISK_TIERS as readonly string[]).includes(tier)) {
      return located(
        { status: 'fail', message: `governance.risk_tier "${tier}" is not one of ${RISK_TIERS.join(', ')}`, hint: 'Use the EU AI Act tiers: minimal, limited, high or prohibited.' },
        card.file,
        card.lineOf(['governance', 'risk_tier']),
      );
    }
    if (missing.length === 0) return { status: 'pass', message: `has ${required.join(', ')}`, file: card.file };
    return located(
      {
        status: 'fail',
        message: `${card.file} lacks ${missing.join(', ')}`,
        hint: `Add ${missing.map((m) => `\`${m}\``).join(', ')} to the card's front matter${missing.some((m) => m.startsWith('governance.')) ? ' (governance keys go under one `governance:` mapping)' : ''}.`,
      },
      card.file,
      card.hasFrontMatter ? 1 : undefined,
    );
  },
};

export const cardSections: CheckDefinition = {
  id: 'card.sections',
  run({ ev, setting }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    const required = (setting.options.required as string[] | undefined) ?? [];
    const missing: string[] = [];
    const placeholders: { name: string; line: number }[] = [];
    for (const name of required) {
      if (name === 'intended-use' && card.governance.intendedUse) continue;
      const s = findSection(card, name);
      if (!s) missing.push(name);
      else if (s.placeholder) placeholders.push({ name: `${name} ("${s.heading}")`, line: s.line });
    }
    if (missing.length === 0 && placeholders.length === 0) {
      return { status: 'pass', message: `sections present: ${required.join(', ')}`, file: card.file };
    }
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
    if (placeholders.length > 0) parts.push(`placeholder only: ${placeholders.map((p) => p.name).join(', ')}`);
    return located(
      { status: 'fail', message: `${card.file}: ${parts.join('; ')}`, hint: 'Write the sections of the Hugging Face model card template; "[More Information Needed]" counts as missing.' },
      card.file,
      placeholders[0]?.line,
    );
  },
};

export const cardLicense: CheckDefinition = {
  id: 'card.license',
  run({ ev, setting }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    const line = () => card.lineOf(['license']);
    if (card.license.length === 0) {
      return located({ status: 'fail', message: `${card.file} names no license`, hint: 'Set `license:` to an SPDX or Hugging Face licence id, e.g. apache-2.0.' }, card.file, line());
    }
    const problems: string[] = [];
    // Compare licence keys, not spellings: "GPL-3.0-only", "gpl-3.0+" and "MIT OR GPL-3.0-only"
    // must all meet `deny: [gpl-3.0]`.
    const allowList = setting.options.allow as string[] | undefined;
    const allowKeys = allowList ? new Set(allowList.flatMap(licenseKeys)) : undefined;
    const denyKeys = new Set(((setting.options.deny as string[] | undefined) ?? []).flatMap(licenseKeys));
    for (const id of card.license) {
      const verdict = classifyLicense(id);
      if (verdict.kind === 'unknown') problems.push(verdict.message);
      if (verdict.kind === 'other' && !(card.licenseName && card.licenseLink)) {
        problems.push('license "other" needs license_name and license_link');
      }
      const keys = licenseKeys(id);
      if (keys.some((k) => denyKeys.has(k))) problems.push(`license "${id}" is denied by policy`);
      if (allowKeys && !keys.every((k) => allowKeys.has(k))) problems.push(`license "${id}" is not in the policy's allow list`);
    }
    if (problems.length === 0) return { status: 'pass', message: `license ${card.license.join(', ')}`, file: card.file };
    return located({ status: 'fail', message: `${card.file}: ${listSome(problems)}`, hint: 'Use an SPDX id (https://spdx.org/licenses/) or a Hugging Face licence id.' }, card.file, line());
  },
};
