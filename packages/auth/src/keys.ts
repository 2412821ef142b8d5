import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';

/** The only algorithm: EdDSA over Ed25519 (small keys, fast, deterministic signatures). */
export const algorithm = 'EdDSA';

/**
 * A signing key imported once and reused for every token. Importing per call (passing a PEM or
 * secret to jose each time) costs more than the signature itself on the hot path.
 */
export interface SigningKey {
  /** Key id, written in each token header so verifiers pick the right key during rotation. */
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public half as a JWK (no private material), for {@link toPublicJwks}. */
  readonly publicJwk: JWK;
}

/** Generates a fresh Ed25519 key; `kid` defaults to the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(options: { kid?: string } = {}): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { crv: 'Ed25519' });
  const publicJwk = await exportJWK(publicKey);
  return {
    kid: options.kid ?? (await calculateJwkThumbprint(publicJwk)),
    privateKey,
    publicKey,
    publicJwk,
  };
}

/** Where a private key comes from: a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) or a private JWK. */
export type PrivateKeySource = { pem: string } | { jwk: JWK };

/**
 * Imports an Ed25519 private key once, at startup (from the service's env), for {@link SigningKey}.
 *
 * @example
 * ```ts
 * const signingKey = await importSigningKey({ pem: env.JWT_PRIVATE_KEY }, { kid: env.JWT_KEY_ID });
 * ```
 */
export async function importSigningKey(
  source: PrivateKeySource,
  options: { kid?: string } = {},
): Promise<SigningKey> {
  const privateJwk =
    'pem' in source ? (createPrivateKey(source.pem).export({ format: 'jwk' }) as JWK) : source.jwk;
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d) {
    throw new Error('The signing key must be an Ed25519 private key');
  }
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x };
  const [privateKey, publicKey] = await Promise.all([
    importJWK(privateJwk, algorithm),
    importJWK(publicJwk, algorithm),
  ]);
  return {
    kid: options.kid ?? privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk)),
    privateKey: privateKey as CryptoKey,
    publicKey: publicKey as CryptoKey,
    publicJwk,
  };
}

/** A public key a verifier trusts, with its key id. */
export interface VerificationKey {
  readonly kid: string;
  readonly publicKey: CryptoKey;
}

/** Imports an Ed25519 public key from an SPKI PEM (`-----BEGIN PUBLIC KEY-----`) or a public JWK. */
export async function importVerificationKey(
  source: { pem: string } | { jwk: JWK },
  options: { kid?: string } = {},
): Promise<VerificationKey> {
  const jwk =
    'pem' in source ? (createPublicKey(source.pem).export({ format: 'jwk' }) as JWK) : source.jwk;
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const publicKey = (await importJWK(publicJwk, algorithm)) as CryptoKey;
  return { kid: options.kid ?? jwk.kid ?? (await calculateJwkThumbprint(publicJwk)), publicKey };
}

/**
 * The JWKS document the directory serves (e.g. at `/.well-known/jwks.json`) so services can
 * verify its tokens. List the current key and, during rotation, the previous one.
 */
export function toPublicJwks(keys: readonly SigningKey[]): JSONWebKeySet {
  return {
    keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: algorithm, use: 'sig' })),
  };
}
