import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { rosterImports } from '../db/schema/index.ts';
import { type RosterRow, type RowError, readRoster } from '../roster-file/index.ts';
import type { ImportChange, ImportSummary } from './changes.ts';
import type { RosterCtx } from './context.ts';
import { loadCurrentRoster } from './current-roster.ts';
import { saveEntries } from './import-pages.ts';
import { markFailed, progressOf } from './import-state.ts';
import { planImport } from './plan.ts';
import type { ImportProgress, ProgressReporter } from './progress.ts';

/** A hash of a list of changes: equal lists, equal hashes. */
export function fingerprintOf(changes: readonly ImportChange[]): string {
  return createHash('sha256').update(JSON.stringify(changes)).digest('hex');
}

/** The file of an import, read back for checking or applying. */
export async function loadImportFile(ctx: RosterCtx, importId: string) {
  const [job] = await ctx.db
    .select({
      communityId: rosterImports.communityId,
      staffId: rosterImports.staffId,
      file: rosterImports.file,
      format: rosterImports.format,
      fingerprint: rosterImports.fingerprint,
    })
    .from(rosterImports)
    .where(eq(rosterImports.id, importId));
  if (!job) throw new Error(`roster import ${importId} does not exist`);
  return job;
}

/** Reads a roster file, reporting the rows read so far. */
export async function readImportFile(
  job: { file: Uint8Array; format: 'csv' | 'xlsx' },
  progress: ProgressReporter,
): Promise<{ rows: RosterRow[]; errors: RowError[]; rowsRead: number }> {
  let rowsRead = 0;
  const { rows, errors } = await readRoster(job.file, job.format, {
    onProgress: (p) => {
      rowsRead = p.rowsRead;
      progress.report({ phase: 'reading', done: p.rowsRead, total: null });
    },
  });
  return { rows, errors, rowsRead };
}

/**
 * The dry run of an import: reads the file, compares it with the roster as it is now, and
 * stores the changes it would make (or every row error) and their counts. Changes nothing in
 * the roster. Never rejects: anything unexpected marks the import failed.
 */
export async function checkImport(
  ctx: RosterCtx,
  input: { importId: string; onProgress?: ((progress: ImportProgress) => void) | undefined },
): Promise<void> {
  const { importId } = input;
  const progress = progressOf(ctx, importId, input.onProgress);
  try {
    const job = await loadImportFile(ctx, importId);
    const read = await readImportFile(job, progress);
    progress.report({ phase: 'comparing', done: 0, total: read.rows.length });
    const current = await ctx.db.transaction((tx) => loadCurrentRoster(tx, job.communityId), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
    const result = planImport(current, read.rows);
    const errors = [...read.errors, ...result.errors].sort((a, b) => a.row - b.row);
    const valid = errors.length === 0;
    const changes = valid ? result.changes : [];
    progress.report({ phase: 'saving', done: 0, total: changes.length + errors.length });
    await progress.flush();

    const summary: ImportSummary = valid
      ? { ...result.summary, errors: 0 }
      : { ...emptySummary(read.rowsRead), errors: errors.length };
    await ctx.db.transaction(async (tx) => {
      await saveEntries(tx, importId, 'changes', changes);
      await saveEntries(tx, importId, 'errors', errors);
      const done = changes.length + errors.length;
      await tx
        .update(rosterImports)
        .set({
          status: valid ? 'ready' : 'invalid',
          preview: summary,
          fingerprint: valid ? fingerprintOf(changes) : null,
          progress: { phase: 'done', done, total: done },
          heartbeatAt: ctx.now(),
          ...(valid ? {} : { finishedAt: ctx.now() }),
        })
        .where(and(eq(rosterImports.id, importId), eq(rosterImports.status, 'checking')));
    });
  } catch (err) {
    ctx.logger.error({ importId, err }, 'roster import check failed');
    await progress.flush();
    await markFailed(ctx, importId, 'error').catch((markErr: unknown) =>
      ctx.logger.error({ importId, err: markErr }, 'roster import not marked failed'),
    );
  }
}

function emptySummary(rows: number): Omit<ImportSummary, 'errors'> {
  return {
    rows,
    buildingsAdded: 0,
    buildingsRenamed: 0,
    unitsAdded: 0,
    unitsChanged: 0,
    unitsUnchanged: 0,
    unitsAbsent: 0,
    ownersAdded: 0,
    ownersChanged: 0,
    ownershipsAdded: 0,
    ownershipsChanged: 0,
    votersChanged: 0,
    changes: 0,
  };
}
