import { createApp } from '@yishi/app';
import { sql } from 'drizzle-orm';
import type { Deps } from './context.ts';
import { attachmentsRouter } from './http/attachments.ts';
import { ballotsRouter } from './http/ballots.ts';
import { noticesRouter } from './http/notices.ts';
import { objectionsRouter } from './http/objections.ts';
import { progressRouter } from './http/progress.ts';
import { publicRouter } from './http/public.ts';
import { qrSheetRouter } from './http/qr-sheet.ts';
import { votingRouter } from './http/voting.ts';
import { MattersCache } from './voting/matters-cache.ts';

/** The ballots service's HTTP API. */
export function createBallotsApp(deps: Deps) {
  const app = createApp({
    name: 'ballots',
    version: '0.1.0',
    logger: deps.logger,
    // Thousands of votes a second at busy times: counted by the metrics, refusals still logged.
    debugLogRoutes: ['/v/:token/votes'],
    ready: async () => {
      await deps.db.execute(sql`select 1`);
      return true;
    },
  });
  app.route('/', ballotsRouter(deps));
  app.route('/', votingRouter({ ...deps, matters: new MattersCache() }));
  app.route('/', publicRouter(deps));
  app.route('/', progressRouter(deps));
  app.route('/', qrSheetRouter(deps));
  app.route('/', attachmentsRouter(deps));
  app.route('/', objectionsRouter(deps));
  app.route('/', noticesRouter(deps));
  return app;
}
