import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  importSigningKey,
  importVerificationKey,
  toPublicJwks,
} from './keys.ts';
import { signAccessToken } from './sign.ts';
import { createVerifier } from './verify.ts';

const options = { issuer: 'i', audience: 'a' };
const claims = { sub: 's', roles: ['committee_member'] as const, communities: ['c'] };

describe('keys', () => {
  it('imports a PKCS#8 PEM once and signs tokens that its public SPKI PEM verifies', async () => {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const publicPem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const signingKey = await importSigningKey({ pem }, { kid: 'k-2025' });
    const verificationKey = await importVerificationKey({ pem: publicPem }, { kid: 'k-2025' });

    const token = await signAccessToken(claims, { key: signingKey, ttlSeconds: 60, ...options });
    const verified = await createVerifier({ keys: [verificationKey], ...options }).verify(token);
    expect(verified.sub).toBe('s');
  });

  it('imports a private JWK and derives the same thumbprint kid as the generated key', async () => {
    const pair = generateKeyPairSync('ed25519');
    const jwk = pair.privateKey.export({ format: 'jwk' });
    const fromJwk = await importSigningKey({ jwk });
    const fromPem = await importSigningKey({
      pem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    expect(fromJwk.kid).toBe(fromPem.kid);
    expect(fromJwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a key that is not Ed25519', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expect(importSigningKey({ pem })).rejects.toThrow(/Ed25519/);
  });

  it('publishes only public material in the JWKS', async () => {
    const key = await generateSigningKey({ kid: 'k1' });
    const jwks = toPublicJwks([key]);
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: 'k1', alg: 'EdDSA', use: 'sig' },
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });
});
