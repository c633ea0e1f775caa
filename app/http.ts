// The HTTP server: the Probot webhook middleware on WEBHOOK_PATH (signature checked by Probot:
// a missing or bad X-Hub-Signature-256 is answered 400 before any handler runs), /healthz and
// /readyz (app/health.ts). Shared state in Redis when REDIS_URL is set (app/sharedState.ts).
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp, type AppOptions } from './index.js';
import type { ServerConfig } from './env.js';
import { healthRoutes } from './health.js';
import { InFlight } from './inflight.js';
import { rejectForged } from './signature.js';
import { AppOctokit } from './octokit.js';
import { memoryState, RedisState, type SharedState } from './sharedState.js';

/** The Probot instance the server runs: the App's Octokit (app/octokit.ts) and the configuration. */
export function appProbot(config: Pick<ServerConfig, 'appId' | 'privateKey' | 'webhookSecret' | 'baseUrl' | 'logLevel' | 'logFormat'>): Probot {
  // No redisConfig: Probot would cluster its request throttling through Redis, and while Redis is
  // down every GitHub request would wait on it, the one that fails the check run closed included.
  return new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    baseUrl: config.baseUrl,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    Octokit: AppOctokit,
  });
}

export interface RunningServer {
  server: Server;
  /** Stops accepting, lets running jobs finish (up to shutdownMs), releases locks. True: all finished. */
  shutdown: () => Promise<boolean>;
}

export function sharedStateOf(config: Pick<ServerConfig, 'redisUrl' | 'lockTtlMs' | 'timeoutMs'>): SharedState {
  if (!config.redisUrl) return memoryState();
  // A job waits for another replica's lock at most as long as that replica's job may run.
  return RedisState.connect(config.redisUrl, { lockTtlMs: config.lockTtlMs, lockWaitMs: config.timeoutMs + config.lockTtlMs });
}

/** `deadlineTimer`: tests that run the server in their own process fire a job's deadline on a signal. */
export async function startServer(config: ServerConfig, options: Pick<AppOptions, 'deadlineTimer'> = {}): Promise<RunningServer> {
  const probot = appProbot(config);
  const shared = sharedStateOf(config);
  const inFlight = new InFlight();
  let stopping = false;
  const middleware = await createNodeMiddleware(createApp({ ...options, timeoutMs: config.timeoutMs, shared, inFlight }), { probot, webhooksPath: config.webhookPath });
  const health = healthRoutes({
    github: async () => {
      await (await probot.auth()).request('GET /app');
    },
    shared,
    stopping: () => stopping,
  });
  const server = createServer((req, res) => {
    if (health(req, res)) return;
    const onWebhookPath = (req.url ?? '').split('?')[0] === config.webhookPath;
    void (async () => {
      if (onWebhookPath && (await rejectForged(req, res, config.webhookSecret, probot.log))) return;
      await middleware(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      });
    })().catch((err: unknown) => {
      probot.log.error({ err }, 'modelgate: could not read a webhook request');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  probot.log.info(`modelgate App listening on http://${config.host}:${port}${config.webhookPath} (GitHub API ${config.baseUrl}; state: ${shared.kind === 'redis' ? 'Redis' : 'this process'})`);
  const shutdown = async (): Promise<boolean> => {
    stopping = true;
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const running = inFlight.size;
    probot.log.info({ running }, 'modelgate App stopping: no new deliveries; waiting for running jobs');
    const finished = await inFlight.drain(config.shutdownMs);
    if (!finished) probot.log.warn({ running: inFlight.size }, 'modelgate App stopping with jobs still running; their locks are released and another replica adopts their check runs');
    await shared.close();
    server.closeAllConnections();
    await closed;
    return finished;
  };
  return { server, shutdown };
}
