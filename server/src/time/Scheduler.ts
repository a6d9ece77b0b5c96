import type { SharedLock } from '../cluster/SharedLock.js';
import type { Logger } from '../logger.js';
import type { NewTask, ScheduledTask, TaskStore } from '../storage/TaskStore.js';
import type { Clock } from './Clock.js';

/** Runs the tasks of one kind; resolving marks the task done, throwing retries it later. */
export type TaskHandler = (task: ScheduledTask) => Promise<void> | void;

/** How failed attempts are retried. */
export interface SchedulerOptions {
  /** Attempts before a task is marked failed for good (default 8). */
  maxAttempts?: number;
  /** Wait after the first failure, doubled after each further one (default 1 s). */
  retryBaseMs?: number;
  /** Longest wait between attempts (default 5 min). */
  retryMaxMs?: number;
  /**
   * The lock the processes of a cluster share (TM3): each attempt holds it for its task and
   * re-reads the task inside, so of the processes that see a task due, one runs it.
   */
  lock?: SharedLock;
}

/**
 * Persistent tasks on the server's clock: deadlines and silence procedures fire at their
 * instant even if the server was down then (they fire at `start`, in the order of their
 * instants). A task is marked done only after its handler resolves, so it runs at least once;
 * a handler that throws is logged and retried with a doubling wait, a bounded number of times.
 * One timer is armed at a time, for the next task due.
 */
export class Scheduler {
  private readonly handlers = new Map<string, TaskHandler>();
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly lock: SharedLock | null;
  private started = false;
  private disarm: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly store: TaskStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: SchedulerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.retryMaxMs = options.retryMaxMs ?? 5 * 60_000;
    this.lock = options.lock ?? null;
  }

  /** Registers the handler of a kind of task (before `start`, or tasks of it wait). */
  handle(kind: string, handler: TaskHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for "${kind}" exists`);
    this.handlers.set(kind, handler);
    if (this.started) this.kick();
  }

  /**
   * Schedules a task durably; with a key, reschedules the task of that key (scheduling the same
   * thing again changes nothing). Resolves once it is stored.
   */
  async schedule(task: NewTask): Promise<ScheduledTask> {
    if (!Number.isFinite(task.at)) throw new RangeError('a task needs a finite instant');
    const stored = await this.store.schedule(task);
    if (this.started) this.kick();
    return stored;
  }

  /** Cancels a pending task by id or key; false when there was none. */
  async cancel(idOrKey: string): Promise<boolean> {
    const cancelled = await this.store.cancel(idOrKey);
    if (cancelled && this.started) this.kick();
    return cancelled;
  }

  /** Fires every task already due (in instant order), then waits for the next. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.kick();
    await this.idle();
  }

  /** Stops firing; resolves when a handler that is running has finished. */
  async stop(): Promise<void> {
    this.started = false;
    this.disarm?.();
    this.disarm = null;
    await this.idle();
  }

  /** Resolves when no task is being run (tests wait on it after moving a manual clock). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Runs what is due now; a call during a run makes the run look again when it ends. */
  private kick(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch((err: unknown) => this.logger.error('scheduler: run failed', { error: String(err) }))
      .finally(() => {
        this.running = null;
      });
  }

  private async run(): Promise<void> {
    for (;;) {
      this.again = false;
      for (const task of await this.store.pending()) {
        if (!this.started) return;
        if (task.dueAt > this.clock.now()) break;
        const handler = this.handlers.get(task.kind);
        if (handler) await this.attempt(task, handler);
      }
      if (!this.started) return;
      await this.arm();
      // A task scheduled while this run read the store must not wait for a later kick.
      if (!this.again) return;
    }
  }

  /**
   * One attempt at a task read as due. In a cluster another process may have read it too: under
   * the task's lock the task is read again, and left alone unless it is still pending, still the
   * same schedule and still due (the other process ran it, or failed and put it off).
   */
  private async attempt(task: ScheduledTask, handler: TaskHandler): Promise<void> {
    const lock = this.lock;
    if (!lock) return this.fire(task, handler);
    await lock.run(`task:${task.id}`, async () => {
      const now = await this.store.get(task.id);
      const same = now?.status === 'pending' && now.revision === task.revision;
      if (now && same && now.dueAt <= this.clock.now()) await this.fire(now, handler);
    });
  }

  private async fire(task: ScheduledTask, handler: TaskHandler): Promise<void> {
    try {
      await handler(task);
    } catch (err) {
      const attempts = task.attempts + 1;
      const retry = attempts < this.maxAttempts;
      const wait = Math.min(this.retryBaseMs * 2 ** (attempts - 1), this.retryMaxMs);
      const dueAt = retry ? this.clock.now() + wait : null;
      await this.store.fail(task.id, task.revision, String(err), dueAt);
      const fields = { id: task.id, kind: task.kind, key: task.key, attempts, error: String(err) };
      if (retry) this.logger.warn('scheduled task failed; it will be retried', fields);
      else this.logger.error('scheduled task failed for good', fields);
      return;
    }
    await this.store.complete(task.id, task.revision);
  }

  /** One timer, for the earliest pending task that has a handler. */
  private async arm(): Promise<void> {
    this.disarm?.();
    this.disarm = null;
    const next = (await this.store.pending()).find((t) => this.handlers.has(t.kind));
    if (!next || !this.started) return;
    this.disarm = this.clock.at(next.dueAt, () => this.kick());
  }
}
