// Synthetic repositories for the benchmarks. Deterministic: the same size gives the same files.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** The evaluation date the benchmarks pass with --as-of, so audit ages never drift. */
export const AS_OF = '2026-10-01';

const POLICY = `extends: baseline
models:
  roots: ["models/*"]
tiers:
  high:
    audit.independent: error
    audit.fresh: { max_age_days: 365 }
`;

const TIERS = ['minimal', 'limited', 'high'] as const;

function put(root: string, rel: string, content: string | Buffer): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A few KiB of CSV-like text that differs per file. */
function dataFile(seed: string, rows: number): string {
  const lines = ['id,text,label'];
  let h = sha256(seed);
  for (let r = 0; r < rows; r++) {
    h = sha256(h);
    lines.push(`${r},"ticket ${h.slice(0, 40)} about ${h.slice(40, 52)}",${['account', 'billing', 'returns', 'shipping', 'technical'][r % 5]}`);
  }
  return lines.join('\n') + '\n';
}

function card(name: string, tier: string, gramsCo2: number): string {
  return `---
language: [en, de]
license: apache-2.0
library_name: transformers
pipeline_tag: text-classification
base_model: distilbert/distilbert-base-multilingual-cased
datasets:
  - bench/${name}-train
  - bench/${name}-eval
metrics: [accuracy, f1]
tags: [benchmark, synthetic]
co2_eq_emissions:
  emissions: ${gramsCo2}
  source: CodeCarbon
  training_type: fine-tuning
  geographical_location: "Frankfurt, Germany"
  hardware_used: "1 x NVIDIA A10G"
model-index:
  - name: ${name}
    results:
      - task: { type: text-classification, name: Ticket routing }
        dataset: { type: bench/${name}-eval, name: ${name} eval, split: test }
        metrics:
          - { type: accuracy, value: 0.914, name: Accuracy }
          - { type: f1, value: 0.897, name: Macro F1 }
governance:
  risk_tier: ${tier}
  owner: "@bench/ml-platform"
  intended_use: >-
    Suggest the queue for incoming customer support tickets so that agents can pick them up
    faster; an agent confirms or changes every suggestion.
  audits:
    - audits/${name}.yml
  carbon_report: emissions.csv
---

# ${name}

A synthetic model card for the modelgate benchmark, shaped like a real one.

## Model Details

- **Developed by:** Benchmark team
- **Model type:** DistilBERT encoder with a sequence-classification head (5 labels)
- **Licence:** Apache-2.0

## Uses

### Direct Use

The model suggests which queue a ticket belongs to. An agent accepts the suggestion or picks another
queue; corrections are logged and sampled each month for quality review.

### Out-of-Scope Use

- Fully automatic routing or closing of tickets without an agent in the loop.
- Deciding refunds, account suspensions or any other outcome for a customer.

## Bias, Risks, and Limitations

Accuracy is lower for German tickets than for English ones because German makes up a smaller share
of the training data. Tickets that mention several problems get a single label.

## Training Details

### Training Data

Fine-tuned on \`bench/${name}-train\`; its datasheet records source, licence, collection process,
retention date and the SHA-256 of every file.

### Training Procedure

- 4 epochs, batch size 32, AdamW with learning rate 3e-5, linear decay, 6 % warm-up

## Evaluation

Evaluated on \`bench/${name}-eval\`, a held-out set from a later period.

| language | accuracy | macro F1 |
|---|---|---|
| English | 0.932 | 0.918 |
| German | 0.921 | 0.904 |

## Environmental Impact

Measured with CodeCarbon during training; the raw measurements are in [\`emissions.csv\`](emissions.csv).

- **Hardware type:** 1 x NVIDIA A10G
- **Carbon emitted:** ${(gramsCo2 / 1000).toFixed(3)} kg CO2eq

## Model Card Contact

Benchmark team, \`@bench/ml-platform\`.
`;
}

const CSV_HEADER =
  'timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue';

function emissionsCsv(name: string, kg: number): string {
  const run = sha256(name);
  const runId = `${run.slice(0, 8)}-${run.slice(8, 12)}-4${run.slice(13, 16)}-a${run.slice(17, 20)}-${run.slice(20, 32)}`;
  const row = (ts: string, kgSoFar: number, kwh: number) =>
    `${ts},${name},${runId},69f0eeab-5bc1-44c7-aa1b-2753a2f904ba,43218.3,${kgSoFar},2.9e-05,42.5,226.4,11.6,0.51,2.64,0.13,${kwh},Germany,DEU,hesse,aws,eu-central-1,Linux-5.15.0-x86_64,3.10.12,2.7.1,8,AMD EPYC 7R32,1,1 x NVIDIA A10G,8.6821,50.1109,30.96,machine,Y,1.0`;
  return [CSV_HEADER, row('2026-08-18T07:15:02', kg / 2, 1.6), row('2026-08-18T17:08:55', kg, 3.3)].join('\n') + '\n';
}

function datasheet(id: string, files: { path: string; sha256: string; size: number }[]): string {
  return `id: ${id}
name: ${id} (synthetic)
source:
  url: "https://data.bench.example/${id}"
  creator: "Benchmark data team"
license: CC-BY-4.0
collection: >-
  Generated by the modelgate benchmark; shaped like an export from a help desk with personal data
  removed before export.
retention:
  policy: "Deleted 24 months after collection."
  until: 2027-12-31
personal_data: false
files:
${files.map((f) => `  - path: ${f.path}\n    sha256: "${f.sha256}"\n    size: ${f.size}`).join('\n')}
`;
}

function croissant(name: string, file: { path: string; sha256: string }): string {
  return (
    JSON.stringify(
      {
        '@context': {
          '@language': 'en',
          '@vocab': 'https://schema.org/',
          cr: 'http://mlcommons.org/croissant/',
          rai: 'http://mlcommons.org/croissant/RAI/',
          dct: 'http://purl.org/dc/terms/',
          sc: 'https://schema.org/',
          conformsTo: 'dct:conformsTo',
          recordSet: 'cr:recordSet',
          field: 'cr:field',
          dataType: { '@id': 'cr:dataType', '@type': '@vocab' },
          source: 'cr:source',
          fileObject: 'cr:fileObject',
          extract: 'cr:extract',
          column: 'cr:column',
        },
        '@type': 'sc:Dataset',
        conformsTo: 'http://mlcommons.org/croissant/1.0',
        name,
        description: `Synthetic evaluation set ${name} for the modelgate benchmark.`,
        license: 'https://spdx.org/licenses/CC-BY-4.0.html',
        url: `https://data.bench.example/${name}`,
        creator: { '@type': 'sc:Organization', name: 'Benchmark data team', url: 'https://bench.example' },
        datePublished: '2026-04-02',
        version: '1.0.0',
        'rai:dataCollection': 'Sampled at random from a later period than the training data; personal data removed.',
        'rai:dataReleaseMaintenancePlan': 'Frozen for the 2026 cycle and retained until 2027-12-31, then deleted.',
        distribution: [
          {
            '@type': 'cr:FileObject',
            '@id': 'eval.jsonl',
            name: 'eval.jsonl',
            contentUrl: file.path,
            encodingFormat: 'application/jsonlines',
            sha256: file.sha256,
          },
        ],
        recordSet: [
          {
            '@type': 'cr:RecordSet',
            '@id': 'tickets',
            name: 'tickets',
            field: [
              { '@type': 'cr:Field', '@id': 'tickets/text', name: 'tickets/text', dataType: 'sc:Text', source: { fileObject: { '@id': 'eval.jsonl' }, extract: { column: 'text' } } },
            ],
          },
        ],
      },
      null,
      2,
    ) + '\n'
  );
}

function audit(name: string, n: number): string {
  return `id: AUD-BENCH-${String(n).padStart(4, '0')}
auditor:
  name: "Benchmark Assurance LLP"
  independent: true
date: 2026-09-01
standard: "ISO/IEC 42001"
scope:
  - models/${name}
report:
  url: "https://assurance.bench.example/reports/${name}.pdf"
  sha256: "${sha256(name)}"
findings:
  - id: F-1
    title: "Training data exported without a documented redaction check"
    severity: medium
    status: remediated
    owner: "@bench/ml-platform"
  - id: F-2
    title: "No monitoring of the override rate per language"
    severity: low
    status: open
    due: 2027-03-31
    owner: "@bench/ml-platform"
`;
}

/** The name of model number `i` (1-based) in a repository from generateModelRepo. */
export function modelName(i: number): string {
  return `model-${String(i).padStart(4, '0')}`;
}

/**
 * The card of model number `i` with `gramsCo2` in co2_eq_emissions. With `carbonReport: false` the
 * card names no CodeCarbon file, so its own co2_eq_emissions is the model's carbon figure.
 */
export function modelCard(i: number, gramsCo2: number, options: { carbonReport?: boolean } = {}): string {
  const text = card(modelName(i), TIERS[i % TIERS.length] as string, gramsCo2);
  return options.carbonReport === false ? text.replace('  carbon_report: emissions.csv\n', '') : text;
}

/** The CodeCarbon emissions.csv of model number `i`: one run whose last flush is `kg` kg CO2eq. */
export function modelEmissionsCsv(i: number, kg: number): string {
  return emissionsCsv(modelName(i), kg);
}

/**
 * A repository of `n` models, each with a card, two dataset manifests (a datasheet with two hashed
 * files, a Croissant file with one), an audit record, a CodeCarbon file, a config and an LFS pointer
 * for its weights. Every model passes every check. Committed to git, as a CI checkout would be
 * (unless `git: false`: plain files only). Returns the number of files written.
 * The models are numbered from `first` (1 unless given): model i has the same files in every
 * repository that holds it, so a repository of model 500 alone holds what the 1,000-model one has for it.
 */
export function generateModelRepo(root: string, n: number, options: { git?: boolean; first?: number } = {}): number {
  let files = 0;
  const first = options.first ?? 1;
  const w = (rel: string, content: string | Buffer) => {
    put(root, rel, content);
    files++;
  };
  w('.github/modelgate.yml', POLICY);
  for (let i = first; i < first + n; i++) {
    const name = modelName(i);
    const kg = 1 + (i % 17) / 10;
    w(`models/${name}/README.md`, modelCard(i, Math.round(kg * 1000)));
    w(`models/${name}/emissions.csv`, modelEmissionsCsv(i, kg));
    w(`models/${name}/config.json`, JSON.stringify({ architectures: ['DistilBertForSequenceClassification'], dim: 768, n_layers: 6, name }, null, 2) + '\n');
    w(`models/${name}/model.safetensors`, `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(`weights ${name}`)}\nsize ${541323596 + i}\n`);
    const train = [0, 1].map((k) => {
      const content = dataFile(`${name}/train/${k}`, 40);
      const path = `data/part-${k}.csv`;
      w(`datasets/${name}-train/${path}`, content);
      return { path, sha256: sha256(content), size: Buffer.byteLength(content) };
    });
    w(`datasets/${name}-train/datasheet.yml`, datasheet(`bench/${name}-train`, train));
    const evalContent = dataFile(`${name}/eval`, 30);
    w(`datasets/${name}-eval/data/eval.jsonl`, evalContent);
    w(`datasets/${name}-eval/${name}-eval.croissant.json`, croissant(`bench/${name}-eval`, { path: 'data/eval.jsonl', sha256: sha256(evalContent) }));
    w(`audits/${name}.yml`, audit(name, i));
  }
  if (options.git !== false) gitCommitAll(root);
  return files;
}

export function gitCommitAll(root: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=modelgate-bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'synthetic repository');
}

export interface BigFile {
  path: string;
  size: number;
  sha256: string;
}

const MiB = 1024 * 1024;

/**
 * Writes a file of `size` bytes (a multiple of 1 MiB): a random 1 MiB block repeated, each copy with
 * its own 32-byte header, so no two blocks are equal. Hashed while written.
 */
export async function writeBigFile(abs: string, size: number, block: Buffer, fileNo: number): Promise<string> {
  mkdirSync(dirname(abs), { recursive: true });
  const hash = createHash('sha256');
  const out = createWriteStream(abs, { highWaterMark: 4 * MiB });
  const blocks = Math.ceil(size / MiB);
  for (let b = 0; b < blocks; b++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(MiB, size - b * MiB)));
    chunk.write(`modelgate-bench f${fileNo} b${b}`.padEnd(32, '.'), 0, 'latin1');
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

/** Writes big files of the given sizes into `dir`, hashed while written. */
export async function writeBigFiles(dir: string, sizes: readonly number[]): Promise<(BigFile & { abs: string })[]> {
  const block = randomBytes(MiB);
  const out: (BigFile & { abs: string })[] = [];
  for (const [k, size] of sizes.entries()) {
    const path = `part-${String(k).padStart(2, '0')}.parquet`;
    const abs = join(dir, path);
    out.push({ path, abs, size, sha256: await writeBigFile(abs, size, block, k) });
  }
  return out;
}

/**
 * A repository with one model whose one dataset lists `files` (hard links to files written by
 * writeBigFiles, so several repositories share the bytes). Not committed to git: read as a plain
 * working tree.
 */
export function generateHashRepo(root: string, files: readonly (BigFile & { abs: string })[]): void {
  const listed = files.map((f) => {
    const path = `data/${f.path}`;
    const target = join(root, 'datasets/big', path);
    mkdirSync(dirname(target), { recursive: true });
    linkSync(f.abs, target);
    return { path, size: f.size, sha256: f.sha256 };
  });
  put(root, '.github/modelgate.yml', POLICY);
  const name = 'model-0001';
  const c = card(name, 'limited', 1500).replace(`bench/${name}-train\n  - bench/${name}-eval`, 'bench/big');
  put(root, `models/${name}/README.md`, c);
  put(root, `models/${name}/emissions.csv`, emissionsCsv(name, 1.5));
  put(root, `datasets/big/datasheet.yml`, datasheet('bench/big', listed));
  put(root, `audits/${name}.yml`, audit(name, 1));
}

/** Appends a line to each of `paths` and commits; returns the new commit id. */
export function commitTouch(root: string, paths: readonly string[], message: string): string {
  for (const p of paths) appendFileSync(join(root, p), '\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=modelgate-bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('commit', '-q', '-a', '-m', message);
  return git('rev-parse', 'HEAD').toString('utf8').trim();
}

/** The commit id HEAD names. */
export function headOf(root: string): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8').trim();
}

/** The card path of model number `i` in a repository from generateModelRepo. */
export function cardPath(i: number): string {
  return `models/${modelName(i)}/README.md`;
}
