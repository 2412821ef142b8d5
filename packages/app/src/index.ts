export { createRoute } from '@hono/zod-openapi';
export { type CreateAppOptions, createApp, createRouter } from './create-app.ts';
export type { ReadyCheck, ReadyResult } from './health.ts';
export { hotRoute, valid, validJson } from './hot-route.ts';
export { errorResponse, errorResponses, statusByCode, validationHook } from './http-errors.ts';
export { type Locale, pickLocale } from './locale.ts';
export { type CreateLoggerOptions, createLogger, type Logger } from './logger.ts';
export { type ServeOptions, type ServerHandle, serve } from './serve.ts';
export type { AppEnv } from './types.ts';
