// A YAML parsing thread that takes files and never answers (test/adapters/parseWorkers.test.ts).
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {});
