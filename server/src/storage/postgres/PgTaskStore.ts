import { taskOf, type TaskRow } from '../taskRow.js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { NewTask, ScheduledTask, TaskStore } from '../TaskStore.js';
import { isSameSchedule } from '../isSameSchedule.js';
import type { PgDatabase, PgQueryable } from './PgDatabase.js';

const COLUMNS = 'id, kind, at, due_at, payload, "key", status, attempts, last_error, revision';

/**
 * Scheduled tasks in PostgreSQL (table `scheduled_tasks`), as `SqliteTaskStore` keeps them.
 * Every change is one statement or one transaction, and the `revision` guard makes a settled
 * attempt of one process unable to settle another's newer schedule.
 */
export class PgTaskStore implements TaskStore {
  constructor(private readonly db: PgDatabase) {}

  async schedule(t: NewTask): Promise<ScheduledTask> {
    const payload = JSON.stringify(t.payload ?? null);
    return this.db.transaction(async (client) => {
      // Two processes scheduling one key at once: the loser's insert does nothing, and its
      // second turn finds (and locks) the winner's row.
      for (;;) {
        const existing = t.key === undefined ? undefined : await row(client, t.key, true);
        if (existing && isSameSchedule(taskOf(existing), t)) return taskOf(existing);
        if (existing) {
          const { rows } = await client.query<TaskRow>(
            `UPDATE scheduled_tasks SET kind = $1, at = $2, due_at = $2, payload = $3,
             status = 'pending', attempts = 0, last_error = NULL, revision = revision + 1
             WHERE id = $4 RETURNING ${COLUMNS}`,
            [t.kind, t.at, payload, existing.id],
          );
          return taskOf(rows[0]!);
        }
        const { rows } = await client.query<TaskRow>(
          `INSERT INTO scheduled_tasks (id, kind, at, due_at, payload, "key", status)
           VALUES ($1, $2, $3, $3, $4, $5, 'pending')
           ON CONFLICT ("key") DO NOTHING RETURNING ${COLUMNS}`,
          [randomUUID(), t.kind, t.at, payload, t.key ?? null],
        );
        if (rows[0]) return taskOf(rows[0]);
      }
    });
  }

  async cancel(idOrKey: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE scheduled_tasks SET status = 'cancelled', revision = revision + 1
       WHERE (id = $1 OR "key" = $1) AND status = 'pending'`,
      [idOrKey],
    );
    return (rowCount ?? 0) > 0;
  }

  async get(idOrKey: string): Promise<ScheduledTask | null> {
    const found = await row(this.db.pool, idOrKey, false);
    return found ? taskOf(found) : null;
  }

  async pending(): Promise<ScheduledTask[]> {
    const { rows } = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM scheduled_tasks WHERE status = 'pending' ORDER BY due_at, created`,
    );
    return rows.map(taskOf);
  }

  async complete(id: string, revision: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE scheduled_tasks SET status = 'done', last_error = NULL
       WHERE id = $1 AND revision = $2 AND status = 'pending'`,
      [id, revision],
    );
    return (rowCount ?? 0) > 0;
  }

  async fail(id: string, revision: number, error: string, dueAt: number | null): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE scheduled_tasks SET attempts = attempts + 1, last_error = $1,
       status = $2, due_at = COALESCE($3, due_at)
       WHERE id = $4 AND revision = $5 AND status = 'pending'`,
      [error, dueAt === null ? 'failed' : 'pending', dueAt, id, revision],
    );
    return (rowCount ?? 0) > 0;
  }
}

/** The task with that id, else the one with that key; locked for the transaction if asked. */
async function row(
  db: PgQueryable | pg.Pool,
  idOrKey: string,
  lock: boolean,
): Promise<TaskRow | undefined> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${COLUMNS} FROM scheduled_tasks WHERE id = $1 OR "key" = $1
     ORDER BY id = $1 DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
    [idOrKey],
  );
  return rows[0];
}
