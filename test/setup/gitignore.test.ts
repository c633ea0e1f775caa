// `git add -A` in a clone that followed docs/app.md must not commit the App's secrets: the private
// key named in .env.example, the .env files and the registration page of the manifest flow.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, REPO_ROOT, tempDir } from '../core/fixtures.js';

afterAll(() => cleanup());

function ignored(dir: string, path: string): boolean {
  // Exit 0: ignored; 1: not ignored. --no-index: the answer comes from .gitignore alone.
  const r = spawnSync('git', ['check-ignore', '--no-index', '-q', path], { cwd: dir });
  if (r.status !== 0 && r.status !== 1) throw new Error(`git check-ignore failed: ${r.stderr.toString()}`);
  return r.status === 0;
}

describe('.gitignore', () => {
  it('ignores the private key of .env.example, the .env files and register.html', () => {
    const keyPath = /^PRIVATE_KEY_PATH=(.+)$/m.exec(readEnvExample())?.[1]?.trim();
    expect(keyPath).toBe('./modelgate.private-key.pem');
    for (const path of [keyPath!.replace(/^\.\//, ''), 'other-name.pem', '.env', '.env.local', '.env.production', 'register.html']) {
      expect(ignored(REPO_ROOT, path), path).toBe(true);
    }
    for (const path of ['.env.example', 'app.yml', 'README.md', 'src/evaluate.ts']) expect(ignored(REPO_ROOT, path), path).toBe(false);
  });

  it('keeps them out of `git add -A` in a fresh repository', () => {
    const dir = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    copyFileSync(join(REPO_ROOT, '.gitignore'), join(dir, '.gitignore'));
    copyFileSync(join(REPO_ROOT, '.env.example'), join(dir, '.env.example'));
    for (const f of ['modelgate.private-key.pem', '.env', 'register.html']) writeFileSync(join(dir, f), 'secret\n');
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const staged = execFileSync('git', ['diff', '--cached', '--name-only'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').sort();
    expect(staged).toEqual(['.env.example', '.gitignore']);
  });
});

function readEnvExample(): string {
  return readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
}
