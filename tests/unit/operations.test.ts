import { describe, expect, it } from 'vitest';
import { requestIdOf } from '../../server/src/http/requestLog.js';
import { bearerMatches } from '../../server/src/operations/metricsRoute.js';
import { Metrics } from '../../server/src/operations/Metrics.js';
import { pinoLogger } from '../../server/src/logger.js';
import { newChange, refuse } from '../../server/src/collab/pipeline/Change.js';
import { Pipeline, type PipelineResult } from '../../server/src/collab/pipeline/Pipeline.js';

// The pure parts of operations (shared/SPEC.md OP1, OP2, OP5).

const ORIGIN = { kind: 'system', reason: 'seed' } as const;
const serverChange = () => newChange(new Uint8Array([0, 0]), ORIGIN, { kind: 'server' });

describe('operations', () => {
  it('OP1 a request id is the proxy’s when it looks like one, else a new UUID', () => {
    expect(requestIdOf('lb-42.a:b_c')).toBe('lb-42.a:b_c');
    expect(requestIdOf(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(65), 'line\nbreak'])
      expect(requestIdOf(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('OP1 the pino logger writes one JSON object per line with the message and the fields', () => {
    const out: string[] = [];
    const logger = pinoLogger({ write: (line: string) => void out.push(line) });
    logger.warn('connection closed', { connectionId: 'c1', code: 1001 });
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(out[0]!)).toMatchObject({
      level: 40,
      msg: 'connection closed',
      connectionId: 'c1',
      code: 1001,
    });
  });

  it('OP5 the metrics token is compared whole, as a bearer', () => {
    expect(bearerMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('Bearer s3cre', 's3cret')).toBe(false);
    expect(bearerMatches('s3cret', 's3cret')).toBe(false);
    expect(bearerMatches(undefined, 's3cret')).toBe(false);
  });

  it('OP2 two instances keep their own counts; only changed updates are timed', async () => {
    const a = new Metrics({ connections: () => 3, rooms: () => Promise.resolve(2) });
    const b = new Metrics({ connections: () => 0, rooms: () => Promise.resolve(0) });
    const stored = serverChange();
    a.pipeline.passed('store', stored);
    a.pipeline.passed('broadcast', stored);
    const unchanged = { ...serverChange(), changed: false };
    a.pipeline.passed('store', unchanged);
    a.pipeline.ended({ ok: false, dropped: true, change: stored });
    a.pipeline.ended({
      ok: false,
      dropped: false,
      refusal: refuse(4403, 'no', 'presence.send'),
      change: stored,
    });
    const text = await a.render();
    expect(text).toContain('accord_connections 3');
    expect(text).toContain('accord_rooms 2');
    expect(text).toContain('accord_update_latency_seconds_count{stage="commit"} 1');
    expect(text).toContain('accord_update_latency_seconds_count{stage="broadcast"} 1');
    expect(text).toContain(
      'accord_refused_writes_total{outcome="dropped",action="document.write"} 1',
    );
    expect(text).toContain(
      'accord_refused_writes_total{outcome="refused",action="presence.send"} 1',
    );
    const other = await b.render();
    expect(other).toContain('accord_connections 0');
    expect(other).not.toContain('stage="commit"} 1');
    expect(a.contentType).toContain('text/plain; version=0.0.4');
  });

  it('OP2 the pipeline tells its observer of each step passed and of how the change left', async () => {
    const passed: string[] = [];
    const ended: PipelineResult[] = [];
    const pipeline = new Pipeline(
      [
        { name: 'validate', run: () => 'next' as const },
        { name: 'store', run: () => Promise.resolve('next' as const) },
        { name: 'broadcast', run: () => refuse(4400, 'no') },
      ],
      () => {},
      { passed: (step) => passed.push(step), ended: (r) => ended.push(r) },
    );
    const result = await pipeline.run(serverChange());
    expect(passed).toEqual(['validate', 'store']);
    expect(ended).toEqual([result]);
    expect(result.ok).toBe(false);
  });
});
