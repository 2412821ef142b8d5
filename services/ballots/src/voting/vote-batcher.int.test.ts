import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { outbox } from '@yishi/bus';
import type { EventOf, voteCast } from '@yishi/contracts';
import { AppError } from '@yishi/errors';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleLock } from '../ballots/load.ts';
import type { BallotsDb } from '../db/database.ts';
import { ballots, credentials, votes } from '../db/schema/index.ts';
import {
  committeeOf,
  draftBody,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';
import { MattersCache } from './matters-cache.ts';
import { VoteBatcher, type VoteBatchOptions } from './vote-batcher.ts';

type VotesCastPayload = EventOf<typeof voteCast>['payload'];

let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots();
});
afterAll(() => t?.close());

/** An open two-matter ballot for `owners` single-owner units; `link(i)` is owner i's token. */
async function openBallot(owners: number) {
  const communityId = randomUUID();
  const roster = rosterEvents(
    communityId,
    Array.from({ length: owners }, (_, i) => ({
      building: String(1 + Math.floor(i / 100)),
      room: String(101 + (i % 100)),
      area: '90.00',
      owner: `o${i}`,
    })),
  );
  await t.project(roster.events);
  const token = await t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/ballots`;
  const res = await t.request(base, {
    token,
    json: draftBody(new Date(Date.now() - 60_000), {}, { matters: 2 }),
  });
  const ballot = (await res.json()) as { id: string; matters: { id: string }[] };
  expect((await t.request(`${base}/${ballot.id}/open`, { token, method: 'POST' })).status).toBe(
    200,
  );
  const creds = await t.deps.db
    .select()
    .from(credentials)
    .where(eq(credentials.ballotId, ballot.id));
  const holderOf = (i: number) => roster.holderKeys.get(`o${i}`)!;
  const link = (i: number) => t.linkOf(creds.find((c) => c.holderKey === holderOf(i))!.id);
  const [m1, m2] = ballot.matters.map((m) => m.id) as [string, string];
  const both = [
    { matterId: m1, choice: 'agree' as const },
    { matterId: m2, choice: 'oppose' as const },
  ];
  const stored = () =>
    t.deps.db
      .select({ matterId: votes.matterId, holderKey: votes.holderKey })
      .from(votes)
      .where(eq(votes.ballotId, ballot.id));
  const events = async () =>
    (await t.deps.db.select().from(outbox).where(eq(outbox.aggregateId, ballot.id)))
      .filter((e) => e.type === 'ballots.vote.cast')
      .map((e) => ({ version: e.version, payload: e.payload as VotesCastPayload }));
  /** Every owner's ballot the events announce, one entry each. */
  const announced = async () => (await events()).flatMap((e) => e.payload.votes);
  return { ballot, m1, m2, both, link, holderOf, stored, events, announced };
}

const batcherOn = (options: VoteBatchOptions, db: BallotsDb = t.deps.db) =>
  new VoteBatcher({ ...t.deps, db, matters: new MattersCache() }, options);

const reasonOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' && result.reason instanceof AppError
    ? (result.reason.details as { reason?: string } | undefined)?.reason
    : result.status;

describe('group commit of web votes', () => {
  it('writes a batch mixing duplicates and fresh votes: each duplicate is refused alone', async () => {
    const b = await openBallot(4);
    const batcher = batcherOn({ maxBatch: 10, maxWaitMs: 50 });
    // Owner 0 voted on both matters, owner 1 on the first only, before the batch.
    await batcher.cast({ token: b.link(0), choices: b.both });
    await batcher.cast({ token: b.link(1), choices: [b.both[0]!] });
    const before = batcher.stats.batches;

    const results = await Promise.allSettled([
      batcher.cast({ token: b.link(2), choices: b.both }),
      batcher.cast({ token: b.link(0), choices: b.both }),
      batcher.cast({ token: b.link(1), choices: b.both }), // m1 taken, m2 fresh: refused whole
      batcher.cast({ token: b.link(3), choices: [b.both[1]!] }),
    ]);
    expect(batcher.stats.batches - before).toBe(1);
    expect(results.map(reasonOf)).toEqual([
      'fulfilled',
      'already_voted',
      'already_voted',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason.details).toMatchObject({
      matterIds: [b.m1],
    });

    const rows = await b.stored();
    const of = (i: number) =>
      rows
        .filter((r) => r.holderKey === b.holderOf(i))
        .map((r) => r.matterId)
        .sort();
    expect(of(0)).toEqual([b.m1, b.m2].sort());
    expect(of(1)).toEqual([b.m1]); // the refused ballot's fresh row was not kept
    expect(of(2)).toEqual([b.m1, b.m2].sort());
    expect(of(3)).toEqual([b.m2]);
    // One event per batch (three batches), naming the owners whose ballots went in: the refused
    // are not announced.
    const events = await b.events();
    expect(events.map((e) => e.version)).toEqual([2, 2, 2]);
    expect(events.map((e) => e.payload.votes.map((v) => v.holderKey).sort())).toEqual(
      expect.arrayContaining([[b.holderOf(0)], [b.holderOf(1)], [2, 3].map(b.holderOf).sort()]),
    );
    expect((await b.announced()).map((v) => v.holderKey).sort()).toEqual(
      [0, 1, 2, 3].map(b.holderOf).sort(),
    );
  });

  it("rejects every request of a batch whose transaction fails, and keeps none of the batch's rows", async () => {
    const b = await openBallot(2);
    const db = t.deps.db;
    const failing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
        return (fn: Parameters<BallotsDb['transaction']>[0]) =>
          target.transaction(async (tx) => {
            await fn(tx);
            throw new Error('could not commit');
          });
      },
    });
    const batcher = batcherOn({ maxBatch: 10, maxWaitMs: 20 }, failing);
    const results = await Promise.allSettled([
      batcher.cast({ token: b.link(0), choices: b.both }),
      batcher.cast({ token: b.link(1), choices: b.both }),
    ]);
    expect(batcher.stats).toMatchObject({ batches: 1, items: 2 });
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('could not commit') },
      { status: 'rejected', reason: new Error('could not commit') },
    ]);
    expect(await b.stored()).toEqual([]);
    expect(await b.events()).toEqual([]);
    // The same votes go through on a healthy batcher.
    await expect(batcherOn({}).cast({ token: b.link(0), choices: b.both })).resolves.toMatchObject({
      changed: false,
    });
  });

  it('of 200 owners voting at once (and 40 of them twice) stores exactly one ballot each, announced once', async () => {
    const owners = 200;
    const b = await openBallot(owners);
    const batcher = batcherOn({ maxBatch: 16, maxWaitMs: 1, maxInFlight: 3 });
    const attempts = [
      ...Array.from({ length: owners }, (_, i) => i),
      ...Array.from({ length: 40 }, (_, i) => i * 5),
    ];
    const results = await Promise.allSettled(
      attempts.map((i) => batcher.cast({ token: b.link(i), choices: b.both })),
    );
    const outcomes = results.map(reasonOf);
    expect(outcomes.filter((o) => o === 'fulfilled')).toHaveLength(owners);
    expect(outcomes.filter((o) => o === 'already_voted')).toHaveLength(40);
    expect(batcher.stats.batches).toBeGreaterThanOrEqual(owners / 16);

    const rows = await b.stored();
    expect(rows).toHaveLength(owners * 2);
    const holders = new Set(rows.map((r) => r.holderKey));
    expect(holders.size).toBe(owners);
    const announced = await b.announced();
    expect(announced).toHaveLength(owners);
    expect(new Set(announced.map((v) => v.holderKey))).toEqual(holders);
    // An event per batch, never more owners than a batch holds.
    const events = await b.events();
    expect(events.length).toBeLessThan(owners);
    expect(Math.max(...events.map((e) => e.payload.votes.length))).toBeLessThanOrEqual(16);
  });

  it('refuses votes waiting on a close: they take the lifecycle lock shared, then read the status', async () => {
    const b = await openBallot(2);
    const batcher = batcherOn({ maxWaitMs: 1 });
    let pending: Promise<unknown> | undefined;
    await t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select ${lifecycleLock(b.ballot.id, 'exclusive')}`);
      pending = batcher.cast({ token: b.link(0), choices: b.both });
      pending.catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
      await tx
        .update(ballots)
        .set({ status: 'closed' })
        .where(and(eq(ballots.id, b.ballot.id)));
    });
    await expect(pending).rejects.toMatchObject({
      details: { reason: 'ballot_not_open', status: 'closed' },
    });
    expect(await b.stored()).toEqual([]);
  });
});
