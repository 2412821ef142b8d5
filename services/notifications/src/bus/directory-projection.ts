import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, startConsumer } from '@yishi/bus';
import {
  communityRegistered,
  directoryEvents,
  type EventOf,
  gridDefined,
  ownerRecorded,
  ownershipChanged,
  staffRecorded,
  unitRecorded,
} from '@yishi/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { communities, grids, holdings, owners, staffMembers, units } from '../db/schema/index.ts';
import { catchUpHolders, lockCommunityRoster } from '../flows/catch-up.ts';
import type { Holder } from '../flows/plan.ts';

export type DirectoryEvent = EventOf<(typeof directoryEvents)[number]>;

/** The durable consumer name; a new name rebuilds the projection from the start of the stream. */
export const directoryProjectionDurable = 'notifications-directory-projection';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/**
 * Applies directory events in order inside `tx`, then plans for each owner key new to its
 * community the announcements it missed ({@link catchUpHolders}), once per community and batch.
 */
export async function applyDirectoryEvents(
  tx: NotificationsTx,
  deps: FlowDeps,
  events: readonly DirectoryEvent[],
): Promise<void> {
  const arrived = new Map<string, Holder[]>();
  for (const event of events) {
    const holder = await applyDirectoryEvent(tx, event);
    if (!holder) continue;
    const list = arrived.get(event.communityId) ?? [];
    list.push(holder);
    arrived.set(event.communityId, list);
  }
  for (const [communityId, holders] of arrived) {
    await lockCommunityRoster(tx, communityId);
    await catchUpHolders(tx, deps, communityId, holders);
  }
}

/**
 * Applies one directory event to the contacts projection inside `tx`. Upserts, so a replay from
 * the start of the stream converges on the same rows. Returns the holder when the event made an
 * owner key hold a unit of a community where it held none before (it needs catching up).
 */
export async function applyDirectoryEvent(
  tx: NotificationsTx,
  event: DirectoryEvent,
): Promise<Holder | null> {
  const at = new Date(event.occurredAt);
  const { communityId } = event;
  switch (event.type) {
    case communityRegistered.type: {
      const values = { name: event.payload.name, updatedAt: at };
      await tx
        .insert(communities)
        .values({ communityId: event.payload.communityId, ...values })
        .onConflictDoUpdate({ target: communities.communityId, set: values });
      return null;
    }
    case unitRecorded.type: {
      const { unitId, buildingId, building, entrance, room } = event.payload;
      const values = { communityId, buildingId, building, entrance, room, updatedAt: at };
      await tx
        .insert(units)
        .values({ unitId, ...values })
        .onConflictDoUpdate({ target: units.unitId, set: values });
      return null;
    }
    case ownerRecorded.type: {
      const { ownerId, kind, name, phone } = event.payload;
      const values = { communityId, kind, name, phone, updatedAt: at };
      await tx
        .insert(owners)
        .values({ ownerId, ...values })
        .onConflictDoUpdate({
          target: owners.ownerId,
          set: values,
          setWhere: sql`excluded.updated_at >= ${owners.updatedAt}`,
        });
      return null;
    }
    case ownershipChanged.type: {
      const p = event.payload;
      const values = {
        communityId,
        holderKey: p.holderKey,
        memberIds: p.memberIds,
        voterId: p.voterId,
        since: new Date(p.since),
      };
      const [known] = await tx
        .select({ unitId: holdings.unitId })
        .from(holdings)
        .where(and(eq(holdings.communityId, communityId), eq(holdings.holderKey, p.holderKey)))
        .limit(1);
      // An older change arriving late (a replay, a re-import) never replaces a newer holder.
      const applied = await tx
        .insert(holdings)
        .values({ unitId: p.unitId, ...values })
        .onConflictDoUpdate({
          target: holdings.unitId,
          set: values,
          setWhere: sql`excluded.since >= ${holdings.since}`,
        })
        .returning({ unitId: holdings.unitId });
      if (known || applied.length === 0) return null;
      return { holderKey: p.holderKey, voterId: p.voterId, memberIds: p.memberIds };
    }
    case staffRecorded.type: {
      const { staffId, displayName, roles, active, contact } = event.payload;
      const values = { displayName, roles, active, ...contact, updatedAt: at };
      await tx
        .insert(staffMembers)
        .values({ staffId, communityId, ...values })
        .onConflictDoUpdate({
          target: [staffMembers.staffId, staffMembers.communityId],
          set: values,
          setWhere: sql`excluded.updated_at >= ${staffMembers.updatedAt}`,
        });
      return null;
    }
    case gridDefined.type: {
      const { gridId, name, buildingIds, workerIds } = event.payload;
      const values = { communityId, name, buildingIds, workerIds, updatedAt: at };
      await tx
        .insert(grids)
        .values({ gridId, ...values })
        .onConflictDoUpdate({
          target: grids.gridId,
          set: values,
          setWhere: sql`excluded.updated_at >= ${grids.updatedAt}`,
        });
      return null;
    }
  }
  return null;
}

/**
 * Keeps owner contacts and holders, staff contacts and grids, with a durable consumer of the DIRECTORY stream, from its
 * first event, one batch at a time and in order within it (holders change in order): a roster
 * import is a few transactions, not one per owner. Owner keys new to a community get, in the
 * same transaction, the announcements they missed ({@link applyDirectoryEvents}).
 */
export function startDirectoryProjection(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  /** Defaults to the whole stream, `directory.>`; tests give their own stream's subjects. */
  filterSubjects?: string[];
  logger?: BusLogger;
}) {
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream: options.stream ?? 'DIRECTORY',
    durable: options.durable ?? directoryProjectionDurable,
    contracts: directoryEvents,
    filterSubjects: options.filterSubjects ?? ['directory.>'],
    concurrency: 1,
    handleBatch: (events, tx) => applyDirectoryEvents(tx, options.deps, events as DirectoryEvent[]),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
