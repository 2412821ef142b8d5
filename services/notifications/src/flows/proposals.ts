import type { EventOf, proposalDecided, proposalThresholdReached } from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { assertRosterKnown, communityHolders, holdersOfKeys } from './community-holders.ts';
import { communityName } from './community-name.ts';
import { planDeliveries } from './plan.ts';
import { planStaffAlert } from './staff-alerts.ts';
import { watchesEstate } from './staff-recipients.ts';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/** The web's public page of a proposal. */
export const proposalPageOf = (webBaseUrl: string, proposalId: string) =>
  `${webBaseUrl.replace(/\/$/, '')}/p/${proposalId}`;

/**
 * A proposal reached its co-signing threshold (published once per proposal). The committee and
 * the Party secretary are told the committee must call an extraordinary owners' assembly (a
 * staff member nothing reaches is listed `unreachable`); the author and the co-signers that
 * carried it there are told on their channel and in their inbox (no printed letter: their page
 * shows it). Individual co-signatures send nothing to anyone: progress is on the proposal's page.
 */
export async function announceThreshold(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: EventOf<typeof proposalThresholdReached>,
): Promise<void> {
  const p = event.payload;
  await assertRosterKnown(tx, event.communityId);
  const community = await communityName(tx, event.communityId);
  const params = {
    ...(community ? { community } : {}),
    title: p.title,
    cosignCount: String(p.cosignCount),
    cosignRequired: String(p.cosignRequired),
    cosignBase: String(p.cosignBase),
    pageLink: proposalPageOf(deps.config.webBaseUrl, p.proposalId),
  };
  await planStaffAlert(tx, deps, {
    sourceId: event.id,
    communityId: event.communityId,
    ballotId: null,
    proposalId: p.proposalId,
    kind: 'proposal_threshold_staff',
    paramsFor: (s) => (watchesEstate(s) ? params : null),
  });
  const keys = [...(p.authorHolderKey ? [p.authorHolderKey] : []), ...(p.cosignerKeys ?? [])];
  await planDeliveries(
    tx,
    deps,
    {
      sourceId: event.id,
      communityId: event.communityId,
      ballotId: null,
      proposalId: p.proposalId,
      kind: 'proposal_threshold_owners',
      urgent: false,
      to: 'members',
      letters: false,
      params: () => params,
    },
    await holdersOfKeys(tx, event.communityId, keys),
  );
}

/**
 * A proposal was decided (已形成决定 / 未形成决定): every owner of the community is told, on
 * their channel and in their inbox. No printed letter: the decision is posted with the meeting's
 * minutes or the ballot's published result, which the owners without a channel get on paper.
 */
export async function announceDecision(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: EventOf<typeof proposalDecided>,
): Promise<void> {
  const p = event.payload;
  const community = await communityName(tx, event.communityId);
  await planDeliveries(
    tx,
    deps,
    {
      sourceId: event.id,
      communityId: event.communityId,
      ballotId: p.ballotId,
      meetingId: p.meetingId,
      proposalId: p.proposalId,
      kind: 'proposal_decided',
      urgent: false,
      to: 'members',
      letters: false,
      params: () => ({
        ...(community ? { community } : {}),
        title: p.title,
        outcome: p.outcome,
        source: p.source,
        pageLink: proposalPageOf(deps.config.webBaseUrl, p.proposalId),
      }),
    },
    await communityHolders(tx, event.communityId),
  );
}
