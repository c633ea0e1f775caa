// Inputs built to make a parser slow: a megabyte of one character after a syntax token is enough to
// turn a backtracking regular expression or an all-pairs comparison into minutes or hours of CPU.
// Each case below took minutes to hours before it was fixed; the bounds are generous for linear code.
// The pump grid then tries every (prefix, pumped text, suffix) of a format's vocabulary and compares
// the time of a short and an 8x longer input: linear code grows ~8x, quadratic code ~64x.
import { describe, expect, it } from 'vitest';
import { decodeText, parseJson, parseYaml } from '../../src/evidence/load.js';
import { parseModelCard } from '../../src/evidence/modelCard.js';
import { parseCodeCarbonCsv } from '../../src/evidence/codecarbon.js';
import { parseLfsPointer } from '../../src/evidence/lfsPointer.js';
import { normaliseSha256 } from '../../src/evidence/hashFormat.js';
import { classifyLicense } from '../../src/evidence/license.js';
import { resolveRepoPath } from '../../src/paths.js';
import { within } from './harness.js';

const MB = 1024 * 1024;

describe('inputs that used to take minutes or hours end within a bound', () => {
  const cases: [string, () => unknown, number][] = [
    // modelCard.ts: /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/ backtracked quadratically on a long heading line.
    ['a heading line of a million spaces', () => parseModelCard(`# a${' '.repeat(MB)}b\n`, 'README.md'), 1500],
    // modelCard.ts: /\[([^\]]*)\]\([^)]*\)/ and /<[^>]*>/ rescanned the line from every "[" and "<".
    ['a heading of a million "["', () => parseModelCard(`# ${'['.repeat(MB)}\n`, 'README.md'), 1500],
    ['a heading of a million "<"', () => parseModelCard(`# ${'<'.repeat(MB)}\n`, 'README.md'), 1500],
    // modelCard.ts: /<!--[\s\S]*?-->/ and /\{\{[^}]*\}\}/ rescanned the section from every opener.
    ['a section of 250,000 unclosed "<!--"', () => parseModelCard(`# Uses\n${'<!--'.repeat(MB / 4)}\n`, 'README.md'), 1500],
    ['a section of 500,000 unclosed "{{"', () => parseModelCard(`# Uses\n${'{{'.repeat(MB / 2)}\n`, 'README.md'), 1500],
    // codecarbon.ts: /^[+-]?(?:\d+\.?\d*|…)$/ backtracked quadratically on a long run of digits.
    // codecarbon.ts: csv-parse built an error object for every blank line (a record of the wrong length).
    ['a CodeCarbon file of a million blank lines', () => parseCodeCarbonCsv(`run_id,emissions\nr,${'\n'.repeat(MB)},1`, 'emissions.csv'), 1500],
    // lfsPointer.ts: /\n+$/ backtracked quadratically on many newlines followed by text.
    ['a pointer of a million newlines and a letter', () => parseLfsPointer(`${'\n'.repeat(MB)}x`, 'p'), 1500],
    ['a CodeCarbon cell of a million digits and a letter', () => parseCodeCarbonCsv(`emissions\n${'1'.repeat(MB)}x\n`, 'emissions.csv'), 1500],
    // load.ts: the invalid byte was located by decoding ever longer prefixes: quadratic.
    ['invalid UTF-8 after a million short lines', () => decodeText(Buffer.from(`${'a\n'.repeat(MB)}\xff`, 'latin1'), 'x'), 1500],
    ['invalid UTF-8 at the end of a 2 MB line', () => decodeText(Buffer.concat([Buffer.alloc(2 * MB, 0x61), Buffer.from([0xc3, 0x28])]), 'x'), 1500],
    // load.ts: the yaml library's own duplicate-key check compares every key with every other.
    // (12,000 keys took 4 s, 50,000 a minute; the 8 MiB cap allows 800,000.)
    ['card front matter of 12,000 distinct keys', () => parseModelCard(`---\n${Array.from({ length: 12_000 }, (_, i) => `k${i}: v`).join('\n')}\n---\n# m\n`, 'README.md'), 2000],
    // load.ts: every alias is resolved by walking the document from its start.
    // (10,000 took 5 s, 32,000 took 43 s.)
    ['10,000 anchors each aliased once', () => parseYaml(Array.from({ length: 10_000 }, (_, i) => `a${i}: &x${i} v\nb${i}: *x${i}`).join('\n'), 'x.yml'), 2500],
    // load.ts: composing 100,000 syntax errors, and thousands of documents, one by one.
    // (the library's parseDocument took 17 s on 100,000.)
    ['100,000 stray "}"', () => parseYaml(` ${'}'.repeat(100_000)}"`, 'x.yml'), 2500],
    ['50,000 "---" documents', () => parseYaml('---\n'.repeat(50_000), 'x.yml'), 2500],
    ['JSON of 100,000 stray "}" (located through the YAML parser)', () => parseJson(` ${'}'.repeat(100_000)}"`, 'x.json'), 2500],
    // license.ts: spdx-expression-parse is superlinear in the expression's length.
    ['a licence expression of 100,000 "MIT AND"', () => classifyLicense(`${'MIT AND '.repeat(100_000)}MIT`), 1000],
  ];
  for (const [name, run, bound] of cases) {
    it(name, () => {
      const r = within(bound, name, run);
      expect(r).toBeDefined();
    });
  }

  it('refuses what it cannot read fast instead of reading it slowly', () => {
    expect(classifyLicense(`${'MIT AND '.repeat(100)}MIT`)).toMatchObject({ kind: 'unknown' });
    const aliases = parseYaml(Array.from({ length: 200 }, (_, i) => `a${i}: &x${i} v\nb${i}: *x${i}`).join('\n'), 'x.yml');
    expect(aliases.ok).toBe(false);
    if (!aliases.ok) expect(aliases.errors[0]?.message).toMatch(/alias/);
  });
});

/**
 * CPU time of one call, in ms; the minimum of two runs when it looks slow (a GC pause is not a
 * verdict). CPU time, not wall time: other processes waiting for the cores (a loaded CI runner, a
 * parallel test file) must not look like a super-linear parser.
 */
function timeOf(fn: () => unknown, minOf = 1): number {
  let best = Infinity;
  for (let i = 0; i < minOf; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/**
 * Every (prefix, pump, suffix): `prefix + pump × n + suffix` at n and 8n. Returns the combinations whose
 * time grows super-linearly: more than 24x for 8x the input, confirmed by more than 10x for 4x more.
 */
function superLinear(parse: (text: string) => unknown, prefixes: string[], pumps: string[], suffixes: string[], n = 1500): string[] {
  const slow: string[] = [];
  for (const p of prefixes) {
    for (const x of pumps) {
      for (const s of suffixes) {
        const make = (k: number) => p + x.repeat(k) + s;
        const small = timeOf(() => parse(make(n)));
        const big = timeOf(() => parse(make(8 * n)));
        if (big < 30 || big < 24 * Math.max(small, 0.5)) continue;
        // Suspect (or a GC pause, or the JIT warming up): confirm on 4x more, where quadratic is 16x.
        const t8 = timeOf(() => parse(make(8 * n)), 2);
        const t32 = timeOf(() => parse(make(32 * n)), 2);
        if (slow.length >= 3) return slow; // enough to show the defect; the rest would take minutes
        if (t32 > 100 && t32 > 10 * Math.max(t8, 1)) slow.push(`${JSON.stringify(p)} + ${JSON.stringify(x)} x ${32 * n} + ${JSON.stringify(s)}: ${t8.toFixed(1)} ms at ${8 * n}, ${t32.toFixed(1)} ms at ${32 * n}`);
      }
    }
  }
  return slow;
}

describe('the pump grid finds no super-linear input', () => {
  it('model card bodies (Markdown headings, sections, placeholders)', () => {
    const prefixes = ['', '# ', '## a', 'Title\n', '# Uses\n', '# Uses\n- ', '# Uses\n**', '# ['];
    const pumps = [' ', '\t', '#', '[', '(', '<', '{{', '<!--', '*', '**', '`', 'a', '-', '\n', '[a]('];
    const suffixes = ['', 'x', ']', '-->', '\n---\n'];
    expect(superLinear((t) => parseModelCard(t, 'README.md'), prefixes, pumps, suffixes)).toEqual([]);
  });

  it('CodeCarbon CSV cells', () => {
    const prefixes = ['emissions\n', 'emissions,run_id,duration\n', 'emissions\n"', 'run_id,emissions\nr,', ''];
    const pumps = ['1', '1.', ' ', '"', '""', ',', 'e1', '\n', '\r'];
    const suffixes = ['', 'x', '\n', '"', ',1'];
    expect(superLinear((t) => parseCodeCarbonCsv(t, 'emissions.csv'), prefixes, pumps, suffixes, 1000)).toEqual([]);
  });

  it('Git LFS pointers, hash values, licence ids and repository paths', () => {
    const lfs = ['version https://git-lfs.github.com/spec/v1\n', 'version https://git-lfs.github.com/spec/v1\noid sha256:', ''];
    expect(superLinear((t) => parseLfsPointer(t, 'p'), lfs, [' ', 'a', '0', '\n', 'ext-0-x sha256:', ':'], ['', 'x', '\n'])).toEqual([]);
    expect(superLinear((t) => normaliseSha256(t), ['', 'sha256:', '<', 'https://'], ['a', '0', '.', '=', '/', '-', '_', '…', 'z'], ['', '>', '=', 'x'])).toEqual([]);
    expect(superLinear((t) => classifyLicense(t), ['', 'MIT ', '(', 'LicenseRef-'], ['(', ' ', 'AND ', 'MIT ', '-', 'a', '+'], ['', ')', 'x'], 60)).toEqual([]);
    expect(superLinear((t) => resolveRepoPath('models/m', t), ['', '/', 'a/'], ['../', './', '/', '%2e', 'a', '\\'], ['', 'x', '..'])).toEqual([]);
  });

  it('YAML and JSON structure (flow and block collections, quotes, anchors, comments)', () => {
    const prefixes = ['', 'a: ', '['];
    const pumps = [' ', '[', '}', '- ', '"', '*a ', '#', '\n'];
    const suffixes = ['', 'x'];
    // YAML is read at about 1 MB/s, so a smaller n keeps the grid fast; 8x still separates linear from quadratic.
    expect(superLinear((t) => parseYaml(t, 'x.yml'), prefixes, pumps, suffixes, 250)).toEqual([]);
    expect(superLinear((t) => parseJson(t, 'x.json'), ['', '[', '"'], ['[', '}', ',', '"', '\\', ' '], ['', ']'], 400)).toEqual([]);
  });
});
