import express, { type Response } from 'express';
import { compilationQuerySchema } from '@accord/shared';
import type { ApiContext } from './context.js';
import { resultOf } from './errors.js';
import { parseQuery } from './validate.js';
import { compilationExport, type CompilationExportRequest } from '../exports/compilation.js';
import type { ExportFile } from '../exports/revision.js';

/** Sends an export as a download under its own file name. */
function download(res: Response, file: ExportFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.status(200).send(Buffer.from(file.bytes));
}

/**
 * The compilation, data and Akoma Ntoso downloads (issue 10, SPEC EC1–EC7, README
 * "Interfaces"): behind a session, open to everyone who may read the document, as every
 * participant may; an unknown document or version is 404, a bad layout 400.
 */
export function compilationExportRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  const send = async (res: Response, request: CompilationExportRequest) =>
    download(res, resultOf(await compilationExport(ctx.compilationExports, request)));

  router.get('/documents/:documentId/exports/compilation.docx', async (req, res) => {
    const { layout } = parseQuery(compilationQuerySchema, req.query);
    await send(res, { documentId: req.params.documentId, format: 'compilation-docx', layout });
  });

  router.get('/documents/:documentId/exports/compilation.html', async (req, res) => {
    const { layout } = parseQuery(compilationQuerySchema, req.query);
    await send(res, { documentId: req.params.documentId, format: 'compilation-html', layout });
  });

  router.get('/documents/:documentId/exports/amendments.csv', async (req, res) => {
    await send(res, { documentId: req.params.documentId, format: 'amendments-csv' });
  });

  router.get('/documents/:documentId/exports/amendments.json', async (req, res) => {
    await send(res, { documentId: req.params.documentId, format: 'amendments-json' });
  });

  router.get('/documents/:documentId/versions/:versionId/akn.xml', async (req, res) => {
    const { documentId, versionId } = req.params;
    await send(res, { documentId, format: 'akn', versionId });
  });

  return router;
}
