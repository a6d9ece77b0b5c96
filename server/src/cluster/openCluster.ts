import { createHash } from 'node:crypto';
import type { Clock } from '../time/Clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../operations/Metrics.js';
import type { Storage } from '../storage/Storage.js';
import { ClusterLink, DEFAULT_SWEEP_MS } from './ClusterLink.js';
import { RedisRelay } from './RedisRelay.js';
import { PgAdvisoryLock, type SharedLock } from './SharedLock.js';

/** This process's membership of a cluster: the link to the others and the locks they share. */
export interface Cluster {
  link: ClusterLink;
  lock: SharedLock;
}

/** What `openCluster` reads of the server's options. */
export interface ClusterOptions {
  databaseUrl?: string | null;
  databaseSchema?: string;
  redisUrl?: string | null;
  relaySweepMs?: number;
}

/**
 * Joins the processes that share the PostgreSQL database (and schema) through Redis, or returns
 * null without a Redis URL. The channel is named after the database and schema, so processes of
 * one deployment find each other and no other deployment's messages reach them.
 */
export async function openCluster(
  options: ClusterOptions,
  clock: Clock,
  logger: Logger,
  metrics: Metrics,
  storage: Storage,
): Promise<Cluster | null> {
  if (!options.redisUrl) return null;
  if (!options.databaseUrl)
    throw new Error(
      'ACCORD_REDIS_URL needs ACCORD_DATABASE_URL: processes share a PostgreSQL database, not SQLite',
    );
  if (storage.documents.gaplessSeqs !== true)
    throw new Error('the relay needs a store that numbers each log without holes (PostgreSQL)');
  const deployment = deploymentName(options.databaseUrl, options.databaseSchema ?? 'public');
  const relay = await RedisRelay.connect({
    url: options.redisUrl,
    channel: `accord:${deployment}`,
    clock,
    logger,
  });
  const link = new ClusterLink(
    relay,
    clock,
    logger,
    options.relaySweepMs ?? DEFAULT_SWEEP_MS,
    metrics.relayLag,
  );
  logger.info('joined the cluster', { relay: relay.id });
  return { link, lock: new PgAdvisoryLock(options.databaseUrl, deployment) };
}

/** A short stable name of a database and schema (without credentials). */
function deploymentName(databaseUrl: string, schema: string): string {
  const u = new URL(databaseUrl);
  const where = `${u.hostname}:${u.port || 5432}${u.pathname}#${schema}`;
  return createHash('sha256').update(where).digest('hex').slice(0, 16);
}
