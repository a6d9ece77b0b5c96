import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  LIVE_TEXT,
  compareTexts,
  deriveLabels,
  labelsOf,
  publicationLabels,
  roundLabels,
  schema,
  startVersionId,
  summaryOf,
  versionBlocks,
  yFragmentToDoc,
  type Amendment,
  type BlockLabel,
  type ChangeAuthor,
  type ChangeOrigin,
  type ComparedText,
  type Comparison,
  type Round,
  type Version,
  type VersionSummary,
} from '@accord/shared';
import { refusal as refuse, type RefusalOr } from '../auth/Refusal.js';
import type { Room } from '../collab/Room.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { AuditLog } from '../storage/AuditLog.js';
import type { Directory } from '../storage/Directory.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { StoredVersion, VersionStore } from '../storage/VersionStore.js';
import type { Clock } from '../time/Clock.js';
import { ChangeIndex, authorOfHistory, type HistoryUpdate } from './authorship.js';

/** Labels of a document's text as it now stands (the round's, SL1–SL5). */
export type Labeller = (doc: Node) => Map<string, BlockLabel>;

/** What the service needs from the server. */
export interface VersionServiceDeps {
  versions: VersionStore;
  documents: DocumentStore;
  amendments: AmendmentStore;
  directory: Directory;
  audit: AuditLog;
  clock: Clock;
  /** The open documents (the server's `Rooms`): writes in flight settle before a freeze. */
  rooms: { readDocument<T>(documentId: string, read: (room: Room) => T | Promise<T>): Promise<T> };
  /**
   * The labels given during `roundId` to blocks added in it (SL5), which publication records as
   * their labels in the round; none when absent.
   */
  keptLabels?: (roundId: string, documentId: string) => Promise<ReadonlyMap<string, BlockLabel>>;
  /**
   * How the live text is labelled now (the round's labels); without it, the labels of the
   * latest version carried on by `roundLabels`, or the text's own numbering.
   */
  labeller?: (documentId: string) => Promise<Labeller>;
}

/** A document's text frozen at one point of its history. */
interface Frozen {
  /** The whole Yjs state up to `seq`, history included. */
  state: Uint8Array;
  seq: number;
  ydoc: Y.Doc;
  doc: Node;
}

/** How many updates of the history are read at a time. */
const HISTORY_PAGE = 5_000;

/**
 * Versions of the documents (issue 9, SPEC VR1–VR6) and the redline between any two of them or
 * a version and the live text (CP1–CP5). Publishing freezes every document (never a working
 * copy) exactly as stored at its last update: the Yjs state beside the record, so a later
 * comparison attributes every change from the history. A version is never changed afterwards.
 */
export class VersionService {
  /** Freezes run one after the other, so a publication and a start version never interleave. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: VersionServiceDeps) {}

  /**
   * Publishes `round` (VR1): freezes a version of every document with the round's id, its
   * labels renumbered cleanly and each block's label during the round beside it (SL6), and the
   * amendments with their decisions. A document already published in the round keeps its
   * version (a publication retried after a failure stores only the missing ones). Audited.
   * Returns the round's versions, one per document.
   */
  publish(round: Round, at: string, by: string | null): Promise<Version[]> {
    return this.serially(async () => {
      const made: StoredVersion[] = [];
      const all: Version[] = [];
      for (const { id: documentId } of await this.deps.documents.listDocuments()) {
        const existing = await this.deps.versions.get(documentId, round.id);
        if (existing) {
          all.push(existing);
          continue;
        }
        const frozen = await this.freeze(documentId);
        const start = (await this.startOf(documentId, round.id)) ?? deriveLabels(frozen.doc);
        const kept = await this.deps.keptLabels?.(round.id, documentId);
        const { labels, previous } = publicationLabels(start, frozen.doc, kept);
        const version = await this.record(
          documentId,
          round,
          'published',
          at,
          by,
          frozen,
          labels,
          previous,
        );
        made.push({ version, state: frozen.state });
        all.push(version);
      }
      await this.deps.versions.add(made);
      if (made.length > 0) await this.audit('version.publish', round, by, made);
      return all;
    });
  }

  /**
   * Freezes a `start` version (`start-<roundId>`) of every document that has no version yet
   * (VR4): the text a round starts from when nothing was published before (the seeded text, an
   * import), labelled by its own numbering. Called when a round starts and at seeding. Returns
   * the versions it made.
   */
  ensureStartVersion(round: Round, at: string): Promise<Version[]> {
    return this.serially(async () => {
      const made: StoredVersion[] = [];
      for (const { id: documentId } of await this.deps.documents.listDocuments()) {
        if ((await this.deps.versions.list(documentId)).length > 0) continue;
        const frozen = await this.freeze(documentId);
        const labels = deriveLabels(frozen.doc);
        const version = await this.record(
          documentId,
          round,
          'start',
          at,
          null,
          frozen,
          labels,
          null,
        );
        made.push({ version, state: frozen.state });
      }
      await this.deps.versions.add(made);
      if (made.length > 0) await this.audit('version.start', round, null, made);
      return made.map((m) => m.version);
    });
  }

  /**
   * The labels `round` started from in `documentId` (SL1): those of the document's latest
   * version other than the one published at the end of that round; null when it has none.
   */
  async startLabels(documentId: string, round: Round): Promise<Map<string, BlockLabel> | null> {
    return this.startOf(documentId, round.id);
  }

  /** The document's versions, oldest first (VR5). */
  async list(documentId: string): Promise<RefusalOr<VersionSummary[]>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    return this.deps.versions.list(documentId);
  }

  /** One version, or 404. */
  async get(documentId: string, versionId: string): Promise<RefusalOr<Version>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    const version = await this.deps.versions.get(documentId, versionId);
    return version ?? refuse(404, `document "${documentId}" has no version "${versionId}"`);
  }

  /**
   * The redline from version `fromId` to version `toId` or the live text (`LIVE_TEXT`), with
   * the author of every change read from the history between them (CP1–CP5). 404 for an
   * unknown document, 400 for an unknown version.
   */
  async compare(documentId: string, fromId: string, toId: string): Promise<RefusalOr<Comparison>> {
    const missing = await this.requireDocument(documentId);
    if (missing) return missing;
    if (fromId === LIVE_TEXT)
      return refuse(400, '"from" must be a version: only "to" may be the live text');
    const from = await this.deps.versions.getWithState(documentId, fromId);
    if (!from) return refuse(400, `"from": document "${documentId}" has no version "${fromId}"`);
    let to: StoredVersion | null = null;
    if (toId !== LIVE_TEXT) {
      to = await this.deps.versions.getWithState(documentId, toId);
      if (!to) return refuse(400, `"to": document "${documentId}" has no version "${toId}"`);
    }
    const fromText = thaw(from.state, from.version.seq);
    let toText: Frozen;
    let toBlocks: Version['blocks'];
    let toSide: ComparedText;
    if (to) {
      toText = thaw(to.state, to.version.seq);
      toBlocks = to.version.blocks;
      toSide = side(to.version);
    } else {
      toText = await this.freeze(documentId);
      const labels = await this.liveLabels(documentId, toText.doc);
      toBlocks = versionBlocks(toText.doc, labels);
      toSide = {
        id: LIVE_TEXT,
        kind: 'live',
        name: 'Live text',
        seq: toText.seq,
        at: new Date(this.deps.clock.now()).toISOString(),
      };
    }
    const forward = from.version.seq <= toText.seq;
    const [lo, hi] = forward ? [from.version.seq, toText.seq] : [toText.seq, from.version.seq];
    const updates = await this.historyBetween(documentId, lo, hi);
    const author = await this.authors(documentId, updates);
    const authorOf = authorOfHistory({
      from: fromText.ydoc,
      to: toText.ydoc,
      fromTexts: new Map(from.version.blocks.map((b) => [b.id, b.text])),
      toTexts: new Map(toBlocks.map((b) => [b.id, b.text])),
      index: new ChangeIndex(updates),
      forward,
      author,
    });
    return {
      documentId,
      from: side(from.version),
      to: toSide,
      blocks: compareTexts({ blocks: from.version.blocks }, { blocks: toBlocks }, authorOf),
    };
  }

  /** The document's labels now: the round's (the labeller), else carried on from its latest version. */
  private async liveLabels(documentId: string, doc: Node): Promise<Map<string, BlockLabel>> {
    if (this.deps.labeller) return (await this.deps.labeller(documentId))(doc);
    const start = await this.startOf(documentId, null);
    return start ? roundLabels(start, doc) : deriveLabels(doc);
  }

  /** The labels of the document's latest version, leaving out the one of round `except`. */
  private async startOf(
    documentId: string,
    except: string | null,
  ): Promise<Map<string, BlockLabel> | null> {
    const versions = (await this.deps.versions.list(documentId)).filter((v) => v.id !== except);
    const latest = versions[versions.length - 1];
    if (!latest) return null;
    const version = await this.deps.versions.get(documentId, latest.id);
    return version ? labelsOf(version) : null;
  }

  /**
   * The document exactly as stored at its last update: writes in flight in its room settle
   * first, then the snapshot and the updates after it are read together with their last seq.
   */
  private async freeze(documentId: string): Promise<Frozen> {
    const stored = await this.deps.rooms.readDocument(documentId, async (room) => {
      await room.settled();
      return this.deps.documents.loadDocument(documentId);
    });
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    const ydoc = new Y.Doc({ gc: false });
    if (parts.length > 0)
      Y.applyUpdate(ydoc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
    return {
      state: Y.encodeStateAsUpdate(ydoc),
      seq: stored.lastSeq,
      ydoc,
      doc: yFragmentToDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema),
    };
  }

  /** A version's record. */
  private async record(
    documentId: string,
    round: Round,
    kind: Version['kind'],
    at: string,
    by: string | null,
    frozen: Frozen,
    labels: ReadonlyMap<string, BlockLabel>,
    previous: ReadonlyMap<string, string> | null,
  ): Promise<Version> {
    const amendments: Amendment[] = await this.deps.amendments.list(documentId);
    return {
      id: kind === 'published' ? round.id : startVersionId(round.id),
      documentId,
      roundId: round.id,
      roundName: round.name,
      kind,
      createdAt: at,
      createdBy: by,
      seq: frozen.seq,
      blocks: versionBlocks(frozen.doc, labels, previous),
      amendments,
    };
  }

  /** Every update of the document with `lo < seq <= hi`, in order. */
  private async historyBetween(
    documentId: string,
    lo: number,
    hi: number,
  ): Promise<HistoryUpdate[]> {
    const out: HistoryUpdate[] = [];
    let after = lo;
    for (;;) {
      const page = await this.deps.documents.history(documentId, {
        afterSeq: after,
        limit: HISTORY_PAGE,
      });
      for (const u of page) if (u.seq <= hi) out.push(u);
      const last = page[page.length - 1];
      if (!last || last.seq >= hi || page.length < HISTORY_PAGE) return out;
      after = last.seq;
    }
  }

  /**
   * How each origin of these updates reads as an author (CP4): an accepted amendment with its
   * number and proposing delegation, a person (a pen-holder) with their name, or the system;
   * dated by the update's arrival (tracked-change exports, issue 10).
   */
  private async authors(
    documentId: string,
    updates: readonly HistoryUpdate[],
  ): Promise<(origin: ChangeOrigin, arrivedAt: number | undefined) => ChangeAuthor> {
    const numbers = new Map(
      (await this.deps.amendments.list(documentId)).map((a) => [a.id, a.number]),
    );
    const names = new Map<string, string>();
    for (const u of updates) {
      const o = u.origin;
      if ((o.kind === 'connection' || o.kind === 'request') && !names.has(o.personId)) {
        const person = await this.deps.directory.getPerson(o.personId);
        names.set(o.personId, person?.displayName ?? '');
      }
    }
    return (origin, arrivedAt) => {
      const author = this.authorOf(origin, numbers, names);
      return arrivedAt === undefined
        ? author
        : { ...author, at: new Date(arrivedAt).toISOString() };
    };
  }

  /** An origin as an author, undated. */
  private authorOf(
    origin: ChangeOrigin,
    numbers: ReadonlyMap<string, number>,
    names: ReadonlyMap<string, string>,
  ): ChangeAuthor {
    switch (origin.kind) {
      case 'amendment': {
        const number = numbers.get(origin.amendmentId);
        return {
          kind: 'amendment',
          amendmentId: origin.amendmentId,
          delegationId: origin.delegationId,
          ...(number === undefined ? {} : { number }),
        };
      }
      case 'connection':
      case 'request': {
        const name = names.get(origin.personId);
        return {
          kind: 'pen-holder',
          personId: origin.personId,
          delegationId: origin.delegationId,
          ...(name ? { name } : {}),
        };
      }
      case 'system':
        return { kind: 'system' };
    }
  }

  private async audit(
    action: string,
    round: Round,
    by: string | null,
    made: readonly StoredVersion[],
  ): Promise<void> {
    const person = by === null ? null : await this.deps.directory.getPerson(by);
    await this.deps.audit.append({
      personId: by,
      username: person?.username ?? null,
      delegationId: person?.delegationId ?? null,
      action,
      target: round.id,
      outcome: 'ok',
      detail: {
        round: round.name,
        versions: made.map(({ version: v }) => ({
          documentId: v.documentId,
          id: v.id,
          seq: v.seq,
        })),
      },
    });
  }

  private async requireDocument(documentId: string) {
    if (await this.deps.documents.getDocument(documentId)) return null;
    return refuse(404, `no document "${documentId}"`);
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.last.then(run, run);
    this.last = next.catch(() => undefined);
    return next;
  }
}

/** A stored version's state as a document again. */
function thaw(state: Uint8Array, seq: number): Frozen {
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, state);
  return { state, seq, ydoc, doc: yFragmentToDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema) };
}

/** A version as one side of a comparison. */
function side(version: Version): ComparedText {
  const s = summaryOf(version);
  return { id: s.id, kind: s.kind, name: s.roundName, seq: s.seq, at: s.createdAt };
}
