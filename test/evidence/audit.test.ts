import { describe, expect, it } from 'vitest';
import { isOverdue, parseAuditRecord, readAuditScope, severityAtLeast, type Finding } from '../../src/evidence/audit.js';
import type { Diagnostic, Parsed } from '../../src/types.js';

const FILE = 'audits/2026-09-acme.yml';

const VALID = `id: AUD-2026-014
auditor: { name: Example Assurance LLP, independent: true }
date: 2026-09-12
standard: ISO/IEC 42001
scope: [models/support-router, ./models/other/]
report: { url: "https://example.com/r.pdf", sha256: "${'A'.repeat(64)}" }
findings:
  - id: F-3
    title: "Disparate error rates across languages"
    severity: high
    status: open
    due: 2026-12-01
    owner: "@acme/ml-platform"
  - id: F-4
    title: Logging gaps
    severity: low
    status: accepted
    accepted_by: "@cto"
    reason: compensating control in place
`;

function errorsOf<T>(r: Parsed<T>): Diagnostic[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

function withFinding(lines: string): string {
  return `id: A\nauditor: { name: X }\nscope: [models/a]\nfindings:\n${lines}`;
}

describe('parseAuditRecord', () => {
  it('reads the spec example', () => {
    const r = parseAuditRecord(VALID, FILE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    const a = r.value;
    expect(a).toMatchObject({
      file: FILE,
      id: 'AUD-2026-014',
      auditor: { name: 'Example Assurance LLP', independent: true },
      date: '2026-09-12',
      standard: 'ISO/IEC 42001',
      scope: ['models/support-router', 'models/other'],
      report: { url: 'https://example.com/r.pdf', sha256: 'a'.repeat(64) },
    });
    expect(a.findings).toEqual([
      { id: 'F-3', title: 'Disparate error rates across languages', severity: 'high', status: 'open', due: '2026-12-01', owner: '@acme/ml-platform', line: 8 },
      { id: 'F-4', title: 'Logging gaps', severity: 'low', status: 'accepted', acceptedBy: '@cto', reason: 'compensating control in place', line: 14 },
    ]);
    expect(a.lineOf(['findings', 1, 'status'])).toBe(17);
  });

  it('defaults auditor.independent to false and findings to none', () => {
    const r = parseAuditRecord('id: A\nauditor: { name: X }\nscope: [m]\n', FILE);
    expect(r.ok && r.value.auditor).toEqual({ name: 'X', independent: false });
    expect(r.ok && r.value.findings).toEqual([]);
  });

  it('requires id and auditor.name, located', () => {
    const errs = errorsOf(parseAuditRecord('date: 2026-01-01\nauditor: { independent: true }\nscope: [m]\n', FILE));
    expect(errs.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/missing `id`/), expect.stringMatching(/missing `auditor.name`/)]));
    expect(errs.find((e) => /auditor\.name/.test(e.message))).toMatchObject({ file: FILE, line: 2 });
    expect(errorsOf(parseAuditRecord('id: A\nscope: [m]\n', FILE))[0]?.message).toMatch(/auditor\.name/);
    expect(errorsOf(parseAuditRecord('id: A\nauditor: Someone\n', FILE))[0]?.message).toMatch(/must be a mapping/);
  });

  it('insists that auditor.independent is a boolean', () => {
    const errs = errorsOf(parseAuditRecord('id: A\nauditor:\n  name: X\n  independent: yes\nscope: [m]\n', FILE));
    expect(errs[0]).toMatchObject({ line: 4 });
    expect(errs[0]?.message).toMatch(/auditor\.independent.*true or false/);
  });

  it('rejects unknown severities and statuses, listing the allowed values', () => {
    const errs = errorsOf(parseAuditRecord(withFinding('  - { id: F-1, title: t, severity: urgent, status: done }\n'), FILE));
    expect(errs).toHaveLength(2);
    expect(errs[0]?.message).toMatch(/severity "urgent" is not one of critical, high, medium, low, info/);
    expect(errs[1]?.message).toMatch(/status "done" is not one of open, remediated, accepted, wont-fix/);
    expect(errs[0]?.line).toBe(5);
    expect(errorsOf(parseAuditRecord(withFinding('  - { id: F-1, title: t, severity: High, status: open }\n'), FILE))[0]?.message).toMatch(/"High"/);
  });

  it('requires finding id, title, severity and status', () => {
    const errs = errorsOf(parseAuditRecord(withFinding('  - { owner: x }\n'), FILE));
    expect(errs.map((e) => e.message).join('\n')).toMatch(/findings\[0\]\.id[\s\S]*title[\s\S]*severity[\s\S]*status/);
  });

  it('rejects dates that are not YYYY-MM-DD or not real', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '12/09/2026', '2026-9-1', '2026-09-12T10:00:00Z', '20260912']) {
      const errs = errorsOf(parseAuditRecord(`id: A\nauditor: { name: X }\nscope: [m]\ndate: ${bad}\n`, FILE));
      expect(errs[0]).toMatchObject({ line: 4 });
      expect(errs[0]?.message).toMatch(/`date` must be a real date written YYYY-MM-DD/);
    }
    const due = errorsOf(parseAuditRecord(withFinding('  - { id: F-1, title: t, severity: low, status: open, due: 2025-02-29 }\n'), FILE));
    expect(due[0]?.message).toMatch(/finding F-1: due/);
    expect(parseAuditRecord('id: A\nauditor: { name: X }\nscope: [m]\ndate: 2024-02-29\n', FILE).ok).toBe(true);
  });

  it('refuses scope entries that leave the repository and normalises the rest', () => {
    for (const bad of ['../elsewhere', '/etc', 'models/../../x', 'https://example.com/m', 'C:/models', 'models\\\\a']) {
      const errs = errorsOf(parseAuditRecord(`id: A\nauditor: { name: X }\nscope:\n  - models/ok\n  - "${bad}"\n`, FILE));
      expect(errs[0]).toMatchObject({ file: FILE, line: 5 });
      expect(errs[0]?.message).toMatch(/^scope: /);
    }
    const r = parseAuditRecord('id: A\nauditor: { name: X }\nscope: [models/a/, ./models/a, models/b/../c]\n', FILE);
    expect(r.ok && r.value.scope).toEqual(['models/a', 'models/c']);
    const single = parseAuditRecord('id: A\nauditor: { name: X }\nscope: models/a\n', FILE);
    expect(single.ok && single.value.scope).toEqual(['models/a']);
  });

  it('warns when the scope is empty', () => {
    const r = parseAuditRecord('id: A\nauditor: { name: X }\n', FILE);
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings[0]?.message).toMatch(/covers no model/);
  });

  it('requires accepted_by and reason on accepted findings', () => {
    const errs = errorsOf(parseAuditRecord(withFinding('  - { id: F-1, title: t, severity: low, status: accepted }\n'), FILE));
    expect(errs[0]?.message).toMatch(/finding F-1 is accepted but has no `accepted_by` and `reason`/);
    expect(errs[0]?.line).toBe(5);
    const one = errorsOf(parseAuditRecord(withFinding('  - { id: F-1, title: t, severity: low, status: accepted, accepted_by: "@x" }\n'), FILE));
    expect(one[0]?.message).toMatch(/has no `reason`/);
  });

  it('rejects duplicate finding ids, naming the first line', () => {
    const text = withFinding('  - { id: F-1, title: a, severity: low, status: open }\n  - { id: F-1, title: b, severity: low, status: open }\n');
    const errs = errorsOf(parseAuditRecord(text, FILE));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line: 6 });
    expect(errs[0]?.message).toMatch(/duplicate finding id "F-1" \(first on line 5\)/);
  });

  it('warns on unknown keys at every level, with their line', () => {
    const text = 'id: A\nauditr: typo\nauditor: { name: X, indep: true }\nscope: [m]\nreport: { url: "https://x", hash: y }\nfindings:\n  - { id: F, title: t, severity: low, status: open, sevrity: x }\n';
    const r = parseAuditRecord(text, FILE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([
      [2, expect.stringMatching(/unknown key `auditr`/)],
      [3, expect.stringMatching(/unknown key `auditor.indep`/)],
      [5, expect.stringMatching(/unknown key `report.hash`/)],
      [7, expect.stringMatching(/unknown key `findings\[0\].sevrity`/)],
    ]);
  });

  it('checks the report reference', () => {
    expect(errorsOf(parseAuditRecord('id: A\nauditor: { name: X }\nscope: [m]\nreport: { url: "https://x", sha256: abc }\n', FILE))[0]?.message).toMatch(/64 hexadecimal/);
    expect(errorsOf(parseAuditRecord('id: A\nauditor: { name: X }\nscope: [m]\nreport: { sha256: abc }\n', FILE)).map((e) => e.message).join()).toMatch(/needs a `url` or a `path`/);
    expect(errorsOf(parseAuditRecord('id: A\nauditor: { name: X }\nscope: [m]\nreport: { path: ../../etc/passwd }\n', FILE))[0]?.message).toMatch(/leaves the repository/);
    const r = parseAuditRecord('id: A\nauditor: { name: X }\nscope: [m]\nreport: { path: reports/a.pdf }\n', FILE);
    expect(r.ok && r.value.report).toEqual({ path: 'audits/reports/a.pdf' });
  });

  it('reports YAML problems and non-mappings as located errors, never throwing', () => {
    expect(errorsOf(parseAuditRecord('id: A\nid: B\n', FILE))[0]).toMatchObject({ line: 2 });
    expect(errorsOf(parseAuditRecord('- a\n- b\n', FILE))[0]?.message).toMatch(/must be a YAML mapping/);
    expect(errorsOf(parseAuditRecord('', FILE))[0]?.message).toMatch(/mapping/);
    expect(errorsOf(parseAuditRecord('id: A\nauditor: { name: X }\nfindings: nope\n', FILE))[0]?.message).toMatch(/must be a list/);
  });
});

describe('isOverdue', () => {
  const f = (status: Finding['status'], due?: string): Finding => ({ id: 'F', title: 't', severity: 'low', status, ...(due ? { due } : {}) });
  it('is true only for open findings past their due date', () => {
    expect(isOverdue(f('open', '2026-12-01'), '2026-12-02')).toBe(true);
    expect(isOverdue(f('open', '2026-12-01'), '2026-12-01')).toBe(false);
    expect(isOverdue(f('open', '2026-12-01'), '2026-11-30')).toBe(false);
    expect(isOverdue(f('open'), '2030-01-01')).toBe(false);
    expect(isOverdue(f('remediated', '2020-01-01'), '2026-01-01')).toBe(false);
    expect(isOverdue(f('accepted', '2020-01-01'), '2026-01-01')).toBe(false);
  });
});

describe('severityAtLeast', () => {
  it('orders critical > high > medium > low > info', () => {
    expect(severityAtLeast('critical', 'high')).toBe(true);
    expect(severityAtLeast('high', 'high')).toBe(true);
    expect(severityAtLeast('medium', 'high')).toBe(false);
    expect(severityAtLeast('info', 'info')).toBe(true);
    expect(severityAtLeast('info', 'low')).toBe(false);
  });
});

describe('readAuditScope', () => {
  it('reads the scope of a record that does not parse as a whole, so the models it names still fail on it', () => {
    const broken = withFinding('  - { id: F-1, title: t, severity: severe, status: open }\n').replace('scope: [models/a]', 'scope: [models/a, ./models/b/]');
    expect(parseAuditRecord(broken, FILE).ok).toBe(false);
    expect(readAuditScope(broken, FILE)).toEqual(['models/a', 'models/b']);
    expect(readAuditScope('id: A\nscope: models/one\n', FILE)).toEqual(['models/one']);
    expect(readAuditScope('id: A\n', FILE)).toEqual([]);
  });
  it('is undefined when the scope itself cannot be read: the record may cover any model', () => {
    expect(readAuditScope('id: A\nscope: [models/a\n', FILE)).toBeUndefined();
    expect(readAuditScope('- not a mapping\n', FILE)).toBeUndefined();
    expect(readAuditScope('id: A\nscope: [models/a, { dir: models/b }]\n', FILE)).toBeUndefined();
    expect(readAuditScope('id: A\nscope: [../outside]\n', FILE)).toBeUndefined();
  });
});
