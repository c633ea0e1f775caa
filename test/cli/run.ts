// `modelgate` for the CLI tests: in process (cli/main.ts's `main`, the function bin/modelgate.js
// calls, with the working directory, NO_COLOR and both output streams captured), and as the real
// binary for the handful of tests that must show the built command line works end to end.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../cli/main.js';
import { REPO_ROOT } from '../core/fixtures.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = join(REPO_ROOT, 'bin', 'modelgate.js');

/** node bin/modelgate.js as a process (needs build/, compiled once by test/globalCompile.ts). */
export function modelgateBinary(args: string[], cwd = REPO_ROOT): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const chunk = (c: string | Uint8Array): string => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));

/** `modelgate <args>` run in this process from `cwd`: what the binary does, without a Node start-up per call. */
export async function modelgate(args: string[], cwd = REPO_ROOT): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += chunk(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += chunk(c)), true));
  const before = process.cwd();
  const noColor = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    out.mockRestore();
    err.mockRestore();
  }
}
