/**
 * What anyone may read without a token: a proposal once it was opened (the links of the
 * notifications are forwarded in WeChat groups) and the wall of wishes. Nothing personal: no
 * owner keys or staff ids, no comments (only how many), no file names, no claimants' names.
 */
import type { ProposalCategory, ProposalStatus } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { attachments, comments, dirCommunities, proposals } from '../db/schema/index.ts';
import { type ClaimantKind, type WallQuery, type WishStatus, wallRows } from '../wishes/wishes.ts';
import { type LedgerView, ledgerFor, updatesFor } from './ledger.ts';
import { noSuchProposal, type ProposalRow } from './transition.ts';
import {
  type CosignProgress,
  cosignProgress,
  type DecisionView,
  decisionView,
  decisionVisible,
  proposalHead,
} from './views.ts';

export interface PublicProposalView {
  id: string;
  title: string;
  description: string;
  category: ProposalCategory;
  item: number | null;
  status: ProposalStatus;
  authorKind: 'owner' | 'staff';
  cosign: CosignProgress;
  /** Null until there is one that may be shown (a ballot's only once its result is published). */
  decision: DecisionView | null;
  /** Decided by a ballot whose result is not published yet (公示 pending). */
  decisionPending: boolean;
  meetingId: string | null;
  ballotId: string | null;
  withdrawnReason: string | null;
  openedAt: string | null;
  updatedAt: string;
  /** Visible comments (hidden ones are not counted); the comments themselves need an owner link. */
  commentCount: number;
  /** The proposal's own files (owners read them through their link: they may name people). */
  attachmentCount: number;
  updates: {
    id: string;
    body: string;
    photos: { id: string; contentType: string; size: number }[];
    createdAt: string;
  }[];
  /** The fund ledger, for a proposal that was decided (已形成决定); null otherwise. */
  ledger: Omit<LedgerView, 'proposalId' | 'title'> | null;
}

/** A proposal the public may see: opened at some point (a draft, also a withdrawn one, never). */
async function loadPublic(deps: Pick<Deps, 'db'>, proposalId: string): Promise<ProposalRow> {
  const [row] = await deps.db.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!row || row.status === 'draft' || row.openedAt === null) throw noSuchProposal();
  return row;
}

/** The public view of a proposal: the notice-board version of what owners see through their link. */
export async function publicProposal(
  deps: Pick<Deps, 'db'>,
  proposalId: string,
): Promise<PublicProposalView> {
  const row = await loadPublic(deps, proposalId);
  const visible = decisionVisible(row);
  const implementing = visible && row.outcome === 'decided';
  const [[count], [files], updates, ledger] = await Promise.all([
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(comments)
      .where(and(eq(comments.proposalId, row.id), isNull(comments.hiddenAt))),
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(attachments)
      .where(and(eq(attachments.proposalId, row.id), isNull(attachments.updateId))),
    implementing ? updatesFor(deps, row.id) : Promise.resolve([]),
    implementing ? ledgerFor(deps, row) : Promise.resolve(null),
  ]);
  return {
    ...proposalHead(row),
    cosign: cosignProgress(row),
    decision: decisionView(row, visible),
    decisionPending: row.outcome !== null && !visible,
    meetingId: row.meetingId,
    ballotId: row.ballotId,
    withdrawnReason: row.withdrawnReason,
    openedAt: row.openedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    commentCount: count?.n ?? 0,
    attachmentCount: files?.n ?? 0,
    // File names are what a phone called the photo: they may name a person, so they stay out.
    updates: updates.map((u) => ({
      ...u,
      photos: u.photos.map(({ id, contentType, size }) => ({ id, contentType, size })),
    })),
    ledger: ledger
      ? {
          contributionsFen: ledger.contributionsFen,
          expendituresFen: ledger.expendituresFen,
          balanceFen: ledger.balanceFen,
          entries: ledger.entries,
        }
      : null,
  };
}

/** The fund ledger of a public proposal that was decided (已形成决定), or 404. */
export async function publicLedger(deps: Pick<Deps, 'db'>, proposalId: string) {
  const row = await loadPublic(deps, proposalId);
  if (!decisionVisible(row) || row.outcome !== 'decided') {
    throw notFound({ zh: '这项提议没有资金收支', en: 'This proposal has no fund ledger' });
  }
  return ledgerFor(deps, row);
}

/** A photo of a public proposal's implementation update (never an attachment of the proposal). */
export async function publicPhoto(
  deps: Pick<Deps, 'db'>,
  input: { proposalId: string; photoId: string },
) {
  const row = await loadPublic(deps, input.proposalId);
  if (!decisionVisible(row) || row.outcome !== 'decided') throw noSuchPhoto();
  const [photo] = await deps.db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.id, input.photoId),
        eq(attachments.proposalId, row.id),
        isNotNull(attachments.updateId),
      ),
    );
  if (!photo) throw noSuchPhoto();
  return photo;
}

const noSuchPhoto = () => notFound({ zh: '未找到该照片', en: 'No such photo' });

export interface PublicWishView {
  id: string;
  title: string;
  description: string;
  status: WishStatus;
  /** Who claimed it, by kind only: the name a volunteer gave is for the owners' wall. */
  claimantKind: ClaimantKind | null;
  claimedAt: string | null;
  fulfilledAt: string | null;
  createdAt: string;
}

/** The wall of wishes without names: counts by status and a page, newest first. */
export async function publicWishWall(deps: Pick<Deps, 'db'>, input: WallQuery) {
  const wall = await wallRows(deps, input);
  if (wall.counts.total === 0) {
    const [known] = await deps.db
      .select({ id: dirCommunities.communityId })
      .from(dirCommunities)
      .where(eq(dirCommunities.communityId, input.communityId));
    if (!known) throw notFound({ zh: '未找到该小区', en: 'No such community' });
  }
  return {
    counts: wall.counts,
    nextCursor: wall.nextCursor,
    items: wall.items.map(
      (w): PublicWishView => ({
        id: w.id,
        title: w.title,
        description: w.description,
        status: w.status,
        claimantKind: w.claimantKind,
        claimedAt: w.claimedAt?.toISOString() ?? null,
        fulfilledAt: w.fulfilledAt?.toISOString() ?? null,
        createdAt: w.createdAt.toISOString(),
      }),
    ),
  };
}
