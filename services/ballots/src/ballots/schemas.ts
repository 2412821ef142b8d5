import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const text = (max: number) => z.string().trim().min(1).max(max);

export const matterInputSchema = z.object({
  /** The item of Civil Code Art. 278 (1..9); it fixes the approval threshold. */
  item: z.number().int().min(1).max(9),
  title: text(200),
  body: z.string().max(20_000).default(''),
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
  // 从众 needs proof that each owner was served the notice, which this service does not hold yet.
  deemed: z
    .literal('none', { error: 'deemed "majority" needs served notices; not supported yet' })
    .default('none'),
});

export const policyInputSchema = policyObjectSchema.default({
  multiUnit: 'owner_ballot',
  invalidParticipates: true,
  deemed: 'none',
});

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
  matters: z.array(matterInputSchema).min(1).max(20),
  scope: scopeSchema,
  window: windowSchema,
  policy: policyObjectSchema,
  allowChange: z.boolean(),
  publication: z.enum(['named', 'secret']),
  secondFactor: z.enum(['none', 'phone_last4', 'id_last4']),
  noticeGivenAt: instant.optional(),
  /** Cap on extensions, in months after the original close (3 in some cities). */
  maxExtensionMonths: z.number().int().min(0).max(24).optional(),
};

export const draftBallotBodySchema = z.object({
  ...ballotFields,
  description: ballotFields.description.default(''),
  policy: policyInputSchema,
  allowChange: ballotFields.allowChange.default(false),
  publication: ballotFields.publication.default('named'),
  secondFactor: ballotFields.secondFactor.default('none'),
});
export type DraftBallotInput = z.output<typeof draftBallotBodySchema>;

export const updateBallotBodySchema = z
  .object(ballotFields)
  .partial()
  .extend({ noticeGivenAt: instant.nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateBallotInput = z.output<typeof updateBallotBodySchema>;

const iso = z.iso.datetime();
const localized = z.object({ zh: z.string(), en: z.string() });

export const matterViewSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  item: z.number().int(),
  title: z.string(),
  body: z.string(),
  label: localized,
  threshold: z.enum(['majority', 'three_quarters']),
  explanation: localized,
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
