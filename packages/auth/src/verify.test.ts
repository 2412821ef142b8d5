import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAppError } from '@yishi/errors';
import { base64url, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningKey, toPublicJwks } from './keys.ts';
import { signAccessToken } from './sign.ts';
import { createVerifier, type KeySource } from './verify.ts';

const issuer = 'yishi-directory';
const audience = 'yishi';
const claims = {
  sub: 'staff-1',
  roles: ['grid_worker'] as const,
  communities: ['c-1'],
  buildings: ['b-3'],
  communityRoles: { 'c-1': ['grid_worker'] as const },
};
const issuedAt = new Date('2025-03-01T08:00:00Z');
const at = (offsetSeconds: number) => () => new Date(issuedAt.getTime() + offsetSeconds * 1000);

async function token(key: SigningKey, overrides: { audience?: string; issuer?: string } = {}) {
  return signAccessToken(claims, {
    key,
    issuer: overrides.issuer ?? issuer,
    audience: overrides.audience ?? audience,
    ttlSeconds: 900,
    now: issuedAt,
  });
}

function verifier(source: KeySource, now = at(60)) {
  return createVerifier({ ...source, issuer, audience, now });
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('createVerifier', () => {
  it('accepts a valid token and returns its typed claims', async () => {
    const key = await generateSigningKey();
    const verified = await verifier({ keys: [key] }).verify(await token(key));
    expect(verified).toEqual({
      sub: 'staff-1',
      roles: ['grid_worker'],
      communities: ['c-1'],
      buildings: ['b-3'],
      communityRoles: { 'c-1': ['grid_worker'] },
    });
  });

  it('refuses an expired token as unauthenticated with reason token_expired', async () => {
    const key = await generateSigningKey();
    const error = await refusal(verifier({ keys: [key] }, at(901 + 5)).verify(await token(key)));
    expect(error.code).toBe('unauthenticated');
    expect(error.details).toEqual({ reason: 'token_expired' });
  });

  it('refuses a token signed by another key, even one claiming the trusted kid', async () => {
    const trusted = await generateSigningKey({ kid: 'k1' });
    const impostor = await generateSigningKey({ kid: 'k1' });
    const error = await refusal(verifier({ keys: [trusted] }).verify(await token(impostor)));
    expect(error.code).toBe('unauthenticated');
  });

  it('refuses an unsigned alg:none token', async () => {
    const key = await generateSigningKey();
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid }));
    const payload = base64url.encode(
      JSON.stringify({ ...claims, iss: issuer, aud: audience, iat: 1740816000, exp: 4102444800 }),
    );
    const error = await refusal(verifier({ keys: [key] }).verify(`${header}.${payload}.`));
    expect(error.code).toBe('unauthenticated');
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const key = await generateSigningKey();
    const check = verifier({ keys: [key] });
    expect((await refusal(check.verify(await token(key, { audience: 'other' })))).code).toBe(
      'unauthenticated',
    );
    expect((await refusal(check.verify(await token(key, { issuer: 'evil' })))).code).toBe(
      'unauthenticated',
    );
  });

  it('refuses a correctly signed JWT that is not an access token', async () => {
    const key = await generateSigningKey();
    const idToken = await new SignJWT({ roles: [], communities: [] })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
      .setSubject('staff-1')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime('15m')
      .sign(key.privateKey);
    expect((await refusal(verifier({ keys: [key] }).verify(idToken))).code).toBe('unauthenticated');
  });

  it('refuses garbage', async () => {
    const key = await generateSigningKey();
    expect((await refusal(verifier({ keys: [key] }).verify('not.a.jwt'))).code).toBe(
      'unauthenticated',
    );
  });

  it('picks the key by kid from a local JWKS during rotation', async () => {
    const previous = await generateSigningKey();
    const current = await generateSigningKey();
    const check = verifier({ jwks: toPublicJwks([current, previous]) });
    expect((await check.verify(await token(previous))).sub).toBe('staff-1');
    expect((await check.verify(await token(current))).sub).toBe('staff-1');
  });
});

describe('createVerifier with a remote JWKS', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function serveJwks(body: string, status = 200): Promise<string> {
    server = createServer((_req, res) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(body),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  it('verifies against keys fetched from the directory', async () => {
    const key = await generateSigningKey();
    const jwksUrl = await serveJwks(JSON.stringify(toPublicJwks([key])));
    expect((await verifier({ jwksUrl }, () => new Date()).verify(await signNow(key))).sub).toBe(
      'staff-1',
    );
  });

  it('reports an unreachable or failing JWKS as unavailable, not as a bad token', async () => {
    const key = await generateSigningKey();
    const jwksUrl = await serveJwks('oops', 500);
    const error = await refusal(verifier({ jwksUrl }, () => new Date()).verify(await signNow(key)));
    expect(error.code).toBe('unavailable');
  });
});

function signNow(key: SigningKey) {
  return signAccessToken(claims, { key, issuer, audience, ttlSeconds: 60 });
}
