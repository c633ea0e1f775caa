// The shared real-world corpus (design/formats.md section 10), found as `../shared/corpus` beside the
// project root, wherever the project is cloned. Off CI a missing corpus skips the suites that read
// it; in CI (`CI` set) it fails them, so that a corpus that is not where CI put it is never a quiet
// pass.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');

/** The directory of one kind of evidence (`croissant`, `hf-model-cards`…), or undefined off CI when absent. */
export function corpusDir(kind: string): string | undefined {
  const dir = join(CORPUS, kind);
  if (existsSync(dir)) return dir;
  if (process.env.CI) throw new Error(`the real-world corpus is missing: ${dir} (expected ../shared/corpus beside the project); in CI its tests fail rather than skip`);
  return undefined;
}
