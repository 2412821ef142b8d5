import { enqueue } from '@yishi/bus';
import { type ProposalStatus, proposalDecided, proposalStatusChanged } from '@yishi/contracts';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { ProposalsTx } from '../db/database.ts';
import { proposals } from '../db/schema/index.ts';
import { decide, type LifecycleCommand, type Outcome } from '../domain/lifecycle.ts';

export type ProposalRow = typeof proposals.$inferSelect;
type Cause = 'owner' | 'staff' | 'meetings' | 'ballots';

export const noSuchProposal = () => notFound({ zh: '未找到该议题', en: 'No such proposal' });

/** Loads a proposal of the community, locked for the rest of `tx` (every change goes through it). */
export async function lockProposal(
  tx: ProposalsTx,
  communityId: string,
  proposalId: string,
): Promise<ProposalRow> {
  const [row] = await tx
    .select()
    .from(proposals)
    .where(and(eq(proposals.id, proposalId), eq(proposals.communityId, communityId)))
    .for('update');
  if (!row) throw noSuchProposal();
  return row;
}

const statusZh: Record<ProposalStatus, string> = {
  draft: '草稿',
  open: '征集附议中',
  threshold_reached: '附议已达标',
  on_agenda: '已列入议程',
  in_ballot: '表决中',
  decided: '已决',
  being_implemented: '实施中',
  done: '已完成',
  withdrawn: '已撤回',
};

/** What a decision brings besides its outcome. */
export interface DecisionFacts {
  source: 'ballot' | 'minutes';
  ballotId: string | null;
  matterId: string | null;
  meetingId: string | null;
  certification: number | null;
}

/**
 * Applies a lifecycle command to a locked proposal inside `tx`: stores the new state and writes
 * `status_changed` (and `decided`) to the outbox. A refused command throws `precondition_failed`
 * when `refusal` is 'throw' (a person asked) or answers null when 'ignore' (an event that does
 * not apply, e.g. a ballot result for a withdrawn proposal).
 */
export async function applyCommand(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  row: ProposalRow,
  command: LifecycleCommand,
  options: {
    at: Date;
    cause: Cause;
    reason?: string | null;
    decision?: DecisionFacts;
    refusal?: 'throw' | 'ignore';
  },
): Promise<ProposalRow | null> {
  const result = decide(
    {
      status: row.status as ProposalStatus,
      thresholdReached: row.thresholdReachedAt !== null,
      outcome: row.outcome as Outcome | null,
    },
    command,
  );
  if (!result.ok) {
    if (options.refusal === 'ignore') return null;
    const status = row.status as ProposalStatus;
    throw preconditionFailed(
      result.reason === 'not_decided'
        ? {
            zh: '未形成决定的议题无需实施',
            en: 'Nothing was decided, so there is nothing to implement',
          }
        : {
            zh: `议题当前为“${statusZh[status]}”，不能这样做`,
            en: `The proposal is ${status.replace('_', ' ')}; this is not possible now`,
          },
      { details: { reason: result.reason, status } },
    );
  }
  if (!result.changed) return row;
  const next = result.state;
  const patch: Partial<ProposalRow> = {
    status: next.status,
    outcome: next.outcome,
    updatedAt: options.at,
  };
  if (command.type === 'open') patch.openedAt = options.at;
  if (command.type === 'withdraw') patch.withdrawnReason = options.reason ?? null;
  if (command.type === 'decide' && options.decision) {
    patch.decidedAt = options.at;
    patch.decisionSource = options.decision.source;
    patch.decisionCertification = options.decision.certification;
    patch.ballotId = options.decision.ballotId ?? row.ballotId;
    patch.matterId = options.decision.matterId ?? row.matterId;
    patch.meetingId = options.decision.meetingId ?? row.meetingId;
  }
  const [updated] = await tx
    .update(proposals)
    .set(patch)
    .where(eq(proposals.id, row.id))
    .returning();
  const eventDeps = { now: () => options.at, newId: deps.newId };
  if (next.status !== row.status) {
    await enqueue(
      tx,
      proposalStatusChanged,
      {
        communityId: row.communityId,
        aggregateId: row.id,
        payload: {
          proposalId: row.id,
          from: row.status as ProposalStatus,
          to: next.status,
          cause: options.cause,
          reason: options.reason ?? null,
          at: options.at.toISOString(),
        },
      },
      eventDeps,
    );
  }
  // A ballot's certified result may be certified again until it is published (公示): its
  // decision is announced then, once, by `announceDecision` (src/bus/decisions.ts).
  if (command.type === 'decide' && updated && options.decision?.source !== 'ballot') {
    await announceDecision(tx, deps, updated, options.at);
  }
  return updated ?? null;
}

/** Writes `proposals.proposal.decided` for a proposal's decision as it stands in `row`. */
export async function announceDecision(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  row: ProposalRow,
  at: Date,
) {
  if (row.outcome === null) return;
  await enqueue(
    tx,
    proposalDecided,
    {
      communityId: row.communityId,
      aggregateId: row.id,
      payload: {
        proposalId: row.id,
        title: row.title,
        outcome: row.outcome,
        source: row.decisionSource ?? 'minutes',
        ballotId: row.ballotId,
        matterId: row.matterId,
        meetingId: row.meetingId,
        decidedAt: (row.decidedAt ?? at).toISOString(),
      },
    },
    { now: () => at, newId: deps.newId },
  );
}
