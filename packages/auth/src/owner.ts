import { AppError } from '@yishi/errors';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { algorithm, type SigningKey } from './keys.ts';
import { type KeySource, keyResolver, toAuthError } from './verify.ts';

/**
 * `typ` of owner page tokens. Staff verifiers require `at+jwt` and owner verifiers this one, so a
 * staff token never passes as an owner token nor the reverse, although one key signs both.
 */
export const ownerTokenType = 'owner+jwt';

/** `aud` of owner page tokens: a second, independent barrier against confusion with staff tokens. */
export const ownerAudience = 'yishi-owner';

/**
 * Who an owner page token speaks for: one owner key (RULES.md §2) of one community, at a link
 * version. The directory bumps the version to revoke a link; services refuse older versions.
 */
export interface OwnerClaims {
  /** The holder (owner key) id in the directory. */
  holderId: string;
  /** The owner key: member owner ids, sorted, joined by "&". */
  holderKey: string;
  communityId: string;
  /** The link version; a token below the holder's current version is revoked. */
  ver: number;
}

const ownerPayloadSchema = z.object({
  sub: z.uuid(),
  hk: z.string().min(1).max(2000),
  cid: z.uuid(),
  ver: z.number().int().min(1),
});

/** Options of {@link signOwnerToken}. */
export interface SignOwnerTokenOptions {
  key: SigningKey;
  issuer: string;
  /** Issue time (seconds are kept). The same claims and time give the same token. */
  issuedAt: Date;
  /** Omit for a link that lasts until revoked (printed link sheets outlive any session). */
  ttlSeconds?: number;
}

/**
 * Signs an owner page token (EdDSA) for the owner's personal page link `${web}/o/<token>`.
 * Deterministic (no `jti`): re-exporting the links with the same issue time gives the same links.
 *
 * @example
 * ```ts
 * const token = await signOwnerToken(
 *   { holderId, holderKey, communityId, ver: 1 },
 *   { key: keys.signing, issuer: 'yishi-directory', issuedAt: link.issuedAt },
 * );
 * ```
 */
export function signOwnerToken(claims: OwnerClaims, options: SignOwnerTokenOptions) {
  const issuedAt = Math.floor(options.issuedAt.getTime() / 1000);
  const jwt = new SignJWT({ hk: claims.holderKey, cid: claims.communityId, ver: claims.ver })
    .setProtectedHeader({ alg: algorithm, kid: options.key.kid, typ: ownerTokenType })
    .setSubject(claims.holderId)
    .setIssuer(options.issuer)
    .setAudience(ownerAudience)
    .setIssuedAt(issuedAt);
  if (options.ttlSeconds !== undefined) jwt.setExpirationTime(issuedAt + options.ttlSeconds);
  return jwt.sign(options.key.privateKey);
}

/** Options of {@link createOwnerVerifier}. */
export type OwnerVerifierOptions = KeySource & {
  /** The directory's issuer, as for staff tokens. Default `yishi-directory`. */
  issuer?: string;
  clockToleranceSeconds?: number;
  now?: () => Date;
};

/** Verifies owner page tokens. */
export interface OwnerVerifier {
  /**
   * The token's claims, or throws `unauthenticated` (bad, foreign or staff token) or
   * `unavailable` (the JWKS endpoint cannot be reached). Revocation (the version) is the
   * caller's check: see {@link requireOwner}'s `currentVersion`.
   */
  verify(token: string): Promise<OwnerClaims>;
}

const invalidLink = {
  zh: '链接无效，请向业委会索取新的业主链接',
  en: 'This link is not valid; ask the committee for a new owner link',
};

/** Builds an owner token verifier once at startup (keys are resolved once, not per token). */
export function createOwnerVerifier(options: OwnerVerifierOptions): OwnerVerifier {
  const getKey = keyResolver(options);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: options.issuer ?? 'yishi-directory',
          audience: ownerAudience,
          algorithms: [algorithm],
          typ: ownerTokenType,
          requiredClaims: ['sub', 'iat'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          ...(options.now === undefined ? {} : { currentDate: options.now() }),
        });
        const parsed = ownerPayloadSchema.safeParse(payload);
        if (!parsed.success) {
          throw new AppError('unauthenticated', {
            message: invalidLink,
            details: { reason: 'token_invalid' },
          });
        }
        const { sub, hk, cid, ver } = parsed.data;
        return { holderId: sub, holderKey: hk, communityId: cid, ver };
      } catch (error) {
        const failure = toAuthError(error);
        if (failure.code !== 'unauthenticated') throw failure;
        throw new AppError('unauthenticated', {
          message: invalidLink,
          details: failure.details ?? { reason: 'token_invalid' },
          cause: error,
        });
      }
    },
  };
}

/**
 * Verifies one owner page token against `keys` (a JWKS, its URL or imported keys). For many
 * requests, build one {@link createOwnerVerifier} instead.
 *
 * @example
 * ```ts
 * const owner = await verifyOwnerToken(token, { jwks });
 * // { holderId, holderKey, communityId, ver }
 * ```
 */
export function verifyOwnerToken(
  token: string,
  keys: KeySource,
  options: Omit<OwnerVerifierOptions, keyof KeySource> = {},
): Promise<OwnerClaims> {
  return createOwnerVerifier({ ...keys, ...options } as OwnerVerifierOptions).verify(token);
}
