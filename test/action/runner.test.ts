// action/runner.ts speaks the runner's protocol instead of @actions/core (whose entry loads an HTTP
// client the check path never uses). Each command and output it writes must be the one
// @actions/core writes for the same call, hostile text included: a model path or a message that
// could end a command, start another or close an output's heredoc early.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../action/runner.js';

const HOSTILE = [
  'plain',
  '',
  'line one\nline two\r\nline three\r',
  '::error::injected',
  '%0A already escaped %25 %3A %2C',
  'a:b,c=d',
  'models/we,ird:name/README.md',
  '\n::set-output name=verdict::pass',
  'unicode: ✓ ünïcødé',
];

/** What `call` writes to stdout, and the GITHUB_OUTPUT file's text after it. */
function capture(call: () => void, outputFile?: string): { stdout: string; file: string } {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  try {
    call();
  } finally {
    spy.mockRestore();
  }
  return { stdout, file: outputFile ? readFileSync(outputFile, 'utf8') : '' };
}

describe('workflow commands: the same bytes as @actions/core', () => {
  beforeEach(() => vi.stubEnv('GITHUB_OUTPUT', ''));
  afterEach(() => vi.unstubAllEnvs());

  for (const text of HOSTILE) {
    it(`error, warning, notice, debug, setSecret and setFailed with ${JSON.stringify(text)}`, () => {
      const props = { title: text, file: text, startLine: 12 };
      const exitCode = process.exitCode;
      try {
        expect(capture(() => runner.error(text, props)).stdout).toBe(capture(() => core.error(text, props)).stdout);
        expect(capture(() => runner.warning(text, props)).stdout).toBe(capture(() => core.warning(text, props)).stdout);
        expect(capture(() => runner.notice(text, props)).stdout).toBe(capture(() => core.notice(text, props)).stdout);
        expect(capture(() => runner.notice(text)).stdout).toBe(capture(() => core.notice(text)).stdout);
        expect(capture(() => runner.debug(text)).stdout).toBe(capture(() => core.debug(text)).stdout);
        expect(capture(() => runner.setSecret(text)).stdout).toBe(capture(() => core.setSecret(text)).stdout);
        expect(capture(() => runner.setFailed(text)).stdout).toBe(capture(() => core.setFailed(text)).stdout);
        expect(capture(() => runner.info(text)).stdout).toBe(capture(() => core.info(text)).stdout);
        // No line of the output is a command other than the one written.
        const lines = capture(() => runner.error(text, props)).stdout.split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
      } finally {
        process.exitCode = exitCode;
      }
    });
  }

  it('setOutput without an output file: the old set-output command, as @actions/core writes it', () => {
    expect(capture(() => runner.setOutput('report', 'a\nb')).stdout).toBe(capture(() => core.setOutput('report', 'a\nb')).stdout);
  });
});

describe('outputs through GITHUB_OUTPUT', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'modelgate-runner-'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The outputs a runner reads back from the file: name<<DELIMITER, the value's lines, DELIMITER. */
  function parseOutputs(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
      if (!m) continue;
      const [, name, delimiter] = m as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      out[name] = value.join('\n');
    }
    return out;
  }

  for (const text of HOSTILE) {
    it(`a value of ${JSON.stringify(text)} reads back as written, as from @actions/core`, () => {
      const ours = join(dir, 'ours.txt');
      const theirs = join(dir, 'theirs.txt');
      writeFileSync(ours, '');
      writeFileSync(theirs, '');
      vi.stubEnv('GITHUB_OUTPUT', ours);
      runner.setOutput('verdict', text);
      vi.stubEnv('GITHUB_OUTPUT', theirs);
      core.setOutput('verdict', text);
      const read = (f: string) => parseOutputs(readFileSync(f, 'utf8'));
      expect(read(ours)).toEqual(read(theirs));
      expect(read(ours)).toEqual({ verdict: text });
    });
  }

  it('refuses to write to a GITHUB_OUTPUT that does not exist, as @actions/core does', () => {
    vi.stubEnv('GITHUB_OUTPUT', join(dir, 'missing.txt'));
    expect(() => runner.setOutput('verdict', 'pass')).toThrow(/Missing file at path/);
    expect(() => core.setOutput('verdict', 'pass')).toThrow(/Missing file at path/);
  });
});

describe('inputs', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads INPUT_<NAME> (spaces as underscores, upper case) trimmed, as @actions/core', () => {
    vi.stubEnv('INPUT_FAIL-ON', '  warn \n');
    vi.stubEnv('INPUT_REPORT_DIR', ' out ');
    for (const name of ['fail-on', 'report dir', 'missing']) expect(runner.getInput(name)).toBe(core.getInput(name));
    expect(runner.getInput('fail-on')).toBe('warn');
  });
});
