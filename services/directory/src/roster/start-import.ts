import type { StaffClaims } from '@yishi/auth';
import { validationFailed } from '@yishi/errors';
import { recordAction } from '../audit.ts';
import { rosterImports } from '../db/schema/index.ts';
import { detectFormat } from '../roster-file/index.ts';
import { checkImport } from './check-import.ts';
import type { RosterCtx } from './context.ts';
import { messages } from './messages.ts';
import type { ImportProgress } from './progress.ts';
import { assertManagesRoster, loadViewer } from './viewer.ts';

/** The largest roster file accepted: a 20,000-unit XLSX is under 2 MB. */
export const MAX_ROSTER_FILE_BYTES = 20 * 1024 * 1024;

export interface StartImportInput {
  claims: StaffClaims;
  communityId: string;
  fileName: string;
  bytes: Uint8Array;
  /** Sees every progress report of the check (the bench prints them). */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Stores an uploaded roster file and starts checking it in the background (a dry run: nothing
 * in the roster changes). Answers at once; `checked` settles when the check is done, and never
 * rejects: a failed check marks the import failed.
 *
 * @example
 * const { importId } = await startImport(deps, { claims, communityId, fileName: '名册.xlsx', bytes });
 * // later: getImport(deps, { claims, communityId, importId }) → status 'ready' or 'invalid'
 */
export async function startImport(
  ctx: RosterCtx,
  input: StartImportInput,
): Promise<{ importId: string; checked: Promise<void> }> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  assertManagesRoster(viewer);
  if (input.bytes.length === 0) throw validationFailed(messages.emptyFile);
  if (input.bytes.length > MAX_ROSTER_FILE_BYTES) {
    throw validationFailed(messages.fileTooLarge(MAX_ROSTER_FILE_BYTES / 1024 / 1024));
  }
  const format = detectFormat(input.fileName, input.bytes);
  if (format === null) {
    throw validationFailed(messages.unknownFormat, { details: { fileName: input.fileName } });
  }
  const importId = ctx.newId();
  const now = ctx.now();
  const progress: ImportProgress = { phase: 'queued', done: 0, total: null };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(rosterImports).values({
      id: importId,
      communityId: input.communityId,
      staffId: viewer.staffId,
      fileName: input.fileName,
      format,
      file: input.bytes,
      status: 'checking',
      progress,
      heartbeatAt: now,
      createdAt: now,
    });
    await recordAction(
      tx,
      {
        staffId: viewer.staffId,
        communityId: input.communityId,
        action: 'roster.import.uploaded',
        target: importId,
        details: { fileName: input.fileName, format, bytes: input.bytes.length },
      },
      now,
    );
  });
  const checked = checkImport(ctx, { importId, onProgress: input.onProgress });
  return { importId, checked };
}
