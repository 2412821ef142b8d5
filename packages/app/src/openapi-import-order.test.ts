// Loads the contracts before the app, as a service does when its database module (bus →
// contracts) is imported before its app module: the error schema is then built before
// @hono/zod-openapi extends zod.
import { errorBodySchema } from '@yishi/contracts';
import { describe, expect, it } from 'vitest';
import { createApp } from './create-app.ts';

describe('OpenAPI document', () => {
  it('documents the error body even when the contracts were loaded first', async () => {
    const app = createApp({ name: 'order', version: '1.0.0', defaultMetrics: false });
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { components: { schemas: Record<string, unknown> } };
    expect(doc.components.schemas.ErrorBody).toMatchObject({ type: 'object' });
    expect(errorBodySchema.safeParse({}).success).toBe(false);
  });
});
