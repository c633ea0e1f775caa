// Bundles the compiled CLI and App (build/cli, build/app, from `tsc -p tsconfig.build.json`) with
// ncc into single-directory programs that need no node_modules: what `npm install -g` and `npx`
// run (build/cli-bundle, shipped by package.json `files`) and what the App's image runs
// (build/app-bundle, with the HEALTHCHECK script beside it). That is why package.json has no
// `dependencies`. ncc reads the compiled JavaScript, not the TypeScript: its own type-check of the
// sources takes minutes. The bundles build in parallel, one ncc process each.
// Usage: node scripts/bundle.js [cli|app]...   (no argument: all of them)
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const BUNDLES = {
  cli: { entry: 'build/cli/main.js', out: 'build/cli-bundle' },
  // Probot's logger writes through pino.destination (no worker-thread transport) and loads Sentry
  // only for a DSN, which the App never passes: nothing it loads at run time is missing here. ncc
  // still copies pino's transport workers (worker.js, file.js) beside index.js; nothing loads them.
  app: { entry: 'build/app/server.js', out: 'build/app-bundle', besides: ['build/app/healthcheck.js'] },
};

function bundle(name) {
  const { entry, out, besides = [] } = BUNDLES[name];
  const args = [ncc, 'build', entry, '-o', out, '--minify', '--target', 'es2022', '--license', 'licenses.txt', '--quiet'];
  // ncc writes into the directory without emptying it: a chunk of an earlier build would be shipped.
  rmSync(join(root, out), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ncc could not bundle ${entry} (exit ${String(code)})`));
      // A file that imports nothing, next to the bundle so the bundle's directory is all an image needs.
      for (const file of besides) copyFileSync(join(root, file), join(root, out, file.split('/').pop()));
      resolve();
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(BUNDLES);
  const unknown = names.filter((n) => !(n in BUNDLES));
  if (unknown.length > 0) {
    process.stderr.write(`scripts/bundle.js: unknown bundle ${unknown.join(', ')} (known: ${Object.keys(BUNDLES).join(', ')})\n`);
    process.exit(2);
  }
  try {
    await Promise.all(names.map(bundle));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
