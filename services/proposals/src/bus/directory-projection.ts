import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, startConsumer } from '@yishi/bus';
import {
  communityRegistered,
  directoryEvents,
  type EventOf,
  ownerLinkRevoked,
  ownershipChanged,
} from '@yishi/contracts';
import { sql } from 'drizzle-orm';
import type { ProposalsDb, ProposalsTx } from '../db/database.ts';
import { dirCommunities, dirHoldings, dirOwnerLinks } from '../db/schema/index.ts';

export type DirectoryEvent = EventOf<(typeof directoryEvents)[number]>;

/** The durable consumer name; a new name rebuilds the projection from the start of the stream. */
export const directoryProjectionDurable = 'proposals-directory-projection';

/**
 * Applies one directory event inside `tx` (the inbox row commits with it). Only communities,
 * current holders and owner link versions are kept: owner contact details (ownerRecorded) and
 * units are ignored. Upserts, so a replay converges on the same rows.
 */
export async function applyDirectoryEvent(tx: ProposalsTx, event: DirectoryEvent): Promise<void> {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case communityRegistered.type: {
      const values = { name: event.payload.name, updatedAt: at };
      await tx
        .insert(dirCommunities)
        .values({ communityId: event.payload.communityId, ...values })
        .onConflictDoUpdate({ target: dirCommunities.communityId, set: values });
      return;
    }
    case ownershipChanged.type: {
      const p = event.payload;
      const values = {
        communityId: event.communityId,
        holderId: p.holderId,
        holderKey: p.holderKey,
        since: new Date(p.since),
      };
      // An older change arriving late never replaces a newer holder.
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
      const { holderId, version } = event.payload;
      await tx
        .insert(dirOwnerLinks)
        .values({ holderId, version })
        .onConflictDoUpdate({
          target: dirOwnerLinks.holderId,
          set: { version },
          setWhere: sql`excluded.version > ${dirOwnerLinks.version}`,
        });
      return;
    }
    default:
      return;
  }
}

/** Keeps the projection with a durable consumer of the DIRECTORY stream, from its first event. */
export function startDirectoryProjection(options: {
  db: ProposalsDb;
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
    // One filter (nats-server 2.9 has no multi-subject filters); unknown types are dead-lettered.
    filterSubjects: ['directory.>'],
    concurrency: 1,
    handle: (event, tx) => applyDirectoryEvent(tx, event as DirectoryEvent),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
