import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { thingHappened } from '../test/fixtures/contract.ts';
import { type SingleEventOptions, startConsumer } from './consumer.ts';
import type { AnyContract } from './contract.ts';
import { deadLetters } from './schema.ts';

let f: BusFixture;
beforeAll(async () => {
  f = await createBusFixture();
});
afterAll(() => f?.close());

type Options = SingleEventOptions<BusFixture['contract'], Record<string, never>>;

/**
 * Runs a consumer named `durable` on events of its own subject until the messages `publish`
 * sent are all settled.
 */
async function consume(
  durable: string,
  handle: Options['handle'],
  publish: (send: (body: unknown) => Promise<void>, contract: AnyContract) => Promise<void>,
) {
  const contract = thingHappened(f.service, durable);
  const consumer = await startConsumer({
    db: f.db,
    js: f.js,
    stream: f.stream,
    durable,
    contracts: [contract],
    handle,
    maxDeliver: 3,
    backoff: () => 20,
  });
  try {
    await publish(async (body) => {
      await f.js.publish(contract.subject, typeof body === 'string' ? body : JSON.stringify(body));
    }, contract);
    return await waitFor(
      async () => {
        const info = await f.jsm.consumers.info(f.stream, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
      },
      { message: `consumer ${durable} to settle` },
    );
  } finally {
    await consumer.stop();
  }
}

function envelope(contract: AnyContract, n: unknown): EventEnvelope {
  return {
    id: randomUUID(),
    type: contract.type,
    version: 1,
    occurredAt: new Date().toISOString(),
    communityId: f.communityId,
    aggregateId: 'a',
    payload: { n },
  };
}

const deadLettersOf = (consumer: string) =>
  f.db.select().from(deadLetters).where(eq(deadLetters.consumer, consumer));

describe('a durable consumer', () => {
  it('terminates and records an event whose payload breaks its schema, and goes on', async () => {
    const ids: string[] = [];
    const info = await consume('schema', f.recordEffect, async (send, contract) => {
      const [bad, good] = [envelope(contract, 'not a number'), envelope(contract, 100)];
      ids.push(bad.id, good.id);
      await send(bad);
      await send('{ not json');
      await send(good);
    });
    const [badId, goodId] = ids;

    // Three messages, three deliveries: none was retried.
    expect(info.delivered.consumer_seq).toBe(3);
    const effects = await f.effects();
    expect(effects.filter((e) => e.eventId === goodId)).toHaveLength(1);
    expect(effects.some((e) => e.eventId === badId)).toBe(false);
    const letters = await deadLettersOf('schema');
    expect(letters.map((l) => [l.eventId, l.deliveryCount])).toEqual([
      [badId, 1],
      [null, 1],
    ]);
    expect(JSON.parse(letters[0]!.data).payload).toEqual({ n: 'not a number' });
    expect(letters[1]?.data).toBe('{ not json');
    expect(letters[0]?.reason).toMatch(/bad payload/);
    expect(letters[1]?.reason).toMatch(/not JSON/);
  });

  it('retries an event whose handler fails for a while', async () => {
    let eventId = '';
    let calls = 0;
    const info = await consume(
      'flaky',
      async (e, tx) => {
        calls += 1;
        await f.recordEffect(e, tx);
        if (calls < 3) throw new Error('database hiccup');
      },
      async (send, contract) => {
        const event = envelope(contract, 1);
        eventId = event.id;
        await send(event);
      },
    );
    expect(calls).toBe(3);
    expect(info.delivered.consumer_seq).toBe(3);
    expect((await f.effects()).filter((e) => e.eventId === eventId)).toHaveLength(1);
    expect(await deadLettersOf('flaky')).toEqual([]);
  });

  it('dead-letters at once an event whose handler fails with a permanent error', async () => {
    let eventId = '';
    let calls = 0;
    await consume(
      'permanent',
      async () => {
        calls += 1;
        throw notFound({ zh: '投票不存在', en: 'The ballot does not exist' });
      },
      async (send, contract) => {
        const event = envelope(contract, 1);
        eventId = event.id;
        await send(event);
      },
    );
    expect(calls).toBe(1);
    const letters = await deadLettersOf('permanent');
    expect(letters.map((l) => [l.eventId, l.deliveryCount])).toEqual([[eventId, 1]]);
    expect(letters[0]?.reason).toMatch(/^not_found: The ballot does not exist/);
  });

  it('stops retrying after maxDeliver failures and records the event', async () => {
    let eventId = '';
    let calls = 0;
    await consume(
      'doomed',
      async () => {
        calls += 1;
        throw new Error('always broken');
      },
      async (send, contract) => {
        const event = envelope(contract, 1);
        eventId = event.id;
        await send(event);
      },
    );
    expect(calls).toBe(3);
    const letters = await deadLettersOf('doomed');
    expect(letters.map((l) => [l.eventId, l.deliveryCount])).toEqual([[eventId, 3]]);
    expect(letters[0]?.reason).toMatch(/failed 3 times: Error: always broken/);
  });
});
