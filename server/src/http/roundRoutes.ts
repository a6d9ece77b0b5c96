import express from 'express';
import {
  createRoundRequestSchema,
  extensionRequestSchema,
  extensionResponseSchema,
  feedbackTracker,
  isPenHolder,
  phaseRequestSchema,
  roundListSchema,
  roundResponseSchema,
  trackerCsv,
  trackerSchema,
  updateRoundRequestSchema,
  type Amendment,
  type Thread,
  type Tracker,
} from '@accord/shared';
import { isRefusal } from '../auth/Refusal.js';
import type { Principal } from '../auth/Principal.js';
import { principalOf, type ApiContext } from './context.js';
import { ApiError, resultOf } from './errors.js';
import { reply } from './reply.js';
import { parseBody } from './validate.js';

/**
 * The round routes (README "Interfaces", issue 9), behind a session: everyone reads the rounds
 * and follows the negotiation feed; only the Chair, a Co-Chair or the Secretariat plan rounds,
 * grant extensions and read the feedback tracker (RD7, FT3). The service checks every rule.
 */
export function roundRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  const rounds = ctx.rounds;
  const person = (res: express.Response) => ({ kind: 'person' as const, who: principalOf(res) });

  router.get('/rounds', async (_req, res) => {
    reply(res, roundListSchema, await rounds.view(principalOf(res)));
  });

  router.post('/rounds', async (req, res) => {
    const body = parseBody(createRoundRequestSchema, req.body);
    const round = resultOf(await rounds.create(person(res), body));
    reply(res, roundResponseSchema, { ...round, extensions: [] }, 201);
  });

  router.patch('/rounds/:id', async (req, res) => {
    const body = parseBody(updateRoundRequestSchema, req.body);
    const round = resultOf(await rounds.update(person(res), req.params.id, body));
    reply(res, roundResponseSchema, { ...round, extensions: await rounds.extensions(round.id) });
  });

  router.post('/rounds/:id/phase', async (req, res) => {
    const { phase } = parseBody(phaseRequestSchema, req.body);
    const round = resultOf(await rounds.changePhase(person(res), req.params.id, phase));
    reply(res, roundResponseSchema, { ...round, extensions: await rounds.extensions(round.id) });
  });

  router.post('/rounds/:id/extensions', async (req, res) => {
    const body = parseBody(extensionRequestSchema, req.body);
    const ext = resultOf(await rounds.grantExtension(person(res), req.params.id, body));
    reply(res, extensionResponseSchema, ext, 201);
  });

  router.get('/rounds/:id/tracker', async (req, res) => {
    reply(res, trackerSchema, await tracker(ctx, principalOf(res), req.params.id));
  });

  router.get('/rounds/:id/tracker.csv', async (req, res) => {
    const t = await tracker(ctx, principalOf(res), req.params.id);
    const name = t.roundId.replace(/[^A-Za-z0-9_-]/g, '_');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="feedback-${name}.csv"`);
    // A byte-order mark, so that Excel reads the delegations' names as UTF-8.
    res.status(200).send('\uFEFF' + trackerCsv(t));
  });

  router.get('/negotiation/events', async (_req, res) => {
    // The rounds, then the silence procedures still running and the latest one (NF1, SI9).
    const procedures = await ctx.silence.list();
    const latest = procedures.at(-1);
    const silence = procedures.filter((p) => p.state === 'under-silence' || p === latest);
    await ctx.negotiationFeed.open(res, principalOf(res), [
      (who) => rounds.view(who).then((v) => ({ type: 'rounds' as const, ...v })),
      ...silence.map((procedure) => () => ({ type: 'silence' as const, procedure })),
    ]);
  });

  return router;
}

/** FT1–FT3: the tracker of round `roundId`, for pen-holders only. */
async function tracker(ctx: ApiContext, who: Principal, roundId: string): Promise<Tracker> {
  if (!isPenHolder({ roles: who.delegation.roles }))
    throw new ApiError(403, 'only the Chair, a Co-Chair or the Secretariat may read the tracker');
  const round = ctx.rounds.list().find((r) => r.id === roundId);
  if (!round) throw new ApiError(404, `there is no round "${roundId}"`);
  const amendments: Amendment[] = [];
  const threads: Thread[] = [];
  for (const doc of await ctx.documents.listDocuments()) {
    const listed = await ctx.amendments.list(doc.id);
    if (!isRefusal(listed)) amendments.push(...listed);
    const read = await ctx.threads.list(who, doc.id);
    if (!isRefusal(read)) threads.push(...read);
  }
  return feedbackTracker({
    round,
    delegations: await ctx.directory.listDelegations(),
    amendments,
    threads,
    extensions: await ctx.rounds.extensions(roundId),
  });
}
