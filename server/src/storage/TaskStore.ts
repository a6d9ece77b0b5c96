/** Where a scheduled task stands. */
export type TaskStatus = 'pending' | 'done' | 'failed' | 'cancelled';

/** A task to run at an instant, kept durably so that it fires even across a restart. */
export interface ScheduledTask {
  id: string;
  /** Which handler runs it, e.g. "round.deadline". */
  kind: string;
  /** The instant it was scheduled for (ms since the epoch). */
  at: number;
  /** When the next attempt is due: `at`, or later after a failed attempt. */
  dueAt: number;
  /** Whatever the handler needs, as JSON. */
  payload: unknown;
  /** A caller's name for the task (one deadline per round), unique among all tasks. */
  key: string | null;
  status: TaskStatus;
  /** Failed attempts so far. */
  attempts: number;
  /** The last failure's message. */
  lastError: string | null;
  /** Changes with every reschedule, so a finished attempt cannot settle a newer schedule. */
  revision: number;
}

/** What a caller schedules. */
export interface NewTask {
  kind: string;
  at: number;
  payload?: unknown;
  key?: string;
}

/**
 * Durable scheduled tasks (used by `Scheduler`). A task stays in the store after it ran, with
 * its status. Implementations: SQLite (`scheduled_tasks`) and memory, checked by one contract.
 */
export interface TaskStore {
  /**
   * Stores a new task; with a key that exists, reschedules that task instead (pending again,
   * no attempts) unless it is pending or done at that very instant with that kind and payload,
   * which changes nothing: scheduling the same thing twice is harmless.
   */
  schedule(task: NewTask): Promise<ScheduledTask>;
  /** Cancels a pending task by id or key; false when there was none pending. */
  cancel(idOrKey: string): Promise<boolean>;
  get(idOrKey: string): Promise<ScheduledTask | null>;
  /** The pending tasks, by due instant, then in the order they were scheduled. */
  pending(): Promise<ScheduledTask[]>;
  /** Marks the task done, unless it was rescheduled since `revision`; false then. */
  complete(id: string, revision: number): Promise<boolean>;
  /**
   * Records a failed attempt: pending again at `dueAt`, or `failed` for good when `dueAt` is
   * null; ignored (false) when the task was rescheduled since `revision`.
   */
  fail(id: string, revision: number, error: string, dueAt: number | null): Promise<boolean>;
}
