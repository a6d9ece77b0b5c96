import express from 'express';
import {
  ImportError,
  delegationSlug,
  isDelegationKind,
  isRole,
  ROLE_LABELS,
  type Role,
} from '@accord/shared';
import { newToken, hashToken } from '../auth/tokens.js';
import { createNegotiationDocuments } from '../seedDocuments.js';
import { principalOf, type ApiContext } from './context.js';
import type { Principal } from '../auth/Principal.js';
import { ApiError, stringField } from './errors.js';
import { requireCapability } from './requireSession.js';

/** How long an invitation link stays valid. */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

function rolesField(body: unknown): Role[] {
  const roles = (body as { roles?: unknown } | null)?.roles;
  if (!Array.isArray(roles) || !roles.every(isRole)) {
    throw new ApiError(400, `"roles" must be a list of: ${Object.keys(ROLE_LABELS).join(', ')}`);
  }
  return [...new Set(roles)];
}

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
      const limit = Number(req.query.limit ?? 200);
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
        throw new ApiError(400, '"limit" must be 1 to 5000');
      res.json(await ctx.audit.list({ limit }));
    },
  );

  router.use(manage);

  // Without seeds the negotiation starts empty; the Secretariat imports the draft's text once.
  router.post('/import', async (req, res) => {
    const text = stringField(req.body, 'text', { min: 1, max: 1_000_000 });
    if (!(await ctx.documents.isEmpty())) {
      throw new ApiError(
        409,
        'this negotiation already has its documents; import is only for an empty one',
      );
    }
    let created;
    try {
      created = await createNegotiationDocuments(ctx.documents, text);
    } catch (err) {
      if (err instanceof ImportError)
        throw new ApiError(400, `the text could not be imported: ${err.message}`);
      // Two imports at once: the second finds the documents created by the first.
      if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
        throw new ApiError(409, 'this negotiation already has its documents');
      }
      throw err;
    }
    const actor = principalOf(res);
    await auditDone(ctx, actor, 'document.import', created.map((d) => d.id).join(','), {
      titles: created.map((d) => d.title),
    });
    res.status(201).json(created);
  });

  router.post('/delegations', async (req, res) => {
    const name = stringField(req.body, 'name', { max: 120 });
    const kind = (req.body as { kind?: unknown }).kind;
    if (!isDelegationKind(kind))
      throw new ApiError(400, '"kind" must be participating-state, observer-state or organisation');
    const roles = (req.body as { roles?: unknown }).roles === undefined ? [] : rolesField(req.body);
    const id = delegationSlug(name);
    if (!id) throw new ApiError(400, '"name" must contain letters or digits');
    const delegation = { id, name, kind, roles };
    if ((await ctx.directory.createDelegations([delegation])) !== true) {
      throw new ApiError(409, `a delegation "${name}" already exists`);
    }
    const actor = principalOf(res);
    await auditDone(ctx, actor, 'delegation.create', id, { name, kind, roles });
    res.status(201).json(delegation);
  });

  router.put('/delegations/:id/roles', async (req, res) => {
    const roles = rolesField(req.body);
    const before = await ctx.directory.getDelegation(req.params.id);
    if (!before) throw new ApiError(404, `no delegation "${req.params.id}"`);
    if (before.roles.includes('secretariat') && !roles.includes('secretariat')) {
      const others = (await ctx.directory.listDelegations()).filter(
        (d) => d.id !== before.id && d.roles.includes('secretariat'),
      );
      // Someone must always be able to manage participants, or nobody could repair it.
      if (others.length === 0)
        throw new ApiError(409, 'at least one delegation must keep the Secretariat role');
    }
    await ctx.directory.setRoles(before.id, roles);
    const actor = principalOf(res);
    await auditDone(ctx, actor, 'role.change', before.id, { before: before.roles, after: roles });
    await ctx.rightsChanged();
    res.json({ ...before, roles });
  });

  router.get('/people', async (_req, res) => {
    const people = await ctx.directory.listPeople();
    res.json(people.map(({ passwordHash: _hash, ...p }) => p));
  });

  router.patch('/people/:id', async (req, res) => {
    const disabled = (req.body as { disabled?: unknown } | null)?.disabled;
    if (typeof disabled !== 'boolean') throw new ApiError(400, '"disabled" must be true or false');
    const person = await ctx.directory.getPerson(req.params.id);
    if (!person) throw new ApiError(404, `no person "${req.params.id}"`);
    const actor = principalOf(res);
    if (person.id === actor.id && disabled)
      throw new ApiError(409, 'you cannot disable your own account');
    await ctx.directory.setDisabled(person.id, disabled);
    if (disabled) await ctx.directory.deleteSessionsOf(person.id);
    await auditDone(ctx, actor, disabled ? 'person.disable' : 'person.enable', person.id, {
      username: person.username,
    });
    await ctx.rightsChanged();
    const { passwordHash: _hash, ...view } = person;
    res.json({ ...view, disabled });
  });

  router.get('/invitations', async (_req, res) => {
    res.json(await ctx.directory.listInvitations());
  });

  router.post('/invitations', async (req, res) => {
    const delegationId = stringField(req.body, 'delegationId', { max: 64 });
    const displayName = stringField(req.body, 'displayName', { max: 120 });
    if (!(await ctx.directory.getDelegation(delegationId)))
      throw new ApiError(404, `no delegation "${delegationId}"`);
    const actor = principalOf(res);
    const token = newToken();
    const now = Date.now();
    const invitation = await ctx.directory.createInvitation(hashToken(token), {
      delegationId,
      displayName,
      createdBy: actor.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + INVITATION_TTL_MS).toISOString(),
    });
    await auditDone(ctx, actor, 'invitation.create', invitation.id, { delegationId, displayName });
    // The token is shown this once; the server keeps only its hash.
    res.status(201).json({ invitation, url: `/invite/${token}` });
  });

  return router;
}
