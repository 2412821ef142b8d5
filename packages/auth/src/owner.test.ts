import { createApp } from '@yishi/app';
import { errorBodySchema } from '@yishi/contracts';
import { isAppError } from '@yishi/errors';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningKey, toPublicJwks } from './keys.ts';
import { requireStaff } from './middleware.ts';
import { createOwnerVerifier, signOwnerToken, verifyOwnerToken } from './owner.ts';
import { requireOwner } from './owner-middleware.ts';
import { signAccessToken } from './sign.ts';
import { createVerifier } from './verify.ts';

const issuer = 'yishi-directory';
const owner = {
  holderId: '7d4b2a52-3c1e-4d7e-9a1b-1c2d3e4f5a6b',
  holderKey: '0f0e0d0c-0b0a-4999-8888-777766665555',
  communityId: '11111111-2222-4333-8444-555555555555',
  ver: 2,
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const ownerToken = (key: SigningKey, claims = owner) =>
  signOwnerToken(claims, { key, issuer, issuedAt: new Date('2025-03-01T08:00:00Z') });
const staffToken = (key: SigningKey) =>
  signAccessToken(
    { sub: 'staff-1', roles: ['committee_member'], communities: [owner.communityId] },
    { key, issuer, audience: 'yishi', ttlSeconds: 900 },
  );

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('owner page tokens', () => {
  it('verify to the holder, owner key, community and link version', async () => {
    const key = await generateSigningKey();
    const jwks = toPublicJwks([key]);
    expect(await verifyOwnerToken(await ownerToken(key), { jwks })).toEqual(owner);
  });

  it('are the same link when signed again with the same issue time', async () => {
    const key = await generateSigningKey();
    expect(await ownerToken(key)).toBe(await ownerToken(key));
  });

  it('refuse a staff access token signed by the same key', async () => {
    const key = await generateSigningKey();
    const error = await refusal(verifyOwnerToken(await staffToken(key), { keys: [key] }));
    expect(error.code).toBe('unauthenticated');
  });

  it('are refused by the staff verifier, although the same key signed them', async () => {
    const key = await generateSigningKey();
    const staff = createVerifier({ keys: [key], issuer, audience: 'yishi' });
    expect((await refusal(staff.verify(await ownerToken(key)))).code).toBe('unauthenticated');
    // Even a staff verifier configured with the owner audience refuses the owner typ.
    const confused = createVerifier({ keys: [key], issuer, audience: 'yishi-owner' });
    expect((await refusal(confused.verify(await ownerToken(key)))).code).toBe('unauthenticated');
  });

  it('refuse a token from another key', async () => {
    const key = await generateSigningKey();
    const other = await generateSigningKey({ kid: key.kid });
    const error = await refusal(verifyOwnerToken(await ownerToken(other), { keys: [key] }));
    expect(error.code).toBe('unauthenticated');
  });
});

describe('requireOwner', () => {
  async function setup(currentVersion = 2) {
    const key = await generateSigningKey();
    const app = createApp({ name: 't', version: '0', logger: silent, defaultMetrics: false });
    const verifier = createOwnerVerifier({ keys: [key] });
    const guard = requireOwner({ verifier, currentVersion: () => currentVersion });
    app.get('/communities/:communityId/me', guard, (c) => c.json(c.get('owner')));
    app.get(
      '/staff',
      requireStaff({ verifier: createVerifier({ keys: [key], issuer, audience: 'yishi' }) }),
      (c) => c.json({ sub: c.get('staff').sub }),
    );
    return { app, key };
  }
  const get = (app: Awaited<ReturnType<typeof setup>>['app'], path: string, token: string) =>
    app.request(path, { headers: { authorization: `Bearer ${token}` } });

  it('admits the owner of the route community', async () => {
    const { app, key } = await setup();
    const res = await get(app, `/communities/${owner.communityId}/me`, await ownerToken(key));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(owner);
  });

  it('refuses a staff token on an owner route and an owner token on a staff route', async () => {
    const { app, key } = await setup();
    const asOwner = await get(app, `/communities/${owner.communityId}/me`, await staffToken(key));
    expect(asOwner.status).toBe(401);
    expect(errorBodySchema.parse(await asOwner.json()).error.code).toBe('unauthenticated');
    expect((await get(app, '/staff', await ownerToken(key))).status).toBe(401);
    expect((await get(app, '/staff', await staffToken(key))).status).toBe(200);
  });

  it('answers another community as not found', async () => {
    const { app, key } = await setup();
    const res = await get(
      app,
      '/communities/99999999-2222-4333-8444-555555555555/me',
      await ownerToken(key),
    );
    expect(res.status).toBe(404);
  });

  it('refuses a link older than the current version (revoked and re-issued)', async () => {
    const { app, key } = await setup(3);
    const res = await get(app, `/communities/${owner.communityId}/me`, await ownerToken(key));
    expect(res.status).toBe(401);
    expect(errorBodySchema.parse(await res.json()).error.details).toEqual({
      reason: 'link_revoked',
    });
  });
});
