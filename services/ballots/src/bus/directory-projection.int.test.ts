import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '@yishi/bus';
import { ownerRecorded, streams } from '@yishi/contracts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirCommunities, dirHoldings, dirOwners, dirUnits } from '../db/schema/index.ts';
import { rosterEvents, startTestBallots, type TestBallots } from '../test-support.ts';
import { secondFactorHash } from '../voting/link-token.ts';
import { startDirectoryProjection } from './directory-projection.ts';

let nc: NatsConnection;
let t: TestBallots;
let rebuilt: TestBallots;
beforeAll(async () => {
  nc = await connectTestNats();
  await ensureStream(await jetstreamManager(nc), streams.directory);
  [t, rebuilt] = await Promise.all([startTestBallots(), startTestBallots()]);
});
afterAll(async () => {
  await Promise.all([t?.close(), rebuilt?.close()]);
  await nc?.close();
});

const snapshot = async (db: TestBallots['deps']['db'], communityId: string) => ({
  units: await db
    .select()
    .from(dirUnits)
    .where(eq(dirUnits.communityId, communityId))
    .orderBy(dirUnits.unitId),
  holdings: await db
    .select()
    .from(dirHoldings)
    .where(eq(dirHoldings.communityId, communityId))
    .orderBy(dirHoldings.unitId),
  owners: await db
    .select()
    .from(dirOwners)
    .where(eq(dirOwners.communityId, communityId))
    .orderBy(dirOwners.ownerId),
});

describe('the directory projection', () => {
  it('builds from published directory events, keeps no personal data, ignores redeliveries, and rebuilds from scratch', async () => {
    const js = jetstream(nc);
    const communityId = randomUUID();
    const roster = rosterEvents(communityId, [
      { building: '1', room: '101', area: '89.50', owner: 'a' },
      { building: '1', room: '102', area: '70.00', owner: 'b&c' },
    ]);
    // A contact change and a duplicate publish of the same event (another message id).
    const aId = roster.ownerIds.get('a')!;
    const changed = ownerRecorded.create({
      communityId,
      aggregateId: aId,
      payload: {
        ownerId: aId,
        kind: 'person',
        name: '业主a',
        phone: '+86 139 1234 5678',
        idLast4: '123x',
      },
    });
    for (const event of [...roster.events, changed, changed]) {
      await js.publish(`${event.type}.v${event.version}`, JSON.stringify(event));
    }
    const durable = uniqueName('ballots_dir');
    const consumer = await startDirectoryProjection({
      db: t.deps.db,
      js,
      keys: t.deps.links,
      durable,
    });
    try {
      await waitFor(
        async () => (await snapshot(t.deps.db, communityId)).holdings.length === 2 || undefined,
      );
      await waitFor(async () => {
        const info = await (await jetstreamManager(nc)).consumers.info('DIRECTORY', durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      });
    } finally {
      await consumer.stop();
    }
    const state = await snapshot(t.deps.db, communityId);
    expect(state.units.map((u) => [u.room, u.area, u.areaBasis])).toEqual(
      expect.arrayContaining([
        ['101', '89.50', 'registered'],
        ['102', '70.00', 'registered'],
      ]),
    );
    expect(
      state.holdings.find((h) => h.holderKey === roster.holderKeys.get('b&c'))?.memberIds,
    ).toHaveLength(2);
    const a = state.owners.find((o) => o.ownerId === aId)!;
    expect(a.phoneMasked).toBe('139****5678');
    expect(a.phoneLast4Hash).toBe(secondFactorHash(t.deps.links, aId, '5678'));
    expect(a.idLast4Hash).toBe(secondFactorHash(t.deps.links, aId, '123X'));
    const text = JSON.stringify(state);
    expect(text).not.toMatch(/业主|1391234|13800001/);
    const [settings] = await t.deps.db
      .select()
      .from(dirCommunities)
      .where(eq(dirCommunities.communityId, communityId));
    expect(settings?.parkingIncluded).toBe(false);

    // A new durable on an empty database replays the stream from its start to the same rows.
    const again = await startDirectoryProjection({
      db: rebuilt.deps.db,
      js,
      keys: rebuilt.deps.links,
      durable: uniqueName('ballots_rebuild'),
    });
    try {
      await waitFor(async () => {
        const s = await snapshot(rebuilt.deps.db, communityId);
        return s.holdings.length === 2 &&
          s.owners.find((o) => o.ownerId === aId)?.phoneMasked === '139****5678'
          ? s
          : undefined;
      });
    } finally {
      await again.stop();
    }
    const strip = (s: typeof state) => JSON.parse(JSON.stringify(s)) as unknown;
    expect(strip(await snapshot(rebuilt.deps.db, communityId))).toEqual(strip(state));
  });
});
