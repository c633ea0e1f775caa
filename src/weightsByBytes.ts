// Which files are weights by their bytes, not their names: the files to sniff, read a few at a
// time, each judged by src/evidence/weightsSignature.ts and the binary size threshold. The result
// feeds findModels, so such a file makes its directory a model exactly as `models.artifacts` does.
//
// Only files no other rule places in a model are sniffed (not ignored, not under a root, not named
// like weights): with a change, those the change adds, modifies or renames; with `--all`, every one
// (unless the caller opts out: the App, where each would be an API read).
import type { ChangeSet, RepoReader } from './types.js';
import { unplacedFiles, type RecognisedWeights } from './discovery.js';
import { looksBinary, SNIFF_BYTES, weightsSignature } from './evidence/weightsSignature.js';
import { mapLimit } from './concurrency.js';
import type { Policy } from './policy/load.js';

/** Heads read at once: enough to overlap the reads of a slow reader (git, the API), small in memory (16 × 64 KiB). */
const SNIFF_CONCURRENCY = 16;
const MIB = 1024 * 1024;

export interface SniffInput {
  reader: RepoReader;
  files: readonly string[];
  changes: ChangeSet;
  policy: Policy;
  /** Files some dataset manifest lists: data, unless their bytes are a format only models use. Asked for only when a file is sniffed. */
  datasetFiles: () => Promise<ReadonlySet<string>>;
  /** With `changes.all`: sniff every unplaced file (true) or none (false). */
  sniffUnchanged: boolean;
}

export async function recogniseWeights({ reader, files, changes, policy, datasetFiles, sniffUnchanged }: SniffInput): Promise<RecognisedWeights> {
  if (changes.all && !sniffUnchanged) return new Map();
  let candidates = files;
  if (!changes.all) {
    const changed = new Set(changes.files.filter((c) => c.status !== 'removed').map((c) => c.path));
    candidates = files.filter((f) => changed.has(f));
  }
  candidates = unplacedFiles(candidates, policy.models);
  const listedFiles = candidates.length > 0 ? await datasetFiles() : new Set<string>();
  const thresholdBytes = policy.models.binaryThresholdMib * MIB;
  const verdicts = await mapLimit(candidates, SNIFF_CONCURRENCY, async (path): Promise<string | undefined> => {
    const head = await reader.head(path, SNIFF_BYTES);
    if (head.kind === 'not-a-file') return undefined; // a link or submodule: not a file whose bytes can be read
    if (head.kind !== 'ok') {
      // Fail closed: what cannot be read cannot be shown not to be weights.
      const detail = 'detail' in head ? `: ${head.detail}` : '';
      return `${path} could not be read to check whether it holds weights (${head.kind}${detail})`;
    }
    const listed = listedFiles.has(path);
    const signature = weightsSignature(head.bytes, head.size);
    if (signature && !(signature.dataLike && listed)) return `weights recognised by their bytes: ${path} is ${signature.format} (${signature.reason})`;
    if (!listed && head.size > thresholdBytes && looksBinary(head.bytes)) {
      return `weights recognised by their bytes: ${path} is a binary file of ${(head.size / MIB).toFixed(1)} MiB, over models.binary_threshold_mib (${policy.models.binaryThresholdMib}), that no dataset manifest lists`;
    }
    return undefined;
  });
  const found = new Map<string, string>();
  candidates.forEach((path, i) => {
    const why = verdicts[i];
    if (why !== undefined) found.set(path, why);
  });
  return found;
}
