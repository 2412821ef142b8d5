import { enqueue } from '@yishi/bus';
import { type ProposalStatus, proposalThresholdReached } from '@yishi/contracts';
import { alreadyExists, forbidden, preconditionFailed } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { cosignatures, proposals } from '../db/schema/index.ts';
import { acceptsCosignatures } from '../domain/lifecycle.ts';
import type { Caller } from './caller.ts';
import { applyCommand, lockProposal } from './transition.ts';
import { type ProposalView, toView } from './views.ts';

/**
 * An owner co-signs (附议) a proposal: one per owner key. The proposal row is locked for the
 * transaction, so concurrent co-signs are counted one after the other: the count is exact, and
 * exactly one of them crosses the threshold and publishes `threshold_reached` (once, ever: the
 * transition happens only from `open`). A second co-sign of the same key is `already_exists`.
 */
export async function cosign(
  deps: Deps,
  input: { caller: Caller; communityId: string; proposalId: string },
): Promise<ProposalView> {
  const { caller } = input;
  if (caller.kind !== 'owner') {
    throw forbidden({ zh: '只有业主可以附议', en: 'Only owners can co-sign' });
  }
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const row = await lockProposal(tx, input.communityId, input.proposalId);
    if (!acceptsCosignatures(row.status as ProposalStatus)) {
      throw preconditionFailed(
        { zh: '该议题现在不接受附议', en: 'This proposal does not take co-signatures now' },
        { details: { reason: 'not_open', status: row.status } },
      );
    }
    const inserted = await tx
      .insert(cosignatures)
      .values({ proposalId: row.id, holderKey: caller.holderKey, createdAt: at })
      .onConflictDoNothing()
      .returning({ proposalId: cosignatures.proposalId });
    if (inserted.length === 0) {
      throw alreadyExists(
        { zh: '您已附议过该议题', en: 'You already co-signed this proposal' },
        { details: { reason: 'already_cosigned' } },
      );
    }
    const count = row.cosignCount + 1;
    const [counted] = await tx
      .update(proposals)
      .set({ cosignCount: count, updatedAt: at })
      .where(eq(proposals.id, row.id))
      .returning();
    const required = row.cosignRequired ?? 1;
    if (count < required || row.thresholdReachedAt !== null) return counted!;
    await tx.update(proposals).set({ thresholdReachedAt: at }).where(eq(proposals.id, row.id));
    // Who carried it there, so notifications can tell them (owner keys, never names).
    const cosigners = await tx
      .select({ holderKey: cosignatures.holderKey })
      .from(cosignatures)
      .where(eq(cosignatures.proposalId, row.id));
    const moved = await applyCommand(
      tx,
      deps,
      { ...counted!, thresholdReachedAt: null },
      { type: 'reach_threshold' },
      { at, cause: 'owner', refusal: 'ignore' },
    );
    await enqueue(
      tx,
      proposalThresholdReached,
      {
        communityId: row.communityId,
        aggregateId: row.id,
        payload: {
          proposalId: row.id,
          title: row.title,
          cosignCount: count,
          cosignRequired: required,
          cosignBase: row.cosignBase ?? 0,
          reachedAt: at.toISOString(),
          cosignerKeys: cosigners.map((c) => c.holderKey),
          authorHolderKey: row.authorHolderKey,
        },
      },
      { now: () => at, newId: deps.newId },
    );
    return { ...(moved ?? counted!), thresholdReachedAt: at };
  });
  deps.wakeRelay();
  return toView(row, caller, { cosigned: true });
}

/** Whether an owner key co-signed a proposal. */
export async function hasCosigned(deps: Pick<Deps, 'db'>, proposalId: string, holderKey: string) {
  const [row] = await deps.db
    .select({ p: cosignatures.proposalId })
    .from(cosignatures)
    .where(and(eq(cosignatures.proposalId, proposalId), eq(cosignatures.holderKey, holderKey)));
  return row !== undefined;
}
