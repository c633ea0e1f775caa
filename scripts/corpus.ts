// `npm run corpus -- <dir>`: runs every evidence parser over a directory of real files laid out by
// kind (one sub-directory per format) and prints, per kind, how many parsed, how many gave a clean
// error, and any crash. Exits 1 on a crash: a parser must never throw on what people write.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Parsed } from '../src/types.js';
import { decodeText, parseJson, parseYaml } from '../src/evidence/load.js';
import { parseModelCard } from '../src/evidence/modelCard.js';
import { carbonFromCardField, carbonFromCycloneDx } from '../src/evidence/carbon.js';
import { EVIDENCE_FORMATS } from '../src/evidence/formats.js';

type Parser = (text: string, file: string) => Parsed<unknown>;

/** The parser the registry of evidence formats holds under `id`: the corpus runs what modelgate runs. */
function format(id: string): Parser {
  const found = EVIDENCE_FORMATS.find((f) => f.id === id);
  if (!found) throw new Error(`no evidence format "${id}" in src/evidence/formats.ts`);
  return found.parse as Parser;
}
const parseCroissant = format('croissant');
const parseCodeCarbonCsv = format('codecarbon');
const parseLfsPointer = format('lfs-pointer');

const modelCard: Parser = (text, file) => {
  const card = parseModelCard(text, file);
  if (!card.ok) return card;
  // An entry card.metadata refuses (a dataset written as a mapping…) fails the card like a parse error.
  if (card.value.entryErrors.length > 0) return { ok: false, errors: card.value.entryErrors };
  // Read the carbon field too: it is where real cards vary most.
  const co2 = carbonFromCardField(card.value.co2, file, card.value.lineOf(['co2_eq_emissions']));
  return co2 && !co2.ok ? co2 : card;
};

const cyclonedx: Parser = (text, file) => {
  const json = parseJson(text, file);
  if (!json.ok) return json;
  const carbon = carbonFromCycloneDx(json.value, file);
  // Most ML-BOMs carry no environmental block; that is a clean "no figure", not a failure to parse.
  return carbon.ok ? carbon : { ok: true, value: json.value, warnings: carbon.errors };
};

const BY_KIND: Record<string, Parser> = {
  'hf-model-cards': modelCard,
  'hf-dataset-cards': modelCard,
  'hf-eval-results': (t, f) => parseYaml(t, f),
  croissant: (t, f) => (f.endsWith('.json') ? parseCroissant(t, f) : { ok: true, value: t, warnings: [] }),
  cyclonedx,
  spdx3: (t, f) => parseJson(t, f),
  'model-card-toolkit': (t, f) => parseJson(t, f),
  codecarbon: parseCodeCarbonCsv,
  'git-lfs': parseLfsPointer,
  datasheets: format('datasheet'),
  audits: format('audit-record'),
};

function byExtension(file: string): Parser | undefined {
  if (/\.csv$/i.test(file)) return parseCodeCarbonCsv;
  if (/\.md$/i.test(file)) return modelCard;
  if (/croissant.*\.json$/i.test(file)) return parseCroissant;
  if (/\.json$/i.test(file)) return (t, f) => parseJson(t, f);
  if (/\.ya?ml$/i.test(file)) return (t, f) => parseYaml(t, f);
  if (/\.pointer$/i.test(file)) return parseLfsPointer;
  return undefined;
}

interface Tally {
  files: number;
  parsed: number;
  warned: number;
  clean: number;
  crashed: string[];
}

export function runCorpus(dir: string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const kind of readdirSync(dir).sort()) {
    const kindDir = join(dir, kind);
    if (!statSync(kindDir).isDirectory()) continue;
    const tally: Tally = { files: 0, parsed: 0, warned: 0, clean: 0, crashed: [] };
    for (const name of readdirSync(kindDir).sort()) {
      const path = join(kindDir, name);
      if (!statSync(path).isFile()) continue;
      const parser = BY_KIND[kind] ?? byExtension(name);
      if (!parser) continue;
      tally.files++;
      try {
        const text = decodeText(readFileSync(path), `${kind}/${name}`);
        const result = text.ok ? parser(text.value, `${kind}/${name}`) : text;
        if (result.ok) {
          tally.parsed++;
          if (result.warnings.length > 0) tally.warned++;
        } else if (result.errors.length > 0 && result.errors.every((e) => typeof e.message === 'string' && e.message.length > 0)) {
          tally.clean++;
        } else {
          tally.crashed.push(`${name}: failed without a message`);
        }
      } catch (err) {
        tally.crashed.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (tally.files > 0) tallies.set(kind, tally);
  }
  return tallies;
}

function main(): number {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npm run corpus -- <dir>  (a directory with one sub-directory per evidence kind)\n');
    return 2;
  }
  const tallies = runCorpus(dir);
  const rows = [...tallies].map(
    ([kind, t]) =>
      `${kind.padEnd(20)} ${String(t.files).padStart(5)} ${String(t.parsed).padStart(7)} ${String(t.warned).padStart(9)} ${String(t.clean).padStart(12)} ${String(t.crashed.length).padStart(7)}`,
  );
  process.stdout.write(
    `${'kind'.padEnd(20)} ${'files'.padStart(5)} ${'parsed'.padStart(7)} ${'(warned)'.padStart(9)} ${'clean error'.padStart(12)} ${'crashed'.padStart(7)}\n${rows.join('\n')}\n`,
  );
  const crashes = [...tallies.values()].flatMap((t) => t.crashed);
  const total = [...tallies.values()].reduce((n, t) => n + t.files, 0);
  process.stdout.write(`${total} files, ${crashes.length} crash(es)\n`);
  for (const c of crashes) process.stdout.write(`CRASH ${c}\n`);
  return crashes.length > 0 ? 1 : 0;
}

process.exitCode = main();
