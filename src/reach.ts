// Which models a change outside every model directory may reach, found by scanning texts, not parsing
// them. A model reaches a file outside its directory only through its evidence: its card names a
// manifest (by a name or a path), an audit or safety record, a carbon report; a manifest lists data
// files; a record covers models by scope and keeps a report. Every such reference, as written, ends
// with the file's name, and a name a card gives a dataset is written in the card's text
// (src/scopeScan.ts says when escapes or dot segments defeat this: the text then reaches anything).
// The models found are candidates: the evaluator gathers their evidence and keeps those whose
// dependencies the change really holds. So the answer is the one gathering every model would give,
// for the cost of the candidates. When a changed manifest's names cannot be known on both revisions,
// every model is a candidate.
import type { Needle, RepoReader } from './types.js';
import type { ModelDir } from './discovery.js';
import { dirOf } from './paths.js';
import { Matcher } from './discovery.js';
import type { Policy } from './policy/load.js';
import { EvidenceStore, MAX_EVIDENCE_BYTES } from './evidence/store.js';
import { ANY_NEEDLES, ANY_SCOPE, mayName, scannable, scopeHint, type ScopeHint } from './scopeScan.js';
import { searcher } from './textSearch.js';

export interface ReachInput {
  /** Changed paths outside every model directory (both sides of a rename). */
  changed: readonly string[];
  models: readonly ModelDir[];
  store: EvidenceStore;
  /** Manifest and audit record files of the head tree. */
  manifests: readonly string[];
  audits: readonly string[];
  policy: Policy;
  /** The base revision: the names a changed manifest had there. */
  base: RepoReader | undefined;
}

export async function modelsReaching(input: ReachInput): Promise<ModelDir[]> {
  const { store, changed, models } = input;
  const hints = new Map<string, Promise<ScopeHint>>();
  const hint = (path: string): Promise<ScopeHint> => {
    let h = hints.get(path);
    if (!h) hints.set(path, (h = store.text(path).then((t) => (t.ok ? scopeHint(t.value) : ANY_SCOPE))));
    return h;
  };
  const safetyMatcher = new Matcher(input.policy.safety.records);
  const safety = input.policy.safety.records.length === 0 ? [] : [...store.files].filter((f) => safetyMatcher.test(f));
  const records = [...input.audits, ...safety];

  // Evidence files that may reference a changed file (a manifest listing it, a record keeping it as report).
  const referring = new Set<string>(changed.filter((p) => store.files.has(p)));
  // Only the texts that may end a path with a changed file's name are scanned (src/textSearch.ts).
  const listers = await narrowed(store, [...input.manifests, ...records], changed.map(nameOf));
  const listerHints = await Promise.all(listers.map(hint));
  listers.forEach((f, i) => {
    // Their paths are relative to their own directory: without a `..`, only a file below it.
    const dir = dirOf(f);
    const h = listerHints[i] as ScopeHint;
    if (changed.some((p) => h.any || ((dir === '' || p.startsWith(`${dir}/`)) && mayEndWith(h, p)))) referring.add(f);
  });

  // Names a card may give a manifest that is changed or lists a changed file, on either revision.
  const names = new Set<string>();
  const manifestSet = new Set(input.manifests);
  const isManifest = new Matcher(input.policy.datasets.manifests);
  const baseStore = input.base ? new EvidenceStore(input.base, new Set()) : undefined;
  for (const f of new Set([...referring, ...changed])) {
    if (!manifestSet.has(f) && !isManifest.test(f)) continue;
    const sides = [store.files.has(f) ? store : undefined, changed.includes(f) ? (baseStore ?? null) : undefined];
    for (const side of sides) {
      if (side === undefined) continue;
      if (side === null) return [...models]; // the base is unknown: so are the names it gave
      // Absent on the base: the change adds it.
      if (side === baseStore && (await side.reader.read(f, MAX_EVIDENCE_BYTES)).kind === 'missing') continue;
      const m = await side.manifest(f);
      if (!m.ok) return [...models]; // its names are unknown
      for (const n of m.value.aliases) {
        const key = n.trim().toLowerCase();
        // A card writes a name as it is, but for line folding (at white space) and quoting (a quote
        // doubled): each of its words is in the card's text. Past ASCII, lower-casing may depend on context.
        if (!/^[\x20-\x7e]*$/.test(key)) return [...models];
        names.add(key);
      }
    }
    names.add(f.toLowerCase());
  }

  // Records among them reach the models their scope may name; every file among them (and every
  // changed file) reaches the cards that may cite it.
  const reached = new Set<string>();
  const recordSet = new Set(records);
  for (const f of referring) {
    if (!recordSet.has(f)) continue;
    const h = await hint(f);
    for (const m of models) if (mayName(h, m.path)) reached.add(m.path);
  }
  const cited = [...new Set([...referring, ...changed])];
  const words = [...names].flatMap((n) => n.split(/[\s'"]+/));
  const cards = new Set(
    await narrowed(
      store,
      models.flatMap((m) => (reached.has(m.path) || !m.card ? [] : [m.card])),
      cited.map(nameOf),
      words.map((text): Needle => ({ kind: 'text', text })),
    ),
  );
  await Promise.all(
    models.map(async (m) => {
      if (reached.has(m.path) || !m.card) return;
      if (!cards.has(m.card)) return undefined; // its text holds none of what could reach it
      const text = await store.text(m.card);
      if (!text.ok) return reached.add(m.path);
      const h = scopeHint(text.value);
      if (cited.some((f) => mayEndWith(h, f))) return reached.add(m.path);
      if (names.size > 0) {
        const lower = text.value.toLowerCase();
        for (const n of names) if (n.split(/[\s'"]+/).every((word) => lower.includes(word))) return reached.add(m.path);
      }
      return undefined;
    }),
  );
  return models.filter((m) => reached.has(m.path));
}

const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The files among `files` whose text may end a path with one of `names` (mayEndWith) or hold one of
 * `more`, as the reader's search answers (all of them without it, or when a name is one the scan
 * does not reason about: every text may end with it).
 */
async function narrowed(store: EvidenceStore, files: readonly string[], names: readonly string[], more: readonly Needle[] = []): Promise<readonly string[]> {
  if (!names.every(scannable)) return files;
  const found = await searcher(store.reader, files, MAX_EVIDENCE_BYTES)([...names.map((text): Needle => ({ kind: 'pathEnd', text })), ...ANY_NEEDLES, ...more]);
  return found ? files.filter((f) => found.has(f)) : files;
}

/** May a text with this hint write a path that ends with `path`'s file name? */
function mayEndWith(hint: ScopeHint, path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return hint.any || !scannable(name) || hint.ends.has(name);
}
