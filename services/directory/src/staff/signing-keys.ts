import { generateKeyPairSync } from 'node:crypto';
import {
  createVerifier,
  importSigningKey,
  type SigningKey,
  toPublicJwks,
  type Verifier,
} from '@yishi/auth';
import { desc, isNull } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { DirectoryDb } from '../db/database.ts';
import { signingKeys } from '../db/schema/index.ts';

/** What the directory signs and verifies staff tokens with. */
export interface TokenKeys {
  /** The newest key: signs every new token. */
  signing: SigningKey;
  /** Every unretired key: verifies tokens and is published in the JWKS. */
  all: SigningKey[];
  verifier: Verifier;
  jwks: ReturnType<typeof toPublicJwks>;
  issuer: string;
  audience: string;
}

/**
 * Loads the unretired Ed25519 keys from the database, creating the first one on a fresh install.
 * Keys are imported once here, never per request.
 */
export async function loadTokenKeys(
  db: DirectoryDb,
  options: { issuer: string; audience: string; now?: () => Date },
): Promise<TokenKeys> {
  let rows = await db
    .select()
    .from(signingKeys)
    .where(isNull(signingKeys.retiredAt))
    .orderBy(desc(signingKeys.createdAt));
  if (rows.length === 0) {
    const privateJwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as JWK;
    const key = await importSigningKey({ jwk: privateJwk });
    // Two replicas starting at once may both create a key: both are then valid and published.
    const created = { kid: key.kid, privateJwk, publicJwk: key.publicJwk, retiredAt: null };
    await db.insert(signingKeys).values(created).onConflictDoNothing();
    rows = [{ ...created, createdAt: new Date() }];
  }
  const all = await Promise.all(
    rows.map((row) => importSigningKey({ jwk: row.privateJwk as JWK }, { kid: row.kid })),
  );
  const signing = all[0]!;
  return {
    signing,
    all,
    verifier: createVerifier({
      keys: all.map(({ kid, publicKey }) => ({ kid, publicKey })),
      issuer: options.issuer,
      audience: options.audience,
      ...(options.now ? { now: options.now } : {}),
    }),
    jwks: toPublicJwks(all),
    issuer: options.issuer,
    audience: options.audience,
  };
}
