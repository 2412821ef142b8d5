/** Builds a real meetings service for integration tests: its own database on the harness PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { createLogger } from '@yishi/app';
import {
  createOwnerVerifier,
  createVerifier,
  generateSigningKey,
  type StaffClaimsInput,
  signAccessToken,
  signOwnerToken,
} from '@yishi/auth';
import { withRolesInEachCommunity } from '@yishi/auth/testing';
import { createTestDatabase, manualClock } from '@yishi/testing';
import { createMeetingsApp } from './app.ts';
import { applyDirectoryEvent, type DirectoryEvent } from './bus/directory-projection.ts';
import type { Deps } from './context.ts';
import { migrateMeetings, openDatabase } from './db/database.ts';

export { manualClock };

export interface TestMeetings {
  deps: Deps;
  app: ReturnType<typeof createMeetingsApp>;
  databaseUrl: string;
  tokenFor(claims: StaffClaimsInput): Promise<string>;
  /** An owner page token for an owner key, as the directory would sign it. */
  ownerTokenFor(owner: {
    holderKey: string;
    communityId: string;
    holderId?: string;
    ver?: number;
  }): Promise<string>;
  request(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<Response>;
  /** Applies directory events to the projection, as the consumer would. */
  project(events: readonly DirectoryEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function startTestMeetings(overrides: Partial<Deps> = {}): Promise<TestMeetings> {
  const testDb = await createTestDatabase({ prefix: 'meetings' });
  const database = openDatabase({ url: testDb.url, dataDir: '', max: 10 });
  await migrateMeetings(database.db);
  const key = await generateSigningKey();
  const now = overrides.now ?? (() => new Date());
  const deps: Deps = {
    db: database.db,
    now,
    newId: randomUUID,
    verifier: createVerifier({ keys: [key], issuer: 'yishi-directory', audience: 'yishi', now }),
    ownerVerifier: createOwnerVerifier({ keys: [key], issuer: 'yishi-directory', now }),
    publicBaseUrl: 'https://yishi.example.cn',
    wakeRelay: () => {},
    logger: createLogger({ service: 'meetings', level: 'silent' }),
    ...overrides,
  };
  const app = createMeetingsApp(deps);
  return {
    deps,
    app,
    databaseUrl: testDb.url,
    tokenFor: (claims) =>
      signAccessToken(withRolesInEachCommunity(claims), {
        key,
        issuer: 'yishi-directory',
        audience: 'yishi',
        ttlSeconds: 900,
        now: now(),
      }),
    ownerTokenFor: ({ holderKey, communityId, holderId = randomUUID(), ver = 1 }) =>
      signOwnerToken(
        { holderId, holderKey, communityId, ver },
        { key, issuer: 'yishi-directory', issuedAt: now() },
      ),
    request: (path, init = {}) =>
      Promise.resolve(
        app.request(path, {
          method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
          headers: {
            ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          },
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        }),
      ),
    project: async (events) => {
      await deps.db.transaction(async (tx) => {
        for (const event of events) await applyDirectoryEvent(tx, event);
      });
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** Staff claims of a committee member of `communityId`. */
export const committeeOf = (communityId: string): StaffClaimsInput => ({
  sub: randomUUID(),
  roles: ['committee_admin', 'committee_member'],
  communities: [communityId],
});

const DAY = 86_400_000;

/** A meeting body; an owners' assembly by default, `days` after `now`. */
export function meetingBody(now: Date, overrides: Record<string, unknown> = {}, days = 20) {
  const startsAt = new Date(now.getTime() + days * DAY);
  return {
    kind: 'owners_assembly',
    form: 'in_person',
    title: '2026年第一次业主大会',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    place: '小区会所二楼',
    agenda: [
      { title: '使用维修资金更换消防门', description: '预算38.6万元', item: 5 },
      { title: '物业服务情况通报', description: '' },
    ],
    ...overrides,
  };
}
