// zod-openapi must extend zod before any schema exists (see auth.int.test.ts).
import '@hono/zod-openapi';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '@yishi/app';
import {
  ensureStream,
  type Relay,
  type RunningConsumer,
  startConsumer,
  startRelay,
} from '@yishi/bus';
import { type EventOf, ownerRecorded, ownershipChanged, unitRecorded } from '@yishi/contracts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';
import { loadCurrentRoster } from './current-roster.ts';
import { RosterIndex } from './roster-index.ts';
import {
  importRoster,
  seedCommunity,
  seedStaffToken,
  type UnitRow,
  unit,
} from './test-fixtures.ts';

const contracts = [unitRecorded, ownerRecorded, ownershipChanged] as const;
type RosterEvent = EventOf<(typeof contracts)[number]>;

/** What a consumer such as ballots keeps of the roster, built only from the events. */
class Projection {
  readonly units = new Map<string, unknown>();
  readonly owners = new Map<string, string>();
  readonly holdings = new Map<string, unknown>();

  apply(event: RosterEvent, communityId: string): void {
    if (event.communityId !== communityId) return;
    if (event.type === 'directory.unit.recorded') {
      const { unitId, building, entrance, room, floor, kind, area, areaBasis } = event.payload;
      this.units.set(unitId, { building, entrance, room, floor, kind, area, areaBasis });
    } else if (event.type === 'directory.owner.recorded') {
      this.owners.set(event.payload.ownerId, event.payload.name);
    } else {
      const { unitId, holderKey, memberIds, voterId, developerUnsold } = event.payload;
      const members = memberIds.map((id) => this.owners.get(id) ?? `unknown ${id}`).sort();
      const voter = this.owners.get(voterId);
      this.holdings.set(unitId, { holderKey, members, voter, developerUnsold });
    }
  }

  view() {
    return { units: Object.fromEntries(this.units), holdings: Object.fromEntries(this.holdings) };
  }
}

let dir: TestDirectory;
let nc: NatsConnection;
let relay: Relay | undefined;
const stream = uniqueName('DIRECTORY').toUpperCase();
const consumers: RunningConsumer[] = [];

beforeAll(async () => {
  dir = await startTestDirectory({
    wakeRelay: () => relay?.wake(),
    logger: createLogger({ service: 'directory', level: 'error' }),
  });
  nc = await connectTestNats();
  const js = jetstream(nc);
  await ensureStream(await js.jetstreamManager(), { name: stream, subjects: ['directory.>'] });
  relay = startRelay({ db: dir.deps.db, js, pollIntervalMs: 50 });
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await relay?.stop();
  const jsm = await jetstream(nc).jetstreamManager();
  await jsm.streams.delete(stream).catch(() => {});
  await nc?.close();
  await dir?.close();
});

async function follow(communityId: string): Promise<Projection> {
  const projection = new Projection();
  consumers.push(
    await startConsumer({
      db: dir.deps.db,
      js: jetstream(nc),
      stream,
      durable: uniqueName('roster_projection'),
      // One subject: the harness's nats-server may predate filter_subjects (2.10).
      filterSubjects: ['directory.>'],
      contracts,
      concurrency: 1,
      handle: async (event) => projection.apply(event, communityId),
    }),
  );
  return projection;
}

/** The roster as the directory holds it, in the projection's shape. */
async function expected(communityId: string) {
  const index = new RosterIndex(await loadCurrentRoster(dir.deps.db, communityId));
  const units: Record<string, unknown> = {};
  const holdings: Record<string, unknown> = {};
  for (const u of index.roster.units) {
    const { id, buildingId: _, ...fields } = u;
    units[id] = { building: index.buildingName(u), ...fields };
    const ownership = index.ownershipByUnit.get(id)!;
    const holder = index.holdersById.get(ownership.holderId)!;
    holdings[id] = {
      holderKey: holder.key,
      members: holder.memberIds.map((m) => index.ownersById.get(m)!.name).sort(),
      voter: index.ownersById.get(holder.voterId)!.name,
      developerUnsold: ownership.developerUnsold,
    };
  }
  return { units, holdings };
}

async function converges(projection: Projection, communityId: string) {
  const want = await expected(communityId);
  await waitFor(() => JSON.stringify(projection.view()) === JSON.stringify(want) || undefined, {
    message: 'the projection to equal the roster',
    timeoutMs: 10_000,
  }).catch(() => {});
  expect(projection.view()).toEqual(want);
}

const first: UnitRow[] = [
  unit('101', { name: '张三', phone: '13800138000' }, { coOwners: ['王五'] }),
  unit('102', { name: '李四', phone: '13900139000' }, { area: '120.25' }),
  unit('103', { name: '华城置业', kind: 'developer' }, { developerUnsold: true }),
  unit(
    'B-1',
    { name: '李四', phone: '13900139000' },
    { building: '车库', kind: 'parking', area: '12.00' },
  ),
];

it('builds, from the events alone, a projection equal to the roster; a new consumer replays it from the start', async () => {
  const communityId = await seedCommunity(dir);
  const { token } = await seedStaffToken(dir, communityId, ['committee_admin']);
  const live = await follow(communityId);

  await importRoster(dir, token, communityId, first);
  await converges(live, communityId);
  expect(live.units.size).toBe(4);

  const second = first.map((r) => {
    if (r.room === '101')
      return { ...r, owner: { ...r.owner, name: '王五', phone: null }, coOwners: ['张三'] };
    if (r.room === '102') return { ...r, area: '121.00' };
    if (r.room === '103')
      return {
        ...r,
        owner: { ...r.owner, name: '赵六', kind: 'person' as const },
        developerUnsold: false,
      };
    return r;
  });
  const applied = await importRoster(dir, token, communityId, second);
  expect(applied.summary).toMatchObject({
    unitsChanged: 1,
    ownershipsChanged: 1,
    votersChanged: 1,
  });
  await converges(live, communityId);
  expect(live.holdings.get([...live.units.keys()][2]!)).toMatchObject({
    members: ['赵六'],
    developerUnsold: false,
  });

  const rebuilt = await follow(communityId);
  await converges(rebuilt, communityId);
});
