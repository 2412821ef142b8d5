import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream, inbox } from '@yishi/bus';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { runChild } from '../../test/child-process.ts';
import { createWebhookSms } from '../channels/webhook-sms.ts';
import { deliveries } from '../db/schema/index.ts';
import { startDispatcher } from '../delivery/dispatcher.ts';
import { startTestGateway, type TestGateway } from '../test-gateway.ts';
import {
  ballotFixture,
  startTestNotifications,
  type TestNotifications,
  testConfig,
} from '../test-support.ts';
import { startBallotsConsumer } from './ballots-consumer.ts';

const secret = 'webhook-secret-of-at-least-32-characters';
// Quiet hours off: this test runs on the real clock, whatever the hour in Shanghai.
const config = { ...testConfig, quietHours: { start: '00:00', end: '00:00' } };
let nc: NatsConnection;
let gateway: TestGateway;
let t: TestNotifications;
// A stream of this test's own: the shared BALLOTS stream also carries other tests' events.
const prefix = uniqueName('ballots');
const stream = prefix.toUpperCase();
beforeAll(async () => {
  nc = await connectTestNats();
  await ensureStream(await jetstreamManager(nc), { name: stream, subjects: [`${prefix}.>`] });
  gateway = await startTestGateway();
  t = await startTestNotifications({ config });
  t.deps.channels.sms = createWebhookSms({ url: gateway.url, secret });
});
afterAll(async () => {
  await t?.close();
  await gateway?.close();
  await nc?.close();
});

it('sends one message per owner when the consumer dies after commit before ack, and when an event is published twice', async () => {
  const hour = 3_600_000;
  const f = ballotFixture(
    [
      { room: '801', phone: '13900000801' },
      { room: '802', phone: '13900000802' },
      { room: '803', phone: '13900000803' },
    ],
    { opensAt: new Date(Date.now() - hour), closesAt: new Date(Date.now() + 240 * hour) },
  );
  await t.apply(f.directory);
  const js = jetstream(nc);
  // The first credential event twice, as two stream messages (no message-id de-duplication).
  for (const event of [f.credentials[0]!, ...f.credentials]) {
    await js.publish(`${prefix}.credential.issued.v1`, JSON.stringify(event));
  }
  const durable = uniqueName('notifications_crash');
  const ackWaitMs = 1_000;
  const crashed = await runChild('ballots-consumer-child.ts', {
    DATABASE_URL: t.databaseUrl,
    NATS_URL: inject('natsUrl'),
    STREAM: stream,
    FILTER: `${prefix}.>`,
    DURABLE: durable,
    GATEWAY_URL: gateway.url,
    GATEWAY_SECRET: secret,
    ACK_WAIT_MS: String(ackWaitMs),
    CONFIG: JSON.stringify(config),
  });
  expect(crashed.signal, crashed.output).toBe('SIGKILL');
  const planned = await t.deps.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.communityId, f.communityId));
  // The first batch's effect committed (its SMS and inbox deliveries, with its events' inbox
  // rows), nothing was sent yet.
  const claimed = await t.deps.db.$count(inbox, eq(inbox.consumer, durable));
  expect(claimed).toBeGreaterThanOrEqual(1);
  expect(planned.filter((d) => d.medium === 'sms')).toHaveLength(claimed);
  expect(await t.deps.db.$count(inbox, eq(inbox.eventId, f.credentials[0]!.id))).toBe(1);
  expect(gateway.received).toHaveLength(0);

  const consumer = await startBallotsConsumer({
    deps: t.deps,
    js,
    stream,
    durable,
    filterSubjects: [`${prefix}.>`],
    ackWaitMs,
  });
  const dispatcher = startDispatcher({
    db: t.deps.db,
    channels: t.deps.channels,
    now: t.deps.now,
    logger: t.deps.logger,
    retry: config.retry,
    quietHours: config.quietHours,
    pollMs: 50,
  });
  try {
    const jsm = await jetstreamManager(nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(stream, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
      },
      { message: 'every event to be acknowledged' },
    );
    await waitFor(async () => (gateway.received.length >= 3 ? true : undefined), {
      message: 'three SMS at the gateway',
    });
    // Time for a duplicate to show up, if one were coming.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.stop();
    await dispatcher.stop();
  }
  const texts = gateway.received.map((r) => JSON.parse(r.body) as { to: string; text: string });
  expect(texts.map((m) => m.to).sort()).toEqual(['13900000801', '13900000802', '13900000803']);
  for (const [i, h] of f.holders.entries()) {
    expect(texts.find((m) => m.to === `1390000080${i + 1}`)?.text).toContain(h.link);
  }
});
