// A private redis-server for a test: 127.0.0.1, a free port, no persistence, killed at the end, so
// no test depends on a Redis the machine happens to run. Without redis-server the tests that need
// it are skipped locally, and fail in CI (CI set), where .ci/run installs it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
/** In CI a missing redis-server is a failure, not a skip. */
export const SKIP_WITHOUT_REDIS = !HAVE_REDIS && !process.env.CI;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export class RedisServer {
  port = 0;
  private child: ChildProcess | undefined;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again on the same port after stop(), as a restarted Redis would come back). */
  async start(): Promise<this> {
    if (!HAVE_REDIS) throw new Error('redis-server is not installed (apt-get install -y redis-server); .ci/run installs it');
    this.port ||= await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
      child.stdout?.on('data', (c: Buffer) => {
        output += c.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`redis-server exited (${String(code)}):\n${output}`)));
    });
    return this;
  }

  /** The test's own connection, for looking at the App's keys (made on first use). */
  private client(): Redis {
    this.looker ??= new Redis(this.url, { maxRetriesPerRequest: 1 });
    return this.looker;
  }
  private looker: Redis | undefined;

  /** EVAL commands run so far (INFO commandstats): every claim, renewal and release of an App's lease is one. */
  async evals(): Promise<number> {
    const info = await this.client().info('commandstats');
    return Number(/^cmdstat_eval:calls=(\d+)/m.exec(info)?.[1] ?? 0);
  }

  /**
   * The App's leases (its keys due to expire within `ms`, the lease length; a finished delivery is
   * kept for a day) run out now, as they would `ms` later for a replica that died holding them.
   * Returns the keys it expired.
   */
  async expireLeases(ms: number): Promise<string[]> {
    const redis = this.client();
    const expired: string[] = [];
    for (const key of await redis.keys('modelgate:*')) {
      const left = await redis.pttl(key);
      if (left > 0 && left <= ms && (await redis.pexpire(key, 1)) === 1) expired.push(key);
    }
    return expired;
  }

  /** Kills it at once (SIGKILL): what the App sees when Redis goes away. */
  async stop(): Promise<void> {
    this.looker?.disconnect();
    this.looker = undefined;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  }
}
