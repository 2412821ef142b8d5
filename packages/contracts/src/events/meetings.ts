import { z } from 'zod';
import { defineEvent } from '../define-event.ts';

const instant = z.iso.datetime();
const matterItem = z.number().int().min(1).max(9);

/** 业主大会 / 业委会会议 / 议事会 (板凳议事). */
export const meetingKindSchema = z.enum(['owners_assembly', 'committee', 'deliberation']);
export type MeetingKind = z.output<typeof meetingKindSchema>;

/** How a meeting is held; an owners' assembly in writing (书面征求意见) is decided by a ballot. */
export const meetingFormSchema = z.enum(['in_person', 'in_writing']);
export type MeetingForm = z.output<typeof meetingFormSchema>;

/** 已形成决定 / 未形成决定 (RULES.md §2: a failed matter is "no decision", never "rejected"). */
export const decisionOutcomeSchema = z.enum(['decided', 'not_decided']);
export type DecisionOutcome = z.output<typeof decisionOutcomeSchema>;

/** One agenda item as the notice announced it. */
const agendaItemSchema = z.object({
  agendaItemId: z.uuid(),
  position: z.number().int().min(1),
  title: z.string(),
  /** The proposal this item takes up, if any. */
  proposalId: z.uuid().nullable(),
  /** The item of Civil Code Art. 278 when the item asks owners for a decision. */
  item: matterItem.nullable(),
});

/**
 * The notice of a meeting was published with its topics (议题). For an owners' assembly it was
 * published at least 15 full days before `startsAt` (RULES.md §5). Proposals named in `agenda`
 * are now on an agenda; notifications sends the meeting notice.
 */
export const meetingNoticePublished = defineEvent({
  type: 'meetings.meeting.notice_published',
  version: 1,
  description: 'A meeting was announced to owners with its time, place and agenda.',
  payload: z.object({
    meetingId: z.uuid(),
    kind: meetingKindSchema,
    form: meetingFormSchema,
    title: z.string(),
    /** For an assembly in writing: when voting opens. */
    startsAt: instant,
    /** For an assembly in writing: when voting closes. */
    endsAt: instant.nullable(),
    place: z.string(),
    /** Who calls the meeting, as a body (e.g. 业主委员会), never a person's name. */
    organiser: z.string(),
    noticePublishedAt: instant,
    agenda: z.array(agendaItemSchema),
  }),
});

/** The meeting took place (in person) or its written consultation ended. */
export const meetingHeld = defineEvent({
  type: 'meetings.meeting.held',
  version: 1,
  description: 'A meeting was held; its attendance list is final.',
  payload: z.object({
    meetingId: z.uuid(),
    kind: meetingKindSchema,
    heldAt: instant,
    /** Distinct owner keys signed in (in person or by proxy). */
    attendeeCount: z.number().int().min(0),
  }),
});

export const meetingCancelled = defineEvent({
  type: 'meetings.meeting.cancelled',
  version: 1,
  description: 'A meeting was cancelled with a reason; its agenda items are free again.',
  payload: z.object({
    meetingId: z.uuid(),
    kind: meetingKindSchema,
    reason: z.string(),
    /** Whether owners had been notified (then they are told of the cancellation). */
    noticeWasPublished: z.boolean(),
    /** The proposals that were on its agenda. */
    proposalIds: z.array(z.uuid()),
  }),
});

/**
 * An owners' assembly in writing asks the ballots service to draft its ballot. The ids are fixed
 * by meetings (UUID v5 of the meeting id, and of the meeting and agenda item ids), so a
 * redelivered request drafts nothing new and every service knows the ballot and matter ids
 * without asking. The committee then opens the ballot in the ballots service as usual.
 *
 * This is also the map from agenda items (and their proposals) to ballot matters: a proposal
 * whose id appears here is decided by `ballots.result.certified` for `matterId`.
 */
export const assemblyBallotRequested = defineEvent({
  type: 'meetings.assembly.ballot_requested',
  version: 1,
  description: "A written owners' assembly requested its ballot (drafted by the ballots service).",
  payload: z.object({
    meetingId: z.uuid(),
    ballotId: z.uuid(),
    title: z.string().min(1).max(200),
    description: z.string().max(20_000),
    /** When the assembly's notice was published; the ballot keeps it for its 15-day check. */
    noticeGivenAt: instant,
    window: z.object({ opensAt: instant, closesAt: instant }),
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('estate') }),
      z.object({ kind: z.literal('buildings'), buildingIds: z.array(z.uuid()).min(1) }),
    ]),
    /** The staff member who asked, recorded as the ballot's author. */
    requestedBy: z.uuid(),
    matters: z
      .array(
        z.object({
          agendaItemId: z.uuid(),
          matterId: z.uuid(),
          position: z.number().int().min(1),
          item: matterItem,
          title: z.string().min(1).max(200),
          body: z.string().max(20_000),
          proposalId: z.uuid().nullable(),
        }),
      )
      .min(1)
      .max(20),
  }),
});

/**
 * An agenda item was decided: from a ballot's certified result (assembly in writing) or from the
 * minutes (a meeting held in person). `outcome` is 已形成决定 / 未形成决定.
 */
export const agendaItemDecided = defineEvent({
  type: 'meetings.agenda_item.decided',
  version: 1,
  description: 'An agenda item got its decision (已形成决定 / 未形成决定).',
  payload: z.object({
    meetingId: z.uuid(),
    agendaItemId: z.uuid(),
    proposalId: z.uuid().nullable(),
    item: matterItem.nullable(),
    outcome: decisionOutcomeSchema,
    source: z.enum(['ballot', 'minutes']),
    ballotId: z.uuid().nullable(),
    matterId: z.uuid().nullable(),
    decidedAt: instant,
  }),
});

/** The minutes of a meeting, with its decisions, were published to owners. */
export const minutesPublished = defineEvent({
  type: 'meetings.minutes.published',
  version: 1,
  description: 'The minutes and decisions of a meeting were published to owners.',
  payload: z.object({
    meetingId: z.uuid(),
    kind: meetingKindSchema,
    publishedAt: instant,
    decisions: z.array(
      z.object({
        agendaItemId: z.uuid(),
        proposalId: z.uuid().nullable(),
        /** Null for an item that asked for no decision. */
        outcome: decisionOutcomeSchema.nullable(),
      }),
    ),
  }),
});

/** Every event the meetings service publishes. */
export const meetingsEvents = [
  meetingNoticePublished,
  meetingHeld,
  meetingCancelled,
  assemblyBallotRequested,
  agendaItemDecided,
  minutesPublished,
] as const;
