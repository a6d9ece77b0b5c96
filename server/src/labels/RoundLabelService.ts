import type * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  deriveLabels,
  roundLabels,
  schema,
  yFragmentToDoc,
  type BlockLabel,
  type DocumentLabels,
  type LabelMap,
  type Round,
} from '@accord/shared';
import { refusal as refuse, type RefusalOr } from '../auth/Refusal.js';
import type { Room } from '../collab/Room.js';
import type { RoundsView } from '../rounds/RoundsView.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { LabelStore } from '../storage/LabelStore.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/Clock.js';

/** How long after a change to the base text its new blocks' labels are kept (SL8). */
const KEEP_DELAY_MS = 250;

/**
 * The labels a round started from, per document: those of the version it started from
 * (`VersionService` implements it). Null when the document has none (imported during the round,
 * or before versions exist): its labels are then the text's own numbering.
 */
export interface StartLabels {
  startLabels(documentId: string, round: Round): Promise<Map<string, BlockLabel> | null>;
}

/** Computes a document's labels from its text as it now stands. */
export type Labeller = (doc: Node) => Map<string, BlockLabel>;

/** What the service reads documents through (the server's `Rooms`). */
export interface LabelledDocuments {
  readDocument<T>(documentId: string, read: (room: Room) => T | Promise<T>): Promise<T>;
}

/** What the service needs from the server. */
export interface RoundLabelServiceDeps {
  rounds: RoundsView;
  start: StartLabels;
  store: LabelStore;
  rooms: LabelledDocuments;
  documents: DocumentStore;
  clock: Clock;
  logger: Logger;
}

/** What a document's labels are computed from during one round. */
interface RoundBasis {
  roundId: string;
  start: ReadonlyMap<string, BlockLabel>;
  /** Kept labels: those stored and those given since, which are being stored. */
  kept: Map<string, BlockLabel>;
}

/** Labels by block id, as the API sends them. */
function toRecord(labels: ReadonlyMap<string, BlockLabel>): LabelMap {
  return Object.fromEntries(labels);
}

/**
 * The labels delegates cite (issue 9, SPEC SL1–SL8). Within a round every document is labelled
 * by `roundLabels(start, text, kept)`: the labels of the version the round started from, new
 * blocks numbered after the one they follow ("OP4 bis"), deleted numbers left unused. Every label
 * given to a new block is kept, in memory at once and in the store soon after, so that it stays
 * with its block for the rest of the round, across later insertions and restarts. Outside a
 * round, or for a document without a start version, the labels are `deriveLabels` (the text's
 * own numbering, as before rounds existed). Amendments cite these labels at submission.
 */
export class RoundLabelService {
  /** The basis of each document in the round under way, by document id. */
  private readonly bases = new Map<string, Promise<RoundBasis | null>>();
  /** The same bases once loaded, readable without waiting (`structureChanged`). */
  private readonly loaded = new Map<string, RoundBasis>();
  /** Documents whose labels are to be re-read after a base change, with the cancel. */
  private readonly pending = new Map<string, () => void>();
  /** The store writes under way per document, one after the other. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly deps: RoundLabelServiceDeps) {}

  /**
   * How `documentId` is labelled now: a function of its text, which keeps the labels it gives
   * to new blocks. Asked before reading the text, so the read itself stays synchronous.
   */
  async labeller(documentId: string): Promise<Labeller> {
    const basis = await this.basisOf(documentId);
    if (!basis) return deriveLabels;
    return (doc) => this.label(documentId, basis, doc);
  }

  /** `GET /api/documents/:documentId/labels`: the labels now, and what a client needs to follow. */
  async labels(documentId: string): Promise<RefusalOr<DocumentLabels>> {
    if (!(await this.deps.documents.getDocument(documentId)))
      return refuse(404, `no document "${documentId}"`);
    const basis = await this.basisOf(documentId);
    const doc = await this.deps.rooms.readDocument(documentId, (room) =>
      yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema),
    );
    if (!basis)
      return {
        roundId: this.deps.rounds.current()?.id ?? null,
        labels: toRecord(deriveLabels(doc)),
        start: null,
        kept: {},
      };
    const labels = this.label(documentId, basis, doc);
    return {
      roundId: basis.roundId,
      labels: toRecord(labels),
      start: toRecord(basis.start),
      kept: toRecord(basis.kept),
    };
  }

  /**
   * The base text changed (Rooms' `onBaseChanged`): its new blocks' labels are kept shortly
   * after, once a burst of typing is over, so they are stored before anyone could see another.
   */
  baseChanged(documentId: string): void {
    if (this.pending.has(documentId) || !this.deps.rounds.current()) return;
    const { clock, logger } = this.deps;
    const cancel = clock.at(clock.now() + KEEP_DELAY_MS, () => {
      this.pending.delete(documentId);
      this.keepLabels(documentId).catch((err: unknown) =>
        logger.error('keeping labels failed', { documentId, error: String(err) }),
      );
    });
    this.pending.set(documentId, cancel);
  }

  /**
   * The base text's structure changed (a block added, moved or deleted; Rooms'
   * `onStructureChanged`, called as the change is applied): the new blocks' labels are kept at
   * once, before the next change can be applied, so a paragraph added before one just added
   * cannot take its label (SL5) however fast the two arrive. Without a loaded basis, the
   * delayed path keeps them.
   */
  structureChanged(documentId: string, doc: Y.Doc): void {
    const round = this.deps.rounds.current();
    const basis = this.loaded.get(documentId);
    if (!round || !basis || basis.roundId !== round.id) return this.baseChanged(documentId);
    this.label(documentId, basis, yFragmentToDoc(doc.getXmlFragment(FRAGMENT_NAME), schema));
  }

  /** Computes the document's labels now, keeping those of new blocks (SL8). */
  async keepLabels(documentId: string): Promise<void> {
    const labeller = await this.labeller(documentId);
    await this.deps.rooms.readDocument(documentId, (room) =>
      labeller(yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema)),
    );
    await this.writes.get(documentId);
  }

  /** Cancels pending reads (the server is stopping) and waits for the writes under way. */
  async stop(): Promise<void> {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
    await Promise.all(this.writes.values());
  }

  /** The round's labels of `doc`; labels given to new blocks are kept (SL5, SL8). */
  private label(documentId: string, basis: RoundBasis, doc: Node): Map<string, BlockLabel> {
    const labels = roundLabels(basis.start, doc, basis.kept);
    const given = new Map<string, BlockLabel>();
    for (const [id, label] of labels)
      if (!basis.start.has(id) && !basis.kept.has(id)) given.set(id, label);
    if (given.size > 0) {
      for (const [id, label] of given) basis.kept.set(id, label);
      this.store(documentId, basis.roundId, given);
    }
    return labels;
  }

  /** Stores kept labels after the writes before them; a failure is logged (the next read retries). */
  private store(documentId: string, roundId: string, given: Map<string, BlockLabel>): void {
    const previous = this.writes.get(documentId) ?? Promise.resolve();
    const write = previous
      .then(() => this.deps.store.keep(roundId, documentId, given))
      .catch((err: unknown) => {
        this.deps.logger.error('storing kept labels failed', { documentId, error: String(err) });
        // Forget the basis, so the next read loads what is stored and gives the labels again.
        this.bases.delete(documentId);
        this.loaded.delete(documentId);
      })
      .finally(() => {
        if (this.writes.get(documentId) === write) this.writes.delete(documentId);
      });
    this.writes.set(documentId, write);
  }

  /**
   * The document's basis in the round under way, loaded once per round; null outside a round
   * or while the document has no start labels (asked again next time: a start version may be
   * frozen later).
   */
  private async basisOf(documentId: string): Promise<RoundBasis | null> {
    const round = this.deps.rounds.current();
    if (!round) return null;
    const cached = this.bases.get(documentId);
    if (cached) {
      const basis = await cached;
      if (basis && basis.roundId === round.id) return basis;
      if (this.bases.get(documentId) === cached) this.bases.delete(documentId);
    }
    const loading = this.load(documentId, round);
    this.bases.set(documentId, loading);
    const basis = await loading.catch((err: unknown) => {
      if (this.bases.get(documentId) === loading) this.bases.delete(documentId);
      throw err;
    });
    if (!basis && this.bases.get(documentId) === loading) this.bases.delete(documentId);
    return basis;
  }

  private async load(documentId: string, round: Round): Promise<RoundBasis | null> {
    const start = await this.deps.start.startLabels(documentId, round);
    if (!start) return null;
    const kept = await this.deps.store.kept(round.id, documentId);
    const basis = { roundId: round.id, start, kept };
    this.loaded.set(documentId, basis);
    return basis;
  }
}
