import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { requireStaff, type StaffRole } from '@yishi/auth';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import type { Context } from 'hono';
import { z } from 'zod';
import { listObjections, objectionBodySchema, submitObjection } from '../ballots/objections.ts';
import type { Deps } from '../context.ts';
import { ballotParams, json, jsonBody, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];

const objectionSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  unit: z.string().nullable(),
  contact: z.string().nullable(),
  sha256: z.string(),
  receivedAt: z.string(),
});

const submitRoute = createRoute({
  method: 'post',
  path: '/public/ballots/{ballotId}/objections',
  tags: ['public'],
  summary: 'Object to a published result (公示 异议)',
  description:
    'Anyone with the public page, only while the publication runs (409 publication_not_running). Text of at most 1000 characters, optionally a unit number and a contact. At most 5 per sender address and ballot an hour (429 objections_throttled). Recorded in the audit log by its hash.',
  request: { params: z.object({ ballotId: z.uuid() }), body: jsonBody(objectionBodySchema) },
  responses: {
    201: {
      description: 'Received',
      ...json(z.object({ id: z.uuid(), receivedAt: z.string() })),
    },
    ...errorResponses(400, 404, 409, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/objections',
  tags: ['results'],
  summary: 'Objections received during the publication, newest first',
  security,
  request: { params: ballotParams, query: pageQuerySchema },
  responses: {
    200: { description: 'A page', ...json(pageOf(objectionSchema)) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/**
 * The sender's address for the rate limit: the last `X-Forwarded-For` entry, which the proxy in
 * front of the service appended and a client cannot forge, else the socket's peer.
 */
function senderAddress(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  if (last) return last;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Objections during the publication: the public sends them, the committee reads them. */
export function objectionsRouter(deps: Deps) {
  const committeeOnly: [ReturnType<typeof requireStaff>] = [
    requireStaff({ verifier: deps.verifier, roles: committee }),
  ];
  return createRouter()
    .openapi(submitRoute, async (c) => {
      const received = await submitObjection(deps, {
        ballotId: c.req.valid('param').ballotId,
        senderAddress: senderAddress(c),
        input: c.req.valid('json'),
      });
      return c.json(received, 201);
    })
    .openapi({ ...listRoute, middleware: committeeOnly }, async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(
        await listObjections(deps, {
          staff: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      );
    });
}
