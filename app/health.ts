// `GET /healthz` for load balancers, the same under `npm run app` and `probot run`.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers the health check and returns true; false for any other request. */
export function serveHealth(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url !== '/healthz') return false;
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  return true;
}
