import { amendmentRoutes } from './amendmentRoutes.js';
import { threadRoutes } from './threadRoutes.js';
import { versionRoutes } from './versionRoutes.js';
import { revisionExportRoutes } from './revisionExportRoutes.js';
import { labelRoutes } from './labelRoutes.js';
import { roundRoutes } from './roundRoutes.js';
import { silenceRoutes } from './silenceRoutes.js';
import { compilationExportRoutes } from './compilationExportRoutes.js';
import { statusRoutes } from './statusRoutes.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  apiErrorSchema,
  delegationListSchema,
  documentListSchema,
  documentSummarySchema,
  healthSchema,
  readySchema,
} from '@accord/shared';
import { isAllowedOrigin } from '../auth/origin.js';
import type { ApiContext } from './context.js';
import { principalOf } from './context.js';
import { ApiError } from './errors.js';
import { reply } from './reply.js';
import { requireSession } from './requireSession.js';
import { sessionRoutes } from './sessionRoutes.js';
import { invitationRoutes } from './invitationRoutes.js';
import { adminRoutes } from './adminRoutes.js';

export { ApiError } from './errors.js';

/** What `createApi` is given: the server's context. */
export type ApiOptions = ApiContext;

/**
 * The JSON API under /api. Public: health, sign-in, invitation links. Everything else needs a
 * session; the Secretariat's routes also need its capability. Every error is JSON
 * `{ "error": "<what was wrong>" }`, and every 401/403 is written to the audit trail.
 */
export function createApi(options: ApiOptions): express.Router {
  const ctx: ApiContext = options;
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));

  // State-changing requests from another site are refused even before SameSite cookies would be.
  api.use((req, _res, next) => {
    if (
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      !isAllowedOrigin(req, ctx.allowedOrigins)
    ) {
      throw new ApiError(403, `origin ${req.headers.origin} is not allowed`);
    }
    next();
  });

  // OP3: a cheap query through the store (and the relay), so a monitor learns when either is gone.
  api.get('/health', async (_req, res) => {
    const store = await ctx.documents.isEmpty().then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    const relay = ctx.relayHealth
      ? await ctx.relayHealth().then((ok) => (ok ? ('ok' as const) : ('unavailable' as const)))
      : ('none' as const);
    const ok = store === 'ok' && relay !== 'unavailable';
    reply(res, healthSchema, { ok, store, relay }, ok ? 200 : 503);
  });
  // OP4: load balancers stop sending requests as soon as the server begins to close.
  api.get('/ready', (_req, res) => {
    const ready = ctx.ready?.() ?? true;
    reply(res, readySchema, { ready }, ready ? 200 : 503);
  });
  api.use(sessionRoutes(ctx));
  api.use(invitationRoutes(ctx));

  api.use(requireSession(ctx));

  api.get('/documents', async (_req, res) => {
    reply(res, documentListSchema, await ctx.documents.listDocuments());
  });

  api.get('/documents/:id', async (req, res) => {
    const doc = await ctx.documents.getDocument(req.params.id);
    if (!doc) throw new ApiError(404, `no document "${req.params.id}"`);
    reply(res, documentSummarySchema, doc);
  });

  api.get('/delegations', async (_req, res) => {
    reply(res, delegationListSchema, await ctx.directory.listDelegations());
  });

  api.use(amendmentRoutes(ctx));
  api.use(threadRoutes(ctx));
  api.use(versionRoutes(ctx));
  api.use(revisionExportRoutes(ctx));
  api.use(labelRoutes(ctx));
  api.use(roundRoutes(ctx));
  api.use(silenceRoutes(ctx));
  api.use(compilationExportRoutes(ctx));
  api.use(statusRoutes(ctx));

  api.use('/admin', adminRoutes(ctx));

  api.use((req) => {
    throw new ApiError(404, `no API route ${req.method} ${req.originalUrl}`);
  });

  api.use(async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let status = 500;
    let message = 'internal error';
    if (err instanceof ApiError) {
      status = err.status;
      message = err.message;
    } else {
      // body-parser errors carry a status (400 for bad JSON, 413 for too large).
      const s = (err as { status?: number }).status;
      if (typeof s === 'number' && s >= 400 && s < 500) {
        status = s;
        message = (err as Error).message;
      }
    }
    // Sign-in failures are audited by the authenticator, with the user name that was tried.
    if ((status === 401 || status === 403) && !(status === 401 && req.path === '/session')) {
      const principal = res.locals.principal ? principalOf(res) : null;
      await ctx.audit
        .append({
          personId: principal?.id ?? null,
          username: principal?.username ?? null,
          delegationId: principal?.delegation.id ?? null,
          action: `${req.method} ${req.baseUrl}${req.path}`,
          target: null,
          outcome: 'refused',
          detail: { status, reason: message },
        })
        .catch(() => undefined);
    }
    reply(res, apiErrorSchema, { error: message }, status);
  });
  return api;
}
