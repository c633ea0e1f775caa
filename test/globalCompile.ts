// Vitest global setup: builds build/ (npm run compile) once per run, and only when a source is newer
// than the oldest of its outputs, so the CLI and App tests that run the compiled code share one
// compile, and a checkout just built by `npm run compile` or `npm run build` (as CI does) pays nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const INPUTS = ['src', 'adapters', 'cli', 'action', 'app', 'scripts', 'bench', 'policies', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const OUTPUTS = ['build/cli/main.js', 'build/app/server.js', 'build/cli-bundle/index.js', 'build/app-bundle/index.js', 'build/app-bundle/healthcheck.js'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * True when an output is missing or older than a source. The sources' directories count too (a
 * deleted or renamed file changes its directory's time); every compile rewrites all three outputs.
 */
export function buildIsStale(): boolean {
  if (OUTPUTS.some((o) => !existsSync(join(ROOT, o)))) return true;
  const built = Math.min(...OUTPUTS.map((o) => statSync(join(ROOT, o)).mtimeMs));
  return INPUTS.some((input) => newest(join(ROOT, input)) > built);
}

export default function setup(): void {
  if (!buildIsStale()) return;
  const started = Date.now();
  // tsc writes its output even when files outside what a test runs have type errors, so its exit code
  // does not decide; the outputs' presence does (typecheck is its own step).
  const generated = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate.js')], { cwd: ROOT, encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(`scripts/generate.js failed:\n${generated.stdout}\n${generated.stderr}`);
  const compiled = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  // bin/modelgate.js runs the CLI bundle and `npm run app` (and the image) the App bundle, built
  // from build/ by scripts/bundle.js.
  const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.js')], { cwd: ROOT, encoding: 'utf8' });
  const missing = OUTPUTS.filter((o) => !existsSync(join(ROOT, o)) || statSync(join(ROOT, o)).mtimeMs < started - 1000);
  if (missing.length > 0) throw new Error(`npm run compile did not produce ${missing.join(', ')}:\n${compiled.stdout}\n${compiled.stderr}\n${bundled.stdout}\n${bundled.stderr}`);
}
