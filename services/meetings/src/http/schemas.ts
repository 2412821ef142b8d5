import { z } from 'zod';

export const json = <S extends z.ZodType>(schema: S) => ({
  content: { 'application/json': { schema } },
});
export const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });
export const security = [{ bearerAuth: [] }];
export const ownerSecurity = [{ ownerAuth: [] }];

export const communityParams = z.object({ communityId: z.uuid() });
export const meetingParams = communityParams.extend({ meetingId: z.uuid() });
