import type * as Y from 'yjs';
import type { ChangeOrigin } from '@accord/shared';
import type { ClaimResult } from '../ClientIds.js';

/** What the pipeline needs of a client's connection (implemented by Connection). */
export interface PipelineConnection {
  readonly principal: { readonly id: string; readonly username: string };
  /** Decided by the access policy at the upgrade and on every rights change. */
  readonly canWrite: boolean;
  sendSaved(update: Uint8Array, step2: boolean): void;
  close(code: number, reason: string): void;
}

/** Where a change entered: a client's socket, or the server itself acting for someone. */
export type ChangeSource = { kind: 'connection'; conn: PipelineConnection } | { kind: 'server' };

/**
 * One update on its way through the pipeline, with what each step learnt about it. Every change
 * to a document is one of these, whoever made it: `origin` says who (stored with the update),
 * `source` how it arrived (whom to acknowledge, whom not to echo it to).
 */
export interface Change {
  readonly update: Uint8Array;
  readonly origin: ChangeOrigin;
  readonly source: ChangeSource;
  /** True when a client sent it as sync step 2 (its catch-up after connecting). */
  readonly step2: boolean;
  /** identify: the client ids the update writes under, and the outcome of claiming them. */
  clients: Set<number>;
  claim: Extract<ClaimResult, { ok: true }> | null;
  /** validate: false when the update adds nothing the server does not already have. */
  changed: boolean;
  /** validate: block ids that honest concurrent edits left on two blocks (DM6). */
  duplicates: string[];
  /** validate: the Yjs items of this change's blocks that the repair must rename (DM6). */
  rename: Y.ID[];
  /** validate: paragraphs (Yjs items) left with two lists, for the repair to join (DM7). */
  join: Y.ID[];
  /** validate: lists (Yjs items) left without items, for the repair to remove (DM8). */
  prune: Y.ID[];
  /** store: the update's sequence number in the document's log, once durable. */
  seq: number | null;
  /** performance.now() when the change entered the pipeline (OP2: receipt-to-commit latency). */
  readonly receivedAt: number;
}

/** A new change as it enters the pipeline. */
export function newChange(
  update: Uint8Array,
  origin: ChangeOrigin,
  source: ChangeSource,
  step2 = false,
): Change {
  return {
    update,
    origin,
    source,
    step2,
    clients: new Set(),
    claim: null,
    changed: true,
    duplicates: [],
    rename: [],
    join: [],
    prune: [],
    seq: null,
    receivedAt: performance.now(),
  };
}

/** An expected refusal: the change goes no further and its sender learns why. */
export interface StepRefusal {
  refused: true;
  /** Close code for a client's connection (shared/protocol.ts CloseCode). */
  code: number;
  reason: string;
  /** The audit action, e.g. "document.write". */
  action: string;
}

/**
 * What a step says: go on to the next step; skip to `acknowledge` (nothing to store: the update
 * adds nothing); drop the change silently (a reader's write, counted by authorise); or refuse.
 */
export type StepOutcome = 'next' | 'acknowledge' | 'drop' | StepRefusal;

/** One step of the update pipeline. Only `store` answers asynchronously. */
export interface PipelineStep {
  readonly name: string;
  run(change: Change): StepOutcome | Promise<StepOutcome>;
}

/** A refusal of `reason`, closing a client's connection with `code`. */
export function refuse(code: number, reason: string, action = 'document.write'): StepRefusal {
  return { refused: true, code, reason, action };
}
