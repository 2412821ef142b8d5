import type { RequestIdVariables } from 'hono/request-id';

/** The hono environment of apps made by `createApp`: `c.get('requestId')` is always set. */
export type AppEnv = { Variables: RequestIdVariables };
