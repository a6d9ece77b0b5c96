import { paragraphStatusSchema, type ParagraphStatus } from '@accord/shared';

/** A `paragraph_statuses` row as SQLite and PostgreSQL both keep it (set_by as JSON text). */
export interface StatusRow {
  document_id: string;
  block_id: string;
  status: string;
  waiting_for: string | null;
  set_by: string;
  set_at: string;
}

/** The status a `paragraph_statuses` row holds, checked by its schema. */
export function statusOf(r: StatusRow): ParagraphStatus {
  return paragraphStatusSchema.parse({
    documentId: r.document_id,
    blockId: r.block_id,
    status: r.status,
    waitingFor: r.waiting_for,
    setBy: JSON.parse(r.set_by) as unknown,
    setAt: r.set_at,
  });
}
