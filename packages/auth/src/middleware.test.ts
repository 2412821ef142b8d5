import { createApp } from '@yishi/app';
import { errorBodySchema } from '@yishi/contracts';
import { describe, expect, it, vi } from 'vitest';
import { generateSigningKey, type SigningKey } from './keys.ts';
import { requireStaff } from './middleware.ts';
import { signAccessToken } from './sign.ts';
import { createVerifier } from './verify.ts';

const options = { issuer: 'yishi-directory', audience: 'yishi' };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function setup() {
  const key = await generateSigningKey();
  const verifier = createVerifier({ keys: [key], ...options });
  const handler = vi.fn();
  const app = createApp({ name: 't', version: '0', logger: silent, defaultMetrics: false });
  app.get(
    '/progress',
    requireStaff({ verifier, roles: ['party_secretary', 'grid_worker'] }),
    (c) => {
      handler();
      return c.json({ sub: c.get('staff').sub });
    },
  );
  app.get(
    '/communities/:communityId/links',
    requireStaff({ verifier, roles: ['committee_member'] }),
    (c) => {
      handler();
      return c.json({ ok: true });
    },
  );
  return { app, key, handler };
}

function tokenFor(key: SigningKey, roles: ('grid_worker' | 'committee_member')[]) {
  return signAccessToken(
    { sub: 'staff-7', roles, communities: ['c-1'] },
    { key, ttlSeconds: 60, ...options },
  );
}

describe('requireStaff', () => {
  it('sets the verified claims for the handler', async () => {
    const { app, key } = await setup();
    const res = await app.request('/progress', {
      headers: { authorization: `Bearer ${await tokenFor(key, ['grid_worker'])}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'staff-7' });
  });

  it('answers 401 in the error shape without a token and never runs the handler', async () => {
    const { app, handler } = await setup();
    const res = await app.request('/progress');
    expect(res.status).toBe(401);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('unauthenticated');
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 401 for a token from another key', async () => {
    const { app, handler } = await setup();
    const other = await generateSigningKey();
    const res = await app.request('/progress', {
      headers: { authorization: `Bearer ${await tokenFor(other, ['grid_worker'])}` },
    });
    expect(res.status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 403 when the holder lacks every required role', async () => {
    const { app, key, handler } = await setup();
    const res = await app.request('/progress', {
      headers: { authorization: `Bearer ${await tokenFor(key, ['committee_member'])}` },
    });
    expect(res.status).toBe(403);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('forbidden');
    expect(handler).not.toHaveBeenCalled();
  });

  it('judges a community route by the roles held in that community, not elsewhere', async () => {
    const { app, key, handler } = await setup();
    const token = await signAccessToken(
      {
        sub: 'staff-8',
        roles: ['committee_member', 'grid_worker'],
        communities: ['a', 'b'],
        communityRoles: { a: ['grid_worker'], b: ['committee_member'] },
      },
      { key, ttlSeconds: 60, ...options },
    );
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.request('/communities/a/links', { headers })).status).toBe(403);
    expect((await app.request('/communities/c/links', { headers })).status).toBe(404);
    expect(handler).not.toHaveBeenCalled();
    expect((await app.request('/communities/b/links', { headers })).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('ignores credentials that are not a Bearer token', async () => {
    const { app } = await setup();
    const res = await app.request('/progress', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(res.status).toBe(401);
  });
});
