// `npm run app`: the webhook server. Validates its configuration first (and exits 1 naming every
// problem), then serves the App. Stateless: run as many instances as needed behind a load
// balancer (docs/app.md).
import { readServerConfig, refusalText, withDotEnv } from './env.js';
import { startServer } from './http.js';

async function main(): Promise<void> {
  const read = readServerConfig(withDotEnv(process.env));
  if ('errors' in read) {
    process.stderr.write(refusalText(read.errors));
    process.exit(1);
  }
  const server = await startServer(read.config);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main();
