import { createHash } from 'node:crypto';
import {
  attachmentTooLarge,
  attachmentTypes,
  checkAttachment,
  cleanFileName,
} from '@yishi/app/attachments';
import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../audit/audit-log.ts';
import { actorName, type Deps } from '../context.ts';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { ballotMatters, credentials, matterAttachments } from '../db/schema/index.ts';
import { verifyLinkToken } from '../voting/link-token.ts';
import { refusal } from '../voting/refusals.ts';
import { loadBallot } from './load.ts';

/** 10 MiB: a scanned quote or a few photos, still quick to open on a phone. */
export const maxAttachmentBytes = 10 * 1024 * 1024;
export const maxAttachmentsPerMatter = 10;

/** What owners and staff see of an attachment (never its bytes). */
export interface AttachmentInfo {
  id: string;
  matterId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const info = {
  id: matterAttachments.id,
  matterId: matterAttachments.matterId,
  fileName: matterAttachments.fileName,
  contentType: matterAttachments.contentType,
  size: matterAttachments.size,
  sha256: matterAttachments.sha256,
  createdAt: matterAttachments.createdAt,
};

const noSuchAttachment = () => notFound({ zh: '未找到该附件', en: 'No such attachment' });

/** The attachments of a ballot (or of one matter), oldest first, without their bytes. */
export async function attachmentsOf(
  db: BallotsDb | BallotsTx,
  ballotId: string,
  matterId?: string,
): Promise<AttachmentInfo[]> {
  const rows = await db
    .select(info)
    .from(matterAttachments)
    .where(
      and(
        eq(matterAttachments.ballotId, ballotId),
        matterId === undefined ? undefined : eq(matterAttachments.matterId, matterId),
      ),
    )
    .orderBy(asc(matterAttachments.createdAt), asc(matterAttachments.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

function assertDraft(status: string) {
  if (status !== 'draft') {
    throw preconditionFailed(
      {
        zh: '表决已开始，附件不能再修改',
        en: 'Attachments change only while the ballot is a draft',
      },
      { details: { reason: 'not_draft', status } },
    );
  }
}

async function loadMatter(tx: BallotsTx, ballotId: string, matterId: string) {
  const [matter] = await tx
    .select({ id: ballotMatters.id })
    .from(ballotMatters)
    .where(and(eq(ballotMatters.ballotId, ballotId), eq(ballotMatters.id, matterId)));
  if (!matter) throw notFound({ zh: '未找到该事项', en: 'No such matter' });
}

/**
 * Attaches a file to a draft's matter. The type is what the file's first bytes show, and it must
 * agree with the declared one. Under the ballot's exclusive lock, so the count limit holds under
 * concurrent uploads and an opening never races an upload.
 */
export async function addAttachment(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    matterId: string;
    file: { name: string; type: string; bytes: Uint8Array };
  },
): Promise<AttachmentInfo> {
  assertCommunityAccess(args.staff, args.communityId);
  const { bytes } = args.file;
  const sniffed = checkAttachment(args.file, {
    allowed: attachmentTypes,
    maxBytes: maxAttachmentBytes,
  });
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const ballot = await loadBallot(tx, args, 'exclusive');
    assertDraft(ballot.status);
    await loadMatter(tx, ballot.id, args.matterId);
    const [existing] = await tx
      .select({ n: count() })
      .from(matterAttachments)
      .where(eq(matterAttachments.matterId, args.matterId));
    if ((existing?.n ?? 0) >= maxAttachmentsPerMatter) {
      throw preconditionFailed(
        {
          zh: `每个事项最多 ${maxAttachmentsPerMatter} 个附件`,
          en: `A matter takes at most ${maxAttachmentsPerMatter} attachments`,
        },
        { details: { reason: 'too_many_attachments', limit: maxAttachmentsPerMatter } },
      );
    }
    const row = {
      id: deps.newId(),
      ballotId: ballot.id,
      matterId: args.matterId,
      fileName: cleanFileName(args.file.name),
      contentType: sniffed,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdBy: actorName({ staffId: args.staff.sub }),
      createdAt: now,
    };
    await tx.insert(matterAttachments).values({ ...row, content: bytes });
    const { createdBy: actor, createdAt: _, ...details } = row;
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor,
      action: 'attachment.added',
      details,
    });
    return { ...row, createdAt: now.toISOString() };
  });
}

/** The refusal of a file over {@link maxAttachmentBytes}. */
export const fileTooLarge = (size?: number) => attachmentTooLarge(maxAttachmentBytes, size);

/** Removes an attachment of a draft. */
export async function removeAttachment(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; ballotId: string; attachmentId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const ballot = await loadBallot(tx, args, 'exclusive');
    assertDraft(ballot.status);
    const [removed] = await tx
      .delete(matterAttachments)
      .where(
        and(eq(matterAttachments.ballotId, ballot.id), eq(matterAttachments.id, args.attachmentId)),
      )
      .returning(info);
    if (!removed) throw noSuchAttachment();
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor: actorName({ staffId: args.staff.sub }),
      action: 'attachment.removed',
      details: { id: removed.id, matterId: removed.matterId, sha256: removed.sha256 },
    });
  });
}

async function attachmentFile(
  db: BallotsDb,
  where: { ballotId: string; attachmentId: string; matterId?: string },
) {
  const [row] = await db
    .select()
    .from(matterAttachments)
    .where(
      and(
        eq(matterAttachments.ballotId, where.ballotId),
        eq(matterAttachments.id, where.attachmentId),
        where.matterId === undefined ? undefined : eq(matterAttachments.matterId, where.matterId),
      ),
    );
  if (!row) throw noSuchAttachment();
  return row;
}

/** An attachment with its bytes, for staff of the ballot's community. */
export async function staffAttachment(
  deps: Pick<Deps, 'db'>,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    matterId: string;
    attachmentId: string;
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  return attachmentFile(deps.db, { ...args, ballotId: ballot.id });
}

/** An attachment of the ballot a voting link belongs to; any other is not found. */
export async function ownerAttachment(
  deps: Pick<Deps, 'db' | 'links'>,
  args: { token: string; attachmentId: string },
) {
  const credentialId = verifyLinkToken(deps.links, args.token);
  if (!credentialId) throw refusal('link_invalid');
  const [credential] = await deps.db
    .select({ ballotId: credentials.ballotId, revokedAt: credentials.revokedAt })
    .from(credentials)
    .where(eq(credentials.id, credentialId));
  if (!credential) throw refusal('link_invalid');
  if (credential.revokedAt) throw refusal('credential_revoked');
  return attachmentFile(deps.db, {
    ballotId: credential.ballotId,
    attachmentId: args.attachmentId,
  });
}

/**
 * Carries a draft's attachments to its new matters after an edit replaced them: each goes to the
 * new matter at its old matter's position; those of positions that are gone are dropped.
 */
export async function carryAttachments(
  tx: BallotsTx,
  before: readonly { id: string; position: number }[],
  after: readonly { id: string; position: number }[],
) {
  const newAt = new Map(after.map((m) => [m.position, m.id]));
  const dropped: string[] = [];
  for (const old of before) {
    const next = newAt.get(old.position);
    if (next === undefined) dropped.push(old.id);
    else
      await tx
        .update(matterAttachments)
        .set({ matterId: next })
        .where(eq(matterAttachments.matterId, old.id));
  }
  if (dropped.length > 0)
    await tx.delete(matterAttachments).where(inArray(matterAttachments.matterId, dropped));
}
