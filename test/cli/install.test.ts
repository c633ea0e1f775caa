// The published package as a user gets it: `npm pack` of this repository (its build/ compiled by
// test/globalCompile.ts), installed globally into a temporary prefix with an empty npm cache and
// --offline, so any dependency it declared would fail the install. What lands is one package, and
// its `modelgate` command reports the same as the clone's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelgateBinary } from './run.js';
import { cleanup, EXAMPLE_DIR, REPO_ROOT, tempDir } from '../core/fixtures.js';

afterAll(() => cleanup());

interface Packed {
  filename: string;
  files: { path: string }[];
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & { scripts: Record<string, string> };

let work = '';
const npm = (args: string[], cwd: string) => {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_cache: join(work, 'cache') } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${String(r.status)}:\n${r.stdout}\n${r.stderr}`);
  return r;
};
let packed: Packed;
let installed: { stderr: string };
const prefix = () => join(work, 'prefix');

beforeAll(() => {
  work = tempDir('modelgate-install-');
  // --ignore-scripts: the build is there already (no prepack or prepare script exists anyway).
  packed = (JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO_ROOT).stdout) as Packed[])[0] as Packed;
  installed = npm(['install', '--global', '--prefix', prefix(), '--offline', join(work, packed.filename)], work);
}, 180_000);

describe('the published package', () => {
  it('declares no dependencies and no script that runs on install', () => {
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) expect(pkg[field], field).toBeUndefined();
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script], script).toBeUndefined();
    expect(installed.stderr).not.toMatch(/install.scripts/i);
  });

  it('ships the CLI bundle, not the unbundled build or the App', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('bin/modelgate.js');
    expect(paths).toContain('build/cli-bundle/index.js');
    expect(paths.filter((p) => !/^(bin|build\/cli-bundle|policies|schema)\/|^(package\.json|README\.md|LICENSE)$/.test(p))).toEqual([]);
  });

  it('installs offline as one package, whose command checks the example like the clone does', () => {
    expect(readdirSync(join(prefix(), 'lib', 'node_modules'))).toEqual(['modelgate']);
    expect(existsSync(join(prefix(), 'lib', 'node_modules', 'modelgate', 'node_modules'))).toBe(false);
    const cwd = tempDir('modelgate-install-run-');
    const global = spawnSync(join(prefix(), 'bin', 'modelgate'), ['check', EXAMPLE_DIR, '--all'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    const clone = modelgateBinary(['check', EXAMPLE_DIR, '--all'], cwd);
    expect(global.stderr).toBe(clone.stderr);
    expect(global.stdout).toBe(clone.stdout);
    expect(global.status).toBe(1); // the example fails on purpose
    expect(global.stdout).toContain('fail');
  });
});
