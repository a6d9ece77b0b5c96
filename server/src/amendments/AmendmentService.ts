import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  deriveLabels,
  type Amendment,
  type AmendmentAction,
  type AmendmentEvent,
  type BlockLabel,
  type Compromise,
  type Round,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { refusal as refuse, type Refusal, type RefusalOr } from '../auth/Refusal.js';
import type { Rooms } from '../collab/Rooms.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/Clock.js';
import type { AmendmentFeed } from './AmendmentFeed.js';
import { amendableBlockIds } from './yjsBlocks.js';
import { inDocumentOrder } from './documentOrder.js';
import type { SharedLock } from '../cluster/SharedLock.js';
import { KeyedQueue } from './KeyedQueue.js';
import type { WritingWindow } from '../rounds/WritingWindow.js';
import type { RoundsView } from '../rounds/RoundsView.js';
import type { AmendmentContext } from './amendmentContext.js';
import { decideAmendment, undoDecision } from './amendmentDecisions.js';
import { AmendmentRecords } from './amendmentRecords.js';
import { mergeIntoCompromise } from './compromises.js';
import { applyFeedback } from './feedbackActions.js';
import { OutdatedCheck, refreshOutdatedState } from './outdatedCheck.js';
import { carryOverDocument } from './roundCarryOver.js';
import { submitFromWorkingCopy } from './workingCopySubmit.js';

/** What a submission asks (the body of `POST /api/documents/:documentId/amendments`). */
export interface SubmitRequest {
  blockIds?: readonly string[];
  all?: true;
  justification: string;
  language: string;
}

/** What the service needs from the server. */
export interface AmendmentServiceDeps {
  /** Held across processes around each queued change (CL5); absent with one process. */
  lock?: SharedLock;
  amendments: AmendmentStore;
  documents: DocumentStore;
  rooms: Rooms;
  audit: AuditLog;
  clock: Clock;
  feed: AmendmentFeed;
  logger: Logger;
  /** How a document's base text is labelled now (the round's labels, SL); `deriveLabels` without. */
  labeller?: (documentId: string) => Promise<(doc: Node) => Map<string, BlockLabel>>;
  /** The rounds' gate: when submissions and decisions are open (RD11, RD12). */
  window: WritingWindow;
  /** The rounds: a submission is made in the round under way (RD14). */
  rounds: Pick<RoundsView, 'current'>;
}

/**
 * The amendment workflow on the server (issue 7): submitting from a working copy, revising,
 * withdrawing, positions, decisions and compromises. Every request is checked here (who, which
 * document, whose amendment, which status, what input) before anything is written; the
 * transitions themselves are the pure rules of shared/amendment.ts. Changes to one document's
 * amendments run one at a time; each is stored, audited and pushed on the feed. The workflows
 * themselves live in their own modules (one concept each); the service gates them and runs
 * them in the document's queue.
 */
export class AmendmentService {
  private readonly queue: KeyedQueue;
  /** What every workflow is given: the stores, texts and clock, and where changes are recorded. */
  private readonly ctx: AmendmentContext;
  private readonly outdated: OutdatedCheck;

  constructor(private readonly deps: AmendmentServiceDeps) {
    this.queue = new KeyedQueue(deps.lock ?? null, 'amendments');
    this.ctx = {
      amendments: deps.amendments,
      records: new AmendmentRecords(deps),
      rooms: deps.rooms,
      clock: deps.clock,
      logger: deps.logger,
    };
    this.outdated = new OutdatedCheck({
      clock: deps.clock,
      logger: deps.logger,
      refresh: (documentId) => this.refreshOutdated(documentId),
    });
  }

  /** Every amendment of the document in document order (drafts are never records). */
  async list(documentId: string): Promise<RefusalOr<Amendment[]>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    await this.outdated.onceSinceStart(documentId);
    const [amendments, order] = await Promise.all([
      this.deps.amendments.list(documentId),
      this.deps.rooms.readDocument(documentId, (room) =>
        amendableBlockIds(room.doc.getXmlFragment(FRAGMENT_NAME)),
      ),
    ]);
    return inDocumentOrder(amendments, order);
  }

  /** One amendment and its revisions. */
  async detail(id: string) {
    const amendment = await this.deps.amendments.get(id);
    if (!amendment) return refuse(404, `no amendment "${id}"`);
    return { amendment, revisions: await this.deps.amendments.revisions(id) };
  }

  /** The document's compromises. */
  async compromises(documentId: string): Promise<RefusalOr<Compromise[]>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    return this.deps.amendments.compromises(documentId);
  }

  /** The feed's catch-up after `seq`. */
  async changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> {
    await this.outdated.onceSinceStart(documentId);
    return this.deps.amendments.changesSince(documentId, seq);
  }

  /**
   * Submits changes of the caller's working copy as amendments (SPEC AM9, AM10): the blocks
   * named, or all. A block with an open amendment of the delegation revises it.
   */
  async submit(who: Principal, documentId: string, request: SubmitRequest) {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    // Judged when the request arrives (RD12): work written offline before the deadline and sent
    // after it is late.
    const closed = this.deps.window.submission(who.delegation);
    if (closed) return closed;
    const roundId = this.deps.rounds.current()?.id ?? null;
    return this.queue.run(documentId, async () => {
      const labelsOf = (await this.deps.labeller?.(documentId)) ?? deriveLabels;
      return submitFromWorkingCopy(
        this.ctx,
        who,
        documentId,
        {
          blockIds: request.blockIds,
          justification: request.justification,
          language: request.language,
          roundId,
        },
        labelsOf,
      );
    });
  }

  /** The proposer withdraws its amendment (AM4), optionally saying why (kept in the audit). */
  withdraw(who: Principal, id: string, reason: string | null = null) {
    return this.feedback(who, id, { type: 'withdraw' }, 'amendment.withdraw', reason);
  }

  /** A delegation co-sponsors, supports, objects to, or takes back its position (AM5). */
  position(
    who: Principal,
    id: string,
    position: 'cosponsor' | 'support' | 'object' | 'none',
    reason: string | null,
  ) {
    return this.feedback(who, id, { type: 'position', position, reason }, 'amendment.position');
  }

  /**
   * A pen-holder's decision (AM6, AM11): a rejection only records it; an acceptance first
   * changes the base text through the pipeline, attributed to the amendment, and is refused
   * (changing nothing) when that cannot be done faithfully (AM3).
   */
  async decide(
    who: Principal,
    id: string,
    decision: 'accept' | 'accept-with-changes' | 'reject',
    reason: string | null,
    text: string | null,
  ): Promise<RefusalOr<Amendment>> {
    const found = await this.deps.amendments.get(id);
    if (!found) return refuse(404, `no amendment "${id}"`);
    const closed = this.deps.window.decision();
    if (closed) return closed;
    return this.queue.run(found.documentId, () =>
      decideAmendment(this.ctx, who, id, decision, reason, text),
    );
  }

  /**
   * A pen-holder takes back a decision (AM15) while the round is in consolidation (or at any
   * time without rounds): a rejection only reopens the amendment; an acceptance first puts the
   * paragraph back as it was before it, through the pipeline with minimal word edits, and is
   * refused (409, nothing changed) if the paragraph changed since. The amendment is `submitted`
   * again, stored, audited and pushed on the feed.
   */
  async undo(who: Principal, id: string, reason: string | null): Promise<RefusalOr<Amendment>> {
    const found = await this.deps.amendments.get(id);
    if (!found) return refuse(404, `no amendment "${id}"`);
    const closed = this.deps.window.decision();
    if (closed) return closed;
    // The gate also lets decisions through in drafting; an undo belongs to consolidation only.
    const round = this.deps.rounds.current();
    if (round && round.phase !== 'consolidation')
      return refuse(
        409,
        `"${round.name}" is in ${round.phase}: decisions are undone only while the round is in consolidation`,
      );
    return this.queue.run(found.documentId, () => undoDecision(this.ctx, who, id, reason));
  }

  /**
   * Merges several open amendments to one block into a compromise text (AM12): the text goes
   * into the base, the compromise is recorded with the amendments it came from, and each of them
   * becomes `merged`, naming it.
   */
  async compromise(
    who: Principal,
    documentId: string,
    amendmentIds: readonly string[],
    text: string,
    reason: string | null,
  ) {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    const closed = this.deps.window.decision();
    if (closed) return closed;
    return this.queue.run(documentId, () =>
      mergeIntoCompromise(this.ctx, who, documentId, amendmentIds, text, reason),
    );
  }

  /**
   * Told that the base text of `documentId` changed: the open amendments are re-read for
   * outdatedness a moment later, once per burst of keystrokes rather than on each.
   */
  baseChanged(documentId: string): void {
    this.outdated.baseChanged(documentId);
  }

  /** Cancels pending checks (the server is stopping). */
  stop(): void {
    this.outdated.stop();
  }

  /**
   * Re-reads whether each open amendment of the document is outdated or lost its target
   * (AM13), after the base text changed; stores and pushes those whose state changed.
   */
  async refreshOutdated(documentId: string): Promise<void> {
    await this.queue.run(documentId, () => refreshOutdatedState(this.ctx, documentId));
  }

  /**
   * RD14: after `round` is published, its pending amendments in every document are carried into
   * `next` or marked superseded (shared carryOver), stored, sent on the feed and audited; none is
   * dropped. The outdated state is refreshed first, so a deleted paragraph is known.
   */
  async carryOver(round: Round, next: Round | null, at: string): Promise<void> {
    for (const doc of await this.deps.documents.listDocuments()) {
      await this.refreshOutdated(doc.id);
      await this.queue.run(doc.id, () => carryOverDocument(this.ctx, doc.id, round, next, at));
    }
  }

  /** Withdrawals and positions: feedback, open while the delegation may submit (RD12). */
  private async feedback(
    who: Principal,
    id: string,
    action: AmendmentAction,
    auditAction: string,
    why: string | null = null,
  ): Promise<RefusalOr<Amendment>> {
    const found = await this.deps.amendments.get(id);
    if (!found) return refuse(404, `no amendment "${id}"`);
    const closed = this.deps.window.submission(who.delegation);
    if (closed) return closed;
    return this.queue.run(found.documentId, () =>
      applyFeedback(this.ctx, who, id, action, auditAction, why),
    );
  }

  private async requireDocument(documentId: string): Promise<Refusal | null> {
    if (await this.deps.documents.getDocument(documentId)) return null;
    return refuse(404, `no document "${documentId}"`);
  }
}
