import type { JsMsg } from '@nats-io/jetstream';
import type { EventEnvelope } from '@yishi/contracts';
import type { Schema, Tx } from '@yishi/db';
import { errorMessage } from './errors.ts';
import { handleEvent, type MessageContext } from './handle-message.ts';
import { inbox } from './schema.ts';

/** A message that passed {@link check}, with its event. */
export interface Admitted {
  msg: JsMsg;
  event: EventEnvelope;
}

/** Applies the events of a batch, claimed for the first time, inside `tx`. */
export type BatchHandler<S extends Schema> = (events: EventEnvelope[], tx: Tx<S>) => Promise<void>;

/**
 * Processes admitted messages in one transaction: one statement claims their inbox rows, the
 * handler gets only the events claimed now (each once, in delivery order), and after the commit
 * every message of the batch is acknowledged, duplicates included. If the transaction fails,
 * each message goes through the single-message path alone (`ctx.handle` runs a one-event
 * batch), so one poison event cannot hold back the others and retries and dead letters stay
 * per message.
 */
export async function handleBatch<S extends Schema>(
  ctx: MessageContext<S>,
  handler: BatchHandler<S>,
  batch: readonly Admitted[],
): Promise<void> {
  let applied: number;
  try {
    applied = await ctx.db.transaction(async (tx) => {
      // Sorted, so that concurrent batches holding the same redelivered events take their
      // inbox keys in the same order and wait for each other instead of deadlocking.
      const ids = [...new Set(batch.map((b) => b.event.id))].sort();
      const claimed = await tx
        .insert(inbox)
        .values(ids.map((eventId) => ({ consumer: ctx.durable, eventId })))
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      const fresh = new Set(claimed.map((c) => c.eventId));
      const events = batch.filter((b) => fresh.delete(b.event.id)).map((b) => b.event);
      if (events.length > 0) await handler(events, tx);
      return events.length;
    });
  } catch (err) {
    ctx.logger.warn(
      { durable: ctx.durable, messages: batch.length, err: errorMessage(err) },
      'batch failed; processing its events one by one',
    );
    for (const { msg, event } of batch) await handleEvent(ctx, msg, event);
    return;
  }
  for (const { msg } of batch) msg.ack();
  if (applied < batch.length) {
    ctx.logger.debug({ duplicates: batch.length - applied }, 'duplicate events acknowledged');
  }
}
