import type { CreateEventInput, EventContract, EventDeps, EventEnvelope } from '@yishi/contracts';
import { type Executor, insertColumns, type Schema } from '@yishi/db';
import { getTableName, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { outbox } from './schema.ts';

/** An event built and validated by its contract, ready to be written to the outbox. */
export interface PreparedEvent<E extends EventEnvelope = EventEnvelope> {
  event: E;
  subject: string;
}

/**
 * Builds an event with its contract, which validates it; throws a `validation_failed` AppError
 * when the payload breaks the contract. Write it with {@link enqueueAll}.
 */
export function prepareEvent<T extends string, V extends number, P extends z.ZodObject>(
  contract: EventContract<T, V, P>,
  input: CreateEventInput<z.input<P>>,
  deps?: EventDeps,
): PreparedEvent<EventEnvelope<T, V, z.output<P>>> {
  return { event: contract.create(input, deps), subject: contract.subject };
}

/**
 * Builds an event with its contract (which validates it) and writes it to the outbox inside
 * the caller's transaction, so it is published if and only if that transaction commits.
 * Throws a `validation_failed` AppError (rolling the caller back) when the payload breaks
 * the contract.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.insert(votes).values(vote);
 *   await enqueue(tx, voteCast, { communityId, aggregateId: vote.ballotId, payload: { ... } });
 * });
 */
export async function enqueue<
  T extends string,
  V extends number,
  P extends z.ZodObject,
  S extends Schema,
>(
  tx: Executor<S>,
  contract: EventContract<T, V, P>,
  input: CreateEventInput<z.input<P>>,
  deps?: EventDeps,
): Promise<EventEnvelope<T, V, z.output<P>>> {
  const prepared = prepareEvent(contract, input, deps);
  await enqueueAll(tx, [prepared]);
  return prepared.event;
}

/** The outbox columns an event fills; the rest take their defaults. */
const outboxColumns = [
  ['id', 'uuid'],
  ['type', 'text'],
  ['version', 'integer'],
  ['subject', 'text'],
  ['aggregate_id', 'text'],
  ['community_id', 'text'],
  ['payload', 'jsonb'],
  ['occurred_at', 'timestamptz'],
] as const;

/**
 * The statement that writes `events` to the outbox (one `insert … select from unnest`), for
 * callers that run it themselves, e.g. as a prepared statement on the vote path.
 */
export function outboxInsert(events: readonly PreparedEvent[]): SQL {
  return insertColumns(
    getTableName(outbox),
    outboxColumns,
    events.map(({ event, subject }) => [
      event.id,
      event.type,
      event.version,
      subject,
      event.aggregateId,
      event.communityId,
      JSON.stringify(event.payload),
      event.occurredAt,
    ]),
  );
}

/**
 * Writes many prepared events to the outbox in the caller's transaction, a few thousand rows per
 * statement: a roster import of 20,000 units emits tens of thousands of events.
 */
export async function enqueueAll<S extends Schema>(
  tx: Executor<S>,
  events: readonly PreparedEvent[],
  chunkSize = 5_000,
): Promise<void> {
  for (let start = 0; start < events.length; start += chunkSize) {
    await tx.execute(outboxInsert(events.slice(start, start + chunkSize)));
  }
}

/**
 * Writes the events whose ids are not in the outbox yet, in the caller's transaction, and answers
 * the ids it wrote. With ids derived from what an event is about (e.g. a UUID v5 of the ballot and
 * the day), a second scheduler tick or a second replica writes nothing: concurrent writers of one
 * id wait for each other on the primary key, and the later one skips it. {@link enqueueAll}
 * instead fails on a duplicate id, rolling the caller back.
 *
 * @example
 * const written = await enqueueIfAbsent(tx, [prepareEvent(dailySummary, { id: v5(ballotId, day), ... })]);
 * if (written.length > 0) wakeRelay();
 */
export async function enqueueIfAbsent<S extends Schema>(
  tx: Executor<S>,
  events: readonly PreparedEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const result = await tx.execute(
    sql`${outboxInsert(events)} on conflict (id) do nothing returning id`,
  );
  const rows: { id: string }[] = Array.isArray(result)
    ? (result as { id: string }[])
    : ((result as { rows?: { id: string }[] }).rows ?? []);
  return rows.map((row) => row.id);
}
