/**
 * Proposals follow their meetings and ballots by themselves:
 *
 * - `meetings.meeting.notice_published`: proposals on the agenda → on_agenda (meetingId kept).
 * - `meetings.meeting.cancelled`: its proposals leave the agenda (back to threshold reached or open).
 * - `meetings.assembly.ballot_requested`: records which ballot matter takes up which proposal.
 * - `ballots.ballot.opened`: proposals of its matters → in_ballot; `ballots.ballot.cancelled` → on_agenda.
 * - `ballots.result.certified`: proposals of its matters → decided, passed → 已形成决定, else 未形成决定
 *   (a later certification of the same ballot may change the outcome until it is published).
 * - `ballots.result.published`: records when the decision was published.
 * - `meetings.agenda_item.decided` from the minutes (a meeting in person): → decided.
 *
 * Each applies through the lifecycle, so redeliveries and events that no longer apply (a
 * withdrawn proposal) change nothing.
 */

import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, type RunningConsumer, startConsumer } from '@yishi/bus';
import {
  agendaItemDecided,
  assemblyBallotRequested,
  ballotCancelled,
  ballotOpened,
  type EventOf,
  meetingCancelled,
  meetingNoticePublished,
  meetingsEvents,
  resultCertified,
  resultPublished,
} from '@yishi/contracts';
import { transactionLock } from '@yishi/db';
import { and, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { ProposalsDb, ProposalsTx } from '../db/database.ts';
import { ballotFacts, ballotMatters, proposals } from '../db/schema/index.ts';
import type { LifecycleCommand } from '../domain/lifecycle.ts';
import { announceDecision, applyCommand, type DecisionFacts } from '../proposals/transition.ts';

type MeetingsEvent = EventOf<(typeof meetingsEvents)[number]>;
const ballotContracts = [ballotOpened, ballotCancelled, resultCertified, resultPublished] as const;
type BallotsEvent = EventOf<(typeof ballotContracts)[number]>;

async function lockAll(tx: ProposalsTx, communityId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(proposals)
    .where(and(eq(proposals.communityId, communityId), inArray(proposals.id, [...ids])))
    .orderBy(proposals.id)
    .for('update');
}

async function applyToAll(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  communityId: string,
  ids: readonly string[],
  command: LifecycleCommand,
  at: Date,
  cause: 'meetings' | 'ballots',
  extra: { meetingId?: string; decision?: (id: string) => DecisionFacts | undefined } = {},
) {
  for (const row of await lockAll(tx, communityId, ids)) {
    const decision = extra.decision?.(row.id);
    const updated = await applyCommand(tx, deps, row, command, {
      at,
      cause,
      refusal: 'ignore',
      ...(decision ? { decision } : {}),
    });
    if (updated && extra.meetingId && command.type === 'put_on_agenda') {
      await tx
        .update(proposals)
        .set({ meetingId: extra.meetingId })
        .where(eq(proposals.id, row.id));
    }
  }
}

/**
 * Serialises everything that touches one ballot's facts or matter mapping. The two arrive on
 * different streams, so without it a ballot's opening and the request that maps its matters,
 * applied at the same time, would each commit without seeing the other and neither would
 * reconcile (a write skew). With it the second waits, then reads what the first committed.
 */
const lockBallot = (tx: ProposalsTx, ballotId: string) =>
  tx.execute(sql`select ${transactionLock(ballotId)}`);

/** Applies one meetings event inside `tx`. */
export async function applyMeetingsEvent(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  event: MeetingsEvent,
) {
  const at = new Date(event.occurredAt);
  const { communityId } = event;
  switch (event.type) {
    case meetingNoticePublished.type: {
      const ids = event.payload.agenda.flatMap((item) =>
        item.proposalId ? [item.proposalId] : [],
      );
      await applyToAll(tx, deps, communityId, ids, { type: 'put_on_agenda' }, at, 'meetings', {
        meetingId: event.payload.meetingId,
      });
      return;
    }
    case meetingCancelled.type:
      await applyToAll(
        tx,
        deps,
        communityId,
        event.payload.proposalIds,
        { type: 'leave_agenda' },
        at,
        'meetings',
      );
      return;
    case assemblyBallotRequested.type: {
      const rows = event.payload.matters.flatMap((m) =>
        m.proposalId
          ? [
              {
                matterId: m.matterId,
                ballotId: event.payload.ballotId,
                meetingId: event.payload.meetingId,
                proposalId: m.proposalId,
              },
            ]
          : [],
      );
      await lockBallot(tx, event.payload.ballotId);
      if (rows.length > 0) await tx.insert(ballotMatters).values(rows).onConflictDoNothing();
      await reconcileBallot(tx, deps, event.payload.ballotId);
      return;
    }
    case agendaItemDecided.type: {
      const p = event.payload;
      // A ballot's decision comes from its certified result; this one only for minutes.
      if (p.source !== 'minutes' || !p.proposalId) return;
      await applyToAll(
        tx,
        deps,
        communityId,
        [p.proposalId],
        { type: 'decide', outcome: p.outcome },
        new Date(p.decidedAt),
        'meetings',
        {
          decision: () => ({
            source: 'minutes',
            ballotId: null,
            matterId: null,
            meetingId: p.meetingId,
            certification: null,
          }),
        },
      );
      return;
    }
    default:
      return;
  }
}

/** Records one ballots event as a fact of its ballot, then reconciles the ballot's proposals. */
export async function applyBallotsEvent(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  event: BallotsEvent,
) {
  const at = new Date(event.occurredAt);
  const { ballotId } = event.payload;
  await lockBallot(tx, ballotId);
  const base = { ballotId, communityId: event.communityId };
  const upsert = (set: Partial<typeof ballotFacts.$inferInsert>, where?: SQL) =>
    tx
      .insert(ballotFacts)
      .values({ ...base, ...set })
      .onConflictDoUpdate({
        target: ballotFacts.ballotId,
        set,
        ...(where ? { setWhere: where } : {}),
      });
  switch (event.type) {
    case ballotOpened.type:
      await upsert({ openedAt: at });
      break;
    case ballotCancelled.type:
      await upsert({ cancelledAt: at });
      break;
    case resultCertified.type: {
      const certification = event.payload.certification ?? 1;
      // Only a newer certification replaces the outcome, and never after publication.
      await upsert(
        {
          certification,
          certifiedAt: at,
          matters: event.payload.matters.map((m) => ({ matterId: m.matterId, passed: m.passed })),
        },
        sql`${ballotFacts.publishedAt} is null and coalesce(${ballotFacts.certification}, 0) < ${certification}`,
      );
      break;
    }
    case resultPublished.type:
      await upsert(
        { publishedAt: new Date(event.payload.from) },
        sql`${ballotFacts.publishedAt} is null`,
      );
      break;
  }
  await reconcileBallot(tx, deps, ballotId);
}

/**
 * Brings the proposals taken up by a ballot's matters in line with what is known of the ballot:
 * opened → in_ballot, cancelled → back on the agenda, certified → decided (已形成决定 when the
 * matter passed, else 未形成决定), published → the decision's publication. Idempotent: run it after
 * every fact and every mapping, in any order.
 */
export async function reconcileBallot(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  ballotId: string,
) {
  const [facts] = await tx.select().from(ballotFacts).where(eq(ballotFacts.ballotId, ballotId));
  const mapped = await tx.select().from(ballotMatters).where(eq(ballotMatters.ballotId, ballotId));
  if (!facts || mapped.length === 0) return;
  const { communityId } = facts;
  const ids = mapped.map((m) => m.proposalId);
  const at = facts.certifiedAt ?? facts.cancelledAt ?? facts.openedAt ?? new Date();
  if (facts.openedAt && !facts.cancelledAt) {
    await applyToAll(
      tx,
      deps,
      communityId,
      ids,
      { type: 'enter_ballot' },
      facts.openedAt,
      'ballots',
    );
    await tx
      .update(proposals)
      .set({ ballotId })
      .where(and(eq(proposals.communityId, communityId), inArray(proposals.id, ids)));
  }
  if (facts.cancelledAt) {
    await applyToAll(
      tx,
      deps,
      communityId,
      ids,
      { type: 'leave_ballot' },
      facts.cancelledAt,
      'ballots',
    );
  }
  if (facts.certification !== null && facts.matters) {
    const passed = new Map(facts.matters.map((m) => [m.matterId, m.passed]));
    for (const link of mapped) {
      const outcome = passed.get(link.matterId);
      if (outcome === undefined) continue;
      const [row] = await tx
        .select({ id: proposals.id })
        .from(proposals)
        .where(
          and(
            eq(proposals.id, link.proposalId),
            or(
              isNull(proposals.decisionCertification),
              lt(proposals.decisionCertification, facts.certification),
            ),
          ),
        );
      if (!row) continue;
      const certification = facts.certification;
      await applyToAll(
        tx,
        deps,
        communityId,
        [link.proposalId],
        { type: 'decide', outcome: outcome ? 'decided' : 'not_decided' },
        at,
        'ballots',
        {
          decision: () => ({
            source: 'ballot',
            ballotId,
            matterId: link.matterId,
            meetingId: link.meetingId,
            certification,
          }),
        },
      );
      await tx
        .update(proposals)
        .set({ decisionCertification: certification })
        .where(and(eq(proposals.id, link.proposalId), eq(proposals.status, 'decided')));
    }
  }
  if (facts.publishedAt) {
    const published = await tx
      .update(proposals)
      .set({ decisionPublishedAt: facts.publishedAt })
      .where(
        and(
          inArray(proposals.id, ids),
          eq(proposals.ballotId, ballotId),
          isNull(proposals.decisionPublishedAt),
        ),
      )
      .returning();
    // The decision is final now: owners are told it once, with the outcome that was published.
    for (const row of published) {
      if (row.decisionSource === 'ballot' && row.outcome !== null) {
        await announceDecision(tx, deps, row, facts.publishedAt);
      }
    }
  }
}

/**
 * Starts the consumers that follow meetings (one durable over `meetings.>`) and ballots (one
 * durable per subject: nats-server 2.9 filters one subject per consumer, and the ballots stream
 * also carries every vote, which proposals must not read one by one).
 */
export async function startDecisionConsumers(options: {
  db: ProposalsDb;
  js: JetStreamClient;
  deps: Pick<Deps, 'newId' | 'wakeRelay'>;
  durablePrefix?: string;
  logger?: BusLogger;
}): Promise<RunningConsumer[]> {
  const prefix = options.durablePrefix ?? 'proposals';
  const common = {
    db: options.db,
    js: options.js,
    concurrency: 1,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const wake =
    <E>(apply: (tx: ProposalsTx, event: E) => Promise<void>) =>
    async (event: E, tx: ProposalsTx) => {
      await apply(tx, event);
      // The outbox rows commit right after; the relay's next round would also find them.
      setImmediate(options.deps.wakeRelay);
    };
  const consumers = [
    startConsumer({
      ...common,
      stream: 'MEETINGS',
      durable: `${prefix}-meetings`,
      contracts: meetingsEvents,
      filterSubjects: ['meetings.>'],
      handle: wake((tx, event) => applyMeetingsEvent(tx, options.deps, event as MeetingsEvent)),
    }),
    ...ballotContracts.map((contract) =>
      startConsumer({
        ...common,
        stream: 'BALLOTS',
        durable: `${prefix}-${contract.type.replaceAll('.', '-')}`,
        contracts: [contract],
        handle: wake((tx, event) => applyBallotsEvent(tx, options.deps, event as BallotsEvent)),
      }),
    ),
  ];
  return Promise.all(consumers);
}
