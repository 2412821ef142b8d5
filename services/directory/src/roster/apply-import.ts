import type { StaffClaims } from '@yishi/auth';
import { enqueueAll } from '@yishi/bus';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { recordAction } from '../audit.ts';
import { communities, rosterImports } from '../db/schema/index.ts';
import { fingerprintOf, loadImportFile, readImportFile } from './check-import.ts';
import type { RosterCtx } from './context.ts';
import { loadCurrentRoster } from './current-roster.ts';
import { markFailed, progressOf } from './import-state.ts';
import { messages } from './messages.ts';
import { planImport } from './plan.ts';
import type { ImportProgress } from './progress.ts';
import { RosterIndex } from './roster-index.ts';
import { assertManagesRoster, loadViewer } from './viewer.ts';
import { writePlan } from './write-plan.ts';

export interface ApplyImportInput {
  claims: StaffClaims;
  communityId: string;
  importId: string;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Applies a checked import (status `ready`) in the background; refuses any other status with
 * `precondition_failed` and a reason. `applied` settles when the job is done and never rejects.
 *
 * Everything is written in ONE transaction: buildings, units, owners, co-owner sets, ownerships
 * (a new holder closes the current ownership and opens another), the events of what changed
 * and the staff action. The import is marked `applied` in that same transaction, so a crash
 * leaves nothing applied; the job is then `failed`. A roster changed since the check (another
 * import applied meanwhile) no longer matches the preview and fails as `stale`.
 */
export async function applyImport(
  ctx: RosterCtx,
  input: ApplyImportInput,
): Promise<{ applied: Promise<void> }> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  assertManagesRoster(viewer);
  const where = and(
    eq(rosterImports.id, input.importId),
    eq(rosterImports.communityId, input.communityId),
  );
  const [started] = await ctx.db
    .update(rosterImports)
    .set({
      status: 'applying',
      progress: { phase: 'queued', done: 0, total: null },
      heartbeatAt: ctx.now(),
    })
    .where(and(where, eq(rosterImports.status, 'ready')))
    .returning({ id: rosterImports.id });
  if (!started) {
    const [job] = await ctx.db
      .select({ status: rosterImports.status })
      .from(rosterImports)
      .where(where);
    if (!job) throw notFound(messages.importNotFound);
    const status = job.status === 'ready' ? 'applying' : job.status;
    throw preconditionFailed(messages.notReady[status], { details: { status: job.status } });
  }
  const applied = runApply(ctx, { ...input, staffId: viewer.staffId });
  return { applied };
}

class StaleImport extends Error {}

async function runApply(
  ctx: RosterCtx,
  input: ApplyImportInput & { staffId: string },
): Promise<void> {
  const { importId, communityId } = input;
  const progress = progressOf(ctx, importId, input.onProgress);
  try {
    const job = await loadImportFile(ctx, importId);
    const read = await readImportFile(job, progress);
    if (read.errors.length > 0) throw new StaleImport('the file no longer reads without errors');
    progress.report({ phase: 'comparing', done: 0, total: read.rows.length });
    const at = ctx.now();
    const events = await ctx.db.transaction(async (tx) => {
      // One import at a time per community: the second waits, then finds the roster changed.
      await tx
        .select({ id: communities.id })
        .from(communities)
        .where(eq(communities.id, communityId))
        .for('update');
      const index = new RosterIndex(await loadCurrentRoster(tx, communityId));
      const result = planImport(index.roster, read.rows);
      if (result.errors.length > 0 || fingerprintOf(result.changes) !== job.fingerprint) {
        throw new StaleImport('the roster changed since the check');
      }
      const events = await writePlan(tx, ctx, {
        communityId,
        plan: result.plan,
        index,
        at,
        progress,
      });
      progress.report({ phase: 'events', done: 0, total: events.length });
      await enqueueAll(tx, events);
      await recordAction(
        tx,
        {
          staffId: input.staffId,
          communityId,
          action: 'roster.import.applied',
          target: importId,
          details: { ...result.summary, events: events.length },
        },
        at,
      );
      const [marked] = await tx
        .update(rosterImports)
        .set({
          status: 'applied',
          progress: { phase: 'done', done: events.length, total: events.length },
          heartbeatAt: at,
          finishedAt: at,
        })
        .where(and(eq(rosterImports.id, importId), eq(rosterImports.status, 'applying')))
        .returning({ id: rosterImports.id });
      // Marked failed meanwhile (taken for interrupted): what people were told must stay true.
      if (!marked) throw new Error('the import is no longer applying');
      return events;
    });
    if (events.length > 0) ctx.wakeRelay();
    await progress.flush();
  } catch (err) {
    const stale = err instanceof StaleImport;
    if (!stale) ctx.logger.error({ importId, err }, 'roster import apply failed');
    await progress.flush();
    await markFailed(ctx, importId, stale ? 'stale' : 'error').catch((markErr: unknown) =>
      ctx.logger.error({ importId, err: markErr }, 'roster import not marked failed'),
    );
  }
}
