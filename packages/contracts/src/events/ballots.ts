import { z } from 'zod';
import { defineEvent } from '../define-event.ts';

const instant = z.iso.datetime();
const channel = z.enum(['web', 'paper', 'proxy']);

export const ballotOpened = defineEvent({
  type: 'ballots.ballot.opened',
  version: 1,
  description:
    'The committee opened a ballot: its electorate is snapshotted and credentials issued.',
  payload: z.object({
    ballotId: z.uuid(),
    matterIds: z.array(z.uuid()).min(1),
    opensAt: instant,
    closesAt: instant,
    /** SHA-256 (hex) of the electorate snapshot's canonical form. */
    snapshotHash: z.string().regex(/^[0-9a-f]{64}$/),
    totalArea: z.string(),
    totalHeadcount: z.number().int().min(0),
  }),
});

export const ballotExtended = defineEvent({
  type: 'ballots.ballot.extended',
  version: 1,
  description: 'Voting was extended (延期) to a later close, with a reason.',
  payload: z.object({
    ballotId: z.uuid(),
    previousClosesAt: instant,
    closesAt: instant,
    reason: z.string(),
  }),
});

export const ballotClosed = defineEvent({
  type: 'ballots.ballot.closed',
  version: 1,
  description: 'Voting ended; no more ballots are accepted. The result is certified with it.',
  payload: z.object({
    ballotId: z.uuid(),
    closedAt: instant,
    /** SHA-256 (hex) over every counted ballot; see the ballots service's vote digest. */
    voteDigest: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

export const ballotCancelled = defineEvent({
  type: 'ballots.ballot.cancelled',
  version: 1,
  description: 'The committee cancelled a ballot before voting ended, with a reason.',
  payload: z.object({ ballotId: z.uuid(), reason: z.string() }),
});

export const resultCertified = defineEvent({
  type: 'ballots.result.certified',
  version: 1,
  description:
    'The result of a closed ballot was computed by tally and stored; one entry per matter.',
  payload: z.object({
    ballotId: z.uuid(),
    snapshotHash: z.string(),
    voteDigest: z.string(),
    matters: z.array(
      z.object({
        matterId: z.uuid(),
        item: z.number().int().min(1).max(9),
        passed: z.boolean(),
        quorumMet: z.boolean(),
        approvalMet: z.boolean(),
      }),
    ),
  }),
});

export const resultPublished = defineEvent({
  type: 'ballots.result.published',
  version: 1,
  description: 'The result is published (公示) from `from` until `until`.',
  payload: z.object({ ballotId: z.uuid(), from: instant, until: instant }),
});

/**
 * An owner's ballot was recorded (web link, paper or proxy). Carries no choice and no personal
 * data: the holder key is made of directory ids only.
 */
export const voteCast = defineEvent({
  type: 'ballots.vote.cast',
  version: 1,
  description: 'An owner cast (or, where allowed, changed) their ballot on some matters.',
  payload: z.object({
    ballotId: z.uuid(),
    matterIds: z.array(z.uuid()).min(1),
    holderKey: z.string().min(1),
    channel,
    changed: z.boolean(),
  }),
});

/** Every event the ballots service publishes. */
export const ballotsEvents = [
  ballotOpened,
  ballotExtended,
  ballotClosed,
  ballotCancelled,
  resultCertified,
  resultPublished,
  voteCast,
] as const;
