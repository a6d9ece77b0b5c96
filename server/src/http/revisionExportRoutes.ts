import express from 'express';
import { revisionExportQuerySchema } from '@accord/shared';
import { revisionExport, type RevisionFormat } from '../exports/revision.js';
import type { ApiContext } from './context.js';
import { resultOf } from './errors.js';
import { parseQuery } from './validate.js';

/** The revision export files, by the name the route ends with. */
const FILES: readonly [name: string, format: RevisionFormat][] = [
  ['revision.docx', 'docx'],
  ['revision-clean.docx', 'clean-docx'],
  ['revision.html', 'html'],
  ['revision.pdf', 'pdf'],
];

/**
 * The revision export routes (README "Interfaces", issue 10, SPEC EX1–EX6):
 * `GET /api/documents/:documentId/exports/<file>?from=<versionId>&to=<versionId|live>`, behind
 * a session and open to everyone who may read the document, as the comparison is (every
 * participant reads the documents and their versions). Answers the file as an attachment; the
 * PDF is printed by the server's one Chromium (`ctx.pdf`).
 */
export function revisionExportRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  for (const [name, format] of FILES) {
    router.get(`/documents/:documentId/exports/${name}`, async (req, res) => {
      const { from, to } = parseQuery(revisionExportQuerySchema, req.query);
      const { documentId } = req.params;
      const file = resultOf(
        await revisionExport(
          { ...ctx, texts: ctx.compilationExports },
          { documentId, from, to, format },
        ),
      );
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      // The text is LIMITE: no shared cache keeps a copy.
      res.setHeader('Cache-Control', 'private, no-store');
      res.status(200).send(Buffer.from(file.bytes));
    });
  }
  return router;
}
