// `modelgate report` on the command line: argument parsing, every format, --merge, exit codes; and
// `modelgate check` parsing as before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCliArgs, UsageError, HELP } from '../../cli/args.js';
import { main } from '../../cli/main.js';
import { AS_OF, buildFixture, buildSecondFixture, cleanup, tempDir, write } from './fixture.js';
import { cycloneDx16, errorsOf, kpiSchema } from './validators.js';

let repo: string;
let out: string;

beforeAll(() => {
  repo = buildFixture();
  out = tempDir('modelgate-kpi-out-');
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  cleanup();
});

describe('parseCliArgs: report', () => {
  it('reads the report options, markdown by default', () => {
    expect(parseCliArgs(['report'])).toEqual({ command: 'report', dir: '.', merge: [], format: 'markdown', history: true });
    expect(parseCliArgs(['report', 'x', '--format', 'cyclonedx', '--output', 'o', '--as-of', '2026-01-02', '--config', 'c.yml', '--repository', 'a/b', '--no-history'])).toEqual({
      command: 'report',
      dir: 'x',
      merge: [],
      format: 'cyclonedx',
      output: 'o',
      asOf: '2026-01-02',
      config: 'c.yml',
      repository: 'a/b',
      history: false,
    });
    expect(parseCliArgs(['report', '--merge', 'a.json', 'b.json', '--format', 'html'])).toMatchObject({ merge: ['a.json', 'b.json'], format: 'html' });
  });

  it('refuses what does not apply', () => {
    expect(() => parseCliArgs(['report', '--format', 'sarif'])).toThrow(UsageError);
    expect(() => parseCliArgs(['report', '--base', 'main'])).toThrow(/--base is an option of modelgate check/);
    expect(() => parseCliArgs(['report', 'a', 'b'])).toThrow(/use --merge/);
    expect(() => parseCliArgs(['report', '--merge'])).toThrow(/--merge needs/);
    expect(() => parseCliArgs(['report', '--merge', 'a.json', '--as-of', '2026-01-01'])).toThrow(UsageError);
    expect(() => parseCliArgs(['report', '--as-of', 'tomorrow'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseCliArgs(['check', '--merge'])).toThrow(/option of modelgate report/);
    expect(() => parseCliArgs(['report', '--vendor', 'X'])).toThrow(/use it with --format vendor/);
    expect(() => parseCliArgs(['check', '--vendor', 'X'])).toThrow(/option of modelgate report/);
    expect(parseCliArgs(['report', '--format', 'vendor', '--vendor', 'Example AI Inc'])).toMatchObject({ format: 'vendor', vendor: 'Example AI Inc' });
  });

  it('leaves check as it was', () => {
    expect(parseCliArgs(['check', 'x'])).toMatchObject({ command: 'check', dir: 'x', format: 'text', all: true });
    expect(parseCliArgs(['check', '--format', 'sarif'])).toMatchObject({ format: 'sarif' });
    expect(() => parseCliArgs(['check', '--format', 'html'])).toThrow(UsageError);
    expect(HELP).toContain('modelgate check [dir] [--all | --base REF [--head REF] [--merged]] [options]');
    expect(HELP).toContain('modelgate report [dir]');
  });
});

describe('modelgate report', () => {
  const run = (...args: string[]) => main(['report', ...args]);

  it('writes every format; JSON and CycloneDX validate against their schemas', async () => {
    const file = (name: string) => join(out, name);
    expect(await run(repo, '--as-of', AS_OF, '--repository', 'acme/models', '--format', 'json', '--output', file('a.json'))).toBe(0);
    expect(await run(repo, '--as-of', AS_OF, '--format', 'cyclonedx', '--output', file('bom.json'))).toBe(0);
    expect(await run(repo, '--as-of', AS_OF, '--format', 'html', '--output', file('kpi.html'))).toBe(0);
    expect(await run(repo, '--as-of', AS_OF, '--output', file('kpi.md'))).toBe(0);
    const kpi = JSON.parse(readFileSync(file('a.json'), 'utf8')) as { highRiskAudit: { share: number } };
    const validate = kpiSchema();
    expect(validate(kpi), errorsOf(validate)).toBe(true);
    expect(kpi.highRiskAudit.share).toBe(0.5);
    const cdx = cycloneDx16();
    expect(cdx(JSON.parse(readFileSync(file('bom.json'), 'utf8'))), errorsOf(cdx)).toBe(true);
    expect(readFileSync(file('kpi.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(file('kpi.md'), 'utf8')).toContain('```mermaid');
  });

  it('announces what it wrote: a CycloneDX ML-BOM is not called a KPI report', async () => {
    const spy = vi.mocked(process.stderr.write);
    spy.mockClear();
    expect(await run(repo, '--as-of', AS_OF, '--no-history', '--format', 'cyclonedx', '--output', join(out, 'bom2.json'))).toBe(0);
    const said = spy.mock.calls.map((c) => String(c[0])).join('');
    expect(said).toMatch(/^modelgate: CycloneDX ML-BOM of \d+ model\(s\)/);
    expect(said).not.toContain('KPI report');
    spy.mockClear();
    expect(await run(repo, '--as-of', AS_OF, '--no-history', '--format', 'json', '--output', join(out, 'k2.json'))).toBe(0);
    expect(spy.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^modelgate: KPI report of/);
  });

  it('writes the supplier pack of every vendor, or of the one --vendor names; an unknown vendor is a usage error', async () => {
    expect(await run(repo, '--as-of', AS_OF, '--no-history', '--format', 'vendor', '--output', join(out, 'vendors.md'))).toBe(0);
    const all = readFileSync(join(out, 'vendors.md'), 'utf8');
    expect(all.match(/^# Vendor due diligence: .*$/gm)?.sort()).toEqual(['# Vendor due diligence: Example AI Inc', '# Vendor due diligence: Other Vendor']);
    expect(all).toContain('## What we ask you to provide');
    expect(await run(repo, '--as-of', AS_OF, '--no-history', '--format', 'vendor', '--vendor', 'other vendor', '--output', join(out, 'other.md'))).toBe(0);
    expect(readFileSync(join(out, 'other.md'), 'utf8').match(/^# Vendor due diligence: .*$/gm)).toEqual(['# Vendor due diligence: Other Vendor']);
    expect(await run(repo, '--as-of', AS_OF, '--no-history', '--format', 'vendor', '--vendor', 'Nobody')).toBe(2);
  });

  it('merges JSON reports of several repositories', async () => {
    const second = buildSecondFixture();
    expect(await run(second, '--as-of', AS_OF, '--repository', 'acme/other', '--format', 'json', '--output', join(out, 'b.json'))).toBe(0);
    expect(await run('--merge', join(out, 'a.json'), join(out, 'b.json'), '--format', 'json', '--output', join(out, 'org.json'))).toBe(0);
    const org = JSON.parse(readFileSync(join(out, 'org.json'), 'utf8')) as { repositories: { name: string }[]; highRiskAudit: { models: number } };
    expect(org.repositories.map((r) => r.name)).toEqual(['acme/models', 'acme/other']);
    expect(org.highRiskAudit.models).toBe(3);
  });

  it('exits 2 for an input that is not a KPI report, a missing directory, or an invalid policy', async () => {
    write(out, 'bad.json', JSON.stringify({ schemaVersion: 1, kind: 'something' }));
    expect(await run('--merge', join(out, 'bad.json'))).toBe(2);
    expect(await run('--merge', join(out, 'missing.json'))).toBe(2);
    expect(await run(join(out, 'no-such-dir'))).toBe(2);
    const broken = tempDir();
    write(broken, '.github/modelgate.yml', 'checks: { nonsense: error }\n');
    write(broken, 'models/m/README.md', '---\nlicense: mit\n---\n');
    expect(await run(broken, '--no-history', '--output', join(out, 'broken.md'))).toBe(2);
    expect(readFileSync(join(out, 'broken.md'), 'utf8')).toContain('The policy configuration is invalid');
  });
});
