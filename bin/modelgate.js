#!/usr/bin/env node
// The `modelgate` command: the CLI bundle (cli/main.ts and everything it uses, node_modules
// included, built by `npm run compile` into build/cli-bundle/), so an install needs no runtime
// dependency and start-up reads a few files instead of hundreds.
let main;
try {
  ({ main } = await import('../build/cli-bundle/index.js'));
} catch (err) {
  // In a clone, `npm ci` installs but does not build (package.json has no prepare script, so that
  // an install of the published package runs no script at all).
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('cli-bundle')) throw err;
  process.stderr.write('modelgate: build/cli-bundle/ is missing: in a clone of modelgate, run `npm run compile` first\n');
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
