// `modelgate check`: builds the change set and readers for a local checkout, then calls the core.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { checkChange, loadPolicy, toIsoDate, VERSION } from '../src/check.js';
import type { ChangedFile, ChangeSet, RepoReader, Report, LoadedPolicy } from '../src/check.js';
import { createWorkingTreeReader } from '../adapters/workingTree.js';
import { createGitRefReader, type GitRefReader } from '../adapters/git/gitReader.js';
import { NotInWorkTree, resolveCheckout } from '../adapters/git/git.js';
import { changesBetweenCommits } from '../adapters/git/gitChanges.js';
import { mergeCommits } from '../adapters/git/gitMerge.js';
import { UsageError, type CheckArgs } from './args.js';

export async function runCheck(args: CheckArgs, now: Date = new Date()): Promise<Report> {
  const today = args.asOf ?? toIsoDate(now);
  const dir = resolve(args.dir);
  const explicitPolicy = args.config ? await loadExplicitPolicy(args.config) : undefined;
  const options = { today, toolVersion: VERSION, ...(explicitPolicy ? { policy: explicitPolicy } : {}) };
  if (!args.base) {
    // The whole working tree, judged by its own policy and waivers.
    // Named as the user wrote it: the report (and a SARIF upload) never carries this machine's absolute path.
    const reader = { ...createWorkingTreeReader(dir), label: `working tree ${args.dir}` };
    return (await checkChange({ base: reader, judged: reader, changes: { all: true }, ...options })).report;
  }
  const headName = args.head ?? 'HEAD';
  // One git process for the top level and both commits; the readers take the ids as resolved.
  const { top, shas } = await resolveCheckout(dir, [args.base, headName]).catch((err: unknown) => {
    if (err instanceof NotInWorkTree) throw new UsageError(`--base needs a git checkout; ${args.dir} is not one`);
    return usage(err);
  });
  const [baseSha = '', headSha = ''] = shas;
  // [dir] may be a directory inside the checkout (as with --all): the repository evaluated is that
  // directory, with its own policy, at both revisions.
  const prefix = await subdirectory(top, dir);
  const readers: GitRefReader[] = [];
  try {
    // The base's tree is listed; the head's (and the merge result's) is the base's patched by their
    // difference, read through the same git process.
    const baseRef = await createGitRefReader(top, baseSha, { verifiedCommit: true }).catch(usage);
    readers.push(baseRef);
    const headRef = await createGitRefReader(top, headSha, { verifiedCommit: true, sibling: baseRef }).catch(usage);
    readers.push(headRef);
    const judged = args.merged ? await createGitRefReader(top, await mergedCommit(top, baseRef.sha, headRef.sha), { verifiedCommit: true, sibling: baseRef }).catch(usage) : headRef;
    if (judged !== headRef) readers.push(judged);
    const base = scoped(baseRef, prefix);
    const head = scoped(judged, prefix);
    const changes: ChangeSet = { all: false, files: changesIn(await changesBetweenCommits(top, baseRef.sha, headRef.sha, args.base, headName), prefix) };
    return (await checkChange({ base, judged: head, changes, ...options })).report;
  } finally {
    for (const r of readers) r.close();
  }
}

/** The commit of `head` merged into `base` (`--merged`), written by git just now, so its reader need not resolve it; a conflict is a usage error naming the files. */
async function mergedCommit(top: string, base: string, head: string): Promise<string> {
  const outcome = await mergeCommits(top, base, head).catch((err: unknown) => usage(new Error(`--merged: git cannot merge ${head.slice(0, 12)} into ${base.slice(0, 12)}: ${err instanceof Error ? err.message : String(err)}`)));
  if (outcome.kind === 'merged') return outcome.sha;
  throw new UsageError(`--merged: ${head.slice(0, 12)} conflicts with ${base.slice(0, 12)} in ${outcome.paths.slice(0, 10).join(', ')}${outcome.paths.length > 10 ? ` and ${outcome.paths.length - 10} more` : ''}; there is no merge result to judge. Merge or rebase, then check again`);
}

/** `dir` relative to the top of its checkout, POSIX; '' for the top itself. */
async function subdirectory(top: string, dir: string): Promise<string> {
  const [t, d] = await Promise.all([realpath(top), realpath(dir)]).catch((err: unknown) => usage(err));
  const rel = relative(t, d);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new UsageError(`${dir} is not inside the git checkout ${top}`);
  return rel.split(sep).join('/');
}

/** A reader of one revision that sees only `prefix` (a subdirectory), as if it were the repository. */
function scoped(reader: RepoReader, prefix: string): RepoReader {
  if (prefix === '') return reader;
  const inside = (p: string) => `${prefix}/${p}`;
  return {
    label: `${reader.label}:${prefix}`,
    listFiles: async () => (await reader.listFiles()).filter((p) => p.startsWith(`${prefix}/`)).map((p) => p.slice(prefix.length + 1)),
    listEntries: async () => (await reader.listEntries()).filter((e) => e.path.startsWith(`${prefix}/`)).map((e) => ({ ...e, path: e.path.slice(prefix.length + 1) })),
    read: (path, maxBytes) => reader.read(inside(path), maxBytes),
    head: (path, maxBytes) => reader.head(inside(path), maxBytes),
    sha256: (path) => reader.sha256(inside(path)),
  };
}

/** The changed files under `prefix`, relative to it; a rename across its edge is an addition or a removal. */
function changesIn(files: ChangedFile[], prefix: string): ChangedFile[] {
  if (prefix === '') return files;
  const strip = (p: string | undefined) => (p !== undefined && p.startsWith(`${prefix}/`) ? p.slice(prefix.length + 1) : undefined);
  return files.flatMap((f): ChangedFile[] => {
    const path = strip(f.path);
    const previous = strip(f.previousPath);
    if (path !== undefined && previous !== undefined) return [{ ...f, path, previousPath: previous }];
    if (path !== undefined) return [{ path, status: f.status === 'renamed' ? 'added' : f.status }];
    if (previous !== undefined) return [{ path: previous, status: 'removed' }];
    return [];
  });
}

function usage(err: unknown): never {
  throw new UsageError(err instanceof Error ? err.message : String(err));
}

export async function loadExplicitPolicy(file: string): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --config ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return loadPolicy(text, file);
}
