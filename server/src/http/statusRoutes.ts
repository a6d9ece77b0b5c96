import express from 'express';
import { documentStatusSchema, setStatusRequestSchema } from '@accord/shared';
import type { StatusService } from '../status/StatusService.js';
import { principalOf } from './context.js';
import { resultOf } from './errors.js';
import { reply } from './reply.js';
import { parseBody } from './validate.js';

/**
 * The paragraphs' statuses (issue 10, SPEC NS1–NS8), behind a session: every participant reads
 * them with the document's counts; the service judges who may set them, and when.
 */
export function statusRoutes(ctx: { status: StatusService }): express.Router {
  const router = express.Router();

  router.get('/documents/:documentId/status', async (req, res) => {
    reply(res, documentStatusSchema, resultOf(await ctx.status.read(req.params.documentId)));
  });

  router.put('/documents/:documentId/status/:blockId', async (req, res) => {
    const body = parseBody(setStatusRequestSchema, req.body);
    const answer = await ctx.status.set(
      principalOf(res),
      req.params.documentId,
      req.params.blockId,
      body,
    );
    reply(res, documentStatusSchema, resultOf(answer));
  });

  return router;
}
