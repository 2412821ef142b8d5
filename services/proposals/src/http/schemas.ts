import { pageOf, proposalCategorySchema, proposalStatusSchema } from '@yishi/contracts';
import { z } from 'zod';
import { text } from './common.ts';

export const newProposalSchema = z.object({
  title: text(100).openapi({ example: '加装3号楼电梯' }),
  description: text(10_000),
  category: proposalCategorySchema,
  /** The item of Civil Code Art. 278 (1–9) the proposal would need, if known. */
  item: z.number().int().min(1).max(9).nullable().default(null),
  draft: z.boolean().default(false),
});

export const proposalSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  category: proposalCategorySchema,
  item: z.number().int().nullable(),
  status: proposalStatusSchema,
  authorKind: z.enum(['owner', 'staff']),
  mine: z.boolean(),
  cosign: z.object({
    count: z.number().int(),
    required: z.number().int().nullable(),
    base: z.number().int().nullable(),
    progressPercent: z.number().int(),
    reached: z.boolean(),
    reachedAt: z.string().nullable(),
    cosignedByMe: z.boolean().nullable(),
  }),
  decision: z
    .object({
      outcome: z.enum(['decided', 'not_decided']),
      source: z.enum(['ballot', 'minutes']).nullable(),
      decidedAt: z.string().nullable(),
      publishedAt: z.string().nullable(),
    })
    .nullable(),
  meetingId: z.uuid().nullable(),
  ballotId: z.uuid().nullable(),
  withdrawnReason: z.string().nullable(),
  createdAt: z.string(),
  openedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const attachmentSchema = z.object({
  id: z.uuid(),
  updateId: z.uuid().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const proposalDetailSchema = proposalSchema.extend({
  attachments: z.array(attachmentSchema),
});
export const proposalPageSchema = pageOf(proposalSchema);

export const commentSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  authorKind: z.enum(['owner', 'staff']),
  mine: z.boolean(),
  body: z.string().nullable(),
  hidden: z.object({ reason: z.string(), at: z.string() }).nullable(),
  createdAt: z.string(),
});

export const ledgerEntryInputSchema = z.object({
  kind: z.enum(['contribution', 'expenditure']),
  occurredOn: z.iso.date().openapi({ description: 'Day in Asia/Shanghai', example: '2026-05-01' }),
  /** Integer fen (分): 1234.50 yuan is 123450. At most 10 billion yuan. */
  amountFen: z.number().int().min(1).max(1_000_000_000_000),
  description: text(500),
  receiptRef: z.string().trim().max(100).default(''),
});

export const ledgerEntrySchema = ledgerEntryInputSchema.extend({
  id: z.uuid(),
  seq: z.number().int(),
  balanceFen: z.number().int(),
  recordedAt: z.string(),
});

export const ledgerSchema = z.object({
  proposalId: z.uuid(),
  title: z.string(),
  contributionsFen: z.number().int(),
  expendituresFen: z.number().int(),
  balanceFen: z.number().int(),
  entries: z.array(ledgerEntrySchema),
});

export const updateSchema = z.object({
  id: z.uuid(),
  body: z.string(),
  photos: z.array(
    z.object({
      id: z.uuid(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number().int(),
    }),
  ),
  createdAt: z.string(),
});

export const claimantKindSchema = z.enum(['volunteer', 'party_member', 'partner_unit']);
export const wishSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['open', 'claimed', 'fulfilled']),
  mine: z.boolean(),
  claimant: z
    .object({ kind: claimantKindSchema, name: z.string(), claimedAt: z.string() })
    .nullable(),
  fulfilledAt: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  createdAt: z.string(),
});
export const wallSchema = pageOf(wishSchema).extend({
  counts: z.object({
    open: z.number().int(),
    claimed: z.number().int(),
    fulfilled: z.number().int(),
    total: z.number().int(),
  }),
});

// Public views (no token): nothing personal.

export const publicProposalSchema = proposalSchema
  .omit({ mine: true, createdAt: true, cosign: true })
  .extend({
    cosign: proposalSchema.shape.cosign.omit({ cosignedByMe: true }),
    decisionPending: z.boolean().openapi({
      description:
        'Decided by a ballot whose result is not published (公示) yet: `decision` is null',
    }),
    commentCount: z.number().int(),
    attachmentCount: z.number().int(),
    updates: z.array(
      updateSchema.extend({
        photos: z.array(
          z.object({ id: z.uuid(), contentType: z.string(), size: z.number().int() }),
        ),
      }),
    ),
    ledger: ledgerSchema.omit({ proposalId: true, title: true }).nullable(),
  });

export const publicWallSchema = pageOf(
  z.object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    status: z.enum(['open', 'claimed', 'fulfilled']),
    claimantKind: claimantKindSchema.nullable(),
    claimedAt: z.string().nullable(),
    fulfilledAt: z.string().nullable(),
    createdAt: z.string(),
  }),
).extend({ counts: wallSchema.shape.counts });
