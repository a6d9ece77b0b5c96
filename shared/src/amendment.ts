import { z } from 'zod';
import { can } from './capability.js';
import type { Role } from './delegation.js';
import { CONTROL_CHARACTER, CONTROL_OR_LINE_BREAK } from './controlCharacters.js';

/**
 * An amendment: a delegation's proposed change to one block of a document (issue 7). The server
 * owns these records; they change only through `amendmentTransition`, so the rules of who may do
 * what in which status (SPEC AM4–AM6) are written once and tested without a server.
 */

/** What an amendment does to its target. */
export const AMENDMENT_KINDS = ['modify', 'insert', 'delete'] as const;

/** What an amendment does: change a block, add one after a block, or remove a block. */
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/** Where an amendment is in its life; only `submitted` is open to change. */
export const AMENDMENT_STATUSES = [
  'submitted',
  'withdrawn',
  'accepted',
  'accepted-with-changes',
  'rejected',
  'merged',
  'superseded',
] as const;

/** An amendment's status. */
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** What a pen-holder decided; `merge` is recorded when it went into a compromise text. */
export const AMENDMENT_DECISIONS = ['accept', 'accept-with-changes', 'reject', 'merge'] as const;

/** A pen-holder's decision on an amendment. */
export type AmendmentDecisionKind = (typeof AMENDMENT_DECISIONS)[number];

/** The longest justification a delegation may give (about half a page). */
export const JUSTIFICATION_MAX = 2_000;
/** The longest reason for an objection or a decision: a short sentence or two. */
export const REASON_MAX = 500;
/** The longest text of one block an amendment may propose or quote. */
export const AMENDMENT_TEXT_MAX = 20_000;

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true });
const reason = z
  .string()
  .min(1)
  .max(REASON_MAX)
  .refine((s) => !CONTROL_CHARACTER.test(s), 'no control characters');
const blockText = z
  .string()
  .max(AMENDMENT_TEXT_MAX)
  .refine((s) => !CONTROL_OR_LINE_BREAK.test(s), 'no control characters or line breaks');

/** A language code as in "Or. en": ISO 639 two or three letters, optionally a region. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** An objection: the delegation and its short reason. */
export const objectionSchema = z.object({ delegationId: id, reason });

/** A pen-holder's decision: by which delegation, what, why, when (server clock). */
export const amendmentDecisionSchema = z.object({
  by: id,
  /** The deciding person (for the audit trail and attribution of the base text's change). */
  personId: id.nullable().default(null),
  decision: z.enum(AMENDMENT_DECISIONS),
  reason: reason.nullable(),
  /** The text that went in: the pen-holder's for accept-with-changes, the compromise's for merge. */
  text: blockText.nullable().default(null),
  at: instant,
  /**
   * The target's text just before and just after the decision went into the base text (null
   * where there was no block: before an insert, after a delete). What an undo restores, and what
   * it checks is still there (AM15). Absent on a rejection and on records older than undo.
   */
  applied: z.object({ before: blockText.nullable(), after: blockText.nullable() }).optional(),
});

/** A recorded decision (see `amendmentDecisionSchema`). */
export type AmendmentDecision = z.infer<typeof amendmentDecisionSchema>;

/**
 * The amendment record, as `GET /api/documents/:documentId/amendments` lists it. A `modify` or
 * `delete` names its target in `blockId`; an `insert` names the block it follows in
 * `afterBlockId` (and in `blockId`, if known, the new block's id in the working copy).
 */
export const amendmentSchema = z
  .object({
    id,
    /** Stable per document, from 1, for citing ("Amendment 12"). */
    number: z.number().int().min(1),
    documentId: id,
    /** The proposing delegation. */
    delegationId: id,
    kind: z.enum(AMENDMENT_KINDS),
    /** The target's type, or the new block's for an insert ("operative", "list_item", …). */
    blockType: z.string().min(1).max(40),
    blockId: id.nullable(),
    afterBlockId: id.nullable(),
    /** The citation: "OP3", "PP2 bis" (see amendmentLabel.ts). */
    label: z.string().min(1).max(60),
    /** The target's text when submitted ('' for an insert). */
    originalText: blockText,
    /** The proposed text ('' for a delete). */
    proposedText: blockText,
    justification: z
      .string()
      .max(JUSTIFICATION_MAX)
      .refine((s) => !CONTROL_CHARACTER.test(s), 'no control characters'),
    /** The original language, "Or. en". */
    language: z.string().regex(LANGUAGE_CODE),
    status: z.enum(AMENDMENT_STATUSES),
    /** Delegations that co-sponsor, in the order they joined. */
    cosponsors: z.array(id),
    supports: z.array(id),
    objections: z.array(objectionSchema),
    /** The target's text changed since submission (shown three-way). */
    outdated: z.boolean(),
    decision: amendmentDecisionSchema.nullable(),
    submittedAt: instant,
    updatedAt: instant,
    /** Revisions so far: 1 when submitted, +1 each time the proposer revises it. */
    revision: z.number().int().min(1),
    /** The target block is no longer in the base text (deleted by another change). */
    targetDeleted: z.boolean(),
    /** The compromise text this amendment was merged into, when `merged`. */
    compromiseId: id.nullable(),
    /** Its place in the document's amendment feed: raised on every change (resume from it). */
    seq: z.number().int().min(0),
    /** The round it is pending in: where it was submitted, or the one it was carried into (RD14). */
    roundId: id.nullable().default(null),
    /** The rounds it was carried over from, oldest first, so the carry-over stays visible. */
    carriedFrom: z.array(id).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'insert' ? a.afterBlockId === null : a.blockId === null)
      ctx.addIssue({
        code: 'custom',
        message: a.kind === 'insert' ? 'an insert needs afterBlockId' : `a ${a.kind} needs blockId`,
      });
    if (a.kind !== 'insert' && a.afterBlockId !== null)
      ctx.addIssue({ code: 'custom', message: `a ${a.kind} has no afterBlockId` });
  });

/** An amendment record (see `amendmentSchema`). */
export type Amendment = z.infer<typeof amendmentSchema>;

/** A delegation's position on another delegation's amendment; `none` takes it back. */
export type AmendmentPosition = 'cosponsor' | 'support' | 'object' | 'none';

/** Who acts: the acting person's delegation and that delegation's roles. */
export interface AmendmentActor {
  delegationId: string;
  roles: readonly Role[];
  /** The acting person, recorded with a decision. */
  personId?: string;
}

/** What may be done to an amendment. */
export type AmendmentAction =
  /** The proposer's new text, against the target's text now (a revision). */
  | {
      type: 'revise';
      proposedText: string;
      originalText: string;
      justification: string;
      language: string;
    }
  | { type: 'withdraw' }
  | { type: 'position'; position: AmendmentPosition; reason?: string | null }
  | {
      type: 'decide';
      decision: 'accept' | 'accept-with-changes' | 'reject';
      reason?: string | null;
      /** The text that went in (accept-with-changes). */
      text?: string | null;
    }
  /** Taken into a compromise text (the compromise record lists its amendments). */
  | { type: 'merge'; reason?: string | null; compromiseId: string; text: string }
  /** A pen-holder takes a decision back (AM15): the amendment is open again. */
  | { type: 'undo' };

/** Why a transition is refused: 400 bad input, 403 not this actor's to do, 409 not now. */
export interface AmendmentRefusal {
  refused: true;
  status: 400 | 403 | 409;
  message: string;
}

const refuse = (status: AmendmentRefusal['status'], message: string): AmendmentRefusal => ({
  refused: true,
  status,
  message,
});

/** True when the result is a refusal rather than a new amendment. */
export function isAmendmentRefusal(
  result: Amendment | AmendmentRefusal,
): result is AmendmentRefusal {
  return 'refused' in result;
}

/**
 * True when the actor holds the pen: its delegation may edit the base text (chair, co-chair or
 * secretariat). The kind of delegation does not enter this capability.
 */
export function isPenHolder(actor: Pick<AmendmentActor, 'roles'>): boolean {
  return can({ kind: 'participating-state', roles: [...actor.roles] }, 'text.edit');
}

/** How a status reads in a refusal: "amendment 3 is withdrawn". */
function statusPhrase(a: Amendment): string {
  return `amendment ${a.number} is ${a.status}`;
}

/** A trimmed reason, or a refusal when it is missing (if required) or too long. */
function readReason(
  raw: string | null | undefined,
  required: string | null,
): string | null | AmendmentRefusal {
  const text = (raw ?? '').trim();
  if (text === '') return required === null ? null : refuse(400, required);
  if (text.length > REASON_MAX)
    return refuse(400, `"reason" must be at most ${REASON_MAX} characters long`);
  if (CONTROL_CHARACTER.test(text))
    return refuse(400, '"reason" must not contain control characters');
  return text;
}

/**
 * The amendment after `action` by `actor` at `at` (the server's clock, an ISO instant), or the
 * refusal. Pure: the input is never changed. Checks run in the order who (403), then status
 * (409), then input (400), so a refusal names the first thing that is wrong. A position that
 * changes nothing returns the same object, so the caller can skip storing and pushing it.
 */
export function amendmentTransition(
  amendment: Amendment,
  action: AmendmentAction,
  actor: AmendmentActor,
  at: string,
): Amendment | AmendmentRefusal {
  const own = actor.delegationId === amendment.delegationId;
  const open = amendment.status === 'submitted';
  switch (action.type) {
    case 'revise':
    case 'withdraw': {
      // AM4: only the proposer, only while submitted.
      const [verb, done] =
        action.type === 'revise' ? ['revise', 'revised'] : ['withdraw', 'withdrawn'];
      if (!own) return refuse(403, `only the proposing delegation may ${verb} its amendment`);
      if (!open) return refuse(409, `${statusPhrase(amendment)} and can no longer be ${done}`);
      if (action.type === 'withdraw') return { ...amendment, status: 'withdrawn', updatedAt: at };
      if (action.justification.length > JUSTIFICATION_MAX)
        return refuse(400, `"justification" must be at most ${JUSTIFICATION_MAX} characters long`);
      for (const field of ['proposedText', 'originalText'] as const) {
        const text = action[field];
        if (text.length > AMENDMENT_TEXT_MAX)
          return refuse(400, `"${field}" must be at most ${AMENDMENT_TEXT_MAX} characters long`);
        if (CONTROL_OR_LINE_BREAK.test(text))
          return refuse(400, `"${field}" must not contain control characters or line breaks`);
      }
      if (!LANGUAGE_CODE.test(action.language))
        return refuse(400, '"language" must be a language code such as "en"');
      return {
        ...amendment,
        proposedText: action.proposedText,
        originalText: action.originalText,
        justification: action.justification,
        language: action.language,
        // Revised against the target's text now, so no longer outdated.
        outdated: false,
        revision: amendment.revision + 1,
        updatedAt: at,
      };
    }
    case 'position': {
      // AM5: others' amendments only, while submitted, one position per delegation.
      if (own) return refuse(403, 'a delegation cannot take a position on its own amendment');
      if (!open) return refuse(409, `${statusPhrase(amendment)}; positions are closed`);
      const reason =
        action.position === 'object'
          ? readReason(action.reason, 'an objection needs a reason')
          : null;
      if (reason !== null && typeof reason === 'object') return reason;
      const who = actor.delegationId;
      const before = positionOf(amendment, who);
      if (before.position === action.position && before.reason === reason) return amendment;
      const cosponsors = amendment.cosponsors.filter((d) => d !== who);
      const supports = amendment.supports.filter((d) => d !== who);
      const objections = amendment.objections.filter((o) => o.delegationId !== who);
      if (action.position === 'cosponsor') cosponsors.push(who);
      if (action.position === 'support') supports.push(who);
      if (action.position === 'object' && reason !== null)
        objections.push({ delegationId: who, reason });
      return { ...amendment, cosponsors, supports, objections, updatedAt: at };
    }
    case 'decide':
    case 'merge': {
      // AM6: only pen-holders, only while submitted; a rejection says why.
      if (!isPenHolder(actor))
        return refuse(403, 'only the Chair, a Co-Chair or the Secretariat may decide amendments');
      if (!open) return refuse(409, `${statusPhrase(amendment)} and can no longer be decided`);
      const decision = action.type === 'merge' ? 'merge' : action.decision;
      const reason = readReason(
        action.reason,
        decision === 'reject' ? 'a rejection needs a reason' : null,
      );
      if (reason !== null && typeof reason === 'object') return reason;
      const status: AmendmentStatus =
        decision === 'accept'
          ? 'accepted'
          : decision === 'accept-with-changes'
            ? 'accepted-with-changes'
            : decision === 'reject'
              ? 'rejected'
              : 'merged';
      const text = action.text ?? null;
      if (decision === 'accept-with-changes' && (text === null || text.trim() === ''))
        return refuse(400, 'accept-with-changes needs the "text" that goes in');
      return {
        ...amendment,
        status,
        decision: {
          by: actor.delegationId,
          personId: actor.personId ?? null,
          decision,
          reason,
          text,
          at,
        },
        compromiseId: action.type === 'merge' ? action.compromiseId : amendment.compromiseId,
        updatedAt: at,
      };
    }
    case 'undo': {
      // AM15: only pen-holders, only a decision taken alone (a compromise is several at once).
      if (!isPenHolder(actor))
        return refuse(403, 'only the Chair, a Co-Chair or the Secretariat may undo a decision');
      if (!UNDOABLE.has(amendment.status))
        return refuse(
          409,
          amendment.status === 'merged'
            ? `amendment ${amendment.number} went into a compromise with others; edit the compromise text instead`
            : `${statusPhrase(amendment)}: there is no decision to undo`,
        );
      return { ...amendment, status: 'submitted', decision: null, updatedAt: at };
    }
  }
}

/** The statuses a pen-holder's decision can be undone from (AM15). */
const UNDOABLE: ReadonlySet<AmendmentStatus> = new Set([
  'accepted',
  'accepted-with-changes',
  'rejected',
]);

/** True when the amendment holds a decision a pen-holder may undo (AM15). */
export function isUndoable(amendment: Pick<Amendment, 'status'>): boolean {
  return UNDOABLE.has(amendment.status);
}

/** A delegation's current position on an amendment (`none` if it has taken none). */
export function positionOf(
  amendment: Pick<Amendment, 'cosponsors' | 'supports' | 'objections'>,
  delegationId: string,
): { position: AmendmentPosition; reason: string | null } {
  if (amendment.cosponsors.includes(delegationId)) return { position: 'cosponsor', reason: null };
  if (amendment.supports.includes(delegationId)) return { position: 'support', reason: null };
  const objection = amendment.objections.find((o) => o.delegationId === delegationId);
  if (objection) return { position: 'object', reason: objection.reason };
  return { position: 'none', reason: null };
}
