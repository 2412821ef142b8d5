/** One suite's webhook SMS set-up for flow tests: notifications, a local SMS gateway and the real NATS. */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '@yishi/bus';
import { connectTestNats, uniqueName } from '@yishi/testing';
import { afterAll, beforeAll } from 'vitest';
import { createWebhookSms } from './channels/webhook-sms.ts';
import { startTestGateway, type TestGateway } from './test-gateway.ts';
import { manualClock, startTestNotifications, type TestNotifications } from './test-support.ts';

const secret = 'webhook-secret-of-at-least-32-characters';

/** A text message as the gateway received it. */
export type Sms = { to: string; text: string; kind: string };

export interface SmsTestbed {
  /** Starts at 10:00 in Shanghai. */
  clock: ReturnType<typeof manualClock>;
  /** Set in `beforeAll`. */
  t: TestNotifications;
  /** Set in `beforeAll`. */
  gateway: TestGateway;
  /** Set in `beforeAll`. */
  nc: NatsConnection;
  /** The messages the gateway received for `phone`, in order. */
  smsTo(phone: string): Sms[];
  /** A stream of the test's own, on subjects `${prefix}.>`. */
  ownStream(name: string): Promise<{ prefix: string; stream: string }>;
}

/**
 * Registers the suite's `beforeAll` and `afterAll`: notifications on the suite's clock with SMS
 * sent through a webhook to a local gateway, and a NATS connection.
 */
export function useSmsTestbed(): SmsTestbed {
  const clock = manualClock(new Date('2026-03-02T02:00:00.000Z'));
  const bed = {
    clock,
    smsTo: (phone: string) =>
      bed.gateway.received.map((r) => JSON.parse(r.body) as Sms).filter((m) => m.to === phone),
    async ownStream(name: string) {
      const prefix = uniqueName(name);
      const stream = prefix.toUpperCase();
      await ensureStream(await jetstreamManager(bed.nc), {
        name: stream,
        subjects: [`${prefix}.>`],
      });
      return { prefix, stream };
    },
  } as SmsTestbed;
  beforeAll(async () => {
    bed.nc = await connectTestNats();
    bed.gateway = await startTestGateway();
    bed.t = await startTestNotifications({ now: clock.now });
    bed.t.deps.channels.sms = createWebhookSms({
      url: `${bed.gateway.url}/sms`,
      secret,
      now: clock.now,
    });
  });
  afterAll(async () => {
    await bed.t?.close();
    await bed.gateway?.close();
    await bed.nc?.close();
  });
  return bed;
}
