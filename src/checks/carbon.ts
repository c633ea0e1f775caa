// carbon.* checks: a carbon estimate exists (card or CodeCarbon/CycloneDX report), the two agree
// when both exist, and the estimate fits the policy's budget.
import type { CarbonFigure } from '../types.js';
import { compareCarbon, formatKg } from '../evidence/carbon.js';
import type { ModelEvidence } from '../gather.js';
import { withCard } from './card.js';
import { located, type CheckDefinition, type CheckVerdict } from './types.js';

/** The figure the report uses: the measured report when present, else the card's. */
export function carbonFigure(ev: ModelEvidence): CarbonFigure | undefined {
  if (ev.carbon.report?.ok) return ev.carbon.report.value.figure;
  if (ev.carbon.card?.ok) return ev.carbon.card.value;
  return undefined;
}

export const carbonEstimate: CheckDefinition = {
  id: 'carbon.estimate',
  run({ ev }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    const problems: CheckVerdict[] = [];
    if (ev.carbon.card && !ev.carbon.card.ok) {
      const e = ev.carbon.card.errors[0];
      problems.push(located({ status: 'fail', message: `co2_eq_emissions: ${e?.message ?? 'invalid'}` }, card.file, e?.line ?? card.lineOf(['co2_eq_emissions'])));
    }
    if (ev.carbon.reportProblem) {
      problems.push(located({ status: 'fail', message: `governance.carbon_report "${ev.carbon.reportRef}": ${ev.carbon.reportProblem}` }, card.file, card.lineOf(['governance', 'carbon_report'])));
    } else if (ev.carbon.report && !ev.carbon.report.ok) {
      const e = ev.carbon.report.errors[0];
      problems.push(located({ status: 'fail', message: `${e?.file ?? ev.carbon.reportPath}${e?.line ? `:${e.line}` : ''}: ${e?.message ?? 'unreadable'}` }, e?.file ?? ev.carbon.reportPath, e?.line));
    }
    const hint = 'Record `co2_eq_emissions` (grams CO2eq) in the card, or point `governance.carbon_report` at CodeCarbon\'s emissions.csv.';
    if (problems[0]) return { ...problems[0], hint };
    const figure = carbonFigure(ev);
    if (!figure) return located({ status: 'fail', message: `${card.file} has no carbon estimate (no co2_eq_emissions, no governance.carbon_report)`, hint }, card.file, 1);
    return { status: 'pass', message: `${formatKg(figure.kg)} CO2eq (${figure.original}, ${figure.source})`, file: figure.file };
  },
};

export const carbonConsistency: CheckDefinition = {
  id: 'carbon.consistency',
  run({ ev, setting }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const cardFig = ev.carbon.card?.ok ? ev.carbon.card.value : undefined;
    const reportFig = ev.carbon.report?.ok ? ev.carbon.report.value.figure : undefined;
    if (!cardFig || !reportFig) return { status: 'skipped', message: 'needs both the card\'s co2_eq_emissions and a carbon report to compare' };
    const tolerance = Number(setting.options.tolerance ?? 0.1);
    const cmp = compareCarbon(cardFig, reportFig, tolerance);
    if (cmp.agree) return { status: 'pass', message: cmp.message };
    return located(
      { status: 'fail', message: cmp.message, hint: cmp.mixup ? 'co2_eq_emissions is in grams; CodeCarbon writes kilograms.' : 'Update co2_eq_emissions from the latest CodeCarbon report.' },
      cardFig.file,
      cardFig.line,
    );
  },
};

export const carbonBudget: CheckDefinition = {
  id: 'carbon.budget',
  run({ ev, setting }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const max = setting.options.max_kg;
    if (typeof max !== 'number') return { status: 'error', message: 'carbon.budget is on but has no max_kg', hint: 'Set checks.carbon.budget.max_kg in .github/modelgate.yml.' };
    const figure = carbonFigure(ev);
    if (!figure) return { status: 'error', message: 'no carbon estimate to compare with the budget (carbon.estimate reports why)' };
    if (figure.kg <= max) return { status: 'pass', message: `${formatKg(figure.kg)} within the ${formatKg(max)} budget` };
    return located({ status: 'fail', message: `${formatKg(figure.kg)} CO2eq exceeds the ${formatKg(max)} budget`, hint: 'Reduce training emissions, or raise max_kg with the approval your policy requires.' }, figure.file, figure.line);
  },
};
