import { isPenHolder } from './amendment.js';
import type { Role } from './delegation.js';
import type { Comment, Thread } from './thread.js';

/** Who asks: the person and their delegation with its roles. */
export interface ThreadReader {
  personId: string;
  delegationId: string;
  roles: readonly Role[];
}

/** Why an action on a thread is refused: 403 not this person's to do, 409 not now. */
export interface ThreadRefusal {
  refused: true;
  status: 403 | 404 | 409;
  message: string;
}

const refuse = (status: ThreadRefusal['status'], message: string): ThreadRefusal => ({
  refused: true,
  status,
  message,
});

/**
 * CM1: a public thread is read by every participant; an internal one (and every thread on a
 * working copy) only by the author's delegation.
 */
export function canReadThread(
  thread: Pick<Thread, 'visibility' | 'delegationId'>,
  reader: Pick<ThreadReader, 'delegationId'>,
): boolean {
  return thread.visibility === 'public' || thread.delegationId === reader.delegationId;
}

/**
 * CM3: a reader of the thread may reply; a thread nobody may read is "not found" (404), so an
 * internal thread's existence is not revealed either.
 */
export function checkReply(thread: Thread, reader: ThreadReader): ThreadRefusal | null {
  if (!canReadThread(thread, reader)) return refuse(404, `no thread "${thread.id}"`);
  return null;
}

/** CM4: only its author edits or deletes a comment, and not one already deleted. */
export function checkCommentChange(
  thread: Thread,
  comment: Comment,
  reader: ThreadReader,
): ThreadRefusal | null {
  if (!canReadThread(thread, reader)) return refuse(404, `no comment "${comment.id}"`);
  if (comment.personId !== reader.personId)
    return refuse(403, 'only the author of a comment may change or delete it');
  if (comment.deleted) return refuse(409, 'this comment was deleted');
  return null;
}

/**
 * CM5: the author's delegation resolves, reopens or re-anchors its thread; a pen-holder (Chair,
 * Co-Chair, Secretariat) also any public thread.
 */
export function checkResolve(thread: Thread, reader: ThreadReader): ThreadRefusal | null {
  if (!canReadThread(thread, reader)) return refuse(404, `no thread "${thread.id}"`);
  if (thread.delegationId === reader.delegationId) return null;
  if (thread.visibility === 'public' && isPenHolder(reader)) return null;
  return refuse(
    403,
    'only the delegation that started a thread, or the Chair, a Co-Chair or the Secretariat, may resolve it',
  );
}
