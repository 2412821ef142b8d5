import type { JetStreamClient } from '@nats-io/jetstream';
import type { StaffClaims } from '@yishi/auth';
import { type BusLogger, ensureStream, startConsumer } from '@yishi/bus';
import { assemblyBallotRequested, type EventOf } from '@yishi/contracts';
import { validationFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import { draftBallot } from '../ballots/draft-ballot.ts';
import { draftBallotBodySchema } from '../ballots/schemas.ts';
import type { Deps } from '../context.ts';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { ballots } from '../db/schema/index.ts';

export type BallotRequest = EventOf<typeof assemblyBallotRequested>;

/** The durable consumer name of written assemblies' ballot requests. */
export const meetingsConsumerDurable = 'ballots-meetings-requests';

/**
 * Drafts the ballot a written owners' assembly asked for, inside `tx` (the inbox row commits with
 * it), under the ids the request carries: a redelivered or repeated request finds the ballot and
 * does nothing. The draft goes through `draftBallot` with the requesting staff member as author,
 * so it is the same draft, with the same audit entry, as one made by hand; the committee opens it
 * as usual.
 */
export async function applyBallotRequest(
  tx: BallotsTx,
  deps: Deps,
  event: BallotRequest,
): Promise<void> {
  const p = event.payload;
  const [existing] = await tx
    .select({ id: ballots.id })
    .from(ballots)
    .where(eq(ballots.id, p.ballotId));
  if (existing) return;
  const matters = [...p.matters].sort((a, b) => a.position - b.position);
  const parsed = draftBallotBodySchema.safeParse({
    title: p.title,
    description: p.description,
    matters: matters.map((m) => ({ item: m.item, title: m.title, body: m.body })),
    scope: p.scope,
    window: p.window,
    noticeGivenAt: p.noticeGivenAt,
  });
  if (!parsed.success) {
    throw validationFailed(undefined, {
      details: { reason: 'ballot_request_invalid', meetingId: p.meetingId },
    });
  }
  const staff: StaffClaims = {
    sub: p.requestedBy,
    roles: ['committee_member'],
    communities: [event.communityId],
    communityRoles: { [event.communityId]: ['committee_member'] },
  };
  // drizzle runs a transaction opened on `tx` as a savepoint of it.
  await draftBallot(
    { ...deps, db: tx as unknown as BallotsDb },
    {
      staff,
      communityId: event.communityId,
      input: parsed.data,
      ids: { ballot: p.ballotId, matters: matters.map((m) => m.matterId) },
    },
  );
}

/**
 * Follows `meetings.assembly.ballot_requested` on the MEETINGS stream (created here too, so
 * ballots may start before meetings).
 */
export async function startMeetingsConsumer(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  logger?: BusLogger;
}) {
  const stream = options.stream ?? 'MEETINGS';
  if (!options.stream) {
    await ensureStream(await options.js.jetstreamManager(), {
      name: stream,
      subjects: ['meetings.>'],
    });
  }
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream,
    durable: options.durable ?? meetingsConsumerDurable,
    contracts: [assemblyBallotRequested],
    concurrency: 1,
    handle: (event, tx) => applyBallotRequest(tx, options.deps, event as BallotRequest),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
