import { taskOf, type TaskRow } from './taskRow.js';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { NewTask, ScheduledTask, TaskStore } from './TaskStore.js';
import { isSameSchedule } from './isSameSchedule.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scheduled_tasks (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  key TEXT UNIQUE,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  revision INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS scheduled_tasks_pending ON scheduled_tasks(status, due_at);
`;

/** Scheduled tasks in the server's SQLite database (table `scheduled_tasks`). */
export class SqliteTaskStore implements TaskStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async schedule(t: NewTask): Promise<ScheduledTask> {
    const payload = JSON.stringify(t.payload ?? null);
    return this.db.transaction((): ScheduledTask => {
      const existing = t.key === undefined ? undefined : this.row(t.key);
      if (existing && isSameSchedule(taskOf(existing), t)) return taskOf(existing);
      if (existing) {
        this.db
          .prepare(
            `UPDATE scheduled_tasks SET kind = ?, at = ?, due_at = ?, payload = ?, status = 'pending',
             attempts = 0, last_error = NULL, revision = revision + 1 WHERE id = ?`,
          )
          .run(t.kind, t.at, t.at, payload, existing.id);
        return taskOf(this.row(existing.id)!);
      }
      const id = randomUUID();
      this.db
        .prepare(
          `INSERT INTO scheduled_tasks (id, kind, at, due_at, payload, key, status)
           VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
        )
        .run(id, t.kind, t.at, t.at, payload, t.key ?? null);
      return taskOf(this.row(id)!);
    })();
  }

  async cancel(idOrKey: string): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE scheduled_tasks SET status = 'cancelled', revision = revision + 1
         WHERE (id = ? OR key = ?) AND status = 'pending'`,
      )
      .run(idOrKey, idOrKey);
    return result.changes > 0;
  }

  async get(idOrKey: string): Promise<ScheduledTask | null> {
    const row = this.row(idOrKey);
    return row ? taskOf(row) : null;
  }

  async pending(): Promise<ScheduledTask[]> {
    return (
      this.db
        .prepare(`SELECT * FROM scheduled_tasks WHERE status = 'pending' ORDER BY due_at, rowid`)
        .all() as TaskRow[]
    ).map(taskOf);
  }

  async complete(id: string, revision: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE scheduled_tasks SET status = 'done', last_error = NULL
         WHERE id = ? AND revision = ? AND status = 'pending'`,
      )
      .run(id, revision);
    return result.changes > 0;
  }

  async fail(id: string, revision: number, error: string, dueAt: number | null): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE scheduled_tasks SET attempts = attempts + 1, last_error = ?,
         status = ?, due_at = COALESCE(?, due_at)
         WHERE id = ? AND revision = ? AND status = 'pending'`,
      )
      .run(error, dueAt === null ? 'failed' : 'pending', dueAt, id, revision);
    return result.changes > 0;
  }

  private row(idOrKey: string): TaskRow | undefined {
    return this.db
      .prepare('SELECT * FROM scheduled_tasks WHERE id = ? OR key = ? ORDER BY id = ? DESC LIMIT 1')
      .get(idOrKey, idOrKey, idOrKey) as TaskRow | undefined;
  }
}
