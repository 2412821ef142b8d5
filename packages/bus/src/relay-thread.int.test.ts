import { freePort, waitFor } from '@yishi/testing';
import { isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { enqueueAll, prepareEvent } from './enqueue.ts';
import type { BusLogger } from './logger.ts';
import { startRelayThread } from './relay-thread.ts';
import { outbox } from './schema.ts';

/** A logger that keeps what it was given, to see the thread's lines arrive here. */
function recordingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, message, fields });
  const logger: BusLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

describe('the relay in a thread of its own', () => {
  let f: BusFixture;
  beforeAll(async () => {
    f = await createBusFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  const write = (from: number, count: number) =>
    f.db.transaction((tx) =>
      enqueueAll(
        tx,
        Array.from({ length: count }, (_, i) =>
          prepareEvent(f.contract, {
            communityId: f.communityId,
            aggregateId: `t${from + i}`,
            payload: { n: from + i },
          }),
        ),
      ),
    );
  const unpublished = () => f.db.$count(outbox, isNull(outbox.publishedAt));

  it('publishes what is committed, with its own connections, and stops', async () => {
    const { logger, lines } = recordingLogger();
    const relay = startRelayThread({
      databaseUrl: f.tdb.url,
      natsServers: f.natsUrl,
      logger,
      pollIntervalMs: 60_000,
    });
    try {
      await write(0, 30);
      // The poll interval is a minute: only the wake gets these out in time.
      relay.wake();
      // In the stream first, then marked when the relay's round commits.
      await waitFor(async () => (await f.streamMessages()) === 30 && (await unpublished()) === 0, {
        message: 'the 30 events in the stream and marked published',
      });
      await write(30, 5);
      relay.wake();
      await waitFor(async () => (await f.streamMessages()) === 35 && (await unpublished()) === 0, {
        message: 'the next 5 events',
      });
    } finally {
      await relay.stop();
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    // Stopped: a row written now stays in the outbox.
    await write(35, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await unpublished()).toBe(1);
    expect(await f.streamMessages()).toBe(35);
  });

  it('stops within its time limit even when a round is stuck on the database', async () => {
    await write(100, 1);
    const { logger, lines } = recordingLogger();
    // The table locked by another transaction: the relay's round waits on it.
    let unlock: () => void = () => {};
    const held = f.tdb.sql.begin(async (tx) => {
      await tx`lock table outbox in access exclusive mode`;
      await new Promise<void>((resolve) => {
        unlock = resolve;
      });
    });
    const relay = startRelayThread({
      databaseUrl: f.tdb.url,
      natsServers: f.natsUrl,
      logger,
      stopTimeoutMs: 500,
    });
    try {
      // Until the thread's round waits on the lock (its start, tsx included, takes a moment).
      await waitFor(
        async () =>
          (
            await f.tdb.sql<{ n: number }[]>`
              select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'
                and query ilike '%outbox%'`
          )[0]!.n > 0,
        { message: "the relay's round waiting on the locked outbox" },
      );
      // Resolves (the test's own timeout would catch a hang), after cutting the thread.
      await relay.stop();
      expect(lines.map((l) => l.message)).toContain(
        'outbox relay thread did not stop in time; terminated',
      );
    } finally {
      unlock();
      await held;
    }
    // Its round rolled back: the row waits for the next relay.
    expect(await unpublished()).toBe(2);
  });

  it('keeps trying while NATS is out of reach, says so, and stops when asked', async () => {
    const { logger, lines } = recordingLogger();
    const relay = startRelayThread({
      databaseUrl: f.tdb.url,
      natsServers: `nats://127.0.0.1:${await freePort()}`,
      logger,
    });
    await waitFor(async () => lines.some((l) => l.message.includes('cannot reach NATS')), {
      message: "the thread's log line in this thread's logger",
    });
    await relay.stop();
    expect(lines[0]?.level).toBe('error');
    // Nothing was published: the rows of the previous tests are still waiting.
    expect(await unpublished()).toBe(2);

    // A relay that can reach NATS sends it.
    const next = startRelayThread({ databaseUrl: f.tdb.url, natsServers: f.natsUrl });
    try {
      await waitFor(async () => (await unpublished()) === 0, { message: 'the waiting rows sent' });
      expect(await f.streamMessages()).toBe(37);
    } finally {
      await next.stop();
    }
  });
});
