// Compliance score: the share of evaluated checks that pass. Skipped checks (not applicable) and
// waived checks (an accepted exception) are counted but left out of the denominator; a warning and
// an error ("could not be evaluated") count as not passing.
import type { Outcome } from '../types.js';
import type { Score } from './types.js';

export function emptyScore(): Score {
  return { pass: 0, fail: 0, warn: 0, error: 0, waived: 0, skipped: 0, evaluated: 0, score: null };
}

export function scoreOf(outcomes: Iterable<Outcome>): Score {
  const s = emptyScore();
  for (const o of outcomes) s[o]++;
  return finish(s);
}

/** Adds the counts of several scores and recomputes the share from the sums (not an average of shares). */
export function addScores(scores: Iterable<Score>): Score {
  const s = emptyScore();
  for (const x of scores) {
    s.pass += x.pass;
    s.fail += x.fail;
    s.warn += x.warn;
    s.error += x.error;
    s.waived += x.waived;
    s.skipped += x.skipped;
  }
  return finish(s);
}

function finish(s: Score): Score {
  s.evaluated = s.pass + s.fail + s.warn + s.error;
  s.score = s.evaluated === 0 ? null : round4(s.pass / s.evaluated);
  return s;
}

export function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

export const SCORE_METHOD =
  'Compliance score = checks passed / checks evaluated, where evaluated = pass + fail + warn + error. ' +
  'Skipped checks (not applicable) and waived checks (a failure accepted by an approver until a date) are not in the denominator; ' +
  'they are shown as separate counts. A warning counts as not passing. Per group and overall, the counts are summed first ' +
  'and the share is taken from the sums, so every evaluated check weighs the same. Configuration (policy.valid) errors are not per-model and are listed separately.';
