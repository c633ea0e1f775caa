// export.control: a third-party model (a card with `governance.vendor`), or any model when the
// policy says `applies_to: all` (typically for a tier), states its export-control classification,
// the jurisdictions it was classified under, and a review date within `max_age_days`.
import { daysBetween, isIsoDate } from '../dates.js';
import { withCard } from './card.js';
import { located, type CheckDefinition } from './types.js';

const HINT = 'Add `governance.export_control: { classification: …, jurisdictions: [...], reviewed: YYYY-MM-DD }` to the card (e.g. EAR99 under US-EAR).';

export const exportControl: CheckDefinition = {
  id: 'export.control',
  run({ ev, setting, today }) {
    const got = withCard(ev.card);
    if ('verdict' in got) return got.verdict;
    const { card } = got;
    const appliesTo = setting.options.applies_to === 'all' ? 'all' : 'third-party';
    const vendor = card.governance.vendor?.name;
    if (!vendor && appliesTo === 'third-party') return { status: 'skipped', message: 'not a third-party model (no governance.vendor); set applies_to: all to gate it' };
    const maxAge = Number(setting.options.max_age_days ?? 365);
    const who = vendor ? `third-party model from ${vendor}` : 'model';
    const ec = card.governance.exportControl;
    const line = card.lineOf(['governance', 'export_control']) ?? card.lineOf(['governance']);
    if (!ec) return located({ status: 'fail', message: `${who} has no governance.export_control`, hint: HINT }, card.file, line);
    const missing = [ec.classification ? '' : 'classification', ec.jurisdictions?.length ? '' : 'jurisdictions', ec.reviewed ? '' : 'reviewed'].filter(Boolean);
    if (missing.length > 0) return located({ status: 'fail', message: `governance.export_control has no ${missing.join(', ')}`, hint: HINT }, card.file, line);
    const reviewed = ec.reviewed ?? '';
    const at = card.lineOf(['governance', 'export_control', 'reviewed']) ?? line;
    if (!isIsoDate(reviewed)) return located({ status: 'fail', message: `governance.export_control.reviewed "${reviewed}" is not a date written YYYY-MM-DD`, hint: HINT }, card.file, at);
    const age = daysBetween(reviewed, today);
    if (age < 0) return located({ status: 'fail', message: `export-control review dated ${reviewed}, in the future`, hint: 'Use the date the classification was reviewed.' }, card.file, at);
    if (age > maxAge) return located({ status: 'fail', message: `export-control review is ${age} days old (${reviewed}); the limit is ${maxAge} days`, hint: 'Review the classification again (regulations and sanctions lists change).' }, card.file, at);
    return { status: 'pass', message: `${ec.classification} under ${(ec.jurisdictions ?? []).join(', ')}, reviewed ${age} days ago (limit ${maxAge})`, file: card.file };
  },
};
