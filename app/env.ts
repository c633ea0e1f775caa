// The server's configuration from the environment, validated before anything starts. Probot would
// fall back to the secret "development" without WEBHOOK_SECRET (accepting webhooks anyone can sign)
// and start a setup wizard without APP_ID or a key; modelgate refuses to start instead.
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export interface ServerConfig {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  webhookPath: string;
  /** GitHub's REST base URL: https://api.github.com, or http(s)://GHE_HOST/api/v3. */
  baseUrl: string;
  timeoutMs: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  logFormat: 'json' | 'pretty';
  /** REDIS_URL: replicas share delivery dedupe and pull request locks there (app/sharedState.ts). */
  redisUrl?: string;
  /** MODELGATE_LOCK_TTL_SECONDS: the lease of a lock; a dead replica's lock is taken over after it. */
  lockTtlMs: number;
  /** MODELGATE_SHUTDOWN_SECONDS: on SIGTERM, how long running jobs may take to finish. */
  shutdownMs: number;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export type Env = Record<string, string | undefined>;

/** Values from a `.env` file in `dir`, under the real environment (which wins). */
export function withDotEnv(env: Env, dir: string = process.cwd()): Env {
  const path = `${dir}/.env`;
  if (!existsSync(path)) return env;
  return { ...parseEnv(readFileSync(path, 'utf8')), ...env };
}

export function readServerConfig(env: Env): { config: ServerConfig } | { errors: string[] } {
  const errors: string[] = [];
  const appId = Number(env.APP_ID);
  if (!env.APP_ID) errors.push('APP_ID is required: the numeric App ID from the App settings page.');
  else if (!/^\d+$/.test(env.APP_ID.trim()) || !Number.isSafeInteger(appId) || appId <= 0) errors.push(`APP_ID "${env.APP_ID}" is not a number: use the numeric App ID from the App settings page (not the Client ID or the App's name).`);

  const key = privateKey(env);
  if (typeof key !== 'string') errors.push(key.error);

  const secret = env.WEBHOOK_SECRET ?? '';
  if (secret.length === 0) errors.push('WEBHOOK_SECRET is required: the webhook secret set in the App settings. Without it anyone could send the App forged events.');
  else if (secret === 'development') errors.push('WEBHOOK_SECRET is "development", Probot\'s public default; set the secret from the App settings.');

  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) errors.push(`PORT "${env.PORT}" is not a port number.`);

  const timeoutSeconds = env.MODELGATE_TIMEOUT_SECONDS ? Number(env.MODELGATE_TIMEOUT_SECONDS) : 300;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) errors.push(`MODELGATE_TIMEOUT_SECONDS "${env.MODELGATE_TIMEOUT_SECONDS}" must be a positive number.`);

  const seconds = (name: string, fallback: number): number => {
    const raw = env[name];
    const n = raw ? Number(raw) : fallback;
    if (!Number.isFinite(n) || n <= 0) errors.push(`${name} "${raw}" must be a positive number of seconds.`);
    return Math.round(n * 1000);
  };
  const lockTtlMs = seconds('MODELGATE_LOCK_TTL_SECONDS', 30);
  const shutdownMs = seconds('MODELGATE_SHUTDOWN_SECONDS', 25);
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) errors.push('REDIS_URL must start with redis:// or rediss://.');

  const level = (env.LOG_LEVEL ?? 'info') as ServerConfig['logLevel'];
  if (!LOG_LEVELS.includes(level)) errors.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

  if (errors.length > 0 || typeof key !== 'string') return { errors };
  return {
    config: {
      appId,
      privateKey: key,
      webhookSecret: secret,
      port,
      host: env.HOST || '0.0.0.0',
      webhookPath: env.WEBHOOK_PATH || '/api/github/webhooks',
      baseUrl: env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : 'https://api.github.com',
      timeoutMs: Math.round(timeoutSeconds * 1000),
      logLevel: level,
      logFormat: env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json',
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      lockTtlMs,
      shutdownMs,
    },
  };
}

/** What both entry points print before exiting with status 1. */
export function refusalText(errors: readonly string[]): string {
  return `modelgate App: refusing to start:\n${errors.map((e) => `  - ${e}`).join('\n')}\n`;
}

/** PRIVATE_KEY (PEM, PEM with "\n" escapes, or base64 of a PEM) or PRIVATE_KEY_PATH, checked to parse. */
function privateKey(env: Env): string | { error: string } {
  let pem: string;
  let from: string;
  if (env.PRIVATE_KEY) {
    from = 'PRIVATE_KEY';
    pem = env.PRIVATE_KEY.includes('-----BEGIN') ? env.PRIVATE_KEY.replace(/\\n/g, '\n') : Buffer.from(env.PRIVATE_KEY, 'base64').toString('utf8');
  } else if (env.PRIVATE_KEY_PATH) {
    from = `PRIVATE_KEY_PATH (${env.PRIVATE_KEY_PATH})`;
    try {
      pem = readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
    } catch (err) {
      return { error: `${from} cannot be read: ${err instanceof Error ? err.message : String(err)}` };
    }
  } else {
    return { error: 'A private key is required: set PRIVATE_KEY (the PEM, or its base64) or PRIVATE_KEY_PATH (the .pem file downloaded from the App settings).' };
  }
  try {
    createPrivateKey(pem);
  } catch {
    return { error: `${from} is not a valid PEM private key.` };
  }
  return pem;
}
