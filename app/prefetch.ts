// Which files the evaluator is about to read, guessed from the tree and the policy before it runs.
// The core reads model by model; without this, each model's card and reports would cost a GraphQL
// query of their own. The reader reads the list a window at a time, in shared queries (up to 2,500
// blobs each). A wrong guess only costs bytes: anything not prefetched is still read on demand.
import { posix } from 'node:path';
import { findModels, Matcher, modelOf, CONFIG_PATH } from '../src/index.js';
import type { ChangeSet, Policy } from '../src/index.js';
import type { TreeEntry } from './github.js';
import { HASH_THROUGH_BATCH_MAX } from './githubReader.js';

/** Text evidence a model directory may hold: the card, CodeCarbon CSVs, CycloneDX JSON, notes. */
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.yml', '.yaml', '.json', '.csv', '.txt']);
const MAX_MODEL_FILE = 1024 * 1024;

export function evidenceCandidates(entries: ReadonlyMap<string, TreeEntry>, policy: Policy, changes: ChangeSet): string[] {
  const files = [...entries.keys()];
  const models = findModels(files, policy.models);
  const manifests = new Matcher(policy.datasets.manifests);
  const records = new Matcher([...policy.audits.records, ...policy.safety.records]);
  const artifacts = new Matcher(policy.models.artifacts);

  const picked = new Set<string>();
  for (const f of files) if (manifests.test(f) || records.test(f)) picked.add(f);
  if (!changes.all && changes.files.some((c) => c.path === CONFIG_PATH)) picked.add(CONFIG_PATH);

  // Models the change touches directly; a change elsewhere makes the core read every card.
  let touched: Set<string>;
  if (changes.all) touched = new Set(models.keys());
  else {
    touched = new Set();
    let outside = false;
    for (const c of changes.files) {
      for (const p of c.previousPath ? [c.path, c.previousPath] : [c.path]) {
        const m = modelOf(p, models);
        if (m === undefined) outside = true;
        else touched.add(m);
      }
    }
    if (outside) for (const m of models.values()) if (m.card) picked.add(m.card);
  }
  for (const m of touched) {
    const card = models.get(m)?.card;
    if (card) picked.add(card);
  }
  const inTouched = (f: string) => {
    const m = modelOf(f, models);
    return m !== undefined && touched.has(m);
  };
  // Dataset files next to manifests are hashed; the small ones (Git LFS pointers, small data files)
  // through the same batched reads.
  // A set and a walk up the path: checking every file against every dataset directory was
  // quadratic (50,000 files by 10,000 datasets at 5,000 models).
  const datasetDirs = new Set([...picked].filter((f) => manifests.test(f)).map((f) => posix.dirname(f)));
  const underDataset = (f: string) => {
    if (datasetDirs.has('.')) return true;
    for (let i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) if (datasetDirs.has(f.slice(0, i))) return true;
    return false;
  };

  for (const [f, e] of entries) {
    const size = e.size ?? 0;
    if (inTouched(f) && size <= MAX_MODEL_FILE && TEXT_EXTENSIONS.has(posix.extname(f).toLowerCase()) && !artifacts.test(f)) picked.add(f);
    else if (size <= HASH_THROUGH_BATCH_MAX && underDataset(f)) picked.add(f);
  }

  // The reader reads them a window at a time (PREFETCH_WINDOW in githubReader.ts).
  return [...picked];
}
