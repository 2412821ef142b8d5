import { and, asc, eq } from 'drizzle-orm';
import { attachmentsOf } from '../ballots/attachments.ts';
import { electionsOf } from '../ballots/elections.ts';
import { loadMatters } from '../ballots/load.ts';
import { matterView } from '../ballots/views.ts';
import type { Deps } from '../context.ts';
import { ballots, credentials, electorateUnits, votes } from '../db/schema/index.ts';
import { verifyLinkToken } from './link-token.ts';
import { refusal } from './refusals.ts';

/** Where a ballot stands for an owner. */
export function votingStatus(
  b: Pick<typeof ballots.$inferSelect, 'status' | 'opensAt' | 'closesAt'>,
  now: Date,
): 'not_open' | 'open' | 'closed' | 'cancelled' {
  if (b.status === 'cancelled') return 'cancelled';
  if (b.status === 'closed' || b.status === 'published' || now >= b.closesAt) return 'closed';
  if (b.status === 'draft' || now < b.opensAt) return 'not_open';
  return 'open';
}

/**
 * What an owner sees through their link: the matters with what it takes to pass each, their own
 * units and areas, the voting status and, once they voted, their own choices. Nothing about any
 * other owner.
 */
export async function ownerBallotView(deps: Pick<Deps, 'db' | 'links' | 'now'>, token: string) {
  const credentialId = verifyLinkToken(deps.links, token);
  if (!credentialId) throw refusal('link_invalid');
  const [found] = await deps.db
    .select({ credential: credentials, ballot: ballots })
    .from(credentials)
    .innerJoin(ballots, eq(ballots.id, credentials.ballotId))
    .where(eq(credentials.id, credentialId));
  if (!found) throw refusal('link_invalid');
  if (found.credential.revokedAt) throw refusal('credential_revoked');
  const { ballot, credential } = found;
  const own = and(
    eq(electorateUnits.ballotId, ballot.id),
    eq(electorateUnits.holderKey, credential.holderKey),
  );
  const [matters, units, cast, files] = await Promise.all([
    loadMatters(deps.db, ballot.id),
    deps.db
      .select()
      .from(electorateUnits)
      .where(own)
      .orderBy(
        asc(electorateUnits.building),
        asc(electorateUnits.entrance),
        asc(electorateUnits.room),
      ),
    deps.db
      .select()
      .from(votes)
      .where(and(eq(votes.ballotId, ballot.id), eq(votes.holderKey, credential.holderKey))),
    attachmentsOf(deps.db, ballot.id),
  ]);
  return {
    ballot: {
      id: ballot.id,
      title: ballot.title,
      description: ballot.description,
      opensAt: ballot.opensAt.toISOString(),
      closesAt: ballot.closesAt.toISOString(),
      allowChange: ballot.allowChange,
      publication: ballot.publication,
      secondFactor: ballot.secondFactor,
    },
    status: votingStatus(ballot, deps.now()),
    matters: matters.map((m) => ({
      ...matterView(m),
      // Opened through `/v/<token>/attachments/<id>`.
      attachments: files
        .filter((f) => f.matterId === m.id)
        .map(({ id, fileName, contentType, size, sha256 }) => ({
          id,
          fileName,
          contentType,
          size,
          sha256,
        })),
    })),
    // Each candidate of an election is one of `matters` (so it is voted like any question);
    // this groups them under their election and its seats.
    elections: electionsOf(matters),
    units: units.map((u) => ({
      building: u.building,
      entrance: u.entrance,
      room: u.room,
      area: u.area,
      areaBasis: u.areaBasis,
    })),
    voted: cast.length > 0,
    choices: cast.map((v) => ({
      matterId: v.matterId,
      // Where the committee asks for a second factor, the link alone must not reveal how its owner
      // voted (a link can be forwarded or seen): the choice is shown only on ballots without one.
      choice: ballot.secondFactor === 'none' ? v.choice : null,
      channel: v.channel,
      castAt: v.castAt.toISOString(),
      // The receipt code is kept only as a hash; its first characters let the owner match it.
      receiptFingerprint: v.receiptHash.slice(0, 8),
    })),
  };
}
