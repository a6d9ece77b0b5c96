import { randomUUID } from 'node:crypto';
import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  carryOver,
  amendmentTransition,
  deriveLabels,
  isAmendmentRefusal,
  schema,
  workingCopyChanges,
  yFragmentToDoc,
  type Amendment,
  type AmendmentAction,
  type AmendmentEvent,
  type BlockLabel,
  type ChangeOrigin,
  type Compromise,
  type Round,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { refusal as refuse, type Refusal, type RefusalOr } from '../auth/Refusal.js';
import type { Rooms } from '../collab/Rooms.js';
import type { Room } from '../collab/Room.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { Logger } from '../logger.js';
import { isoAt, type Clock } from '../time/Clock.js';
import type { AmendmentFeed } from './AmendmentFeed.js';
import { decisionEdit, resetEdit } from './decisionEdit.js';
import { amendableBlockIds, blockTextsById } from './yjsBlocks.js';
import { inDocumentOrder } from './documentOrder.js';
import type { SharedLock } from '../cluster/SharedLock.js';
import { KeyedQueue } from './KeyedQueue.js';
import { planSubmission } from './submission.js';
import type { WritingWindow } from '../rounds/WritingWindow.js';
import type { RoundsView } from '../rounds/RoundsView.js';
import { outdatedState } from './outdated.js';
import { recordingEdit, undoEdit, type AppliedTexts } from './undoEdit.js';
import type { ServerEdit } from '../collab/Room.js';

/** How long after a change to the base text its open amendments are re-read (AM13). */
const OUTDATED_CHECK_DELAY_MS = 250;

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

/** The base text as a ProseMirror document. */
function docOf(room: Room): Node {
  return yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema);
}

/**
 * The amendment workflow on the server (issue 7): submitting from a working copy, revising,
 * withdrawing, positions, decisions and compromises. Every request is checked here (who, which
 * document, whose amendment, which status, what input) before anything is written; the
 * transitions themselves are the pure rules of shared/amendment.ts. Changes to one document's
 * amendments run one at a time; each is stored, audited and pushed on the feed.
 */
export class AmendmentService {
  private readonly queue: KeyedQueue;
  /** Documents whose open amendments are to be re-read, with the cancel of the pending check. */
  private readonly pendingChecks = new Map<string, () => void>();

  /**
   * Documents re-checked for outdated amendments since this process started: a base change
   * whose delayed check a stop or crash cut short is caught on the first read after a restart.
   */
  private readonly checkedSinceStart = new Set<string>();

  constructor(private readonly deps: AmendmentServiceDeps) {
    this.queue = new KeyedQueue(deps.lock ?? null, 'amendments');
  }

  /** Every amendment of the document in document order (drafts are never records). */
  async list(documentId: string): Promise<RefusalOr<Amendment[]>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    await this.checkOnceSinceStart(documentId);
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
    await this.checkOnceSinceStart(documentId);
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
    const delegationId = who.delegation.id;
    return this.queue.run(documentId, async () => {
      const labelsOf = (await this.deps.labeller?.(documentId)) ?? deriveLabels;
      const { changes, labels } = await this.deps.rooms.readWorkingCopy(
        documentId,
        delegationId,
        (copy, base) => {
          const baseDoc = docOf(base);
          return {
            changes: workingCopyChanges(baseDoc, docOf(copy)),
            labels: labelsOf(baseDoc),
          };
        },
      );
      let chosen = changes;
      if (request.blockIds) {
        const unknown = request.blockIds.filter((id) => !changes.some((c) => c.blockId === id));
        if (unknown.length > 0)
          return refuse(
            400,
            `your working copy has no change to ${unknown.map((id) => labels.get(id)?.short ?? `block "${id}"`).join(', ')}`,
          );
        chosen = changes.filter((c) => request.blockIds!.includes(c.blockId));
      }
      if (chosen.length === 0) return refuse(400, 'your working copy has no changes to submit');
      const existing = await this.deps.amendments.list(documentId);
      const at = isoAt(this.deps.clock.now());
      const plan = planSubmission({
        documentId,
        roundId,
        delegationId,
        personId: who.id,
        at,
        justification: request.justification,
        language: request.language,
        changes: chosen,
        existing,
        labelOf: (id) => labels.get(id)?.short,
        labelsInText: new Set([...labels.values()].map((l) => l.short)),
        nextNumber: await this.deps.amendments.nextNumber(documentId),
        newId: randomUUID,
      });
      if (!plan.ok) return refuse(plan.status, plan.message);
      const changed = plan.amendments.filter((a) =>
        plan.revisions.some((r) => r.amendmentId === a.id),
      );
      const saved = await this.deps.amendments.save({
        amendments: changed,
        revisions: plan.revisions,
      });
      this.publish(documentId, saved.amendments, []);
      for (const a of saved.amendments)
        await this.audit(who, a.revision === 1 ? 'amendment.submit' : 'amendment.revise', a);
      const byId = new Map(saved.amendments.map((a) => [a.id, a]));
      return plan.amendments.map((a) => byId.get(a.id) ?? a);
    });
  }

  /** The proposer withdraws its amendment (AM4), optionally saying why (kept in the audit). */
  withdraw(who: Principal, id: string, reason: string | null = null) {
    return this.transition(who, id, { type: 'withdraw' }, 'amendment.withdraw', reason);
  }

  /** A delegation co-sponsors, supports, objects to, or takes back its position (AM5). */
  position(
    who: Principal,
    id: string,
    position: 'cosponsor' | 'support' | 'object' | 'none',
    reason: string | null,
  ) {
    return this.transition(who, id, { type: 'position', position, reason }, 'amendment.position');
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
    return this.queue.run(found.documentId, async () => {
      const amendment = (await this.deps.amendments.get(id))!;
      const at = isoAt(this.deps.clock.now());
      const action: AmendmentAction = {
        type: 'decide',
        decision,
        reason,
        text: decision === 'accept-with-changes' ? text : null,
      };
      let next = amendmentTransition(amendment, action, actorOf(who), at);
      if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
      if (decision !== 'reject') {
        const recorded: { applied?: () => AppliedTexts | null } = {};
        const refused = await this.applyToBase(
          who,
          amendment,
          action.text ?? null,
          {
            kind: 'amendment',
            amendmentId: amendment.id,
            delegationId: amendment.delegationId,
            decidedBy: who.id,
          },
          (edit) => {
            const recording = recordingEdit(amendment, edit);
            recorded.applied = recording.applied;
            return recording.edit;
          },
        );
        if (refused) return refused;
        // Kept with the decision, so that it can be undone (AM15).
        const applied = recorded.applied?.() ?? null;
        if (applied && next.decision) next = { ...next, decision: { ...next.decision, applied } };
      }
      const [saved] = (await this.deps.amendments.save({ amendments: [next] })).amendments;
      this.publish(amendment.documentId, [saved!], []);
      await this.audit(who, `amendment.${decision}`, saved!, reason);
      if (decision !== 'reject') await this.resetCopy(who, saved!);
      return saved!;
    });
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
    return this.queue.run(found.documentId, async () => {
      const amendment = (await this.deps.amendments.get(id))!;
      const next = amendmentTransition(
        amendment,
        { type: 'undo' },
        actorOf(who),
        isoAt(this.deps.clock.now()),
      );
      if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
      const previous = amendment.status;
      if (previous !== 'rejected') {
        const applied = amendment.decision?.applied;
        if (!applied)
          return refuse(
            409,
            `amendment ${amendment.number} was decided before decisions could be undone; edit the text instead`,
          );
        const edit = undoEdit(amendment, applied);
        const result = await this.deps.rooms.change(
          amendment.documentId,
          {
            kind: 'request',
            personId: who.id,
            delegationId: who.delegation.id,
            action: `undo amendment ${amendment.number}`,
          },
          edit.edit,
        );
        const refusal = edit.refusal();
        if (refusal) return refuse(refusal.status, refusal.message);
        if (!result.ok) return refuse(409, `the text could not be changed: ${result.reason}`);
      }
      const [saved] = (await this.deps.amendments.save({ amendments: [next] })).amendments;
      this.publish(amendment.documentId, [saved!], []);
      await this.auditEntry(who, 'amendment.undo', saved!.id, {
        documentId: saved!.documentId,
        number: saved!.number,
        label: saved!.label,
        undone: previous,
        ...(reason ? { reason } : {}),
      });
      return saved!;
    });
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
    return this.queue.run(documentId, async () => {
      const found = await Promise.all(amendmentIds.map((id) => this.deps.amendments.get(id)));
      const absent = amendmentIds.filter((_, i) => found[i]?.documentId !== documentId);
      if (absent.length > 0)
        return refuse(
          404,
          `no amendment ${absent.map((a) => `"${a}"`).join(', ')} in this document`,
        );
      const amendments = found as Amendment[];
      const targets = new Set(
        amendments.map((a) => (a.kind === 'insert' ? `after:${a.afterBlockId}` : a.blockId)),
      );
      if (
        targets.size > 1 ||
        (amendments.some((a) => a.kind === 'insert') && amendments.some((a) => a.kind !== 'insert'))
      )
        return refuse(400, 'a compromise merges amendments to one and the same paragraph');
      const at = isoAt(this.deps.clock.now());
      const id = randomUUID();
      const merged: Amendment[] = [];
      for (const a of amendments) {
        const next = amendmentTransition(
          a,
          { type: 'merge', reason, compromiseId: id, text },
          actorOf(who),
          at,
        );
        if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
        merged.push(next);
      }
      const first = amendments[0]!;
      const applied = await this.applyToBase(who, first, text, {
        kind: 'request',
        personId: who.id,
        delegationId: who.delegation.id,
        action: `compromise ${id}`,
      });
      if (applied) return applied;
      const compromise: Compromise = {
        id,
        documentId,
        blockId: first.kind === 'insert' ? first.afterBlockId! : first.blockId!,
        amendmentIds: amendments.map((a) => a.id),
        text,
        reason,
        by: who.delegation.id,
        personId: who.id,
        at,
        seq: 0,
      };
      const saved = await this.deps.amendments.save({
        amendments: merged,
        compromises: [compromise],
      });
      this.publish(documentId, saved.amendments, saved.compromises);
      await this.auditEntry(who, 'amendment.compromise', documentId, {
        compromiseId: id,
        amendments: amendments.map((a) => a.number),
        reason,
      });
      for (const a of saved.amendments) await this.resetCopy(who, a);
      return { compromise: saved.compromises[0]!, amendments: saved.amendments };
    });
  }

  /**
   * Told that the base text of `documentId` changed: the open amendments are re-read for
   * outdatedness a moment later, once per burst of keystrokes rather than on each.
   */
  baseChanged(documentId: string): void {
    if (this.pendingChecks.has(documentId)) return;
    const { clock, logger } = this.deps;
    const cancel = clock.at(clock.now() + OUTDATED_CHECK_DELAY_MS, () => {
      this.pendingChecks.delete(documentId);
      this.refreshOutdated(documentId).catch((err: unknown) =>
        logger.error('outdated check failed', { documentId, error: String(err) }),
      );
    });
    this.pendingChecks.set(documentId, cancel);
  }

  /** Cancels pending checks (the server is stopping). */
  stop(): void {
    for (const cancel of this.pendingChecks.values()) cancel();
    this.pendingChecks.clear();
  }

  /**
   * Re-reads whether each open amendment of the document is outdated or lost its target
   * (AM13), after the base text changed; stores and pushes those whose state changed.
   */
  async refreshOutdated(documentId: string): Promise<void> {
    await this.queue.run(documentId, async () => {
      const open = (await this.deps.amendments.list(documentId)).filter(
        (a) => a.status === 'submitted',
      );
      if (open.length === 0) return;
      const targets = new Set(
        open.flatMap((a) => (a.kind === 'insert' ? [a.afterBlockId!] : [a.blockId!])),
      );
      const texts = await this.deps.rooms.readDocument(documentId, (room) =>
        blockTextsById(room.doc.getXmlFragment(FRAGMENT_NAME), targets),
      );
      const at = isoAt(this.deps.clock.now());
      const changed = open.flatMap((a) => {
        const state = outdatedState(a, texts);
        if (state.outdated === a.outdated && state.targetDeleted === a.targetDeleted) return [];
        return [{ ...a, ...state, updatedAt: at }];
      });
      if (changed.length === 0) return;
      const saved = await this.deps.amendments.save({ amendments: changed });
      this.publish(documentId, saved.amendments, []);
    });
  }

  /** Re-reads outdatedness the first time a document is read in this process (AM13). */
  private async checkOnceSinceStart(documentId: string): Promise<void> {
    if (this.checkedSinceStart.has(documentId)) return;
    this.checkedSinceStart.add(documentId);
    await this.refreshOutdated(documentId).catch((err: unknown) =>
      this.deps.logger.error('outdated check failed', { documentId, error: String(err) }),
    );
  }

  private async transition(
    who: Principal,
    id: string,
    action: AmendmentAction,
    auditAction: string,
    why: string | null = null,
  ): Promise<RefusalOr<Amendment>> {
    const found = await this.deps.amendments.get(id);
    if (!found) return refuse(404, `no amendment "${id}"`);
    // Withdrawals and positions are feedback: open while the delegation may submit (RD12).
    const closed = this.deps.window.submission(who.delegation);
    if (closed) return closed;
    return this.queue.run(found.documentId, async () => {
      const amendment = (await this.deps.amendments.get(id))!;
      const next = amendmentTransition(
        amendment,
        action,
        actorOf(who),
        isoAt(this.deps.clock.now()),
      );
      if (isAmendmentRefusal(next)) return refuse(next.status, next.message);
      if (next === amendment) return amendment;
      const [saved] = (await this.deps.amendments.save({ amendments: [next] })).amendments;
      this.publish(amendment.documentId, [saved!], []);
      const reason = action.type === 'position' ? (action.reason ?? null) : why;
      await this.audit(
        who,
        action.type === 'position' ? `${auditAction}.${action.position}` : auditAction,
        saved!,
        reason,
      );
      return saved!;
    });
  }

  /** Changes the base text as decided; a refusal when it could not (nothing changed then). */
  private async applyToBase(
    who: Principal,
    amendment: Amendment,
    text: string | null,
    origin: ChangeOrigin,
    wrap: (edit: ServerEdit) => ServerEdit = (edit) => edit,
  ): Promise<Refusal | null> {
    const edit = decisionEdit(amendment, text);
    const result = await this.deps.rooms.change(amendment.documentId, origin, wrap(edit.edit));
    const refusal = edit.refusal();
    if (refusal) return refuse(refusal.status, refusal.message);
    if (!result.ok) {
      this.deps.logger.warn('decision refused by the pipeline', {
        amendment: amendment.id,
        reason: result.reason,
        by: who.id,
      });
      return refuse(409, `the text could not be changed: ${result.reason}`);
    }
    return null;
  }

  /** Brings the proposer's working copy of a decided block back to the base (WC6). */
  private async resetCopy(who: Principal, amendment: Amendment): Promise<void> {
    try {
      const blockId = amendment.kind === 'insert' ? null : amendment.blockId;
      const baseText = blockId
        ? ((await this.deps.rooms.readDocument(amendment.documentId, (room) =>
            blockTextsById(room.doc.getXmlFragment(FRAGMENT_NAME), new Set([blockId])).get(blockId),
          )) ?? null)
        : null;
      await this.deps.rooms.changeWorkingCopy(
        amendment.documentId,
        amendment.delegationId,
        {
          kind: 'amendment',
          amendmentId: amendment.id,
          delegationId: amendment.delegationId,
          decidedBy: who.id,
        },
        resetEdit(amendment, baseText),
      );
    } catch (err) {
      this.deps.logger.error('working copy reset failed', {
        amendment: amendment.id,
        error: String(err),
      });
    }
  }

  /**
   * RD14: after `round` is published, its pending amendments in every document are carried into
   * `next` or marked superseded (shared carryOver), stored, sent on the feed and audited; none is
   * dropped. The outdated state is refreshed first, so a deleted paragraph is known.
   */
  async carryOver(round: Round, next: Round | null, at: string): Promise<void> {
    for (const doc of await this.deps.documents.listDocuments()) {
      await this.refreshOutdated(doc.id);
      await this.queue.run(doc.id, async () => {
        const changed = carryOver(await this.deps.amendments.list(doc.id), round, next, at);
        if (changed.length === 0) return;
        const saved = (await this.deps.amendments.save({ amendments: changed })).amendments;
        this.publish(doc.id, saved, []);
        await this.deps.audit.append({
          personId: null,
          username: null,
          delegationId: null,
          action: 'amendment.carry-over',
          target: doc.id,
          outcome: 'ok',
          detail: {
            roundId: round.id,
            nextRoundId: next?.id ?? null,
            carried: saved.filter((a) => a.status === 'submitted').map((a) => a.number),
            superseded: saved.filter((a) => a.status === 'superseded').map((a) => a.number),
          },
        });
      });
    }
  }

  private publish(
    documentId: string,
    amendments: readonly Amendment[],
    compromises: readonly Compromise[],
  ): void {
    const events: AmendmentEvent[] = [
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
    this.deps.feed.publish(documentId, events);
  }

  private async requireDocument(documentId: string): Promise<Refusal | null> {
    if (await this.deps.documents.getDocument(documentId)) return null;
    return refuse(404, `no document "${documentId}"`);
  }

  private audit(who: Principal, action: string, a: Amendment, reason: string | null = null) {
    return this.auditEntry(who, action, a.id, {
      documentId: a.documentId,
      number: a.number,
      label: a.label,
      status: a.status,
      ...(reason ? { reason } : {}),
    });
  }

  private async auditEntry(
    who: Principal,
    action: string,
    target: string,
    detail: Record<string, unknown>,
  ) {
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
}

/** The acting delegation as the pure rules see it. */
function actorOf(who: Principal) {
  return { delegationId: who.delegation.id, roles: who.delegation.roles, personId: who.id };
}
