import express, { type Response } from 'express';
import {
  amendmentDetailSchema,
  amendmentFeedQuerySchema,
  amendmentListSchema,
  amendmentResponseSchema,
  compromiseListSchema,
  compromiseRequestSchema,
  compromiseResponseSchema,
  decisionRequestSchema,
  positionRequestSchema,
  submitAmendmentsRequestSchema,
  submitAmendmentsResponseSchema,
  undoRequestSchema,
  withdrawRequestSchema,
  type Capability,
} from '@accord/shared';
import { can } from '@accord/shared';
import { principalOf, type ApiContext } from './context.js';
import { ApiError, resultOf } from './errors.js';
import { parseBody, parseQuery } from './validate.js';
import { reply } from './reply.js';

/** Refuses with 403 unless the caller's delegation has `capability`. */
function require(res: Response, capability: Capability, message: string): void {
  if (!can(principalOf(res).delegation, capability)) throw new ApiError(403, message);
}

/**
 * The amendment routes (README "Interfaces", issue 7), behind a session: reading and following
 * a document's amendments is open to every participant; submitting, positions and decisions
 * need their capability, and the service checks ownership and status (SPEC AM4–AM13).
 */
export function amendmentRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  const service = ctx.amendments;

  router.get('/documents/:documentId/amendments', async (req, res) => {
    reply(res, amendmentListSchema, resultOf(await service.list(req.params.documentId)));
  });

  router.post('/documents/:documentId/amendments', async (req, res) => {
    require(res, 'amendment.propose', 'your delegation may not propose amendments');
    const body = parseBody(submitAmendmentsRequestSchema, req.body);
    const amendments = resultOf(
      await service.submit(principalOf(res), req.params.documentId, body),
    );
    reply(res, submitAmendmentsResponseSchema, { amendments }, 201);
  });

  // Server-sent events; EventSource resumes with Last-Event-ID, a client may say `?after=`.
  router.get('/documents/:documentId/amendments/events', async (req, res) => {
    const { after } = parseQuery(amendmentFeedQuerySchema, req.query);
    const header = req.get('last-event-id')?.trim() ?? '';
    const resumed = /^\d{1,15}$/.test(header) ? Number(header) : null;
    const documentId = req.params.documentId;
    if (!(await ctx.documents.getDocument(documentId)))
      throw new ApiError(404, `no document "${documentId}"`);
    await ctx.openFeed(res, documentId, resumed ?? after ?? 0, principalOf(res));
  });

  router.get('/documents/:documentId/compromises', async (req, res) => {
    reply(res, compromiseListSchema, resultOf(await service.compromises(req.params.documentId)));
  });

  router.post('/documents/:documentId/compromises', async (req, res) => {
    require(res, 'amendment.decide', 'only the Chair, a Co-Chair or the Secretariat may decide amendments');
    const { amendmentIds, text, reason } = parseBody(compromiseRequestSchema, req.body);
    const result = resultOf(
      await service.compromise(principalOf(res), req.params.documentId, amendmentIds, text, reason),
    );
    reply(res, compromiseResponseSchema, result, 201);
  });

  router.get('/amendments/:id', async (req, res) => {
    reply(res, amendmentDetailSchema, resultOf(await service.detail(req.params.id)));
  });

  router.post('/amendments/:id/withdraw', async (req, res) => {
    require(res, 'amendment.propose', 'your delegation may not propose or withdraw amendments');
    const { reason } = parseBody(withdrawRequestSchema, req.body);
    const result = await service.withdraw(principalOf(res), req.params.id, reason);
    reply(res, amendmentResponseSchema, resultOf(result));
  });

  router.post('/amendments/:id/position', async (req, res) => {
    require(res, 'amendment.position', 'your delegation may not take positions on amendments');
    const { position, reason } = parseBody(positionRequestSchema, req.body);
    const result = await service.position(principalOf(res), req.params.id, position, reason);
    reply(res, amendmentResponseSchema, resultOf(result));
  });

  router.post('/amendments/:id/decision', async (req, res) => {
    require(res, 'amendment.decide', 'only the Chair, a Co-Chair or the Secretariat may decide amendments');
    const { decision, reason, text } = parseBody(decisionRequestSchema, req.body);
    const result = await service.decide(
      principalOf(res),
      req.params.id,
      decision,
      reason,
      text ?? null,
    );
    reply(res, amendmentResponseSchema, resultOf(result));
  });

  // AM15: a pen-holder takes a decision back while the round is in consolidation.
  router.post('/amendments/:id/undo', async (req, res) => {
    require(res, 'amendment.decide', 'only the Chair, a Co-Chair or the Secretariat may undo decisions');
    const { reason } = parseBody(undoRequestSchema, req.body);
    const result = await service.undo(principalOf(res), req.params.id, reason);
    reply(res, amendmentResponseSchema, resultOf(result));
  });

  return router;
}
