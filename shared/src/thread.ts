import { z } from 'zod';
import { CONTROL_CHARACTER } from './controlCharacters.js';

/**
 * Comment threads (issue 8): anchored to a range of the base text or of the author's own
 * working copy, to an amendment, or to the whole document; public, or internal to the author's
 * delegation. The server owns them; who may do what is `threadRules.ts` (SPEC CM1–CM8).
 */

/** Who sees a thread: every participant, or only the author's delegation. */
export const THREAD_VISIBILITIES = ['public', 'delegation'] as const;

/** A thread's visibility. */
export type ThreadVisibility = (typeof THREAD_VISIBILITIES)[number];

/** The longest comment: about a page. */
export const COMMENT_TEXT_MAX = 4_000;
/** The longest quote of the words a thread was started on. */
export const QUOTE_MAX = 1_000;
/** The longest encoded Yjs relative position accepted (they are a few dozen bytes). */
export const RELATIVE_POSITION_MAX = 400;

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true });
const base64 = z
  .string()
  .min(1)
  .max(RELATIVE_POSITION_MAX)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'a base64-encoded Yjs relative position');

/**
 * Where a thread hangs. A text anchor is two Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`), so it follows the text as others edit it; `on` says whether they
 * are positions in the base text or in the author's delegation's working copy.
 */
export const threadAnchorSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    from: base64,
    to: base64,
    on: z.enum(['base', 'working-copy']).default('base'),
  }),
  z.object({ type: z.literal('amendment'), amendmentId: id }),
  z.object({ type: z.literal('document') }),
]);

/** A thread's anchor (see `threadAnchorSchema`). */
export type ThreadAnchor = z.infer<typeof threadAnchorSchema>;

/** The text of a comment: not blank, at most `COMMENT_TEXT_MAX`, no control characters. */
export const commentTextSchema = z
  .string({ error: '"text" must be a string' })
  .trim()
  .min(1, { error: '"text" must not be empty' })
  .max(COMMENT_TEXT_MAX, { error: `"text" must be at most ${COMMENT_TEXT_MAX} characters long` })
  .refine((s) => !CONTROL_CHARACTER.test(s), {
    error: '"text" must not contain control characters',
  });

/** One comment of a thread. A deleted comment stays as a tombstone without its text. */
export const commentSchema = z.object({
  id,
  personId: id,
  /** The author's name and delegation, as the server had them when it was written. */
  authorName: z.string().max(200),
  delegationId: id,
  text: z.string().max(COMMENT_TEXT_MAX),
  createdAt: instant,
  editedAt: instant.nullable(),
  deleted: z.boolean(),
});

/** A comment (see `commentSchema`). */
export type Comment = z.infer<typeof commentSchema>;

/** A thread with its comments, oldest first, as the threads route lists it. */
export const threadSchema = z.object({
  id,
  documentId: id,
  anchor: threadAnchorSchema,
  visibility: z.enum(THREAD_VISIBILITIES),
  /** The author's delegation: an internal thread is seen by its members only. */
  delegationId: id,
  /** The words the thread was started on ('' for amendment and document threads). */
  quote: z.string().max(QUOTE_MAX),
  status: z.enum(['open', 'resolved']),
  resolved: z.object({ personId: id, delegationId: id, at: instant }).nullable(),
  comments: z.array(commentSchema).min(1),
  createdAt: instant,
  updatedAt: instant,
  /** Its place in the document's feed (shared with amendments): raised on every change. */
  seq: z.number().int().min(0),
});

/** A thread (see `threadSchema`). */
export type Thread = z.infer<typeof threadSchema>;
