import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { addComment, hideComment, listComments } from '../proposals/comments.ts';
import { callers, json, jsonBody, proposalParams, security, text } from './common.ts';
import { commentSchema } from './schemas.ts';

const tags = ['discussion'];
const commentParams = proposalParams.extend({ commentId: z.uuid() });

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals/{proposalId}/comments',
  tags,
  summary: 'Comments and replies, oldest first',
  description:
    'A hidden comment keeps its place with its reason; its text only for moderators and its author.',
  security,
  request: { params: proposalParams, query: pageQuerySchema },
  responses: {
    200: { description: 'A page', ...json(pageOf(commentSchema)) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const addRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/comments',
  tags,
  summary: 'Comment, or reply to a top-level comment (owner or staff)',
  security,
  request: {
    params: proposalParams,
    body: jsonBody(z.object({ body: text(2_000), parentId: z.uuid().optional() })),
  },
  responses: {
    201: { description: 'Added', ...json(commentSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const hideRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/comments/{commentId}/hide',
  tags,
  summary: 'Hide a comment with a reason (committee or Party secretary); never deletes it',
  description:
    'Publishes `proposals.comment.hidden`. Hiding a hidden comment keeps the first reason.',
  security,
  request: { params: commentParams, body: jsonBody(z.object({ reason: text(500) })) },
  responses: {
    200: { description: 'Hidden', ...json(commentSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Comments, replies and moderation. */
export function discussionRouter(deps: Deps) {
  const { any, staff } = callers(deps);
  return createRouter()
    .openapi({ ...listRoute, middleware: any }, async (c) =>
      c.json(
        await listComments(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi({ ...addRoute, middleware: any }, async (c) =>
      c.json(
        await addComment(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        201,
      ),
    )
    .openapi({ ...hideRoute, middleware: staff }, async (c) =>
      c.json(
        await hideComment(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        200,
      ),
    );
}
