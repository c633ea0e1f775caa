// src/check.ts is the lean entry of the check path (`modelgate check`, the Action's evaluation):
// what it reaches at run time is what a check loads at start-up, so the KPI, attestation and Ajv
// code must stay out of it (docs/benchmarks.md, start-up). Type-only imports cost nothing at run
// time and are not followed.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as checkEntry from '../../src/check.js';
import * as publicEntry from '../../src/index.js';
import { REPO_ROOT } from './fixtures.js';

/** The modules a file imports at run time: relative ones as repository paths, packages by name. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const node of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) spec = node.moduleSpecifier;
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly) {
      const named = node.exportClause;
      const typeOnly = named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!typeOnly) spec = node.moduleSpecifier;
    }
    if (spec === undefined || !ts.isStringLiteral(spec)) continue;
    out.push(spec.text.startsWith('.') ? relative(REPO_ROOT, resolve(dirname(file), spec.text.replace(/\.js$/, '.ts'))) : spec.text);
  }
  return out;
}

/** Every module reached at run time from `entry` (a repository path), packages included. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    if (path.startsWith('src/') || path.startsWith('adapters/') || path.startsWith('cli/')) for (const next of runtimeImports(join(REPO_ROOT, path))) visit(next);
  };
  visit(entry);
  return seen;
}

describe('the check path entry (src/check.ts)', () => {
  const reached = [...closure('src/check.ts')];

  it('reaches no KPI, attestation or Ajv module at run time', () => {
    expect(reached).toContain('src/checkChange.ts');
    expect(reached).toContain('zod');
    expect(reached.filter((m) => m.startsWith('src/kpi/') || m.startsWith('src/attest/') || m === 'ajv' || m.startsWith('ajv/'))).toEqual([]);
  });

  it('is what `modelgate check` loads: cli/check.ts reaches no more of the core', () => {
    const fromCli = [...closure('cli/check.ts')].filter((m) => m.startsWith('src/'));
    expect(fromCli.filter((m) => !reached.includes(m))).toEqual([]);
  });

  it('is part of the public entry: src/index.ts exports every name it does', () => {
    const names = Object.keys(checkEntry);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !(n in publicEntry))).toEqual([]);
  });
});
