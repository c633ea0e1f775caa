// The board pack's first screen: a headline saying how many models fail the gate and why, before
// any percentage, in every format; dataset reasons that name the cause; and no absolute local path
// (the checkout's, or a local clone's origin) anywhere in a report. The HTML is also laid out in
// headless Chromium to see that the headline is on the first screen, above every percentage.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { renderKpiHtml } from '../../src/kpi/html.js';
import { renderKpiMarkdown } from '../../src/kpi/markdown.js';
import { renderKpiJson } from '../../src/kpi/json.js';
import { renderCycloneDx } from '../../src/kpi/cyclonedx.js';
import { mergeKpiReports } from '../../src/kpi/merge.js';
import { isNetworkRemote } from '../../adapters/git/history.js';
import type { KpiReport } from '../../src/kpi/types.js';
import { AS_OF, buildFixture, cleanup, git, tempDir } from './fixture.js';

let fixture: string;
let clone: string;
let kpi: KpiReport;

beforeAll(async () => {
  fixture = buildFixture();
  // A clone of a local path: its origin is a directory of this machine, not a repository name.
  clone = join(tempDir('modelgate-kpi-clone-'), 'board-models');
  git(fixture, ['clone', '-q', fixture, clone]);
  kpi = await buildKpiReport({ dir: clone, asOf: AS_OF, now: new Date('2026-11-28T09:00:00Z') });
}, 120_000);
afterAll(cleanup);

describe('the gate headline', () => {
  it('counts failing models and names the checks that block most of them', () => {
    const failing = kpi.models.filter((m) => m.outcome === 'fail');
    expect(kpi.gate.models).toBe(kpi.models.length);
    expect(kpi.gate.failing).toBe(failing.length);
    expect(failing.length).toBeGreaterThan(0);
    const hashes = kpi.gate.reasons.find((r) => r.check === 'datasets.hashes');
    expect(hashes).toEqual({ check: 'datasets.hashes', phrase: 'dataset hashes unverified', models: 1 }); // beta uses ds-two
    const counts = kpi.gate.reasons.map((r) => r.models);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(kpi.gate.headline).toMatch(new RegExp(`^${failing.length} of ${kpi.models.length} models fail the gate: `));
    expect(kpi.gate.headline).toContain(`${kpi.gate.reasons[0]?.phrase} (${kpi.gate.reasons[0]?.models})`);
  });

  it('comes before any percentage in Markdown, HTML and JSON', () => {
    const markdown = renderKpiMarkdown(kpi);
    const headAt = markdown.indexOf('models fail the gate');
    expect(headAt).toBeGreaterThan(0);
    expect(headAt).toBeLessThan(markdown.indexOf('%'));
    const html = renderKpiHtml(kpi);
    const body = html.slice(html.indexOf('<body>'));
    expect(body.indexOf('class="headline bad"')).toBeGreaterThan(0);
    expect(body.indexOf('class="headline bad"')).toBeLessThan(body.indexOf('%'));
    expect(body.indexOf('class="headline bad"')).toBeLessThan(body.indexOf('class="tiles"'));
    const keys = Object.keys(JSON.parse(renderKpiJson(kpi)) as object);
    expect(keys.indexOf('gate')).toBeGreaterThan(-1);
    for (const later of ['highRiskAudit', 'compliance', 'datasets', 'vendors', 'models']) expect(keys.indexOf('gate')).toBeLessThan(keys.indexOf(later));
  });

  it('says when every model passes, and is recomputed when reports are merged', () => {
    const passing = kpi.models.slice(0, 2).map((m) => ({ ...m, outcome: 'pass' as const, checks: m.checks.map((c) => ({ ...c, outcome: 'pass' as const })) }));
    const only = mergeKpiReports([{ ...kpi, models: passing }], { toolVersion: 't', generatedAt: '2026-11-28T10:00:00Z' });
    expect(only.gate).toEqual({ models: 2, failing: 0, reasons: [], headline: 'All 2 models pass the gate.' });
    expect(renderKpiHtml(only)).toContain('<p class="headline good" id="gate">All 2 models pass the gate.</p>');
    const { gate: _dropped, ...older } = kpi; // a report written before the headline existed still merges
    const merged = mergeKpiReports([older as KpiReport], { toolVersion: 't', generatedAt: '2026-11-28T10:00:00Z' });
    expect(merged.gate).toEqual(kpi.gate);
  });
});

describe('dataset reasons', () => {
  it('name the cause, not a count', () => {
    const two = kpi.datasets.unverified.find((d) => d.ref === 'acme/ds-two');
    expect(two?.reason).toMatch(/^datasets\/ds-two\/data\/two\.csv: SHA-256 mismatch: manifest says [0-9a-f]{12}…, file has [0-9a-f]{12}…$/);
    expect(renderKpiMarkdown(kpi)).toMatch(/SHA\\-256 mismatch/); // md() escapes the hyphen
    expect(renderKpiHtml(kpi)).toContain('SHA-256 mismatch');
    const missing = kpi.datasets.unverified.find((d) => d.ref === 'acme/missing');
    expect(missing?.reason).toBe('no manifest found for this dataset');
  });
});

describe('local paths', () => {
  it('names the repository after the directory when origin is a local path, and prints no absolute path', () => {
    expect(kpi.repositories[0]?.name).toBe('board-models');
    expect(kpi.repositories[0]?.policy.source).toBe('.github/modelgate.yml (working tree of board-models)');
    for (const out of [renderKpiMarkdown(kpi), renderKpiHtml(kpi), renderKpiJson(kpi), renderCycloneDx(kpi)]) {
      expect(out).not.toContain(clone);
      expect(out).not.toContain(fixture);
      expect(out).not.toMatch(/\/tmp\/|file:\/\//);
    }
  });

  it('tells network remotes from local paths', () => {
    for (const url of ['https://github.com/acme/models.git', 'git@github.com:acme/models.git', 'ssh://git@host:22/acme/models', 'git://host/acme/models']) expect(isNetworkRemote(url), url).toBe(true);
    for (const url of ['/home/me/src/models', '../models', './models', 'file:///home/me/models', 'C:\\src\\models', 'C:/src/models', 'models']) expect(isNetworkRemote(url), url).toBe(false);
  });

  it('uses owner/repo of a real remote URL', async () => {
    git(clone, ['remote', 'set-url', 'origin', 'https://github.com/acme/board-models.git']);
    const named = await buildKpiReport({ dir: clone, asOf: AS_OF, history: false });
    expect(named.repositories[0]?.name).toBe('acme/board-models');
    git(clone, ['remote', 'set-url', 'origin', fixture]);
  });
});

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  }
  return undefined;
}
const chromium = findChromium();
if (!chromium) console.warn('SKIPPED: the headline layout check needs Chromium (apt-get install -y chromium); .ci/run installs it.');

describe.skipIf(!chromium)('the headline in headless Chromium', () => {
  it('is on the first screen, above every percentage and every tile', () => {
    // The report forbids scripts (CSP); a copy without that one meta tag gets a probe that measures
    // the laid-out page and writes the result into the DOM, which --dump-dom returns.
    const probe = `<script>addEventListener('load', () => {
  const top = (el) => el.getBoundingClientRect().top + scrollY;
  const gate = document.getElementById('gate');
  const pct = [...document.querySelectorAll('body *')].filter((el) => el.children.length === 0 && /%/.test(el.textContent) && el.tagName !== 'STYLE' && el.tagName !== 'SCRIPT');
  const tiles = document.querySelector('.tiles');
  const out = { gateTop: gate ? top(gate) : -1, gateText: gate ? gate.textContent : '', color: gate ? getComputedStyle(gate).color : '', fontSize: gate ? parseFloat(getComputedStyle(gate).fontSize) : 0,
    firstPercentTop: Math.min(...pct.map(top)), tilesTop: tiles ? top(tiles) : -1, tileFont: Math.max(...[...document.querySelectorAll('.tile .value')].map((v) => parseFloat(getComputedStyle(v).fontSize))), height: innerHeight };
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});</script>`;
    const html = renderKpiHtml(kpi).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${probe}</body>`);
    const dir = tempDir('modelgate-kpi-headline-');
    const file = join(dir, 'kpi.html');
    writeFileSync(file, html);
    const profile = tempDir('modelgate-chromium-');
    const r = spawnSync(chromium ?? '', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--window-size=1280,800', '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 120_000 });
    const json = /<pre id="probe">([^<]*)<\/pre>/.exec(r.stdout)?.[1];
    expect(json, r.stderr.slice(-2000)).toBeDefined();
    const m = JSON.parse((json ?? '{}').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Record<string, number | string>;
    expect(m.gateText).toBe(kpi.gate.headline);
    expect(Number(m.gateTop)).toBeGreaterThan(0);
    expect(Number(m.gateTop)).toBeLessThan(Number(m.height) / 2);
    expect(Number(m.gateTop)).toBeLessThan(Number(m.firstPercentTop));
    expect(Number(m.gateTop)).toBeLessThan(Number(m.tilesTop));
    expect(m.color).toBe('rgb(130, 7, 30)');
    expect(Number(m.fontSize)).toBeGreaterThanOrEqual(Number(m.tileFont)); // the largest figure on the page
    expect(readFileSync(file, 'utf8')).toContain('id="gate"');
  }, 180_000);
});
