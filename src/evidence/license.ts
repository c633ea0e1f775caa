// Licence identifiers as model cards write them: SPDX ids and expressions (matched
// case-insensitively, returned in SPDX's exact case) and the Hugging Face Hub's own ids, which are
// lowercase, partly SPDX-like, and include model licences and families that have no SPDX id.
import parseSpdx from 'spdx-expression-parse';
// JSON imports (not createRequire) so that ncc inlines the lists into the Action bundle.
import spdxIds from 'spdx-license-ids/index.json' with { type: 'json' };
import spdxDeprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };
// spdx-expression-parse's own dependency: lets WITH exceptions match case-insensitively too.
import spdxExceptions from 'spdx-exceptions/index.json' with { type: 'json' };
import { errorText } from './load.js';

export type LicenseVerdict =
  | { kind: 'spdx'; spdx: string }
  | { kind: 'hub'; id: string; spdx?: string }
  | { kind: 'other' }
  | { kind: 'unknown'; message: string };

/**
 * The Hub's licence ids (hub-docs `repositories-licenses.md`) with their SPDX equivalent where one
 * exists. Families (`bsd`, `cc`, `gpl`, `lgpl`, `gfdl`, `odc-by`, `odbl`, `openrail`) name no version
 * and so map to nothing. `gpl-2.0` and friends are SPDX's deprecated ids, whose meaning is "-only".
 */
const HUB_LICENSES: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([
  ['apache-2.0', 'Apache-2.0'],
  ['mit', 'MIT'],
  ['openrail', undefined],
  ['bigscience-openrail-m', undefined],
  ['creativeml-openrail-m', undefined],
  ['bigscience-bloom-rail-1.0', undefined],
  ['bigcode-openrail-m', undefined],
  ['afl-3.0', 'AFL-3.0'],
  ['artistic-2.0', 'Artistic-2.0'],
  ['bsl-1.0', 'BSL-1.0'],
  ['bsd', undefined],
  ['bsd-2-clause', 'BSD-2-Clause'],
  ['bsd-3-clause', 'BSD-3-Clause'],
  ['bsd-3-clause-clear', 'BSD-3-Clause-Clear'],
  ['c-uda', 'C-UDA-1.0'],
  ['cc', undefined],
  ['cc0-1.0', 'CC0-1.0'],
  ['cc-by-2.0', 'CC-BY-2.0'],
  ['cc-by-2.5', 'CC-BY-2.5'],
  ['cc-by-3.0', 'CC-BY-3.0'],
  ['cc-by-4.0', 'CC-BY-4.0'],
  ['cc-by-sa-3.0', 'CC-BY-SA-3.0'],
  ['cc-by-sa-4.0', 'CC-BY-SA-4.0'],
  ['cc-by-nc-2.0', 'CC-BY-NC-2.0'],
  ['cc-by-nc-3.0', 'CC-BY-NC-3.0'],
  ['cc-by-nc-4.0', 'CC-BY-NC-4.0'],
  ['cc-by-nd-4.0', 'CC-BY-ND-4.0'],
  ['cc-by-nc-nd-3.0', 'CC-BY-NC-ND-3.0'],
  ['cc-by-nc-nd-4.0', 'CC-BY-NC-ND-4.0'],
  ['cc-by-nc-sa-2.0', 'CC-BY-NC-SA-2.0'],
  ['cc-by-nc-sa-3.0', 'CC-BY-NC-SA-3.0'],
  ['cc-by-nc-sa-4.0', 'CC-BY-NC-SA-4.0'],
  ['cdla-sharing-1.0', 'CDLA-Sharing-1.0'],
  ['cdla-permissive-1.0', 'CDLA-Permissive-1.0'],
  ['cdla-permissive-2.0', 'CDLA-Permissive-2.0'],
  ['wtfpl', 'WTFPL'],
  ['ecl-2.0', 'ECL-2.0'],
  ['epl-1.0', 'EPL-1.0'],
  ['epl-2.0', 'EPL-2.0'],
  ['etalab-2.0', 'etalab-2.0'],
  ['eupl-1.1', 'EUPL-1.1'],
  ['eupl-1.2', 'EUPL-1.2'],
  ['agpl-3.0', 'AGPL-3.0-only'],
  ['gfdl', undefined],
  ['gpl', undefined],
  ['gpl-2.0', 'GPL-2.0-only'],
  ['gpl-3.0', 'GPL-3.0-only'],
  ['lgpl', undefined],
  ['lgpl-2.1', 'LGPL-2.1-only'],
  ['lgpl-3.0', 'LGPL-3.0-only'],
  ['isc', 'ISC'],
  ['h-research', undefined],
  ['intel-research', undefined],
  ['lppl-1.3c', 'LPPL-1.3c'],
  ['ms-pl', 'MS-PL'],
  ['apple-ascl', undefined],
  ['apple-amlr', undefined],
  ['mpl-2.0', 'MPL-2.0'],
  ['odc-by', undefined],
  ['odbl', undefined],
  ['openmdw-1.0', 'OpenMDW-1.0'],
  ['openmdw-1.1', undefined],
  ['openrail++', undefined],
  ['osl-3.0', 'OSL-3.0'],
  ['postgresql', 'PostgreSQL'],
  ['ofl-1.1', 'OFL-1.1'],
  ['ncsa', 'NCSA'],
  ['unlicense', 'Unlicense'],
  ['zlib', 'Zlib'],
  ['pddl', 'PDDL-1.0'],
  ['lgpl-lr', 'LGPLLR'],
  ['deepfloyd-if-license', undefined],
  ['fair-noncommercial-research-license', undefined],
  ['llama2', undefined],
  ['llama3', undefined],
  ['llama3.1', undefined],
  ['llama3.2', undefined],
  ['llama3.3', undefined],
  ['llama4', undefined],
  ['gemma', undefined],
  ['grok2-community', undefined],
  ['unknown', undefined],
  ['other', undefined],
]);

/** Every Hugging Face Hub licence id, lowercase, as the Hub accepts them. */
export const HUB_LICENSE_IDS: readonly string[] = [...HUB_LICENSES.keys()];

const CANONICAL = new Map<string, string>();
for (const id of [...spdxExceptions, ...spdxDeprecated, ...spdxIds]) CANONICAL.set(id.toLowerCase(), id);
const LIST_IDS: ReadonlySet<string> = new Set([...spdxIds, ...spdxDeprecated]);

const MAX_EXPRESSION_LENGTH = 256;

export function classifyLicense(id: string): LicenseVerdict {
  const text = id.trim();
  if (text === '') return { kind: 'unknown', message: 'the licence is empty' };
  // Real expressions are a few dozen characters; the SPDX parser is superlinear on long ones.
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { kind: 'unknown', message: `the licence is ${text.length} characters long; an SPDX expression or licence id is at most ${MAX_EXPRESSION_LENGTH}` };
  }
  const lower = text.toLowerCase();
  if (lower === 'unknown') {
    return { kind: 'unknown', message: 'the licence is declared "unknown": name an SPDX id, a Hugging Face licence id, or `other` with license_name and license_link' };
  }
  if (lower === 'other') return { kind: 'other' };
  // A Hub id as the Hub writes it wins over the SPDX reading, so `apache-2.0` reports as the Hub id it is.
  if (HUB_LICENSES.has(text)) return hub(text);
  const spdx = canonicalSpdx(text);
  if (spdx.ok) return { kind: 'spdx', spdx: spdx.expression };
  if (HUB_LICENSES.has(lower)) return hub(lower);
  return {
    kind: 'unknown',
    message: `"${text}" is neither an SPDX licence expression nor a Hugging Face licence id (${spdx.reason})`,
  };
}

function hub(id: string): LicenseVerdict {
  const spdx = HUB_LICENSES.get(id);
  return spdx === undefined ? { kind: 'hub', id } : { kind: 'hub', id, spdx };
}

/** The exact-case SPDX licence-list id for a single licence (SPDX or Hub id), else undefined. */
export function toSpdxId(id: string): string | undefined {
  const verdict = classifyLicense(id);
  const spdx = verdict.kind === 'spdx' || verdict.kind === 'hub' ? verdict.spdx : undefined;
  return spdx !== undefined && LIST_IDS.has(spdx) ? spdx : undefined;
}

type Canonical = { ok: true; expression: string } | { ok: false; reason: string };

/** Rewrites ids, exceptions and operators in SPDX case, then validates with spdx-expression-parse. */
function canonicalSpdx(text: string): Canonical {
  const rewritten = text.replace(/[A-Za-z0-9.-]+/g, (token) => {
    const lower = token.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'with') return lower.toUpperCase();
    if (lower.startsWith('licenseref-')) return `LicenseRef-${token.slice('licenseref-'.length)}`;
    if (lower.startsWith('documentref-')) return `DocumentRef-${token.slice('documentref-'.length)}`;
    return CANONICAL.get(lower) ?? token;
  });
  try {
    parseSpdx(rewritten);
  } catch (err) {
    return { ok: false, reason: `not valid SPDX: ${errorText(err)}` };
  }
  return { ok: true, expression: rewritten.replace(/\s+/g, ' ') };
}

/**
 * Every licence an expression or id names, as lowercase keys to compare with a policy's allow and
 * deny lists: each id as written, its SPDX equivalent when it is a Hub id, and each of those without
 * `-only`, `-or-later` or `+` (so GPL-3.0-only, GPL-3.0-or-later, GPL-3.0+, "gpl-3.0 " and the Hub's
 * gpl-3.0 all yield "gpl-3.0"). Exceptions after WITH are not licences and are left out. Compare
 * keys, not strings: `deny: [gpl-3.0]` must also refuse "MIT OR GPL-3.0-only".
 */
export function licenseKeys(expression: string): string[] {
  const text = expression.trim();
  if (text.length > MAX_EXPRESSION_LENGTH) return [text.toLowerCase()];
  const keys = new Set<string>();
  const add = (id: string) => {
    const lower = id.toLowerCase();
    keys.add(lower);
    keys.add(lower.replace(/\+$/, '').replace(/-(only|or-later)$/, ''));
  };
  let afterWith = false;
  for (const token of text.split(/[\s()]+/)) {
    if (token === '') continue;
    const lower = token.toLowerCase();
    if (lower === 'and' || lower === 'or') continue;
    if (lower === 'with') {
      afterWith = true;
      continue;
    }
    if (afterWith) {
      afterWith = false;
      continue;
    }
    add(token);
    const spdx = HUB_LICENSES.get(lower);
    if (spdx !== undefined) add(spdx);
  }
  return [...keys];
}
