// `modelgate init [dir]`: starts a repository in one command. The models are found by the gate's own
// discovery under the repository's policy (or baseline), so init and check never disagree on what a
// model is. It writes the policy and the Action workflow (kept when present, unless --force) and adds
// an empty `governance:` block to each card that has none: empty values, which the gate reads as
// missing, so running init never makes a model pass. The rest of a card stays byte for byte.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { findModels, frontMatterText, CONFIG_PATH, readPolicy } from '../src/index.js';
import { createWorkingTreeReader } from '../adapters/workingTree.js';
import { UsageError, type InitArgs } from './args.js';

export const WORKFLOW_PATH = '.github/workflows/modelgate.yml';

/** docs/action.md's quick start: the same recipe, the same action versions (a test holds them equal). */
export const WORKFLOW = `name: modelgate
on:
  pull_request:
  merge_group:            # needed if the branch uses a merge queue

permissions:
  contents: read          # read the repository
  pull-requests: write    # the sticky comment; with \`comment: false\`, \`pull-requests: read\` is enough

jobs:
  modelgate:              # the job name is the name of the status check: make it required
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: modelgate/modelgate@v1
`;

function policyText(models: string[]): string {
  const found = models.length > 0 ? models.map((m) => `#   ${m || '.'}`).join('\n') : '#   (none yet: put each model in models/<name>/ with its card)';
  return `# modelgate policy: README "Configuration reference", schema/modelgate-config.schema.json.
# Read from the base branch of each pull request. Written by \`modelgate init\`; models found:
${found}
extends: baseline            # baseline | strict | eu-ai-act-high-risk
`;
}

/** Added to a card's front matter. Empty values count as missing: card.fields fails until they are filled in. */
const GOVERNANCE = [
  'governance:                  # added by `modelgate init`: fill in; the gate fails until you do',
  '  risk_tier:                 # minimal | limited | high | prohibited',
  '  owner:                     # the accountable team, e.g. "@org/ml-platform"',
  '  intended_use:              # or an "Intended uses" section below',
  '  audits: []                 # audit records covering this model, e.g. [audits/2026-09-review.yml]',
  '  # carbon_report: emissions.csv   # CodeCarbon CSV or CycloneDX JSON, relative to this card',
];

/** A card for a model directory that has none. Its sections are template text, which the gate counts as missing. */
function newCard(name: string): string {
  return `---\nlicense:                       # an SPDX id, e.g. apache-2.0\ndatasets: []                   # ids or paths of dataset manifests\n${GOVERNANCE.join('\n')}\n---\n\n# ${name}\n\n## Intended uses\n\n[More Information Needed]\n\n## Bias, Risks, and Limitations\n\n[More Information Needed]\n\n## Training Data\n\n[More Information Needed]\n\n## Evaluation\n\n[More Information Needed]\n`;
}

export async function runInit(args: InitArgs, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const root = resolve(args.dir);
  const reader = createWorkingTreeReader(root);
  const files = await reader.listFiles();
  const loaded = await readPolicy(reader);
  if (loaded.errors.length > 0) {
    const e = loaded.errors[0];
    throw new UsageError(`${e?.file ?? CONFIG_PATH}${e?.line !== undefined ? `:${e.line}` : ''}: ${e?.message ?? 'invalid policy'}; fix it before running init`);
  }
  const models = [...findModels(files, loaded.policy.models).values()].sort((a, b) => a.path.localeCompare(b.path));
  const present = new Set(files);
  out(`modelgate init: ${models.length} model(s) found by the rules of ${present.has(CONFIG_PATH) ? CONFIG_PATH : 'the baseline preset'}`);
  await writeKept(root, CONFIG_PATH, policyText(models.map((m) => m.path)), present.has(CONFIG_PATH), args.force, out);
  await writeKept(root, WORKFLOW_PATH, WORKFLOW, present.has(WORKFLOW_PATH), args.force, out);
  let problems = 0;
  for (const m of models) {
    const shown = m.path || '.';
    if (m.card === undefined) {
      const card = m.path ? `${m.path}/README.md` : 'README.md';
      await writeFile(join(root, card), newCard(shown.split('/').pop() ?? shown));
      out(`  ${card}: written (a card to fill in)`);
      continue;
    }
    const raw = await readFile(join(root, m.card), 'utf8');
    const next = withGovernance(raw);
    if (typeof next === 'object') {
      problems++;
      out(`  ${m.card}: ${next.problem}`);
    } else if (next === raw) {
      out(`  ${m.card}: has governance:, kept`);
    } else {
      await writeFile(join(root, m.card), next);
      out(`  ${m.card}: governance: skeleton added`);
    }
  }
  out('next: fill in the empty governance: values, run `modelgate hash <manifest>` on each dataset manifest, then `modelgate check --all`');
  return problems > 0 ? 1 : 0;
}

async function writeKept(root: string, path: string, content: string, exists: boolean, force: boolean, out: (line: string) => void): Promise<void> {
  if (exists && !force) {
    out(`  ${path}: exists, kept (--force rewrites it)`);
    return;
  }
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
  out(`  ${path}: ${exists ? 'rewritten' : 'written'}`);
}

/**
 * The card with a `governance:` block at the end of its front matter (or a new front matter), the
 * card itself when it has one, or why it cannot be edited safely. Only LF and CRLF cards are edited,
 * and only when this file's view of the front matter is the gate's (frontMatterText).
 */
export function withGovernance(raw: string): string | { problem: string } {
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = raw.slice(bom.length);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  if (/\r(?!\n)/.test(text)) return { problem: 'line endings are neither LF nor CRLF; add governance: by hand' };
  const skeleton = GOVERNANCE.join(nl);
  const yaml = frontMatterText(raw);
  if (yaml === undefined) return `${bom}---${nl}${skeleton}${nl}---${nl}${text}`;
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0) return { problem: `the front matter does not parse (${doc.errors[0]?.message.split('\n')[0] ?? ''}); \`modelgate check\` says where` };
  if (doc.contents !== null && !(isMap(doc.contents) && !doc.contents.flow)) return { problem: 'the front matter is not a block mapping; add governance: by hand' };
  if (isMap(doc.contents) && doc.contents.has('governance')) return raw;
  const match = /^(\s*---\r?\n)([\s\S]*?)(\r?\n---[ \t]*(?:\r?\n|$))/.exec(text);
  if (match?.[2] === undefined || match[2].replace(/\r\n/g, '\n') !== yaml) return { problem: 'could not locate the front matter exactly; add governance: by hand' };
  const end = (match[1]?.length ?? 0) + match[2].length;
  return `${bom}${text.slice(0, end)}${nl}${skeleton}${text.slice(end)}`;
}
