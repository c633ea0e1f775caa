// One thread of the YAML pool (parseWorkers.ts): composes the YAML of the evidence texts it is sent
// and answers with plain data, which the evaluating thread turns into parsed evidence.
import { parentPort } from 'node:worker_threads';
import { yamlOfEvidence, type EvidenceRole } from '../src/check.js';

interface Request {
  id: number;
  role: EvidenceRole;
  text: string;
  path: string;
}

const port = parentPort;
if (port) {
  port.on('message', (r: Request) => {
    try {
      port.postMessage({ id: r.id, yaml: yamlOfEvidence(r.role, r.text, r.path) });
    } catch (err) {
      port.postMessage({ id: r.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
