// Markdown and HTML renderers: the charts GitHub renders, the figures of the fixture, and strings
// from a hostile repository made inert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { aggregate } from '../../src/kpi/aggregate.js';
import { renderKpiMarkdown, niceCeiling } from '../../src/kpi/markdown.js';
import { renderKpiHtml } from '../../src/kpi/html.js';
import { sampleTrend } from '../../src/kpi/format.js';
import { emptyScore } from '../../src/kpi/score.js';
import type { KpiModel, KpiReport, TrendPoint } from '../../src/kpi/types.js';
import { AS_OF, buildFixture, cleanup } from './fixture.js';

const NOW = new Date('2026-11-28T09:00:00Z');
let kpi: KpiReport;
let markdown: string;
let page: string;

beforeAll(async () => {
  kpi = await buildKpiReport({ dir: buildFixture(), asOf: AS_OF, repository: 'acme/models', now: NOW, toolVersion: 'test' });
  markdown = renderKpiMarkdown(kpi);
  page = renderKpiHtml(kpi);
});
afterAll(cleanup);

function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe('Markdown KPI report', () => {
  it('has a pie of the risk tiers, a bar chart of the group scores and a line of the carbon trend', () => {
    const [pie, bars, line] = mermaidBlocks(markdown);
    expect(pie).toBe(
      '%%{init: {"themeVariables":{"pie1":"#cf222e","pie2":"#bf8700","pie3":"#1a7f37","pie4":"#8c959f"}}}%%\npie showData\n    title Models by risk tier\n    "high" : 2\n    "limited" : 1\n    "minimal" : 1\n    "not set" : 1\n',
    );
    expect(bars).toContain('xychart-beta\n');
    expect(bars).toContain('x-axis ["card", "datasets", "audit", "carbon"]');
    expect(bars).toContain('bar [95, 71.43, 44.44, 75]');
    expect(line).toBe(
      '%%{init: {"themeVariables":{"xyChart":{"plotColorPalette":"#2f6fb0"}}}}%%\nxychart-beta\n    title "Total carbon (kg CO2eq) after each change"\n    x-axis ["2026-01-10", "2026-03-15", "2026-05-20", "2026-08-01"]\n    y-axis "kg CO2eq" 0 --> 20\n    line [10.5, 12.5, 13.5, 18.5]\n',
    );
  });

  it('states every headline figure and how the score is computed', () => {
    expect(markdown).toContain('| High-risk models with a fresh independent audit | 1 of 2 (50 %) |');
    expect(markdown).toContain('| Compliance score (all checks) | 71.4 % (35 of 49); 1 waived, 5 skipped |');
    expect(markdown).toContain('| Open audit findings | 4 (2 overdue) |');
    expect(markdown).toContain('| Datasets without a verified hash | 2 of 3 |');
    expect(markdown).toContain('| Third-party models | 3 from 2 vendor(s) |');
    expect(markdown).toContain('| Carbon (training, reported) | 18.5 kg CO2eq over 3 of 5 model(s) |');
    expect(markdown).toMatch(/Compliance score = checks passed \/ checks evaluated, where evaluated = pass \\\+ fail \\\+ warn \\\+ error/);
    // Overdue findings first.
    const overdue = markdown.indexOf('⏰ 30 d overdue');
    expect(overdue).toBeGreaterThan(0);
    expect(markdown.indexOf('⏰ 10 d overdue')).toBeGreaterThan(overdue);
    expect(markdown).toContain('| Example AI Inc | 2 | 2/2 | 1/2 | 0/2 | 1/2 | 1/2 | 0/2 | **41.7 %** |');
  });

  it('cuts long tables and the trend chart to a size GitHub renders', () => {
    const points: TrendPoint[] = Array.from({ length: 100 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), commit: null, repository: 'r', totalKg: i, repositoryTotalKg: i, models: 1, changes: [] }));
    const sample = sampleTrend(points, 24);
    expect(sample).toHaveLength(24);
    expect(sample[0]).toBe(points[0]);
    expect(sample.at(-1)).toBe(points[99]);
    expect(niceCeiling(18.5)).toBe(20);
    expect(niceCeiling(0.3)).toBe(0.5);
    const short = renderKpiMarkdown(kpi, { maxRows: 2 });
    expect(short).toContain('…and 2 more findings (the JSON report lists them all).');
  });
});

describe('HTML KPI report', () => {
  it('is one self-contained file: no script, no external resource, a CSP that forbids loading any', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    // The only links are the vendor evidence links: repository-relative paths or http(s) report URLs, never loaded.
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:\/\/|[^:/?#]+(\/[^:/?#]+)*$)/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).toContain('@media print');
    expect(page).toContain('.new-page { break-before: page; }');
    expect(page).toContain('thead { display: table-header-group; }');
  });

  it('draws the charts as inline SVG and states the figures', () => {
    expect((page.match(/<svg /g) ?? []).length).toBe(6); // tiers, groups, findings, vendors, carbon per model, trend
    expect(page).toContain('<strong>1 of 2 (50 %)</strong>');
    expect(page).toContain('<strong>4 open, 2 overdue.</strong>');
    expect(page).toContain('18.5 kg');
    expect(page).toContain('<title>Total carbon (kg CO2eq) over time</title>');
  });
});

describe('untrusted repository text', () => {
  const evil = '<script>alert(1)</script> | `x` @acme/admins ](https://evil.example) <img src=x onerror=alert(2)>';
  function hostile(): KpiReport {
    const m: KpiModel = {
      repository: evil,
      path: `models/${evil}`,
      name: evil,
      riskTier: 'high',
      outcome: 'fail',
      owner: evil,
      license: [evil],
      vendor: { name: evil, contract: evil },
      exportControl: { reviewed: evil },
      compliance: { overall: emptyScore(), byGroup: { model: emptyScore(), card: emptyScore(), datasets: emptyScore(), audit: emptyScore(), carbon: emptyScore(), safety: emptyScore(), export: emptyScore() } },
      checks: [],
      audit: { limitDays: 180, audits: [{ id: evil, file: evil, independent: true, auditor: evil, date: '2026-01-01', ageDays: 331 }], independentFresh: false },
      findings: [{ audit: evil, auditFile: evil, id: evil, title: evil, severity: 'high', status: 'open', owner: evil, ageDays: 3 }],
      datasets: [{ ref: evil, name: evil, manifest: evil, files: [] }],
      carbon: { kg: 1, original: evil, source: evil, file: evil },
      vendorChecklist: { card: false, datasetProvenance: false, audit: false, carbon: true, exportControl: false, safetyTesting: false },
    };
    return aggregate({
      toolVersion: evil,
      generatedAt: NOW.toISOString(),
      asOf: AS_OF,
      repositories: [{ name: evil, asOf: AS_OF, generatedAt: NOW.toISOString(), verdict: 'fail', models: 1, policy: { source: evil, extends: evil, errors: [evil] } }],
      models: [m],
      trend: { status: 'ok', shallow: true, reason: evil, commitsScanned: 1, points: [{ date: NOW.toISOString(), commit: null, repository: evil, totalKg: 1, repositoryTotalKg: 1, models: 1, changes: [{ model: evil, kg: 1 }] }] },
    });
  }

  it('cannot open HTML, break tables, link or mention anyone in the Markdown', () => {
    const md = renderKpiMarkdown(hostile());
    // Code spans show their text literally; outside them nothing may be live.
    const outsideCode = md.replace(/\\`/g, '').replace(/(`+)[\s\S]*?\1/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)<(script|img)/);
    expect(outsideCode).not.toContain('@acme/admins');
    expect(outsideCode).not.toContain('](https://evil.example)');
    // Table rows keep their column count: GFM splits on every unescaped |, code spans included.
    const lines = md.split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('| ') || !line.includes('alert')) return;
      const header = lines.slice(0, i).reverse().find((l) => /^\|(---\|)+$/.test(l)) ?? '';
      expect((line.match(/(?<!\\)\|/g) ?? []).length, line).toBe((header.match(/\|/g) ?? []).length);
    });
    for (const block of mermaidBlocks(md)) expect(block).not.toContain('alert');
  });

  it('is inert in the HTML', () => {
    const page2 = renderKpiHtml(hostile());
    expect(page2).not.toMatch(/<script|<img/i);
    // Evidence links: each repository path is percent-encoded, so no scheme, query or markup survives.
    const hrefs = [...page2.matchAll(/href="([^"]*)"/g)].map((x) => x[1] ?? '');
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^[A-Za-z0-9%._~-]+(\/[A-Za-z0-9%._~-]+)*$/);
    expect(page2).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
