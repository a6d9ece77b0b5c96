import express from 'express';
import {
  createThreadRequestSchema,
  editCommentRequestSchema,
  reanchorRequestSchema,
  replyRequestSchema,
  resolveRequestSchema,
  threadListSchema,
  threadResponseSchema,
} from '@accord/shared';
import { principalOf, type ApiContext } from './context.js';
import { ApiError, resultOf } from './errors.js';
import { parseBody } from './validate.js';
import type { ApiSchema, Parsed } from '@accord/shared';
import { reply } from './reply.js';

/**
 * `parseBody`, naming the nested field a problem is in: the anchor's schema (shared by several
 * bodies) says what is wrong with a position but not which, and SPEC AC12 wants the field named.
 */
function parseThreadBody<S extends ApiSchema>(schema: S, body: unknown): Parsed<S> {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const issue = schema.safeParse(input).error?.issues[0];
  if (issue && !issue.message.startsWith('"') && issue.path.length > 0)
    throw new ApiError(400, `"${issue.path.join('.')}": ${issue.message}`);
  return parseBody(schema, body);
}

/**
 * The comment routes (README "Interfaces", issue 8), behind a session. Every participant who may
 * read the text may comment; the service checks who may read, change and resolve each thread
 * (SPEC CM1–CM8), and a thread a caller may not read is answered as not found.
 */
export function threadRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  const service = ctx.threads;

  router.get('/documents/:documentId/threads', async (req, res) => {
    const threads = resultOf(await service.list(principalOf(res), req.params.documentId));
    reply(res, threadListSchema, threads);
  });

  router.post('/documents/:documentId/threads', async (req, res) => {
    const body = parseThreadBody(createThreadRequestSchema, req.body);
    const thread = resultOf(await service.create(principalOf(res), req.params.documentId, body));
    reply(res, threadResponseSchema, thread, 201);
  });

  router.post('/threads/:id/comments', async (req, res) => {
    const { text } = parseBody(replyRequestSchema, req.body);
    const thread = resultOf(await service.reply(principalOf(res), req.params.id, text));
    reply(res, threadResponseSchema, thread, 201);
  });

  router.patch('/comments/:id', async (req, res) => {
    const { text } = parseBody(editCommentRequestSchema, req.body);
    const thread = resultOf(await service.edit(principalOf(res), req.params.id, text));
    reply(res, threadResponseSchema, thread);
  });

  router.delete('/comments/:id', async (req, res) => {
    reply(
      res,
      threadResponseSchema,
      resultOf(await service.remove(principalOf(res), req.params.id)),
    );
  });

  for (const [path, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    router.post(`/threads/:id/${path}`, async (req, res) => {
      parseBody(resolveRequestSchema, req.body);
      const thread = resultOf(await service.setResolved(principalOf(res), req.params.id, resolved));
      reply(res, threadResponseSchema, thread);
    });
  }

  router.post('/threads/:id/anchor', async (req, res) => {
    const { anchor, quote } = parseThreadBody(reanchorRequestSchema, req.body);
    const thread = resultOf(await service.reanchor(principalOf(res), req.params.id, anchor, quote));
    reply(res, threadResponseSchema, thread);
  });

  return router;
}
