import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { ownerInbox } from '../flows/inbox.ts';
import { json } from './schemas.ts';

const inboxRoute = createRoute({
  method: 'get',
  path: '/owners/inbox',
  tags: ['owners'],
  summary: "The owner's in-app inbox, opened with their voting link",
  description:
    'link: the voting link (or its token) the owner opened. Only the current link of an owner key opens its inbox; messages of every ballot, meeting and proposal of the community, newest first (100 at most).',
  request: { query: z.object({ link: z.string().min(1).max(2_000) }) },
  responses: {
    200: {
      description: 'Messages',
      ...json(
        z.object({
          items: z.array(
            z.object({
              id: z.uuid(),
              ballotId: z.uuid().nullable(),
              meetingId: z.uuid().nullable(),
              proposalId: z.uuid().nullable(),
              kind: z.string(),
              title: z.string(),
              body: z.string(),
              at: z.string(),
            }),
          ),
        }),
      ),
    },
    ...errorResponses(400, 404),
  },
});

/** Routes an owner reaches from their page, authorised by the voting link they hold. */
export function ownersRouter(deps: Deps) {
  return createRouter().openapi(inboxRoute, async (c) => {
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.json(await ownerInbox(deps, c.req.valid('query').link), 200);
  });
}
