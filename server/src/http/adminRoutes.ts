import express from 'express';
import {
  ImportError,
  auditListSchema,
  auditQuerySchema,
  checkDisable,
  checkRoleChange,
  createDelegationRequestSchema,
  createInvitationRequestSchema,
  delegationSchema,
  delegationSlug,
  importRequestSchema,
  importResponseSchema,
  invitationCreatedSchema,
  invitationListSchema,
  personListSchema,
  personViewSchema,
  setDisabledRequestSchema,
  setRolesRequestSchema,
  type PersonView,
} from '@accord/shared';
import { isRefusal } from '../auth/Refusal.js';
import { newToken, hashToken } from '../auth/tokens.js';
import { createNegotiationDocuments } from '../seedDocuments.js';
import type { StoredPerson } from '../storage/Directory.js';
import { isoAt } from '../time/Clock.js';
import { principalOf, type ApiContext } from './context.js';
import type { Principal } from '../auth/Principal.js';
import { ApiError, refuseWith } from './errors.js';
import { reply } from './reply.js';
import { requireCapability } from './requireSession.js';
import { parseBody, parseQuery } from './validate.js';

/** How long an invitation link stays valid. */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Writes a Secretariat action that succeeded to the audit trail. */
async function auditDone(
  ctx: ApiContext,
  actor: Principal,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await ctx.audit.append({
    personId: actor.id,
    username: actor.username,
    delegationId: actor.delegation.id,
    action,
    target,
    outcome: 'ok',
    detail,
  });
}

/** A person as the Secretariat sees them: never the password hash. */
function personView({
  id,
  username,
  displayName,
  delegationId,
  disabled,
}: StoredPerson): PersonView {
  return { id, username, displayName, delegationId, disabled };
}

/** True for the audit entry of an action on a thread internal to a delegation. */
function isInternalThreadEntry(entry: { action: string; detail: unknown }): boolean {
  const detail = entry.detail as { visibility?: unknown } | null;
  return (
    (entry.action.startsWith('thread.') || entry.action.startsWith('comment.')) &&
    detail?.visibility === 'delegation'
  );
}

/** The Secretariat's routes under /api/admin: delegations, roles, people, invitations, audit. */
export function adminRoutes(ctx: ApiContext): express.Router {
  const router = express.Router();
  const manage = requireCapability(
    'participants.manage',
    'only the Secretariat can manage participants',
  );

  router.get(
    '/audit',
    requireCapability('audit.read', 'you may not read the audit trail'),
    async (req, res) => {
      const { limit } = parseQuery(auditQuerySchema, req.query);
      // An internal thread's actions are kept, but only its own delegation reads them: the
      // audit trail would otherwise tell pen-holders what a delegation discusses inside (CM1).
      const reader = principalOf(res).delegation.id;
      const entries = (await ctx.audit.list({ limit })).filter(
        (e) => !isInternalThreadEntry(e) || e.delegationId === reader,
      );
      reply(res, auditListSchema, entries);
    },
  );

  router.use(manage);

  // Without seeds the negotiation starts empty; the Secretariat imports the draft's text once.
  router.post('/import', async (req, res) => {
    const { text } = parseBody(importRequestSchema, req.body);
    if (!(await ctx.documents.isEmpty())) {
      throw new ApiError(
        409,
        'this negotiation already has its documents; import is only for an empty one',
      );
    }
    const actor = principalOf(res);
    let created;
    try {
      created = await createNegotiationDocuments(ctx.writer, text, {
        kind: 'request',
        personId: actor.id,
        delegationId: actor.delegation.id,
        action: 'import',
      });
    } catch (err) {
      if (err instanceof ImportError)
        throw new ApiError(400, `the text could not be imported: ${err.message}`);
      // Two imports at once: the second finds the documents created by the first.
      if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
        throw new ApiError(409, 'this negotiation already has its documents');
      }
      throw err;
    }
    await auditDone(ctx, actor, 'document.import', created.map((d) => d.id).join(','), {
      titles: created.map((d) => d.title),
    });
    reply(res, importResponseSchema, created, 201);
  });

  router.post('/delegations', async (req, res) => {
    const { name, kind, roles } = parseBody(createDelegationRequestSchema, req.body);
    const delegation = { id: delegationSlug(name), name, kind, roles };
    if ((await ctx.directory.createDelegations([delegation])) !== true) {
      throw new ApiError(409, `a delegation "${name}" already exists`);
    }
    const actor = principalOf(res);
    await auditDone(ctx, actor, 'delegation.create', delegation.id, { name, kind, roles });
    reply(res, delegationSchema, delegation, 201);
  });

  router.put('/delegations/:id/roles', async (req, res) => {
    const { roles } = parseBody(setRolesRequestSchema, req.body);
    const delegations = await ctx.directory.listDelegations();
    const allowed = checkRoleChange(delegations, req.params.id, roles);
    if (isRefusal(allowed)) refuseWith(allowed);
    const before = delegations.find((d) => d.id === req.params.id)!;
    await ctx.directory.setRoles(before.id, roles);
    const actor = principalOf(res);
    await auditDone(ctx, actor, 'role.change', before.id, { before: before.roles, after: roles });
    await ctx.rightsChanged();
    reply(res, delegationSchema, { ...before, roles });
  });

  router.get('/people', async (_req, res) => {
    reply(res, personListSchema, (await ctx.directory.listPeople()).map(personView));
  });

  router.patch('/people/:id', async (req, res) => {
    const { disabled } = parseBody(setDisabledRequestSchema, req.body);
    const person = await ctx.directory.getPerson(req.params.id);
    if (!person) throw new ApiError(404, `no person "${req.params.id}"`);
    const actor = principalOf(res);
    const allowed = checkDisable(actor, person, disabled);
    if (isRefusal(allowed)) refuseWith(allowed);
    await ctx.directory.setDisabled(person.id, disabled);
    if (disabled) await ctx.directory.deleteSessionsOf(person.id);
    await auditDone(ctx, actor, disabled ? 'person.disable' : 'person.enable', person.id, {
      username: person.username,
    });
    await ctx.rightsChanged();
    reply(res, personViewSchema, { ...personView(person), disabled });
  });

  router.get('/invitations', async (_req, res) => {
    reply(res, invitationListSchema, await ctx.directory.listInvitations());
  });

  router.post('/invitations', async (req, res) => {
    const { delegationId, displayName } = parseBody(createInvitationRequestSchema, req.body);
    if (!(await ctx.directory.getDelegation(delegationId)))
      throw new ApiError(404, `no delegation "${delegationId}"`);
    const actor = principalOf(res);
    const token = newToken();
    const now = ctx.clock.now();
    const invitation = await ctx.directory.createInvitation(hashToken(token), {
      delegationId,
      displayName,
      createdBy: actor.id,
      createdAt: isoAt(now),
      expiresAt: isoAt(now + INVITATION_TTL_MS),
    });
    await auditDone(ctx, actor, 'invitation.create', invitation.id, { delegationId, displayName });
    // The token is shown this once; the server keeps only its hash.
    reply(res, invitationCreatedSchema, { invitation, url: `/invite/${token}` }, 201);
  });

  return router;
}
