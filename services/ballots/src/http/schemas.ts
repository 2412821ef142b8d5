import { z } from 'zod';

export const json = <S extends z.ZodType>(schema: S) => ({
  content: { 'application/json': { schema } },
});
export const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });
export const security = [{ bearerAuth: [] }];

export const communityParams = z.object({ communityId: z.uuid() });
export const ballotParams = communityParams.extend({ ballotId: z.uuid() });

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const reason = z.string().trim().min(1).max(2_000);

export const extendBodySchema = z.object({ closesAt: instant, reason });
export const publishBodySchema = z.object({ from: instant, until: instant });
export const cancelBodySchema = z.object({ reason });
export const reissueBodySchema = z.object({ reason: z.string().trim().max(500).optional() });

export const choiceSchema = z.enum(['agree', 'oppose', 'abstain']);
export const choicesSchema = z
  .array(z.object({ matterId: z.uuid(), choice: choiceSchema }))
  .min(1)
  .max(20);

export const castVoteBodySchema = z.object({
  choices: choicesSchema,
  /** The last four digits of the registered phone or ID, when the ballot asks for them. */
  secondFactor: z.string().trim().min(1).max(8).optional(),
});

export const paperVoteBodySchema = z
  .object({
    holderKey: z.string().min(1).max(2_000).optional(),
    unit: z
      .object({ building: z.string().min(1), entrance: z.string(), room: z.string().min(1) })
      .optional(),
    // A paper sheet can be spoiled (废票): recorded as invalid, never as agreement.
    choices: z
      .array(
        z.object({ matterId: z.uuid(), choice: z.enum(['agree', 'oppose', 'abstain', 'invalid']) }),
      )
      .min(1)
      .max(20)
      .refine(
        (c) => new Set(c.map((x) => x.matterId)).size === c.length,
        'a matter is listed twice',
      ),
    channel: z.enum(['paper', 'proxy']),
    /** The scanned sheet's id, or the written authorisation's id for a proxy. */
    reference: z.string().trim().min(1).max(500),
    proxyName: z.string().trim().min(1).max(200).optional(),
    /**
     * When the sheet was collected (default: now). A sheet collected before the close may be
     * entered after it, until the result is published; the result is then certified again.
     */
    collectedAt: instant.optional(),
  })
  .refine((b) => (b.holderKey === undefined) !== (b.unit === undefined), {
    message: 'give either holderKey or unit',
    path: ['holderKey'],
  })
  .refine((b) => b.channel !== 'proxy' || b.proxyName !== undefined, {
    message: 'a proxy ballot names the proxy',
    path: ['proxyName'],
  });

export const resolveBodySchema = z.object({ keep: z.enum(['existing', 'paper']), reason });

export const receiptSchema = z.object({
  ballotId: z.uuid(),
  receipt: z.string(),
  changed: z.boolean(),
  castAt: z.string(),
});

const localized = z.object({ zh: z.string(), en: z.string() });
export const looseObject = z.record(z.string(), z.unknown());
export { localized };
