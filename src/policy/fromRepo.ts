// Reading the policy and waivers that a revision of a repository holds, through the reader port.
// Callers pass the BASE revision's reader: a pull request never chooses the policy that judges it.
import type { ChangeSet, Diagnostic, RepoReader } from '../types.js';
import { decodeText } from '../evidence/load.js';
import { readFailure } from '../evidence/store.js';
import { CONFIG_PATH, loadPolicy, type LoadedPolicy } from './load.js';
import { parseWaivers, WAIVERS_PATH, type LoadedWaivers } from '../waivers.js';

const MAX_CONFIG_BYTES = 1024 * 1024;

/** The text of a small config file, `undefined` when absent, or a located error. */
export async function readConfigText(reader: RepoReader, path: string): Promise<{ text?: string; error?: Diagnostic }> {
  const r = await reader.read(path, MAX_CONFIG_BYTES);
  if (r.kind === 'missing') return {};
  if (r.kind !== 'ok') return { error: readFailure(path, r) };
  const text = decodeText(r.bytes, path);
  if (!text.ok) return { error: text.errors[0] ?? { file: path, message: 'unreadable' } };
  return { text: text.value };
}

export async function readPolicy(reader: RepoReader, path: string = CONFIG_PATH): Promise<LoadedPolicy> {
  const { text, error } = await readConfigText(reader, path);
  if (error) {
    const fallback = loadPolicy(undefined, path);
    return { ...fallback, errors: [error] };
  }
  return loadPolicy(text, path, text === undefined ? undefined : `${path} (${reader.label})`);
}

export async function readWaivers(reader: RepoReader, path: string = WAIVERS_PATH): Promise<LoadedWaivers> {
  const { text, error } = await readConfigText(reader, path);
  if (error) return { waivers: [], errors: [error] };
  return parseWaivers(text, path);
}

/**
 * The policy a change proposes at `path`, when it edits that file: what `evaluate` validates and
 * previews, never applies. Read from `judged`, the revision being judged (head or merge result).
 */
export async function proposedPolicy(base: RepoReader, judged: RepoReader, changes: ChangeSet, path: string = CONFIG_PATH): Promise<{ loaded: LoadedPolicy; file: string } | undefined> {
  if (changes.all || !changes.files.some((f) => f.path === path || f.previousPath === path)) return undefined;
  const [before, after] = await Promise.all([readConfigText(base, path), readConfigText(judged, path)]);
  if (before.text === after.text && !after.error) return undefined;
  const loaded = after.error ? { ...loadPolicy(undefined, path), errors: [after.error] } : loadPolicy(after.text, path);
  return { loaded, file: path };
}
