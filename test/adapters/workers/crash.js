// A YAML parsing thread that dies on its first file (test/adapters/parseWorkers.test.ts).
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {
  throw new Error('simulated crash');
});
