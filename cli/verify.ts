// `modelgate verify <bundle> [dir]`: checks a Sigstore bundle of a governance statement against a
// checkout. Exit codes as for `check`: 0 verified and the verdict is pass, 1 anything does not hold
// (each problem on its own line, naming the subject, digest, predicate field or policy digest),
// 2 usage error or unreadable input.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareStatement, readPolicy } from '../src/index.js';
import { createWorkingTreeReader } from '../adapters/workingTree.js';
import { loadExplicitPolicy } from './check.js';
import { checkoutPolicy } from './attest.js';
import { parseBundles, parseTrustedRoots, verifyBundle } from './sigstore.js';
import { UsageError, type VerifyArgs } from './args.js';

export async function runVerify(args: VerifyArgs): Promise<number> {
  const bundles = asUsage(parseBundles, await readInput(args.bundle, 'bundle'), args.bundle);
  const roots = asUsage(parseTrustedRoots, await readInput(args.trustedRoot, '--trusted-root'), args.trustedRoot);
  const dir = resolve(args.dir);
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`${args.dir} is not a directory`);
  const reader = createWorkingTreeReader(dir);
  const loaded = args.config ? await loadExplicitPolicy(args.config) : await readPolicy(reader);
  const files = await reader.listFiles();
  const { digest } = await checkoutPolicy(reader, args.config);

  let failed = false;
  for (const [i, bundle] of bundles.entries()) {
    const label = bundles.length > 1 ? `${args.bundle} #${i + 1}` : args.bundle;
    const signed = verifyBundle(bundle, roots, { subjectPattern: args.identity, issuer: args.issuer });
    if (!signed.ok) {
      failed = true;
      process.stdout.write(`✗ ${label}: signature: ${signed.problem}\n`);
      continue;
    }
    const result = await compareStatement(signed.statement, { reader, files, policy: loaded.policy, policyDigest: digest });
    const model = result.predicate ? ` model ${result.predicate.model.path || '.'}` : '';
    if (result.problems.length > 0) {
      failed = true;
      process.stdout.write(`✗ ${label}:${model}: signed by ${signed.signer ?? 'unknown identity'}, but:\n${result.problems.map((p) => `    ${p}\n`).join('')}`);
    } else {
      process.stdout.write(`✓ ${label}:${model}: signed by ${signed.signer ?? 'unknown identity'}; ${result.subjects} subject(s) match; verdict pass; policy digest matches\n`);
    }
  }
  return failed ? 1 : 0;
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Unreadable input is a usage error (exit 2), not a failed verification. */
function asUsage<T>(parse: (text: string, file: string) => T, text: string, file: string): T {
  try {
    return parse(text, file);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
