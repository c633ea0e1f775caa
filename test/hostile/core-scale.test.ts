// Ten thousand changed files in one change: evaluation completes within a generous bound and
// evaluates exactly the models the change touches (directly, or through evidence they share).
import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../src/types.js';
import { evaluateReader, exampleRepo, GOOD_MODEL, spyReader, text, within, type Entry } from './harness.js';

const MODELS = 100;
const SHARDS = 100;
const name = (i: number) => `models/m${String(i).padStart(3, '0')}`;

/** The example repository plus 100 models of 100 weight shards each, all citing the example's evidence. */
function bigRepo(): Map<string, Entry> {
  const files = exampleRepo();
  const card = text(files.get(`${GOOD_MODEL}/README.md`));
  for (let i = 0; i < MODELS; i++) {
    files.set(`${name(i)}/README.md`, card.replace('carbon_report: emissions.csv', 'carbon_report: ../support-router/emissions.csv'));
    for (let s = 0; s < SHARDS; s++) files.set(`${name(i)}/shard-${String(s).padStart(4, '0')}.safetensors`, `weights ${i} ${s}`);
  }
  return files;
}

describe('ten thousand changed files', () => {
  const files = bigRepo();

  it('2,000 shards of 20 models and 8,000 files outside every model: exactly those 20 models', async () => {
    const changed: ChangedFile[] = [];
    for (let i = 0; i < 20; i++) for (let s = 0; s < SHARDS; s++) changed.push({ path: `${name(i)}/shard-${String(s).padStart(4, '0')}.safetensors`, status: 'modified' });
    for (let d = 0; d < 8_000; d++) changed.push({ path: `docs/section-${d % 40}/page-${d}.md`, status: 'added' });
    expect(changed).toHaveLength(10_000);
    const reader = spyReader(files);
    const report = await within(20_000, 'evaluate', () => evaluateReader(reader, { changes: { all: false, files: changed } }));
    expect(report.models.map((m) => m.path)).toEqual(Array.from({ length: 20 }, (_, i) => name(i)));
    for (const m of report.models) expect(m.touchedBy).toHaveLength(SHARDS);
    // Every shard of an evaluated model is not read: the gate reads evidence, not weights.
    expect(reader.log.filter((r) => r.path.endsWith('.safetensors') && r.op === 'read').length).toBe(0);
  });

  it('10,000 renames out of the models, plus one data file every model depends on: every model, each once', async () => {
    const changed: ChangedFile[] = [];
    for (let i = 0; i < MODELS; i++) for (let s = 0; s < SHARDS; s++) changed.push({ path: `archive/m${i}/shard-${s}.bin`, previousPath: `${name(i)}/shard-${String(s).padStart(4, '0')}.safetensors`, status: 'renamed' });
    changed.push({ path: 'datasets/support-tickets-2025/data/train.csv', status: 'modified' });
    const report = await within(20_000, 'evaluate', () => evaluateReader(spyReader(files), { changes: { all: false, files: changed } }));
    const paths = report.models.map((m) => m.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (let i = 0; i < MODELS; i++) expect(paths).toContain(name(i));
    expect(paths).toContain(GOOD_MODEL);
    expect(report.models.find((m) => m.path === GOOD_MODEL)?.touchedBy).toEqual(['datasets/support-tickets-2025/data/train.csv']);
  });
});
