import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const text = (max: number) => z.string().trim().min(1).max(max);

/** A question owners answer agree / oppose / abstain, under its item of Civil Code Art. 278. */
export const questionInputSchema = z.object({
  kind: z.literal('question').optional(),
  /** The item of Civil Code Art. 278 (1..9); it fixes the approval threshold. */
  item: z.number().int().min(1).max(9),
  title: text(200),
  body: z.string().max(20_000).default(''),
});

/**
 * An election of committee members (选举业主委员会委员, item 3): each candidate becomes a question
 * of its own, decided by item 3's rule; the seats go to the most agreeing among those who pass.
 */
export const electionInputSchema = z
  .object({
    kind: z.literal('election'),
    item: z.literal(3, { error: 'an election of committee members is item 3' }).default(3),
    title: text(200),
    body: z.string().max(20_000).default(''),
    seats: z.number().int().min(1).max(20),
    candidates: z
      .array(z.object({ name: text(100), body: z.string().max(5_000).default('') }))
      .min(1)
      .max(20)
      .refine(
        (list) => new Set(list.map((c) => c.name)).size === list.length,
        'a candidate is listed twice',
      ),
  })
  .refine((e) => e.seats <= e.candidates.length, {
    message: 'more seats than candidates',
    path: ['seats'],
  });

export const matterInputSchema = z.union([electionInputSchema, questionInputSchema]);
export type MatterInput = z.output<typeof matterInputSchema>;

/** Owners answer at most this many questions (a candidate is one) in one ballot. */
export const MAX_QUESTIONS = 20;
export const questionCount = (matters: readonly MatterInput[]) =>
  matters.reduce((n, m) => n + ('candidates' in m ? m.candidates.length : 1), 0);

const mattersSchema = z
  .array(matterInputSchema)
  .min(1)
  .max(MAX_QUESTIONS)
  .refine((m) => questionCount(m) <= MAX_QUESTIONS, {
    message: `at most ${MAX_QUESTIONS} questions, each candidate counting as one`,
  });

export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('estate') }),
  z.object({
    kind: z.literal('buildings'),
    buildingIds: z
      .array(z.uuid())
      .min(1)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, 'a building is listed twice'),
  }),
]);

/** A ballot's policies; given at all, they are given whole (a missing one takes its default). */
const policyObjectSchema = z.object({
  multiUnit: z.enum(['owner_ballot', 'unit_split']).default('owner_ballot'),
  invalidParticipates: z.boolean().default(true),
  // 从众 also needs `rulesOfProcedureClause` and, per owner, a served notice (RULES.md §3).
  deemed: z.enum(['none', 'majority']).default('none'),
});

export const policyInputSchema = policyObjectSchema.default({
  multiUnit: 'owner_ballot',
  invalidParticipates: true,
  deemed: 'none',
});

/** The refusal of `deemed: majority` without the clause of the rules of procedure behind it. */
export const deemedNeedsClause = {
  message:
    'deemed "majority" (从众) needs rulesOfProcedureClause: the clause of the community’s rules of procedure that provides for it',
  path: ['rulesOfProcedureClause'],
};

export const windowSchema = z
  .object({ opensAt: instant, closesAt: instant })
  .refine((w) => w.opensAt < w.closesAt, {
    message: 'opensAt must be before closesAt',
    path: ['closesAt'],
  });

/** A ballot's fields without defaults: the draft adds them, an edit must not (zod 4's partial()
 * would still fill them in, silently resetting what the edit does not mention). */
const ballotFields = {
  title: text(200),
  description: z.string().max(20_000),
  matters: mattersSchema,
  scope: scopeSchema,
  window: windowSchema,
  policy: policyObjectSchema,
  allowChange: z.boolean(),
  publication: z.enum(['named', 'secret']),
  secondFactor: z.enum(['none', 'phone_last4', 'id_last4']),
  noticeGivenAt: instant.optional(),
  /** The clause of the rules of procedure (议事规则) that provides for deemed votes (从众). */
  rulesOfProcedureClause: text(500).optional(),
  /** Cap on extensions, in months after the original close (3 in some cities). */
  maxExtensionMonths: z.number().int().min(0).max(24).optional(),
};

export const draftBallotBodySchema = z
  .object({
    ...ballotFields,
    description: ballotFields.description.default(''),
    policy: policyInputSchema,
    allowChange: ballotFields.allowChange.default(false),
    publication: ballotFields.publication.default('named'),
    secondFactor: ballotFields.secondFactor.default('none'),
  })
  .refine(
    (b) => b.policy.deemed !== 'majority' || b.rulesOfProcedureClause !== undefined,
    deemedNeedsClause,
  );
export type DraftBallotInput = z.output<typeof draftBallotBodySchema>;

export const updateBallotBodySchema = z
  .object(ballotFields)
  .partial()
  .extend({
    noticeGivenAt: instant.nullable().optional(),
    rulesOfProcedureClause: text(500).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateBallotInput = z.output<typeof updateBallotBodySchema>;

const iso = z.iso.datetime();
const localized = z.object({ zh: z.string(), en: z.string() });

const electionRefSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  seats: z.number().int(),
});

export const matterViewSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  item: z.number().int(),
  /** The question, or the candidate's name when `election` is set. */
  title: z.string(),
  body: z.string(),
  label: localized,
  threshold: z.enum(['majority', 'three_quarters']),
  explanation: localized,
  /** The election this candidate stands in; null for a plain question. */
  election: electionRefSchema.nullable(),
});

/** An election with its candidates' questions, in ballot order. */
export const electionViewSchema = electionRefSchema.extend({
  item: z.number().int(),
  candidates: z.array(z.object({ matterId: z.uuid(), name: z.string() })),
});

export const warningSchema = z.object({
  code: z.enum(['notice_period_short']),
  message: localized,
  earliestDate: z.string(),
  shortByDays: z.number().int(),
});

export const ballotViewSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['draft', 'open', 'extended', 'closed', 'published', 'cancelled']),
  matters: z.array(matterViewSchema),
  elections: z.array(electionViewSchema),
  scope: scopeSchema,
  window: z.object({ opensAt: iso, closesAt: iso, originalClosesAt: iso.nullable() }),
  policy: z.object({
    multiUnit: z.enum(['owner_ballot', 'unit_split']),
    invalidParticipates: z.boolean(),
    deemed: z.enum(['none', 'majority']),
  }),
  allowChange: z.boolean(),
  publication: z.enum(['named', 'secret']),
  secondFactor: z.enum(['none', 'phone_last4', 'id_last4']),
  noticeGivenAt: iso.nullable(),
  rulesOfProcedureClause: z.string().nullable(),
  maxExtensionMonths: z.number().int().nullable(),
  snapshotHash: z.string().nullable(),
  voteDigest: z.string().nullable(),
  openedAt: iso.nullable(),
  closedAt: iso.nullable(),
  publishedFrom: iso.nullable(),
  publishedUntil: iso.nullable(),
  cancelReason: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  warnings: z.array(warningSchema),
});
export type BallotView = z.output<typeof ballotViewSchema>;
