import express from 'express';
import {
  breakSilenceRequestSchema,
  silenceListSchema,
  silenceResponseSchema,
  startSilenceRequestSchema,
  withdrawSilenceRequestSchema,
} from '@accord/shared';
import { isoAt } from '../time/Clock.js';
import type { SilenceService } from '../silence/SilenceService.js';
import { principalOf, type ApiContext } from './context.js';
import { resultOf } from './errors.js';
import { reply } from './reply.js';
import { parseBody } from './validate.js';

/**
 * The silence procedure's routes (README "Interfaces", issue 9, SPEC SI1–SI9), behind a
 * session. Every participant sees every procedure; the service judges who may start, break and
 * withdraw, and when.
 */
export function silenceRoutes(
  ctx: Pick<ApiContext, 'clock'> & { silence: SilenceService },
): express.Router {
  const router = express.Router();
  const service = ctx.silence;

  router.get('/silence', async (_req, res) => {
    const procedures = await service.list();
    reply(res, silenceListSchema, { now: isoAt(ctx.clock.now()), procedures });
  });

  router.post('/silence', async (req, res) => {
    const body = parseBody(startSilenceRequestSchema, req.body);
    reply(res, silenceResponseSchema, resultOf(await service.start(principalOf(res), body)), 201);
  });

  router.get('/silence/:id', async (req, res) => {
    reply(res, silenceResponseSchema, resultOf(await service.get(req.params.id)));
  });

  router.post('/silence/:id/breaks', async (req, res) => {
    const body = parseBody(breakSilenceRequestSchema, req.body);
    const procedure = resultOf(await service.breakSilence(principalOf(res), req.params.id, body));
    reply(res, silenceResponseSchema, procedure, 201);
  });

  router.post('/silence/:id/withdraw', async (req, res) => {
    parseBody(withdrawSilenceRequestSchema, req.body ?? {});
    reply(
      res,
      silenceResponseSchema,
      resultOf(await service.withdraw(principalOf(res), req.params.id)),
    );
  });

  return router;
}
