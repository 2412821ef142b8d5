import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, type Options, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline: 19 MiB, two passes, one lane (about 20–40 ms here). */
const options: Options = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** Hashes a password with argon2id; the PHC string carries salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let dummyHash: Promise<string> | undefined;

/**
 * The hash a password is checked against: the stored one, or for an unknown login a dummy made
 * with the same parameters, so that the check costs the same and timing does not reveal which
 * logins exist.
 */
export function hashToCheck(stored: string | null): Promise<string> {
  if (stored !== null) return Promise.resolve(stored);
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/** Whether `password` matches `stored`; always false, after the same work, with no account. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // A corrupt stored hash must look like a wrong password, not a 500 that reveals the account.
  const matches = await verify(await hashToCheck(stored), password).catch(() => false);
  return stored !== null && matches;
}
