import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@yishi/contracts';
import { waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { effects, thingHappened } from '../test/fixtures/contract.ts';
import { type BatchOptions, startConsumer } from './consumer.ts';
import type { AnyContract } from './contract.ts';
import { deadLetters, inbox } from './schema.ts';

let f: BusFixture;
beforeAll(async () => {
  f = await createBusFixture();
});
afterAll(() => f?.close());

type HandleBatch = BatchOptions<BusFixture['contract'], Record<string, never>>['handleBatch'];

/** Runs a batch consumer named `durable` until the messages `publish` sent are all settled. */
async function consume(
  durable: string,
  handleBatch: HandleBatch,
  publish: (
    send: (events: readonly EventEnvelope[]) => Promise<void>,
    contract: AnyContract,
  ) => Promise<void>,
) {
  const contract = thingHappened(f.service, durable);
  const consumer = await startConsumer({
    db: f.db,
    js: f.js,
    stream: f.stream,
    durable,
    contracts: [contract],
    handleBatch,
    batchSize: 200,
    maxDeliver: 3,
    backoff: () => 20,
  });
  try {
    await publish(async (events) => {
      await Promise.all(events.map((e) => f.js.publish(contract.subject, JSON.stringify(e))));
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

function envelopes(contract: AnyContract, count: number, from = 0): EventEnvelope[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: contract.type,
    version: 1,
    occurredAt: new Date().toISOString(),
    communityId: f.communityId,
    aggregateId: 'a',
    payload: { n: from + i },
  }));
}

/** Records every event of the batch with one multi-row insert, and remembers the batch sizes. */
function recorder() {
  const batches: string[][] = [];
  const handleBatch: HandleBatch = async (events, tx) => {
    batches.push(events.map((e) => e.id));
    await tx.insert(effects).values(events.map((e) => ({ eventId: e.id, n: e.payload.n })));
  };
  return { batches, handleBatch };
}

async function effectsOf(ids: readonly string[]) {
  const wanted = new Set(ids);
  return (await f.effects()).filter((e) => wanted.has(e.eventId));
}

describe('a batch consumer', () => {
  it('applies 500 events once each, many per transaction', async () => {
    const { batches, handleBatch } = recorder();
    let sent: EventEnvelope[] = [];
    await consume('five_hundred', handleBatch, async (send, contract) => {
      sent = envelopes(contract, 500);
      await send(sent);
    });
    const applied = await effectsOf(sent.map((e) => e.id));
    expect(applied).toHaveLength(500);
    expect(new Set(applied.map((e) => e.eventId)).size).toBe(500);
    expect(batches.flat()).toHaveLength(500);
    expect(batches.length).toBeLessThan(50);
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(200);
    expect(await f.db.$count(inbox, eq(inbox.consumer, 'five_hundred'))).toBe(500);
  });

  it('acknowledges redelivered events without applying them again', async () => {
    const { batches, handleBatch } = recorder();
    let sent: EventEnvelope[] = [];
    // Each event twice in the stream: duplicates inside one batch are applied once.
    const first = await consume('redelivered', handleBatch, async (send, contract) => {
      sent = envelopes(contract, 100);
      await send([...sent, ...sent]);
    });
    expect(first.delivered.consumer_seq).toBe(200);
    expect(batches.flat().sort()).toEqual(sent.map((e) => e.id).sort());

    const callsBefore = batches.length;
    const again = await consume('redelivered', handleBatch, async (send) => send(sent));
    expect(again.delivered.consumer_seq).toBe(300);
    expect(batches.length).toBe(callsBefore);
    expect(await effectsOf(sent.map((e) => e.id))).toHaveLength(100);
  });

  it('applies the other events of a batch when one keeps failing, and dead-letters that one', async () => {
    let sent: EventEnvelope[] = [];
    let poisonCalls = 0;
    const { batches, handleBatch: record } = recorder();
    await consume(
      'poisoned',
      async (events, tx) => {
        if (events.some((e) => e.payload.n === 13)) {
          poisonCalls += 1;
          throw new Error('cannot apply event 13');
        }
        await record(events, tx);
      },
      async (send, contract) => {
        sent = envelopes(contract, 50);
        await send(sent);
      },
    );
    const poison = sent[13]!;
    const applied = await effectsOf(sent.map((e) => e.id));
    expect(applied.map((e) => e.n)).toEqual(
      sent.filter((e) => e !== poison).map((e) => e.payload.n),
    );
    expect(batches.flat()).toHaveLength(49);
    // Each of its three deliveries: once in a batch, once alone.
    expect(poisonCalls).toBe(6);
    const letters = await f.db
      .select()
      .from(deadLetters)
      .where(eq(deadLetters.consumer, 'poisoned'));
    expect(letters.map((l) => [l.eventId, l.deliveryCount])).toEqual([[poison.id, 3]]);
    expect(letters[0]?.reason).toMatch(/failed 3 times: Error: cannot apply event 13/);
  });

  it('dead-letters an invalid message alone and applies the rest of its batch', async () => {
    const { batches, handleBatch } = recorder();
    let sent: EventEnvelope[] = [];
    await consume('invalid', handleBatch, async (send, contract) => {
      sent = envelopes(contract, 10);
      const bad = { ...envelopes(contract, 1)[0]!, payload: { n: 'x' } } as EventEnvelope;
      await send([...sent.slice(0, 5), bad, ...sent.slice(5)]);
    });
    expect(batches.flat().sort()).toEqual(sent.map((e) => e.id).sort());
    const letters = await f.db
      .select()
      .from(deadLetters)
      .where(eq(deadLetters.consumer, 'invalid'));
    expect(letters.map((l) => l.reason)).toEqual([expect.stringMatching(/bad payload/)]);
  });

  it('refuses options with both handle and handleBatch', async () => {
    const both = {
      db: f.db,
      js: f.js,
      stream: f.stream,
      durable: 'both',
      contracts: [f.contract],
      handle: async () => {},
      handleBatch: async () => {},
    } as unknown as Parameters<typeof startConsumer>[0];
    await expect(startConsumer(both)).rejects.toThrow(/exactly one of handle and handleBatch/);
  });
});
