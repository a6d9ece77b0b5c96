import type { NextFunction, Request, Response } from 'express';
import { can, type Capability } from '@accord/shared';
import { isRefusal } from '../auth/Refusal.js';
import type { ApiContext } from './context.js';
import { principalOf } from './context.js';
import { ApiError } from './errors.js';

/** Refuses with 401 unless the request has a live session; puts the principal on `res.locals`. */
export function requireSession(ctx: ApiContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const principal = await ctx.auth.principalOf(req);
    if (isRefusal(principal)) throw new ApiError(principal.status, principal.message);
    res.locals.principal = principal;
    next();
  };
}

/** Refuses with 403 unless the signed-in delegation has the capability. */
export function requireCapability(capability: Capability, message: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (!can(principalOf(res).delegation, capability)) throw new ApiError(403, message);
    next();
  };
}
