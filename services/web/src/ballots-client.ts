import { z } from 'zod';

const localized = z.object({ zh: z.string(), en: z.string() });
export const choiceSchema = z.enum(['agree', 'oppose', 'abstain']);
export type Choice = z.infer<typeof choiceSchema>;

/** What the ballots service answers at `GET /v/{token}`: only this owner's own data. */
export const ownerViewSchema = z.object({
  ballot: z.object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable().optional(),
    opensAt: z.string(),
    closesAt: z.string(),
    allowChange: z.boolean(),
    publication: z.enum(['named', 'secret']),
    secondFactor: z.enum(['none', 'phone_last4', 'id_last4']),
  }),
  status: z.enum(['not_open', 'open', 'closed', 'cancelled']),
  matters: z.array(
    z.object({
      id: z.string(),
      position: z.number(),
      item: z.number(),
      title: z.string(),
      body: z.string().nullable().optional(),
      label: localized,
      threshold: z.enum(['majority', 'three_quarters']),
      explanation: localized,
      /** The election this candidate stands in (the title is then the candidate's name). */
      election: z
        .object({ id: z.string(), title: z.string(), seats: z.number() })
        .nullable()
        .optional(),
      /** PDFs and images the committee attached; opened through the owner's own link. */
      attachments: z
        .array(
          z.object({
            id: z.string(),
            fileName: z.string(),
            contentType: z.string(),
            size: z.number(),
          }),
        )
        .default([]),
    }),
  ),
  units: z.array(
    z.object({
      building: z.string(),
      entrance: z.string(),
      room: z.string(),
      area: z.string(),
      areaBasis: z.string(),
    }),
  ),
  voted: z.boolean(),
  choices: z.array(
    z.object({
      matterId: z.string(),
      /** Null where the ballot asks for a second factor: the link alone does not show it. */
      choice: z.string().nullable(),
      channel: z.string(),
      castAt: z.string(),
      receiptFingerprint: z.string(),
    }),
  ),
});
export type OwnerView = z.infer<typeof ownerViewSchema>;

/** A share as the ballots service writes it: exact decimals, the percentage rounded. */
export const ratioSchema = z.object({
  numerator: z.string(),
  denominator: z.string(),
  percent: z.string().nullable(),
});
/** Area (m², exact decimal) and headcount. */
export const figuresSchema = z.object({ area: z.string(), headcount: z.number() });
/** A threshold check: met on area and on headcount, each as a share. */
export const checkSchema = z.object({
  met: z.boolean(),
  areaMet: z.boolean(),
  headcountMet: z.boolean(),
  area: ratioSchema,
  headcount: ratioSchema,
});
const policySchema = z.object({
  multiUnit: z.string(),
  invalidParticipates: z.boolean(),
  deemed: z.string(),
});

/** What the ballots service answers at `GET /public/ballots/{id}`: the published result (公示). */
export const publicResultSchema = z.object({
  ballotId: z.string(),
  title: z.string(),
  status: z.string(),
  closedAt: z.string().nullable(),
  publishedFrom: z.string().nullable(),
  publishedUntil: z.string().nullable(),
  policy: policySchema,
  snapshotHash: z.string().nullable(),
  voteDigest: z.string().nullable(),
  auditHead: z.string().nullable(),
  publication: z.enum(['named', 'secret']),
  matters: z.array(
    z.object({
      id: z.string(),
      position: z.number(),
      item: z.number(),
      title: z.string(),
      body: z.string().nullable().optional(),
      label: localized,
      threshold: z.enum(['majority', 'three_quarters']),
      explanation: localized,
      result: z
        .object({
          totalArea: z.string(),
          totalHeadcount: z.number(),
          participatingArea: z.string(),
          participatingHeadcount: z.number(),
          agreeArea: z.string(),
          agreeHeadcount: z.number(),
          oppose: figuresSchema,
          abstain: figuresSchema,
          invalid: figuresSchema,
          quorum: checkSchema,
          approval: checkSchema,
          passed: z.boolean(),
          decision: z.enum(['formed', 'not_formed']),
        })
        .nullable(),
    }),
  ),
  units: z.array(
    z.object({
      unit: z.string(),
      area: z.string(),
      voted: z.boolean().nullable(),
      choices: z.record(z.string(), z.string()).nullable(),
    }),
  ),
});
export type PublicResult = z.infer<typeof publicResultSchema>;

/** What `GET /public/ballots/{id}` answers for a closed ballot whose result is not published yet. */
export const pendingResultSchema = z.object({
  ballotId: z.string(),
  title: z.string(),
  status: z.literal('closed'),
  result: z.literal('pending'),
  closedAt: z.string(),
  /** When the result is due (local rules: within 3 days of the close); null when not known. */
  publicationDueBy: z.string().nullable(),
});
export type PendingResult = z.infer<typeof pendingResultSchema>;

export const receiptCheckSchema = z.object({
  status: z.enum(['counted', 'recorded', 'superseded', 'unknown']),
  matters: z.number(),
});
export type ReceiptCheck = z.infer<typeof receiptCheckSchema>;

const receiptSchema = z.object({ receipt: z.string(), castAt: z.string(), changed: z.boolean() });
export type Receipt = z.infer<typeof receiptSchema>;

/** Why the ballots service refused, as its `details.reason` names it (or what went wrong on the way). */
export type Refusal =
  | 'link_invalid'
  | 'credential_revoked'
  | 'ballot_not_open'
  | 'already_voted'
  | 'not_in_scope'
  | 'second_factor_required'
  | 'second_factor_wrong'
  | 'second_factor_throttled'
  | 'second_factor_locked'
  | 'unknown_matter'
  | 'invalid_request'
  | 'file_not_found'
  | 'not_published'
  | 'unavailable';

const knownReasons = new Set<string>([
  'link_invalid',
  'credential_revoked',
  'ballot_not_open',
  'already_voted',
  'not_in_scope',
  'second_factor_required',
  'second_factor_wrong',
  'second_factor_throttled',
  'second_factor_locked',
  'unknown_matter',
]);

export type Answer<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const errorBody = z.object({
  error: z.object({ code: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

async function refusalOf(res: Response): Promise<Refusal> {
  if (res.status >= 500) return 'unavailable';
  const parsed = errorBody.safeParse(await res.json().catch(() => null));
  const reason = parsed.success ? parsed.data.error.details?.reason : undefined;
  if (typeof reason === 'string' && knownReasons.has(reason)) return reason as Refusal;
  // A token that fails the ballots service's own path validation is simply not a valid link.
  if (res.status === 404 || res.status === 400) {
    return res.status === 404 ? 'link_invalid' : 'invalid_request';
  }
  return 'unavailable';
}

/** The owner's side of the ballots service's HTTP API, over fetch. */
export interface BallotsClient {
  ownerView(token: string): Promise<Answer<OwnerView>>;
  vote(
    token: string,
    body: { choices: { matterId: string; choice: Choice }[]; secondFactor?: string },
  ): Promise<Answer<Receipt>>;
  /** The file of an attachment of the link's ballot, as the ballots service answers it. */
  attachment(token: string, attachmentId: string): Promise<Answer<Response>>;
  /**
   * The published result of a ballot, or that a closed ballot's result is pending; `not_published`
   * when there is neither (yet).
   */
  publicResult(ballotId: string): Promise<Answer<PublicResult | PendingResult>>;
  /** Whether the ballot behind a receipt code is counted. */
  receiptCheck(ballotId: string, code: string): Promise<Answer<ReceiptCheck>>;
}

/**
 * @example
 * ```ts
 * const ballots = ballotsClient({ baseUrl: env.YISHI_BALLOTS_URL });
 * const view = await ballots.ownerView(token);
 * ```
 */
export function ballotsClient(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): BallotsClient {
  const base = options.baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  async function call<T>(
    path: string,
    schema: z.ZodType<T>,
    init: RequestInit = {},
  ): Promise<Answer<T>> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return { ok: false, refusal: 'unavailable' };
    }
    if (!res.ok) return { ok: false, refusal: await refusalOf(res) };
    const parsed = schema.safeParse(await res.json().catch(() => null));
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, refusal: 'unavailable' };
  }
  const link = (token: string) => `/v/${encodeURIComponent(token)}`;
  async function file(path: string): Promise<Answer<Response>> {
    try {
      const res = await doFetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
      return res.ok ? { ok: true, value: res } : { ok: false, refusal: await refusalOf(res) };
    } catch {
      return { ok: false, refusal: 'unavailable' };
    }
  }
  const publicPath = (ballotId: string) => `/public/ballots/${encodeURIComponent(ballotId)}`;
  /** On the public pages a 404 means the ballot is not published (or does not exist). */
  const unpublished = <T>(answer: Answer<T>): Answer<T> =>
    !answer.ok && answer.refusal === 'link_invalid'
      ? { ok: false, refusal: 'not_published' }
      : answer;
  return {
    publicResult: async (ballotId) =>
      unpublished(
        await call(publicPath(ballotId), z.union([pendingResultSchema, publicResultSchema])),
      ),
    receiptCheck: async (ballotId, code) =>
      unpublished(
        await call(
          `${publicPath(ballotId)}/receipts/${encodeURIComponent(code)}`,
          receiptCheckSchema,
        ),
      ),
    ownerView: (token) => call(link(token), ownerViewSchema),
    attachment: (token, attachmentId) =>
      file(`${link(token)}/attachments/${encodeURIComponent(attachmentId)}`),
    vote: (token, body) =>
      call(`${link(token)}/votes`, receiptSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}
