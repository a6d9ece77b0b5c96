import type { Amendment, AmendmentEvent, Compromise } from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import type {
  AmendmentStore,
  AmendmentWrite,
  AmendmentWriteResult,
} from '../storage/AmendmentStore.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { AmendmentFeed } from './AmendmentFeed.js';

/**
 * The feed events of records just stored, in `seq` order: a client resuming from a seq must see
 * every later record after it, whether amendment or compromise.
 */
export function feedEvents(
  amendments: readonly Amendment[],
  compromises: readonly Compromise[],
): AmendmentEvent[] {
  return [
    ...amendments.map((amendment) => ({
      type: 'amendment' as const,
      seq: amendment.seq,
      amendment,
    })),
    ...compromises.map((compromise) => ({
      type: 'compromise' as const,
      seq: compromise.seq,
      compromise,
    })),
  ].sort((a, b) => a.seq - b.seq);
}

/** What the audit keeps of a change to one amendment, so the trail reads without the store. */
export function amendmentDetail(a: Amendment, reason: string | null): Record<string, unknown> {
  return {
    documentId: a.documentId,
    number: a.number,
    label: a.label,
    status: a.status,
    ...(reason ? { reason } : {}),
  };
}

/**
 * Where every change to the amendments ends up: stored in one save, then pushed on the
 * document's feed (so a client never sees a record the store could still lose), then audited.
 */
export class AmendmentRecords {
  constructor(
    private readonly deps: { amendments: AmendmentStore; feed: AmendmentFeed; audit: AuditLog },
  ) {}

  /** Stores `write` and pushes what was stored on the feed of `documentId`. */
  async save(documentId: string, write: AmendmentWrite): Promise<AmendmentWriteResult> {
    const saved = await this.deps.amendments.save(write);
    this.deps.feed.publish(documentId, feedEvents(saved.amendments, saved.compromises));
    return saved;
  }

  /** Audits `who`'s change to amendment `a`, with the reason given, if any. */
  audit(who: Principal, action: string, a: Amendment, reason: string | null = null) {
    return this.auditEntry(who, action, a.id, amendmentDetail(a, reason));
  }

  /** Audits `who`'s change to `target` (an amendment or a document). */
  async auditEntry(
    who: Principal,
    action: string,
    target: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append({
      personId: who.id,
      username: who.username,
      delegationId: who.delegation.id,
      action,
      target,
      outcome: 'ok',
      detail,
    });
  }

  /** Audits a change the server made itself (no person asked for it). */
  async auditSystem(
    action: string,
    target: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append({
      personId: null,
      username: null,
      delegationId: null,
      action,
      target,
      outcome: 'ok',
      detail,
    });
  }
}
