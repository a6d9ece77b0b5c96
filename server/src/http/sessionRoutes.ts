import express from 'express';
import { sessionViewSchema, signInRequestSchema } from '@accord/shared';
import { isRefusal } from '../auth/Refusal.js';
import { clearedSessionCookie, sessionCookie } from '../auth/cookies.js';
import { SESSION_TTL_MS } from '../auth/Authenticator.js';
import { sessionView, type ApiContext } from './context.js';
import { refuseWith } from './errors.js';
import { reply } from './reply.js';
import { parseBody } from './validate.js';

/** Sign in (POST), who am I (GET), sign out (DELETE) at /api/session. */
export function sessionRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.post('/session', async (req, res) => {
    const { username, password } = parseBody(signInRequestSchema, req.body);
    const result = await ctx.auth.signIn(username, password);
    if (isRefusal(result)) refuseWith(result);
    res.setHeader(
      'Set-Cookie',
      sessionCookie(result.token, SESSION_TTL_MS / 1000, ctx.secureCookies),
    );
    reply(res, sessionViewSchema, sessionView(result.principal));
  });

  router.get('/session', async (req, res) => {
    const principal = await ctx.auth.principalOf(req);
    if (isRefusal(principal)) refuseWith(principal);
    reply(res, sessionViewSchema, sessionView(principal));
  });

  router.delete('/session', async (req, res) => {
    const ended = await ctx.auth.signOut(req);
    // Sockets opened with this session end with it.
    if (ended) ctx.sessionEnded(ended);
    res.setHeader('Set-Cookie', clearedSessionCookie(ctx.secureCookies));
    res.status(204).end();
  });

  return router;
}
