// The scan that spares parsing audit and safety records: a record whose text cannot name a model
// must truly not cover it, whatever the YAML says; held here against the real parser.
import { describe, expect, it } from 'vitest';
import { mayName, scopeHint } from '../../src/scopeScan.js';
import { readAuditScope } from '../../src/evidence/audit.js';
import { scopeCovers } from '../../src/auditIndex.js';

const record = (scope: string) => `id: A-1\nauditor: { name: "Assurance LLP", independent: true }\ndate: 2026-09-01\nscope: ${scope}\nfindings: []\n`;
const names = (scope: string, model: string) => mayName(scopeHint(record(scope)), model);

describe('scopeHint and mayName', () => {
  it('name the model a scope entry names, and the models below a directory it names', () => {
    expect(names('[models/a]', 'models/a')).toBe(true);
    expect(names('[models/a]', 'models/b')).toBe(false);
    expect(names('[models/a]', 'models/ab')).toBe(false);
    expect(names('[models/a]', 'models/a/v2')).toBe(true);
    expect(names('\n  - models\n', 'models/zeta')).toBe(true);
    expect(names('[models/a]', 'other/x')).toBe(false);
  });
  it('see through the ways YAML and paths may write the same directory', () => {
    for (const written of ['models/a/', 'models//a', '"models/a"', "'models/a'", '[ models/a ] # covers a', '!!str models/a', '>-\n  models/a', '{ x: 1 }\nother: &p models/a'])
      expect([written, names(written, 'models/a')]).toEqual([written, true]);
  });
  it('name every model when a dot segment, the repository root or an escape may be written', () => {
    for (const written of ['[.]', '[./other]', '[other/../models]', '["models/\\x61"]', '[models/b/..]']) {
      expect([written, names(written, 'models/a')]).toEqual([written, true]);
    }
    expect(names('[.]', '')).toBe(true);
    expect(names('[models/a]', '')).toBe(false);
    // Sentences and version numbers hold no dot segment.
    expect(scopeHint('title: "Fixed in v1.2... see the report."\nscope: [models/b]\n').any).toBe(false);
  });
  it('a model path with characters the scan does not reason about is always named', () => {
    expect(names('[models/a]', 'models/caf\u00e9')).toBe(true);
    expect(names('[models/a]', 'models/my model')).toBe(true);
  });
  it('a record whose YAML is broken names the models its text may name, not every model', () => {
    expect(names('[models/a', 'models/a')).toBe(true);
    expect(names('[models/a', 'models/b')).toBe(false);
    expect(readAuditScope(record('[models/a'), 'audits/r.yml')).toBeUndefined();
  });
  it('never misses a model the parsed scope covers', () => {
    const models = ['models/a', 'models/a/v2', 'models/b', 'teams/nlp/models/x', 'x', 'models/a.b', 'models/-a'];
    const written = [
      'models/a', 'models', 'models/', './models/a', 'models/./a', 'teams/nlp', 'teams//nlp/models/x/', 'x', '"x"', 'models/a.b', 'models/-a',
      "'models/b'", 'models/a\n    /v2', '"models/\\u0061"', '[models/b, teams/nlp/models]', '{a: b}', 'models/a.b/..', '..',
    ];
    let checked = 0;
    for (const w of written) {
      const text = record(w.startsWith('[') || w.startsWith('{') ? w : `[${w}]`);
      const scope = readAuditScope(text, 'audits/r.yml');
      for (const m of models) {
        if (scope !== undefined && scopeCovers(scope, m)) {
          checked++;
          expect([w, m, mayName(scopeHint(text), m)]).toEqual([w, m, true]);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
