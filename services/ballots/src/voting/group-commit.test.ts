import { describe, expect, it } from 'vitest';
import { GroupCommit, type Settled } from './group-commit.ts';

const settle = <R>(value: R): Settled<R> => ({ ok: true, value });

describe('GroupCommit', () => {
  it('writes concurrent items in one batch and answers each with its own outcome', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items.map((n) =>
          n < 0 ? { ok: false as const, error: new Error(`refused ${n}`) } : settle(n * 10),
        );
      },
      { maxBatch: 8, maxWaitMs: 20 },
    );
    const results = await Promise.allSettled([1, 2, -3, 4].map((n) => commit.submit(n)));
    expect(batches).toEqual([[1, 2, -3, 4]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      10,
      20,
      'Error: refused -3',
      40,
    ]);
    expect(commit.stats).toEqual({ batches: 1, items: 4, largestBatch: 4 });
  });

  it('writes a full batch at once and keeps batches within maxBatch', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items.map(settle);
      },
      { maxBatch: 3, maxWaitMs: 10_000, maxInFlight: 1 },
    );
    const started = Date.now();
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => commit.submit(n)));
    // Full batches go without waiting; the tail goes when the batch before it finishes.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('rejects every item of a batch whose write fails, and goes on with the next batch', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, string>(
      async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('connection lost');
        return items.map(settle);
      },
      { maxWaitMs: 5 },
    );
    const first = await Promise.allSettled([commit.submit('a'), commit.submit('b')]);
    expect(first).toEqual([
      { status: 'rejected', reason: new Error('connection lost') },
      { status: 'rejected', reason: new Error('connection lost') },
    ]);
    await expect(commit.submit('c')).resolves.toBe('c');
  });

  it('never puts two items of one key in one batch nor in two batches in flight', async () => {
    let inFlight: string[][] = [];
    const overlaps: string[] = [];
    const batches: string[][] = [];
    const commit = new GroupCommit<string, string>(
      async (items) => {
        const keys = items.map((i) => i.split(':')[0]!);
        if (new Set(keys).size !== keys.length) overlaps.push(`same batch: ${items}`);
        for (const other of inFlight)
          for (const k of keys) if (other.includes(k)) overlaps.push(`in flight: ${k}`);
        inFlight.push(keys);
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        inFlight = inFlight.filter((b) => b !== keys);
        return items.map(settle);
      },
      { maxBatch: 4, maxWaitMs: 1, maxInFlight: 3, keyOf: (item) => item.split(':')[0]! },
    );
    const items = Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(97 + (i % 5))}:${i}`);
    expect(await Promise.all(items.map((i) => commit.submit(i)))).toEqual(items);
    expect(overlaps).toEqual([]);
    expect(batches.flat().sort()).toEqual([...items].sort());
    // Each key's items are written in the order they were submitted.
    for (const key of 'abcde') {
      const order = batches.flat().filter((i) => i.startsWith(`${key}:`));
      expect(order).toEqual(items.filter((i) => i.startsWith(`${key}:`)));
    }
  });
});
