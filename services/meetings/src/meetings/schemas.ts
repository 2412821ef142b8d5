import { decisionOutcomeSchema, meetingFormSchema, meetingKindSchema } from '@yishi/contracts';
import { z } from 'zod';
import { meetingStatuses } from '../domain/lifecycle.ts';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const text = (max: number) => z.string().trim().min(1).max(max);
const area = z
  .string()
  .regex(/^\d+(\.\d{1,2})?$/, 'an area with at most two decimals, e.g. "89.50"');

export const agendaItemInputSchema = z.object({
  title: text(200),
  description: z.string().max(20_000).default(''),
  /** The proposal this item takes up (the proposals service's id). */
  proposalId: z.uuid().optional(),
  /** For an owners' assembly: the item of Civil Code Art. 278 the decision falls under. */
  item: z.number().int().min(1).max(9).optional(),
});
export type AgendaItemInput = z.output<typeof agendaItemInputSchema>;

const agenda = z
  .array(agendaItemInputSchema)
  .max(30)
  .refine(
    (items) => {
      const ids = items.flatMap((i) => (i.proposalId ? [i.proposalId] : []));
      return new Set(ids).size === ids.length;
    },
    { message: 'a proposal is on the agenda twice' },
  );

const meetingFields = {
  kind: meetingKindSchema,
  form: meetingFormSchema,
  title: text(200),
  description: z.string().max(20_000),
  /** When the meeting starts; for an assembly in writing, when voting opens. */
  startsAt: instant,
  /** When it ends; required for an assembly in writing (voting closes). */
  endsAt: instant.nullable(),
  place: text(200),
  /** The body that calls the meeting (业主委员会, 社区党委…), never a person's name. */
  organiser: text(100),
  agenda,
};

export const createMeetingBodySchema = z.object({
  ...meetingFields,
  form: meetingFields.form.default('in_person'),
  description: meetingFields.description.default(''),
  endsAt: meetingFields.endsAt.optional().default(null),
  organiser: meetingFields.organiser.default('业主委员会'),
  agenda: meetingFields.agenda.default([]),
});
export type CreateMeetingInput = z.output<typeof createMeetingBodySchema>;

export const updateMeetingBodySchema = z
  .object(meetingFields)
  .omit({ kind: true })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateMeetingInput = z.output<typeof updateMeetingBodySchema>;

export const cancelBodySchema = z.object({ reason: text(2_000) });

/** Counted figures of an in-person assembly (totals come from the directory). */
export const figuresInputSchema = z.object({
  participatingArea: area,
  participatingHeadcount: z.number().int().min(0),
  agreeArea: area,
  agreeHeadcount: z.number().int().min(0),
});

export const minutesBodySchema = z.object({
  text: z.string().trim().min(1).max(100_000),
  decisions: z
    .array(
      z.object({
        agendaItemId: z.uuid(),
        text: z.string().trim().max(20_000).default(''),
        /** 已形成决定 / 未形成决定; for an in-person assembly it follows the figures. */
        outcome: decisionOutcomeSchema.optional(),
        figures: figuresInputSchema.optional(),
      }),
    )
    .max(30)
    .default([])
    .refine(
      (d) => new Set(d.map((x) => x.agendaItemId)).size === d.length,
      'an agenda item is listed twice',
    ),
});
export type MinutesInput = z.output<typeof minutesBodySchema>;

export const unitRefSchema = z.object({
  building: text(50),
  entrance: z.string().trim().max(50).default('1'),
  room: text(50),
});

export const recordAttendanceBodySchema = z
  .object({
    holderKey: z.string().min(1).max(2_000).optional(),
    unit: unitRefSchema.optional(),
    /** The owner's page token, scanned from the owner's phone. */
    ownerToken: z.string().min(1).max(4_000).optional(),
    /** The reference of the written authorisation (委托书) when a proxy attends. */
    proxyReference: z.string().trim().min(1).max(500).optional(),
  })
  .refine((b) => [b.holderKey, b.unit, b.ownerToken].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of holderKey, unit and ownerToken',
    path: ['holderKey'],
  });
export type RecordAttendanceInput = z.output<typeof recordAttendanceBodySchema>;

export const checkInBodySchema = z.object({ code: z.string().trim().min(4).max(64) });

// Views

const iso = z.iso.datetime();
const figuresViewSchema = z.object({
  totalArea: z.string(),
  totalHeadcount: z.number().int(),
  participatingArea: z.string(),
  participatingHeadcount: z.number().int(),
  agreeArea: z.string(),
  agreeHeadcount: z.number().int(),
  quorumMet: z.boolean(),
  approvalMet: z.boolean(),
  passed: z.boolean(),
});

export const agendaItemViewSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  title: z.string(),
  description: z.string(),
  proposalId: z.uuid().nullable(),
  item: z.number().int().nullable(),
  matterId: z.uuid().nullable(),
  decision: z
    .object({
      outcome: decisionOutcomeSchema.nullable(),
      label: z.object({ zh: z.string(), en: z.string() }).nullable(),
      source: z.enum(['ballot', 'minutes']),
      text: z.string(),
      figures: figuresViewSchema.nullable(),
      decidedAt: iso,
    })
    .nullable(),
});

export const meetingViewSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  kind: meetingKindSchema,
  form: meetingFormSchema,
  title: z.string(),
  description: z.string(),
  startsAt: iso,
  endsAt: iso.nullable(),
  place: z.string(),
  organiser: z.string(),
  status: z.enum(meetingStatuses),
  noticePublishedAt: iso.nullable(),
  heldAt: iso.nullable(),
  minutes: z.string().nullable(),
  minutesPublishedAt: iso.nullable(),
  cancelledAt: iso.nullable(),
  cancelReason: z.string().nullable(),
  ballotId: z.uuid().nullable(),
  ballotResultPublished: z.object({ from: iso, until: iso }).nullable(),
  agenda: z.array(agendaItemViewSchema),
  createdAt: iso,
  updatedAt: iso,
});
export type MeetingView = z.output<typeof meetingViewSchema>;

const attendedUnitSchema = z.object({
  building: z.string(),
  entrance: z.string(),
  room: z.string(),
  area: z.string(),
});

export const attendanceSummarySchema = z.object({
  attendees: z.number().int(),
  proxies: z.number().int(),
  area: z.string(),
  /** The community's owners and area (only for an owners' assembly). */
  totals: z.object({ area: z.string(), headcount: z.number().int() }).nullable(),
});

/** The public attendance list: units and areas only. */
export const publicAttendanceSchema = z.object({
  summary: attendanceSummarySchema,
  items: z.array(
    z.object({ units: z.array(attendedUnitSchema), area: z.string(), proxy: z.boolean() }),
  ),
});

/** The committee's attendance list: owner keys, how each signed in, proxy references. */
export const staffAttendanceSchema = z.object({
  summary: attendanceSummarySchema,
  items: z.array(
    z.object({
      holderKey: z.string(),
      units: z.array(attendedUnitSchema.extend({ unitId: z.uuid() })),
      area: z.string(),
      method: z.enum(['qr', 'owner_link', 'staff']),
      proxyReference: z.string().nullable(),
      recordedAt: iso,
    }),
  ),
});

export const attendanceRecordedSchema = z.object({
  holderKey: z.string(),
  units: z.array(attendedUnitSchema),
  area: z.string(),
  method: z.enum(['qr', 'owner_link', 'staff']),
  proxy: z.boolean(),
  /** False when the owner key had already signed in: the first record stands. */
  created: z.boolean(),
  recordedAt: iso,
});
