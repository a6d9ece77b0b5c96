import { z } from 'zod';
import {
  QUOTE_MAX,
  THREAD_VISIBILITIES,
  commentSchema,
  commentTextSchema,
  threadAnchorSchema,
  threadSchema,
} from '../thread.js';
import { choiceField } from './fields.js';

// Control characters (and bidirectional overrides, which can disguise what a quote says) have
// no place in the words a thread quotes.
// eslint-disable-next-line no-control-regex
const QUOTE_REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/** The words a thread was started on, as the client read them from the selection. */
const quoteSchema = z
  .string({ error: '"quote" must be a string' })
  .trim()
  .max(QUOTE_MAX, { error: `"quote" must be at most ${QUOTE_MAX} characters long` })
  .refine((s) => !QUOTE_REFUSED.test(s), {
    error: '"quote" must not contain control or direction-override characters',
  })
  .default('');

/** `GET /api/documents/:documentId/threads`: the threads the caller may see. */
export const threadListSchema = z.array(threadSchema);

/**
 * `POST /api/documents/:documentId/threads`: starts a thread with its first comment. `quote`
 * is the words selected (shown if the text under the thread is later deleted).
 */
export const createThreadRequestSchema = z.object({
  anchor: threadAnchorSchema,
  visibility: choiceField('visibility', THREAD_VISIBILITIES),
  text: commentTextSchema,
  quote: quoteSchema,
});

/** `POST /api/threads/:id/comments`: a reply. */
export const replyRequestSchema = z.object({ text: commentTextSchema });

/** `PATCH /api/comments/:id`: the author edits a comment. */
export const editCommentRequestSchema = z.object({ text: commentTextSchema });

/** `DELETE /api/comments/:id` and resolve/reopen take no body; every answer is the thread. */
export const threadResponseSchema = threadSchema;

/** `POST /api/threads/:id/resolve` and `/reopen`: nothing to say but, optionally, why. */
export const resolveRequestSchema = z.object({});

/** `POST /api/threads/:id/anchor`: a pen-holder or the author's delegation re-anchors a thread. */
export const reanchorRequestSchema = z.object({
  anchor: threadAnchorSchema,
  quote: quoteSchema,
});

/** One comment, as it is stored. */
export const commentResponseSchema = commentSchema;
