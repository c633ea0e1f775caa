// What the App's replicas share: which deliveries were handled, and who holds each pull request's
// lock. In one process (no REDIS_URL) that is memory, as it always was. With REDIS_URL it is Redis,
// so two replicas behind a load balancer behave as one App: a duplicate delivery sent to both is
// handled once, and two events for one pull request never run at the same time.
//
// Locks are leases: `SET key token NX PX ttl`, renewed while the job runs, released only by their
// owner (compare-and-delete). A replica that dies stops renewing, and the next replica takes the
// lock once the lease expires. The Redis client fails fast (no offline queue, one retry, a command
// timeout): when Redis is unreachable a job cannot take its lock and its check run fails closed,
// saying so; nothing waits for Redis to come back. Without persistence a Redis restart forgets
// leases and delivery keys: every job stays safe to run twice (the check run is adopted by its
// external id, the checklist comment and issues are found before being written).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Deliveries, type EventKey } from './deliveries.js';
import { KeyedLock } from './lock.js';

/** The job could not take (or lost) its lock: its check run fails closed with this message. */
export class LockUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockUnavailable';
  }
}

export interface Locks {
  /** Runs `fn` holding the lock `key`; `held` aborts if the lock is lost while it runs. */
  run<T>(key: string, fn: (held: AbortSignal) => Promise<T>): Promise<T>;
}

export type Once = <T>(delivery: string, event: EventKey | undefined, job: () => Promise<T>, ok: (result: T) => boolean) => Promise<{ ran: true; result: T } | { ran: false }>;

export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** Per pull request (and per repository's issues) locks. */
  readonly locks: Locks;
  /** Runs a delivery's job unless one of its keys was handled successfully (see deliveries.ts). */
  readonly once: Once;
  /** Throws when the shared store is unreachable (for /readyz). */
  ping(): Promise<void>;
  /** Releases every lock this process holds and disconnects. */
  close(): Promise<void>;
}

const NEVER = new AbortController().signal;

export function memoryState(): SharedState {
  const lock = new KeyedLock();
  const deliveries = new Deliveries();
  return {
    kind: 'memory',
    locks: { run: (key, fn) => lock.run(key, () => fn(NEVER)) },
    once: (delivery, event, job, ok) => deliveries.once(delivery, event, job, ok),
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

export interface RedisStateOptions {
  /** Lease of a lock or a running delivery; renewed every third of it while the job runs. */
  lockTtlMs: number;
  /** How long a job waits for a lock another replica holds before failing closed. */
  lockWaitMs: number;
  /** How long a handled delivery is remembered. */
  doneTtlSeconds?: number;
  /** Redis command timeout (fail fast when Redis is unreachable). */
  commandTimeoutMs?: number;
  prefix?: string;
}

const PREFIX = 'modelgate:';
const DONE = 'done';

// KEYS: the lock or delivery keys; ARGV[1]: the owner's token.
const RELEASE = `local n = 0
for _, k in ipairs(KEYS) do if redis.call('get', k) == ARGV[1] then n = n + redis.call('del', k) end end
return n`;
// A lease that lapsed (a stalled event loop) but nobody else took is taken again; 0: another owner has it.
const RENEW = `for _, k in ipairs(KEYS) do
  local v = redis.call('get', k)
  if v == ARGV[1] then redis.call('pexpire', k, ARGV[2])
  elseif not v then redis.call('set', k, ARGV[1], 'PX', ARGV[2])
  else return 0 end
end
return 1`;
// 'done' if any key was handled, 'busy' if another owner runs one, else every key is claimed.
const CLAIM = `local busy = false
for _, k in ipairs(KEYS) do
  local v = redis.call('get', k)
  if v == '${DONE}' then return '${DONE}' end
  if v then busy = true end
end
if busy then return 'busy' end
for _, k in ipairs(KEYS) do redis.call('set', k, ARGV[1], 'PX', ARGV[2]) end
return 'claimed'`;
// KEYS[1]: the subject's latest event, KEYS[2]: this event's key. An event seen again after something
// else happened to its subject is not a duplicate (deliveries.ts): forget that it was handled.
const NOTE_LATEST = `if redis.call('get', KEYS[1]) ~= ARGV[1] and redis.call('get', KEYS[2]) == '${DONE}' then redis.call('del', KEYS[2]) end
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;
const FINISH = `for _, k in ipairs(KEYS) do if redis.call('get', k) == ARGV[1] then redis.call('set', k, '${DONE}', 'EX', ARGV[2]) end end
return 1`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RedisState implements SharedState {
  readonly kind = 'redis';
  readonly locks: Locks;
  readonly once: Once;
  private readonly local = new KeyedLock();
  private readonly deliveries = new Deliveries();
  /** Lock key → token, for release on close. */
  private readonly held = new Map<string, string>();
  private readonly prefix: string;

  constructor(
    readonly redis: Redis,
    private readonly options: RedisStateOptions,
  ) {
    this.prefix = options.prefix ?? PREFIX;
    this.locks = { run: (key, fn) => this.local.run(key, () => this.withLock(key, fn)) };
    this.once = (delivery, event, job, ok) => this.onceShared(delivery, event, job, ok);
  }

  static connect(url: string, options: RedisStateOptions): RedisState {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
    });
    // Errors surface on the commands that fail; the client reconnects on its own.
    redis.on('error', () => undefined);
    return new RedisState(redis, options);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    const held = [...this.held];
    this.held.clear();
    await Promise.all(held.map(([key, token]) => this.redis.eval(RELEASE, 1, key, token).catch(() => undefined)));
    this.redis.disconnect();
  }

  private async withLock<T>(name: string, fn: (held: AbortSignal) => Promise<T>): Promise<T> {
    const key = `${this.prefix}lock:${name}`;
    const token = randomUUID();
    const { lockTtlMs, lockWaitMs } = this.options;
    const start = Date.now();
    for (;;) {
      let got: string | null;
      try {
        got = await this.redis.set(key, token, 'PX', lockTtlMs, 'NX');
      } catch (err) {
        throw new LockUnavailable(`the App could not take its lock on ${name}: Redis is unreachable (${err instanceof Error ? err.message : String(err)})`);
      }
      if (got === 'OK') break;
      if (Date.now() - start > lockWaitMs) throw new LockUnavailable(`the App could not take its lock on ${name}: another replica held it for more than ${Math.round(lockWaitMs / 1000)} seconds`);
      await sleep(100 + Math.random() * 100);
    }
    this.held.set(key, token);
    const lost = new AbortController();
    const renew = setInterval(() => {
      this.redis.eval(RENEW, 1, key, token, lockTtlMs).then(
        (n) => {
          if (Number(n) === 0) lost.abort(new LockUnavailable(`the App lost its lock on ${name} (it expired while the evaluation ran, and another replica took it)`));
        },
        (err: unknown) => lost.abort(new LockUnavailable(`the App could not renew its lock on ${name}: Redis is unreachable (${err instanceof Error ? err.message : String(err)})`)),
      );
    }, lockTtlMs / 3);
    try {
      return await fn(lost.signal);
    } finally {
      clearInterval(renew);
      if (this.held.get(key) === token) this.held.delete(key);
      // If Redis is unreachable the lease simply expires.
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }

  /**
   * In this process, Deliveries (wait for a running duplicate, skip one that succeeded). Across
   * processes, a lease per key: a duplicate running on another replica is waited for; when that
   * replica dies its lease expires and this one runs the job. If Redis is unreachable the job runs
   * (its lock then fails closed, visibly).
   */
  private async onceShared<T>(delivery: string, event: EventKey | undefined, job: () => Promise<T>, ok: (result: T) => boolean): Promise<{ ran: true; result: T } | { ran: false }> {
    type Inner = { skipped: true } | { skipped: false; value: T };
    const done = await this.deliveries.once<Inner>(
      delivery,
      event,
      async () => {
        const own = [`${this.prefix}${delivery}`];
        const token = randomUUID();
        const { lockTtlMs, lockWaitMs } = this.options;
        const doneTtl = this.options.doneTtlSeconds ?? 86_400;
        if (event) {
          const eventKey = `${this.prefix}event:${event.subject}\u0000${event.key}`;
          await this.redis.eval(NOTE_LATEST, 2, `${this.prefix}latest:${event.subject}`, eventKey, event.key, doneTtl).catch(() => undefined);
          own.push(eventKey);
        }
        const start = Date.now();
        let claimed = false;
        for (;;) {
          let state: string;
          try {
            state = String(await this.redis.eval(CLAIM, own.length, ...own, token, lockTtlMs));
          } catch {
            break; // Redis unreachable: run unclaimed.
          }
          if (state === DONE) return { skipped: true };
          if (state === 'claimed') {
            claimed = true;
            break;
          }
          if (Date.now() - start > lockWaitMs) break;
          await sleep(150 + Math.random() * 100);
        }
        const renew = claimed ? setInterval(() => void this.redis.eval(RENEW, own.length, ...own, token, lockTtlMs).catch(() => undefined), lockTtlMs / 3) : undefined;
        let succeeded = false;
        try {
          const value = await job();
          succeeded = ok(value);
          return { skipped: false, value };
        } finally {
          clearInterval(renew);
          if (claimed) {
            const script = succeeded ? FINISH : RELEASE;
            const args = succeeded ? [token, doneTtl] : [token];
            await this.redis.eval(script, own.length, ...own, ...args).catch(() => undefined);
          }
        }
      },
      (r) => r.skipped || ok(r.value),
    );
    if (!done.ran || done.result.skipped) return { ran: false };
    return { ran: true, result: done.result.value };
  }
}
