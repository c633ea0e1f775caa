// A Sigstore stand-in on 127.0.0.1: @sigstore/mock's Fulcio (CA with embedded SCTs) and Rekor behind
// one local HTTP server, the trusted root that trusts exactly them, and signing through the real
// @sigstore/sign code path. No network. Extra routes (an OIDC token endpoint, the attestations API)
// can be added for the Action.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from '@sigstore/sign';
import { bundleToJSON } from '@sigstore/bundle';

export const MOCK_ISSUER = 'https://token.actions.githubusercontent.com';
export const MOCK_IDENTITY = 'https://github.com/acme/models/.github/workflows/modelgate.yml@refs/heads/main';

export type Route = (req: IncomingMessage, body: string, res: ServerResponse) => boolean | Promise<boolean>;

export interface MockSigstore {
  url: string;
  /** A `trusted_root.json` trusting only this mock's CA, CT log and Rekor. */
  trustedRoot: Record<string, unknown>;
  /** Signs an in-toto statement as a DSSE bundle (serialised JSON), as the Action's signer does. */
  sign(statement: unknown, claims?: Record<string, string>): Promise<Record<string, unknown>>;
  /** Requests the server saw, in order: "METHOD path". */
  requests: string[];
  close(): Promise<void>;
}

/** An unsigned JWT: the mock Fulcio reads its claims and does not check a signature. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ aud: 'sigstore', iat: Math.floor(Date.now() / 1000), ...claims })}.`;
}

export async function startMockSigstore(extra: Route[] = []): Promise<MockSigstore> {
  const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ctlog = await initializeCTLog(keyPair());
  const ca = await initializeCA(keyPair(), ctlog);
  const requests: string[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    // No keep-alive: a client reusing a socket the server is closing gets ECONNRESET.
    res.setHeader('connection', 'close');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      void route(req, body, res).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlog = await initializeTLog(url, keyPair());
  // Fulcio puts the `san` claim in the certificate, as GitHub's Fulcio puts the workflow URI.
  const fulcio = fulcioHandler(ca, { subjectClaim: 'san' });
  const rekor = rekorHandler(tlog);

  async function route(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    for (const r of extra) if (await r(req, body, res)) return;
    const path = (req.url ?? '').replace(/^https?:\/\/[^/]+/, '');
    const handler = req.method === 'POST' && path === fulcio.path ? fulcio : req.method === 'POST' && path === rekor.path ? rekor : undefined;
    if (!handler) {
      res.writeHead(404).end(`no route for ${req.method ?? ''} ${path}`);
      return;
    }
    const { statusCode, response, contentType } = await handler.fn(handler === rekor ? canonicalDsseEntry(body) : body);
    res.writeHead(statusCode, { 'content-type': contentType ?? 'text/plain' }).end(response);
  }

  const start = new Date(Date.now() - 3600_000).toISOString();
  const der = (b: ArrayBufferView | Buffer) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const key = (publicKey: Buffer, logId: Buffer) => ({
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: publicKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
    logId: { keyId: logId.toString('base64') },
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [key(tlog.publicKey, createHash('sha256').update(tlog.publicKey).digest())],
    certificateAuthorities: [
      { subject: { organization: 'sigstore.mock', commonName: 'sigstore' }, uri: url, certChain: { certificates: [{ rawBytes: der(ca.rootCertificate).toString('base64') }] }, validFor: { start } },
    ],
    ctlogs: [key(ctlog.publicKey, der(ctlog.logID))],
    timestampAuthorities: [],
  };

  return {
    url,
    trustedRoot,
    requests,
    async sign(statement, claims = {}) {
      const token = unsignedJwt({ iss: MOCK_ISSUER, sub: 'repo:acme/models:ref:refs/heads/main', san: MOCK_IDENTITY, ...claims });
      const builder = new DSSEBundleBuilder({
        signer: new FulcioSigner({ identityProvider: { getToken: () => Promise.resolve(token) }, fulcioBaseURL: url }),
        witnesses: [new RekorWitness({ rekorBaseURL: url, entryType: 'dsse' })],
      });
      const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' });
      return bundleToJSON(bundle) as unknown as Record<string, unknown>;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * Real Rekor stores a DSSE entry in canonical form (hashes and signatures, not the envelope);
 * @sigstore/mock stores what it is sent, which verification rejects (TLOG_BODY_ERROR). This turns
 * the proposed entry into the canonical one before the mock logs it.
 */
export function canonicalDsseEntry(body: string): string {
  const proposed = JSON.parse(body) as { kind?: string; apiVersion?: string; spec?: { proposedContent?: { envelope: string; verifiers: string[] } } };
  const content = proposed.spec?.proposedContent;
  if (proposed.kind !== 'dsse' || !content) return body;
  const envelope = JSON.parse(content.envelope) as { payload: string; signatures: { sig: string }[] };
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  return JSON.stringify({
    apiVersion: proposed.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha(content.envelope) },
      payloadHash: { algorithm: 'sha256', value: sha(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((s, i) => ({ signature: s.sig, verifier: content.verifiers[i] ?? content.verifiers[0] })),
    },
  });
}
