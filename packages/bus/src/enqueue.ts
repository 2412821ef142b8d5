import type { CreateEventInput, EventContract, EventDeps, EventEnvelope } from '@yishi/contracts';
import type { Executor, Schema } from '@yishi/db';
import type { z } from 'zod';
import { outbox } from './schema.ts';

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
  const event = contract.create(input, deps);
  await tx.insert(outbox).values({
    id: event.id,
    type: event.type,
    version: event.version,
    subject: contract.subject,
    aggregateId: event.aggregateId,
    communityId: event.communityId,
    payload: event.payload,
    occurredAt: new Date(event.occurredAt),
  });
  return event;
}
