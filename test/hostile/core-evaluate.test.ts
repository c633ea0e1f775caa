// Property-based tests over the evaluator with an in-memory repository: any file map ends in a report
// (never an exception, never a hang), the report is consistent with itself, and evidence that cannot
// be read never lets a model pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { decodeText } from '../../src/evidence/load.js';
import { parseModelCard } from '../../src/evidence/modelCard.js';
import { MAX_EVIDENCE_BYTES } from '../../src/evidence/store.js';
import {
  check,
  FC,
  evaluateReader,
  exampleRepo,
  fault,
  GOOD_MODEL,
  huge,
  isRepoPath,
  modelOutcome,
  spyReader,
  text,
  within,
  type Entry,
} from './harness.js';

const EXAMPLE = exampleRepo();

/** The evidence support-router's verdict rests on, by kind. */
const EVIDENCE = {
  card: 'models/support-router/README.md',
  carbon: 'models/support-router/emissions.csv',
  datasheet: 'datasets/support-tickets-2025/datasheet.yml',
  croissant: 'datasets/support-eval-2025/support-eval-2025.croissant.json',
  audit: 'audits/2026-09-support-router.yml',
  policy: '.github/modelgate.yml',
} as const;
const DATA_FILES = ['datasets/support-tickets-2025/data/train.csv', 'datasets/support-tickets-2025/data/test.csv', 'datasets/support-eval-2025/data/eval.jsonl'];

/** Ways to make a text file unreadable: what the reader says, or bytes no parser may accept. */
const UNREADABLE: Record<string, Entry> = {
  'read error': fault('io'),
  'symbolic link': fault('not-a-file'),
  'outside the repository': fault('outside'),
  'one byte over the size cap': huge(MAX_EVIDENCE_BYTES + 1, '---\nlicense: mit\n---\n'),
  binary: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  'invalid UTF-8': new Uint8Array([...new TextEncoder().encode('---\nlicense: mit\n'), 0xc3, 0x28, 0x0a]),
};

function consistent(report: Report): void {
  const s = report.summary;
  const all = [...report.policy.errors, ...report.models.flatMap((m) => m.checks)];
  expect(s.checks).toBe(all.length);
  expect(s.pass + s.fail + s.warn + s.waived + s.skipped + s.error).toBe(s.checks);
  for (const m of report.models) {
    const blocking = m.checks.some((c) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error'));
    expect(m.outcome).toBe(blocking ? 'fail' : 'pass');
    // An error is never waived: only what was evaluated can be accepted.
    for (const c of m.checks) if (c.waiver) expect(c.outcome).toBe('waived');
  }
  const expected = report.policy.errors.length > 0 || report.models.some((m) => m.outcome === 'fail') ? 'fail' : 'pass';
  expect(report.verdict).toBe(expected);
}

describe('evaluate over arbitrary repositories', () => {
  const PATHS = [
    'models/a/README.md',
    'models/a/model.safetensors',
    'models/a/emissions.csv',
    'models/b/MODEL_CARD.md',
    'weights/x.onnx',
    'README.md',
    'datasets/d/datasheet.yml',
    'datasets/d/e.croissant.json',
    'datasets/d/data/train.csv',
    'audits/a.yml',
    '.github/modelgate.yml',
    '.github/modelgate-waivers.yml',
  ];
  // Real evidence from the example, so that parsing goes deep, then damaged at random.
  const TEMPLATES = [EVIDENCE.card, EVIDENCE.carbon, EVIDENCE.datasheet, EVIDENCE.croissant, EVIDENCE.audit, EVIDENCE.policy, '.github/modelgate-waivers.yml'].map((p) => text(EXAMPLE.get(p)));
  const damaged = fc.tuple(fc.constantFrom(...TEMPLATES), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 4 })).map(([t, edits]) =>
    edits.reduce((s, [at, del, ins]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      return s.slice(0, i) + ins + s.slice(i + del);
    }, t),
  );
  const content: fc.Arbitrary<Entry> = fc.oneof(
    { arbitrary: damaged, weight: 5 },
    { arbitrary: fc.constantFrom(...TEMPLATES), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 },
    { arbitrary: fc.constantFrom(...Object.values(UNREADABLE)), weight: 2 },
  );
  const files = fc.dictionary(fc.constantFrom(...PATHS), content, { minKeys: 1, maxKeys: PATHS.length });
  const changes = fc.oneof(
    fc.constant({ all: true as const }),
    fc.array(fc.record({ path: fc.oneof(fc.constantFrom(...PATHS), fc.string({ maxLength: 20 })), status: fc.constantFrom('added' as const, 'modified' as const, 'removed' as const) }), { maxLength: 6 }).map((f) => ({ all: false as const, files: f })),
  );

  it('always ends in a consistent report, within a bound, asking only for repository paths', async () => {
    await fc.assert(
      fc.asyncProperty(files, changes, async (map, change) => {
        const reader = spyReader(map);
        const report = await within(4000, 'evaluate', () => evaluateReader(reader, { changes: change }));
        consistent(report);
        for (const r of reader.log) expect(isRepoPath(r.path), r.path).toBe(true);
        for (const r of reader.log) if (r.op === 'read') expect(r.maxBytes).toBeLessThanOrEqual(MAX_EVIDENCE_BYTES);
        // card.metadata passes only for a card that really parses and has front matter.
        for (const m of report.models) {
          const c = m.checks.find((x) => x.id === 'card.metadata');
          if (c?.outcome !== 'pass' || !c.file) continue;
          const e = map[c.file];
          expect(typeof e === 'string' || e instanceof Uint8Array, `${c.file} passed card.metadata but is not readable`).toBe(true);
          const decoded = decodeText(typeof e === 'string' ? new TextEncoder().encode(e) : (e as Uint8Array), c.file);
          expect(decoded.ok).toBe(true);
          const card = decoded.ok ? parseModelCard(decoded.value, c.file) : decoded;
          expect(card.ok && card.value.hasFrontMatter).toBe(true);
        }
      }),
      { numRuns: 35, seed: FC.seed },
    );
  });

  it('a card made of arbitrary bytes never passes card.metadata unless it really parses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s))), async (bytes) => {
        const report = await evaluateReader(spyReader({ 'models/a/README.md': bytes, 'models/a/model.onnx': 'x' }));
        const c = check(report, 'models/a', 'card.metadata');
        const decoded = decodeText(bytes, 'x');
        const parsed = decoded.ok ? parseModelCard(decoded.value, 'x') : decoded;
        if (c.outcome === 'pass') expect(parsed.ok && parsed.value.hasFrontMatter).toBe(true);
        expect(report.verdict).toBe('fail'); // nothing else about this model can pass baseline
      }),
      { numRuns: 80, seed: FC.seed },
    );
  });
});

describe('evidence that cannot be read never lets a model pass', () => {
  it('the example model passes baseline as it is (the control)', async () => {
    const report = await evaluateReader(spyReader(EXAMPLE));
    expect(modelOutcome(report, GOOD_MODEL)).toBe('pass');
  });

  for (const [kind, path] of Object.entries(EVIDENCE)) {
    for (const [how, entry] of Object.entries(UNREADABLE)) {
      it(`${kind} file: ${how}`, async () => {
        const files = exampleRepo();
        files.set(path, entry);
        const report = await evaluateReader(spyReader(files));
        expect(report.verdict).toBe('fail');
        if (kind !== 'policy') {
          expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
          if (kind === 'card') expect(['fail', 'error']).toContain(check(report, GOOD_MODEL, entry === UNREADABLE['symbolic link'] || entry === UNREADABLE['outside the repository'] ? 'card.present' : 'card.metadata').outcome);
        } else {
          expect(report.policy.errors.length).toBeGreaterThan(0);
        }
      });
    }
  }

  it('any mix of unreadable evidence and changed data files (property)', async () => {
    const targets = [...Object.values(EVIDENCE), ...DATA_FILES];
    const damage = fc.oneof(fc.constantFrom(...Object.values(UNREADABLE)), fc.uint8Array({ minLength: 1, maxLength: 32 }));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(fc.constantFrom(...targets), damage), { minLength: 1, maxLength: 4, selector: ([p]) => p }), async (hits) => {
        const files = exampleRepo();
        for (const [p, e] of hits) files.set(p, e);
        const report = await evaluateReader(spyReader(files));
        expect(report.verdict).toBe('fail');
        const onlyPolicy = hits.every(([p]) => p === EVIDENCE.policy);
        if (!onlyPolicy) expect(modelOutcome(report, GOOD_MODEL)).toBe('fail');
      }),
      { numRuns: 40, seed: FC.seed },
    );
  });
});
