import type { NewTask, ScheduledTask } from './TaskStore.js';

/**
 * True when scheduling `next` under the key of `existing` would change nothing: the same kind,
 * instant and payload, and the task is still to run or has run at that instant.
 */
export function isSameSchedule(existing: ScheduledTask, next: NewTask): boolean {
  return (
    (existing.status === 'pending' || existing.status === 'done') &&
    existing.kind === next.kind &&
    existing.at === next.at &&
    JSON.stringify(existing.payload) === JSON.stringify(next.payload ?? null)
  );
}
