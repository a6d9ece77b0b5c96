import {
  FRAGMENT_NAME,
  schema,
  statusChangeRefusal,
  statusSummary,
  yFragmentToDoc,
  type BlockLabel,
  type DocumentStatus,
  type NegotiationEvent,
  type ParagraphStatus,
  type StatusChange,
} from '@accord/shared';
import type { Node } from 'prosemirror-model';
import type { Principal } from '../auth/Principal.js';
import { refusal, type RefusalOr } from '../auth/Refusal.js';
import type { SharedLock } from '../cluster/SharedLock.js';
import { KeyedQueue } from '../amendments/KeyedQueue.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Directory } from '../storage/Directory.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { StatusStore } from '../storage/StatusStore.js';
import type { Clock } from '../time/Clock.js';
import { isoAt } from '../time/Clock.js';
import type { RoundsView } from '../rounds/RoundsView.js';
import type { Room } from '../collab/Room.js';
import type { Logger } from '../logger.js';

/** What the status service is built on. */
export interface StatusServiceDeps {
  /** Held across processes around each queued change (CL5); absent with one process. */
  lock?: SharedLock;
  store: StatusStore;
  documents: Pick<DocumentStore, 'getDocument'>;
  directory: Pick<Directory, 'listDelegations'>;
  /** Reads a document's live text in its room (loading it if needed). */
  rooms: { readDocument<T>(documentId: string, read: (room: Room) => T | Promise<T>): Promise<T> };
  rounds: Pick<RoundsView, 'isFinal'>;
  /** How the live text is labelled now (the round's labels), to name the goals in the summary. */
  labeller?: (documentId: string) => Promise<(doc: Node) => ReadonlyMap<string, BlockLabel>>;
  audit: AuditLog;
  clock: Clock;
  /** Sends an event on the negotiation feed (NS6). */
  publish(event: NegotiationEvent): Promise<void>;
  logger: Logger;
}

/**
 * The paragraphs' negotiation statuses (issue 10, SPEC NS1–NS8): pen-holders set them per block,
 * every participant reads them with the document's counts (paragraphs agreed, brackets left).
 * Changes to one document's statuses run one at a time, so what is stored, audited and pushed
 * is in one order. Pushed on the negotiation feed, whose readers are every signed-in person:
 * statuses are public like the text, and the feed already reaches every page that shows them,
 * without the per-reader filtering and catch-up of the document feed (a client reads the
 * statuses again when the feed reconnects).
 */
export class StatusService {
  private readonly queue: KeyedQueue;

  constructor(private readonly deps: StatusServiceDeps) {
    this.queue = new KeyedQueue(deps.lock ?? null, 'status');
  }

  /** `GET /api/documents/:documentId/status`: the statuses of the live text and its counts. */
  async read(documentId: string): Promise<RefusalOr<DocumentStatus>> {
    if (!(await this.deps.documents.getDocument(documentId)))
      return refusal(404, `no document "${documentId}"`);
    const doc = await this.liveDoc(documentId);
    return this.answer(documentId, doc, await this.deps.store.list(documentId));
  }

  /**
   * `PUT /api/documents/:documentId/status/:blockId`: sets (or clears, with a null status) the
   * block's status as `who`, audited and pushed to everyone (NS2–NS6).
   */
  async set(
    who: Principal,
    documentId: string,
    blockId: string,
    change: StatusChange,
  ): Promise<RefusalOr<DocumentStatus>> {
    if (!(await this.deps.documents.getDocument(documentId)))
      return refusal(404, `no document "${documentId}"`);
    return this.queue.run(documentId, async () => {
      const doc = await this.liveDoc(documentId);
      const delegations = await this.deps.directory.listDelegations();
      const refused = statusChangeRefusal(blockId, change, {
        delegation: who.delegation,
        doc,
        delegationIds: new Set(delegations.map((d) => d.id)),
        finalText: this.deps.rounds.isFinal(),
      });
      if (refused) return refusal(refused.status, refused.message);
      const setAt = isoAt(this.deps.clock.now());
      if (change.status === null) await this.deps.store.remove(documentId, blockId);
      else
        await this.deps.store.put({
          documentId,
          blockId,
          status: change.status,
          waitingFor: change.status === 'pending' ? (change.waitingFor ?? null) : null,
          setBy: { personId: who.id, name: who.name, delegationId: who.delegation.id },
          setAt,
        });
      await this.deps.audit.append({
        personId: who.id,
        username: who.username,
        delegationId: who.delegation.id,
        action: 'status.set',
        target: `${documentId}/${blockId}`,
        outcome: 'ok',
        detail: { status: change.status, waitingFor: change.waitingFor ?? null },
      });
      const statuses = await this.deps.store.list(documentId);
      // NS6: everyone sees it at once; a feed failure never undoes a stored change.
      await this.deps
        .publish({ type: 'status', documentId, statuses: this.live(doc, statuses) })
        .catch((error: unknown) =>
          this.deps.logger.warn('status event not sent', { documentId, error: String(error) }),
        );
      return this.answer(documentId, doc, statuses);
    });
  }

  private async answer(
    documentId: string,
    doc: Node,
    stored: readonly ParagraphStatus[],
  ): Promise<DocumentStatus> {
    const statuses = this.live(doc, stored);
    const labels = this.deps.labeller ? (await this.deps.labeller(documentId))(doc) : undefined;
    return { documentId, statuses, summary: statusSummary(doc, statuses, labels) };
  }

  /** The statuses of blocks still in the text: a deleted paragraph's status is not shown. */
  private live(doc: Node, stored: readonly ParagraphStatus[]): ParagraphStatus[] {
    const ids = new Set<string>();
    doc.descendants((node) => {
      const id: unknown = node.attrs.id;
      if (typeof id === 'string') ids.add(id);
      return !node.isTextblock;
    });
    return stored.filter((s) => ids.has(s.blockId));
  }

  private liveDoc(documentId: string): Promise<Node> {
    return this.deps.rooms.readDocument(documentId, (room) =>
      yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema),
    );
  }
}
