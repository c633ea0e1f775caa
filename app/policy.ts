// The policy that judges a change, as the App resolves it (spec section 2):
// - `.github/modelgate.yml` read at the BASE revision through the base reader. Probot's
//   `context.config()` is not used: it reads the default branch, not the base, and concatenates
//   arrays when merging `_extends`, which would let an extending file add ignore globs silently.
// - when the repository has none, the org's `.github` repository's `.github/modelgate.yml`;
// - `_extends: [owner/]repo[:path]` honoured (Probot's syntax), keys deep-merged, arrays replaced;
// - the org file is also a floor: a repository config that loosens it fails `policy.valid`.
import { stringify } from 'yaml';
import { isRecord, parseYaml, readConfigText, CONFIG_PATH, loadPolicy, floorViolations } from '../src/index.js';
import type { Diagnostic, RepoReader, LoadedPolicy } from '../src/index.js';
import type { BlobLoader } from './blobLoader.js';
import type { RepoRef } from './github.js';

const ORG_REPO = '.github';
const MAX_EXTENDS_DEPTH = 5;
/** Probot's `_extends` syntax: "repo", "owner/repo", either with ":path/to/file.yml". */
const EXTENDS_RE = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w]+)(?::([-_./\w]+\.ya?ml))?$/i;

interface FileRef extends RepoRef {
  path: string;
}

type Fetched = { text: string } | { missing: true };

/** The loader checkChange calls with the base's reader (its `policyFromBase`). */
export async function resolvePolicy(base: RepoReader, blobs: BlobLoader, ref: RepoRef): Promise<LoadedPolicy> {
  const fetchExternal = async (f: FileRef): Promise<Fetched> => {
    const answer = await blobs.load({ owner: f.owner, repo: f.repo, expression: `HEAD:${f.path}` });
    if (answer.kind === 'missing') return { missing: true };
    if (answer.kind === 'raw-needed') throw new Error(`${label(f)} is binary or too large to be a modelgate configuration`);
    return { text: new TextDecoder('utf-8').decode(answer.bytes) };
  };
  const isOrgRepo = ref.repo === ORG_REPO;
  const [own, org] = await Promise.all([
    readConfigText(base, CONFIG_PATH),
    isOrgRepo ? Promise.resolve<Fetched>({ missing: true }) : fetchExternal({ owner: ref.owner, repo: ORG_REPO, path: CONFIG_PATH }),
  ]);
  if (own.error) return { ...loadPolicy(undefined, CONFIG_PATH), errors: [own.error] };

  const orgFile: FileRef = { owner: ref.owner, repo: ORG_REPO, path: CONFIG_PATH };
  const orgPolicy = 'text' in org ? await load(org.text, orgFile, `org defaults ${label(orgFile)}`, fetchExternal) : undefined;

  if (own.text === undefined) return orgPolicy ?? loadPolicy(undefined, CONFIG_PATH);
  const repoPolicy = await load(own.text, { ...ref, path: CONFIG_PATH }, `${CONFIG_PATH} (${base.label})`, fetchExternal, CONFIG_PATH);
  if (!orgPolicy) return repoPolicy;
  if (orgPolicy.errors.length > 0) {
    // A broken floor cannot be checked against: fail closed rather than judge without it.
    repoPolicy.errors.push(...orgPolicy.errors.map((e) => ({ ...e, message: `organisation defaults: ${e.message}` })));
  } else if (repoPolicy.errors.length === 0) {
    repoPolicy.errors.push(...floorViolations(orgPolicy.policy, repoPolicy.policy));
  }
  return repoPolicy;
}

function label(f: FileRef): string {
  return `${f.owner}/${f.repo}:${f.path}`;
}

/** Loads one config text, expanding its `_extends` chain first. */
async function load(text: string, file: FileRef, source: string, fetch: (f: FileRef) => Promise<Fetched>, fileLabel = label(file)): Promise<LoadedPolicy> {
  const expanded = await expand(text, file, fetch, new Set([label(file)]));
  if ('error' in expanded) return { ...loadPolicy(undefined, fileLabel), errors: [expanded.error] };
  if (expanded.chain.length === 0) return loadPolicy(text, fileLabel, source);
  return loadPolicy(expanded.text, fileLabel, `${source}, extending ${expanded.chain.join(' → ')}`);
}

type Expanded = { text: string; chain: string[] } | { error: Diagnostic };

async function expand(text: string, file: FileRef, fetch: (f: FileRef) => Promise<Fetched>, seen: Set<string>): Promise<Expanded> {
  const parsed = parseYaml(text, label(file));
  // Syntax errors are reported by loadPolicy with their line; only a mapping can extend.
  if (!parsed.ok || !isRecord(parsed.value.data) || parsed.value.data._extends === undefined) return { text, chain: [] };
  const data = parsed.value.data;
  const at = (message: string): { error: Diagnostic } => {
    const line = parsed.value.lineOf(['_extends']);
    return { error: line === undefined ? { file: file.path, message } : { file: file.path, line, message } };
  };
  const target = parseExtends(data._extends, file);
  if (typeof target === 'string') return at(target);
  const key = label(target);
  if (seen.has(key)) return at(`_extends: ${key} extends itself (cycle through ${[...seen].join(' → ')})`);
  if (seen.size >= MAX_EXTENDS_DEPTH) return at(`_extends: more than ${MAX_EXTENDS_DEPTH} levels of _extends`);
  const fetched = await fetch(target);
  if ('missing' in fetched) return at(`_extends: ${key} does not exist, or the App is not installed on ${target.owner}/${target.repo}`);
  const parent = await expand(fetched.text, target, fetch, new Set([...seen, key]));
  if ('error' in parent) return parent;
  const parentData = parseYaml(parent.text, key);
  if (!parentData.ok) return at(`_extends: ${key}: ${parentData.errors[0]?.message ?? 'invalid YAML'}`);
  const { _extends: _, ...rest } = data;
  const merged = deepMerge(isRecord(parentData.value.data) ? parentData.value.data : {}, rest);
  delete merged._extends;
  return { text: stringify(merged), chain: [key, ...parent.chain] };
}

function parseExtends(value: unknown, from: FileRef): FileRef | string {
  if (typeof value !== 'string') return '_extends must be a string: "repo", "owner/repo" or "owner/repo:path/file.yml"';
  const m = EXTENDS_RE.exec(value.trim());
  if (!m || !m[2]) return `_extends "${value}" is not "repo", "owner/repo" or "owner/repo:path/file.yml"`;
  return { owner: m[1] ?? from.owner, repo: m[2], path: m[3] ?? CONFIG_PATH };
}

/** Mappings merge key by key; anything else (lists included) is replaced by the extending file. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isRecord(prev) && isRecord(v) ? deepMerge(prev, v) : v;
  }
  return out;
}
