import type { DecisionOutcome, MeetingForm, MeetingKind } from '@yishi/contracts';
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CountedFigures } from '../../domain/figures.ts';
import type { MeetingStatus } from '../../domain/lifecycle.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A meeting and its lifecycle (src/domain/lifecycle.ts): draft → notice_published → held →
 * minutes_published, or cancelled with a reason.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    kind: text('kind').$type<MeetingKind>().notNull(),
    form: text('form').$type<MeetingForm>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    place: text('place').notNull(),
    organiser: text('organiser').notNull(),
    status: text('status').$type<MeetingStatus>().notNull(),
    noticePublishedAt: instant('notice_published_at'),
    heldAt: instant('held_at'),
    minutesText: text('minutes_text'),
    minutesPublishedAt: instant('minutes_published_at'),
    cancelledAt: instant('cancelled_at'),
    cancelReason: text('cancel_reason'),
    /** The code of the QR shown at the door; set when the notice is published. */
    checkInCode: text('check_in_code'),
    /** For an assembly in writing: its ballot in the ballots service (fixed id, see domain/ids). */
    ballotId: uuid('ballot_id'),
    ballotResultPublishedFrom: instant('ballot_result_published_from'),
    ballotResultPublishedUntil: instant('ballot_result_published_until'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('meetings_community_idx').on(t.communityId, t.startsAt, t.id),
    uniqueIndex('meetings_ballot_key').on(t.ballotId).where(sql`ballot_id is not null`),
  ],
);

/** The agenda (议题) of a meeting and, once decided, each item's decision. */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    proposalId: uuid('proposal_id'),
    /** The item of Civil Code Art. 278 for an item that asks owners for a decision. */
    item: integer('item'),
    /** Its matter in the meeting's ballot (assembly in writing). */
    matterId: uuid('matter_id'),
    outcome: text('outcome').$type<DecisionOutcome>(),
    decisionSource: text('decision_source', { enum: ['ballot', 'minutes'] }),
    /**
     * For a decision from the ballot: the certification of the result it follows. A later one
     * (a paper ballot collected before the close, a resolved conflict, served notices) replaces
     * it until the result is published; an older one arriving late never does.
     */
    decisionCertification: integer('decision_certification'),
    decisionText: text('decision_text'),
    figures: jsonb('figures').$type<CountedFigures>(),
    decidedAt: instant('decided_at'),
  },
  (t) => [
    unique('agenda_items_position_key').on(t.meetingId, t.position),
    index('agenda_items_proposal_idx').on(t.proposalId),
  ],
);

export interface AttendedUnit {
  unitId: string;
  building: string;
  entrance: string;
  room: string;
  area: string;
}

/**
 * Who attended: one row per owner key and meeting (a second sign-in is the same row), with the
 * units and areas the key held when it signed in.
 */
export const attendance = pgTable(
  'attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    holderKey: text('holder_key').notNull(),
    method: text('method', { enum: ['qr', 'owner_link', 'staff'] }).notNull(),
    /** The written authorisation (委托书) of a proxy, when a proxy attended. */
    proxyReference: text('proxy_reference'),
    units: jsonb('units').$type<AttendedUnit[]>().notNull(),
    area: text('area').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.holderKey] })],
);
