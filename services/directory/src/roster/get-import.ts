import type { StaffClaims } from '@yishi/auth';
import type { Page } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { rosterImports } from '../db/schema/index.ts';
import type { RowError } from '../roster-file/index.ts';
import type { ImportChange, ImportSummary } from './changes.ts';
import type { RosterCtx } from './context.ts';
import { readEntries } from './import-pages.ts';
import { type FailureCode, messages } from './messages.ts';
import type { ImportProgress } from './progress.ts';
import { assertManagesRoster, loadViewer } from './viewer.ts';

export interface GetImportInput {
  claims: StaffClaims;
  communityId: string;
  importId: string;
  changesCursor?: string | undefined;
  errorsCursor?: string | undefined;
  limit: number;
}

export interface ImportView {
  id: string;
  communityId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  status: (typeof rosterImports.$inferSelect)['status'];
  progress: ImportProgress;
  summary: ImportSummary | null;
  failure: { code: FailureCode; message: { zh: string; en: string } } | null;
  createdAt: string;
  finishedAt: string | null;
  changes: Page<ImportChange>;
  errors: Page<RowError>;
}

/** An import's status, progress, counts, and one page each of its changes and row errors. */
export async function getImport(ctx: RosterCtx, input: GetImportInput): Promise<ImportView> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  assertManagesRoster(viewer);
  const [job] = await ctx.db
    .select({
      id: rosterImports.id,
      communityId: rosterImports.communityId,
      fileName: rosterImports.fileName,
      format: rosterImports.format,
      status: rosterImports.status,
      progress: rosterImports.progress,
      preview: rosterImports.preview,
      failure: rosterImports.failure,
      createdAt: rosterImports.createdAt,
      finishedAt: rosterImports.finishedAt,
    })
    .from(rosterImports)
    .where(
      and(eq(rosterImports.id, input.importId), eq(rosterImports.communityId, input.communityId)),
    );
  if (!job) throw notFound(messages.importNotFound);
  const summary = job.preview as ImportSummary | null;
  const [changes, errors] = await Promise.all([
    readEntries<ImportChange>(ctx.db, job.id, 'changes', {
      cursor: input.changesCursor,
      limit: input.limit,
      total: summary?.changes ?? 0,
    }),
    readEntries<RowError>(ctx.db, job.id, 'errors', {
      cursor: input.errorsCursor,
      limit: input.limit,
      total: summary?.errors ?? 0,
    }),
  ]);
  const failure = job.failure as FailureCode | null;
  return {
    id: job.id,
    communityId: job.communityId,
    fileName: job.fileName,
    format: job.format,
    status: job.status,
    progress: job.progress as ImportProgress,
    summary,
    failure: failure === null ? null : { code: failure, message: messages.failure[failure] },
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    changes,
    errors,
  };
}
