import { describe, expect, it } from 'vitest';
import { WriteLog } from '../../server/src/collab/WriteLog.js';

describe('WriteLog', () => {
  it('CL2 on a gapless log the watermark stops below a missing update and jumps when it arrives', () => {
    const log = new WriteLog(4, 0, true);
    log.confirm(6); // this process's own update, while another's 5 is still on its way
    expect(log.lastSeq).toBe(4);
    expect([log.has(4), log.has(5), log.has(6)]).toEqual([true, false, true]);
    log.confirm(7);
    expect(log.lastSeq).toBe(4);
    log.confirm(5);
    expect(log.lastSeq).toBe(7);
    expect(log.sinceSnapshot).toBe(3);
  });

  it('CL2 a gapless log ignores a seq it holds already (a catch-up met its own write)', () => {
    const log = new WriteLog(0, 0, true);
    log.confirm(1);
    log.confirm(1);
    expect(log.lastSeq).toBe(1);
    expect(log.has(2)).toBe(false);
  });

  it('ST2 a log whose seqs are shared with other documents takes the highest as its last', () => {
    const log = new WriteLog(10, 0);
    log.confirm(15);
    log.confirm(12);
    expect(log.lastSeq).toBe(15);
    expect(log.has(11)).toBe(true);
  });
});
