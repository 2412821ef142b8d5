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
import { sql } from 'drizzle-orm';
import type { NotificationsDb, NotificationsTx } from '../db/database.ts';
import { communities, grids, holdings, owners, staffMembers, units } from '../db/schema/index.ts';

export type DirectoryEvent = EventOf<(typeof directoryEvents)[number]>;

/** The durable consumer name; a new name rebuilds the projection from the start of the stream. */
export const directoryProjectionDurable = 'notifications-directory-projection';

/**
 * Applies one directory event to the contacts projection inside `tx`. Upserts, so a replay from
 * the start of the stream converges on the same rows.
 */
export async function applyDirectoryEvent(tx: NotificationsTx, event: DirectoryEvent) {
  const at = new Date(event.occurredAt);
  const { communityId } = event;
  switch (event.type) {
    case communityRegistered.type: {
      const values = { name: event.payload.name, updatedAt: at };
      await tx
        .insert(communities)
        .values({ communityId: event.payload.communityId, ...values })
        .onConflictDoUpdate({ target: communities.communityId, set: values });
      return;
    }
    case unitRecorded.type: {
      const { unitId, buildingId, building, entrance, room } = event.payload;
      const values = { communityId, buildingId, building, entrance, room, updatedAt: at };
      await tx
        .insert(units)
        .values({ unitId, ...values })
        .onConflictDoUpdate({ target: units.unitId, set: values });
      return;
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
      return;
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
      // An older change arriving late (a replay, a re-import) never replaces a newer holder.
      await tx
        .insert(holdings)
        .values({ unitId: p.unitId, ...values })
        .onConflictDoUpdate({
          target: holdings.unitId,
          set: values,
          setWhere: sql`excluded.since >= ${holdings.since}`,
        });
      return;
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
      return;
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
      return;
    }
  }
}

/**
 * Keeps owner contacts and holders, staff contacts and grids, with a durable consumer of the DIRECTORY stream, from its
 * first event, one batch at a time and in order within it (holders change in order): a roster
 * import is a few transactions, not one per owner.
 */
export function startDirectoryProjection(options: {
  db: NotificationsDb;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  logger?: BusLogger;
}) {
  return startConsumer({
    db: options.db,
    js: options.js,
    stream: options.stream ?? 'DIRECTORY',
    durable: options.durable ?? directoryProjectionDurable,
    contracts: directoryEvents,
    filterSubjects: ['directory.>'],
    concurrency: 1,
    handleBatch: async (events, tx) => {
      for (const event of events) await applyDirectoryEvent(tx, event as DirectoryEvent);
    },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
