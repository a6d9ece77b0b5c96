import express from 'express';
import {
  compareQuerySchema,
  comparisonSchema,
  versionListSchema,
  versionResponseSchema,
} from '@accord/shared';
import type { ApiContext } from './context.js';
import { resultOf } from './errors.js';
import { parseQuery } from './validate.js';
import { reply } from './reply.js';

/**
 * The version routes (README "Interfaces", issue 9, SPEC VR5 and CP1): behind a session,
 * open to everyone who may read the document's text, as every participant may (`text.read`).
 */
export function versionRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  const service = ctx.versions;

  router.get('/documents/:documentId/versions', async (req, res) => {
    reply(res, versionListSchema, resultOf(await service.list(req.params.documentId)));
  });

  router.get('/documents/:documentId/versions/:versionId', async (req, res) => {
    const { documentId, versionId } = req.params;
    reply(res, versionResponseSchema, resultOf(await service.get(documentId, versionId)));
  });

  router.get('/documents/:documentId/compare', async (req, res) => {
    const { from, to } = parseQuery(compareQuerySchema, req.query);
    const comparison = resultOf(await service.compare(req.params.documentId, from, to));
    reply(res, comparisonSchema, comparison);
  });

  return router;
}
