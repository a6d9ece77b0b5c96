import express from 'express';
import { isRefusal } from '../auth/Refusal.js';
import { clearedSessionCookie, sessionCookie } from '../auth/cookies.js';
import { SESSION_TTL_MS } from '../auth/Authenticator.js';
import { sessionView, type ApiContext } from './context.js';
import { ApiError, stringField } from './errors.js';

/** Sign in (POST), who am I (GET), sign out (DELETE) at /api/session. */
export function sessionRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.post('/session', async (req, res) => {
    const username = stringField(req.body, 'username', { max: 100 });
    const password = stringField(req.body, 'password', { max: 1000 });
    const result = await ctx.auth.signIn(username, password);
    if (isRefusal(result)) throw new ApiError(result.status, result.message);
    res.setHeader(
      'Set-Cookie',
      sessionCookie(result.token, SESSION_TTL_MS / 1000, ctx.secureCookies),
    );
    res.json(sessionView(result.principal));
  });

  router.get('/session', async (req, res) => {
    const principal = await ctx.auth.principalOf(req);
    if (isRefusal(principal)) throw new ApiError(principal.status, principal.message);
    res.json(sessionView(principal));
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
