import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { FRAGMENT_NAME, LIVE_TEXT, schema, yFragmentToDoc } from '@accord/shared';
import { refusal, isRefusal, type RefusalOr } from '../auth/Refusal.js';
import type { Directory } from '../storage/Directory.js';
import type { DocumentStore } from '../storage/DocumentStore.js';
import type { VersionStore } from '../storage/VersionStore.js';
import type { Clock } from '../time/Clock.js';
import type { VersionService } from '../versions/VersionService.js';
import { revisionDocx } from './revisionDocx.js';
import { revisionHtml } from './revisionHtml.js';
import { printedSigns, revisionModel } from './revisionModel.js';
import { PdfUnavailable, type PdfPrinter } from './revisionPdf.js';

/**
 * The revision exports' one entry (issue 10, SPEC EX1–EX6), called by the routes and by
 * `npm run export`: the redline between a version and another version or the live text
 * (`VersionService.compare`, attributed and dated from the history), laid out as a tracked
 * .docx, a clean .docx, a redline HTML page or its PDF.
 */

/** The formats of a revision export. */
export const REVISION_FORMATS = ['docx', 'clean-docx', 'html', 'pdf'] as const;

/** One revision format (see `REVISION_FORMATS`). */
export type RevisionFormat = (typeof REVISION_FORMATS)[number];

/** What a revision export reads: the server's services (an `ApiContext` or `AccordServer` fits). */
export interface RevisionExportDeps {
  versions: Pick<VersionService, 'compare'>;
  documents: Pick<DocumentStore, 'getDocument'>;
  directory: Pick<Directory, 'listDelegations'>;
  /** The export's date. */
  clock: Clock;
  /** The server's one Chromium, which prints the PDF (AccordServer's, or the command line's). */
  pdf: Pick<PdfPrinter, 'print'>;
  /**
   * The texts themselves (a version's stored state, the live text), to print the newer text's
   * brackets and alternatives, which the comparison's plain text does not carry; without it the
   * revision has none printed.
   */
  texts?: {
    versions: Pick<VersionStore, 'getWithState'>;
    /** The document's text now (the compilation's `liveText` fits). */
    liveText(documentId: string): Promise<{ doc: Node }>;
  };
}

/** The newer text of a revision as a document, for its marks; null when it cannot be read. */
async function newerText(
  texts: RevisionExportDeps['texts'],
  documentId: string,
  to: string,
): Promise<Node | null> {
  if (!texts) return null;
  if (to === LIVE_TEXT) return (await texts.liveText(documentId)).doc;
  const stored = await texts.versions.getWithState(documentId, to);
  if (!stored) return null;
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, stored.state);
  const doc = yFragmentToDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema);
  ydoc.destroy();
  return doc;
}

/** Which revision: of document `documentId`, from version `from` to version `to` or "live". */
export interface RevisionExportRequest {
  documentId: string;
  from: string;
  to: string;
  format: RevisionFormat;
}

/** An export's file. */
export interface ExportFile {
  bytes: Uint8Array;
  /** Its media type, with the charset for text. */
  contentType: string;
  /** A file name a reader recognises: "declaration-zero-draft-to-live.docx". */
  filename: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Each format's media type and file name ending. */
const FORMATS: Record<RevisionFormat, { contentType: string; ending: string }> = {
  docx: { contentType: DOCX, ending: '.docx' },
  'clean-docx': { contentType: DOCX, ending: '-clean.docx' },
  html: { contentType: 'text/html; charset=utf-8', ending: '.html' },
  pdf: { contentType: 'application/pdf', ending: '.pdf' },
};

/** A name safe in a file name and a Content-Disposition header: ASCII letters, digits, dashes. */
function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'document'
  );
}

/** The file name of a revision export: "<document>-<from>-to-<to>[-clean].<ext>". */
export function revisionFilename(
  request: Omit<RevisionExportRequest, 'format'>,
  format: RevisionFormat,
): string {
  const { documentId, from, to } = request;
  return `${slug(documentId)}-${slug(from)}-to-${slug(to)}${FORMATS[format].ending}`;
}

/**
 * The revision of `documentId` from `from` to `to` in `format`. Refused like the comparison:
 * 404 for an unknown document, 400 naming a bad `from` or `to`; 503 when the PDF cannot be
 * printed (Chromium missing, failed or too slow), with the reason. Everyone who may read the
 * document may export it (the routes ask for a session only, as the comparison does).
 */
export async function revisionExport(
  deps: RevisionExportDeps,
  request: RevisionExportRequest,
): Promise<RefusalOr<ExportFile>> {
  const { documentId, from, to, format } = request;
  const comparison = await deps.versions.compare(documentId, from, to);
  if (isRefusal(comparison)) return comparison;
  const document = await deps.documents.getDocument(documentId);
  if (!document) return refusal(404, `no document "${documentId}"`);
  const newer = await newerText(deps.texts, documentId, to);
  const model = revisionModel(
    comparison,
    document.title,
    await deps.directory.listDelegations(),
    new Date(deps.clock.now()).toISOString(),
    newer ? printedSigns(newer) : undefined,
  );
  const { contentType } = FORMATS[format];
  const filename = revisionFilename(request, format);
  switch (format) {
    case 'docx':
    case 'clean-docx':
      return {
        bytes: await revisionDocx(model, { clean: format === 'clean-docx' }),
        contentType,
        filename,
      };
    case 'html':
      return { bytes: new TextEncoder().encode(revisionHtml(model)), contentType, filename };
    case 'pdf':
      try {
        return { bytes: await deps.pdf.print(revisionHtml(model)), contentType, filename };
      } catch (err) {
        if (err instanceof PdfUnavailable) return refusal(503, err.message);
        throw err;
      }
  }
}
