// The Action's `attest: true` path through the committed bundle (dist/index.js as a process): the
// OIDC token endpoint, Fulcio and Rekor (the mock, on 127.0.0.1; @actions/attest's built-in
// public-good URLs are redirected to it by a preloaded module) and the attestations API (the fake
// GitHub). The bundle it writes must then pass `modelgate verify` against the head commit.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { checkout, openPullRequest, OWNER, REPO, runAction, touchChurn, touchRouter, useActionEnvironment } from '../action/harness.js';
import { git, tempDir } from '../adapters/fixture.js';
import { MOCK_IDENTITY, MOCK_ISSUER, startMockSigstore, unsignedJwt, type MockSigstore, type Route } from './mockSigstore.js';
import type { Statement } from '../../src/attest/index.js';

const PRELOAD = new URL('./interceptSigstore.mjs', import.meta.url).href;
const env = useActionEnvironment();
let sigstore: MockSigstore;

beforeAll(async () => {
  // The runner's OIDC token endpoint, as @actions/core getIDToken calls it.
  const oidc: Route = (req, _body, res) => {
    if (!req.url?.startsWith('/oidc')) return false;
    if (req.headers.authorization !== 'Bearer oidc-request-token') {
      res.writeHead(401).end('no');
      return true;
    }
    const audience = new URL(req.url, 'http://x').searchParams.get('audience');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: unsignedJwt({ iss: MOCK_ISSUER, aud: audience, sub: `repo:${OWNER}/${REPO}:pull_request`, san: MOCK_IDENTITY }) }));
    return true;
  };
  sigstore = await startMockSigstore([oidc]);
});
afterAll(() => sigstore.close());

function attestEnv(): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${sigstore.url}/oidc?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
    MODELGATE_TEST_SIGSTORE_URL: sigstore.url,
    NODE_OPTIONS: `--import=${PRELOAD}`,
  };
}

/** A pull request event from a public repository: @actions/attest then uses the public-good instance. */
function publicEvent(event: unknown): unknown {
  const e = event as { repository: Record<string, unknown> };
  return { ...e, repository: { ...e.repository, visibility: 'public' } };
}

describe('Action: attest', () => {
  it('signs the passing model, stores the attestation, and the bundle verifies against the commit judged', async () => {
    env.github.script('POST', /\/repos\/acme\/models\/attestations$/, { status: 201, body: { id: 4242 } });
    const pr = openPullRequest(env.fx, env.github, 7, (dir) => {
      touchRouter(dir);
      touchChurn(dir);
    });
    const workspace = checkout(env.fx, 'full');
    const r = await runAction({ workspace, eventName: 'pull_request', event: publicEvent(pr.event), apiUrl: env.github.url, with: { attest: 'true', 'fail-on': 'never' }, env: attestEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('modelgate: models/churn-predictor fails, so it is not attested');
    expect(sigstore.requests).toEqual(expect.arrayContaining(['POST /api/v2/signingCert', 'POST /api/v1/log/entries']));
    expect(sigstore.requests.some((q) => q.startsWith('GET /oidc'))).toBe(true);
    expect(r.stdout).toMatch(/attested models\/support-router \(\d+ subject\(s\)\): attestation 4242/);
    const stored = env.github.calls('POST', /\/attestations$/);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.authorization).toMatch(/ghs_testtoken/);
    const dir = r.outputs['attestations-dir'] ?? '';
    expect(readdirSync(dir)).toEqual(['models_support-router.sigstore.json']);
    const bundleFile = join(dir, 'models_support-router.sigstore.json');
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { dsseEnvelope: { payload: string } };
    expect((stored[0]?.body as { bundle: unknown }).bundle).toEqual(bundle);
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as Statement;
    // The commit judged, and so attested, is the pull request merged into its base (the test merge commit).
    const merge = git(env.fx.remote, 'rev-parse', 'refs/pull/7/merge').trim();
    expect(git(env.fx.remote, 'rev-parse', `${merge}^2`).trim()).toBe(pr.headSha);
    expect(statement.predicate).toMatchObject({ verdict: 'pass', repository: `${OWNER}/${REPO}`, commit: merge, policy: { revision: env.fx.baseSha } });

    // That commit, checked out, verifies offline against the bundle the Action wrote.
    const head = tempDir('modelgate-attest-head-');
    git(head, 'clone', '-q', `file://${env.fx.remote}`, '.');
    git(head, 'fetch', '-q', 'origin', `refs/pull/7/merge`);
    git(head, 'checkout', '-q', '--detach', merge);
    const root = join(tempDir(), 'trusted_root.json');
    writeFileSync(root, JSON.stringify(sigstore.trustedRoot));
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    try {
      expect(await main(['verify', bundleFile, head, '--trusted-root', root, '--repo', `${OWNER}/${REPO}`])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(out).toContain('✓');
  });

  it('fails the step, naming the permission, when no OIDC token is available', async () => {
    const pr = openPullRequest(env.fx, env.github, 8, touchRouter);
    const workspace = checkout(env.fx, 'full');
    const r = await runAction({ workspace, eventName: 'pull_request', event: publicEvent(pr.event), apiUrl: env.github.url, with: { attest: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('id-token: write');
    expect(env.github.calls('POST', /\/attestations$/)).toHaveLength(0);
  });
});
