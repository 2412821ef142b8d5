import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, enqueue, startConsumer } from '@yishi/bus';
import {
  agendaItemDecided,
  type EventOf,
  resultCertified,
  resultPublished,
} from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { MeetingsTx } from '../db/database.ts';
import { agendaItems, meetings } from '../db/schema/index.ts';
import { markHeld } from '../meetings/lifecycle.ts';
import { loadAgenda } from '../meetings/load.ts';

export type BallotResultEvent = EventOf<typeof resultCertified> | EventOf<typeof resultPublished>;

export const ballotsConsumerDurable = 'meetings-ballot-results';

type EventDeps = Pick<Deps, 'now' | 'newId'>;

/**
 * Follows the results of written assemblies' ballots inside `tx`: a certified result decides
 * each agenda item by its matter (已形成决定 when it passed, 未形成决定 otherwise) and marks the
 * assembly held; a published result records the publication window (公示). Results of ballots
 * no meeting asked for are ignored.
 *
 * The ballots service certifies a result again when a change allowed between the close and the
 * publication moves it (a paper ballot collected before the close, a resolved conflict, served
 * notices): an item follows the latest certification until the result is published, and an older
 * or repeated one (redelivered, or arriving late) changes nothing. `meetings.agenda_item.decided`
 * goes out for each item's first decision and again whenever its outcome changes.
 */
export async function applyBallotResult(
  tx: MeetingsTx,
  deps: EventDeps,
  event: BallotResultEvent,
): Promise<void> {
  const [meeting] = await tx
    .select()
    .from(meetings)
    .where(eq(meetings.ballotId, event.payload.ballotId))
    .for('update');
  if (!meeting || meeting.communityId !== event.communityId) return;
  if (event.type === resultPublished.type) {
    await tx
      .update(meetings)
      .set({
        ballotResultPublishedFrom: new Date(event.payload.from),
        ballotResultPublishedUntil: new Date(event.payload.until),
        updatedAt: deps.now(),
      })
      .where(eq(meetings.id, meeting.id));
    return;
  }
  // A published result is final: the ballots service certifies nothing after it.
  if (meeting.ballotResultPublishedFrom) return;
  const certification = event.payload.certification ?? 1;
  const at = new Date(event.occurredAt);
  const agenda = await loadAgenda(tx, meeting.id);
  for (const m of event.payload.matters) {
    const item = agenda.find((a) => a.matterId === m.matterId);
    if (!item || item.decisionSource === 'minutes') continue;
    if (item.decisionSource === 'ballot' && (item.decisionCertification ?? 1) >= certification) {
      continue;
    }
    const outcome = m.passed ? 'decided' : 'not_decided';
    const changed = item.decisionSource === null || item.outcome !== outcome;
    await tx
      .update(agendaItems)
      .set({
        outcome,
        decisionSource: 'ballot',
        decisionCertification: certification,
        ...(changed ? { decidedAt: at } : {}),
      })
      .where(eq(agendaItems.id, item.id));
    if (!changed) continue;
    await enqueue(
      tx,
      agendaItemDecided,
      {
        communityId: meeting.communityId,
        aggregateId: meeting.id,
        payload: {
          meetingId: meeting.id,
          agendaItemId: item.id,
          proposalId: item.proposalId,
          item: item.item,
          outcome,
          source: 'ballot',
          ballotId: event.payload.ballotId,
          matterId: m.matterId,
          decidedAt: at.toISOString(),
        },
      },
      deps,
    );
  }
  if (meeting.status === 'notice_published') await markHeld(tx, deps, meeting, at);
}

/** The durable consumer of ballot results (stream BALLOTS, `ballots.result.*.*`). */
export function startBallotsConsumer(options: {
  deps: Pick<Deps, 'db' | 'now' | 'newId'>;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  ackWaitMs?: number;
  logger?: BusLogger;
}) {
  const { deps } = options;
  return startConsumer({
    db: deps.db,
    js: options.js,
    stream: options.stream ?? 'BALLOTS',
    durable: options.durable ?? ballotsConsumerDurable,
    contracts: [resultCertified, resultPublished],
    // One filter (nats-server 2.9): both result events, nothing else of the stream.
    filterSubjects: ['ballots.result.*.*'],
    concurrency: 1,
    ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
    handle: (event, tx) => applyBallotResult(tx, deps, event as BallotResultEvent),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
