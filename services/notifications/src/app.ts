import { createApp } from '@yishi/app';
import { sql } from 'drizzle-orm';
import type { Deps } from './context.ts';
import { ownersRouter } from './http/owners.ts';
import { staffRouter } from './http/staff.ts';

/** The notifications service's HTTP API. */
export function createNotificationsApp(deps: Deps) {
  const app = createApp({
    name: 'notifications',
    version: '0.1.0',
    logger: deps.logger,
    ready: async () => {
      await deps.db.execute(sql`select 1`);
      return true;
    },
  });
  app.route('/', staffRouter(deps));
  app.route('/', ownersRouter(deps));
  return app;
}
