import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { preconditionFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/audit-log.ts';
import { actorName, type Deps } from '../context.ts';
import { ballotMatters, ballots } from '../db/schema/index.ts';
import { carryAttachments } from './attachments.ts';
import { loadBallot, loadMatters } from './load.ts';
import type { DraftBallotInput, UpdateBallotInput } from './schemas.ts';
import { ballotView } from './views.ts';

const matterRows = (deps: Deps, ballotId: string, matters: DraftBallotInput['matters']) =>
  matters.map((m, index) => ({ id: deps.newId(), ballotId, position: index + 1, ...m }));

/** Drafts a ballot; nothing is visible to owners until it opens. */
export async function draftBallot(
  deps: Deps,
  {
    staff,
    communityId,
    input,
  }: { staff: StaffClaims; communityId: string; input: DraftBallotInput },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  const id = deps.newId();
  const actor = actorName({ staffId: staff.sub });
  const { matters, window, noticeGivenAt, maxExtensionMonths, ...rest } = input;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ballots)
      .values({
        ...rest,
        id,
        communityId,
        opensAt: window.opensAt,
        closesAt: window.closesAt,
        noticeGivenAt: noticeGivenAt ?? null,
        maxExtensionMonths: maxExtensionMonths ?? null,
        status: 'draft',
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const rows = await tx
      .insert(ballotMatters)
      .values(matterRows(deps, id, matters))
      .returning();
    await appendAudit(tx, {
      ballotId: id,
      at: now,
      actor,
      action: 'ballot.drafted',
      details: { title: input.title, items: matters.map((m) => m.item), scope: input.scope },
    });
    return ballotView(row!, rows);
  });
}

/** Changes a draft; an open ballot's text, scope and rules are fixed. */
export async function updateBallot(
  deps: Deps,
  {
    staff,
    communityId,
    ballotId,
    input,
  }: { staff: StaffClaims; communityId: string; ballotId: string; input: UpdateBallotInput },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const current = await loadBallot(tx, { communityId, ballotId }, 'exclusive');
    if (current.status !== 'draft') {
      throw preconditionFailed(
        { zh: '表决已开始，不能再修改', en: 'Only a draft ballot can be changed' },
        { details: { reason: 'not_draft', status: current.status } },
      );
    }
    const { matters, window, noticeGivenAt, maxExtensionMonths, ...rest } = input;
    const opensAt = window?.opensAt ?? current.opensAt;
    const closesAt = window?.closesAt ?? current.closesAt;
    const [row] = await tx
      .update(ballots)
      .set({
        ...rest,
        opensAt,
        closesAt,
        ...(noticeGivenAt === undefined ? {} : { noticeGivenAt }),
        ...(maxExtensionMonths === undefined ? {} : { maxExtensionMonths }),
        updatedAt: now,
      })
      .where(eq(ballots.id, ballotId))
      .returning();
    if (matters) {
      const before = await loadMatters(tx, ballotId);
      await tx.delete(ballotMatters).where(eq(ballotMatters.ballotId, ballotId));
      const after = await tx
        .insert(ballotMatters)
        .values(matterRows(deps, ballotId, matters))
        .returning();
      await carryAttachments(tx, before, after);
    }
    await appendAudit(tx, {
      ballotId,
      at: now,
      actor: actorName({ staffId: staff.sub }),
      action: 'ballot.updated',
      details: { fields: Object.keys(input).sort() },
    });
    return ballotView(row!, await loadMatters(tx, ballotId));
  });
}
