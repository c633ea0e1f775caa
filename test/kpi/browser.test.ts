// The HTML board pack in a real browser: headless Chromium through scripts/check-html.sh (DOM,
// console, screenshot, printed PDF). Skipped, with the reason, where Chromium is not installed;
// .ci/run installs the Debian `chromium` package.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../adapters/kpi/build.js';
import { renderKpiHtml } from '../../src/kpi/html.js';
import { renderKpiMarkdown } from '../../src/kpi/markdown.js';
import { AS_OF, buildFixture, cleanup, tempDir } from './fixture.js';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
      return name;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const chromium = findChromium();
if (!chromium) console.warn('SKIPPED: the HTML report browser check needs Chromium (apt-get install -y chromium); .ci/run installs it.');

afterAll(cleanup);

/** The KPI report of the fixture, built once for both browser checks. */
let report: ReturnType<typeof buildKpiReport> | undefined;
const fixtureReport = (): ReturnType<typeof buildKpiReport> =>
  (report ??= buildKpiReport({ dir: buildFixture(), asOf: AS_OF, repository: 'acme/models', now: new Date('2026-11-28T09:00:00Z') }));

describe.skipIf(!chromium)('HTML KPI report in headless Chromium', () => {
  it('renders with its charts, logs nothing, screenshots and prints to several A4 pages', async () => {
    const kpi = await fixtureReport();
    const out = tempDir('modelgate-kpi-browser-');
    const html = join(out, 'kpi.html');
    writeFileSync(html, renderKpiHtml(kpi));
    const script = new URL('../../scripts/check-html.sh', import.meta.url).pathname;
    const r = spawnSync('bash', [script, html, out], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/check-html: ok: 6 SVG chart\(s\), no console message/);
    expect(existsSync(join(out, 'kpi.png')) && statSync(join(out, 'kpi.png')).size).toBeGreaterThan(10_000);
    const pages = Number(/(\d+) PDF page\(s\)/.exec(r.stdout)?.[1] ?? 0);
    expect(pages).toBeGreaterThanOrEqual(4); // cover, compliance, findings, carbon, methods start pages
  }, 180_000);
});

// The Markdown report's Mermaid blocks, parsed and rendered by Mermaid 11 itself (the major version
// GitHub renders with) in the same browser, from the local npm package: no network.
describe.skipIf(!chromium)('Mermaid charts of the Markdown report', () => {
  it('parse and render to SVG; a broken block is caught', async () => {
    const kpi = await fixtureReport();
    const blocks = [...renderKpiMarkdown(kpi).matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks).toHaveLength(3);
    const results = renderMermaid(chromium ?? '', [...blocks, 'xychart-beta\n  line [1, 2\n']);
    expect(results.slice(0, 3), JSON.stringify(results)).toEqual([
      { ok: true, svg: true },
      { ok: true, svg: true },
      { ok: true, svg: true },
    ]);
    expect(results[3]?.ok).toBe(false);
  }, 120_000);
});

function renderMermaid(browser: string, blocks: string[]): { ok: boolean; svg?: boolean; error?: string }[] {
  const out = tempDir('modelgate-kpi-mermaid-');
  const lib = pathToFileURL(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')).href;
  const page = `<!DOCTYPE html><html><body><pre id="out">pending</pre><script src="${lib}"></script><script>
const blocks = ${JSON.stringify(blocks).replace(/</g, '\\u003c')};
(async () => {
  mermaid.initialize({ startOnLoad: false });
  const results = [];
  for (let i = 0; i < blocks.length; i++) {
    try {
      await mermaid.parse(blocks[i]);
      const { svg } = await mermaid.render('chart' + i, blocks[i]);
      results.push({ ok: true, svg: svg.startsWith('<svg') });
    } catch (e) {
      results.push({ ok: false, error: String((e && e.message) || e) });
    }
  }
  document.getElementById('out').textContent = JSON.stringify(results);
})();
</script></body></html>`;
  writeFileSync(join(out, 'mermaid.html'), page);
  const r = spawnSync(
    browser,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(out, 'profile')}`, '--virtual-time-budget=20000', '--dump-dom', pathToFileURL(join(out, 'mermaid.html')).href],
    { encoding: 'utf8', timeout: 90_000 },
  );
  const text = /<pre id="out">([^<]*)<\/pre>/.exec(r.stdout)?.[1] ?? 'pending';
  const json = text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  if (json === 'pending') throw new Error(`Mermaid did not finish: ${r.stderr.slice(-2000)}`);
  return JSON.parse(json) as { ok: boolean; svg?: boolean; error?: string }[];
}
