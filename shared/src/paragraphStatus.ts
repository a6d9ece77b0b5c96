import { z } from 'zod';
import type { Node } from 'prosemirror-model';
import { can, type Capability } from './capability.js';
import type { Delegation } from './delegation.js';

/**
 * Where a paragraph stands in the negotiation, in the words negotiators use (NS1). Kept by the
 * server per block, never typed in the text. `pending` waits for one delegation (`waitingFor`).
 */
export const PARAGRAPH_STATUSES = [
  'agreed',
  'agreed-ad-referendum',
  'bracketed',
  'pending',
  'held',
] as const;

/** One of `PARAGRAPH_STATUSES`. */
export type ParagraphStatusValue = (typeof PARAGRAPH_STATUSES)[number];

/** How each status is printed beside its paragraph and in the summary. */
export const PARAGRAPH_STATUS_LABELS: Record<ParagraphStatusValue, string> = {
  agreed: 'Agreed',
  'agreed-ad-referendum': 'Agreed ad referendum',
  bracketed: 'Bracketed',
  pending: 'Pending',
  held: 'Held',
};

/** The blocks that take a status: the numbered paragraphs and the goals' action points (NS2). */
export const STATUS_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'preambular',
  'operative',
  'action',
]);

/** A paragraph's status as the server keeps it: what, and who set it when. */
export const paragraphStatusSchema = z.object({
  documentId: z.string(),
  blockId: z.string(),
  status: z.enum(PARAGRAPH_STATUSES),
  /** The delegation a `pending` paragraph waits for; null for every other status. */
  waitingFor: z.string().nullable(),
  setBy: z.object({
    personId: z.string(),
    name: z.string(),
    delegationId: z.string(),
  }),
  setAt: z.iso.datetime({ offset: true }),
});

/** One paragraph's status (see `paragraphStatusSchema`). */
export type ParagraphStatus = z.infer<typeof paragraphStatusSchema>;

/** What a pen-holder asks for: a status, and for `pending` the delegation it waits for. */
export interface StatusChange {
  /** The new status, or null to clear it (the paragraph has no status again). */
  status: ParagraphStatusValue | null;
  waitingFor?: string | null | undefined;
}

/** A refusal of the status rules: an HTTP status and what was wrong. */
export interface StatusRefusal {
  status: 400 | 403 | 404 | 409;
  message: string;
}

/** Who may set statuses and brackets: the pen-holders (NS2), as they edit the text. */
export const STATUS_CAPABILITY: Capability = 'text.edit';

/** What the status rules judge a change against. */
export interface StatusContext {
  /** The person's delegation. */
  delegation: Pick<Delegation, 'kind' | 'roles'>;
  /** The document's live text. */
  doc: Node;
  /** Every delegation's id (a pending paragraph waits for one of them). */
  delegationIds: ReadonlySet<string>;
  /** True once the last round is published: the text is final (RD10). */
  finalText: boolean;
}

/**
 * NS2–NS5: may this status be set on block `blockId`? Only pen-holders (403), never once the
 * text is final (409), only on a paragraph or action point of the live text (404 when no such
 * block, 400 for another kind of block), `pending` only with the delegation it waits for and no
 * other status with one (400). Null when the change is allowed.
 */
export function statusChangeRefusal(
  blockId: string,
  change: StatusChange,
  ctx: StatusContext,
): StatusRefusal | null {
  if (!can(ctx.delegation, STATUS_CAPABILITY))
    return {
      status: 403,
      message: 'only the pen-holders (Chair, Co-Chair, Secretariat) set statuses',
    };
  if (ctx.finalText)
    return { status: 409, message: 'the text is final: it was adopted and can no longer change' };
  const block = findBlock(ctx.doc, blockId);
  if (!block) return { status: 404, message: `the text has no block "${blockId}"` };
  if (!STATUS_BLOCK_TYPES.has(block.type.name))
    return {
      status: 400,
      message: `a ${block.type.name} takes no status: only paragraphs and action points do`,
    };
  const waitingFor = change.waitingFor ?? null;
  if (change.status === 'pending') {
    if (waitingFor === null)
      return {
        status: 400,
        message: '"waitingFor" must name the delegation a pending paragraph waits for',
      };
    if (!ctx.delegationIds.has(waitingFor))
      return { status: 400, message: `"waitingFor": no delegation "${waitingFor}"` };
  } else if (waitingFor !== null) {
    return { status: 400, message: '"waitingFor" is only for a pending paragraph' };
  }
  return null;
}

/** The block of `doc` whose id is `blockId`, at any depth, or null. */
export function findBlock(doc: Node, blockId: string): Node | null {
  let found: Node | null = null;
  doc.descendants((node) => {
    if (found) return false;
    if (node.attrs.id === blockId) found = node;
    return !node.isTextblock;
  });
  return found;
}

/** How a status is printed: "Pending (Germany)" names the delegation it waits for. */
export function statusText(
  status: Pick<ParagraphStatus, 'status' | 'waitingFor'>,
  delegationName: (id: string) => string = (id) => id,
): string {
  const label = PARAGRAPH_STATUS_LABELS[status.status];
  return status.status === 'pending' && status.waitingFor
    ? `${label} (${delegationName(status.waitingFor)})`
    : label;
}
