import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { preconditionFailed, validationFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/audit-log.ts';
import { type Actor, actorName, type Deps } from '../context.ts';
import { ballotMatters, ballots } from '../db/schema/index.ts';
import { carryAttachments } from './attachments.ts';
import { loadBallot, loadMatters } from './load.ts';
import type { DraftBallotInput, MatterInput, UpdateBallotInput } from './schemas.ts';
import { ballotView } from './views.ts';

/**
 * The stored questions of a ballot's matters, numbered in order: a plain matter is one question,
 * an election one question per candidate, each carrying the election it belongs to. Each question
 * takes the next of `ids` when given (one per question, checked), else a fresh id.
 */
function matterRows(
  deps: Deps,
  ballotId: string,
  matters: readonly MatterInput[],
  ids?: readonly string[],
) {
  const rows: (typeof ballotMatters.$inferInsert)[] = [];
  const row = (m: Omit<typeof ballotMatters.$inferInsert, 'id' | 'ballotId' | 'position'>) =>
    rows.push({
      id: ids?.[rows.length] ?? deps.newId(),
      ballotId,
      position: rows.length + 1,
      ...m,
    });
  for (const m of matters) {
    if ('candidates' in m) {
      const election = { id: deps.newId(), title: m.title, body: m.body, seats: m.seats };
      for (const c of m.candidates) row({ item: m.item, title: c.name, body: c.body, election });
    } else {
      row({ item: m.item, title: m.title, body: m.body, election: null });
    }
  }
  if (ids && ids.length !== rows.length) {
    throw validationFailed(
      {
        zh: '事项编号与表决事项数量不符',
        en: `${ids.length} matter ids for ${rows.length} questions (a candidate is one)`,
      },
      { details: { reason: 'matter_ids_mismatch', ids: ids.length, questions: rows.length } },
    );
  }
  return rows;
}

/** `deemed: majority` stands only on a clause of the community's rules of procedure. */
function assertDeemedBasis(
  row: Pick<typeof ballots.$inferSelect, 'policy' | 'rulesOfProcedureClause'>,
) {
  if (row.policy.deemed === 'majority' && !row.rulesOfProcedureClause) {
    throw validationFailed(
      {
        zh: '采用“从众”计票须注明业主大会议事规则中的相应条款',
        en: 'Deemed votes (从众) need the clause of the rules of procedure that provides for them',
      },
      { details: { reason: 'deemed_needs_clause', field: 'rulesOfProcedureClause' } },
    );
  }
}

/** Drafts a ballot; nothing is visible to owners until it opens. */
export async function draftBallot(
  deps: Deps,
  {
    staff,
    communityId,
    input,
    ids,
    actor: by,
  }: {
    staff: StaffClaims;
    communityId: string;
    input: DraftBallotInput;
    /**
     * Ids chosen by the caller instead of fresh ones: the ballot's, and one per stored question
     * in order (each candidate of an election is one; elections keep fresh ids). The demo ballot's
     * id is derived from its community, a written assembly's ids are fixed by the meetings
     * service, so each exists only once.
     */
    ids?: { ballot?: string; matters?: readonly string[] };
    actor?: Actor;
  },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  const id = ids?.ballot ?? deps.newId();
  // Built (and checked against `ids`) before anything is written.
  const questions = matterRows(deps, id, input.matters, ids?.matters);
  const actor = actorName(by ?? { staffId: staff.sub });
  const { matters, window, noticeGivenAt, maxExtensionMonths, rulesOfProcedureClause, ...rest } =
    input;
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
        rulesOfProcedureClause: rulesOfProcedureClause ?? null,
        maxExtensionMonths: maxExtensionMonths ?? null,
        status: 'draft',
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const rows = await tx.insert(ballotMatters).values(questions).returning();
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
    const { matters, window, noticeGivenAt, maxExtensionMonths, rulesOfProcedureClause, ...rest } =
      input;
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
        ...(rulesOfProcedureClause === undefined ? {} : { rulesOfProcedureClause }),
        updatedAt: now,
      })
      .where(eq(ballots.id, ballotId))
      .returning();
    // Checked on the ballot as it now stands: an edit may change the policy or the clause alone.
    assertDeemedBasis(row!);
    if (matters) {
      const before = await loadMatters(tx, ballotId);
      await tx.delete(ballotMatters).where(eq(ballotMatters.ballotId, ballotId));
      // A question at the same position is the same question, edited: it keeps its id (the
      // meeting of a written assembly and its proposals know it) as it keeps its attachments.
      const kept = new Map(before.map((m) => [m.position, m.id]));
      const rows = matterRows(deps, ballotId, matters).map((r) => ({
        ...r,
        id: kept.get(r.position) ?? r.id,
      }));
      const after = await tx.insert(ballotMatters).values(rows).returning();
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
