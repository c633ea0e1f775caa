// The HTTP server: the Probot webhook middleware on WEBHOOK_PATH (signature checked by Probot:
// a missing or bad X-Hub-Signature-256 is answered 400 before any handler runs) and /healthz.
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp } from './index.js';
import type { ServerConfig } from './env.js';
import { AppOctokit } from './octokit.js';
import { serveHealth } from './health.js';

/** The Probot instance the server runs: the App's Octokit (app/octokit.ts) and the configuration. */
export function appProbot(config: Pick<ServerConfig, 'appId' | 'privateKey' | 'webhookSecret' | 'baseUrl' | 'logLevel' | 'logFormat'>): Probot {
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

export async function startServer(config: ServerConfig): Promise<Server> {
  const probot = appProbot(config);
  const middleware = await createNodeMiddleware(createApp({ timeoutMs: config.timeoutMs }), { probot, webhooksPath: config.webhookPath });
  const server = createServer((req, res) => {
    if (serveHealth(req, res)) return;
    void middleware(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  probot.log.info(`modelgate App listening on http://${config.host}:${port}${config.webhookPath} (GitHub API ${config.baseUrl})`);
  return server;
}
