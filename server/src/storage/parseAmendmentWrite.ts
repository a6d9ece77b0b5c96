import {
  amendmentRevisionSchema,
  amendmentSchema,
  compromiseSchema,
  type Amendment,
  type AmendmentRevision,
  type Compromise,
} from '@accord/shared';
import type { AmendmentWrite } from './AmendmentStore.js';

/** A write whose records passed their schemas, in the order given. */
export interface ParsedAmendmentWrite {
  amendments: Amendment[];
  revisions: AmendmentRevision[];
  compromises: Compromise[];
}

/** Throws naming the first id that repeats. */
function requireDistinct(keys: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new Error(`${what} ${key} appears twice in one save`);
    seen.add(key);
  }
}

/**
 * Validates every record of a write before anything is stored, the same way for every
 * `AmendmentStore`, so an invalid record or one given twice rejects the whole save. The parsed
 * records are what is kept (schema defaults filled in); their `seq` is a placeholder the store
 * replaces.
 */
export function parseAmendmentWrite(write: AmendmentWrite): ParsedAmendmentWrite {
  const amendments = (write.amendments ?? []).map((a) => amendmentSchema.parse({ ...a, seq: 0 }));
  const revisions = (write.revisions ?? []).map((r) => amendmentRevisionSchema.parse(r));
  const compromises = (write.compromises ?? []).map((c) =>
    compromiseSchema.parse({ ...c, seq: 0 }),
  );
  requireDistinct(
    amendments.map((a) => a.id),
    'amendment',
  );
  requireDistinct(
    amendments.map((a) => `${a.documentId} #${a.number}`),
    'amendment number',
  );
  requireDistinct(
    revisions.map((r) => `${r.amendmentId} revision ${r.revision}`),
    'amendment',
  );
  requireDistinct(
    compromises.map((c) => c.id),
    'compromise',
  );
  return { amendments, revisions, compromises };
}
