/** Builds a real proposals service for integration tests: its own database on the harness PostgreSQL. */
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
import { communityRegistered, ownershipChanged } from '@yishi/contracts';
import { createTestDatabase } from '@yishi/testing';
import { createProposalsApp } from './app.ts';
import { applyDirectoryEvent, type DirectoryEvent } from './bus/directory-projection.ts';
import type { Deps } from './context.ts';
import { migrateProposals, openDatabase } from './db/database.ts';

export interface TestOwner {
  holderId: string;
  holderKey: string;
  token: string;
}

export interface TestProposals {
  deps: Deps;
  app: ReturnType<typeof createProposalsApp>;
  databaseUrl: string;
  tokenFor(claims: StaffClaimsInput): Promise<string>;
  /** A committee member's token for `communityId`. */
  committee(communityId: string): Promise<string>;
  /** An owner page token, signed as the directory would (version 1 unless given). */
  ownerToken(
    communityId: string,
    owner: { holderId: string; holderKey: string },
    ver?: number,
  ): Promise<string>;
  request(
    path: string,
    init?: {
      method?: string;
      token?: string;
      json?: unknown;
      body?: FormData | Uint8Array;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  /** Applies directory events to the projection, as the consumer would. */
  project(events: readonly DirectoryEvent[]): Promise<void>;
  /** A community of `owners` owner keys (one unit each) in the projection, with their tokens. */
  community(owners: number): Promise<{ communityId: string; owners: TestOwner[] }>;
  close(): Promise<void>;
}

export async function startTestProposals(overrides: Partial<Deps> = {}): Promise<TestProposals> {
  const testDb = await createTestDatabase({ prefix: 'proposals' });
  const database = openDatabase({ url: testDb.url, dataDir: '', max: 20 });
  await migrateProposals(database.db);
  const key = await generateSigningKey();
  const now = overrides.now ?? (() => new Date());
  const deps: Deps = {
    db: database.db,
    now,
    newId: randomUUID,
    verifier: createVerifier({ keys: [key], issuer: 'yishi-directory', audience: 'yishi', now }),
    ownerVerifier: createOwnerVerifier({ keys: [key], now }),
    wakeRelay: () => {},
    logger: createLogger({ service: 'proposals', level: 'silent' }),
    ...overrides,
  };
  const app = createProposalsApp(deps);
  const tokenFor = (claims: StaffClaimsInput) =>
    signAccessToken(withRolesInEachCommunity(claims), {
      key,
      issuer: 'yishi-directory',
      audience: 'yishi',
      ttlSeconds: 900,
      now: now(),
    });
  const ownerToken = (
    communityId: string,
    owner: { holderId: string; holderKey: string },
    ver = 1,
  ) =>
    signOwnerToken(
      { ...owner, communityId, ver },
      { key, issuer: 'yishi-directory', issuedAt: now() },
    );
  const project = async (events: readonly DirectoryEvent[]) => {
    await deps.db.transaction(async (tx) => {
      for (const event of events) await applyDirectoryEvent(tx, event);
    });
  };
  return {
    deps,
    app,
    databaseUrl: testDb.url,
    tokenFor,
    committee: (communityId) =>
      tokenFor({ sub: randomUUID(), roles: ['committee_member'], communities: [communityId] }),
    ownerToken,
    request: (path, init = {}) =>
      Promise.resolve(
        app.request(path, {
          method:
            init.method ?? (init.json === undefined && init.body === undefined ? 'GET' : 'POST'),
          headers: {
            ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
            ...init.headers,
          },
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
          ...(init.body === undefined ? {} : { body: init.body }),
        }),
      ),
    project,
    async community(count) {
      const communityId = randomUUID();
      const at = new Date('2026-01-01T00:00:00.000Z');
      const eventDeps = { now: () => at, newId: randomUUID };
      const events: DirectoryEvent[] = [
        communityRegistered.create(
          {
            communityId,
            aggregateId: communityId,
            payload: {
              communityId,
              name: '测试小区',
              street: '',
              neighbourhood: '',
              parkingIncluded: false,
            },
          },
          eventDeps,
        ),
      ];
      const owners: TestOwner[] = [];
      for (let i = 0; i < count; i++) {
        const unitId = randomUUID();
        const holderId = randomUUID();
        const holderKey = randomUUID();
        events.push(
          ownershipChanged.create(
            {
              communityId,
              aggregateId: unitId,
              payload: {
                unitId,
                holderId,
                holderKey,
                memberIds: [holderKey],
                voterId: holderKey,
                developerUnsold: false,
                since: at.toISOString(),
                previousHolderId: null,
              },
            },
            eventDeps,
          ),
        );
        owners.push({
          holderId,
          holderKey,
          token: await ownerToken(communityId, { holderId, holderKey }),
        });
      }
      await project(events);
      return { communityId, owners };
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
