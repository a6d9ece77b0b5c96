// The servers' own view of commit latency: `accord_update_latency_seconds` from GET /metrics.
import type { ServerProcess } from './servers.js';

/** A cumulative Prometheus histogram (seconds), summed over processes. */
export interface CommitHistogram {
  /** Upper bound (s) → observations at or below it, ascending. */
  buckets: [number, number][];
  sum: number;
  count: number;
}

/** The HTTP base of a server process (its wsBase without `/collab`). */
export function httpOf(server: ServerProcess): string {
  return server.wsBase.replace(/^ws/, 'http').replace(/\/collab$/, '');
}

/** `accord_update_latency_seconds{stage="commit"}` of every process, summed. */
export async function commitHistogram(servers: readonly ServerProcess[]): Promise<CommitHistogram> {
  const buckets = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const server of servers) {
    const res = await fetch(`${httpOf(server)}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) continue;
    for (const line of (await res.text()).split('\n')) {
      const m = /^accord_update_latency_seconds_(bucket|sum|count)\{([^}]*)\} (\S+)$/.exec(line);
      if (!m || !(m[2] ?? '').includes('stage="commit"')) continue;
      const value = Number(m[3]);
      if (m[1] === 'sum') sum += value;
      else if (m[1] === 'count') count += value;
      else {
        const le = /le="([^"]+)"/.exec(m[2] ?? '')?.[1] ?? '';
        const bound = le === '+Inf' ? Infinity : Number(le);
        buckets.set(bound, (buckets.get(bound) ?? 0) + value);
      }
    }
  }
  return { buckets: [...buckets].sort((a, b) => a[0] - b[0]), sum, count };
}

/** What `after` counted since `before`. */
export function subtract(after: CommitHistogram, before: CommitHistogram): CommitHistogram {
  const earlier = new Map(before.buckets);
  return {
    buckets: after.buckets.map(([le, n]) => [le, n - (earlier.get(le) ?? 0)]),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/** The upper bound (ms) of the bucket holding the q-quantile: "at most this". NaN if empty. */
export function bucketQuantileMs(h: CommitHistogram, q: number): number {
  if (h.count === 0) return NaN;
  const bucket = h.buckets.find(([, n]) => n >= q * h.count);
  return bucket ? bucket[0] * 1000 : NaN;
}
