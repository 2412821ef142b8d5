/**
 * The staff side of the ballots service's HTTP API (docs/ballots.md; `/openapi.json` of the
 * ballots service), for the committee's pages (drafting, the lifecycle, links, paper ballots, the
 * audit check) and the live dashboard (progress, its event stream, owners not voted, visits).
 * Every call carries the staff member's bearer token, which never leaves the web; answers keep the
 * service's error for the page.
 */
import { z } from 'zod';
import { type ApiResult, apiErrorOf, caller, pageOf, query } from './api.ts';
import { checkSchema, figuresSchema } from './ballots-client.ts';
import type { Lang } from './i18n.ts';

const localized = z.object({ zh: z.string(), en: z.string() });

export const staffBallotSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['draft', 'open', 'extended', 'closed', 'published', 'cancelled']),
  matters: z.array(
    z.object({
      id: z.string(),
      position: z.number(),
      item: z.number(),
      title: z.string(),
      body: z.string(),
      label: localized,
      threshold: z.enum(['majority', 'three_quarters']),
      explanation: localized,
      /** The election this candidate stands in (its title the candidate's name); null otherwise. */
      election: z
        .object({
          id: z.string(),
          title: z.string(),
          body: z.string().default(''),
          seats: z.number(),
        })
        .nullable()
        .optional(),
    }),
  ),
  scope: z.union([
    z.object({ kind: z.literal('estate') }),
    z.object({ kind: z.literal('buildings'), buildingIds: z.array(z.string()) }),
  ]),
  window: z.object({
    opensAt: z.string(),
    closesAt: z.string(),
    originalClosesAt: z.string().nullable(),
  }),
  policy: z.object({
    multiUnit: z.enum(['owner_ballot', 'unit_split']),
    invalidParticipates: z.boolean(),
    deemed: z.enum(['none', 'majority']),
  }),
  allowChange: z.boolean(),
  publication: z.enum(['named', 'secret']),
  secondFactor: z.enum(['none', 'phone_last4', 'id_last4']),
  noticeGivenAt: z.string().nullable(),
  rulesOfProcedureClause: z.string().nullable(),
  snapshotHash: z.string().nullable(),
  voteDigest: z.string().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  publishedFrom: z.string().nullable(),
  publishedUntil: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  warnings: z.array(
    z.object({
      code: z.string(),
      message: localized,
      earliestDate: z.string(),
      shortByDays: z.number(),
    }),
  ),
});
export type StaffBallot = z.infer<typeof staffBallotSchema>;

/** A question owners answer agree / oppose / abstain, under its item of Art. 278. */
export interface QuestionInput {
  item: number;
  title: string;
  body: string;
}
/** An election of committee members (item 3): each candidate becomes a question of its own. */
export interface ElectionInput {
  kind: 'election';
  title: string;
  body: string;
  seats: number;
  candidates: { name: string }[];
}

/** What a draft or an edit sends (the ballots service validates and fills in defaults). */
export interface BallotInput {
  title: string;
  description: string;
  matters: (QuestionInput | ElectionInput)[];
  scope: { kind: 'estate' } | { kind: 'buildings'; buildingIds: string[] };
  window: { opensAt: string; closesAt: string };
  policy: {
    multiUnit: 'owner_ballot' | 'unit_split';
    invalidParticipates: boolean;
    deemed: 'none' | 'majority';
  };
  allowChange: boolean;
  publication: 'named' | 'secret';
  secondFactor: 'none' | 'phone_last4' | 'id_last4';
  noticeGivenAt?: string | null;
  rulesOfProcedureClause?: string | null;
}

/** A PDF or image attached to a draft's matter. */
export const staffAttachmentSchema = z.object({
  id: z.string(),
  matterId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type StaffAttachment = z.infer<typeof staffAttachmentSchema>;

export type PaperChoice = 'agree' | 'oppose' | 'abstain' | 'invalid';
export interface PaperVoteInput {
  unit: { building: string; entrance: string; room: string };
  choices: { matterId: string; choice: PaperChoice }[];
  channel: 'paper' | 'proxy';
  reference: string;
  proxyName?: string;
}

const progressFigures = z.object({
  total: figuresSchema,
  participating: figuresSchema,
  /** Null on a secret ballot while voting runs. */
  agree: figuresSchema.nullable(),
  quorum: checkSchema.extend({ shortfall: figuresSchema }),
  approval: checkSchema.nullable(),
});

/** What the ballots service answers at `GET …/progress` (and sends as each `progress` event). */
export const progressSchema = z.object({
  ballotId: z.string(),
  status: z.string(),
  closesAt: z.string(),
  secondsLeft: z.number(),
  computedAt: z.string(),
  matters: z.array(
    progressFigures.extend({
      matterId: z.string(),
      item: z.number(),
      title: z.string(),
      threshold: z.enum(['majority', 'three_quarters']),
      /** Only the caller's buildings, furthest from two thirds first. */
      buildings: z.array(progressFigures.extend({ buildingId: z.string(), building: z.string() })),
    }),
  ),
});
export type Progress = z.infer<typeof progressSchema>;
export type MatterFigures = Progress['matters'][number];
export type BuildingFigures = MatterFigures['buildings'][number];

export const outreachOutcomes = [
  'visited',
  'not_home',
  'refused',
  'will_vote_online',
  'paper_collected',
] as const;
export const outreachOutcomeSchema = z.enum(outreachOutcomes);
export type OutreachOutcome = z.infer<typeof outreachOutcomeSchema>;

export const nonVoterSchema = z.object({
  holderKey: z.string(),
  unitId: z.string(),
  buildingId: z.string(),
  building: z.string(),
  entrance: z.string(),
  room: z.string(),
  floor: z.number().nullable(),
  area: z.string(),
  phoneMasked: z.string().nullable(),
  outreach: z.object({ outcome: outreachOutcomeSchema, at: z.string() }).nullable(),
});
export type NonVoter = z.infer<typeof nonVoterSchema>;
const nonVotersPage = pageOf(nonVoterSchema);
export type NonVotersPage = z.infer<typeof nonVotersPage>;

const outreachRecordSchema = z.object({
  id: z.string(),
  holderKey: z.string(),
  outcome: outreachOutcomeSchema,
  note: z.string().nullable(),
  at: z.string(),
});
export type OutreachRecord = z.infer<typeof outreachRecordSchema>;

export const openConflictSchema = z.object({
  conflictId: z.string(),
  units: z.array(z.string()),
  sheet: z.object({
    channel: z.enum(['paper', 'proxy']),
    reference: z.string(),
    collectedAt: z.string().nullable(),
  }),
  existing: z.object({ channel: z.string(), castAt: z.string() }).nullable(),
  createdAt: z.string(),
});
/** A paper sheet met by an owner's existing ballot, waiting for a committee member. */
export type OpenConflict = z.infer<typeof openConflictSchema>;

const auditCheckSchema = z
  .object({
    ok: z.boolean(),
    problems: z
      .array(z.object({ check: z.string(), seq: z.number().optional(), reason: z.string() }))
      .default([]),
  })
  .catchall(z.unknown());
export type AuditCheck = z.infer<typeof auditCheckSchema>;

export interface BallotsStaffClient {
  list(
    token: string,
    communityId: string,
    cursor?: string,
  ): Promise<ApiResult<{ items: StaffBallot[]; nextCursor: string | null }>>;
  get(token: string, communityId: string, ballotId: string): Promise<ApiResult<StaffBallot>>;
  draft(
    token: string,
    communityId: string,
    input: BallotInput,
    lang: Lang,
  ): Promise<ApiResult<StaffBallot>>;
  update(
    token: string,
    communityId: string,
    ballotId: string,
    input: Partial<BallotInput>,
    lang: Lang,
  ): Promise<ApiResult<StaffBallot>>;
  /** open, close (no body); extend, publish, cancel (with their body). */
  command(
    token: string,
    communityId: string,
    ballotId: string,
    verb: 'open' | 'close' | 'extend' | 'publish' | 'cancel',
    body: Record<string, unknown> | undefined,
    lang: Lang,
  ): Promise<ApiResult<StaffBallot>>;
  paperVote(
    token: string,
    communityId: string,
    ballotId: string,
    input: PaperVoteInput,
    lang: Lang,
  ): Promise<ApiResult<{ holderKey: string; receipt: string; certification: number | null }>>;
  resolveConflict(
    token: string,
    communityId: string,
    ballotId: string,
    conflictId: string,
    body: { keep: 'existing' | 'paper'; reason: string },
    lang: Lang,
  ): Promise<ApiResult<{ conflictId: string; keep: string; receipt: string | null }>>;
  reissue(
    token: string,
    communityId: string,
    ballotId: string,
    holderKey: string,
    reason: string,
    lang: Lang,
  ): Promise<ApiResult<{ link: string; revoked: string[] }>>;
  /** Owners not voted yet (a grid worker's buildings only), in walking order. */
  nonVoters(
    token: string,
    communityId: string,
    ballotId: string,
    page: { cursor?: string | undefined; buildingId?: string | undefined; limit: number },
    lang?: Lang,
  ): Promise<ApiResult<NonVotersPage>>;
  /** The figures against the thresholds, per matter and building (the caller's buildings). */
  progress(
    token: string,
    communityId: string,
    ballotId: string,
    lang: Lang,
  ): Promise<ApiResult<Progress>>;
  /** The open event stream of progress; the caller reads its body and aborts `signal` when done. */
  progressStream(
    token: string,
    communityId: string,
    ballotId: string,
    lang: Lang,
    signal: AbortSignal,
  ): Promise<ApiResult<Response>>;
  /** Logs one visit to an owner who has not voted. */
  recordOutreach(
    token: string,
    communityId: string,
    ballotId: string,
    body: { holderKey: string; outcome: OutreachOutcome; note?: string | undefined },
    lang: Lang,
  ): Promise<ApiResult<OutreachRecord>>;
  auditCheck(token: string, communityId: string, ballotId: string): Promise<ApiResult<AuditCheck>>;
  /** The ballot's open paper conflicts, oldest first (the first 100). */
  openConflicts(
    token: string,
    communityId: string,
    ballotId: string,
  ): Promise<ApiResult<{ items: OpenConflict[] }>>;
  /** A matter's attachments, oldest first. */
  attachments(
    token: string,
    communityId: string,
    ballotId: string,
    matterId: string,
  ): Promise<ApiResult<{ items: StaffAttachment[] }>>;
  /** Attaches a PDF or image to a draft's matter (the service checks its type by its bytes). */
  attach(
    token: string,
    communityId: string,
    ballotId: string,
    matterId: string,
    file: File,
    lang: Lang,
  ): Promise<ApiResult<StaffAttachment>>;
  removeAttachment(
    token: string,
    communityId: string,
    ballotId: string,
    matterId: string,
    attachmentId: string,
    lang: Lang,
  ): Promise<ApiResult<undefined>>;
  /** An attachment's file, as the ballots service answers it. */
  attachmentFile(
    token: string,
    communityId: string,
    ballotId: string,
    matterId: string,
    attachmentId: string,
  ): Promise<ApiResult<Response>>;
  /** The links spreadsheet or the QR sheet, as the ballots service answers them. */
  file(
    token: string,
    communityId: string,
    ballotId: string,
    which: 'links.xlsx' | 'qr-sheet',
  ): Promise<ApiResult<Response>>;
}

/**
 * @example
 * ```ts
 * const ballots = ballotsStaffClient({ baseUrl: env.YISHI_BALLOTS_URL });
 * const progress = await ballots.progress(token, communityId, ballotId, 'zh');
 * ```
 */
export function ballotsStaffClient(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): BallotsStaffClient {
  const call = caller(options);
  const doFetch = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const base = (communityId: string) => `/communities/${encodeURIComponent(communityId)}/ballots`;
  const one = (communityId: string, ballotId: string) =>
    `${base(communityId)}/${encodeURIComponent(ballotId)}`;
  return {
    list: (token, communityId, cursor) =>
      call.json(`${base(communityId)}${query({ cursor, limit: 20 })}`, pageOf(staffBallotSchema), {
        token,
      }),
    get: (token, communityId, ballotId) =>
      call.json(one(communityId, ballotId), staffBallotSchema, { token }),
    draft: (token, communityId, input, lang) =>
      call.json(base(communityId), staffBallotSchema, { token, json: input, lang }),
    update: (token, communityId, ballotId, input, lang) =>
      call.json(one(communityId, ballotId), staffBallotSchema, {
        token,
        json: input,
        method: 'PATCH',
        lang,
      }),
    command: (token, communityId, ballotId, verb, body, lang) =>
      call.json(`${one(communityId, ballotId)}/${verb}`, staffBallotSchema, {
        token,
        method: 'POST',
        lang,
        ...(body === undefined ? {} : { json: body }),
      }),
    paperVote: (token, communityId, ballotId, input, lang) =>
      call.json(
        `${one(communityId, ballotId)}/paper-votes`,
        z.object({
          holderKey: z.string(),
          receipt: z.string(),
          certification: z.number().nullable(),
        }),
        { token, json: input, lang },
      ),
    resolveConflict: (token, communityId, ballotId, conflictId, body, lang) =>
      call.json(
        `${one(communityId, ballotId)}/conflicts/${encodeURIComponent(conflictId)}/resolve`,
        z.object({ conflictId: z.string(), keep: z.string(), receipt: z.string().nullable() }),
        { token, json: body, lang },
      ),
    reissue: (token, communityId, ballotId, holderKey, reason, lang) =>
      call.json(
        `${one(communityId, ballotId)}/credentials/${encodeURIComponent(holderKey)}/reissue`,
        z.object({ link: z.string(), revoked: z.array(z.string()) }),
        { token, json: { reason }, lang },
      ),
    nonVoters: (token, communityId, ballotId, page, lang) =>
      call.json(
        `${one(communityId, ballotId)}/non-voters${query({ limit: page.limit, buildingId: page.buildingId, cursor: page.cursor })}`,
        nonVotersPage,
        { token, ...(lang ? { lang } : {}) },
      ),
    progress: (token, communityId, ballotId, lang) =>
      call.json(`${one(communityId, ballotId)}/progress`, progressSchema, { token, lang }),
    async progressStream(token, communityId, ballotId, lang, signal) {
      // Not through `caller`: its timeout would cut a stream that is meant to stay open.
      let res: Response;
      try {
        res = await doFetch(`${baseUrl}${one(communityId, ballotId)}/progress/stream`, {
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'text/event-stream',
            'accept-language': lang === 'en' ? 'en' : 'zh-CN',
          },
          signal,
        });
      } catch {
        return {
          ok: false,
          error: { status: 503, code: 'unavailable', message: null, details: {} },
        };
      }
      return res.ok ? { ok: true, value: res } : { ok: false, error: await apiErrorOf(res) };
    },
    recordOutreach: (token, communityId, ballotId, body, lang) =>
      call.json(`${one(communityId, ballotId)}/outreach`, outreachRecordSchema, {
        token,
        json: body,
        lang,
      }),
    auditCheck: (token, communityId, ballotId) =>
      call.json(`${one(communityId, ballotId)}/audit/verify`, auditCheckSchema, { token }),
    openConflicts: (token, communityId, ballotId) =>
      call.json(
        `${one(communityId, ballotId)}/conflicts?status=open&limit=100`,
        z.object({ items: z.array(openConflictSchema) }),
        { token },
      ),
    attachments: (token, communityId, ballotId, matterId) =>
      call.json(
        `${one(communityId, ballotId)}/matters/${encodeURIComponent(matterId)}/attachments`,
        z.object({ items: z.array(staffAttachmentSchema) }),
        { token },
      ),
    attach: (token, communityId, ballotId, matterId, file, lang) => {
      const body = new FormData();
      body.set('file', file, file.name);
      return call.json(
        `${one(communityId, ballotId)}/matters/${encodeURIComponent(matterId)}/attachments`,
        staffAttachmentSchema,
        { token, body, lang },
      );
    },
    removeAttachment: (token, communityId, ballotId, matterId, attachmentId, lang) =>
      call.json(
        `${one(communityId, ballotId)}/matters/${encodeURIComponent(matterId)}/attachments/${encodeURIComponent(attachmentId)}`,
        z.undefined(),
        { token, method: 'DELETE', lang },
      ),
    attachmentFile: (token, communityId, ballotId, matterId, attachmentId) =>
      call.raw(
        `${one(communityId, ballotId)}/matters/${encodeURIComponent(matterId)}/attachments/${encodeURIComponent(attachmentId)}`,
        { token },
      ),
    file: (token, communityId, ballotId, which) =>
      call.raw(`${one(communityId, ballotId)}/credentials/${which}`, { token }),
  };
}
