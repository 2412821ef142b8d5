import { and, eq, inArray, lt } from 'drizzle-orm';
import { rosterImports } from '../db/schema/index.ts';
import type { RosterCtx } from './context.ts';
import type { FailureCode } from './messages.ts';
import { type ImportProgress, ProgressReporter } from './progress.ts';

const IN_PROGRESS = ['checking', 'applying'] as const;

/** A reporter that saves a job's progress (and heartbeat) while the job is in progress. */
export function progressOf(
  ctx: RosterCtx,
  importId: string,
  listener?: (progress: ImportProgress) => void,
): ProgressReporter {
  return new ProgressReporter(
    async (progress) => {
      await ctx.db
        .update(rosterImports)
        .set({ progress, heartbeatAt: ctx.now() })
        .where(and(eq(rosterImports.id, importId), inArray(rosterImports.status, IN_PROGRESS)));
    },
    ctx.logger,
    listener,
  );
}

/** Marks a job in progress as failed; a job that finished meanwhile is left alone. */
export async function markFailed(
  ctx: RosterCtx,
  importId: string,
  failure: FailureCode,
): Promise<void> {
  await ctx.db
    .update(rosterImports)
    .set({ status: 'failed', failure, finishedAt: ctx.now() })
    .where(and(eq(rosterImports.id, importId), inArray(rosterImports.status, IN_PROGRESS)));
}

/**
 * Marks as failed ("interrupted") the imports still checking or applying whose last heartbeat
 * is older than `staleAfterMs`: their process died. An interrupted apply changed nothing (it is
 * one transaction). main.ts calls this at start-up and then every minute; with one replica,
 * `staleAfterMs: 0` at start-up fails every job at once. Returns the ids it marked.
 *
 * @example
 * await failInterruptedImports(deps, { staleAfterMs: 0 });
 */
export async function failInterruptedImports(
  ctx: Pick<RosterCtx, 'db' | 'now'>,
  options: { staleAfterMs?: number } = {},
): Promise<string[]> {
  const now = ctx.now();
  const before = new Date(now.getTime() - (options.staleAfterMs ?? 30_000));
  const rows = await ctx.db
    .update(rosterImports)
    .set({ status: 'failed', failure: 'interrupted', finishedAt: now })
    .where(and(inArray(rosterImports.status, IN_PROGRESS), lt(rosterImports.heartbeatAt, before)))
    .returning({ id: rosterImports.id });
  return rows.map((r) => r.id);
}
