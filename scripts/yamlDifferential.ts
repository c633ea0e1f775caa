// Holds the fast YAML path (src/evidence/yamlFast.ts) to the `yaml` library: for a text the fast
// path accepts, the library must read the same data with no error and no warning. Used by the unit
// tests on generated documents and by `npm run corpus` on real ones.
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { fastYaml } from '../src/evidence/yamlFast.js';

export type Agreement = { kind: 'slow' } | { kind: 'agree' } | { kind: 'disagree'; reason: string };

export function compareYamlPaths(text: string): Agreement {
  const fast = fastYaml(text);
  if (!fast) return { kind: 'slow' };
  let reference: unknown;
  try {
    const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) return { kind: 'disagree', reason: `the fast path read text the yaml library reports: ${problem.message.split('\n')[0]}` };
    reference = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { kind: 'disagree', reason: `the fast path read text the yaml library throws on: ${String(err)}` };
  }
  if (!isDeepStrictEqual(fast.data, reference)) {
    return { kind: 'disagree', reason: `different data: fast ${JSON.stringify(fast.data)?.slice(0, 300)} vs yaml ${JSON.stringify(reference)?.slice(0, 300)}` };
  }
  return { kind: 'agree' };
}
