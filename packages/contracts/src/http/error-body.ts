import { errorCodes } from '@yishi/errors';
import { z } from 'zod';

/**
 * The body of every non-2xx HTTP response of every service:
 * `{ error: { code, message, details?, requestId } }`. `message` is in the language the request
 * asked for (zh-CN by default); `requestId` matches the `x-request-id` header and the server logs.
 */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'ErrorBody' });

export type ErrorBody = z.infer<typeof errorBodySchema>;
