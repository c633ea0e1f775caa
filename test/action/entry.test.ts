// The logic module runs nothing when imported: a runner that imports it and calls run() itself (such
// as GitHub's @github/local-action emulator) must get one run, not two at once (issue 18). Only
// action/index.ts, the bundle's entry, calls run().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, tempDir, write } from '../adapters/fixture.js';
import { ROOT } from './harness.js';

const VARS = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_REPOSITORY', 'GITHUB_WORKSPACE', 'INPUT_MODE'] as const;

describe('action/main.ts', () => {
  const saved: Partial<Record<(typeof VARS)[number], string>> = {};
  let dir = '';
  let printed = '';
  let exitCode: typeof process.exitCode;

  beforeEach(() => {
    for (const v of VARS) if (process.env[v] !== undefined) saved[v] = process.env[v];
    dir = tempDir('modelgate-entry-');
    write(dir, 'output.txt', '');
    write(dir, 'summary.md', '');
    // An event the Action cannot use: a run, had one started, would write its error everywhere.
    Object.assign(process.env, {
      GITHUB_OUTPUT: join(dir, 'output.txt'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'no-such-event.json'),
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_WORKSPACE: dir,
      INPUT_MODE: 'check',
    });
    printed = '';
    exitCode = process.exitCode;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = exitCode;
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    cleanup();
  });

  const settle = () => new Promise((r) => setTimeout(r, 200));
  const outputs = () => readFileSync(join(dir, 'output.txt'), 'utf8');

  it('runs nothing on import, and run() runs exactly once when called', async () => {
    const main = await import('../../action/main.js');
    await settle();
    expect(typeof main.run).toBe('function');
    expect(outputs()).toBe('');
    expect(printed).not.toContain('::error');
    expect(process.exitCode).toBe(exitCode);

    // The control: the same environment, with run() called, fails closed once, visibly.
    await main.run();
    expect(outputs().match(/^verdict<</gm)).toHaveLength(1);
    expect(outputs()).toContain('error');
    expect(printed.match(/^::error::modelgate could not evaluate this change/gm)).toHaveLength(1);
    expect(process.exitCode).toBe(1);
  });

  it('the bundle is built from action/index.ts, the only module that calls run()', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.bundle).toContain('ncc build action/index.ts');
    expect(readFileSync(join(ROOT, 'action/index.ts'), 'utf8')).toMatch(/^void run\(\);$/m);
    expect(readFileSync(join(ROOT, 'action/main.ts'), 'utf8')).not.toMatch(/^\s*(void )?run\(\)/m);
  });
});
