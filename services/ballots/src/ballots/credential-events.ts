import { type PreparedEvent, prepareEvent } from '@yishi/bus';
import { credentialIssued, type EventDeps } from '@yishi/contracts';
import { and, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { BallotsTx } from '../db/database.ts';
import { credentials, electorateHolders } from '../db/schema/index.ts';
import { linkToken } from '../voting/link-token.ts';

/** The link an owner opens: `${publicBaseUrl}/v/<token>`. A bearer secret. */
export const linkUrl = (deps: Pick<Deps, 'links' | 'publicBaseUrl'>, credentialId: string) =>
  `${deps.publicBaseUrl.replace(/\/$/, '')}/v/${linkToken(deps.links, credentialId)}`;

/**
 * One `ballots.credential.issued` per active credential of the ballot (or of one owner key), to
 * write with `enqueueAll` in the transaction that issued them: notifications sends the links.
 */
export async function credentialIssuedEvents(
  tx: BallotsTx,
  deps: Pick<Deps, 'links' | 'publicBaseUrl'> & EventDeps,
  ballot: { id: string; communityId: string; opensAt: Date; closesAt: Date },
  holderKey?: string,
): Promise<PreparedEvent[]> {
  const rows = await tx
    .select({
      credentialId: credentials.id,
      holderKey: credentials.holderKey,
      voterId: electorateHolders.voterId,
      memberIds: electorateHolders.memberIds,
    })
    .from(credentials)
    .innerJoin(
      electorateHolders,
      and(
        eq(electorateHolders.ballotId, credentials.ballotId),
        eq(electorateHolders.holderKey, credentials.holderKey),
      ),
    )
    .where(
      and(
        eq(credentials.ballotId, ballot.id),
        isNull(credentials.revokedAt),
        holderKey === undefined ? undefined : eq(credentials.holderKey, holderKey),
      ),
    );
  return rows.map((row) =>
    prepareEvent(
      credentialIssued,
      {
        communityId: ballot.communityId,
        aggregateId: ballot.id,
        payload: {
          ballotId: ballot.id,
          communityId: ballot.communityId,
          holderKey: row.holderKey,
          voterId: row.voterId,
          memberIds: row.memberIds,
          linkUrl: linkUrl(deps, row.credentialId),
          opensAt: ballot.opensAt.toISOString(),
          closesAt: ballot.closesAt.toISOString(),
        },
      },
      deps,
    ),
  );
}
