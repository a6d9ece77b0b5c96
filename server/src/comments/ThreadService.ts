import { randomUUID } from 'node:crypto';
import {
  canReadThread,
  checkCommentChange,
  checkReply,
  checkResolve,
  type AmendmentEvent,
  type Comment,
  type Thread,
  type ThreadAnchor,
  type ThreadReader,
  type ThreadVisibility,
} from '@accord/shared';
import type { Principal } from '../auth/Principal.js';
import { refusal as refuse, type Refusal, type RefusalOr } from '../auth/Refusal.js';
import type { Rooms } from '../collab/Rooms.js';
import type { AmendmentFeed } from '../amendments/AmendmentFeed.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { ThreadStore } from '../storage/ThreadStore.js';
import { isoAt, type Clock } from '../time/Clock.js';
import type { SharedLock } from '../cluster/SharedLock.js';
import { KeyedQueue } from '../amendments/KeyedQueue.js';
import { textAnchorProblem } from './textAnchor.js';
import type { WritingWindow } from '../rounds/WritingWindow.js';

/** What a new thread is made of (the body of `POST /api/documents/:documentId/threads`). */
export interface NewThread {
  anchor: ThreadAnchor;
  visibility: ThreadVisibility;
  text: string;
  quote: string;
}

/** What the thread service needs from the server. */
export interface ThreadServiceDeps {
  /** Held across processes around each queued change (CL5); absent with one process. */
  lock?: SharedLock;
  threads: ThreadStore;
  amendments: AmendmentStore;
  documents: DocumentStore;
  rooms: Rooms;
  audit: AuditLog;
  clock: Clock;
  feed: AmendmentFeed;
  /** The rounds' gate: when delegations may comment where everyone reads (CM9). */
  window: WritingWindow;
}

/** The reader the shared rules see for a principal. */
export function readerOf(who: Principal): ThreadReader {
  return { personId: who.id, delegationId: who.delegation.id, roles: who.delegation.roles };
}

/**
 * Comment threads on the server (issue 8): every request is checked here (who may read, reply,
 * change, resolve; what the anchor points at; the input) before anything is written, then the
 * whole thread is stored, audited and pushed on the document's feed, which shows each reader
 * only the threads it may read (CM1). An internal thread's words never go into the audit trail,
 * which pen-holders read: only the fact and the comment's id do.
 */
export class ThreadService {
  /** Changes to one thread run one after another (each stores the whole thread). */
  private readonly queue: KeyedQueue;

  constructor(private readonly deps: ThreadServiceDeps) {
    this.queue = new KeyedQueue(deps.lock ?? null, 'threads');
  }

  /** The document's threads that `who` may read, oldest first. */
  async list(who: Principal, documentId: string): Promise<RefusalOr<Thread[]>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    const reader = readerOf(who);
    return (await this.deps.threads.list(documentId)).filter((t) => canReadThread(t, reader));
  }

  /** Starts a thread with its first comment (CM2, CM6). */
  async create(who: Principal, documentId: string, request: NewThread) {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    const { anchor } = request;
    let visibility = request.visibility;
    if (anchor.type === 'text' && anchor.on === 'working-copy') {
      // A thread on a working copy is the delegation's own, like the copy (WC3).
      if (visibility === 'public')
        return refuse(400, 'a thread on your working copy is internal to your delegation');
      visibility = 'delegation';
    }
    if (visibility === 'public') {
      const closed = this.deps.window.sharedComment(who.delegation);
      if (closed) return closed;
    }
    const problem = await this.anchorProblem(who, documentId, anchor);
    if (problem) return problem;
    const at = isoAt(this.deps.clock.now());
    const thread: Thread = {
      id: randomUUID(),
      documentId,
      anchor,
      visibility,
      delegationId: who.delegation.id,
      quote: anchor.type === 'text' ? request.quote.trim() : '',
      status: 'open',
      resolved: null,
      comments: [this.comment(who, request.text, at)],
      createdAt: at,
      updatedAt: at,
      seq: 0,
    };
    return this.store(who, thread, 'thread.create', { anchor: anchor.type, visibility });
  }

  /** A reply to a thread (CM3). */
  reply(who: Principal, threadId: string, text: string) {
    // Judged when the request arrives, not when its turn in the queue comes (CM9).
    const closed = this.deps.window.sharedComment(who.delegation);
    return this.queue.run(threadId, () => this.replyNow(who, threadId, text, closed));
  }

  private async replyNow(who: Principal, threadId: string, text: string, closed: Refusal | null) {
    const thread = await this.deps.threads.get(threadId);
    if (!thread) return refuse(404, `no thread "${threadId}"`);
    const refusal = checkReply(thread, readerOf(who));
    if (refusal) return refuse(refusal.status, refusal.message);
    if (closed && thread.visibility === 'public') return closed;
    const at = isoAt(this.deps.clock.now());
    const comment = this.comment(who, text, at);
    return this.store(
      who,
      { ...thread, comments: [...thread.comments, comment], updatedAt: at },
      'thread.reply',
      { commentId: comment.id },
    );
  }

  /** The author edits a comment (CM4); the previous words of a public one go to the audit. */
  async edit(who: Principal, commentId: string, text: string) {
    return this.inThreadOf(commentId, () =>
      this.changeComment(who, commentId, 'comment.edit', (c, at) => ({
        ...c,
        text,
        editedAt: at,
      })),
    );
  }

  /** The author deletes a comment (CM4): it stays as a tombstone, its words in the audit. */
  async remove(who: Principal, commentId: string) {
    return this.inThreadOf(commentId, () =>
      this.changeComment(who, commentId, 'comment.delete', (c, at) => ({
        ...c,
        text: '',
        deleted: true,
        editedAt: at,
      })),
    );
  }

  /** Resolves or reopens a thread (CM5). */
  setResolved(who: Principal, threadId: string, resolved: boolean) {
    return this.queue.run(threadId, () => this.setResolvedNow(who, threadId, resolved));
  }

  private async setResolvedNow(who: Principal, threadId: string, resolved: boolean) {
    const thread = await this.deps.threads.get(threadId);
    if (!thread) return refuse(404, `no thread "${threadId}"`);
    const refusal = checkResolve(thread, readerOf(who));
    if (refusal) return refuse(refusal.status, refusal.message);
    if ((thread.status === 'resolved') === resolved)
      return refuse(409, `the thread is already ${resolved ? 'resolved' : 'open'}`);
    const at = isoAt(this.deps.clock.now());
    const next: Thread = {
      ...thread,
      status: resolved ? 'resolved' : 'open',
      resolved: resolved ? { personId: who.id, delegationId: who.delegation.id, at } : null,
      updatedAt: at,
    };
    return this.store(who, next, resolved ? 'thread.resolve' : 'thread.reopen', {});
  }

  /** Re-anchors a thread (a detached one, typically) to new words (CM7). */
  reanchor(who: Principal, threadId: string, anchor: ThreadAnchor, quote: string) {
    return this.queue.run(threadId, () => this.reanchorNow(who, threadId, anchor, quote));
  }

  private async reanchorNow(who: Principal, threadId: string, anchor: ThreadAnchor, quote: string) {
    const thread = await this.deps.threads.get(threadId);
    if (!thread) return refuse(404, `no thread "${threadId}"`);
    const refusal = checkResolve(thread, readerOf(who));
    if (refusal) return refuse(refusal.status, refusal.message);
    if (anchor.type !== 'text' || thread.anchor.type !== 'text')
      return refuse(400, 'only a thread on the text can be anchored to other words');
    if (anchor.on !== thread.anchor.on)
      return refuse(400, 'a thread stays on the text it was started on (base or working copy)');
    const problem = await this.anchorProblem(who, thread.documentId, anchor);
    if (problem) return problem;
    const at = isoAt(this.deps.clock.now());
    return this.store(
      who,
      { ...thread, anchor, quote: quote.trim(), updatedAt: at },
      'thread.anchor',
      {},
    );
  }

  /** The document's threads changed after `seq` (the feed filters them per reader). */
  async changesSince(documentId: string, seq: number): Promise<AmendmentEvent[]> {
    return (await this.deps.threads.changesSince(documentId, seq)).map((thread) => ({
      type: 'thread' as const,
      seq: thread.seq,
      thread,
    }));
  }

  /**
   * Runs `change` in the queue of the thread holding `commentId`: a thread is stored whole, so
   * two changes to one thread at once must not both start from the same record (a reply lost).
   */
  private async inThreadOf<T>(commentId: string, change: () => Promise<T>): Promise<T> {
    const thread = await this.deps.threads.getByComment(commentId);
    return this.queue.run(thread?.id ?? `comment ${commentId}`, change);
  }

  private async changeComment(
    who: Principal,
    commentId: string,
    action: string,
    change: (comment: Comment, at: string) => Comment,
  ) {
    const thread = await this.deps.threads.getByComment(commentId);
    const comment = thread?.comments.find((c) => c.id === commentId);
    if (!thread || !comment) return refuse(404, `no comment "${commentId}"`);
    const refusal = checkCommentChange(thread, comment, readerOf(who));
    if (refusal) return refuse(refusal.status, refusal.message);
    const at = isoAt(this.deps.clock.now());
    const comments = thread.comments.map((c) => (c.id === commentId ? change(c, at) : c));
    // The words as they were stay in the audit trail, for a public thread only (CM8).
    const before = thread.visibility === 'public' ? { previousText: comment.text } : {};
    return this.store(who, { ...thread, comments, updatedAt: at }, action, {
      commentId,
      ...before,
    });
  }

  private comment(who: Principal, text: string, at: string): Comment {
    return {
      id: randomUUID(),
      personId: who.id,
      authorName: who.name,
      delegationId: who.delegation.id,
      text,
      createdAt: at,
      editedAt: null,
      deleted: false,
    };
  }

  private async store(
    who: Principal,
    thread: Thread,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<Thread> {
    const saved = await this.deps.threads.save(thread);
    this.deps.feed.publish(saved.documentId, [{ type: 'thread', seq: saved.seq, thread: saved }]);
    await this.deps.audit.append({
      personId: who.id,
      username: who.username,
      delegationId: who.delegation.id,
      action,
      target: saved.id,
      outcome: 'ok',
      detail: { documentId: saved.documentId, visibility: saved.visibility, ...detail },
    });
    return saved;
  }

  private async anchorProblem(
    who: Principal,
    documentId: string,
    anchor: ThreadAnchor,
  ): Promise<Refusal | null> {
    if (anchor.type === 'document') return null;
    if (anchor.type === 'amendment') {
      const amendment = await this.deps.amendments.get(anchor.amendmentId);
      return amendment?.documentId === documentId
        ? null
        : refuse(400, `"anchor" names no amendment of this document`);
    }
    const check = (doc: import('yjs').Doc) =>
      textAnchorProblem(doc, anchor.from, 'anchor.from') ??
      textAnchorProblem(doc, anchor.to, 'anchor.to');
    const problem =
      anchor.on === 'working-copy'
        ? await this.deps.rooms.readWorkingCopy(documentId, who.delegation.id, (copy) =>
            check(copy.doc),
          )
        : await this.deps.rooms.readDocument(documentId, (room) => check(room.doc));
    return problem ? refuse(400, problem) : null;
  }

  private async requireDocument(documentId: string): Promise<Refusal | null> {
    if (await this.deps.documents.getDocument(documentId)) return null;
    return refuse(404, `no document "${documentId}"`);
  }
}
