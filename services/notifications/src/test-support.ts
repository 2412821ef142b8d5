/** Builds a real notifications service for integration tests: its own database on the harness PostgreSQL. */
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
  credentialIssued,
  type EventOf,
  ownerRecorded,
  ownershipChanged,
  unitRecorded,
} from '@yishi/contracts';
import { manualClock as clockFrom, createTestDatabase } from '@yishi/testing';
import { createNotificationsApp } from './app.ts';
import { applyBallotsEvents, type BallotsEvent } from './bus/ballots-consumer.ts';
import { applyDirectoryEvents, type DirectoryEvent } from './bus/directory-projection.ts';
import { applyMeetingsEvent, type MeetingsEvent } from './bus/meetings-consumer.ts';
import { applyProposalsEvent, type ProposalsEvent } from './bus/proposals-consumer.ts';
import type { Channels } from './channels/channel.ts';
import { createInboxChannel } from './channels/inbox.ts';
import type { Deps, NotificationsConfig } from './context.ts';
import { migrateNotifications, openDatabase } from './db/database.ts';
import { type DispatcherOptions, dispatchBatch } from './delivery/dispatcher.ts';

/** A clock tests move by hand, from this suite's usual start. */
export const manualClock = (start = new Date('2026-03-02T02:00:00.000Z')) => clockFrom(start);

export const testConfig: NotificationsConfig = {
  webBaseUrl: 'https://yishi.example.cn',
  inboxEnabled: true,
  quietHours: { start: '21:00', end: '08:00' },
  reminderHoursBeforeClose: [72, 24],
  retry: { maxAttempts: 4, baseMs: 1_000, maxMs: 60_000 },
};

export interface TestNotifications {
  deps: Deps;
  app: ReturnType<typeof createNotificationsApp>;
  databaseUrl: string;
  tokenFor(claims: StaffClaimsInput): Promise<string>;
  /** A committee admin's token for `communityId`. */
  committeeToken(communityId: string): Promise<string>;
  request(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<Response>;
  /**
   * Applies events as the consumers would: directory, meetings and proposals events one
   * transaction each, in order, then the ballots events as one batch.
   */
  apply(
    events: readonly (DirectoryEvent | BallotsEvent | MeetingsEvent | ProposalsEvent)[],
  ): Promise<void>;
  /** Dispatches batches until nothing is due at the current clock. */
  dispatch(options?: Partial<DispatcherOptions>): Promise<number>;
  close(): Promise<void>;
}

export async function startTestNotifications(
  overrides: Partial<Omit<Deps, 'channels'>> & { channels?: Channels } = {},
): Promise<TestNotifications> {
  const testDb = await createTestDatabase({ prefix: 'notifications' });
  const database = openDatabase({ url: testDb.url, dataDir: '', max: 20 });
  await migrateNotifications(database.db);
  const key = await generateSigningKey();
  const now = overrides.now ?? (() => new Date());
  const deps: Deps = {
    db: database.db,
    now,
    newId: randomUUID,
    verifier: createVerifier({ keys: [key], issuer: 'yishi-directory', audience: 'yishi', now }),
    channels: { inbox: createInboxChannel(database.db, now) },
    config: testConfig,
    logger: createLogger({ service: 'notifications', level: 'silent' }),
    ...overrides,
  };
  const app = createNotificationsApp(deps);
  const tokenFor = (claims: StaffClaimsInput) =>
    signAccessToken(withRolesInEachCommunity(claims), {
      key,
      issuer: 'yishi-directory',
      audience: 'yishi',
      ttlSeconds: 900,
      now: now(),
    });
  return {
    deps,
    app,
    databaseUrl: testDb.url,
    tokenFor,
    committeeToken: (communityId) =>
      tokenFor({ sub: randomUUID(), roles: ['committee_admin'], communities: [communityId] }),
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
    async apply(events) {
      // Directory events one transaction each; ballots events in one batch, as the consumer does.
      const batch = events.filter((e) => e.type.startsWith('ballots.')) as BallotsEvent[];
      for (const event of events) {
        if (event.type.startsWith('directory.')) {
          await deps.db.transaction((tx) =>
            applyDirectoryEvents(tx, deps, [event as DirectoryEvent]),
          );
        } else if (event.type.startsWith('meetings.')) {
          await deps.db.transaction((tx) => applyMeetingsEvent(tx, deps, event as MeetingsEvent));
        } else if (event.type.startsWith('proposals.')) {
          await deps.db.transaction((tx) => applyProposalsEvent(tx, deps, event as ProposalsEvent));
        }
      }
      if (batch.length > 0) {
        await deps.db.transaction((tx) => applyBallotsEvents(tx, deps, batch));
      }
    },
    async dispatch(options = {}) {
      let total = 0;
      for (;;) {
        const claimed = await dispatchBatch({
          db: deps.db,
          channels: deps.channels,
          now: deps.now,
          logger: deps.logger,
          retry: deps.config.retry,
          quietHours: deps.config.quietHours,
          ...options,
        });
        total += claimed;
        if (claimed === 0) return total;
      }
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** An owner of the test roster: phone and units; `members` > 1 makes co-owners. */
export interface OwnerSpec {
  room: string;
  phone?: string | null;
  name?: string;
  coOwners?: number;
}

/**
 * Directory events for a community with one unit per spec, and the ballot's credential events
 * with personal links, as ballots would publish them.
 */
export function ballotFixture(
  specs: readonly OwnerSpec[],
  options: { closesAt?: Date; opensAt?: Date; communityName?: string } = {},
) {
  const communityId = randomUUID();
  const ballotId = randomUUID();
  const buildingId = randomUUID();
  const opensAt = options.opensAt ?? new Date('2026-03-01T01:00:00.000Z');
  const closesAt = options.closesAt ?? new Date('2026-03-15T10:00:00.000Z');
  const directory: DirectoryEvent[] = [
    communityRegistered.create({
      communityId,
      aggregateId: communityId,
      payload: {
        communityId,
        name: options.communityName ?? '幸福里',
        street: '街道',
        neighbourhood: '社区',
        parkingIncluded: false,
      },
    }),
  ];
  const holders: {
    holderKey: string;
    voterId: string;
    memberIds: string[];
    room: string;
    link: string;
  }[] = [];
  for (const spec of specs) {
    const unitId = randomUUID();
    directory.push(
      unitRecorded.create({
        communityId,
        aggregateId: unitId,
        payload: {
          unitId,
          buildingId,
          building: '1',
          entrance: '1',
          room: spec.room,
          floor: 1,
          kind: 'residence',
          area: '88.00',
          areaBasis: 'registered',
        },
      }),
    );
    const memberIds = Array.from({ length: 1 + (spec.coOwners ?? 0) }, () => randomUUID()).sort();
    for (const [i, ownerId] of memberIds.entries()) {
      directory.push(
        ownerRecorded.create({
          communityId,
          aggregateId: ownerId,
          payload: {
            ownerId,
            kind: 'person',
            name: `${spec.name ?? `业主${spec.room}`}${i === 0 ? '' : `-${i}`}`,
            phone: i === 0 ? (spec.phone === undefined ? null : spec.phone) : null,
            idLast4: null,
          },
        }),
      );
    }
    const holderKey = memberIds.join('&');
    const voterId = memberIds[0]!;
    directory.push(
      ownershipChanged.create({
        communityId,
        aggregateId: unitId,
        payload: {
          unitId,
          holderId: randomUUID(),
          holderKey,
          memberIds,
          voterId,
          developerUnsold: false,
          since: '2020-01-01T00:00:00.000Z',
          previousHolderId: null,
        },
      }),
    );
    const link = `https://vote.example.cn/v/${randomUUID()}.${randomUUID().replaceAll('-', '')}`;
    holders.push({ holderKey, voterId, memberIds, room: spec.room, link });
  }
  const credentials = holders.map((h) =>
    credentialIssued.create({
      communityId,
      aggregateId: ballotId,
      payload: {
        ballotId,
        communityId,
        holderKey: h.holderKey,
        voterId: h.voterId,
        memberIds: h.memberIds,
        linkUrl: h.link,
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
      },
    }),
  );
  return { communityId, ballotId, opensAt, closesAt, directory, holders, credentials };
}

export type CredentialEvent = EventOf<typeof credentialIssued>;
