// `attest: true`: signs one governance statement per passing model with @actions/attest (Sigstore
// through GitHub's OIDC token, stored with the repository's attestations), so anyone holding the
// weights can run `gh attestation verify <file> --repo owner/name --predicate-type <uri>`.
// Only passing models are signed: `gh attestation verify` checks who signed and the predicate type,
// not the verdict, so a signed statement of this type must mean "passed". Loaded only when asked:
// @actions/attest and Sigstore are most of the bundle.
import * as core from './runner.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyDigest, statementFileName, statementsFor } from '../src/index.js';
import type { CheckedChange, Statement } from '../src/index.js';
import type { ResolvedChange } from './changeSet.js';
import { withChangeReaders, type Checkout } from './evaluateChange.js';
import type { Repo } from './event.js';

export interface Attested {
  model: string;
  attestationId?: string;
  bundle: string;
}

export async function attestPassingModels(checkout: Checkout, change: ResolvedChange, configPath: string, checked: CheckedChange, repo: Repo, token: string, env: NodeJS.ProcessEnv = process.env): Promise<{ dir: string; attested: Attested[] }> {
  if (!token) throw new Error('attest: github-token is empty; storing attestations needs a token with "attestations: write"');
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    throw new Error('attest: no OIDC token is available; give the job "permissions: id-token: write" (and "attestations: write"). Pull requests from forks never get one: attest on push instead');
  }
  const statements = await buildStatements(checkout, change, configPath, checked, repo);
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'modelgate-attestations-'));
  const { attest } = await import('@actions/attest');
  const attested: Attested[] = [];
  for (const s of statements) {
    const model = s.predicate.model.path || '.';
    const file = join(dir, statementFileName(s.predicate.model.path).replace(/\.intoto\.json$/, '.sigstore.json'));
    if (s.predicate.verdict !== 'pass') {
      core.info(`modelgate: ${model} fails, so it is not attested`);
      continue;
    }
    const result = await attest({ subjects: s.subject, predicateType: s.predicateType, predicate: s.predicate, token });
    await writeFile(file, JSON.stringify(result.bundle) + '\n');
    attested.push({ model, bundle: file, ...(result.attestationID ? { attestationId: result.attestationID } : {}) });
    core.info(`modelgate: attested ${model} (${s.subject.length} subject(s))${result.attestationID ? `: attestation ${result.attestationID}` : ''}`);
  }
  return { dir, attested };
}

/** Statements of the evaluation: the policy that judged it, evidence from the head commit, the policy file's digest from the base. */
async function buildStatements(checkout: Checkout, change: ResolvedChange, configPath: string, { report, policy: loaded }: CheckedChange, repo: Repo): Promise<Statement[]> {
  return withChangeReaders(checkout, change, async (base, head) => {
    const digest = await policyDigest(base, configPath);
    return statementsFor(report, head, loaded.policy, {
      repository: `${repo.owner}/${repo.repo}`,
      commit: change.headSha,
      policy: { file: digest ? configPath : null, digest, revision: change.baseSha, extends: loaded.policy.extends },
    });
  });
}
