// Checks X-Hub-Signature-256 before Probot sees a webhook. Probot checks it too, but logs the
// rejected request with its whole body (twice): a forged payload, unverified and attacker-written,
// would land in the logs. Here a bad signature is answered 400 and logged in one line that names
// the delivery and event only. A verified body is handed on (req.body) so it is not read twice.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BAD_SIGNATURE = '[@octokit/webhooks] signature does not match event payload and secret';

export interface RejectLog {
  warn: (fields: object, message: string) => void;
}

function signatureMatches(secret: string, body: Buffer, header: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Reads a signed webhook's body and checks it. Returns true when it answered (a bad signature);
 * false when the request goes on to Probot (signed correctly, or without a signature, which Probot
 * rejects itself without reading the body).
 */
export async function rejectForged(req: IncomingMessage & { body?: unknown }, res: ServerResponse, secret: string, log: RejectLog): Promise<boolean> {
  const header = req.headers['x-hub-signature-256'];
  if (req.method !== 'POST' || typeof header !== 'string') return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (signatureMatches(secret, body, header)) {
    req.body = body.toString('utf8');
    return false;
  }
  const one = (h: string | string[] | undefined) => (typeof h === 'string' ? h.slice(0, 100) : undefined);
  log.warn({ delivery: one(req.headers['x-github-delivery']), event: one(req.headers['x-github-event']), bytes: body.length }, 'modelgate: rejected a webhook whose signature does not match WEBHOOK_SECRET (body not logged)');
  res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: BAD_SIGNATURE }));
  return true;
}
