// First: zod 4 copies methods onto each schema as it is built, so zod-openapi must extend zod
// before @yishi/contracts (reached through @yishi/bus) builds the error schema the app registers.
import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { createVerifier, generateSigningKey, signAccessToken } from '@yishi/auth';
import { errorBodySchema } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildings, gridBuildings, grids, gridWorkers, refreshTokens } from '../db/schema/index.ts';
import { sessionSchema } from '../staff/schemas.ts';
import { manualClock, seedCommunity, seedStaff, testPassword } from '../staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';

const clock = manualClock();
let dir: TestDirectory;

beforeAll(async () => {
  dir = await startTestDirectory({ now: clock.now });
});
afterAll(() => dir?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

async function signIn(login: string, password: string) {
  return dir.request('/auth/sign-in', { json: { login, password } });
}

async function signedIn(login: string, password = testPassword) {
  const res = await signIn(login, password);
  expect(res.status).toBe(200);
  return sessionSchema.parse(await res.json());
}

describe('sign-in', () => {
  it('issues an access token that verifies, with roles and communities, and a refresh token', async () => {
    const communityId = await seedCommunity(dir.deps);
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId, roles: ['committee_admin', 'committee_member'] }],
    });

    const res = await signIn(member.login.toUpperCase(), member.password);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const session = sessionSchema.parse(await res.json());
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      staff: {
        id: member.id,
        roles: ['committee_admin', 'committee_member'],
        communities: [communityId],
      },
    });
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = await dir.deps.keys.verifier.verify(session.accessToken);
    expect(claims).toEqual({
      sub: member.id,
      roles: ['committee_admin', 'committee_member'],
      communities: [communityId],
      communityRoles: { [communityId]: ['committee_admin', 'committee_member'] },
    });

    const me = await dir.request('/auth/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: member.id, login: member.login });
  });

  it('marks platform admins and limits grid workers to the buildings of their grids', async () => {
    const communityId = await seedCommunity(dir.deps);
    const [inGrid, outside] = [randomUUID(), randomUUID()];
    const gridId = randomUUID();
    await dir.deps.db.insert(buildings).values([
      { id: inGrid, communityId, name: '1号楼' },
      { id: outside, communityId, name: '2号楼' },
    ]);
    await dir.deps.db.insert(grids).values({ id: gridId, communityId, name: '第一网格' });
    await dir.deps.db.insert(gridBuildings).values({ gridId, buildingId: inGrid });
    const worker = await seedStaff(dir.deps, {
      memberships: [{ communityId, roles: ['grid_worker'] }],
    });
    await dir.deps.db.insert(gridWorkers).values({ gridId, staffId: worker.id });
    const admin = await seedStaff(dir.deps, { platformAdmin: true });

    const workerClaims = await dir.deps.keys.verifier.verify(
      (await signedIn(worker.login)).accessToken,
    );
    expect(workerClaims.buildings).toEqual([inGrid]);
    const adminClaims = await dir.deps.keys.verifier.verify(
      (await signedIn(admin.login)).accessToken,
    );
    expect(adminClaims.roles).toEqual(['platform_admin']);
    expect(adminClaims.buildings).toBeUndefined();
  });

  it('answers a wrong password and an unknown login with the same 401', async () => {
    const member = await seedStaff(dir.deps, { platformAdmin: true });
    const wrong = await signIn(member.login, 'not the password');
    const unknown = await signIn(`nobody-${randomUUID()}`, 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a.message).toBe('账号或密码不正确');
    expect({ ...a, requestId: '' }).toEqual({ ...b, requestId: '' });
  });

  it('refuses a disabled account even with the right password', async () => {
    const admin = await seedStaff(dir.deps, { platformAdmin: true });
    const communityId = await seedCommunity(dir.deps);
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId, roles: ['committee_member'] }],
    });
    const before = await signedIn(member.login);
    const adminToken = (await signedIn(admin.login)).accessToken;
    const disabled = await dir.request(`/staff/${member.id}`, {
      method: 'PATCH',
      token: adminToken,
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);

    const res = await signIn(member.login, member.password);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).details).toEqual({ reason: 'account_disabled' });
    const refresh = await dir.request('/auth/refresh', {
      json: { refreshToken: before.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });
});

describe('access tokens', () => {
  let communityId: string;
  let claims: { sub: string; roles: ['committee_admin']; communities: string[] };

  beforeAll(async () => {
    communityId = await seedCommunity(dir.deps);
    const admin = await seedStaff(dir.deps, {
      memberships: [{ communityId, roles: ['committee_admin'] }],
    });
    claims = { sub: admin.id, roles: ['committee_admin'], communities: [communityId] };
  });

  const routes = () => ['/auth/me', `/communities/${communityId}/staff`];

  it('admits a token signed by the directory on both routes', async () => {
    const token = await dir.tokenFor(claims);
    for (const path of routes()) expect((await dir.request(path, { token })).status).toBe(200);
  });

  it('refuses a token signed by another Ed25519 key, even under the same kid', async () => {
    const foreign = await generateSigningKey({ kid: dir.deps.keys.signing.kid });
    const token = await signAccessToken(claims, {
      key: foreign,
      issuer: dir.deps.keys.issuer,
      audience: dir.deps.keys.audience,
      ttlSeconds: 900,
      now: clock.now(),
    });
    for (const path of routes()) {
      const res = await dir.request(path, { token });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).details).toEqual({ reason: 'token_invalid' });
    }
  });

  it('refuses an unsigned token (alg none)', async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const iat = Math.floor(clock.now().getTime() / 1000);
    const token = `${part({ alg: 'none', typ: 'at+jwt', kid: dir.deps.keys.signing.kid })}.${part({
      ...claims,
      iss: dir.deps.keys.issuer,
      aud: dir.deps.keys.audience,
      iat,
      exp: iat + 900,
    })}.`;
    for (const path of routes()) {
      const res = await dir.request(path, { token });
      expect(res.status).toBe(401);
    }
  });

  it('refuses an expired token', async () => {
    const token = await dir.tokenFor(claims);
    clock.advance(900 + 10);
    for (const path of routes()) {
      const res = await dir.request(path, { token });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).details).toEqual({ reason: 'token_expired' });
    }
  });

  it('refuses a request without a token', async () => {
    expect((await dir.request('/auth/me')).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  it('rotates, and a reused token ends the whole session', async () => {
    const member = await seedStaff(dir.deps, { platformAdmin: true });
    const first = await signedIn(member.login);

    const rotated = await dir.request('/auth/refresh', {
      json: { refreshToken: first.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const second = sessionSchema.parse(await rotated.json());
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await dir.deps.keys.verifier.verify(second.accessToken)).sub).toBe(member.id);

    const replay = await dir.request('/auth/refresh', {
      json: { refreshToken: first.refreshToken },
    });
    expect(replay.status).toBe(401);
    // The thief's replay also kills the legitimate holder's newer token.
    const afterTheft = await dir.request('/auth/refresh', {
      json: { refreshToken: second.refreshToken },
    });
    expect(afterTheft.status).toBe(401);

    const stored = await dir.deps.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.staffId, member.id));
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map((row) => row.familyId)).size).toBe(1);
    expect(stored.every((row) => row.revokedAt !== null)).toBe(true);
    expect(stored.map((row) => row.tokenHash)).not.toContain(first.refreshToken);
  });

  it('keeps other sessions when one signs out', async () => {
    const member = await seedStaff(dir.deps, { platformAdmin: true });
    const phone = await signedIn(member.login);
    const laptop = await signedIn(member.login);

    const out = await dir.request('/auth/sign-out', { json: { refreshToken: phone.refreshToken } });
    expect(out.status).toBe(204);
    const phoneRefresh = await dir.request('/auth/refresh', {
      json: { refreshToken: phone.refreshToken },
    });
    expect(phoneRefresh.status).toBe(401);
    const laptopRefresh = await dir.request('/auth/refresh', {
      json: { refreshToken: laptop.refreshToken },
    });
    expect(laptopRefresh.status).toBe(200);
  });

  it('refuses a refresh token after its lifetime', async () => {
    const member = await seedStaff(dir.deps, { platformAdmin: true });
    const session = await signedIn(member.login);
    clock.advance(30 * 86_400 + 1);
    const res = await dir.request('/auth/refresh', {
      json: { refreshToken: session.refreshToken },
    });
    expect(res.status).toBe(401);
  });
});

describe('throttling', () => {
  it('locks after five failures, doubles the lock, and a success resets it', async () => {
    const member = await seedStaff(dir.deps, { platformAdmin: true });
    for (let i = 0; i < 5; i++) {
      expect((await signIn(member.login, `wrong password ${i}`)).status).toBe(401);
    }
    // Locked: even the right password is not looked at.
    const locked = await signIn(member.login.toUpperCase(), member.password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('30');
    const error = await errorOf(locked);
    expect(error.code).toBe('rate_limited');
    expect(error.details).toEqual({ retryAfterSeconds: 30 });

    clock.advance(31);
    expect((await signIn(member.login, 'wrong again')).status).toBe(401);
    const doubled = await signIn(member.login, member.password);
    expect(doubled.status).toBe(429);
    expect(doubled.headers.get('retry-after')).toBe('60');

    clock.advance(61);
    expect((await signIn(member.login, member.password)).status).toBe(200);
    // The success cleared the count: four more failures do not lock.
    for (let i = 0; i < 4; i++) {
      expect((await signIn(member.login, `wrong password ${i}`)).status).toBe(401);
    }
    expect((await signIn(member.login, member.password)).status).toBe(200);
  });

  it('locks unknown logins the same way, so locking reveals nothing', async () => {
    const login = `ghost-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++)
      expect((await signIn(login, 'a guessed password')).status).toBe(401);
    expect((await signIn(login, 'a guessed password')).status).toBe(429);
  });

  it('lets no more than five of many parallel guesses be checked', async () => {
    const member = await seedStaff(dir.deps, { platformAdmin: true });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(member.login, `parallel guess ${i}`)),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });
});

describe('public keys', () => {
  it('serves a cacheable JWKS that verifies the directory tokens', async () => {
    const res = await dir.request('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const jwks = (await res.json()) as JSONWebKeySet;
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const verifier = createVerifier({
      jwks,
      issuer: dir.deps.keys.issuer,
      audience: dir.deps.keys.audience,
      now: clock.now,
    });
    const communityId = await seedCommunity(dir.deps);
    const token = await dir.tokenFor({
      sub: 's',
      roles: ['party_secretary'],
      communities: [communityId],
    });
    expect((await verifier.verify(token)).roles).toEqual(['party_secretary']);
  });

  it('documents the routes in /openapi.json', async () => {
    const doc = (await (await dir.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/auth/sign-in',
        '/auth/refresh',
        '/auth/sign-out',
        '/auth/me',
        '/.well-known/jwks.json',
        '/staff',
        '/staff/{staffId}',
        '/staff/{staffId}/password',
        '/communities/{communityId}/staff',
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ scheme: 'bearer' });
  });
});
