/**
 * The proposals service's HTTP API as the pages use it (docs/proposals.md; `/openapi.json` of the
 * proposals service). Every call carries a bearer token: the owner page token of the link
 * `/o/{token}` or the staff member's access token; the service decides what each may do.
 */
import { z } from 'zod';
import { type ApiResult, caller, pageOf, query } from '../api.ts';
import type { Lang } from '../i18n.ts';

export const proposalStatuses = [
  'draft',
  'open',
  'threshold_reached',
  'on_agenda',
  'in_ballot',
  'decided',
  'being_implemented',
  'done',
  'withdrawn',
] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

export const proposalCategories = [
  'maintenance',
  'renovation',
  'environment',
  'safety',
  'parking',
  'property_management',
  'funds',
  'rules',
  'community_life',
  'other',
] as const;
export type ProposalCategory = (typeof proposalCategories)[number];

const proposalSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.enum(proposalCategories),
  item: z.number().nullable(),
  status: z.enum(proposalStatuses),
  authorKind: z.enum(['owner', 'staff']),
  mine: z.boolean(),
  cosign: z.object({
    count: z.number(),
    required: z.number().nullable(),
    base: z.number().nullable(),
    progressPercent: z.number(),
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
  meetingId: z.string().nullable(),
  ballotId: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  createdAt: z.string(),
  openedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Proposal = z.infer<typeof proposalSchema>;

const attachmentSchema = z.object({
  id: z.string(),
  updateId: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

const detailSchema = proposalSchema.extend({ attachments: z.array(attachmentSchema) });
export type ProposalDetail = z.infer<typeof detailSchema>;

const commentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  authorKind: z.enum(['owner', 'staff']),
  mine: z.boolean(),
  body: z.string().nullable(),
  hidden: z.object({ reason: z.string(), at: z.string() }).nullable(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

const updateSchema = z.object({
  id: z.string(),
  body: z.string(),
  photos: z.array(
    z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number() }),
  ),
  createdAt: z.string(),
});
export type Update = z.infer<typeof updateSchema>;

export type LedgerKind = 'contribution' | 'expenditure';
const ledgerEntrySchema = z.object({
  id: z.string(),
  seq: z.number(),
  kind: z.enum(['contribution', 'expenditure']),
  occurredOn: z.string(),
  amountFen: z.number(),
  description: z.string(),
  receiptRef: z.string(),
  balanceFen: z.number(),
  recordedAt: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

const ledgerSchema = z.object({
  proposalId: z.string(),
  title: z.string(),
  contributionsFen: z.number(),
  expendituresFen: z.number(),
  balanceFen: z.number(),
  entries: z.array(ledgerEntrySchema),
});
export type Ledger = z.infer<typeof ledgerSchema>;

export const claimantKinds = ['volunteer', 'party_member', 'partner_unit'] as const;
export type ClaimantKind = (typeof claimantKinds)[number];
export const wishStatuses = ['open', 'claimed', 'fulfilled'] as const;
export type WishStatus = (typeof wishStatuses)[number];

const wishSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(wishStatuses),
  mine: z.boolean(),
  claimant: z
    .object({ kind: z.enum(claimantKinds), name: z.string(), claimedAt: z.string() })
    .nullable(),
  fulfilledAt: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  createdAt: z.string(),
});
export type Wish = z.infer<typeof wishSchema>;

const wallSchema = pageOf(wishSchema).extend({
  counts: z.object({
    open: z.number(),
    claimed: z.number(),
    fulfilled: z.number(),
    total: z.number(),
  }),
});
export type WishWall = z.infer<typeof wallSchema>;

/** A proposal as anyone may read it: no `mine`, no attachments, photos without file names. */
const publicProposalSchema = proposalSchema
  .omit({ mine: true, createdAt: true, cosign: true })
  .extend({
    cosign: proposalSchema.shape.cosign.omit({ cosignedByMe: true }),
    decisionPending: z.boolean(),
    commentCount: z.number(),
    attachmentCount: z.number(),
    updates: z.array(
      updateSchema.extend({
        photos: z.array(z.object({ id: z.string(), contentType: z.string(), size: z.number() })),
      }),
    ),
    ledger: ledgerSchema.omit({ proposalId: true, title: true }).nullable(),
  });
export type PublicProposal = z.infer<typeof publicProposalSchema>;

export interface NewProposal {
  title: string;
  description: string;
  category: ProposalCategory;
  item: number | null;
}

export interface NewLedgerEntry {
  kind: LedgerKind;
  occurredOn: string;
  amountFen: number;
  description: string;
  receiptRef: string;
}

export interface UploadFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

type R<T> = Promise<ApiResult<T>>;

export interface ProposalsClient {
  list(
    token: string,
    communityId: string,
    lang: Lang,
    page?: { status?: ProposalStatus | undefined; cursor?: string | undefined; limit?: number },
  ): R<{ items: Proposal[]; nextCursor: string | null }>;
  get(token: string, communityId: string, id: string, lang: Lang): R<ProposalDetail>;
  submit(token: string, communityId: string, body: NewProposal, lang: Lang): R<Proposal>;
  attach(token: string, communityId: string, id: string, file: UploadFile, lang: Lang): R<unknown>;
  cosign(token: string, communityId: string, id: string, lang: Lang): R<Proposal>;
  withdraw(token: string, communityId: string, id: string, reason: string, lang: Lang): R<Proposal>;
  advance(
    token: string,
    communityId: string,
    id: string,
    to: 'start-implementation' | 'complete',
    lang: Lang,
  ): R<Proposal>;
  file(token: string, communityId: string, id: string, fileId: string): R<Response>;
  comments(
    token: string,
    communityId: string,
    id: string,
    lang: Lang,
    page?: { cursor?: string | undefined; limit?: number },
  ): R<{ items: Comment[]; nextCursor: string | null }>;
  comment(
    token: string,
    communityId: string,
    id: string,
    body: { body: string; parentId?: string },
    lang: Lang,
  ): R<Comment>;
  hide(
    token: string,
    communityId: string,
    id: string,
    commentId: string,
    reason: string,
    lang: Lang,
  ): R<Comment>;
  updates(token: string, communityId: string, id: string, lang: Lang): R<{ items: Update[] }>;
  publishUpdate(
    token: string,
    communityId: string,
    id: string,
    body: string,
    lang: Lang,
  ): R<Update>;
  addPhoto(
    token: string,
    communityId: string,
    id: string,
    updateId: string,
    file: UploadFile,
    lang: Lang,
  ): R<unknown>;
  ledger(token: string, communityId: string, id: string, lang: Lang): R<Ledger>;
  ledgerCsv(token: string, communityId: string, id: string): R<Response>;
  record(
    token: string,
    communityId: string,
    id: string,
    entry: NewLedgerEntry,
    lang: Lang,
  ): R<LedgerEntry>;
  wall(
    token: string,
    communityId: string,
    lang: Lang,
    page?: { status?: WishStatus | undefined; cursor?: string | undefined; limit?: number },
  ): R<WishWall>;
  postWish(
    token: string,
    communityId: string,
    body: { title: string; description: string },
    lang: Lang,
  ): R<Wish>;
  claim(
    token: string,
    communityId: string,
    wishId: string,
    body: { claimantKind: ClaimantKind; claimantName: string },
    lang: Lang,
  ): R<Wish>;
  fulfil(token: string, communityId: string, wishId: string, note: string, lang: Lang): R<Wish>;
  /** A proposal as anyone may read it (`GET /public/proposals/{id}`, no token; drafts are 404). */
  publicProposal(id: string, lang: Lang): R<PublicProposal>;
  /** A photo of one of its implementation updates. */
  publicPhoto(id: string, photoId: string): R<Response>;
  /** Its fund ledger as the service's CSV (yuan), for a proposal that was decided. */
  publicLedgerCsv(id: string): R<Response>;
}

const form = (file: UploadFile) => {
  const data = new FormData();
  data.set('file', new File([file.bytes], file.name, { type: file.type }));
  return data;
};

export function proposalsClient(options: {
  baseUrl: string;
  fetch?: typeof fetch;
}): ProposalsClient {
  const api = caller(options);
  const c = (communityId: string) => `/communities/${encodeURIComponent(communityId)}`;
  const p = (communityId: string, id: string) =>
    `${c(communityId)}/proposals/${encodeURIComponent(id)}`;
  const commentPage = pageOf(commentSchema);
  const proposalPage = pageOf(proposalSchema);
  return {
    list: (token, communityId, lang, page = {}) =>
      api.json(`${c(communityId)}/proposals${query(page)}`, proposalPage, { token, lang }),
    get: (token, communityId, id, lang) =>
      api.json(p(communityId, id), detailSchema, { token, lang }),
    submit: (token, communityId, body, lang) =>
      api.json(`${c(communityId)}/proposals`, proposalSchema, { token, lang, json: body }),
    attach: (token, communityId, id, file, lang) =>
      api.json(`${p(communityId, id)}/attachments`, z.unknown(), {
        token,
        lang,
        body: form(file),
      }),
    cosign: (token, communityId, id, lang) =>
      api.json(`${p(communityId, id)}/cosign`, proposalSchema, { token, lang, method: 'POST' }),
    withdraw: (token, communityId, id, reason, lang) =>
      api.json(`${p(communityId, id)}/withdraw`, proposalSchema, {
        token,
        lang,
        json: { reason },
      }),
    advance: (token, communityId, id, to, lang) =>
      api.json(`${p(communityId, id)}/${to}`, proposalSchema, { token, lang, method: 'POST' }),
    file: (token, communityId, id, fileId) =>
      api.raw(`${p(communityId, id)}/attachments/${encodeURIComponent(fileId)}`, { token }),
    comments: (token, communityId, id, lang, page = {}) =>
      api.json(`${p(communityId, id)}/comments${query(page)}`, commentPage, { token, lang }),
    comment: (token, communityId, id, body, lang) =>
      api.json(`${p(communityId, id)}/comments`, commentSchema, { token, lang, json: body }),
    hide: (token, communityId, id, commentId, reason, lang) =>
      api.json(
        `${p(communityId, id)}/comments/${encodeURIComponent(commentId)}/hide`,
        commentSchema,
        { token, lang, json: { reason } },
      ),
    updates: (token, communityId, id, lang) =>
      api.json(`${p(communityId, id)}/updates`, z.object({ items: z.array(updateSchema) }), {
        token,
        lang,
      }),
    publishUpdate: (token, communityId, id, body, lang) =>
      api.json(`${p(communityId, id)}/updates`, updateSchema, { token, lang, json: { body } }),
    addPhoto: (token, communityId, id, updateId, file, lang) =>
      api.json(
        `${p(communityId, id)}/updates/${encodeURIComponent(updateId)}/photos`,
        z.unknown(),
        { token, lang, body: form(file) },
      ),
    ledger: (token, communityId, id, lang) =>
      api.json(`${p(communityId, id)}/ledger`, ledgerSchema, { token, lang }),
    ledgerCsv: (token, communityId, id) => api.raw(`${p(communityId, id)}/ledger.csv`, { token }),
    record: (token, communityId, id, entry, lang) =>
      api.json(`${p(communityId, id)}/ledger`, ledgerEntrySchema, { token, lang, json: entry }),
    wall: (token, communityId, lang, page = {}) =>
      api.json(`${c(communityId)}/wishes${query(page)}`, wallSchema, { token, lang }),
    postWish: (token, communityId, body, lang) =>
      api.json(`${c(communityId)}/wishes`, wishSchema, { token, lang, json: body }),
    claim: (token, communityId, wishId, body, lang) =>
      api.json(`${c(communityId)}/wishes/${encodeURIComponent(wishId)}/claim`, wishSchema, {
        token,
        lang,
        json: body,
      }),
    fulfil: (token, communityId, wishId, note, lang) =>
      api.json(`${c(communityId)}/wishes/${encodeURIComponent(wishId)}/fulfil`, wishSchema, {
        token,
        lang,
        json: note ? { note } : {},
      }),
    publicProposal: (id, lang) =>
      api.json(`/public/proposals/${encodeURIComponent(id)}`, publicProposalSchema, { lang }),
    publicPhoto: (id, photoId) =>
      api.raw(`/public/proposals/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`),
    publicLedgerCsv: (id) => api.raw(`/public/proposals/${encodeURIComponent(id)}/ledger.csv`),
  };
}
