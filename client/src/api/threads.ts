import {
  threadListSchema,
  threadResponseSchema,
  type Thread,
  type ThreadAnchor,
  type ThreadVisibility,
} from '@accord/shared';
import { requestJson } from './http.js';

const docPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`;
const threadPath = (id: string) => `/api/threads/${encodeURIComponent(id)}`;
const commentPath = (id: string) => `/api/comments/${encodeURIComponent(id)}`;

/** `GET /api/documents/:documentId/threads`: the threads the caller may see (CM1). */
export function fetchThreads(documentId: string, signal?: AbortSignal): Promise<Thread[]> {
  return requestJson(`${docPath(documentId)}/threads`, threadListSchema, 'thread list', {
    signal,
  });
}

/** What starting a thread sends: where it hangs, who sees it, the first comment, the words. */
export interface NewThread {
  anchor: ThreadAnchor;
  visibility: ThreadVisibility;
  text: string;
  /** The words selected, shown if the text under the thread is later deleted. */
  quote: string;
}

/** `POST /api/documents/:documentId/threads`: starts a thread with its first comment. */
export function createThread(documentId: string, thread: NewThread): Promise<Thread> {
  return requestJson(`${docPath(documentId)}/threads`, threadResponseSchema, 'thread', {
    method: 'POST',
    body: thread,
  });
}

/** `POST /api/threads/:id/comments`: a reply; resolves with the whole thread. */
export function replyToThread(threadId: string, text: string): Promise<Thread> {
  return requestJson(`${threadPath(threadId)}/comments`, threadResponseSchema, 'thread', {
    method: 'POST',
    body: { text },
  });
}

/** `PATCH /api/comments/:id`: its author edits a comment. */
export function editComment(commentId: string, text: string): Promise<Thread> {
  return requestJson(commentPath(commentId), threadResponseSchema, 'thread', {
    method: 'PATCH',
    body: { text },
  });
}

/** `DELETE /api/comments/:id`: its author deletes a comment (a tombstone stays). */
export function deleteComment(commentId: string): Promise<Thread> {
  return requestJson(commentPath(commentId), threadResponseSchema, 'thread', {
    method: 'DELETE',
  });
}

/** `POST /api/threads/:id/resolve` (the author's delegation, or a pen-holder if public). */
export function resolveThread(threadId: string): Promise<Thread> {
  return requestJson(`${threadPath(threadId)}/resolve`, threadResponseSchema, 'thread', {
    method: 'POST',
    body: {},
  });
}

/** `POST /api/threads/:id/reopen` (the same people as resolve). */
export function reopenThread(threadId: string): Promise<Thread> {
  return requestJson(`${threadPath(threadId)}/reopen`, threadResponseSchema, 'thread', {
    method: 'POST',
    body: {},
  });
}

/** `POST /api/threads/:id/anchor`: hangs a (detached) thread on other words. */
export function reanchorThread(
  threadId: string,
  anchor: ThreadAnchor,
  quote: string,
): Promise<Thread> {
  return requestJson(`${threadPath(threadId)}/anchor`, threadResponseSchema, 'thread', {
    method: 'POST',
    body: { anchor, quote },
  });
}
