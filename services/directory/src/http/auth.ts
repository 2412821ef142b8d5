import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { requireStaffIn } from '../staff/require-staff.ts';
import {
  refreshBodySchema,
  sessionSchema,
  signInBodySchema,
  staffProfileSchema,
} from '../staff/schemas.ts';
import { getOwnProfile, refreshSession, signIn, signOut } from '../staff/sessions.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });

const signInRoute = createRoute({
  method: 'post',
  path: '/auth/sign-in',
  tags: ['auth'],
  summary: 'Sign in with login and password',
  description:
    'After 5 failures in a row a login is locked for 30 s, doubling per further failure up to 15 min (429 with Retry-After).',
  request: { body: jsonBody(signInBodySchema) },
  responses: {
    200: { description: 'Signed in', ...json(sessionSchema) },
    ...errorResponses(400, 401, 403, 429),
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/auth/refresh',
  tags: ['auth'],
  summary: 'Trade a refresh token for new tokens',
  description: 'Rotates the refresh token. Presenting a used one again ends the whole session.',
  request: { body: jsonBody(refreshBodySchema) },
  responses: {
    200: { description: 'New tokens', ...json(sessionSchema) },
    ...errorResponses(400, 401),
  },
});

const signOutRoute = createRoute({
  method: 'post',
  path: '/auth/sign-out',
  tags: ['auth'],
  summary: 'End the session of a refresh token',
  request: { body: jsonBody(refreshBodySchema) },
  responses: { 204: { description: 'Signed out' }, ...errorResponses(400) },
});

const bearerAuth = 'bearerAuth';

const meRoute = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in staff account',
  security: [{ [bearerAuth]: [] }],
  responses: {
    200: { description: 'The account', ...json(staffProfileSchema) },
    ...errorResponses(401),
  },
});

const jwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'Jwks', description: "The directory's public Ed25519 keys (RFC 7517)" });

const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['auth'],
  summary: 'Public keys that verify staff access tokens',
  responses: { 200: { description: 'JWKS', ...json(jwksSchema) } },
});

/** Sign-in, refresh, sign-out, the current account and the public keys. */
export function authRouter(deps: Deps) {
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return router
    .openapi(signInRoute, async (c) => {
      const session = await signIn(deps, c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return c.json(session, 200);
    })
    .openapi(refreshRoute, async (c) => {
      const session = await refreshSession(deps, c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return c.json(session, 200);
    })
    .openapi(signOutRoute, async (c) => {
      await signOut(deps, c.req.valid('json'));
      return c.body(null, 204);
    })
    .openapi({ ...meRoute, middleware: [requireStaffIn(deps)] as const }, async (c) => {
      const profile = await getOwnProfile(deps, c.get('staff').sub);
      c.header('Cache-Control', 'no-store');
      return c.json(profile, 200);
    })
    .openapi(jwksRoute, (c) => {
      // Short enough that a rotated-in key reaches every service within minutes.
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(deps.keys.jwks as z.infer<typeof jwksSchema>, 200);
    });
}
