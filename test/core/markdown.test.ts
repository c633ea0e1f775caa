// The Markdown checklist renders untrusted text (paths, messages, approvers, notes) from the
// repository. It must stay inert on GitHub: no HTML, no links, no mentions, no broken tables, no
// injected lines; failing checks first; and it must fit a size cap, saying when it was cut.
import { describe, expect, it } from 'vitest';
import type { CheckResult, ModelReport, Report } from '../../src/types.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { cellCode, code, md } from '../../src/report/escape.js';

const HOSTILE = '@org/team <img src=x onerror=alert(1)> [click](javascript:alert(1)) a|b `tick` ``two`` \\| back\n# Injected heading\r\n- [x] injected item $x$ https://evil.example/';
const HOSTILE_PATH = 'models/@org/team|<img src=x onerror=alert(1)>`](javascript:alert(1))';

function check(over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'outcome'>): CheckResult {
  return { level: 'error', message: `${over.id} ${over.outcome}`, ...over };
}

function model(path: string, checks: CheckResult[], over: Partial<ModelReport> = {}): ModelReport {
  const outcome = checks.some((c) => c.level === 'error' && (c.outcome === 'fail' || c.outcome === 'error')) ? 'fail' : 'pass';
  return { path, name: path, riskTier: 'high', outcome, touchedBy: [], checks, facts: { datasets: [], audits: [], findings: [], changedEvidence: [] }, ...over };
}

function report(models: ModelReport[], over: Partial<Report> = {}): Report {
  const all = models.flatMap((m) => m.checks);
  const count = (o: string) => all.filter((c) => c.outcome === o).length;
  return {
    schemaVersion: 1,
    tool: { name: 'modelgate', version: '1.2.3' },
    verdict: models.some((m) => m.outcome === 'fail') ? 'fail' : 'pass',
    policy: { source: '.github/modelgate.yml', extends: 'baseline', errors: [] },
    summary: { models: models.length, checks: all.length, pass: count('pass'), fail: count('fail'), warn: count('warn'), waived: count('waived'), skipped: count('skipped'), error: count('error') },
    models,
    waivers: [],
    generatedAt: '2026-11-28T00:00:00.000Z',
    ...over,
  };
}

function hostileReport(): Report {
  const m = model(
    HOSTILE_PATH,
    [
      check({ id: 'card.present', outcome: 'pass', message: HOSTILE }),
      check({ id: 'datasets.hashes', outcome: 'fail', message: HOSTILE, file: `${HOSTILE_PATH}/data|x.csv`, line: 3, hint: HOSTILE }),
      check({
        id: 'card.sections',
        level: 'warn',
        outcome: 'waived',
        message: HOSTILE,
        waiver: { reason: 'accepted-risk', approver: '@org/team|<img src=x>', expires: '2027-01-01', note: HOSTILE, source: '.github/modelgate-waivers.yml:2' },
      }),
    ],
    { touchedBy: [`${HOSTILE_PATH}/README.md`, 'datasets/`x`\n# Injected/y.yml'], facts: { datasets: [], audits: [], findings: [], changedEvidence: [`${HOSTILE_PATH}/README.md`] } },
  );
  return report([m], {
    policy: {
      source: HOSTILE,
      extends: 'baseline',
      errors: [check({ id: 'policy.valid', outcome: 'error', message: HOSTILE, file: '.github/modelgate.yml', line: 1 })],
      preview: { file: '.github/modelgate.yml', valid: true, errors: [], changes: [{ model: HOSTILE_PATH, check: 'audit.fresh', from: 'fail', to: 'pass' }] },
    },
    waivers: [{ model: HOSTILE_PATH, check: 'card.sections', reason: 'accepted-risk', approver: '@org/team|<img src=x>', granted: '2026-11-01', expires: '2027-01-01', source: 'x', status: 'active', note: HOSTILE }],
    tool: { name: 'modelgate', version: '<img src=x>@org/team' },
  });
}

// --- reading the Markdown as GitHub does -------------------------------------------------------

/** Removes backtick code spans (GFM: a run of n backticks up to the next run of exactly n). */
function withoutCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`' || (i > 0 && line[i - 1] === '\\')) {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let j = i + n;
    let close = -1;
    while ((j = line.indexOf(fence, j)) !== -1) {
      if (line[j + n] !== '`' && line[j - 1] !== '`') {
        close = j;
        break;
      }
      while (line[j] === '`') j++;
    }
    if (close === -1) {
      out += fence;
      i += n;
    } else {
      out += ' CODE ';
      i = close + n;
    }
  }
  return out;
}

/** Cells of a GFM table row: split at every pipe not preceded by a backslash (cmark-gfm's rule). */
function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) if (row[i] === '|' && row[i - 1] !== '\\') pipes++;
  return pipes - 1;
}

/** Every table of the document as its rows' cell counts. */
function tables(doc: string): number[][] {
  const out: number[][] = [];
  let current: number[] | undefined;
  for (const line of doc.split('\n')) {
    if (line.startsWith('|')) {
      if (!current) out.push((current = []));
      current.push(cellCount(line));
    } else current = undefined;
  }
  return out;
}

function expectInert(doc: string): void {
  const text = doc
    .split('\n')
    .map(withoutCodeSpans)
    .join('\n')
    .replace(/<code>[^<]*<\/code>/g, ' CODE ');
  // No HTML but the few tags the renderer writes itself.
  for (const m of text.matchAll(/(?<!\\)<\/?([a-zA-Z][\w-]*)/g)) expect(['details', 'summary', 'sub'], `raw <${m[1]}> in: ${text.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 40)}`).toContain(m[1]);
  expect(text).not.toMatch(/(?<!\\)<img/i);
  // No link or image syntax: every "](" has its bracket escaped.
  expect(text).not.toMatch(/(?<!\\)\]\(/);
  // No mention: every @ is followed by a zero-width space.
  expect(text).not.toMatch(/@(?!\u200b)[\w-]/);
  // No autolink.
  expect(text).not.toMatch(/https?:\/\/evil/);
  // No math.
  expect(text).not.toMatch(/(?<!\\)\$x(?<!\\)\$/);
  // No line injected by a newline in the data.
  for (const line of doc.split('\n')) {
    expect(line.startsWith('# Injected') || line.startsWith('- [x] injected'), line).toBe(false);
  }
  for (const t of tables(doc)) {
    expect(t.length).toBeGreaterThanOrEqual(3);
    for (const n of t) expect(n, `table rows: ${t.join(', ')}`).toBe(t[0]);
  }
}

describe('escaping hostile text', () => {
  it('md() and code() and cellCode() leave nothing live', () => {
    expect(md('@org/team')).toBe('@\u200borg/team');
    expect(md('<img src=x>')).toBe('\\<img src=x\\>');
    expect(md('a|b\nc')).toBe('a\\|b c');
    expect(md('[x](javascript:y)')).toBe('\\[x\\]\\(javascript:y\\)');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(code('a\nb')).toBe('`a b`');
    // No hidden marker (a tool's `<!-- … -->` that finds its own comment) survives in the source.
    for (const text of ['<!-- modelgate:comment -->', 'x<!--<!-- y']) {
      for (const out of [md(text), code(text), cellCode(text)]) expect(out).not.toContain('<!--');
    }
    expect(cellCode('a|b`<i>@t\\')).toBe('<code>a&#124;b&#96;&#60;i&#62;@\u200bt&#92;</code>');
  });

  it('the whole checklist stays inert: no HTML, links, mentions, broken tables or injected lines', () => {
    const doc = renderMarkdown(hostileReport());
    expectInert(doc);
    // The summary, preview and waivers tables all carry the hostile path.
    expect(tables(doc).map((t) => t[0])).toEqual([4, 4, 6]);
    expect(doc).toContain('<code>models/@\u200borg/team&#124;&#60;img src=x onerror=alert(1)&#62;&#96;&#93;(javascript:alert(1))</code>');
    // Code spans outside tables are fenced longer than any backtick run they hold.
    expect(doc).toContain('``models/@org/team|<img src=x onerror=alert(1)>`](javascript:alert(1))/data|x.csv:3``');
    expect(doc).toContain('``datasets/`x` # Injected/y.yml``');
  });

  it('escapes the example repository the same way (a report from real evidence)', async () => {
    const { createWorkingTreeReader } = await import('../../adapters/workingTree.js');
    const { readPolicy, readWaivers } = await import('../../src/policy/fromRepo.js');
    const { evaluate } = await import('../../src/evaluate.js');
    const reader = createWorkingTreeReader(new URL('../../examples/acme-ml', import.meta.url).pathname);
    const r = await evaluate({ reader, changes: { all: true }, policy: await readPolicy(reader), waivers: await readWaivers(reader), today: '2026-11-28', toolVersion: 'test' });
    const doc = renderMarkdown(r);
    expectInert(doc);
    // The waiver's approver is a team: shown, not mentioned.
    expect(doc).toContain('@\u200bacme/governance\\-lead');
  });
});

describe('order', () => {
  const r = report([
    model('models/passing', [check({ id: 'card.present', outcome: 'pass' })]),
    model('models/warned', [check({ id: 'card.present', outcome: 'pass' }), check({ id: 'card.sections', level: 'warn', outcome: 'warn' })]),
    model('models/failing', [
      check({ id: 'card.present', outcome: 'pass' }),
      check({ id: 'card.sections', level: 'warn', outcome: 'waived', waiver: { reason: 'evidence-pending', approver: 'lead', expires: '2027-01-01', source: 's' } }),
      check({ id: 'audit.independent', level: 'warn', outcome: 'warn' }),
      check({ id: 'carbon.estimate', outcome: 'fail' }),
      check({ id: 'datasets.manifest', outcome: 'skipped' }),
      check({ id: 'carbon.budget', outcome: 'error' }),
    ]),
  ]);
  const doc = renderMarkdown(r);

  it('failing models first, in the summary and in the sections', () => {
    const rows = doc.split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| ✅'));
    expect(rows.map((l) => /<code>([^<]*)<\/code>/.exec(l)?.[1])).toEqual(['models/failing', 'models/warned', 'models/passing']);
    const sections = [...doc.matchAll(/^### .* `(models\/\w+)`/gm)].map((m) => m[1]);
    expect(sections).toEqual(['models/failing', 'models/warned', 'models/passing']);
  });

  it('within a model: errors, failures, warnings, waivers; passing and skipped folded away', () => {
    const section = doc.slice(doc.indexOf('`models/failing`'), doc.indexOf('`models/warned`', doc.indexOf('`models/failing`')));
    const ids = [...section.matchAll(/\*\*([\w.]+)\*\*/g)].map((m) => m[1]);
    expect(ids).toEqual(['carbon.budget', 'carbon.estimate', 'audit.independent', 'card.sections', 'card.present', 'datasets.manifest']);
    const details = section.slice(section.indexOf('<details>'));
    expect(details).toContain('**card.present**');
    expect(details).toContain('**datasets.manifest**');
    expect(details).not.toContain('**carbon.estimate**');
    expect(section).toContain('- [ ] ❌ **carbon.estimate** (error)');
    expect(section).toContain('- [x] 🟦 **card.sections** (warn)');
  });
});

describe('truncation', () => {
  const many = report(
    Array.from({ length: 40 }, (_, i) =>
      model(`models/m${String(i).padStart(2, '0')}`, [
        check({ id: 'card.present', outcome: i < 5 ? 'fail' : 'pass', message: `model ${i}: ${'long evidence message '.repeat(20)}` }),
        check({ id: 'card.fields', outcome: 'pass', message: 'x'.repeat(300) }),
      ]),
    ),
    { waivers: [{ model: 'models/m00', check: 'card.present', reason: 'accepted-risk', approver: 'lead', granted: '2026-11-01', expires: '2026-11-20', source: 'x', status: 'expired' }] },
  );

  it('is not cut when it fits', () => {
    const doc = renderMarkdown(many);
    expect(doc).not.toMatch(/was cut/);
    expect(renderMarkdown(many, { maxChars: doc.length })).toBe(doc);
  });

  it.each([3000, 6000, 12000, 20000])('keeps the output under a cap of %i characters and says it was cut', (cap) => {
    const doc = renderMarkdown(many, { maxChars: cap, truncationNote: 'See the check run.' });
    expect(doc.length).toBeLessThanOrEqual(cap);
    expect(doc).toMatch(/> ⚠️ The report was cut to fit GitHub's size limit: (\d+) of 40 model section\(s\) omitted\. See the check run\./);
    const omitted = Number(/size limit: (\d+) of 40/.exec(doc)?.[1]);
    const shown = [...doc.matchAll(/^### .*`models\/m\d+`/gm)].length;
    expect(shown + omitted).toBe(40);
    // What is kept is the failing models; the waivers table stays; no <details> is left open.
    if (cap >= 12000) expect(shown).toBeGreaterThan(0);
    if (shown > 0) expect(doc).toContain('`models/m00`');
    expect(doc).toContain('| Model | Check | Reason | Approver | Expires | Status |');
    expect(doc.split('<details>').length).toBe(doc.split('</details>').length);
    expectInert(doc);
  });

  it('a cap smaller than the head still holds, with the note', () => {
    const doc = renderMarkdown(many, { maxChars: 600 });
    expect(doc.length).toBeLessThanOrEqual(600);
    expect(doc).toContain('The report was cut');
    const tiny = renderMarkdown(many, { maxChars: 50 });
    expect(tiny.length).toBeLessThanOrEqual(50);
  });
});
