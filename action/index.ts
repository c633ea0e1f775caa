// The entry point ncc bundles into dist/index.js: it runs the Action, and does nothing else. The
// logic lives in main.ts, which runs nothing when imported.
import { run } from './main.js';

void run();
