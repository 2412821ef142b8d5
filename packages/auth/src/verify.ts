import { AppError } from '@yishi/errors';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { type StaffClaims, staffClaimsSchema } from './claims.ts';
import { algorithm, type VerificationKey } from './keys.ts';
import { accessTokenType } from './sign.ts';

/** Where a verifier finds trusted public keys. */
export type KeySource =
  /** A JWKS document held in memory (e.g. read from config). */
  | { jwks: JSONWebKeySet }
  /** The directory's JWKS endpoint; fetched lazily, cached and refetched on an unknown kid. */
  | { jwksUrl: string | URL }
  /** Keys already imported (the directory verifying its own tokens, or tests). */
  | { keys: readonly VerificationKey[] };

/** Options of {@link createVerifier}. */
export type VerifierOptions = KeySource & {
  issuer: string;
  audience: string;
  /** Accepted algorithms; only EdDSA unless a migration needs more. Never includes `none`. */
  algorithms?: readonly string[];
  /** Allowed clock skew between the directory and this service. */
  clockToleranceSeconds?: number;
  /** The clock; the current time when omitted. */
  now?: () => Date;
};

/** Verifies staff access tokens. */
export interface Verifier {
  /**
   * Returns the token's claims, or throws `unauthenticated` (bad, expired, foreign token) or
   * `unavailable` (the JWKS endpoint cannot be reached).
   */
  verify(token: string): Promise<StaffClaims>;
}

const expiredMessage = { zh: '登录已过期，请重新登录', en: 'Your session expired; sign in again' };
const invalidMessage = { zh: '登录凭证无效，请重新登录', en: 'Invalid sign-in; sign in again' };

/**
 * Builds a verifier once at startup; keys are resolved and imported once, not per token.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ jwksUrl: env.DIRECTORY_JWKS_URL, issuer: 'yishi-directory', audience: 'yishi' });
 * const claims = await verifier.verify(token);
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const getKey = keyResolver(options);
  const algorithms = [...(options.algorithms ?? [algorithm])].filter((alg) => alg !== 'none');
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms,
          typ: accessTokenType,
          requiredClaims: ['sub', 'exp', 'iat'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          ...(options.now === undefined ? {} : { currentDate: options.now() }),
        });
        const claims = staffClaimsSchema.safeParse(payload);
        if (!claims.success) {
          throw new AppError('unauthenticated', {
            message: invalidMessage,
            details: { reason: 'token_invalid' },
          });
        }
        return claims.data;
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}

/** @internal Resolves the verification key of a token from a {@link KeySource}. */
export function keyResolver(source: KeySource): JWTVerifyGetKey {
  if ('jwks' in source) return createLocalJWKSet(source.jwks);
  if ('jwksUrl' in source) return createRemoteJWKSet(new URL(source.jwksUrl));
  const byKid = new Map(source.keys.map((key) => [key.kid, key.publicKey]));
  return (header) => {
    const key = header.kid === undefined ? undefined : byKid.get(header.kid);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
}

const tokenErrors = [
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWTClaimValidationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

/** @internal Maps a jose failure to `unauthenticated` (a bad token) or `unavailable` (our outage). */
export function toAuthError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) {
    return new AppError('unauthenticated', {
      message: expiredMessage,
      details: { reason: 'token_expired' },
      cause: error,
    });
  }
  // Only these say the token itself is bad. Anything else (JWKS endpoint down, answering 500 or
  // timing out) is our outage and must not sign everyone out with a 401.
  if (tokenErrors.some((type) => error instanceof type)) {
    return new AppError('unauthenticated', {
      message: invalidMessage,
      details: { reason: 'token_invalid' },
      cause: error,
    });
  }
  return new AppError('unavailable', { cause: error });
}
