/**
 * The meetings service's HTTP API as the pages use it (docs/meetings.md; `/openapi.json` of the
 * meetings service): the committee's side with the staff member's bearer token, the owner's side
 * with the owner page token of the link `/o/{token}`. Only what the pages read is parsed.
 */
import { z } from 'zod';
import { type ApiResult, caller, pageOf, query } from '../api.ts';
import type { Lang } from '../i18n.ts';

const localized = z.object({ zh: z.string(), en: z.string() });

export const meetingKinds = ['owners_assembly', 'committee', 'deliberation'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export type MeetingForm = 'in_person' | 'in_writing';
export type MeetingStatus = Meeting['status'];

const figuresSchema = z.object({
  totalArea: z.string(),
  totalHeadcount: z.number(),
  participatingArea: z.string(),
  participatingHeadcount: z.number(),
  agreeArea: z.string(),
  agreeHeadcount: z.number(),
  quorumMet: z.boolean(),
  approvalMet: z.boolean(),
  passed: z.boolean(),
});
export type Figures = z.infer<typeof figuresSchema>;

const agendaItemSchema = z.object({
  id: z.string(),
  position: z.number(),
  title: z.string(),
  description: z.string(),
  proposalId: z.string().nullable(),
  item: z.number().nullable(),
  decision: z
    .object({
      outcome: z.enum(['decided', 'not_decided']).nullable(),
      label: localized.nullable(),
      source: z.enum(['ballot', 'minutes']),
      text: z.string(),
      figures: figuresSchema.nullable(),
      decidedAt: z.string(),
    })
    .nullable(),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const meetingSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  kind: z.enum(meetingKinds),
  form: z.enum(['in_person', 'in_writing']),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string(),
  organiser: z.string(),
  status: z.enum(['draft', 'notice_published', 'held', 'minutes_published', 'cancelled']),
  noticePublishedAt: z.string().nullable(),
  heldAt: z.string().nullable(),
  minutes: z.string().nullable(),
  minutesPublishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  ballotId: z.string().nullable(),
  ballotResultPublished: z.object({ from: z.string(), until: z.string() }).nullable(),
  agenda: z.array(agendaItemSchema),
});
export type Meeting = z.infer<typeof meetingSchema>;

const ownerMeetingSchema = meetingSchema.extend({ attended: z.boolean() });
export type OwnerMeeting = z.infer<typeof ownerMeetingSchema>;

const unitSchema = z.object({
  building: z.string(),
  entrance: z.string(),
  room: z.string(),
  area: z.string(),
});

export const ownerProfileSchema = z.object({
  communityId: z.string(),
  communityName: z.string().nullable(),
  units: z.array(unitSchema.extend({ kind: z.string() })),
  area: z.string(),
});
export type OwnerProfile = z.infer<typeof ownerProfileSchema>;

const summarySchema = z.object({
  attendees: z.number(),
  proxies: z.number(),
  area: z.string(),
  totals: z.object({ area: z.string(), headcount: z.number() }).nullable(),
});

export const staffAttendanceSchema = z.object({
  summary: summarySchema,
  items: z.array(
    z.object({
      holderKey: z.string(),
      units: z.array(unitSchema),
      area: z.string(),
      method: z.enum(['qr', 'owner_link', 'staff']),
      proxyReference: z.string().nullable(),
      recordedAt: z.string(),
    }),
  ),
});
export type StaffAttendance = z.infer<typeof staffAttendanceSchema>;

export const recordedSchema = z.object({
  units: z.array(unitSchema),
  area: z.string(),
  method: z.enum(['qr', 'owner_link', 'staff']),
  proxy: z.boolean(),
  created: z.boolean(),
  recordedAt: z.string(),
});
export type Recorded = z.infer<typeof recordedSchema>;

/** The public page's meeting: the attendance only as totals (the service's units are not read). */
const publicMeetingSchema = meetingSchema.extend({
  attendance: z.object({ summary: summarySchema }),
});
export type PublicMeeting = z.infer<typeof publicMeetingSchema>;

const posterSchema = z.object({ code: z.string(), url: z.string(), svg: z.string() });
export type Poster = z.infer<typeof posterSchema>;

/** What drafting sends; the meetings service validates it and fills in the defaults. */
export interface MeetingInput {
  kind: MeetingKind;
  form: MeetingForm;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string | null;
  place: string;
  organiser: string;
  agenda: { title: string; description: string; proposalId?: string; item?: number }[];
}

export interface MinutesInput {
  text: string;
  decisions: {
    agendaItemId: string;
    text: string;
    outcome?: 'decided' | 'not_decided';
    figures?: {
      participatingArea: string;
      participatingHeadcount: number;
      agreeArea: string;
      agreeHeadcount: number;
    };
  }[];
}

export type AttendanceInput = (
  | { unit: { building: string; entrance: string; room: string } }
  | { ownerToken: string }
) & { proxyReference?: string };

export interface MeetingsClient {
  list(
    token: string,
    communityId: string,
    cursor?: string,
  ): Promise<ApiResult<{ items: Meeting[]; nextCursor: string | null }>>;
  get(token: string, communityId: string, meetingId: string): Promise<ApiResult<Meeting>>;
  create(
    token: string,
    communityId: string,
    input: MeetingInput,
    lang: Lang,
  ): Promise<ApiResult<Meeting>>;
  /** `notice`, `hold` or `minutes/publish`. */
  command(
    token: string,
    communityId: string,
    meetingId: string,
    verb: 'notice' | 'hold' | 'minutes/publish',
    lang: Lang,
  ): Promise<ApiResult<Meeting>>;
  cancel(
    token: string,
    communityId: string,
    meetingId: string,
    reason: string,
    lang: Lang,
  ): Promise<ApiResult<Meeting>>;
  writeMinutes(
    token: string,
    communityId: string,
    meetingId: string,
    input: MinutesInput,
    lang: Lang,
  ): Promise<ApiResult<Meeting>>;
  attendance(
    token: string,
    communityId: string,
    meetingId: string,
  ): Promise<ApiResult<StaffAttendance>>;
  recordAttendance(
    token: string,
    communityId: string,
    meetingId: string,
    input: AttendanceInput,
    lang: Lang,
  ): Promise<ApiResult<Recorded>>;
  poster(token: string, communityId: string, meetingId: string): Promise<ApiResult<Poster>>;

  /** The owner's community and units (`GET /owner/me`). */
  ownerProfile(ownerToken: string, lang: Lang): Promise<ApiResult<OwnerProfile>>;
  ownerMeetings(
    ownerToken: string,
    lang: Lang,
    options?: { cursor?: string | undefined; limit?: number },
  ): Promise<ApiResult<{ items: Meeting[]; nextCursor: string | null }>>;
  ownerMeeting(ownerToken: string, meetingId: string, lang: Lang): Promise<ApiResult<OwnerMeeting>>;
  ownerCheckIn(
    ownerToken: string,
    meetingId: string,
    code: string,
    lang: Lang,
  ): Promise<ApiResult<Recorded>>;

  /** A meeting as anyone may read it (`GET /public/meetings/{id}`, no token; drafts are 404). */
  publicMeeting(meetingId: string, lang: Lang): Promise<ApiResult<PublicMeeting>>;
}

/** A client of the meetings service at `baseUrl` (`YISHI_MEETINGS_URL`). */
export function meetingsClient(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): MeetingsClient {
  const call = caller(options);
  const m = (communityId: string, meetingId?: string) =>
    `/communities/${encodeURIComponent(communityId)}/meetings${meetingId ? `/${encodeURIComponent(meetingId)}` : ''}`;
  return {
    list: (token, communityId, cursor) =>
      call.json(`${m(communityId)}${query({ cursor, limit: 50 })}`, pageOf(meetingSchema), {
        token,
      }),
    get: (token, communityId, meetingId) =>
      call.json(m(communityId, meetingId), meetingSchema, { token }),
    create: (token, communityId, input, lang) =>
      call.json(m(communityId), meetingSchema, { token, json: input, lang }),
    command: (token, communityId, meetingId, verb, lang) =>
      call.json(`${m(communityId, meetingId)}/${verb}`, meetingSchema, {
        token,
        method: 'POST',
        lang,
      }),
    cancel: (token, communityId, meetingId, reason, lang) =>
      call.json(`${m(communityId, meetingId)}/cancel`, meetingSchema, {
        token,
        json: { reason },
        lang,
      }),
    writeMinutes: (token, communityId, meetingId, input, lang) =>
      call.json(`${m(communityId, meetingId)}/minutes`, meetingSchema, {
        token,
        method: 'PUT',
        json: input,
        lang,
      }),
    attendance: (token, communityId, meetingId) =>
      call.json(`${m(communityId, meetingId)}/attendance`, staffAttendanceSchema, { token }),
    recordAttendance: (token, communityId, meetingId, input, lang) =>
      call.json(`${m(communityId, meetingId)}/attendance`, recordedSchema, {
        token,
        json: input,
        lang,
      }),
    poster: (token, communityId, meetingId) =>
      call.json(`${m(communityId, meetingId)}/check-in`, posterSchema, { token }),

    ownerProfile: (ownerToken, lang) =>
      call.json('/owner/me', ownerProfileSchema, { token: ownerToken, lang }),
    ownerMeetings: (ownerToken, lang, o = {}) =>
      call.json(
        `/owner/meetings${query({ cursor: o.cursor, limit: o.limit ?? 20 })}`,
        pageOf(meetingSchema),
        { token: ownerToken, lang },
      ),
    ownerMeeting: (ownerToken, meetingId, lang) =>
      call.json(`/owner/meetings/${encodeURIComponent(meetingId)}`, ownerMeetingSchema, {
        token: ownerToken,
        lang,
      }),
    ownerCheckIn: (ownerToken, meetingId, code, lang) =>
      call.json(`/owner/meetings/${encodeURIComponent(meetingId)}/check-in`, recordedSchema, {
        token: ownerToken,
        json: { code },
        lang,
      }),
    publicMeeting: (meetingId, lang) =>
      call.json(`/public/meetings/${encodeURIComponent(meetingId)}`, publicMeetingSchema, { lang }),
  };
}
