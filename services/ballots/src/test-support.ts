/** Builds a real ballots service for integration tests: its own database on the harness PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { createLogger } from '@yishi/app';
import {
  createVerifier,
  generateSigningKey,
  type StaffClaimsInput,
  signAccessToken,
} from '@yishi/auth';
import { withRolesInEachCommunity } from '@yishi/auth/testing';
import {
  communityRegistered,
  ownerRecorded,
  ownershipChanged,
  unitRecorded,
} from '@yishi/contracts';
import { manualClock as clockFrom, createTestDatabase } from '@yishi/testing';
import { createBallotsApp } from './app.ts';
import { applyDirectoryEvent, type DirectoryEvent } from './bus/directory-projection.ts';
import type { Deps } from './context.ts';
import { migrateBallots, openDatabase } from './db/database.ts';
import { deriveLinkKeys, linkToken } from './voting/link-token.ts';

/** A clock tests move by hand, from this suite's usual start. */
export const manualClock = (start = new Date('2026-03-01T02:00:00.000Z')) => clockFrom(start);

export interface TestBallots {
  deps: Deps;
  app: ReturnType<typeof createBallotsApp>;
  databaseUrl: string;
  tokenFor(claims: StaffClaimsInput): Promise<string>;
  /** The voting link token of a credential id. */
  linkOf(credentialId: string): string;
  request(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<Response>;
  /** Applies directory events to the projection, as the consumer would. */
  project(events: readonly DirectoryEvent[]): Promise<void>;
  close(): Promise<void>;
}

export const testLinkSecret = 'test-link-secret-of-at-least-32-characters!';

export async function startTestBallots(overrides: Partial<Deps> = {}): Promise<TestBallots> {
  const testDb = await createTestDatabase({ prefix: 'ballots' });
  const database = openDatabase({ url: testDb.url, dataDir: '', max: 30 });
  await migrateBallots(database.db);
  const key = await generateSigningKey();
  const now = overrides.now ?? (() => new Date());
  const links = deriveLinkKeys(testLinkSecret);
  const deps: Deps = {
    db: database.db,
    now,
    newId: randomUUID,
    verifier: createVerifier({
      keys: [key],
      issuer: 'yishi-directory',
      audience: 'yishi',
      now,
    }),
    links,
    publicBaseUrl: 'https://vote.example.cn',
    wakeRelay: () => {},
    logger: createLogger({ service: 'ballots', level: 'silent' }),
    ...overrides,
  };
  const app = createBallotsApp(deps);
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
    linkOf: (credentialId) => linkToken(links, credentialId),
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
        for (const event of events) await applyDirectoryEvent(tx, links, event);
      });
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** One unit of a test roster; `owner` names the holder (co-owners as "a&b"). */
export interface RosterUnit {
  building: string;
  entrance?: string;
  room: string;
  area: string;
  owner: string;
  kind?: 'residence' | 'commercial' | 'parking' | 'other';
  developerUnsold?: boolean;
}

/**
 * Directory events for a roster, as the directory would publish them. Owners get a phone
 * 1380000dddd and ID ending dddd where dddd numbers them from 1001.
 */
export function rosterEvents(
  communityId: string,
  units: readonly RosterUnit[],
  options: { parkingIncluded?: boolean; at?: Date } = {},
) {
  const at = options.at ?? new Date('2026-01-01T00:00:00.000Z');
  const deps = { now: () => at, newId: randomUUID };
  const buildingIds = new Map<string, string>();
  const ownerIds = new Map<string, string>();
  const phones = new Map<string, string>();
  const events: DirectoryEvent[] = [
    communityRegistered.create(
      {
        communityId,
        aggregateId: communityId,
        payload: {
          communityId,
          name: '测试小区',
          street: '测试街道',
          neighbourhood: '测试社区',
          parkingIncluded: options.parkingIncluded ?? false,
        },
      },
      deps,
    ),
  ];
  const ownerId = (name: string) => {
    let id = ownerIds.get(name);
    if (!id) {
      id = randomUUID();
      ownerIds.set(name, id);
      const digits = String(1001 + ownerIds.size - 1);
      phones.set(name, `1380000${digits}`);
      events.push(
        ownerRecorded.create(
          {
            communityId,
            aggregateId: id,
            payload: {
              ownerId: id,
              kind: 'person',
              name: `业主${name}`,
              phone: `1380000${digits}`,
              idLast4: digits,
            },
          },
          deps,
        ),
      );
    }
    return id;
  };
  const unitIds = new Map<string, string>();
  const holderKeys = new Map<string, string>();
  for (const u of units) {
    const buildingId = buildingIds.get(u.building) ?? randomUUID();
    buildingIds.set(u.building, buildingId);
    const unitId = randomUUID();
    const entrance = u.entrance ?? '1';
    unitIds.set(`${u.building}-${entrance}-${u.room}`, unitId);
    events.push(
      unitRecorded.create(
        {
          communityId,
          aggregateId: unitId,
          payload: {
            unitId,
            buildingId,
            building: u.building,
            entrance,
            room: u.room,
            floor: Number.parseInt(u.room.slice(0, -2), 10) || null,
            kind: u.kind ?? 'residence',
            area: u.area,
            areaBasis: 'registered',
          },
        },
        deps,
      ),
    );
    const members = u.owner.split('&').map(ownerId).sort();
    const holderKey = members.join('&');
    holderKeys.set(u.owner, holderKey);
    events.push(
      ownershipChanged.create(
        {
          communityId,
          aggregateId: unitId,
          payload: {
            unitId,
            holderId: randomUUID(),
            holderKey,
            memberIds: members,
            voterId: members[0]!,
            developerUnsold: u.developerUnsold ?? false,
            since: at.toISOString(),
            previousHolderId: null,
          },
        },
        deps,
      ),
    );
  }
  return { events, ownerIds, holderKeys, unitIds, buildingIds, phones };
}

/** Staff claims of a committee member of `communityId`. */
export const committeeOf = (communityId: string): StaffClaimsInput => ({
  sub: randomUUID(),
  roles: ['committee_admin', 'committee_member'],
  communities: [communityId],
});

/** A draft body with one matter of `item`, voting from `opensAt` for `days` days. */
export function draftBody(
  opensAt: Date,
  overrides: Record<string, unknown> = {},
  options: { item?: number; days?: number; matters?: number } = {},
) {
  const closesAt = new Date(opensAt.getTime() + (options.days ?? 14) * 86_400_000);
  return {
    title: '更换消防门',
    description: '使用维修资金更换全部楼栋消防门',
    matters: Array.from({ length: options.matters ?? 1 }, (_, i) => ({
      item: options.item ?? 6,
      title: `事项${i + 1}`,
      body: '详见附件',
    })),
    scope: { kind: 'estate' },
    window: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() },
    ...overrides,
  };
}
