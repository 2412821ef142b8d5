import { createApp } from '@yishi/app';
import { sql } from 'drizzle-orm';
import type { Deps } from './context.ts';
import { attendanceRouter } from './http/attendance.ts';
import { meetingsRouter } from './http/meetings.ts';
import { ownerRouter } from './http/owner.ts';
import { ownerProfileRouter } from './http/owner-profile.ts';
import { publicRouter } from './http/public.ts';

/** The meetings service's HTTP API. */
export function createMeetingsApp(deps: Deps) {
  const app = createApp({
    name: 'meetings',
    version: '0.1.0',
    logger: deps.logger,
    ready: async () => {
      await deps.db.execute(sql`select 1`);
      return true;
    },
  });
  app.route('/', meetingsRouter(deps));
  app.route('/', attendanceRouter(deps));
  app.route('/', ownerRouter(deps));
  app.route('/', ownerProfileRouter(deps));
  app.route('/', publicRouter(deps));
  return app;
}
