// The fast YAML path reads only what the `yaml` library reads the same way: generated documents in
// both libraries' styles, mutated ones, and each construct that must go the slow way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYaml } from '../../src/evidence/yamlFast.js';
import { parseYaml } from '../../src/evidence/load.js';
import { compareYamlPaths } from '../../scripts/yamlDifferential.js';
import { frontMatterText } from '../../src/evidence/modelCard.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/acme-ml');
/** The example repository's YAML: card front matter, datasheets, audit records, the config. */
const EXAMPLE_YAML = [
  'models/support-router/README.md',
  'models/churn-predictor/README.md',
  'datasets/support-tickets-2025/datasheet.yml',
  'audits/2026-09-support-router.yml',
  '.github/modelgate.yml',
].map((p) => {
  const text = readFileSync(join(EXAMPLE, p), 'utf8');
  return p.endsWith('.md') ? (frontMatterText(text) ?? '') : text;
});

const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('id', 'license', 'true', '1', '0x1F', 'null', '~', 'a b', 'yes', '-', 'x: y'));
const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('0b11', '0o17', '1_000', '.inf', '-.Inf', '.nan', '012', '+12', '1e3', '2026-01-01', 'yes', 'No', 'on', '~', 'NULL', 'it\'s', '"q"', '#x', 'a: b', '- a', '[x]', '{y}'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;

function expectNoDisagreement(text: string): void {
  const a = compareYamlPaths(text);
  if (a.kind === 'disagree') expect.fail(`${a.reason}\n--- text ---\n${text}`);
}

describe('fast YAML path', () => {
  it('agrees with the yaml library on documents written by either library, in every style', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: -1, max: 3 }), fc.boolean(), (v, flowLevel, yamlStyle) => {
        let text: string;
        try {
          text = yamlStyle ? stringify(v) : jsyaml.dump(v, { flowLevel, lineWidth: 40 });
        } catch {
          return; // a value a library cannot write
        }
        expectNoDisagreement(text);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
    );
  });

  it('agrees on mutated documents: whatever it accepts, the yaml library reads the same', () => {
    const bases = [
      stringify({ model: 'm', license: 'apache-2.0', tags: ['a', 'b'], governance: { risk_tier: 'high', audits: ['x.yml'] }, note: 'it is\nmulti-line' }),
      ...EXAMPLE_YAML,
    ];
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(' ', '\n', ':', '-', '"', "'", '[', ']', '{', '}', ',', '#', '|', '>', '  ', '\n  ', '\n- ', 'x', '%', '@', '`', '\\', '\u0085', '\u2028', '\ufeff', '\r', '\u0000', '\u007f'));
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (b, edits) => {
        let text = bases[b] as string;
        for (const [at, del, ins] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ins + text.slice(Math.min(text.length, i + del));
        }
        runs++;
        if (fastYaml(text)) fast++;
        expectNoDisagreement(text);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
    );
    // Not vacuous: most small edits leave a document the fast path still reads.
    expect(fast / runs).toBeGreaterThan(0.2);
  });

  it('takes plain evidence: the card front matter, datasheets and audit records people write', () => {
    for (const text of [
      ...EXAMPLE_YAML,
      'license: apache-2.0\ndatasets:\n  - acme/tickets\ngovernance:\n  risk_tier: high\n  audits: [audits/a.yml]\nco2_eq_emissions:\n  emissions: 1500\n',
      'id: AUD-1\nauditor:\n  name: Example Assurance\n  independent: true\ndate: 2026-09-01\nfindings:\n  - id: F-1\n    title: "Bias in the 18-25 group"\n    severity: high\n    status: open\n',
      'description: |\n  Support tickets, anonymised.\n\n  Two paragraphs.\nfiles:\n- path: data/a.csv\n  sha256: 0123\n',
    ]) {
      expect(fastYaml(text), text).toBeDefined();
      expectNoDisagreement(text);
    }
  });

  it('leaves to the full parser every construct where the two differ or the safety checks live', () => {
    const slow: Record<string, string> = {
      anchor: 'a: &x 1\nb: *x\n',
      tag: 'a: !!binary aGVsbG8=\n',
      'custom tag': 'a: !secret x\n',
      directive: '%YAML 1.2\n---\na: 1\n',
      'explicit key': '? [a, b]\n: c\n',
      'flow key': '[a, b]: c\n',
      tab: 'a:\t1\n',
      'prototype key': '__proto__: {}\n',
      constructor: 'constructor: x\n',
      'escaped prototype key': '"\\x5f_proto__": { polluted: true }\n',
      'escaped constructor key': 'a:\n  "\\u0063onstructor": x\n',
      'null key': '~: a\n',
      'multi-line flow': 'a: [1,\n  2]\n',
      'under-indented quoted continuation': 'a: "one\ntwo"\n',
      'two documents': 'a: 1\n---\nb: 2\n',
      'duplicate key': 'a: 1\na: 2\n',
      empty: '',
      'deep flow': `a: ${'['.repeat(70)}${']'.repeat(70)}\n`,
      'deep block': Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n',
      'many brackets': Array.from({ length: 70 }, (_, i) => `k${i}: [x]`).join('\n'),
      'syntax error': 'a: b: c\n',
    };
    for (const [name, text] of Object.entries(slow)) expect(fastYaml(text), name).toBeUndefined();
  });

  it('reads `0b11` as text, as the YAML 1.2 core schema and the yaml library do (js-yaml alone says 3)', () => {
    expect(fastYaml('a: 0b11\nb: 0o17\nc: 0x1F\nd: 1_000\n')?.data).toEqual({ a: '0b11', b: 15, c: 31, d: '1_000' });
  });

  it('still knows lines: asking for one runs the full parse of that document, once', () => {
    const parsed = parseYaml('a: 1\nb:\n  - x\n  - y\nc: z\n', 'f.yml', { lineOffset: 1 });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.data).toEqual({ a: 1, b: ['x', 'y'], c: 'z' });
    expect(parsed.value.lineOf(['c'])).toBe(6);
    expect(parsed.value.lineOf(['b', 1])).toBe(5);
    expect(parsed.value.lineOf(['missing'])).toBe(2); // the nearest ancestor: the document, on its first line
  });
});
