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
    'The result of a closed ballot was computed by tally and stored; one entry per matter. Certified again (a higher `certification`) when a paper ballot collected before the close, a resolved conflict or served notices change it before publication.',
  payload: z.object({
    ballotId: z.uuid(),
    snapshotHash: z.string(),
    voteDigest: z.string(),
    /** 1 at the close, then one more per re-certification; publication uses the latest. */
    certification: z.number().int().min(1).optional(),
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

/** The most owners one `ballots.vote.cast.v2` carries; a larger group is split. */
export const maxVotesPerEvent = 500;

/** One owner's ballot as `ballots.vote.cast` announces it (v2: one per owner in `votes`). */
export const castBallot = z.object({
  holderKey: z.string().min(1),
  matterIds: z.array(z.uuid()).min(1),
  channel,
  changed: z.boolean(),
});

/**
 * Owners' ballots were recorded (web link, paper or proxy): every ballot of one ballot written by
 * one transaction, at most {@link maxVotesPerEvent}. Web votes are written in groups (group
 * commit, docs/ballots.md), so one event stands for a few dozen owners at busy times, and the
 * relay, JetStream and consumers handle one message where version 1 took one per owner. Carries
 * no choice and no personal data: holder keys are made of directory ids only.
 */
export const voteCast = defineEvent({
  type: 'ballots.vote.cast',
  version: 2,
  description:
    'Owners cast (or, where allowed, changed) their ballots on some matters, recorded together.',
  payload: z.object({
    ballotId: z.uuid(),
    votes: z.array(castBallot).min(1).max(maxVotesPerEvent),
  }),
});

/**
 * Version 1: one owner's ballot per event. No longer published; still read, so that consumers
 * upgraded while such events wait in the stream handle them.
 */
export const voteCastV1 = defineEvent({
  type: 'ballots.vote.cast',
  version: 1,
  description: 'An owner cast (or, where allowed, changed) their ballot on some matters.',
  payload: castBallot.extend({ ballotId: z.uuid() }),
});

/**
 * A voting credential was issued to an owner key: one event per owner key when the ballot opens,
 * and one more each time a link is re-issued (the newer replaces the older).
 *
 * `linkUrl` is a bearer secret (`${PUBLIC_BASE_URL}/v/<token>`): whoever holds it can vote for
 * the owner key. Only the notifications service may store it (to send it and to key the owner's
 * inbox); every other consumer must ignore the field and never log it.
 */
export const credentialIssued = defineEvent({
  type: 'ballots.credential.issued',
  version: 1,
  description: 'A personal voting link was issued to an owner key (at opening or re-issued).',
  payload: z.object({
    ballotId: z.uuid(),
    communityId: z.uuid(),
    /** The owner key of RULES.md: member owner ids, sorted, joined by "&". */
    holderKey: z.string().min(1),
    voterId: z.uuid(),
    memberIds: z.array(z.uuid()).min(1),
    /** Bearer secret: see above. */
    linkUrl: z.url(),
    opensAt: instant,
    closesAt: instant,
  }),
});

const figures = z.object({ area: z.string(), headcount: z.number().int().min(0) });

/**
 * The participation quorum of a matter (two thirds of the area and of the owners, Civil Code
 * Art. 278) was reached for the first time while voting. Published once per ballot and matter,
 * through the outbox, so notifications can alert the Party secretary and the committee; it is not
 * the result: approval is decided only at the close.
 */
export const quorumReached = defineEvent({
  type: 'ballots.quorum.reached',
  version: 1,
  description: 'A matter of an open ballot reached its participation quorum for the first time.',
  payload: z.object({
    ballotId: z.uuid(),
    matterId: z.uuid(),
    item: z.number().int().min(1).max(9),
    reachedAt: instant,
    total: figures,
    participating: figures,
  }),
});

/** The core NATS subject of a ballot's progress events: `ballots.progress.<ballotId>`. */
export const progressSubject = (ballotId: string) => `ballots.progress.${ballotId}`;

/**
 * Headline progress of an open ballot, for live dashboards. Published on core NATS at
 * {@link progressSubject} (not at `subject`, and not through the outbox): it is derived from the
 * stored votes, superseded by the next one within a second, and a lost one costs nothing, so it
 * needs neither persistence nor de-duplication. Throttled to at most one per second per ballot
 * by each ballots replica. Three tokens, so the BALLOTS stream (`ballots.*.*.*`) does not store it.
 */
export const progressUpdated = defineEvent({
  type: 'ballots.progress.updated',
  version: 1,
  description: 'Live participation and approval figures of an open ballot (core NATS only).',
  payload: z.object({
    ballotId: z.uuid(),
    computedAt: instant,
    matters: z.array(
      z.object({
        matterId: z.uuid(),
        item: z.number().int().min(1).max(9),
        threshold: z.enum(['majority', 'three_quarters']),
        total: figures,
        participating: figures,
        /** Null on a secret ballot while voting runs. */
        agree: figures.nullable(),
        quorumMet: z.boolean(),
        approvalMet: z.boolean().nullable(),
        /** What is still needed to reach two thirds (tally's quorum.shortfall). */
        shortfall: figures,
      }),
    ),
  }),
});

/** Participation of one group of owners (the estate or one building) against two thirds. */
const participation = z.object({
  total: figures,
  participating: figures,
  /** What is still needed to reach two thirds; zero when met. */
  shortfall: figures,
  quorumMet: z.boolean(),
});

/** One matter's participation, for the estate and per building (furthest from two thirds first). */
const matterParticipation = participation.extend({
  matterId: z.uuid(),
  item: z.number().int().min(1).max(9),
  buildings: z.array(participation.extend({ buildingId: z.uuid(), building: z.string() })),
});

/**
 * The close is near (by default 24 hours or less before `closesAt`) and some matter's
 * participation quorum (Civil Code Art. 278: two thirds of the area and of the owners) is still
 * short. Published at most once per ballot and close time, through the outbox, with a
 * deterministic id (an extension to a new close may raise it again). Carries participation only,
 * never how anyone voted, so it is safe on a secret ballot.
 */
export const quorumAtRisk = defineEvent({
  type: 'ballots.quorum.at_risk',
  version: 1,
  description: "An open ballot's close is near and its participation quorum is still short.",
  payload: z.object({
    ballotId: z.uuid(),
    closesAt: instant,
    computedAt: instant,
    /** Every matter, reached or not. */
    matters: z.array(matterParticipation).min(1),
  }),
});

/**
 * The daily participation summary of an open ballot, per building: at most one per ballot and
 * Asia/Shanghai calendar day (`day`, `YYYY-MM-DD`), through the outbox, with a deterministic id,
 * so the Party secretary and grid workers know where to knock. Participation only.
 */
export const progressSummarized = defineEvent({
  type: 'ballots.progress.summarized',
  version: 1,
  description: 'Daily per-building participation of an open ballot.',
  payload: z.object({
    ballotId: z.uuid(),
    day: z.iso.date(),
    closesAt: instant,
    computedAt: instant,
    matters: z.array(matterParticipation).min(1),
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
  voteCastV1,
  credentialIssued,
  quorumReached,
  quorumAtRisk,
  progressSummarized,
] as const;
