// Waivers: a reviewer accepts a failing check for one model, for at most 90 days, with a reason.
// Read from `.github/modelgate-waivers.yml` on the base branch (and, in the App, from PR comments,
// which arrive here in the same shape). A malformed waivers file fails `policy.valid`: it must not
// be possible to waive by breaking the file.
import { CHECK_IDS, WAIVER_REASONS, type CheckId, type Diagnostic, type WaiverReason } from './types.js';
import { isRecord, own, parseYaml, str } from './evidence/load.js';
import { normaliseRepoPath } from './paths.js';
import { daysBetween, isIsoDate } from './dates.js';

export const WAIVERS_PATH = '.github/modelgate-waivers.yml';
export const MAX_WAIVER_DAYS = 90;

export interface Waiver {
  model: string;
  check: CheckId;
  reason: WaiverReason;
  approver: string;
  granted: string;
  expires: string;
  note?: string;
  /** Where the waiver comes from: "<file>:<line>" or a PR comment URL. */
  source: string;
}

export interface LoadedWaivers {
  waivers: Waiver[];
  errors: Diagnostic[];
}

export function parseWaivers(text: string | undefined, file: string = WAIVERS_PATH): LoadedWaivers {
  if (text === undefined) return { waivers: [], errors: [] };
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { waivers: [], errors: parsed.errors };
  const { data, lineOf } = parsed.value;
  if (data === null || data === undefined) return { waivers: [], errors: [] };
  const list = own(data, 'waivers');
  if (!isRecord(data) || !Array.isArray(list)) {
    return { waivers: [], errors: [{ file, line: 1, message: 'the waivers file must be a mapping with a "waivers:" list' }] };
  }
  const unknownTop = Object.keys(data).filter((k) => k !== 'waivers');
  const errors: Diagnostic[] = unknownTop.map((k) => ({ file, line: lineOf([k]) ?? 1, message: `unknown key ${k}` }));
  const waivers: Waiver[] = [];
  list.forEach((entry, i) => {
    const line = lineOf(['waivers', i]) ?? 1;
    const result = validateWaiver(entry, `${file}:${line}`);
    if (typeof result === 'string') errors.push({ file, line, message: `waivers[${i}]: ${result}` });
    else waivers.push(result);
  });
  return { waivers, errors };
}

const WAIVER_KEYS = new Set(['model', 'check', 'reason', 'approver', 'granted', 'expires', 'note']);

/** Validates one waiver; returns the waiver or a message saying what is wrong. */
export function validateWaiver(entry: unknown, source: string): Waiver | string {
  if (!isRecord(entry)) return 'must be a mapping';
  const unknown = Object.keys(entry).filter((k) => !WAIVER_KEYS.has(k));
  if (unknown.length > 0) return `unknown key ${unknown.join(', ')}`;
  const model = str(own(entry, 'model'));
  const check = str(own(entry, 'check'));
  const reason = str(own(entry, 'reason'));
  const approver = str(own(entry, 'approver'));
  const granted = str(own(entry, 'granted'));
  const expires = str(own(entry, 'expires'));
  if (!model) return 'model is required';
  if (!check || !(CHECK_IDS as readonly string[]).includes(check)) return `check must be one of ${CHECK_IDS.join(', ')}`;
  if (check === 'policy.valid') return 'policy.valid cannot be waived';
  if (!reason || !(WAIVER_REASONS as readonly string[]).includes(reason)) return `reason must be one of ${WAIVER_REASONS.join(', ')}`;
  if (!approver) return 'approver is required';
  if (!granted || !isIsoDate(granted)) return 'granted must be a date (YYYY-MM-DD)';
  if (!expires || !isIsoDate(expires)) return 'expires must be a date (YYYY-MM-DD)';
  const days = daysBetween(granted, expires);
  if (days < 0) return 'expires is before granted';
  if (days > MAX_WAIVER_DAYS) return `expires is ${days} days after granted; waivers last at most ${MAX_WAIVER_DAYS} days`;
  const waiver: Waiver = { model: normaliseRepoPath(model), check: check as CheckId, reason: reason as WaiverReason, approver, granted, expires, source };
  const note = str(own(entry, 'note'));
  if (note) waiver.note = note;
  return waiver;
}

export function isActive(w: Waiver, today: string): boolean {
  return w.granted <= today && today <= w.expires;
}
