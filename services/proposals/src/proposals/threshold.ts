import { countDistinct, eq } from 'drizzle-orm';
import type { ProposalsDb, ProposalsTx } from '../db/database.ts';
import { communitySettings, dirHoldings } from '../db/schema/index.ts';
import { cosignRequired } from '../domain/lifecycle.ts';

/** 20%: the share of owners whose request obliges the committee to call an extraordinary assembly. */
export const defaultThresholdBp = 2_000;

/** The community's co-signing threshold in basis points. */
export async function thresholdBpOf(db: ProposalsDb | ProposalsTx, communityId: string) {
  const [row] = await db
    .select({ bp: communitySettings.cosignThresholdBp })
    .from(communitySettings)
    .where(eq(communitySettings.communityId, communityId));
  return row?.bp ?? defaultThresholdBp;
}

/** The owner keys that hold a unit in the community now, and the co-signatures needed of them. */
export async function thresholdOf(db: ProposalsDb | ProposalsTx, communityId: string) {
  const [[keys], bp] = await Promise.all([
    db
      .select({ n: countDistinct(dirHoldings.holderKey) })
      .from(dirHoldings)
      .where(eq(dirHoldings.communityId, communityId)),
    thresholdBpOf(db, communityId),
  ]);
  const base = Number(keys?.n ?? 0);
  return { base, required: cosignRequired(base, bp), bp };
}
