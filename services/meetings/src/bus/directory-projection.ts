import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, startConsumer } from '@yishi/bus';
import {
  communityRegistered,
  directoryEvents,
  type EventOf,
  ownerLinkRevoked,
  ownershipChanged,
  unitRecorded,
} from '@yishi/contracts';
import { sql } from 'drizzle-orm';
import type { MeetingsDb, MeetingsTx } from '../db/database.ts';
import { dirCommunities, dirHoldings, dirOwnerLinks, dirUnits } from '../db/schema/index.ts';

export type DirectoryEvent = EventOf<(typeof directoryEvents)[number]>;

/** The durable consumer name; a new name rebuilds the projection from the start of the stream. */
export const directoryProjectionDurable = 'meetings-directory-projection';

/**
 * Applies one directory event inside `tx` (the inbox row commits with it). Upserts, so a replay
 * from the start of the stream converges on the same rows. Owner and staff contact events are
 * ignored: meetings keeps no personal data.
 */
export async function applyDirectoryEvent(tx: MeetingsTx, event: DirectoryEvent): Promise<void> {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case communityRegistered.type: {
      const p = event.payload;
      const values = { name: p.name, parkingIncluded: p.parkingIncluded, updatedAt: at };
      await tx
        .insert(dirCommunities)
        .values({ communityId: p.communityId, ...values })
        .onConflictDoUpdate({ target: dirCommunities.communityId, set: values });
      return;
    }
    case unitRecorded.type: {
      const p = event.payload;
      const values = {
        communityId: event.communityId,
        buildingId: p.buildingId,
        building: p.building,
        entrance: p.entrance,
        room: p.room,
        kind: p.kind,
        area: p.area,
        updatedAt: at,
      };
      await tx
        .insert(dirUnits)
        .values({ unitId: p.unitId, ...values })
        .onConflictDoUpdate({ target: dirUnits.unitId, set: values });
      return;
    }
    case ownershipChanged.type: {
      const p = event.payload;
      const values = {
        communityId: event.communityId,
        holderKey: p.holderKey,
        developerUnsold: p.developerUnsold,
        since: new Date(p.since),
      };
      // An older change arriving late (a replay, a re-import) never replaces a newer holder.
      await tx
        .insert(dirHoldings)
        .values({ unitId: p.unitId, ...values })
        .onConflictDoUpdate({
          target: dirHoldings.unitId,
          set: values,
          setWhere: sql`excluded.since >= ${dirHoldings.since}`,
        });
      return;
    }
    case ownerLinkRevoked.type: {
      const p = event.payload;
      const values = { communityId: event.communityId, version: p.version, updatedAt: at };
      // Versions only grow: a late, older revocation never lowers the bar.
      await tx
        .insert(dirOwnerLinks)
        .values({ holderId: p.holderId, ...values })
        .onConflictDoUpdate({
          target: dirOwnerLinks.holderId,
          set: values,
          setWhere: sql`excluded.version > ${dirOwnerLinks.version}`,
        });
      return;
    }
    default:
      return;
  }
}

/** Keeps the projection with a durable consumer of the DIRECTORY stream, in order. */
export function startDirectoryProjection(options: {
  db: MeetingsDb;
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
    // One filter for the whole stream (nats-server 2.9 has no multi-subject filters); a directory
    // event this version does not know is recorded as a dead letter, not retried.
    filterSubjects: ['directory.>'],
    concurrency: 1,
    handle: (event, tx) => applyDirectoryEvent(tx, event as DirectoryEvent),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
