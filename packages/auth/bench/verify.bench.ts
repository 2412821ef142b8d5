import { generateKeyPairSync } from 'node:crypto';
import { importJWK, jwtVerify } from 'jose';
import { bench, describe } from 'vitest';
import { importSigningKey, importVerificationKey } from '../src/keys.ts';
import { signAccessToken } from '../src/sign.ts';
import { createVerifier } from '../src/verify.ts';

// Compares verifying with a key imported once (what createVerifier does) against importing the
// public JWK on every call, the pattern ARCHITECTURE.md measured as a hot-path bottleneck.
const options = { issuer: 'yishi-directory', audience: 'yishi' };
const pair = generateKeyPairSync('ed25519');
const signingKey = await importSigningKey({
  pem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
});
const publicJwk = pair.publicKey.export({ format: 'jwk' });
const verificationKey = await importVerificationKey({ jwk: publicJwk }, { kid: signingKey.kid });
const verifier = createVerifier({ keys: [verificationKey], ...options });
const claims = { sub: 's', roles: ['grid_worker'] as const, communities: ['c-1'] };
const token = await signAccessToken(claims, { key: signingKey, ttlSeconds: 3600, ...options });

describe('verify a staff token', () => {
  bench('createVerifier (key imported once)', async () => {
    await verifier.verify(token);
  });

  bench('jwtVerify importing the JWK per call', async () => {
    await jwtVerify(token, await importJWK(publicJwk, 'EdDSA'), options);
  });
});

describe('sign a staff token', () => {
  bench('signAccessToken (key imported once)', async () => {
    await signAccessToken(claims, { key: signingKey, ttlSeconds: 900, ...options });
  });
});
