#!/usr/bin/env node
// The `modelgate` command: the CLI bundle (cli/main.ts and everything it uses, node_modules
// included, built by `npm run compile` into build/cli-bundle/), so an install needs no runtime
// dependency and start-up reads a few files instead of hundreds.
import { main } from '../build/cli-bundle/index.js';

process.exitCode = await main(process.argv.slice(2));
