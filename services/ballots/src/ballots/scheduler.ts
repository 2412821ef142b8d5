import { isAppError } from '@yishi/errors';
import { and, asc, inArray, lte } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { ballots } from '../db/schema/index.ts';
import { runLifecycle } from './lifecycle.ts';

/**
 * Closes every ballot whose voting window has ended. Safe to run in several replicas at once and
 * after a restart: it reads what is due from the database, and each close locks its ballot and
 * re-decides, so a ballot another replica closed meanwhile is simply refused and skipped.
 */
export async function closeDueBallots(deps: Deps, limit = 50): Promise<number> {
  const due = await deps.db
    .select({ id: ballots.id, communityId: ballots.communityId })
    .from(ballots)
    .where(and(inArray(ballots.status, ['open', 'extended']), lte(ballots.closesAt, deps.now())))
    .orderBy(asc(ballots.closesAt))
    .limit(limit);
  let closed = 0;
  for (const b of due) {
    try {
      await runLifecycle(deps, {
        actor: { system: 'scheduler' },
        communityId: b.communityId,
        ballotId: b.id,
        command: { type: 'close' },
      });
      closed += 1;
      deps.logger.info({ ballotId: b.id }, 'ballot closed on schedule');
    } catch (err) {
      if (isAppError(err, 'precondition_failed')) continue;
      deps.logger.error({ ballotId: b.id, err }, 'scheduled close failed; will retry');
    }
  }
  return closed;
}

/** Runs {@link closeDueBallots} every `intervalMs` until stopped. */
export function startCloseScheduler(deps: Deps, intervalMs: number) {
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping) {
      try {
        await closeDueBallots(deps);
      } catch (err) {
        deps.logger.error({ err }, 'close scheduler round failed');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
