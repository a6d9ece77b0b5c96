import { randomUUID } from 'node:crypto';
import type { NewTask, ScheduledTask, TaskStore } from './TaskStore.js';
import { isSameSchedule } from './isSameSchedule.js';

interface Entry {
  task: ScheduledTask;
  /** Payload as JSON, so that what comes out is a copy, as from a database. */
  payload: string;
  order: number;
}

/** Scheduled tasks in memory, with the semantics of `SqliteTaskStore` (lost with the process). */
export class MemoryTaskStore implements TaskStore {
  private readonly entries: Entry[] = [];

  async schedule(t: NewTask): Promise<ScheduledTask> {
    const existing = t.key === undefined ? undefined : this.find(t.key);
    if (existing && isSameSchedule(copy(existing), t)) return copy(existing);
    const payload = JSON.stringify(t.payload ?? null);
    if (existing) {
      existing.payload = payload;
      existing.task = {
        ...existing.task,
        kind: t.kind,
        at: t.at,
        dueAt: t.at,
        status: 'pending',
        attempts: 0,
        lastError: null,
        revision: existing.task.revision + 1,
      };
      return copy(existing);
    }
    const entry: Entry = {
      task: {
        id: randomUUID(),
        kind: t.kind,
        at: t.at,
        dueAt: t.at,
        payload: null,
        key: t.key ?? null,
        status: 'pending',
        attempts: 0,
        lastError: null,
        revision: 0,
      },
      payload,
      order: this.entries.length,
    };
    this.entries.push(entry);
    return copy(entry);
  }

  async cancel(idOrKey: string): Promise<boolean> {
    const entry = this.find(idOrKey);
    if (!entry || entry.task.status !== 'pending') return false;
    entry.task = { ...entry.task, status: 'cancelled', revision: entry.task.revision + 1 };
    return true;
  }

  async get(idOrKey: string): Promise<ScheduledTask | null> {
    const entry = this.find(idOrKey);
    return entry ? copy(entry) : null;
  }

  async pending(): Promise<ScheduledTask[]> {
    return this.entries
      .filter((e) => e.task.status === 'pending')
      .sort((a, b) => a.task.dueAt - b.task.dueAt || a.order - b.order)
      .map(copy);
  }

  async complete(id: string, revision: number): Promise<boolean> {
    const entry = this.current(id, revision);
    if (!entry) return false;
    entry.task = { ...entry.task, status: 'done', lastError: null };
    return true;
  }

  async fail(id: string, revision: number, error: string, dueAt: number | null): Promise<boolean> {
    const entry = this.current(id, revision);
    if (!entry) return false;
    entry.task = {
      ...entry.task,
      attempts: entry.task.attempts + 1,
      lastError: error,
      status: dueAt === null ? 'failed' : 'pending',
      dueAt: dueAt ?? entry.task.dueAt,
    };
    return true;
  }

  private find(idOrKey: string): Entry | undefined {
    return (
      this.entries.find((e) => e.task.id === idOrKey) ??
      this.entries.find((e) => e.task.key === idOrKey)
    );
  }

  /** The task if it is still pending at this revision. */
  private current(id: string, revision: number): Entry | undefined {
    const entry = this.entries.find((e) => e.task.id === id);
    return entry && entry.task.revision === revision && entry.task.status === 'pending'
      ? entry
      : undefined;
  }
}

const copy = (e: Entry): ScheduledTask => ({ ...e.task, payload: JSON.parse(e.payload) });
