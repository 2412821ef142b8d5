import { createHash } from 'node:crypto';
import {
  attachmentTooLarge,
  attachmentTypes,
  checkAttachment,
  cleanFileName,
  photoTypes,
} from '@yishi/app/attachments';
import { forbidden, notFound, preconditionFailed } from '@yishi/errors';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { attachments, implementationUpdates } from '../db/schema/index.ts';
import { assertCommittee, type Caller, isAuthor } from './caller.ts';
import { loadProposal } from './proposals.ts';
import { lockProposal } from './transition.ts';

/** 10 MiB: a scanned quote or a few photos, still quick to open on a phone. */
export const maxAttachmentBytes = 10 * 1024 * 1024;
/** Per proposal, and per implementation update. */
export const maxAttachments = 10;

export interface AttachmentInfo {
  id: string;
  updateId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const info = {
  id: attachments.id,
  updateId: attachments.updateId,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  size: attachments.size,
  sha256: attachments.sha256,
  createdAt: attachments.createdAt,
};

/** The refusal of a file over {@link maxAttachmentBytes}. */
export const fileTooLarge = (size?: number) => attachmentTooLarge(maxAttachmentBytes, size);

/**
 * Attaches a file to a proposal (its author while a draft or open, or the committee) or a photo
 * to one of its implementation updates (the committee). Under the proposal's lock, so the count
 * limit holds under concurrent uploads.
 */
export async function addAttachment(
  deps: Deps,
  input: {
    caller: Caller;
    communityId: string;
    proposalId: string;
    updateId?: string;
    file: { name: string; type: string; bytes: Uint8Array };
  },
): Promise<AttachmentInfo> {
  // By the first bytes, which must agree with the declared type; an update takes photos only.
  const contentType = checkAttachment(input.file, {
    allowed: input.updateId ? photoTypes : attachmentTypes,
    maxBytes: maxAttachmentBytes,
  });
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.communityId, input.proposalId);
    if (input.updateId) {
      assertCommittee(input.caller);
      const [update] = await tx
        .select({ id: implementationUpdates.id })
        .from(implementationUpdates)
        .where(
          and(
            eq(implementationUpdates.id, input.updateId),
            eq(implementationUpdates.proposalId, proposal.id),
          ),
        );
      if (!update) throw notFound({ zh: '未找到该进展', en: 'No such update' });
    } else if (isAuthor(input.caller, proposal)) {
      if (proposal.status !== 'draft' && proposal.status !== 'open') {
        throw preconditionFailed(
          {
            zh: '议题已进入后续流程，附件不能再修改',
            en: 'Attachments change only while a proposal is a draft or open',
          },
          { details: { reason: 'not_open', status: proposal.status } },
        );
      }
    } else if (input.caller.kind === 'owner') {
      throw forbidden({
        zh: '只有发起人或业委会可以添加附件',
        en: 'Only its author or the committee can attach files',
      });
    } else {
      assertCommittee(input.caller);
    }
    const [existing] = await tx
      .select({ n: count() })
      .from(attachments)
      .where(
        and(
          eq(attachments.proposalId, proposal.id),
          input.updateId ? eq(attachments.updateId, input.updateId) : isNull(attachments.updateId),
        ),
      );
    if ((existing?.n ?? 0) >= maxAttachments) {
      throw preconditionFailed(
        { zh: `最多 ${maxAttachments} 个附件`, en: `At most ${maxAttachments} attachments` },
        { details: { reason: 'too_many_attachments', limit: maxAttachments } },
      );
    }
    const row = {
      id: deps.newId(),
      proposalId: proposal.id,
      updateId: input.updateId ?? null,
      fileName: cleanFileName(input.file.name),
      contentType,
      size: input.file.bytes.length,
      sha256: createHash('sha256').update(input.file.bytes).digest('hex'),
      createdAt: at,
    };
    await tx.insert(attachments).values({ ...row, content: input.file.bytes });
    const { proposalId: _, ...view } = row;
    return { ...view, createdAt: at.toISOString() };
  });
}

/** A proposal's files and its updates' photos, oldest first, without their bytes. */
export async function attachmentsOf(
  deps: Pick<Deps, 'db'>,
  proposalId: string,
): Promise<AttachmentInfo[]> {
  const rows = await deps.db
    .select(info)
    .from(attachments)
    .where(eq(attachments.proposalId, proposalId))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One attachment with its bytes, for anyone who may read the proposal. */
export async function attachmentFile(
  deps: Pick<Deps, 'db'>,
  input: { caller: Caller; communityId: string; proposalId: string; attachmentId: string },
) {
  const proposal = await loadProposal(deps, input);
  const [row] = await deps.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, input.attachmentId), eq(attachments.proposalId, proposal.id)));
  if (!row) throw notFound({ zh: '未找到该附件', en: 'No such attachment' });
  return row;
}
