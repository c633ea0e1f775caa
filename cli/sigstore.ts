// Verifying a Sigstore bundle offline: signature, certificate chain to a trusted root, transparency
// log or timestamp evidence, and the signer's identity. Network-free: the trust material is a
// `trusted_root.json` the caller supplies (`gh attestation trusted-root` prints GitHub's and the
// public-good instance's). Kept out of the core: this is crypto on untrusted input.
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier, type VerificationPolicy } from '@sigstore/verify';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { IN_TOTO_PAYLOAD_TYPE } from '../src/index.js';

export interface Identity {
  /** A JavaScript regular expression the certificate's subject alternative name must match. */
  subjectPattern: string;
  /** The OIDC issuer the certificate must name. */
  issuer: string;
}

export type BundleCheck =
  | { ok: true; statement: unknown; signer: string | undefined }
  | { ok: false; problem: string };

/** Parses one bundle (JSON, or JSON Lines as `gh attestation download` writes) into its bundles. */
export function parseBundles(text: string, file: string): Bundle[] {
  const docs = parseJsonOrLines(text, file);
  return docs.map((d, i) => {
    try {
      return bundleFromJSON(d);
    } catch (err) {
      throw new Error(`${file}${docs.length > 1 ? ` line ${i + 1}` : ''} is not a Sigstore bundle: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** Trusted roots from a `trusted_root.json` (one JSON document, or several as JSON Lines). */
export function parseTrustedRoots(text: string, file: string): TrustedRoot[] {
  return parseJsonOrLines(text, file).map((d, i) => {
    const root = TrustedRoot.fromJSON(d);
    if (root.certificateAuthorities.length === 0) throw new Error(`${file}${i > 0 ? ` line ${i + 1}` : ''} is not a Sigstore trusted root: it names no certificate authority`);
    return root;
  });
}

/** Verifies a bundle against any of the roots; the statement is decoded only after the signature holds. */
export function verifyBundle(bundle: Bundle, roots: TrustedRoot[], identity: Identity): BundleCheck {
  if (!isBundleWithDsseEnvelope(bundle)) return { ok: false, problem: 'the bundle holds a message signature, not a DSSE envelope with an in-toto statement' };
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { ok: false, problem: `the envelope's payloadType is ${JSON.stringify(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}` };
  const policy: VerificationPolicy = { subjectAlternativeName: identity.subjectPattern, extensions: { issuer: identity.issuer } };
  const hasTlog = bundle.verificationMaterial.tlogEntries.length > 0;
  const problems: string[] = [];
  for (const root of roots) {
    try {
      const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: hasTlog ? 1 : 0, ctlogThreshold: 1, timestampThreshold: 1 });
      const signer = verifier.verify(toSignedEntity(bundle), policy);
      const statement: unknown = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
      return { ok: true, statement, signer: signer.identity?.subjectAlternativeName };
    } catch (err) {
      problems.push(describe(err));
    }
  }
  return { ok: false, problem: [...new Set(problems)].join('; ') || 'no trusted root given' };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const what = typeof code === 'string' ? HINTS[code] : undefined;
  return `${what ? `${what}: ` : ''}${err.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/** What each @sigstore/verify error code means for someone holding a bundle. */
const HINTS: Record<string, string> = {
  SIGNATURE_ERROR: 'the statement (its subjects or predicate) was changed after signing: the signature does not match it',
  TLOG_BODY_ERROR: 'the statement (its subjects or predicate) or its signature was changed after signing: the transparency log recorded another',
  TLOG_INCLUSION_PROOF_ERROR: 'the transparency log inclusion proof does not hold',
  TLOG_INCLUSION_PROMISE_ERROR: 'the transparency log inclusion promise does not hold',
  CERTIFICATE_ERROR: 'the signing certificate does not chain to the trusted root',
  UNTRUSTED_SIGNER_ERROR: 'the certificate identity is not the expected one',
  TIMESTAMP_ERROR: 'no trusted timestamp for the signature',
  PUBLIC_KEY_ERROR: 'the signing key is not trusted',
};

function parseJsonOrLines(text: string, file: string): unknown[] {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    const lines = text.split('\n').map((l) => l.trim());
    return lines.flatMap((line, i) => {
      if (line === '') return [];
      try {
        return [JSON.parse(line) as unknown];
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
}
