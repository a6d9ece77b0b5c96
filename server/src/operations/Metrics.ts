import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PipelineObserver, PipelineResult } from '../collab/pipeline/Pipeline.js';
import type { Change } from '../collab/pipeline/Change.js';

/** Buckets in seconds: a local commit takes about a millisecond, a slow disk a few hundred. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** What the metrics read from the server when scraped (they keep no copies of their own). */
export interface MetricsSources {
  /** Open WebSocket connections now. */
  connections(): number;
  /** Loaded rooms (documents and working copies) now. */
  rooms(): Promise<number>;
}

/**
 * One server instance's metrics (OP2), in its own registry: tests run several servers in one
 * process, and a module-level default registry would mix their counts.
 */
export class Metrics {
  /** Where every metric of this instance is registered; `GET /metrics` renders it. */
  readonly registry = new Registry();
  private readonly latency: Histogram<'stage'>;
  private readonly refused: Counter<'outcome' | 'action'>;
  private readonly lag: Histogram;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    new Gauge({
      name: 'accord_connections',
      help: 'Open WebSocket connections',
      registers,
      collect() {
        this.set(sources.connections());
      },
    });
    new Gauge({
      name: 'accord_rooms',
      help: 'Loaded rooms (documents and working copies)',
      registers,
      async collect() {
        this.set(await sources.rooms());
      },
    });
    this.latency = new Histogram({
      name: 'accord_update_latency_seconds',
      help: 'Time from receipt of an update to its commit in the store, and to its broadcast',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.lag = new Histogram({
      name: 'accord_relay_lag_seconds',
      help: 'Time from another process sending a relay message to this process receiving it',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.refused = new Counter({
      name: 'accord_refused_writes_total',
      help: 'Updates the pipeline refused (the sender is closed) or dropped (a reader typing)',
      labelNames: ['outcome', 'action'],
      registers,
    });
  }

  /** Feeds the latency histogram and the refusal counter from every room's pipeline. */
  readonly pipeline: PipelineObserver = {
    passed: (step: string, change: Change) => {
      // Only updates that add something are stored and broadcast; the others are not timed.
      if (!change.changed) return;
      if (step === 'store') this.observe('commit', change);
      else if (step === 'broadcast') this.observe('broadcast', change);
    },
    ended: (result: PipelineResult) => {
      if (result.ok) return;
      if (result.dropped) this.refused.inc({ outcome: 'dropped', action: 'document.write' });
      else this.refused.inc({ outcome: 'refused', action: result.refusal.action });
    },
  };

  /** Records how long a relay message took from its sender (seconds). */
  readonly relayLag = (seconds: number): void => this.lag.observe(seconds);

  /** The metrics in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `render`'s text (version 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  private observe(stage: 'commit' | 'broadcast', change: Change): void {
    this.latency.observe({ stage }, (performance.now() - change.receivedAt) / 1000);
  }
}
