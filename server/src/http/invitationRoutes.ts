import express from 'express';
import { isRefusal } from '../auth/Refusal.js';
import { hashToken } from '../auth/tokens.js';
import { hashPassword } from '../auth/password.js';
import { sessionCookie } from '../auth/cookies.js';
import { SESSION_TTL_MS } from '../auth/Authenticator.js';
import { sessionView, type ApiContext } from './context.js';
import { ApiError, stringField } from './errors.js';

/** User names: what people can type and read aloud on a call. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,40}$/;

/** The shortest password an invited person may choose. */
export const MIN_PASSWORD_LENGTH = 10;

/** Public routes of a one-time invitation link: what it offers, and accepting it. */
export function invitationRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.get('/invitations/:token', async (req, res) => {
    const invitation = await ctx.directory.findInvitation(hashToken(req.params.token));
    if (!invitation) throw new ApiError(404, 'this invitation link is not valid');
    if (invitation.usedAt) throw new ApiError(410, 'this invitation has already been used');
    if (Date.parse(invitation.expiresAt) < Date.now())
      throw new ApiError(410, 'this invitation has expired');
    const delegation = await ctx.directory.getDelegation(invitation.delegationId);
    if (!delegation) throw new ApiError(404, 'the delegation of this invitation no longer exists');
    res.json({
      delegation: { id: delegation.id, name: delegation.name, kind: delegation.kind },
      displayName: invitation.displayName,
      expiresAt: invitation.expiresAt,
    });
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const username = stringField(req.body, 'username', { max: 40 }).toLowerCase();
    const password = stringField(req.body, 'password', { min: MIN_PASSWORD_LENGTH, max: 1000 });
    if (!USERNAME_PATTERN.test(username)) {
      throw new ApiError(
        400,
        'the user name must be 3 to 40 letters, digits, dots, dashes or underscores',
      );
    }
    const tokenHash = hashToken(req.params.token);
    const person = await ctx.directory.acceptInvitation(
      tokenHash,
      { username, passwordHash: await hashPassword(password) },
      new Date(),
    );
    if (person === 'not-found') throw new ApiError(404, 'this invitation link is not valid');
    if (person === 'used') throw new ApiError(410, 'this invitation has already been used');
    if (person === 'expired') throw new ApiError(410, 'this invitation has expired');
    if (person === 'conflict') throw new ApiError(409, `the user name "${username}" is taken`);
    await ctx.audit.append({
      personId: person.id,
      username: person.username,
      delegationId: person.delegationId,
      action: 'invitation.accept',
      target: person.id,
      outcome: 'ok',
      detail: { displayName: person.displayName },
    });
    const session = await ctx.auth.startSession(person);
    if (isRefusal(session)) throw new ApiError(session.status, session.message);
    res.setHeader(
      'Set-Cookie',
      sessionCookie(session.token, SESSION_TTL_MS / 1000, ctx.secureCookies),
    );
    res.status(201).json(sessionView(session.principal));
  });

  return router;
}
