// What the history trends read from a version of a model card: the carbon figure of its
// co2_eq_emissions, the carbon report it names and the workforce roles it declares, each exactly as
// parseModelCard reads them. All three come from the front matter, each from one top-level key, and a
// history's versions of a card mostly differ in one entry. So a front matter is split into its
// top-level entries ("blocks") and each distinct block is parsed once, on its own: a commit that
// changes one entry costs the parse of that entry, not of the whole front matter. The split is taken
// only where it cannot change the answer (splitBlocks); anything else is parsed whole.
import { carbonFromCardField } from '../evidence/carbon.js';
import { decodeText } from '../evidence/load.js';
import { frontMatterText, parseModelCard, type ModelCard } from '../evidence/modelCard.js';
import type { Parsed } from '../types.js';
import type { BlobResult } from './trend.js';

export interface CardFacts {
  /** kg CO2eq of `co2_eq_emissions`, when the front matter parses and the field gives a figure. */
  kg?: number;
  /** `governance.carbon_report` as written (relative to the card's directory). */
  carbonReport?: string;
  /** `governance.workforce.roles`; empty when absent or invalid. */
  roles: readonly { role: string; fte: number }[];
}

const NONE: CardFacts = Object.freeze({ roles: Object.freeze([]) });

/** A top-level entry of a front matter: its key and its exact text (with the line break that ends it, if any). */
export interface Block {
  key: string;
  text: string;
}

/** A key line: a plain key that YAML's core schema reads as that very string, then `: ` or the line's end. */
const KEY_LINE = /[A-Za-z_][A-Za-z0-9_-]*(?=:(?: |\n|$))/y;
/** Core-schema plain scalars that are not strings (`true:` is the boolean key true, equal to `True:`). */
const NOT_A_STRING = new Set(['true', 'false', 'null']);

/**
 * The front matter as its top-level entries, or undefined when the split might not read as the whole
 * does. Every line at column 0 must be a key line (it starts an entry), a comment, a sequence entry
 * (`- `, the value of the entry above) or empty; any other (a quoted or complex key, a flow
 * collection, a directive, a document marker, a tab) leaves the front matter to the whole parse. A key
 * line at column 0 can continue nothing that parses on its own: it ends a plain or block scalar, and
 * an open quote or bracket before it makes the entry above fail alone, which the caller also leaves to
 * the whole parse. What spans entries is refused here: a repeated key (the whole parse fails), and any
 * `&` or `*`, as anchors and aliases cross entries and the alias cap counts per document.
 */
export function splitBlocks(yaml: string): Block[] | undefined {
  if (yaml.includes('*') || yaml.includes('&')) return undefined;
  const starts: { key: string; at: number }[] = [];
  const keys = new Set<string>();
  for (let at = 0; at <= yaml.length; ) {
    const newline = yaml.indexOf('\n', at);
    const next = newline === -1 ? yaml.length + 1 : newline + 1;
    const c = yaml[at];
    if (c === undefined || c === '\n' || c === '#') {
      at = next;
      continue;
    }
    if (c === ' ') {
      // Before the first key an indented line would be content of no entry.
      if (starts.length === 0) return undefined;
      at = next;
      continue;
    }
    if (c === '-' && (yaml[at + 1] === ' ' || yaml[at + 1] === '\n' || at + 1 === yaml.length)) {
      if (starts.length === 0) return undefined; // a list as the whole front matter
      at = next;
      continue;
    }
    KEY_LINE.lastIndex = at;
    const key = KEY_LINE.exec(yaml)?.[0];
    if (key === undefined || NOT_A_STRING.has(key.toLowerCase()) || keys.has(key)) return undefined;
    keys.add(key);
    starts.push({ key, at });
    at = next;
  }
  if (starts.length === 0) return undefined;
  // The line break before the next entry belongs to this one: a block scalar keeps it, and one at
  // the very end of the front matter does not (parseYaml reads an open end as the Hub does).
  return starts.map((s, n) => ({ key: s.key, text: yaml.slice(s.at, starts[n + 1]?.at ?? yaml.length) }));
}

/**
 * Reads card facts with three caches: by blob id, by front matter text and by block text, so each
 * distinct block of each card's history is parsed once. One reader serves both trends of a report.
 */
export class CardFactsReader {
  private readonly byBlob = new Map<string, CardFacts>();
  private readonly byFrontMatter = new Map<string, CardFacts>();
  /** null: the block does not parse on its own. */
  private readonly byBlock = new Map<string, CardFacts | null>();
  /** Parses made, for tests: whole front matters and single blocks. */
  readonly parses = { whole: 0, blocks: 0 };

  /** The facts of the card held in `blob` (none when it is unreadable, not text or has no front matter). */
  ofBlob(blob: string, file: string, texts: ReadonlyMap<string, BlobResult>): CardFacts {
    let facts = this.byBlob.get(blob);
    if (facts) return facts;
    const r = texts.get(blob);
    const text = r?.kind === 'ok' ? decodeText(r.bytes, file) : undefined;
    const yaml = text?.ok ? frontMatterText(text.value) : undefined;
    facts = yaml === undefined ? NONE : this.ofFrontMatter(yaml, file);
    // A missing blob may be read later (another pass): only what was read is remembered.
    if (r) this.byBlob.set(blob, facts);
    return facts;
  }

  /** The facts of a front matter (the text between the `---` lines, as frontMatterText gives it). */
  ofFrontMatter(yaml: string, file: string): CardFacts {
    let facts = this.byFrontMatter.get(yaml);
    if (!facts) {
      facts = this.fromBlocks(yaml, file) ?? this.whole(yaml, file);
      this.byFrontMatter.set(yaml, facts);
    }
    return facts;
  }

  /** As parseModelCard reads the whole front matter: the reference the block path must agree with. */
  whole(yaml: string, file: string): CardFacts {
    this.parses.whole++;
    return factsOf(parseModelCard(`---\n${yaml}\n---\n`, file), file);
  }

  private fromBlocks(yaml: string, file: string): CardFacts | undefined {
    const blocks = splitBlocks(yaml);
    if (!blocks) return undefined;
    let kg: number | undefined;
    let governance: CardFacts = NONE;
    for (const b of blocks) {
      let facts = this.byBlock.get(b.text);
      if (facts === undefined) {
        this.parses.blocks++;
        const card = parseModelCard(`---\n${b.text}\n---\n`, file);
        facts = card.ok ? factsOf(card, file) : null;
        this.byBlock.set(b.text, facts);
      }
      // One that fails alone: the whole parse decides (and a failure anywhere means no facts at all).
      if (facts === null) return undefined;
      if (b.key === 'co2_eq_emissions') kg = facts.kg;
      if (b.key === 'governance') governance = facts;
    }
    if (kg === undefined) return governance;
    return { ...governance, kg };
  }
}

function factsOf(card: Parsed<ModelCard>, file: string): CardFacts {
  if (!card.ok) return NONE;
  const facts: CardFacts = { roles: card.value.governance.workforce?.roles ?? [] };
  const fig = carbonFromCardField(card.value.co2, file);
  if (fig?.ok) facts.kg = fig.value.kg;
  const ref = card.value.governance.carbonReport;
  if (ref !== undefined) facts.carbonReport = ref;
  return facts;
}
