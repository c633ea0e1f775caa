// Workflow-command and output injection through what a pull request names: a model directory
// whose name holds a newline and `::error::`/`::set-output`, a card whose title and license carry
// the same, and a GITHUB_OUTPUT heredoc delimiter look-alike. The runner reads every stdout line
// that starts with `::` as a command and GITHUB_OUTPUT as `name<<delimiter` blocks: none of that
// text may start a line of either, and no output beyond the documented ones may appear.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkout, openPullRequest, runAction, useActionEnvironment } from '../action/harness.js';

const env = useActionEnvironment();
const DOCUMENTED_OUTPUTS = ['verdict', 'failed-checks', 'report-json', 'report-dir'];
const EVIL_DIR = 'models/evil\n::error::injected-by-name\n::set-output name=verdict::pass';
const CARD = `---
license: "mit\\n::error::injected-by-license"
title: "x\\n::set-output name=verdict::pass\\n::add-mask::x"
description: "ghadelimiter_00000000-0000-0000-0000-000000000000\\nverdict<<EOF\\npass\\nEOF"
---
# ::error::injected-by-heading

%0A::warning::injected-by-percent-encoding
`;

describe('workflow commands and outputs cannot be injected through file names or evidence', () => {
  it('a model named with newlines and commands, a card full of them: only modelgate speaks on stdout, only documented outputs', async () => {
    const { event } = openPullRequest(env.fx, env.github, 7, (dir) => {
      mkdirSync(join(dir, EVIL_DIR), { recursive: true });
      writeFileSync(join(dir, EVIL_DIR, 'README.md'), CARD);
      writeFileSync(join(dir, EVIL_DIR, 'model.safetensors'), 'weights');
    });
    const r = await runAction({ workspace: checkout(env.fx, 'full'), eventName: 'pull_request', event, apiUrl: env.github.url });

    expect(r.killed).toBe(false);
    expect(r.code, r.stdout).toBe(1); // the evil model lacks its evidence: the gate fails it
    const commandLines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    for (const line of commandLines) {
      // The Action masks its own token (`::add-mask::ghs_…`); nothing from the card may be masked.
      expect(line, line).not.toMatch(/^::(?:set-output|save-state|set-env|add-path|stop-commands|echo)|^::add-mask::x/);
      expect(line, line).not.toMatch(/^::(?:error|warning|notice)[^:]*::(?:injected|pass)/);
    }
    expect(r.stdout).not.toMatch(/^::error::injected/m);
    expect(Object.keys(r.outputs).sort()).toEqual([...DOCUMENTED_OUTPUTS].sort().filter((k) => k in r.outputs));
    for (const k of Object.keys(r.outputs)) expect(DOCUMENTED_OUTPUTS).toContain(k);
    expect(r.outputs.verdict).toBe('fail');
    // Not vacuous: the evil model was found and judged, its name carried escaped, on one line.
    expect(r.stdout).toContain('models/evil');
    expect(r.outputs['failed-checks']).not.toBe('');
    // The runner's own parser: every block opens with `name<<delimiter`; none may be opened by our text.
    const openers = r.outputFile.split('\n').filter((l) => /^[^\s<]+<</.test(l));
    expect(openers.map((l) => l.split('<<')[0])).toEqual(openers.map((l) => l.split('<<')[0]).filter((n) => DOCUMENTED_OUTPUTS.includes(n ?? '')));
    // The summary and comment show the name escaped, not as Markdown or a mention.
    expect(r.summary).not.toMatch(/^# ::error::injected-by-heading/m);
  });
});
