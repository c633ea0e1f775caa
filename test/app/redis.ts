// A private redis-server for a test: 127.0.0.1, a free port, no persistence, killed at the end, so
// no test depends on a Redis the machine happens to run. Without redis-server the tests that need
// it are skipped locally, and fail in CI (CI set), where .ci/run installs it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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

  /** Kills it at once (SIGKILL): what the App sees when Redis goes away. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  }
}
