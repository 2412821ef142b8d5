import { AppError } from '@yishi/errors';
import type { MiddlewareHandler } from 'hono';
import type { OwnerClaims, OwnerVerifier } from './owner.ts';

/** The hono environment after {@link requireOwner}: `c.get('owner')` holds verified claims. */
export type OwnerEnv = { Variables: { owner: OwnerClaims } };

const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

const revokedLink = {
  zh: '此业主链接已作废，请使用业委会新发的链接',
  en: 'This owner link was replaced; use the new link from the committee',
};
const otherCommunity = { zh: '未找到该小区', en: 'No such community' };

/**
 * Middleware that admits only requests carrying a valid owner page token as a Bearer token
 * (the web forwards the one in the owner's link `/o/<token>`). On a route with a `{communityId}`
 * parameter the token must be for that community (else `not_found`). With `currentVersion`, a
 * token older than the holder's current link version (revoked and re-issued) is refused.
 *
 * @example
 * ```ts
 * const owner = requireOwner({
 *   verifier: createOwnerVerifier({ jwksUrl: env.DIRECTORY_JWKS_URL }),
 *   currentVersion: (claims) => linkVersions.get(claims.holderId), // from directory.owner_link.revoked
 * });
 * app.openapi(createRoute({ ..., middleware: [owner] }), (c) => c.json(c.get('owner')));
 * ```
 */
export function requireOwner(options: {
  verifier: OwnerVerifier;
  /** The holder's current link version (1 or absent when never revoked). */
  currentVersion?: (claims: OwnerClaims) => Promise<number | undefined> | number | undefined;
}): MiddlewareHandler<OwnerEnv> {
  return async (c, next) => {
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw new AppError('unauthenticated', { details: { reason: 'token_missing' } });
    const claims = await options.verifier.verify(token);
    const communityId = c.req.param('communityId');
    if (communityId !== undefined && communityId !== claims.communityId) {
      throw new AppError('not_found', { message: otherCommunity });
    }
    const current = (await options.currentVersion?.(claims)) ?? 1;
    if (claims.ver < current) {
      throw new AppError('unauthenticated', {
        message: revokedLink,
        details: { reason: 'link_revoked' },
      });
    }
    c.set('owner', claims);
    await next();
  };
}
