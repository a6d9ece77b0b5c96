import type { WriteLog } from '../WriteLog.js';
import type { PipelineStep } from './Change.js';

/**
 * Step 6, acknowledge: tell a client its update is durable (SAVED, WS3). An update that added
 * nothing is acknowledged once the writes before it are durable, since the client may be
 * waiting for exactly those. The server's own changes settle their promise instead.
 */
export function acknowledge(deps: { log: WriteLog }): PipelineStep {
  return {
    name: 'acknowledge',
    run(change) {
      const ack = () => {
        if (change.source.kind === 'connection')
          change.source.conn.sendSaved(change.update, change.step2);
        return 'next' as const;
      };
      return change.changed ? ack() : deps.log.settled().then(ack);
    },
  };
}
