// What the evaluation facts do not carry for the workforce KPI: each card's governance.workforce and
// the repository's reskilling programmes. A workforce file that cannot be read or parsed counts no
// programme and says why (file:line:column) at the top of the report; it is never read as empty.
import type { Report, RepoReader } from '../types.js';
import { parseModelCard } from '../evidence/modelCard.js';
import { parseWorkforceFile, WORKFORCE_FILE } from '../evidence/workforce.js';
import { decodeText } from '../evidence/load.js';
import { MAX_EVIDENCE_BYTES } from '../evidence/store.js';
import type { KpiModel, KpiProgramme, KpiRepository } from './types.js';
import { kpiProgramme, kpiWorkforce } from './workforce.js';

export interface WorkforceEvidence {
  /** Per model path, the card's declaration. */
  cards: Map<string, NonNullable<KpiModel['workforce']>>;
  programmes: KpiProgramme[];
  file?: NonNullable<KpiRepository['workforce']>;
}

export async function readWorkforce(reader: RepoReader, report: Report, repository: string): Promise<WorkforceEvidence> {
  const cards = new Map<string, NonNullable<KpiModel['workforce']>>();
  await Promise.all(
    report.models.map(async (m) => {
      const path = m.facts.card;
      if (!path) return;
      const r = await reader.read(path, MAX_EVIDENCE_BYTES);
      if (r.kind !== 'ok') return;
      const text = decodeText(r.bytes, path);
      const card = text.ok ? parseModelCard(text.value, path) : undefined;
      const w = card?.ok ? card.value.governance.workforce : undefined;
      if (w) cards.set(m.path, kpiWorkforce(w));
    }),
  );
  const r = await reader.read(WORKFORCE_FILE, MAX_EVIDENCE_BYTES);
  if (r.kind === 'missing') return { cards, programmes: [] };
  if (r.kind !== 'ok') return { cards, programmes: [], file: { file: WORKFORCE_FILE, programmes: 0, errors: [`${WORKFORCE_FILE}: cannot be read (${r.kind})`] } };
  const text = decodeText(r.bytes, WORKFORCE_FILE);
  const parsed = text.ok ? parseWorkforceFile(text.value, WORKFORCE_FILE) : text;
  if (!parsed.ok) {
    const errors = parsed.errors.map((e) => `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`);
    return { cards, programmes: [], file: { file: WORKFORCE_FILE, programmes: 0, errors } };
  }
  const programmes = parsed.value.programmes.map((p) => kpiProgramme(p, repository, WORKFORCE_FILE));
  return { cards, programmes, file: { file: WORKFORCE_FILE, programmes: programmes.length, errors: [] } };
}
