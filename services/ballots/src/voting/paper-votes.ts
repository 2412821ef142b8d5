import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { voteCast } from '@yishi/contracts';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../audit/audit-log.ts';
import { recertify } from '../ballots/certify.ts';
import { loadBallot, loadMatters } from '../ballots/load.ts';
import { type Actor, actorName, type Deps } from '../context.ts';
import type { BallotsTx } from '../db/database.ts';
import {
  electorateHolders,
  electorateUnits,
  type PaperSubmission,
  type VoteChoice,
  voteConflicts,
  votes,
} from '../db/schema/index.ts';
import { replaceChoices } from './cast-vote.ts';
import { newReceiptCode, receiptHash } from './link-token.ts';
import { refusal } from './refusals.ts';

export interface PaperVoteInput {
  holderKey?: string | undefined;
  unit?: { building: string; entrance: string; room: string } | undefined;
  choices: { matterId: string; choice: VoteChoice }[];
  channel: 'paper' | 'proxy';
  reference: string;
  proxyName?: string | undefined;
  /** When the sheet was collected; defaults to now. Never after the close. */
  collectedAt?: Date | undefined;
}

async function resolveHolder(tx: BallotsTx, ballotId: string, input: PaperVoteInput) {
  if (input.holderKey !== undefined) {
    const [holder] = await tx
      .select({ holderKey: electorateHolders.holderKey })
      .from(electorateHolders)
      .where(
        and(
          eq(electorateHolders.ballotId, ballotId),
          eq(electorateHolders.holderKey, input.holderKey),
        ),
      );
    return holder?.holderKey;
  }
  const u = input.unit!;
  const [unit] = await tx
    .select({ holderKey: electorateUnits.holderKey })
    .from(electorateUnits)
    .where(
      and(
        eq(electorateUnits.ballotId, ballotId),
        eq(electorateUnits.building, u.building),
        eq(electorateUnits.entrance, u.entrance),
        eq(electorateUnits.room, u.room),
      ),
    );
  return unit?.holderKey;
}

export type PaperVoteOutcome =
  | { outcome: 'recorded'; holderKey: string; receipt: string; certification: number | null }
  | { outcome: 'conflict'; holderKey: string; conflictId: string };

/**
 * Whether a paper ballot or a conflict's resolution may change a ballot's stored votes now: while
 * it is open or extended, and after the close until the result is published (the result is then
 * certified again). Nothing changes once the result is published.
 */
function assertAmendable(ballot: { status: string }) {
  if (ballot.status === 'published') throw refusal('result_published');
  if (!['open', 'extended', 'closed'].includes(ballot.status)) {
    throw refusal('ballot_not_open', { status: ballot.status });
  }
}

/**
 * Enters a paper or proxy ballot collected by the committee, also after the close and until
 * publication when it was collected before the close (the result is then certified again). An
 * owner who already voted on any matter of this ballot, by any channel, is never overwritten: a
 * conflict is recorded for a person to resolve, and the call answers it (the conflict row is
 * committed even though nothing is applied).
 */
export async function enterPaperVote(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    input: PaperVoteInput;
    actor?: Actor;
  },
): Promise<PaperVoteOutcome> {
  assertCommunityAccess(args.staff, args.communityId);
  const { input } = args;
  const now = deps.now();
  const collectedAt = input.collectedAt ?? now;
  const actor = actorName(args.actor ?? { staffId: args.staff.sub });
  const outcome = await deps.db.transaction(async (tx): Promise<PaperVoteOutcome> => {
    const ballot = await loadBallot(tx, args, 'exclusive');
    assertAmendable(ballot);
    // 以上/以前 include the bound: a sheet collected at the closing instant still counts.
    if (collectedAt > now || collectedAt < ballot.opensAt || collectedAt > ballot.closesAt) {
      throw refusal('collected_outside_window', {
        collectedAt: collectedAt.toISOString(),
        opensAt: ballot.opensAt.toISOString(),
        closesAt: ballot.closesAt.toISOString(),
      });
    }
    const matterIds = new Set((await loadMatters(tx, ballot.id)).map((m) => m.id));
    const unknown = input.choices.find((c) => !matterIds.has(c.matterId));
    if (unknown) throw refusal('unknown_matter', { matterId: unknown.matterId });
    const holderKey = await resolveHolder(tx, ballot.id, input);
    if (!holderKey) throw refusal('not_in_scope');

    const existing = await tx
      .select({ id: votes.id })
      .from(votes)
      .where(and(eq(votes.ballotId, ballot.id), eq(votes.holderKey, holderKey)))
      .limit(1);
    const submission: PaperSubmission = {
      choices: input.choices,
      channel: input.channel,
      reference: input.reference,
      proxyName: input.proxyName ?? null,
      enteredBy: actor,
      enteredAt: now.toISOString(),
      collectedAt: collectedAt.toISOString(),
    };
    if (existing.length > 0) {
      const conflictId = deps.newId();
      await tx.insert(voteConflicts).values({
        id: conflictId,
        ballotId: ballot.id,
        holderKey,
        submission,
        createdAt: now,
        status: 'open',
      });
      await appendAudit(tx, {
        ballotId: ballot.id,
        at: now,
        actor,
        action: 'paper_vote.conflict',
        details: { conflictId, holderKey, channel: input.channel, reference: input.reference },
      });
      return { outcome: 'conflict', holderKey, conflictId };
    }
    const receipt = newReceiptCode();
    await tx.insert(votes).values(
      input.choices.map((c) => ({
        id: deps.newId(),
        ballotId: ballot.id,
        matterId: c.matterId,
        holderKey,
        choice: c.choice,
        channel: input.channel,
        receiptHash: receiptHash(receipt),
        castAt: now,
        enteredBy: actor,
        reference: input.reference,
        proxyName: input.proxyName ?? null,
        collectedAt,
      })),
    );
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor,
      action: 'paper_vote.entered',
      details: {
        holderKey,
        channel: input.channel,
        reference: input.reference,
        // The proxy's name stays with the vote row; the audit chain cannot be erased, so it keeps
        // only the written authorisation's reference.
        matterIds: input.choices.map((c) => c.matterId),
        collectedAt: collectedAt.toISOString(),
        afterClose: ballot.status === 'closed',
      },
    });
    await enqueue(
      tx,
      voteCast,
      {
        communityId: ballot.communityId,
        aggregateId: ballot.id,
        payload: {
          ballotId: ballot.id,
          votes: [
            {
              holderKey,
              matterIds: input.choices.map((c) => c.matterId),
              channel: input.channel,
              changed: false,
            },
          ],
        },
      },
      deps,
    );
    const certification =
      ballot.status === 'closed'
        ? await recertify(tx, deps, ballot, {
            at: now,
            actor,
            cause: 'paper_vote',
            act: { channel: input.channel, reference: input.reference, holderKey },
          })
        : null;
    return {
      outcome: 'recorded',
      holderKey,
      receipt,
      certification: certification?.version ?? null,
    };
  });
  deps.wakeRelay();
  if (outcome.outcome === 'recorded') deps.onVotesChanged?.(args.ballotId);
  return outcome;
}

/**
 * Resolves a conflict: keep the existing ballot, or apply the paper one (the replaced choices
 * kept in `vote_changes`). Recorded in the audit log with the reason. Also after the close and
 * until publication, which waits for every conflict: the result is then certified again.
 */
export async function resolveConflict(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    conflictId: string;
    keep: 'existing' | 'paper';
    reason: string;
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const now = deps.now();
  const actor = actorName({ staffId: args.staff.sub });
  const result = await deps.db.transaction(async (tx) => {
    const ballot = await loadBallot(tx, args, 'exclusive');
    const [conflict] = await tx
      .select()
      .from(voteConflicts)
      .where(and(eq(voteConflicts.id, args.conflictId), eq(voteConflicts.ballotId, ballot.id)))
      .for('update');
    if (!conflict) throw notFound({ zh: '未找到该冲突记录', en: 'No such conflict' });
    if (conflict.status !== 'open') {
      throw preconditionFailed(
        { zh: '该冲突已处理', en: 'This conflict was already resolved' },
        { details: { reason: 'conflict_resolved' } },
      );
    }
    assertAmendable(ballot);
    let receipt: string | null = null;
    if (args.keep === 'paper') {
      receipt = newReceiptCode();
      const s = conflict.submission;
      const rows = s.choices.map((c) => ({
        id: deps.newId(),
        ballotId: ballot.id,
        matterId: c.matterId,
        holderKey: conflict.holderKey,
        choice: c.choice,
        channel: s.channel,
        receiptHash: receiptHash(receipt!),
        castAt: now,
        enteredBy: s.enteredBy,
        reference: s.reference,
        proxyName: s.proxyName,
        collectedAt: s.collectedAt ? new Date(s.collectedAt) : null,
      }));
      const inserted = await tx
        .insert(votes)
        .values(rows)
        .onConflictDoNothing()
        .returning({ matterId: votes.matterId });
      const done = new Set(inserted.map((r) => r.matterId));
      const replaced = rows.filter((r) => !done.has(r.matterId));
      await replaceChoices(tx, replaced, now);
      if (replaced.length > 0 && s.collectedAt) {
        // replaceChoices (shared with changes of vote) does not carry when a sheet was collected.
        await tx
          .update(votes)
          .set({ collectedAt: new Date(s.collectedAt) })
          .where(
            and(
              eq(votes.ballotId, ballot.id),
              eq(votes.holderKey, conflict.holderKey),
              inArray(
                votes.matterId,
                replaced.map((r) => r.matterId),
              ),
            ),
          );
      }
      await enqueue(
        tx,
        voteCast,
        {
          communityId: ballot.communityId,
          aggregateId: ballot.id,
          payload: {
            ballotId: ballot.id,
            votes: [
              {
                holderKey: conflict.holderKey,
                matterIds: rows.map((r) => r.matterId),
                channel: s.channel,
                changed: true,
              },
            ],
          },
        },
        deps,
      );
    }
    await tx
      .update(voteConflicts)
      .set({
        status: 'resolved',
        keep: args.keep,
        reason: args.reason,
        resolvedBy: actor,
        resolvedAt: now,
      })
      .where(eq(voteConflicts.id, conflict.id));
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor,
      action: 'conflict.resolved',
      details: {
        conflictId: conflict.id,
        holderKey: conflict.holderKey,
        keep: args.keep,
        reason: args.reason,
      },
    });
    const certification =
      ballot.status === 'closed'
        ? await recertify(tx, deps, ballot, {
            at: now,
            actor,
            cause: 'conflict_resolved',
            act: { conflictId: conflict.id, keep: args.keep, holderKey: conflict.holderKey },
          })
        : null;
    return {
      conflictId: conflict.id,
      keep: args.keep,
      receipt,
      certification: certification?.version ?? null,
    };
  });
  deps.wakeRelay();
  if (result.keep === 'paper') deps.onVotesChanged?.(args.ballotId);
  return result;
}
