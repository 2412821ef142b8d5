import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import type { StaffClaims } from '@yishi/auth';
import { type BusLogger, ensureStream, startConsumer } from '@yishi/bus';
import {
  assemblyBallotRequested,
  type EventOf,
  meetingCancelled,
  meetingsEvents,
} from '@yishi/contracts';
import { isAppError, validationFailed } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { draftBallot } from '../ballots/draft-ballot.ts';
import { runLifecycle } from '../ballots/lifecycle.ts';
import { draftBallotBodySchema } from '../ballots/schemas.ts';
import type { Deps } from '../context.ts';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { assemblyCancellations, ballots } from '../db/schema/index.ts';
import { uuidV5 } from '../progress/staff-alerts.ts';

export type BallotRequest = EventOf<typeof assemblyBallotRequested>;
export type MeetingCancellation = EventOf<typeof meetingCancelled>;

/** The namespace in which meetings fixes the ids of its assemblies' ballots (services/meetings/src/domain/ids.ts). */
const MEETINGS_NAMESPACE = 'b6f1c6a2-6c1e-5d8e-9a57-3f0d2c4e8b11';

/** The ballot meetings requested for a written assembly: UUID v5 of the meeting, as meetings fixes it. */
export const assemblyBallotId = (meetingId: string) =>
  uuidV5(`meeting:${meetingId}:ballot`, MEETINGS_NAMESPACE);

/** The durable consumer name of the MEETINGS stream (ballot requests and cancellations). */
export const meetingsConsumerDurable = 'ballots-meetings';
/**
 * Durables of earlier releases, removed at start. `ballots-meetings-requests` followed ballot
 * requests only; nats-server 2.9 accepts widening a durable's filter but then delivers nothing
 * more to it, so the wider consumer is a new durable that replays the stream from its start
 * (both handlers are idempotent, so the replay changes nothing already applied).
 */
export const retiredMeetingsDurables = ['ballots-meetings-requests'];

/**
 * Drafts the ballot a written owners' assembly asked for, inside `tx` (the inbox row commits with
 * it), under the ids the request carries: a redelivered or repeated request finds the ballot and
 * does nothing, and so does a request that arrives after its assembly's cancellation
 * (`assembly_cancellations`). The draft goes through `draftBallot` with the requesting staff
 * member as author, so it is the same draft, with the same audit entry, as one made by hand; the
 * committee opens it as usual. Answers whether it drafted.
 */
export async function applyBallotRequest(
  tx: BallotsTx,
  deps: Deps,
  event: BallotRequest,
): Promise<'drafted' | 'exists' | 'assembly_cancelled'> {
  const p = event.payload;
  const [existing] = await tx
    .select({ id: ballots.id })
    .from(ballots)
    .where(eq(ballots.id, p.ballotId));
  if (existing) return 'exists';
  const [cancelled] = await tx
    .select({ at: assemblyCancellations.cancelledAt })
    .from(assemblyCancellations)
    .where(
      and(
        eq(assemblyCancellations.ballotId, p.ballotId),
        eq(assemblyCancellations.communityId, event.communityId),
      ),
    );
  if (cancelled) {
    deps.logger.warn(
      { ballotId: p.ballotId, meetingId: p.meetingId },
      'ballot requested for an assembly already cancelled; not drafted',
    );
    return 'assembly_cancelled';
  }
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
  return 'drafted';
}

/** What a meeting's cancellation did to its ballot. */
export type CancellationOutcome =
  | 'cancelled'
  | 'no_ballot'
  | 'already_cancelled'
  | 'kept_closed'
  | 'kept_published'
  | 'refused';

/**
 * Cancels the ballot of a cancelled written owners' assembly, with the meeting's reason, through
 * the ballots' own lifecycle (audit entry and `ballots.ballot.cancelled` in the same transaction
 * as the inbox row). Idempotent: a ballot already cancelled and a redelivery change nothing; an
 * assembly without a ballot here (cancelled before its notice, or before its request arrived) is
 * recorded in `assembly_cancellations`, so a late request drafts nothing. A closed or published
 * ballot is kept, since the owners' decision stands once voting ended (RULES.md), and so is an open
 * ballot whose voting window has passed (it closes and its result is published); both are logged.
 */
export async function applyMeetingCancelled(
  tx: BallotsTx,
  deps: Deps,
  event: MeetingCancellation,
): Promise<CancellationOutcome> {
  const p = event.payload;
  if (p.kind !== 'owners_assembly') return 'no_ballot';
  const ballotId = assemblyBallotId(p.meetingId);
  const [row] = await tx
    .select({ status: ballots.status })
    .from(ballots)
    .where(and(eq(ballots.id, ballotId), eq(ballots.communityId, event.communityId)));
  if (!row) {
    // Its ballot request may still be on its way: remembered, so it drafts nothing.
    await tx
      .insert(assemblyCancellations)
      .values({
        ballotId,
        communityId: event.communityId,
        meetingId: p.meetingId,
        reason: p.reason,
        cancelledAt: new Date(event.occurredAt),
      })
      .onConflictDoNothing();
    return 'no_ballot';
  }
  const log = { ballotId, meetingId: p.meetingId, status: row.status };
  switch (row.status) {
    case 'cancelled':
      return 'already_cancelled';
    case 'closed':
    case 'published':
      deps.logger.warn(log, 'meeting cancelled after its ballot closed; the ballot is kept');
      return row.status === 'closed' ? 'kept_closed' : 'kept_published';
  }
  try {
    // drizzle runs a transaction opened on `tx` as a savepoint of it: a refusal undoes only that.
    await runLifecycle(
      { ...deps, db: tx as unknown as BallotsDb },
      {
        actor: { system: 'meetings' },
        communityId: event.communityId,
        ballotId,
        command: {
          type: 'cancel',
          reason: p.reason.trim() || '会议已取消 / The meeting was cancelled',
        },
      },
    );
  } catch (error) {
    if (!isAppError(error, 'precondition_failed')) throw error;
    deps.logger.warn(
      { ...log, refusal: (error.details as { reason?: string } | undefined)?.reason },
      'meeting cancelled but its ballot cannot be cancelled; the ballot is kept',
    );
    return 'refused';
  }
  return 'cancelled';
}

/**
 * Follows the MEETINGS stream (created here too, so ballots may start before meetings): drafts the
 * ballot of `meetings.assembly.ballot_requested` and cancels it on `meetings.meeting.cancelled`.
 * One filter, `meetings.>` (nats-server 2.9 takes one), with every meetings contract so nothing
 * is dead-lettered; other events are acknowledged and ignored. One event at a time, in the
 * stream's order, so a request is drafted before its meeting's cancellation is applied.
 */
export async function startMeetingsConsumer(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  /** Durables to delete first; by default those of earlier releases when `durable` is the default. */
  retire?: readonly string[];
  logger?: BusLogger;
}) {
  const stream = options.stream ?? 'MEETINGS';
  const jsm = await options.js.jetstreamManager();
  if (!options.stream) await ensureStream(jsm, { name: stream, subjects: ['meetings.>'] });
  for (const name of options.retire ?? (options.durable ? [] : retiredMeetingsDurables)) {
    try {
      await jsm.consumers.delete(stream, name);
      options.deps.logger.info({ stream, durable: name }, 'retired an earlier meetings consumer');
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) {
        throw err;
      }
    }
  }
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream,
    durable: options.durable ?? meetingsConsumerDurable,
    contracts: meetingsEvents,
    filterSubjects: ['meetings.>'],
    concurrency: 1,
    handle: async (event, tx) => {
      if (event.type === assemblyBallotRequested.type) {
        await applyBallotRequest(tx, options.deps, event as BallotRequest);
      } else if (event.type === meetingCancelled.type) {
        await applyMeetingCancelled(tx, options.deps, event as MeetingCancellation);
      }
    },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
