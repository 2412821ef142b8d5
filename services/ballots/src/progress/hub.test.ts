import { randomUUID } from 'node:crypto';
import { createLogger } from '@yishi/app';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComputedProgress } from './figures.ts';
import { ProgressHub } from './hub.ts';

/** A hub whose computations are counted, over a closed ballot (no quorum to record, no database). */
function countingHub() {
  const computed: string[] = [];
  const hub = new ProgressHub(
    {
      db: undefined as never,
      now: () => new Date(),
      newId: randomUUID,
      logger: createLogger({ service: 'ballots', level: 'silent' }),
      wakeRelay: () => {},
    },
    {
      refreshIntervalMs: 100,
      unwatchedRefreshIntervalMs: 1_000,
      compute: async (ballotId): Promise<ComputedProgress> => {
        computed.push(ballotId);
        return {
          ballot: {
            id: ballotId,
            communityId: randomUUID(),
            status: 'closed',
            closesAt: new Date(),
            publication: 'named',
          },
          matters: [],
        };
      },
    },
  );
  return { hub, computed };
}

/** Votes keep coming: one change every 10 ms for `ms`. */
async function votesFor(hub: ProgressHub, ballotId: string, ms: number) {
  for (let t = 0; t < ms; t += 10) {
    hub.votesChanged(ballotId);
    await vi.advanceTimersByTimeAsync(10);
  }
}

describe('progress hub refresh pace', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('recomputes a ballot nobody follows at the unwatched pace, and a followed one at the live pace', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'performance'] });
    const { hub, computed } = countingHub();
    const ballotId = randomUUID();

    await votesFor(hub, ballotId, 3_000);
    const unwatched = computed.length;
    expect(unwatched).toBeGreaterThanOrEqual(2);
    expect(unwatched).toBeLessThanOrEqual(4);

    const updates: unknown[] = [];
    const leave = hub.subscribe(ballotId, { update: (s) => updates.push(s), end: () => {} });
    await votesFor(hub, ballotId, 3_000);
    const watched = computed.length - unwatched;
    expect(watched).toBeGreaterThanOrEqual(20);
    expect(watched).toBeLessThanOrEqual(31);
    expect(updates.length).toBe(watched);

    leave();
    await hub.close();
  });
});
