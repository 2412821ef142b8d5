import { randomUUID } from 'node:crypto';
import { uniqueName } from '@yishi/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { publishBatch } from './publish-batch.ts';

describe('publishBatch', () => {
  let f: BusFixture;
  beforeAll(async () => {
    f = await createBusFixture();
  });
  afterAll(() => f?.close());

  const message = (n: number, msgID = randomUUID(), service = f.service) => ({
    subject: `${service}.thing.happened.v1`,
    body: JSON.stringify({ n }),
    msgID,
  });

  it('stores every message in order and answers null for each', async () => {
    const before = await f.streamMessages();
    const outcomes = await publishBatch(
      f.js,
      Array.from({ length: 300 }, (_, n) => message(n)),
    );
    expect(outcomes).toEqual(Array.from({ length: 300 }, () => null));
    expect(await f.streamMessages()).toBe(before + 300);
    const last = await f.jsm.streams.getMessage(f.stream, { last_by_subj: message(0).subject });
    expect(last?.json<{ n: number }>()).toEqual({ n: 299 });
  });

  it('acknowledges a message id seen before without storing it twice', async () => {
    const before = await f.streamMessages();
    const id = randomUUID();
    expect(await publishBatch(f.js, [message(1, id), message(2, id)])).toEqual([null, null]);
    expect(await publishBatch(f.js, [message(3, id)])).toEqual([null]);
    expect(await f.streamMessages()).toBe(before + 1);
  });

  it('answers an error for a message no stream stores, and null for the others', async () => {
    const before = await f.streamMessages();
    const outcomes = await publishBatch(f.js, [
      message(1),
      message(2, randomUUID(), uniqueName('nostream')),
      message(3),
    ]);
    expect(outcomes[0]).toBeNull();
    expect(outcomes[1]).toBeInstanceOf(Error);
    expect(String(outcomes[1])).toMatch(/no stream/);
    expect(outcomes[2]).toBeNull();
    expect(await f.streamMessages()).toBe(before + 2);
  });
});
