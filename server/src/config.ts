import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccordServerOptions } from './AccordServer.js';
import { DEFAULT_SCRYPT_COST, SCRYPT_COST_RANGE } from './auth/password.js';

/** The repository root (this file is server/src/config.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A configuration error, reported at start-up with the variable that is wrong. */
export class ConfigError extends Error {}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function demoPassword(env: NodeJS.ProcessEnv): string | null {
  const value = env.ACCORD_DEMO_PASSWORD;
  if (value === undefined || value === '') return null;
  if (value.length < 8)
    throw new ConfigError('ACCORD_DEMO_PASSWORD must be at least 8 characters long');
  return value;
}

function origins(env: NodeJS.ProcessEnv): string[] {
  const list = (env.ACCORD_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError(
        `ACCORD_ALLOWED_ORIGINS must list origins like https://accord.example.org, got "${origin}"`,
      );
    }
  }
  return list;
}

/** ACCORD_CALENDAR: the rounds a fresh negotiation starts with, "budapest" (default) or "none". */
function calendar(env: NodeJS.ProcessEnv): 'budapest' | 'none' | undefined {
  const value = env.ACCORD_CALENDAR;
  if (value === undefined || value === '') return undefined;
  if (value === 'budapest' || value === 'none') return value;
  throw new ConfigError(`ACCORD_CALENDAR must be "budapest" or "none", got "${value}"`);
}

/** A service URL with one of `schemes` (ACCORD_DATABASE_URL, ACCORD_REDIS_URL), or null. */
function serviceUrl(env: NodeJS.ProcessEnv, name: string, schemes: string[]): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, '');
  } catch {
    throw new ConfigError(`${name} must be a URL like ${schemes[0]}://127.0.0.1/…, got "${value}"`);
  }
  if (!schemes.includes(scheme))
    throw new ConfigError(`${name} must start with ${schemes.map((s) => s + '://').join(' or ')}`);
  return value;
}

/** ACCORD_DATABASE_SCHEMA: the PostgreSQL schema of this deployment (default public). */
function databaseSchema(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.ACCORD_DATABASE_SCHEMA;
  if (value === undefined || value === '') return undefined;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value))
    throw new ConfigError(
      `ACCORD_DATABASE_SCHEMA must be lower-case letters, digits and _, got "${value}"`,
    );
  return value;
}

/**
 * Reads the server's configuration from environment variables (documented in README.md):
 * PORT, HOST, ACCORD_DATA_DIR, ACCORD_SEEDS_DIR, ACCORD_CLIENT_DIR, ACCORD_MAX_MESSAGE_BYTES,
 * ACCORD_DEMO_PASSWORD, ACCORD_ALLOWED_ORIGINS, ACCORD_SECURE_COOKIES, ACCORD_SCRYPT_COST,
 * ACCORD_CALENDAR, ACCORD_METRICS_TOKEN, ACCORD_DRAIN_MS, ACCORD_DATABASE_URL,
 * ACCORD_DATABASE_SCHEMA, ACCORD_REDIS_URL, ACCORD_RELAY_SWEEP_MS.
 */
export function configFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): AccordServerOptions & { passwordCost: number } {
  const databaseUrl = serviceUrl(env, 'ACCORD_DATABASE_URL', ['postgres', 'postgresql']);
  const redisUrl = serviceUrl(env, 'ACCORD_REDIS_URL', ['redis', 'rediss']);
  if (redisUrl && !databaseUrl)
    throw new ConfigError(
      'ACCORD_REDIS_URL needs ACCORD_DATABASE_URL: the processes share a PostgreSQL database',
    );
  return {
    databaseUrl,
    databaseSchema: databaseSchema(env),
    redisUrl,
    relaySweepMs: integer(env, 'ACCORD_RELAY_SWEEP_MS', 5_000, 100, 600_000),
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.ACCORD_DATA_DIR || path.join(REPO_ROOT, 'data')),
    seedsDir: path.resolve(env.ACCORD_SEEDS_DIR || path.join(REPO_ROOT, '..', 'shared', 'seeds')),
    clientDir: path.resolve(env.ACCORD_CLIENT_DIR || path.join(REPO_ROOT, 'client', 'dist')),
    maxMessageBytes: integer(
      env,
      'ACCORD_MAX_MESSAGE_BYTES',
      2 * 1024 * 1024,
      1024,
      64 * 1024 * 1024,
    ),
    demoPassword: demoPassword(env),
    allowedOrigins: origins(env),
    secureCookies: env.ACCORD_SECURE_COOKIES === '1' || env.ACCORD_SECURE_COOKIES === 'true',
    calendar: calendar(env),
    // OP5: without a token /metrics is open (bind to loopback or firewall it).
    metricsToken: env.ACCORD_METRICS_TOKEN || null,
    // OP4: how long /api/ready answers 503 before a shutdown closes anything.
    drainMs: integer(env, 'ACCORD_DRAIN_MS', 0, 0, 60_000),
    // log2 of scrypt's N for new password hashes; stored hashes keep their own.
    passwordCost: integer(
      env,
      'ACCORD_SCRYPT_COST',
      DEFAULT_SCRYPT_COST,
      SCRYPT_COST_RANGE.min,
      SCRYPT_COST_RANGE.max,
    ),
  };
}
