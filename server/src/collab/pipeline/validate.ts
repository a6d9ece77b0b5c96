import type * as Y from 'yjs';
import { CloseCode } from '@accord/shared';
import type { UpdateValidator } from '../UpdateValidator.js';
import { refuse, type Change, type PipelineStep } from './Change.js';

/**
 * Step 3, validate: apply the update to the shadow copy (durable state + writes in flight) and
 * judge the result (WS10–WS21, DM2). Refused → the shadow is rebuilt and nothing is stored.
 */
export function validate(deps: {
  validator: UpdateValidator;
  /** Rebuilds the shadow from the durable document and the writes in flight. */
  rebuild: () => void;
}): PipelineStep {
  return {
    name: 'validate',
    run(change) {
      const verdict = deps.validator.apply(change.update, knowsOf(change));
      if (!verdict.ok) {
        deps.rebuild();
        return refuse(CloseCode.InvalidUpdate, verdict.reason);
      }
      if (change.source.kind === 'connection') remember(change.source.conn.known, change.seen);
      change.duplicates = verdict.duplicates ?? [];
      change.rename = verdict.rename ?? [];
      return verdict.changed ? 'next' : 'acknowledge';
    },
  };
}

/**
 * What the sender of `change` knew: the server everything; a client what it has shown. A sync
 * step 2 carries edits made before the reconnect (offline, or lost in flight), which may predate
 * what its step 1 just said it has: it is judged by what the update itself shows.
 */
function knowsOf(change: Change): ((id: Y.ID) => boolean) | undefined {
  if (change.source.kind === 'server') return undefined;
  const known = change.step2 ? new Map<number, number>() : change.source.conn.known;
  return (id) =>
    id.clock < (known.get(id.client) ?? 0) || id.clock < (change.seen.get(id.client) ?? 0);
}

/** Merges what an accepted update showed its sender knew into what the connection knew. */
function remember(known: Map<number, number>, seen: ReadonlyMap<number, number>): void {
  for (const [client, clock] of seen)
    if (clock > (known.get(client) ?? 0)) known.set(client, clock);
}
