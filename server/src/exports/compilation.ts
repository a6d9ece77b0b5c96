import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import {
  FRAGMENT_NAME,
  OBJECT_MARK,
  deriveLabels,
  footnoteNumbers,
  labelsOf,
  schema,
  textBlocks,
  yFragmentToDoc,
  type Amendment,
  type BlockLabel,
  type CompilationLayout as Layout,
  type Round,
} from '@accord/shared';
import { refusal as refuse, type RefusalOr } from '../auth/Refusal.js';
import { inDocumentOrder } from '../amendments/documentOrder.js';
import type { AmendmentStore } from '../storage/AmendmentStore.js';
import type { Directory } from '../storage/Directory.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { VersionStore } from '../storage/VersionStore.js';
import type { RoundsView } from '../rounds/RoundsView.js';
import type { Clock } from '../time/Clock.js';
import { buildCompilation, type CompilationBlock } from './compilationModel.js';
import { compilationDocx } from './compilationDocx.js';
import { compilationHtml } from './compilationHtml.js';
import { CSV_BOM, amendmentsCsv } from './amendmentsCsv.js';
import { amendmentsJson } from './amendmentsJson.js';
import { akomaNtoso } from './akomaNtoso.js';
import { printedPieces } from './printedText.js';
import type { ExportFile } from './revision.js';

/**
 * The compilation, data and Akoma Ntoso exports (issue 10, SPEC EC1–EC7), read from the server's
 * stores and rendered by the pure builders beside this file. The routes and the command line
 * (`npm run export`) both call `compilationExport`, so a file is the same whichever way it is
 * asked for.
 */

/** What the exports read; the server passes its own, the command line the store's. */
export interface CompilationExportDeps {
  documents: Pick<DocumentStore, 'getDocument'>;
  amendments: Pick<AmendmentStore, 'list'>;
  directory: Pick<Directory, 'listDelegations'>;
  versions: Pick<VersionStore, 'getWithState'>;
  rounds: Pick<RoundsView, 'current' | 'lastPublished'>;
  /** The document's text now and how the round labels it (the round's labeller, SL8). */
  liveText(documentId: string): Promise<{ doc: Node; labels: ReadonlyMap<string, BlockLabel> }>;
  clock: Clock;
}

/** Which export, of which document (and version, for Akoma Ntoso). */
export type CompilationExportRequest =
  | { documentId: string; format: 'compilation-docx' | 'compilation-html'; layout?: Layout }
  | { documentId: string; format: 'amendments-csv' | 'amendments-json' }
  | { documentId: string; format: 'akn'; versionId: string };

/** The kinds of export this module makes. */
export type CompilationExportFormat = CompilationExportRequest['format'];

/** Text as the bytes of a UTF-8 file. */
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Phases in which a round's amendments are the ones under way. */
const UNDER_WAY = new Set(['drafting', 'feedback', 'consolidation']);

/**
 * The amendments a compilation holds (EC1): those of the round under way (or, between rounds,
 * of the last published one) and those from before rounds existed; never withdrawn or
 * superseded ones, which are no longer before the pen-holders.
 */
export function currentAmendments(all: readonly Amendment[], round: Round | null): Amendment[] {
  return all.filter(
    (a) =>
      a.status !== 'withdrawn' &&
      a.status !== 'superseded' &&
      (round === null || a.roundId === null || a.roundId === round.id),
  );
}

/** The blocks of `doc` as the compilation cites them, with each marker's footnote number. */
export function compilationBlocks(
  doc: Node,
  labels: ReadonlyMap<string, BlockLabel>,
): CompilationBlock[] {
  const numbers = footnoteNumbers(doc);
  const printed = new Map<string, { text: string; notes: string[] }>();
  // Each block's text is read from its own inline content (its body or its title), as printed:
  // brackets and alternatives shown (NS7, NS10), each footnote marker with its number.
  const walk = (node: Node) => {
    const id = node.attrs.id as string | null | undefined;
    if (id && !printed.has(id)) {
      const textNode =
        node.type.name === 'goal' || node.firstChild?.type.name === 'body'
          ? node.firstChild
          : node.inlineContent
            ? node
            : null;
      let text = '';
      const notes: string[] = [];
      for (const piece of textNode ? printedPieces(textNode) : []) {
        if (piece.kind === 'text') text += piece.node.text ?? '';
        else if (piece.kind === 'sign') text += piece.text;
        else {
          text += OBJECT_MARK;
          const n = numbers.get(piece.ref);
          notes.push(n === undefined ? '*' : String(n));
        }
      }
      printed.set(id, { text, notes });
    }
    node.forEach(walk);
  };
  walk(doc);
  return textBlocks(doc).map((b) => ({
    id: b.blockId,
    type: b.type,
    label: labels.get(b.blockId)?.short ?? '',
    text: printed.get(b.blockId)?.text ?? b.text,
    notes: printed.get(b.blockId)?.notes ?? [],
  }));
}

/** A slug for file names: the document id is one already, but a version id may not be. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * Produces one export (EC1–EC7): 404 for an unknown document, or an unknown version for
 * Akoma Ntoso. Who may ask is the caller's concern (every signed-in participant reads).
 */
export async function compilationExport(
  deps: CompilationExportDeps,
  request: CompilationExportRequest,
): Promise<RefusalOr<ExportFile>> {
  const { documentId } = request;
  const document = await deps.documents.getDocument(documentId);
  if (!document) return refuse(404, `no document "${documentId}"`);
  const date = new Date(deps.clock.now()).toISOString();

  if (request.format === 'akn') {
    const stored = await deps.versions.getWithState(documentId, request.versionId);
    if (!stored)
      return refuse(404, `document "${documentId}" has no version "${request.versionId}"`);
    const ydoc = new Y.Doc({ gc: false });
    Y.applyUpdate(ydoc, stored.state);
    const doc = yFragmentToDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema);
    ydoc.destroy();
    const versionLabels = labelsOf(stored.version);
    // A block without a label in the version (an uncited footnote) falls back to the text's own.
    const own = deriveLabels(doc);
    const labels = new Map([...own, ...versionLabels]);
    return {
      contentType: 'application/akn+xml',
      filename: `${slug(documentId)}-${slug(request.versionId)}.akn.xml`,
      bytes: utf8(akomaNtoso({ document, version: stored.version, doc, labels })),
    };
  }

  const round = deps.rounds.current() ?? deps.rounds.lastPublished();
  const roundUnderWay = round !== null && UNDER_WAY.has(round.phase);
  const versionName = round
    ? `Live text, ${round.name}${roundUnderWay ? ` (${round.phase})` : ''}`
    : 'Live text';
  const [stored, delegations, live] = await Promise.all([
    deps.amendments.list(documentId),
    deps.directory.listDelegations(),
    deps.liveText(documentId),
  ]);
  const blocks = compilationBlocks(live.doc, live.labels);
  const amendments = inDocumentOrder(
    currentAmendments(stored, round),
    blocks.map((b) => b.id),
  );
  const delegationNames = new Map(delegations.map((d) => [d.id, d.name]));
  const base = slug(documentId);

  switch (request.format) {
    case 'amendments-csv':
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: `${base}-amendments.csv`,
        bytes: utf8(CSV_BOM + amendmentsCsv({ amendments, delegationNames, versionName, date })),
      };
    case 'amendments-json':
      return {
        contentType: 'application/json; charset=utf-8',
        filename: `${base}-amendments.json`,
        bytes: utf8(
          amendmentsJson({ documentId, title: document.title, versionName, date, amendments }),
        ),
      };
    case 'compilation-docx':
    case 'compilation-html': {
      const compilation = buildCompilation({
        documentId,
        title: document.title,
        kind: document.kind,
        blocks,
        amendments,
        delegationNames,
        versionName,
        date,
      });
      const layout = request.layout ?? 'list';
      const suffix = layout === 'two-column' ? '-two-column' : '';
      if (request.format === 'compilation-html')
        return {
          contentType: 'text/html; charset=utf-8',
          filename: `${base}-compilation${suffix}.html`,
          bytes: utf8(compilationHtml(compilation, layout)),
        };
      return {
        contentType: DOCX_TYPE,
        filename: `${base}-compilation${suffix}.docx`,
        bytes: await compilationDocx(compilation, layout),
      };
    }
  }
}

/** The media type of a Word document. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What `liveTextFrom` reads documents through (the server's `Rooms`). */
export interface LiveDocuments {
  readDocument<T>(documentId: string, read: (room: { doc: Y.Doc }) => T | Promise<T>): Promise<T>;
}

/**
 * `CompilationExportDeps.liveText` from the open documents and the round's labeller: the text as
 * it now stands, labelled as delegates cite it (SL8).
 */
export function liveTextFrom(
  rooms: LiveDocuments,
  labeller: (documentId: string) => Promise<(doc: Node) => Map<string, BlockLabel>>,
): CompilationExportDeps['liveText'] {
  return async (documentId) => {
    const label = await labeller(documentId);
    return rooms.readDocument(documentId, (room) => {
      const doc = yFragmentToDoc(room.doc.getXmlFragment(FRAGMENT_NAME), schema);
      return { doc, labels: label(doc) };
    });
  };
}
