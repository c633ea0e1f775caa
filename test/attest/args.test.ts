// `modelgate attest` and `verify` arguments: the signer identity each option stands for, and the
// options of other commands refused rather than ignored.
import { describe, expect, it } from 'vitest';
import { GITHUB_ACTIONS_ISSUER, parseCliArgs, UsageError } from '../../cli/args.js';

const verify = (...extra: string[]) => parseCliArgs(['verify', 'b.json', 'repo', '--trusted-root', 'root.json', ...extra]);

describe('parseCliArgs: attest and verify', () => {
  it('reads attest', () => {
    expect(parseCliArgs(['attest'])).toEqual({ command: 'attest', dir: '.' });
    expect(parseCliArgs(['attest', 'x', '--output', 'out', '--config', 'c.yml', '--repository', 'a/b', '--as-of', '2026-01-02'])).toEqual({
      command: 'attest',
      dir: 'x',
      output: 'out',
      config: 'c.yml',
      repository: 'a/b',
      asOf: '2026-01-02',
    });
    expect(() => parseCliArgs(['attest', '--format', 'json'])).toThrow(/--format is not an option of modelgate attest/);
    expect(() => parseCliArgs(['attest', '--repo', 'a/b'])).toThrow(UsageError);
  });

  it('turns --repo, --identity and --identity-regexp into one anchored identity pattern', () => {
    const repo = verify('--repo', 'acme/models.v2');
    expect(repo).toEqual({ command: 'verify', bundle: 'b.json', dir: 'repo', trustedRoot: 'root.json', identity: '^https://github\\.com/acme/models\\.v2/', issuer: GITHUB_ACTIONS_ISSUER });
    const pattern = new RegExp(repo.command === 'verify' ? repo.identity : '');
    expect(pattern.test('https://github.com/acme/models.v2/.github/workflows/m.yml@refs/heads/main')).toBe(true);
    expect(pattern.test('https://github.com/acme/models-v2/.github/workflows/m.yml@refs/heads/main')).toBe(false);
    expect(pattern.test('https://github.com/acme/models.v2.evil/x')).toBe(false);
    expect(verify('--identity', 'https://x/a.yml@refs/heads/main')).toMatchObject({ identity: '^https://x/a\\.yml@refs/heads/main$' });
    expect(verify('--identity-regexp', '^me@', '--issuer', 'https://accounts.example')).toMatchObject({ identity: '^me@', issuer: 'https://accounts.example' });
  });

  it('refuses a verify without a trusted root, without or with two identities, or with options of other commands', () => {
    expect(() => parseCliArgs(['verify', 'b.json', '--repo', 'a/b'])).toThrow(/--trusted-root/);
    expect(() => verify()).toThrow(/exactly one of --repo/);
    expect(() => verify('--repo', 'a/b', '--identity', 'x')).toThrow(/exactly one of --repo/);
    expect(() => verify('--repo', 'a')).toThrow(/OWNER\/NAME/);
    expect(() => verify('--identity-regexp', '(')).toThrow(/--identity-regexp/);
    expect(() => verify('--repo', 'a/b', '--output', 'x')).toThrow(/--output is not an option of modelgate verify/);
    expect(() => parseCliArgs(['verify'])).toThrow(/needs the bundle/);
    expect(() => parseCliArgs(['check', '--repo', 'a/b'])).toThrow(/--repo is not an option of modelgate check/);
    expect(() => parseCliArgs(['report', '--trusted-root', 'r'])).toThrow(/--trusted-root is not an option of modelgate report/);
  });
});
