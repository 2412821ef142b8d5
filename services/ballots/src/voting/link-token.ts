import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC keys derived once from BALLOTS_LINK_SECRET, one per purpose. */
export interface LinkKeys {
  /** Signs credential ids into link tokens. */
  readonly link: Buffer;
  /** Keys the hashes of the last four digits of phones and ID numbers. */
  readonly secondFactor: Buffer;
}

/** Derives the keys; a different purpose label gives an unrelated key. */
export function deriveLinkKeys(secret: string): LinkKeys {
  const derive = (purpose: string) => createHmac('sha256', secret).update(purpose).digest();
  return { link: derive('yishi-ballots/link/v1'), secondFactor: derive('yishi-ballots/2fa/v1') };
}

const tokenPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

const mac = (keys: LinkKeys, credentialId: string) =>
  createHmac('sha256', keys.link).update(credentialId).digest();

/**
 * The token of a voting link: `<credentialId>.<base64url HMAC-SHA256(key, credentialId)>`.
 * Nothing secret is stored: the token is recomputed from the id whenever links are exported.
 */
export function linkToken(keys: LinkKeys, credentialId: string): string {
  return `${credentialId}.${mac(keys, credentialId).toString('base64url')}`;
}

/** The credential id a token names, or null when it is malformed or its MAC is wrong. */
export function verifyLinkToken(keys: LinkKeys, token: string): string | null {
  const match = tokenPattern.exec(token);
  if (!match) return null;
  const [, credentialId, given] = match as unknown as [string, string, string];
  const expected = mac(keys, credentialId);
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected)
    ? credentialId
    : null;
}

/**
 * Keyed hash of the last four digits of an owner's phone or ID number. Four digits have only
 * 10,000 values, so a plain salted hash would fall to a table in milliseconds; the key (derived
 * from the link secret, never in the database) is what protects them.
 */
export function secondFactorHash(keys: LinkKeys, ownerId: string, last4: string): string {
  return createHmac('sha256', keys.secondFactor).update(`${ownerId}:${last4}`).digest('hex');
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random bytes drawn 4 KiB at a time: one `randomBytes(16)` per vote costs more than the vote's HMAC. */
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** A random receipt code of 80 bits, e.g. `K7PQ-M2XR-9TBC-4HWD`, shown once to the owner. */
export function newReceiptCode(): string {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  let code = '';
  for (let i = 0; i < 16; i += 1) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += crockford[pool[poolOffset + i]! & 31];
  }
  // Used bytes are zeroed, so no two codes share them even if the pool were reused by mistake.
  pool.fill(0, poolOffset, poolOffset + 16);
  poolOffset += 16;
  return code;
}

/** SHA-256 hex of a receipt code, as stored and as looked up; case and dashes do not matter. */
export const receiptHash = (code: string): string =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
