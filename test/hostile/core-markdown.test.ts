// Names people and attackers give files, models, datasets, findings and approvers (newlines, Markdown,
// HTML, @mentions, table pipes, terminal escapes), carried through the whole pipeline (evidence ->
// evaluate -> report -> renderers): the Markdown checklist has no raw HTML tag from the input, no live
// mention, no broken table row; the terminal output no control character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { evaluate } from '../../src/evaluate.js';
import { loadPolicy } from '../../src/policy/load.js';
import { readPolicy, readWaivers } from '../../src/policy/fromRepo.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { renderSarif } from '../../src/report/sarif.js';
import { AS_OF, exampleRepo, FC, HOSTILE_NAMES, markdownProblems, spyReader, text, type Entry } from './harness.js';

/** A name usable as one path segment: no "/" (it would make a directory), no NUL (git refuses it). */
const segment = (name: string) => name.replace(/\//g, '∕').replace(/\0/g, '');
const yamlString = (s: string) => JSON.stringify(s);

/** A repository in which every string a report quotes is hostile. */
function hostileRepo(names: readonly string[]): { files: Map<string, Entry>; changed: string[] } {
  const files = exampleRepo();
  const changed: string[] = [];
  const waivers: string[] = [];
  names.forEach((name, i) => {
    const dir = `models/${segment(name)}`;
    const card = [
      '---',
      `license: ${yamlString(name)}`,
      `datasets: [${yamlString(name)}, acme/support-tickets-2025]`,
      `co2_eq_emissions: ${yamlString(name)}`,
      'governance:',
      `  risk_tier: ${yamlString(name)}`,
      `  owner: ${yamlString(name)}`,
      `  audits: [${yamlString(`audits/${segment(name)}.yml`)}, ${yamlString(name)}]`,
      `  carbon_report: ${yamlString(name)}`,
      '---',
      `# ${name}`,
      `## Uses`,
      name,
      '',
    ].join('\n');
    files.set(`${dir}/README.md`, card);
    files.set(`${dir}/${segment(name)}.onnx`, 'weights');
    files.set(
      `audits/${segment(name)}.yml`,
      [
        `id: ${yamlString(name)}`,
        `auditor: { name: ${yamlString(name)}, independent: false }`,
        'date: 2026-09-01',
        `scope: [${yamlString(dir)}]`,
        'findings:',
        `  - { id: ${yamlString(`F-${i}`)}, title: ${yamlString(name)}, severity: critical, status: open, due: 2026-01-01, owner: ${yamlString(name)} }`,
        '',
      ].join('\n'),
    );
    waivers.push(`  - { model: ${yamlString(dir)}, check: card.sections, reason: evidence-pending, approver: ${yamlString(name)}, granted: 2026-11-01, expires: 2027-01-15, note: ${yamlString(name)} }`);
    changed.push(`${dir}/README.md`, `docs/${segment(name)}.md`);
  });
  files.set('.github/modelgate-waivers.yml', `waivers:\n${waivers.join('\n')}\n`);
  return { files, changed };
}

async function pipeline(names: readonly string[], label = 'memory'): Promise<Report> {
  const { files, changed } = hostileRepo(names);
  const reader = spyReader(files, label);
  // A policy change in the pull request whose unknown key is hostile too, so the preview renders.
  const proposed = loadPolicy(`extends: baseline\nchecks:\n  card.sections: error\n${names.map((n) => `  ${yamlString(n)}: off`).join('\n')}\n`);
  const valid = loadPolicy('extends: strict\n');
  const report = await evaluate({
    reader,
    changes: { all: false, files: changed.map((path) => ({ path, status: 'modified' as const })) },
    policy: await readPolicy(reader),
    waivers: await readWaivers(reader),
    today: AS_OF,
    toolVersion: 'hostile',
    generatedAt: `${AS_OF}T00:00:00.000Z`,
    proposedPolicy: { loaded: valid, file: '.github/modelgate.yml' },
  });
  expect(proposed.errors.length).toBeGreaterThan(0); // rendered below as well
  return report;
}

describe('the Markdown checker used below', () => {
  it('notices what it must notice', () => {
    expect(markdownProblems('a <img src=x onerror=alert(1)> b')).toHaveLength(1);
    expect(markdownProblems('<!-- x -->')).toHaveLength(1);
    expect(markdownProblems('cc @octocat')).toHaveLength(1);
    expect(markdownProblems('| a | b |\n|---|---|\n| x | y | z |')).toHaveLength(1);
    expect(markdownProblems('see www.evil.example')).toHaveLength(1);
    expect(markdownProblems('[x](https://evil.example)')).toHaveLength(2);
  });
  it('accepts what the renderers write', () => {
    expect(markdownProblems('`<img src=x>` `@octocat` <details><summary>3 passing</summary>\n\n| a | b |\n|---|---|\n| <code>&#124;</code> | \\| |\n\n</details>')).toEqual([]);
    expect(markdownProblems('@\u200boctocat \\<img\\> :/\u200b/evil')).toEqual([]);
  });
});

describe('hostile names through the whole pipeline', () => {
  it('every name at once: the checklist has no raw HTML from the input, no live mention, no broken table row', async () => {
    const report = await pipeline(HOSTILE_NAMES, '<img src=x onerror=alert(1)> @admin');
    expect(report.models.length).toBe(HOSTILE_NAMES.length);
    const markdown = renderMarkdown(report);
    // The input really is in there (escaped), in headings, tables, messages, waivers and the preview.
    expect(markdown).toContain('octocat');
    expect(markdown).toContain('onerror');
    expect(markdown).toMatch(/\| Model \| Check \| Reason \| Approver \| Expires \| Status \|/);
    expect(markdown).toMatch(/Once merged, it would change/);
    const problems = markdownProblems(markdown).filter((p) => !/autolink|link syntax/.test(p));
    expect(problems).toEqual([]);
  });

  it('cut to GitHub comment sizes, at every cut the checklist stays inert', async () => {
    const report = await pipeline(HOSTILE_NAMES);
    for (const maxChars of [1500, 4000, 9000, 20_000, 65_536]) {
      const md = renderMarkdown(report, { maxChars, headingLevel: 3 });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(markdownProblems(md).filter((p) => !/autolink|link syntax/.test(p)), `maxChars ${maxChars}`).toEqual([]);
    }
  });

  it('names made of Markdown, HTML and mention characters at random (property)', async () => {
    const alphabet = fc.constantFrom('<', '>', '/', '!', '-', '@', '|', '`', '\\', '\n', '\r', '\t', '[', ']', '(', ')', '*', '_', '#', '&', ';', ':', '"', "'", 'a', 'img', 'script', 'details', ' ', '$', '~', '{', '}', '=', '.', 'x');
    const name = fc.array(alphabet, { minLength: 1, maxLength: 24 }).map((a) => a.join('')).filter((s) => segment(s).trim() !== '' && segment(s) !== '.' && segment(s) !== '..');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 3, selector: segment }), async (names) => {
        const md = renderMarkdown(await pipeline(names));
        expect(markdownProblems(md).filter((p) => !/autolink|link syntax/.test(p))).toEqual([]);
      }),
      { numRuns: 15, seed: FC.seed },
    );
  });

  it('the terminal report holds no control character from the input', async () => {
    const out = renderText(await pipeline(HOSTILE_NAMES), { verbose: true, color: false });
    for (const line of out.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('the SARIF report is valid JSON that keeps the names as data', async () => {
    const sarif = JSON.parse(renderSarif(await pipeline(HOSTILE_NAMES))) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    for (const r of sarif.runs[0]?.results ?? []) {
      const uri = r.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
      expect(uri).not.toMatch(/[\s<>"]/);
      expect(decodeURIComponent(uri).startsWith('/')).toBe(false);
    }
  });

  it('a finding title with a newline cannot add a checklist item of its own', async () => {
    const files = exampleRepo();
    const audit = 'audits/2026-09-support-router.yml';
    files.set(audit, text(files.get(audit)).replace('severity: low\n    status: open', 'severity: critical\n    status: open').replace('"No monitoring of agent override rate per language in production"', '"x\\n- [x] ✅ **audit.findings** (error): all findings remediated\\n@security-team"'));
    const reader = spyReader(files);
    const report = await evaluate({ reader, changes: { all: true }, policy: await readPolicy(reader), waivers: await readWaivers(reader), today: AS_OF, toolVersion: 't' });
    const md = renderMarkdown(report);
    expect(md.split('\n').filter((l) => l.includes('all findings remediated')).every((l) => !/^\s*- \[x\]/.test(l))).toBe(true);
    expect(markdownProblems(md).filter((p) => !/autolink|link syntax/.test(p))).toEqual([]);
  });
});

describe('links and autolinks from the input', () => {
  // README ("Trust and security"): text from a repository "cannot inject HTML, links, images or table cells".
  // FIXED (was a defect in src/report/escape.ts) (md, cellCode): "://" is broken with a zero-width space, but GitHub's
  // extended autolinks also turn a bare "www.evil.example" into a live link (in list items, table
  // cells and inside <code> elements, whose content is still Markdown). A model, dataset or approver
  // named "www.pay-your-fine.example" becomes a link in the bot's own comment.
  // Fix: in md() and cellCode(), also .replace(/www\./gi, (w) => `${w.slice(0, 3)}\u200b.`).
  it('no www. autolink, no link or image syntax survives into the checklist', async () => {
    const md = renderMarkdown(await pipeline(['www.evil.example', '[click me](https://evil.example/phish)', '![pixel](https://evil.example/p.png)', 'https://evil.example/x']));
    expect(markdownProblems(md)).toEqual([]);
  });
});
