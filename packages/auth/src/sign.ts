import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { StaffClaimsInput } from './claims.ts';
import { algorithm, type SigningKey } from './keys.ts';

/**
 * `typ` of access tokens (RFC 9068). Verifiers require it, so another JWT signed by the same key
 * (say, a future voting credential) can never be replayed as a staff token.
 */
export const accessTokenType = 'at+jwt';

/** Options of {@link signAccessToken}. */
export interface SignAccessTokenOptions {
  /** Carries the kid, so key and kid cannot disagree. */
  key: SigningKey;
  issuer: string;
  audience: string | string[];
  /** Lifetime; keep it short (minutes), tokens are not revocable before they expire. */
  ttlSeconds: number;
  /** Issue time; the current time when omitted. */
  now?: Date;
}

/**
 * Signs a short-lived staff access token (EdDSA).
 *
 * @example
 * ```ts
 * const token = await signAccessToken(
 *   { sub: staff.id, roles: ['grid_worker'], communities: [communityId], buildings: ['b-3'] },
 *   { key: signingKey, issuer: 'yishi-directory', audience: 'yishi', ttlSeconds: 900 },
 * );
 * ```
 */
export async function signAccessToken(
  claims: StaffClaimsInput,
  options: SignAccessTokenOptions,
): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = {
    roles: [...claims.roles],
    communities: [...claims.communities],
    ...(claims.buildings === undefined ? {} : { buildings: [...claims.buildings] }),
    ...(claims.communityRoles === undefined
      ? {}
      : {
          communityRoles: Object.fromEntries(
            Object.entries(claims.communityRoles).map(([id, roles]) => [id, [...roles]]),
          ),
        }),
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: algorithm, kid: options.key.kid, typ: accessTokenType })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .setJti(randomUUID())
    .sign(options.key.privateKey);
}
