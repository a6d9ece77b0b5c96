import type { ScheduledTask, TaskStatus } from './TaskStore.js';

/** A `scheduled_tasks` row as SQLite and PostgreSQL both keep it (payload as JSON text). */
export interface TaskRow {
  id: string;
  kind: string;
  at: number;
  due_at: number;
  payload: string;
  key: string | null;
  status: TaskStatus;
  attempts: number;
  last_error: string | null;
  revision: number;
}

/** The task a `scheduled_tasks` row holds. */
export function taskOf(r: TaskRow): ScheduledTask {
  return {
    id: r.id,
    kind: r.kind,
    at: r.at,
    dueAt: r.due_at,
    payload: JSON.parse(r.payload) as unknown,
    key: r.key,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    revision: r.revision,
  };
}
