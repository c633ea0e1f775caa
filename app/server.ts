// `npm run app`: the webhook server. Validates its configuration first (and exits 1 naming every
// problem), then serves the App. Run as many instances as needed behind a load balancer, sharing
// one Redis (REDIS_URL; docs/app.md). SIGTERM stops it gracefully: no new deliveries, running jobs
// finish (up to MODELGATE_SHUTDOWN_SECONDS), locks are released, exit 0.
import { readServerConfig, refusalText, withDotEnv } from './env.js';

async function main(): Promise<void> {
  const read = readServerConfig(withDotEnv(process.env));
  if ('errors' in read) {
    process.stderr.write(refusalText(read.errors));
    process.exit(1);
  }
  // Loaded only once the configuration is good: a refusal does not wait for Probot to load.
  const { startServer } = await import('./http.js');
  const running = await startServer(read.config);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void running.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
