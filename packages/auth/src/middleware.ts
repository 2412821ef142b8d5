import { AppError } from '@yishi/errors';
import type { MiddlewareHandler } from 'hono';
import { assertCommunityAccess, rolesIn } from './access.ts';
import type { StaffClaims, StaffRole } from './claims.ts';
import type { Verifier } from './verify.ts';

/** The hono environment after {@link requireStaff}: `c.get('staff')` holds verified claims. */
export type StaffEnv = { Variables: { staff: StaffClaims } };

const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Middleware that admits only requests with a valid staff Bearer token and, when `roles` is given,
 * at least one of those roles. On a route with a `{communityId}` path parameter, the community must
 * be granted by the token (else `not_found`) and the roles are those held in that community (see
 * {@link rolesIn}). Failures throw `unauthenticated`, `not_found` or `forbidden` for the app's error
 * handler to render.
 *
 * @example
 * ```ts
 * const route = createRoute({ method: 'get', path: '/{communityId}/progress', middleware: [requireStaff({ verifier, roles: ['party_secretary', 'grid_worker'] })], ... });
 * app.openapi(route, (c) => { assertCommunityAccess(c.get('staff'), c.req.valid('param').communityId); ... });
 * ```
 */
export function requireStaff(options: {
  verifier: Verifier;
  roles?: readonly StaffRole[];
}): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw new AppError('unauthenticated', { details: { reason: 'token_missing' } });
    const claims = await options.verifier.verify(token);
    const { roles } = options;
    const communityId = c.req.param('communityId');
    if (communityId !== undefined) assertCommunityAccess(claims, communityId);
    const held = communityId === undefined ? claims.roles : rolesIn(claims, communityId);
    if (roles && !held.some((role) => roles.includes(role))) {
      throw new AppError('forbidden', { details: { requiredRoles: [...roles] } });
    }
    c.set('staff', claims);
    await next();
  };
}
