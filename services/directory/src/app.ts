import { createApp } from '@yishi/app';
import { sql } from 'drizzle-orm';
import type { Deps } from './context.ts';
import { authRouter } from './http/auth.ts';
import { communitiesRouter } from './http/communities.ts';
import { gridsRouter } from './http/grids.ts';
import { ownerLinksRouter } from './http/owner-links.ts';
import { rosterRouter } from './http/roster.ts';
import { staffRouter } from './http/staff.ts';

/** The directory's HTTP API. */
export function createDirectoryApp(deps: Deps) {
  const app = createApp({
    name: 'directory',
    version: '0.1.0',
    logger: deps.logger,
    ready: async () => {
      await deps.db.execute(sql`select 1`);
      return true;
    },
  });
  app.route('/', authRouter(deps));
  app.route('/', staffRouter(deps));
  app.route('/', communitiesRouter(deps));
  app.route('/', rosterRouter(deps));
  app.route('/', gridsRouter(deps));
  app.route('/', ownerLinksRouter(deps));
  return app;
}
