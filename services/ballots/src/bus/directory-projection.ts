import type { JetStreamClient } from '@nats-io/jetstream';
import type { BusLogger } from '@yishi/bus';
import { startConsumer } from '@yishi/bus';
import {
  communityRegistered,
  directoryEvents,
  type EventOf,
  gridDefined,
  ownerRecorded,
  ownershipChanged,
  unitRecorded,
} from '@yishi/contracts';
import { sql } from 'drizzle-orm';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { dirCommunities, dirGrids, dirHoldings, dirOwners, dirUnits } from '../db/schema/index.ts';
import { type LinkKeys, secondFactorHash } from '../voting/link-token.ts';
import { maskPhone, normaliseLast4, phoneLast4 } from './owner-contact.ts';

export type DirectoryEvent = EventOf<(typeof directoryEvents)[number]>;

/** The durable consumer name; a new name rebuilds the projection from the start of the stream. */
export const directoryProjectionDurable = 'ballots-directory-projection';

/**
 * Applies one directory event to the projection inside `tx` (the inbox row commits with it).
 * Upserts, so a replay from the start of the stream converges on the same rows.
 */
export async function applyDirectoryEvent(
  tx: BallotsTx,
  keys: LinkKeys,
  event: DirectoryEvent,
): Promise<void> {
  const at = new Date(event.occurredAt);
  const communityId = event.communityId;
  switch (event.type) {
    case communityRegistered.type: {
      const values = {
        name: event.payload.name,
        parkingIncluded: event.payload.parkingIncluded,
        updatedAt: at,
      };
      await tx
        .insert(dirCommunities)
        .values({ communityId: event.payload.communityId, ...values })
        .onConflictDoUpdate({ target: dirCommunities.communityId, set: values });
      return;
    }
    case unitRecorded.type: {
      const { unitId, ...unit } = event.payload;
      const values = { ...unit, communityId, updatedAt: at };
      await tx
        .insert(dirUnits)
        .values({ unitId, ...values })
        .onConflictDoUpdate({ target: dirUnits.unitId, set: values });
      return;
    }
    case ownerRecorded.type: {
      // Only what ballots needs: never the name, the full phone or the ID digits.
      const { ownerId, phone, idLast4 } = event.payload;
      const phone4 = phoneLast4(phone);
      const id4 = normaliseLast4(idLast4);
      const values = {
        communityId,
        phoneMasked: maskPhone(phone),
        phoneLast4Hash: phone4 ? secondFactorHash(keys, ownerId, phone4) : null,
        idLast4Hash: id4 ? secondFactorHash(keys, ownerId, id4) : null,
        updatedAt: at,
      };
      await tx
        .insert(dirOwners)
        .values({ ownerId, ...values })
        .onConflictDoUpdate({ target: dirOwners.ownerId, set: values });
      return;
    }
    case ownershipChanged.type: {
      const p = event.payload;
      const values = {
        communityId,
        holderId: p.holderId,
        holderKey: p.holderKey,
        memberIds: p.memberIds,
        voterId: p.voterId,
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
    case gridDefined.type: {
      const values = { communityId, buildingIds: event.payload.buildingIds, updatedAt: at };
      await tx
        .insert(dirGrids)
        .values({ gridId: event.payload.gridId, ...values })
        .onConflictDoUpdate({ target: dirGrids.gridId, set: values });
      return;
    }
  }
}

/**
 * Keeps the projection with a durable consumer of the DIRECTORY stream, from its first event
 * (a new durable rebuilds everything), one event at a time: holders change in order.
 */
export function startDirectoryProjection(options: {
  db: BallotsDb;
  js: JetStreamClient;
  keys: LinkKeys;
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
    handle: (event, tx) => applyDirectoryEvent(tx, options.keys, event as DirectoryEvent),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
