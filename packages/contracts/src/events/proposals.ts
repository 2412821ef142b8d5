import { z } from 'zod';
import { defineEvent } from '../define-event.ts';

const instant = z.iso.datetime();
const matterItem = z.number().int().min(1).max(9);

/**
 * Where a proposal is in its life: 草稿 draft, 征集附议 open, 附议达标 threshold_reached, 已列入议程
 * on_agenda, 表决中 in_ballot, 已决 decided (with an outcome: 已形成决定 / 未形成决定), 实施中
 * being_implemented, 已完成 done, 已撤回 withdrawn.
 */
export const proposalStatusSchema = z.enum([
  'draft',
  'open',
  'threshold_reached',
  'on_agenda',
  'in_ballot',
  'decided',
  'being_implemented',
  'done',
  'withdrawn',
]);
export type ProposalStatus = z.output<typeof proposalStatusSchema>;

/** What a proposal is about, for filtering and the notices. */
export const proposalCategorySchema = z.enum([
  'maintenance',
  'renovation',
  'environment',
  'safety',
  'parking',
  'property_management',
  'funds',
  'rules',
  'community_life',
  'other',
]);
export type ProposalCategory = z.output<typeof proposalCategorySchema>;

/** Who submitted: an owner key (through the owner page link) or a staff member. No names. */
const authorKind = z.enum(['owner', 'staff']);

export const proposalSubmitted = defineEvent({
  type: 'proposals.proposal.submitted',
  version: 1,
  description: 'A proposal was opened for co-signing (附议).',
  payload: z.object({
    proposalId: z.uuid(),
    title: z.string(),
    category: proposalCategorySchema,
    /** The item of Civil Code Art. 278 it would need, if the author named one. */
    item: matterItem.nullable(),
    authorKind,
    openedAt: instant,
    /** Owner keys in the community when it opened, and how many co-signatures it needs. */
    cosignBase: z.number().int().min(0),
    cosignRequired: z.number().int().min(1),
  }),
});

/**
 * A proposal reached its co-signing threshold (by default 20% of the owner keys, the share that
 * obliges the committee to call an extraordinary owners' assembly). Published once per proposal.
 */
export const proposalThresholdReached = defineEvent({
  type: 'proposals.proposal.threshold_reached',
  version: 1,
  description: 'A proposal reached its co-signing threshold (published once).',
  payload: z.object({
    proposalId: z.uuid(),
    title: z.string(),
    cosignCount: z.number().int().min(1),
    cosignRequired: z.number().int().min(1),
    cosignBase: z.number().int().min(0),
    reachedAt: instant,
    /**
     * The owner keys that co-signed up to the threshold, and the author's owner key (null for a
     * staff author), so notifications can tell them. Owner keys only, never names.
     */
    cosignerKeys: z.array(z.string().min(1)).optional(),
    authorHolderKey: z.string().min(1).nullable().optional(),
  }),
});

export const proposalStatusChanged = defineEvent({
  type: 'proposals.proposal.status_changed',
  version: 1,
  description: 'A proposal moved from one status to another.',
  payload: z.object({
    proposalId: z.uuid(),
    from: proposalStatusSchema,
    to: proposalStatusSchema,
    /** What moved it: an owner, staff, or an event of meetings or ballots. */
    cause: z.enum(['owner', 'staff', 'meetings', 'ballots']),
    reason: z.string().nullable(),
    at: instant,
  }),
});

/**
 * A proposal got its final decision, published once per proposal: from a meeting's minutes at
 * once; from a ballot when its result is published (公示), with the outcome of the certification
 * published (a re-certification before that changes the proposal's status, not this event).
 */
export const proposalDecided = defineEvent({
  type: 'proposals.proposal.decided',
  version: 1,
  description: 'A proposal was decided (已形成决定 / 未形成决定).',
  payload: z.object({
    proposalId: z.uuid(),
    title: z.string(),
    outcome: z.enum(['decided', 'not_decided']),
    source: z.enum(['ballot', 'minutes']),
    ballotId: z.uuid().nullable(),
    matterId: z.uuid().nullable(),
    meetingId: z.uuid().nullable(),
    decidedAt: instant,
  }),
});

export const commentHidden = defineEvent({
  type: 'proposals.comment.hidden',
  version: 1,
  description: 'A moderator hid a comment, with a recorded reason (it is never deleted).',
  payload: z.object({
    proposalId: z.uuid(),
    commentId: z.uuid(),
    reason: z.string(),
    hiddenAt: instant,
  }),
});

export const implementationUpdatePublished = defineEvent({
  type: 'proposals.implementation.update_published',
  version: 1,
  description: 'The committee published an implementation update (text and photos).',
  payload: z.object({
    proposalId: z.uuid(),
    updateId: z.uuid(),
    photoCount: z.number().int().min(0),
    publishedAt: instant,
  }),
});

/** One entry of a decided proposal's fund ledger, published to owners (定期公示费用支出). */
export const ledgerEntryRecorded = defineEvent({
  type: 'proposals.ledger.entry_recorded',
  version: 1,
  description: 'A contribution or expenditure was recorded in a proposal’s fund ledger.',
  payload: z.object({
    proposalId: z.uuid(),
    entryId: z.uuid(),
    kind: z.enum(['contribution', 'expenditure']),
    /** Integer fen (分), never a float. */
    amountFen: z.number().int().min(1),
    /** The calendar day in Asia/Shanghai. */
    occurredOn: z.iso.date(),
    /** The ledger's balance in fen after this entry. */
    balanceFen: z.number().int(),
  }),
});

const claimantKind = z.enum(['volunteer', 'party_member', 'partner_unit']);

export const wishSubmitted = defineEvent({
  type: 'proposals.wish.submitted',
  version: 1,
  description: 'A resident posted a micro-wish (微心愿) on the wall.',
  payload: z.object({ wishId: z.uuid(), title: z.string(), submittedAt: instant }),
});

export const wishClaimed = defineEvent({
  type: 'proposals.wish.claimed',
  version: 1,
  description: 'A volunteer, Party member or partner unit claimed a micro-wish.',
  payload: z.object({ wishId: z.uuid(), claimantKind, claimedAt: instant }),
});

export const wishFulfilled = defineEvent({
  type: 'proposals.wish.fulfilled',
  version: 1,
  description: 'A claimed micro-wish was marked done.',
  payload: z.object({ wishId: z.uuid(), claimantKind, fulfilledAt: instant }),
});

/** Every event the proposals service publishes. */
export const proposalsEvents = [
  proposalSubmitted,
  proposalThresholdReached,
  proposalStatusChanged,
  proposalDecided,
  commentHidden,
  implementationUpdatePublished,
  ledgerEntryRecorded,
  wishSubmitted,
  wishClaimed,
  wishFulfilled,
] as const;
