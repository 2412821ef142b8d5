import type { JetStreamClient } from '@nats-io/jetstream';
import { createInbox, headers, type Msg, type NatsConnection } from '@nats-io/transport-node';

/** One message to store in JetStream; `msgID` lets the stream drop a second copy. */
export interface OutgoingMessage {
  subject: string;
  body: string;
  msgID: string;
}

/** How long a batch waits for its acknowledgements (JetStream's own default per publish). */
const ackTimeoutMs = 5_000;

/**
 * Publishes `messages` to JetStream, in order, and answers one outcome per message: `null` when
 * the stream acknowledged it (a duplicate included), else the error. What `js.publish` does for
 * each, for a whole batch at once: every message carries its `Nats-Msg-Id` and a reply subject
 * under one inbox subscribed for the batch, and one timer covers them all.
 *
 * Why: `js.publish` is a request per message, with its own subscription entry, timer, promise race
 * and an `Error` built (stack trace included) on every success; at a few thousand events a second
 * that was the largest single cost of the relay on the vote path's event loop.
 *
 * Falls back to `js.publish` per message when the client does not expose its connection.
 */
export async function publishBatch(
  js: JetStreamClient,
  messages: readonly OutgoingMessage[],
): Promise<(Error | null)[]> {
  const nc = (js as unknown as { nc?: NatsConnection }).nc;
  if (!nc || typeof nc.subscribe !== 'function') {
    const results = await Promise.allSettled(
      messages.map((m) => js.publish(m.subject, m.body, { msgID: m.msgID })),
    );
    return results.map((r) => (r.status === 'fulfilled' ? null : asError(r.reason)));
  }

  const outcomes: (Error | null | undefined)[] = new Array(messages.length).fill(undefined);
  let waiting = messages.length;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const settle = (index: number, outcome: Error | null) => {
    if (!(index >= 0 && index < outcomes.length) || outcomes[index] !== undefined) return;
    outcomes[index] = outcome;
    waiting -= 1;
    if (waiting === 0) finish();
  };

  // The connection's own inbox prefix, where permissions restrict replies to it.
  const inbox = createInbox((nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix);
  const sub = nc.subscribe(`${inbox}.*`, {
    callback: (err, msg) => {
      if (err) return;
      settle(Number(msg.subject.slice(inbox.length + 1)), ackError(msg, messages));
    },
  });
  const timer = setTimeout(finish, ackTimeoutMs);
  try {
    for (const [i, m] of messages.entries()) {
      try {
        const h = headers();
        h.set('Nats-Msg-Id', m.msgID);
        nc.publish(m.subject, m.body, { reply: `${inbox}.${i}`, headers: h });
      } catch (error) {
        settle(i, asError(error));
      }
    }
    if (waiting > 0) await finished;
  } finally {
    clearTimeout(timer);
    sub.unsubscribe();
  }
  return outcomes.map((o, i) =>
    o === undefined
      ? new Error(`no acknowledgement for ${messages[i]!.subject} within ${ackTimeoutMs} ms`)
      : o,
  );
}

/** `null` for a stream's acknowledgement, else what went wrong. */
function ackError(msg: Msg, messages: readonly OutgoingMessage[]): Error | null {
  // No stream listens on the subject: the server answers "no responders" (status 503, no body).
  if (msg.data.length === 0 && msg.headers?.code === 503) {
    const index = Number(msg.subject.slice(msg.subject.lastIndexOf('.') + 1));
    return new Error(`no stream stores ${messages[index]?.subject ?? 'this subject'} (503)`);
  }
  try {
    const ack = msg.json<{ stream?: string; error?: { code?: number; description?: string } }>();
    if (ack.error)
      return new Error(`JetStream refused it: ${ack.error.description ?? ack.error.code}`);
    if (!ack.stream) return new Error('invalid acknowledgement from JetStream');
    return null;
  } catch (error) {
    return asError(error);
  }
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
