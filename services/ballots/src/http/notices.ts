import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { requireStaff, type StaffRole } from '@yishi/auth';
import { pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import { listServedNotices, recordServedNotices } from '../ballots/served-notices.ts';
import type { Deps } from '../context.ts';
import { serviceMethods } from '../db/schema/index.ts';
import { ballotParams, json, jsonBody, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const noticeSchema = z
  .object({
    holderKey: z.string().min(1).max(2_000).optional(),
    unit: z
      .object({ building: z.string().min(1), entrance: z.string(), room: z.string().min(1) })
      .optional(),
    /** SMS delivered (delivery receipt), registered letter, handed over (signed), posted with photo. */
    method: z.enum(serviceMethods),
    servedAt: instant,
    /** The evidence: delivery receipt id, letter number, signed receipt or photo reference. */
    reference: z.string().trim().min(1).max(500),
  })
  .refine((n) => (n.holderKey === undefined) !== (n.unit === undefined), {
    message: 'give either holderKey or unit',
    path: ['holderKey'],
  });

const recordRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/served-notices',
  tags: ['notices'],
  summary: 'Record served notices (送达), one or in bulk',
  description:
    'All or nothing: each notice names an owner key or unit of the electorate and was served before the close (details.index names the first that is not). Recording the same proof again changes nothing. Under deemed "majority" (从众) only owners with a served notice are deemed; after the close and until publication new proofs certify the result again.',
  security,
  request: {
    params: ballotParams,
    body: jsonBody(z.object({ notices: z.array(noticeSchema).min(1).max(5_000) })),
  },
  responses: {
    200: {
      description: 'How many proofs were new, how many already recorded',
      ...json(
        z.object({
          recorded: z.number().int(),
          unchanged: z.number().int(),
          certification: z.number().int().nullable(),
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/served-notices',
  tags: ['notices'],
  summary: 'The served notices of a ballot',
  security,
  request: { params: ballotParams, query: pageQuerySchema },
  responses: {
    200: {
      description: 'A page',
      ...json(
        z.object({
          items: z.array(
            z.object({
              id: z.uuid(),
              holderKey: z.string(),
              method: z.enum(serviceMethods),
              servedAt: z.string(),
              reference: z.string(),
              recordedBy: z.string(),
              recordedAt: z.string(),
            }),
          ),
          nextCursor: z.string().nullable(),
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Served notices (送达), the proof deemed votes (从众) need: committee only. */
export function noticesRouter(deps: Deps) {
  const middleware: [ReturnType<typeof requireStaff>] = [
    requireStaff({ verifier: deps.verifier, roles: committee }),
  ];
  return createRouter()
    .openapi({ ...recordRoute, middleware }, async (c) =>
      c.json(
        await recordServedNotices(deps, {
          staff: c.get('staff'),
          ...c.req.valid('param'),
          notices: c.req.valid('json').notices,
        }),
        200,
      ),
    )
    .openapi({ ...listRoute, middleware }, async (c) =>
      c.json(
        await listServedNotices(deps, {
          staff: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    );
}
