// The operational endpoints, in one place so every way of serving the App (app/http.ts, and
// `probot run` through app/index.ts) answers them alike:
//   GET /healthz  the process is alive (no I/O: a load balancer may call it every second);
//   GET /readyz   it can do its work: GitHub answers GET /app with the App's JWT (cached for
//                 READY_CACHE_MS, so probes do not spend the rate limit), and Redis answers PING
//                 when REDIS_URL is set. 503 with the reason otherwise.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SharedState } from './sharedState.js';

export const READY_CACHE_MS = 10_000;

export interface HealthDeps {
  /** GET /app with the App's JWT; throws when GitHub cannot be reached or refuses the App. */
  github: () => Promise<void>;
  shared?: SharedState;
  /** Set once the process is shutting down: /readyz then answers 503. */
  stopping?: () => boolean;
}

/** Answers GET /healthz and returns true; false for any other request (also what `probot run` registers). */
export function serveHealth(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') return false;
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  return true;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

/** A handler that answers the health routes and returns false for every other request. */
export function healthRoutes(deps: HealthDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  let githubOkUntil = 0;
  const github = async (): Promise<string> => {
    if (Date.now() < githubOkUntil) return 'ok';
    try {
      await deps.github();
      githubOkUntil = Date.now() + READY_CACHE_MS;
      return 'ok';
    } catch (err) {
      return `unreachable: ${message(err)}`;
    }
  };
  const redis = async (): Promise<string> => {
    if (!deps.shared || deps.shared.kind !== 'redis') return 'not configured';
    try {
      await deps.shared.ping();
      return 'ok';
    } catch (err) {
      return `unreachable: ${message(err)}`;
    }
  };
  return (req, res) => {
    if (serveHealth(req, res)) return true;
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/readyz') return false;
    void (async () => {
      const status = { github: await github(), redis: await redis(), ...(deps.stopping?.() ? { stopping: true } : {}) };
      const ready = status.github === 'ok' && (status.redis === 'ok' || status.redis === 'not configured') && !deps.stopping?.();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(status)}\n`);
    })();
    return true;
  };
}
