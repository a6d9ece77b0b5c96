import express from 'express';
import { documentLabelsSchema } from '@accord/shared';
import type { ApiContext } from './context.js';
import { resultOf } from './errors.js';
import { reply } from './reply.js';

/**
 * The labels route (issue 9, SPEC SL1–SL8), behind a session: everyone who may read a document
 * may read how its blocks are cited.
 */
export function labelRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.get('/documents/:documentId/labels', async (req, res) => {
    const labels = resultOf(await ctx.labels.labels(req.params.documentId));
    reply(res, documentLabelsSchema, labels);
  });

  return router;
}
