import type { JsMsg } from '@nats-io/jetstream';
import { type EventEnvelope, eventEnvelopeSchema } from '@yishi/contracts';
import type { Db, Schema, Tx } from '@yishi/db';
import { isRetryable } from '@yishi/errors';
import { type AnyContract, contractKey } from './contract.ts';
import { errorMessage } from './errors.ts';
import type { BusLogger } from './logger.ts';
import { deadLetters, inbox } from './schema.ts';

/** What processing one message needs; built once per consumer. */
export interface MessageContext<S extends Schema> {
  db: Db<S>;
  stream: string;
  durable: string;
  contracts: ReadonlyMap<string, AnyContract>;
  handle: (event: EventEnvelope, tx: Tx<S>) => Promise<void>;
  maxDeliver: number;
  backoff: (deliveryCount: number) => number;
  logger: BusLogger;
}

type Decoded = { ok: true; event: EventEnvelope } | { ok: false; reason: string; eventId?: string };

/**
 * Reads and validates a message with its contract's schema: never trusts the bytes. The
 * envelope is read first only to find the contract and to name the event in dead letters.
 */
export function decode(data: string, contracts: ReadonlyMap<string, AnyContract>): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const { id } = eventEnvelopeSchema.pick({ id: true }).safeParse(json).data ?? {};
    return { ok: false, reason: `bad envelope: ${envelope.error.message}`, eventId: id };
  }
  const { id, type, version } = envelope.data;
  const contract = contracts.get(contractKey({ type, version }));
  if (!contract) return { ok: false, reason: `no contract for ${type} v${version}`, eventId: id };
  try {
    return { ok: true, event: contract.parse(json) };
  } catch (err) {
    return { ok: false, reason: `bad payload: ${errorMessage(err)}`, eventId: id };
  }
}

/** A message's event, or why it can never be processed. */
export type Checked =
  | { ok: true; event: EventEnvelope }
  | { ok: false; reason: string; eventId: string | undefined };

/** Decodes a message and checks its delivery count, without touching the database. */
export function check(
  msg: JsMsg,
  contracts: ReadonlyMap<string, AnyContract>,
  maxDeliver: number,
): Checked {
  const decoded = decode(msg.string(), contracts);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, eventId: decoded.eventId };
  // The server allows one delivery more than maxDeliver (see startConsumer): when a message
  // got no outcome maxDeliver times (crashes, ack timeouts), this last one records it.
  if (msg.info.deliveryCount > maxDeliver) {
    return {
      ok: false,
      reason: `no outcome after ${maxDeliver} deliveries`,
      eventId: decoded.event.id,
    };
  }
  return decoded;
}

/**
 * Processes one message: the inbox row and the handler's effect commit in one transaction,
 * and only then is the message acknowledged. A redelivered message finds its inbox row and
 * is acknowledged without running the handler again.
 */
export async function handleMessage<S extends Schema>(
  ctx: MessageContext<S>,
  msg: JsMsg,
): Promise<void> {
  const checked = check(msg, ctx.contracts, ctx.maxDeliver);
  if (!checked.ok) return deadLetter(ctx, msg, checked.reason, checked.eventId);
  await handleEvent(ctx, msg, checked.event);
}

/** {@link handleMessage} for a message already admitted. */
export async function handleEvent<S extends Schema>(
  ctx: MessageContext<S>,
  msg: JsMsg,
  event: EventEnvelope,
): Promise<void> {
  const deliveries = msg.info.deliveryCount;
  try {
    const handled = await ctx.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(inbox)
        .values({ consumer: ctx.durable, eventId: event.id })
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      if (claimed.length === 0) return false;
      await ctx.handle(event, tx);
      return true;
    });
    msg.ack();
    if (!handled) ctx.logger.debug({ eventId: event.id }, 'duplicate event acknowledged');
  } catch (err) {
    if (!isRetryable(err)) return deadLetter(ctx, msg, errorMessage(err), event.id);
    if (deliveries >= ctx.maxDeliver) {
      return deadLetter(ctx, msg, `failed ${deliveries} times: ${errorMessage(err)}`, event.id);
    }
    const delay = ctx.backoff(deliveries);
    ctx.logger.warn(
      { eventId: event.id, deliveries, delayMs: delay, err: errorMessage(err) },
      'event handler failed; will retry',
    );
    msg.nak(delay);
  }
}

/** Records the message, then terminates it; if recording fails, it is retried instead. */
export async function deadLetter<S extends Schema>(
  ctx: MessageContext<S>,
  msg: JsMsg,
  reason: string,
  eventId: string | undefined,
): Promise<void> {
  const fields = { eventId, subject: msg.subject, streamSeq: msg.seq, reason };
  try {
    await ctx.db
      .insert(deadLetters)
      .values({
        consumer: ctx.durable,
        stream: ctx.stream,
        streamSeq: msg.seq,
        eventId: eventId ?? null,
        subject: msg.subject,
        deliveryCount: msg.info.deliveryCount,
        reason,
        // PostgreSQL text cannot hold NUL; anything else is kept as received.
        data: msg.string().replaceAll('\u0000', '\\u0000'),
      })
      .onConflictDoNothing();
  } catch (err) {
    ctx.logger.error({ ...fields, err: errorMessage(err) }, 'could not record dead letter');
    msg.nak(ctx.backoff(msg.info.deliveryCount));
    return;
  }
  ctx.logger.error(fields, 'event dead-lettered');
  // No reason text: nats-server before 2.10.4 ignores a `+TERM` that carries one. The reason
  // is in dead_letters.
  msg.term();
}
