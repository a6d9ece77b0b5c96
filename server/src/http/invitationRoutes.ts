import express from 'express';
import {
  INVITATION_REFUSALS,
  acceptInvitationRequestSchema,
  checkInvitationOpen,
  invitationOfferSchema,
  sessionViewSchema,
} from '@accord/shared';
import { isRefusal } from '../auth/Refusal.js';
import { hashToken } from '../auth/tokens.js';
import { sessionCookie } from '../auth/cookies.js';
import { SESSION_TTL_MS } from '../auth/Authenticator.js';
import { sessionView, type ApiContext } from './context.js';
import { ApiError, refuseWith } from './errors.js';
import { reply } from './reply.js';
import { parseBody } from './validate.js';

/** Public routes of a one-time invitation link: what it offers, and accepting it. */
export function invitationRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.get('/invitations/:token', async (req, res) => {
    const invitation = await ctx.directory.findInvitation(hashToken(req.params.token));
    if (!invitation) refuseWith(INVITATION_REFUSALS['not-found']);
    const open = checkInvitationOpen(invitation, ctx.clock.now());
    if (isRefusal(open)) refuseWith(open);
    const delegation = await ctx.directory.getDelegation(invitation.delegationId);
    if (!delegation) throw new ApiError(404, 'the delegation of this invitation no longer exists');
    reply(res, invitationOfferSchema, {
      delegation: { id: delegation.id, name: delegation.name, kind: delegation.kind },
      displayName: invitation.displayName,
      expiresAt: invitation.expiresAt,
    });
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const { username, password } = parseBody(acceptInvitationRequestSchema, req.body);
    const person = await ctx.directory.acceptInvitation(hashToken(req.params.token), {
      username,
      passwordHash: await ctx.auth.passwords.hash(password),
    });
    if (person === 'conflict') throw new ApiError(409, `the user name "${username}" is taken`);
    if (typeof person === 'string') refuseWith(INVITATION_REFUSALS[person]);
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
    if (isRefusal(session)) refuseWith(session);
    res.setHeader(
      'Set-Cookie',
      sessionCookie(session.token, SESSION_TTL_MS / 1000, ctx.secureCookies),
    );
    reply(res, sessionViewSchema, sessionView(session.principal), 201);
  });

  return router;
}
