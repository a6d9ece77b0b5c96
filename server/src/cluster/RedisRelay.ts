import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Clock } from '../time/Clock.js';
import type { Logger } from '../logger.js';
import type { Relay, RelayHealth } from './Relay.js';
import { relayMessageSchema, type RelayMessage, type RelayPayload } from './relayMessage.js';

/** How to reach Redis and which channel the deployment shares. */
export interface RedisRelayOptions {
  /** `redis://…` (ACCORD_REDIS_URL). */
  url: string;
  /** The channel every process of one deployment publishes on and listens to. */
  channel: string;
  clock: Clock;
  logger: Logger;
}

/**
 * The relay over Redis publish/subscribe (ioredis): one connection publishes, one listens.
 * ioredis reconnects by itself and subscribes again; because Redis keeps no messages for a
 * subscriber that was away, every reconnection after the first is reported as a resync, and the
 * server catches up from the database (CL4). Messages published while Redis is unreachable are
 * dropped, not queued: the others catch up instead of receiving stale updates late.
 */
export class RedisRelay implements Relay {
  readonly id = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers: ((message: RelayMessage) => void)[] = [];
  private readonly resyncs: (() => void)[] = [];
  private subscribedOnce = false;
  private closed = false;

  private constructor(private readonly options: RedisRelayOptions) {
    const common = {
      lazyConnect: true,
      // A reconnect a few hundred ms after Redis is back, never slower than 2 s.
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      maxRetriesPerRequest: 1,
    };
    this.pub = new Redis(options.url, { ...common, enableOfflineQueue: false });
    this.sub = new Redis(options.url, common);
    for (const conn of [this.pub, this.sub])
      conn.on('error', (err: Error) => {
        if (!this.closed) options.logger.warn('relay connection error', { error: err.message });
      });
    this.sub.on('message', (_channel: string, raw: string) => this.receive(raw));
    this.sub.on('ready', () => {
      if (this.subscribedOnce) {
        options.logger.warn('relay reconnected; catching up from the database');
        for (const resync of this.resyncs) resync();
      }
      this.subscribedOnce = true;
    });
  }

  /** Connects both connections and subscribes; rejects when Redis cannot be reached. */
  static async connect(options: RedisRelayOptions): Promise<RedisRelay> {
    const relay = new RedisRelay(options);
    try {
      await relay.pub.connect();
      await relay.sub.connect();
      await relay.sub.subscribe(options.channel);
    } catch (error) {
      await relay.close();
      throw new Error(`cannot reach Redis at ${redact(options.url)}: ${String(error)}`);
    }
    return relay;
  }

  publish(payload: RelayPayload): void {
    if (this.closed || this.pub.status !== 'ready') return;
    const message: RelayMessage = { from: this.id, at: this.options.clock.now(), payload };
    this.pub.publish(this.options.channel, JSON.stringify(message)).catch((err: unknown) => {
      this.options.logger.warn('relay publish failed', { error: String(err) });
    });
  }

  onMessage(handler: (message: RelayMessage) => void): void {
    this.handlers.push(handler);
  }

  onResync(handler: () => void): void {
    this.resyncs.push(handler);
  }

  async health(): Promise<RelayHealth> {
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready')
      return { ok: false, detail: `redis ${this.pub.status}/${this.sub.status}` };
    try {
      await this.pub.ping();
      return { ok: true, detail: 'redis' };
    } catch (error) {
      return { ok: false, detail: `redis: ${String(error)}` };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pub.disconnect();
    this.sub.disconnect();
  }

  /** A message from the channel: ignored when it is ours or malformed (logged). */
  private receive(raw: string): void {
    let message: RelayMessage;
    try {
      const parsed = relayMessageSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new Error(parsed.error.message);
      message = parsed.data;
    } catch (error) {
      this.options.logger.warn('relay message ignored', { error: String(error) });
      return;
    }
    if (message.from === this.id) return;
    for (const handler of this.handlers) {
      try {
        handler(message);
      } catch (error) {
        this.options.logger.error('relay handler failed', { error: String(error) });
      }
    }
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}
