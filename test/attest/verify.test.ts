// `modelgate attest` and `modelgate verify` end to end: statements of a real git checkout, signed for
// real (@sigstore/sign against the mock Fulcio and Rekor on 127.0.0.1), verified offline
// (@sigstore/verify with the mock's trusted root), then every kind of change made to the checkout,
// the bundle and the policy, each failing with a message that names what changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { PREDICATE_TYPE, predicateSchemaText, type Statement } from '../../src/attest/index.js';
import { predicateProblems } from '../../src/attest/schema.js';
import { cleanup, createRepo, exampleFiles, REPO_ROOT, sha256, tempDir } from '../core/fixtures.js';
import { MOCK_IDENTITY, startMockSigstore, type MockSigstore } from './mockSigstore.js';

const AS_OF = '2026-11-28';
const WEIGHTS = 'models/support-router/model.safetensors';
/** Real weights content: the example's pointer is rewritten to record this content's oid. */
const CONTENT = Buffer.from('safetensors weights of support-router, version 3\n'.repeat(40));
const pointer = (content: Buffer) => `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(content)}\nsize ${content.length}\n`;

let sigstore: MockSigstore;
let work: string;
let rootFile: string;

beforeAll(async () => {
  sigstore = await startMockSigstore();
  work = tempDir('modelgate-attest-');
  rootFile = join(work, 'trusted_root.json');
  writeFileSync(rootFile, JSON.stringify(sigstore.trustedRoot));
});

afterAll(async () => {
  await sigstore.close();
  cleanup();
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A checkout of the example with real-looking weights behind an LFS pointer, and its statements. */
async function checkout(): Promise<{ dir: string; statements: Statement[] }> {
  const dir = createRepo({ ...exampleFiles(), [WEIGHTS]: pointer(CONTENT) }, 'modelgate-attest-repo-');
  const r = await run(['attest', dir, '--as-of', AS_OF, '--repository', 'acme/models']);
  expect(r.code, r.stderr).toBe(1); // two of the example's three models fail, on purpose
  return { dir, statements: r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Statement) };
}

function statementOf(statements: Statement[], model: string): Statement {
  const s = statements.find((x) => x.predicate.model.path === model);
  if (!s) throw new Error(`no statement for ${model}`);
  return s;
}

async function signed(statement: unknown): Promise<string> {
  const file = join(tempDir('modelgate-bundle-'), 'bundle.json');
  writeFileSync(file, JSON.stringify(await sigstore.sign(statement)));
  return file;
}

const verify = (bundle: string, dir: string, ...extra: string[]) => run(['verify', bundle, dir, '--trusted-root', rootFile, '--repo', 'acme/models', ...extra]);

describe('modelgate attest', () => {
  it('writes one statement per model: artifacts and evidence by digest, the verdict, checks, policy, waivers', async () => {
    const { dir, statements } = await checkout();
    expect(statements.map((s) => s.predicate.model.path).sort()).toEqual(['models/churn-predictor', 'models/doc-classifier', 'models/support-router']);
    for (const s of statements) expect(predicateProblems(s.predicate)).toEqual([]);
    const router = statementOf(statements, 'models/support-router');
    expect(router._type).toBe('https://in-toto.io/Statement/v1');
    expect(router.predicateType).toBe(PREDICATE_TYPE);
    // The LFS pointer's oid: what the real weights hash to, so `gh attestation verify <weights>` finds it.
    expect(router.subject).toContainEqual({ name: WEIGHTS, digest: { sha256: sha256(CONTENT) } });
    const card = readFileSync(join(dir, 'models/support-router/README.md'));
    expect(router.subject).toContainEqual({ name: 'models/support-router/README.md', digest: { sha256: sha256(card) } });
    expect(router.predicate.artifacts).toEqual([WEIGHTS]);
    expect(router.predicate.evidence).toEqual(expect.arrayContaining(['models/support-router/README.md', 'audits/2026-09-support-router.yml', 'models/support-router/emissions.csv']));
    expect(router.predicate.verdict).toBe('pass');
    expect(router.predicate.policy).toMatchObject({ file: '.github/modelgate.yml', digest: { sha256: sha256(readFileSync(join(dir, '.github/modelgate.yml'))) }, extends: 'baseline' });
    expect(router.predicate.policy.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(router.predicate.commit).toBe(router.predicate.policy.revision);
    expect(router.predicate.repository).toBe('acme/models');
    const churn = statementOf(statements, 'models/churn-predictor');
    expect(churn.predicate.verdict).toBe('fail');
    expect(churn.predicate.waivers).toEqual([expect.objectContaining({ check: 'card.sections', reason: 'evidence-pending', approver: '@acme/governance-lead' })]);
  });

  it('writes one file per model with --output', async () => {
    const { dir } = await checkout();
    const out = join(tempDir(), 'statements');
    expect((await run(['attest', dir, '--as-of', AS_OF, '--output', out])).code).toBe(1);
    const s = JSON.parse(readFileSync(join(out, 'models_support-router.intoto.json'), 'utf8')) as Statement;
    expect(s.predicate.model.path).toBe('models/support-router');
  });

  it('publishes the predicate schema it validates with', () => {
    expect(readFileSync(join(REPO_ROOT, 'schema', 'governance-predicate.schema.json'), 'utf8')).toBe(predicateSchemaText());
  });

  it('names what is wrong with a predicate of the wrong shape, by JSON pointer', async () => {
    const { statements } = await checkout();
    const predicate = JSON.parse(JSON.stringify(statementOf(statements, 'models/support-router').predicate)) as Record<string, unknown> & { checks: { outcome: string }[]; policy: Record<string, unknown> };
    predicate.checks[0]!.outcome = 'fine';
    delete predicate.policy.digest;
    predicate.signedBy = 'me';
    expect(predicateProblems(predicate)).toEqual([
      '/checks/0/outcome: Invalid option: expected one of "pass"|"fail"|"warn"|"waived"|"skipped"|"error"',
      '/policy/digest: is required (object)',
      '(top level): Unrecognized key: "signedBy"',
    ]);
  });
});

describe('modelgate verify', () => {
  let dir: string;
  let bundle: string;
  let statements: Statement[];
  beforeAll(async () => {
    ({ dir, statements } = await checkout());
    bundle = await signed(statementOf(statements, 'models/support-router'));
  });

  it('verifies a bundle of a passing model offline: signature, identity, subjects, verdict, policy', async () => {
    const r = await verify(bundle, dir);
    expect(r.stdout).toContain(`signed by ${MOCK_IDENTITY}`);
    expect(r.stdout).toMatch(/✓ .*model models\/support-router: .*subject\(s\) match; verdict pass; policy digest matches/);
    expect(r.code).toBe(0);
    expect(sigstore.requests).toEqual(expect.arrayContaining(['POST /api/v2/signingCert', 'POST /api/v1/log/entries']));
  });

  it('verifies the real weights once Git LFS has replaced the pointer with them', async () => {
    const smudged = createRepo({ ...exampleFiles(), [WEIGHTS]: CONTENT });
    const r = await verify(bundle, smudged);
    expect(r.code, r.stdout).toBe(0);
  });

  it('names the subject and both digests when the weights change', async () => {
    const other = Buffer.concat([CONTENT, Buffer.from('x')]);
    const changed = createRepo({ ...exampleFiles(), [WEIGHTS]: pointer(other) });
    const r = await verify(bundle, changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`subject ${WEIGHTS}: attested sha256 ${sha256(CONTENT)}, checkout has ${sha256(other)} (Git LFS pointer oid)`);
  });

  it('names the evidence file that changed, and one that is gone', async () => {
    const changed = createRepo({ ...exampleFiles(), [WEIGHTS]: pointer(CONTENT), 'models/support-router/emissions.csv': 'edited\n', 'audits/2026-09-support-router.yml': null });
    const r = await verify(bundle, changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`subject models/support-router/emissions.csv: attested sha256 ${sha256(readFileSync(join(dir, 'models/support-router/emissions.csv')))}, checkout has ${sha256('edited\n')}`);
    expect(r.stdout).toMatch(/subject audits\/2026-09-support-router\.yml: attested sha256 [0-9a-f]{64}, .*(missing|not found|does not exist)/i);
  });

  it('names weights added next to the attested ones', async () => {
    const changed = createRepo({ ...exampleFiles(), [WEIGHTS]: pointer(CONTENT), 'models/support-router/extra.safetensors': 'more weights' });
    const r = await verify(bundle, changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('artifact models/support-router/extra.safetensors of model models/support-router is in the checkout but not a subject of the attestation');
  });

  it('names the policy digest when the policy changes', async () => {
    const policy = readFileSync(join(dir, '.github/modelgate.yml'), 'utf8');
    const edited = `${policy}\n# loosened later\n`;
    const changed = createRepo({ ...exampleFiles(), [WEIGHTS]: pointer(CONTENT), '.github/modelgate.yml': edited });
    const r = await verify(bundle, changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`policy digest: attested sha256 ${sha256(policy)} (.github/modelgate.yml), checkout has sha256 ${sha256(edited)}`);
  });

  it('compares the policy digest with --config FILE when given', async () => {
    const policy = readFileSync(join(dir, '.github/modelgate.yml'));
    const same = join(tempDir(), 'policy.yml');
    writeFileSync(same, policy);
    expect((await verify(bundle, dir, '--config', same)).code).toBe(0);
    const other = join(tempDir(), 'policy.yml');
    writeFileSync(other, Buffer.concat([policy, Buffer.from('# stricter\n')]));
    const r = await verify(bundle, dir, '--config', other);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`policy digest: attested sha256 ${sha256(policy)} (.github/modelgate.yml), checkout has sha256 ${sha256(Buffer.concat([policy, Buffer.from('# stricter\n')]))}`);
  });

  it('rejects a bundle whose predicate was edited after signing', async () => {
    const b = JSON.parse(readFileSync(bundle, 'utf8')) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8')) as Statement;
    const edited = { ...statement, predicate: { ...statement.predicate, waivers: [{ check: 'audit.fresh', reason: 'accepted-risk', approver: '@someone', expires: '2099-01-01', source: 'x' }] } };
    b.dsseEnvelope.payload = Buffer.from(JSON.stringify(edited)).toString('base64');
    const file = join(tempDir(), 'edited.json');
    writeFileSync(file, JSON.stringify(b));
    const r = await verify(file, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('signature: the statement (its subjects or predicate) or its signature was changed after signing');
  });

  it('reports the verdict of a failing model, with the failing checks', async () => {
    const failing = await signed(statementOf(statements, 'models/churn-predictor'));
    const r = await verify(failing, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('predicate verdict is "fail" (failing: audit.reference, audit.fresh, carbon.estimate)');
  });

  it('rejects a signer other than the expected one, and a root that does not trust the CA', async () => {
    expect((await verify(bundle, dir, '--identity-regexp', '.*')).code).toBe(2); // two identities given
    const other = await run(['verify', bundle, dir, '--trusted-root', rootFile, '--repo', 'acme/other']);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('the certificate identity is not the expected one');
    const issuer = await run(['verify', bundle, dir, '--trusted-root', rootFile, '--repo', 'acme/models', '--issuer', 'https://accounts.example']);
    expect(issuer.code).toBe(1);
    const stranger = await startMockSigstore();
    try {
      const strangerRoot = join(tempDir(), 'root.json');
      writeFileSync(strangerRoot, JSON.stringify(stranger.trustedRoot));
      const untrusted = await run(['verify', bundle, dir, '--trusted-root', strangerRoot, '--repo', 'acme/models']);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stdout).toContain('signature: the signing certificate does not chain to the trusted root');
    } finally {
      await stranger.close();
    }
  });

  it('exits 2 on a usage error or an unreadable bundle', async () => {
    expect((await run(['verify', bundle, dir, '--repo', 'acme/models'])).code).toBe(2);
    expect((await run(['verify', bundle, dir, '--trusted-root', rootFile])).code).toBe(2);
    const junk = join(tempDir(), 'junk.json');
    writeFileSync(junk, '{"mediaType": "nope"}');
    const r = await verify(junk, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a Sigstore bundle');
    expect((await run(['verify', bundle, dir, '--trusted-root', junk, '--repo', 'acme/models'])).stderr).toContain('is not a Sigstore trusted root');
  });

  it('accepts JSON Lines as gh attestation download writes them', async () => {
    const lines = join(tempDir(), 'bundles.jsonl');
    writeFileSync(lines, `${readFileSync(bundle, 'utf8')}\n${readFileSync(bundle, 'utf8')}\n`);
    const r = await verify(lines, dir);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.match(/✓/g)).toHaveLength(2);
  });
});
