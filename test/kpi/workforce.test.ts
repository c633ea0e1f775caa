// The workforce KPI and the vendor due-diligence views, on a real git repository with dated commits:
// cards declaring governance.workforce, a .github/modelgate-workforce.yml, a third-party model.
// Figures worked out by hand:
//   models/a: Agent 10 FTE (from 2026-03-01), vendor "Evil](x) <b>Co"; models/b: Clerk 2.5 FTE (from 2026-07-01)
//   P1 headcount 4, 50000 EUR, 2026-04-01..2026-12-31, roles [agent]   -> running on 2026-11-28, covers a
//   P2 headcount 3, 1000 USD, 2027-01-01..2027-06-30, models [models/b] -> planned, not counted
//   exposure 12.5 FTE, headcount 4, coverage 4 / 12.5 = 0.32; a: 4/10 = 0.4; b: 0/2.5 = 0
//   trend: 2026-03-01 (10, 0), 2026-05-01 (10, 4, 50000 EUR), 2026-07-01 (12.5, 4, 50000 EUR)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { mergeKpiReports, parseKpiReport } from '../../src/kpi/merge.js';
import { renderKpiMarkdown } from '../../src/kpi/markdown.js';
import { renderKpiHtml } from '../../src/kpi/html.js';
import { renderVendorPack } from '../../src/kpi/vendorPack.js';
import { pathHref, urlHref, vendorItemViews } from '../../src/kpi/vendor.js';
import type { KpiReport } from '../../src/kpi/types.js';
import { AS_OF, cleanup, commit, git, tempDir, write } from './fixture.js';

const NOW = new Date('2026-11-28T09:00:00Z');
const VENDOR = 'Evil](https://x.example) <b>Co';

function cardA(workforce: boolean): string {
  return `---
license: apache-2.0
governance:
  owner: "@acme/ml"
  risk_tier: limited
  vendor: { name: "${VENDOR}", contract: "C-1" }
  export_control: { classification: EAR99, reviewed: 2026-02-01 }
${workforce ? '  workforce:\n    roles:\n      - { role: Agent, fte: 10 }\n' : ''}---

# A
`;
}

function cardB(workforce: boolean): string {
  return `---
license: mit
governance:
  owner: "@acme/ml"
  risk_tier: minimal
${workforce ? '  workforce: { assessed: 2026-06-30, roles: [{ role: Clerk, fte: 2.5 }] }\n' : ''}---

# B
`;
}

const PROGRAMMES = `programmes:
  - name: P1
    headcount: 4
    budget: { amount: 50000, currency: EUR }
    period: { start: 2026-04-01, end: 2026-12-31 }
    roles: [agent]
  - name: P2
    headcount: 3
    budget: { amount: 1000, currency: USD }
    period: { start: 2027-01-01, end: 2027-06-30 }
    models: [models/b]
`;

function repo(): string {
  const dir = tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  write(dir, 'models/a/README.md', cardA(true));
  write(dir, 'models/a/model.safetensors', 'weights-a');
  write(dir, 'models/b/README.md', cardB(false));
  write(dir, 'models/b/model.onnx', 'weights-b');
  commit(dir, '2026-03-01', 'two models');
  write(dir, '.github/modelgate-workforce.yml', PROGRAMMES);
  commit(dir, '2026-05-01', 'reskilling programmes');
  write(dir, 'models/b/README.md', cardB(true));
  commit(dir, '2026-07-01', 'b affects clerks');
  write(dir, 'models/a/model.safetensors', 'weights-a2');
  commit(dir, '2026-08-01', 'unrelated change');
  return dir;
}

let dir: string;
let kpi: KpiReport;

beforeAll(async () => {
  dir = repo();
  kpi = await buildKpiReport({ dir, asOf: AS_OF, repository: 'acme/models', now: NOW, toolVersion: 'test' });
});
afterAll(cleanup);

describe('workforce KPI', () => {
  it('sets FTE affected against running reskilling headcount and budget, per model and overall', () => {
    const w = kpi.workforce;
    expect({ exposureFte: w.exposureFte, headcount: w.headcount, coverage: w.coverage, budget: w.budget }).toEqual({ exposureFte: 12.5, headcount: 4, coverage: 0.32, budget: [{ currency: 'EUR', amount: 50000 }] });
    expect(w.models).toEqual([
      { repository: 'acme/models', path: 'models/b', name: 'b', fte: 2.5, headcount: 0, coverage: 0, programmes: [] },
      { repository: 'acme/models', path: 'models/a', name: 'a', fte: 10, headcount: 4, coverage: 0.4, programmes: ['P1'] },
    ]);
    expect(w.programmes.map((p) => [p.name, p.status, p.covers])).toEqual([
      ['P1', 'running', ['models/a']],
      ['P2', 'planned', ['models/b']],
    ]);
    expect(kpi.repositories[0]?.workforce).toEqual({ file: '.github/modelgate-workforce.yml', programmes: 2, errors: [] });
    expect(kpi.models.find((m) => m.path === 'models/b')?.workforce).toEqual({ fte: 2.5, assessed: '2026-06-30', roles: [{ role: 'Clerk', fte: 2.5 }] });
    expect(parseKpiReport(JSON.parse(JSON.stringify(kpi)))).toMatchObject({ ok: true });
  });

  it('follows the cards and the workforce file through the git history, skipping commits that change nothing', () => {
    const t = kpi.workforce.trend;
    expect(t.status).toBe('ok');
    expect(t.commitsScanned).toBe(3);
    expect(t.points.map((p) => [p.date.slice(0, 10), p.exposureFte, p.headcount, p.budget])).toEqual([
      ['2026-03-01', 10, 0, []],
      ['2026-05-01', 10, 4, [{ currency: 'EUR', amount: 50000 }]],
      ['2026-07-01', 12.5, 4, [{ currency: 'EUR', amount: 50000 }]],
    ]);
    expect(t.points.every((p) => p.commit !== null && /^[0-9a-f]{40}$/.test(p.commit))).toBe(true);
  });

  it('is in the Markdown and HTML board packs', () => {
    const mdText = renderKpiMarkdown(kpi);
    expect(mdText).toContain('### Workforce: reskilling against automation exposure');
    expect(mdText).toContain('**12.5 FTE** affected across 2 model(s); **4** people in running reskilling programmes (coverage 32 %); budget **50,000 EUR**.');
    expect(mdText).toContain('| P2 | planned | 2027-01-01 to 2027-06-30 | 3 | 1,000 USD | `models/b` | `models/b` |');
    expect(mdText).toContain('    line [10, 10, 12.5]');
    const html = renderKpiHtml(kpi);
    expect(html).toContain('<h2>8. Workforce: reskilling against automation exposure</h2>');
    expect(html).toContain('<title>FTE affected over time</title>');
  });

  it('merges two repositories: programmes match their own repository, trends carry each one forward', async () => {
    const other = await buildKpiReport({ dir, asOf: AS_OF, repository: 'acme/other', now: NOW, toolVersion: 'test' });
    const merged = mergeKpiReports([kpi, other], { toolVersion: 'test', generatedAt: NOW.toISOString() });
    expect(merged.workforce.exposureFte).toBe(25);
    expect(merged.workforce.headcount).toBe(8);
    expect(merged.workforce.budget).toEqual([{ currency: 'EUR', amount: 100000 }]);
    expect(merged.workforce.models.filter((m) => m.path === 'models/a').map((m) => m.headcount)).toEqual([4, 4]);
    expect(merged.workforce.trend.points.map((p) => p.exposureFte)).toEqual([10, 20, 20, 20, 22.5, 25]);
    expect(parseKpiReport(JSON.parse(JSON.stringify(merged)))).toMatchObject({ ok: true });
  });

  it('an invalid workforce file counts no programme and says where it is wrong', async () => {
    const bad = tempDir();
    git(bad, ['init', '-q', '-b', 'main']);
    write(bad, 'models/a/README.md', cardA(true));
    write(bad, 'models/a/model.safetensors', 'w');
    write(bad, '.github/modelgate-workforce.yml', PROGRAMMES.replace('headcount: 4', 'head_count: 4'));
    const r = await buildKpiReport({ dir: bad, asOf: AS_OF, repository: 'acme/bad', now: NOW, toolVersion: 'test', history: false });
    expect(r.workforce.headcount).toBe(0);
    expect(r.workforce.programmes).toEqual([]);
    expect(r.repositories[0]?.workforce?.errors).toEqual([
      '.github/modelgate-workforce.yml:3:5: unknown key `programmes[0].head_count` (expected name, headcount, budget, period, roles, models)',
      '.github/modelgate-workforce.yml:2:5: missing `programmes[0].headcount` (people the programme reskills)',
    ]);
    expect(renderKpiMarkdown(r)).toContain('> ⛔ **The workforce file is invalid**: its programmes are not counted.');
    expect(r.workforce.trend).toMatchObject({ status: 'unavailable', reason: 'not requested (--no-history)' });
  });
});

describe('vendor due diligence', () => {
  it('gives each of the six items, met or not, with the evidence or the reason', () => {
    const a = kpi.models.find((m) => m.path === 'models/a');
    if (!a) throw new Error('no model a');
    expect(vendorItemViews(a).map((i) => [i.item, i.met, i.evidence.map((e) => e.path), i.why])).toEqual([
      ['card', false, ['models/a/README.md'], 'card.fields, card.sections did not pass'],
      ['datasetProvenance', false, [], 'the card lists no dataset'],
      ['audit', false, [], 'no audit covers the model'],
      ['carbon', false, [], 'no carbon figure'],
      ['exportControl', true, ['models/a/README.md'], ''],
      ['safetyTesting', false, [], 'no bias and no red-team evaluation covers the model'],
    ]);
  });

  it('the board pack and the supplier pack escape the vendor name and link the evidence by repository path', () => {
    const pack = renderVendorPack(kpi);
    expect(pack).toContain('# Vendor due diligence: Evil\\]\\(https:/\u200b/x.example\\) \\<b\\>Co');
    expect(pack).toContain('| Model card | ❌ not met | [model card: `models/a/README.md`](models/a/README.md) | card.fields, card.sections did not pass |');
    expect(pack).toContain('- **`models/a`, Independent audit** (no audit covers the model): An independent audit of the model');
    expect(pack).not.toContain('<b>');
    expect(pack).not.toMatch(/\]\(https:\/\/x/);
    const board = renderKpiMarkdown(kpi);
    expect(board).toContain('##### Evil\\]\\(https:/\u200b/x.example\\) \\<b\\>Co: 1 of 6 checklist items met (vendor score 16.7 %)');
    const html = renderKpiHtml(kpi);
    expect(html).toContain('<h3>Vendor: Evil](https://x.example) &lt;b&gt;Co: 1 of 6 checklist items met (vendor score 16.7 %)</h3>');
    expect(html).toContain('<a href="models/a/README.md">model card: <code>models/<wbr>a/<wbr>README.md</code></a>');
  });

  it('link targets keep no scheme, query or Markdown syntax', () => {
    expect(pathHref('safety/x](javascript:alert(1)).yml')).toBe('safety/x%5D%28javascript%3Aalert%281%29%29.yml');
    expect(pathHref('./a b/c#d?.yml')).toBe('a%20b/c%23d%3F.yml');
    expect(urlHref('javascript:alert(1)')).toBeUndefined();
    expect(urlHref('https://r.example/a (1).pdf')).toBe('https://r.example/a%20%281%29.pdf');
  });
});
