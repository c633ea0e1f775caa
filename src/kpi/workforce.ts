// The workforce KPI: FTE the models affect (cards' governance.workforce) against the headcount and
// budget of the reskilling programmes running on the report date (.github/modelgate-workforce.yml).
// Computed from the model records and the programmes alone, so a merge recomputes it exactly.
import type { CardWorkforce, ReskillingProgramme } from '../evidence/workforce.js';
import { round4 } from './score.js';
import type { KpiModel, KpiProgramme, KpiReport, WorkforceTrend } from './types.js';

export const WORKFORCE_METHOD =
  'Exposure = the full-time equivalents (FTE) each model card declares as affected (governance.workforce.roles[].fte), summed over the models. ' +
  'Reskilling programmes come from .github/modelgate-workforce.yml; a programme is running when the report date is within its period (start and end included), ' +
  'and only running programmes count. A programme covers a model when it lists the model\'s directory under models, or a role the card declares under roles ' +
  '(case-insensitive). Per model, coverage = headcount of the running programmes covering it / its FTE affected (a programme covering several models counts for each). ' +
  'Overall, coverage = headcount of all running programmes, each counted once / total FTE affected; budget is the running programmes\' budgets summed per currency. ' +
  'The trend replays the cards and the workforce file at every commit of the first-parent history of HEAD that changed one of them, with programmes running on the commit date.';

export function kpiWorkforce(card: CardWorkforce): NonNullable<KpiModel['workforce']> {
  const out: NonNullable<KpiModel['workforce']> = { fte: round6(card.roles.reduce((n, r) => n + r.fte, 0)), roles: card.roles.map((r) => ({ ...r })) };
  if (card.assessed) out.assessed = card.assessed;
  return out;
}

export function kpiProgramme(p: ReskillingProgramme, repository: string, file: string): KpiProgramme {
  return { repository, file, name: p.name, headcount: p.headcount, budget: { ...p.budget }, period: { ...p.period }, roles: [...p.roles], models: [...p.models] };
}

export function programmeStatus(p: Pick<KpiProgramme, 'period'>, date: string): 'running' | 'planned' | 'ended' {
  if (date < p.period.start) return 'planned';
  return date > p.period.end ? 'ended' : 'running';
}

export function covers(p: Pick<KpiProgramme, 'repository' | 'roles' | 'models'>, m: Pick<KpiModel, 'repository' | 'path' | 'workforce'>): boolean {
  if (p.repository !== m.repository) return false;
  if (p.models.includes(m.path)) return true;
  const roles = new Set((m.workforce?.roles ?? []).map((r) => r.role.toLowerCase()));
  return p.roles.some((r) => roles.has(r.toLowerCase()));
}

export function budgetOf(programmes: readonly Pick<KpiProgramme, 'budget'>[]): { currency: string; amount: number }[] {
  const sums = new Map<string, number>();
  for (const p of programmes) sums.set(p.budget.currency, (sums.get(p.budget.currency) ?? 0) + p.budget.amount);
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: round6(amount) }));
}

function coverage(headcount: number, fte: number): number | null {
  return fte > 0 ? round4(headcount / fte) : null;
}

export interface WorkforceInput {
  asOf: string;
  models: readonly KpiModel[];
  programmes: readonly KpiProgramme[];
  trend: WorkforceTrend;
}

export function workforceOf(input: WorkforceInput): KpiReport['workforce'] {
  const running = input.programmes.filter((p) => programmeStatus(p, input.asOf) === 'running');
  const models = input.models
    .filter((m) => m.workforce !== undefined || running.some((p) => covers(p, m)))
    .map((m) => {
      const by = running.filter((p) => covers(p, m));
      const fte = m.workforce?.fte ?? 0;
      const headcount = by.reduce((n, p) => n + p.headcount, 0);
      return { repository: m.repository, path: m.path, name: m.name, fte, headcount, coverage: coverage(headcount, fte), programmes: by.map((p) => p.name) };
    })
    .sort((a, b) => (a.coverage ?? Infinity) - (b.coverage ?? Infinity) || b.fte - a.fte || a.path.localeCompare(b.path));
  const exposureFte = round6(input.models.reduce((n, m) => n + (m.workforce?.fte ?? 0), 0));
  const headcount = running.reduce((n, p) => n + p.headcount, 0);
  const programmes = [...input.programmes]
    .map((p) => ({ ...p, status: programmeStatus(p, input.asOf), covers: input.models.filter((m) => covers(p, m)).map((m) => m.path) }))
    .sort((a, b) => a.repository.localeCompare(b.repository) || a.period.start.localeCompare(b.period.start) || a.name.localeCompare(b.name));
  return { exposureFte, headcount, coverage: coverage(headcount, exposureFte), budget: budgetOf(running), models, programmes, trend: input.trend };
}

/** "120,000 EUR + 5,000 USD"; "none" when empty. */
export function budgetText(budget: readonly { currency: string; amount: number }[]): string {
  if (budget.length === 0) return 'none';
  return budget.map((b) => `${b.amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${b.currency}`).join(' + ');
}

/** FTE and amounts are fractional: 6 decimals, so that 0.1 + 0.2 reads 0.3 in every output. */
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
