import { createApp } from '@yishi/app';
import { sql } from 'drizzle-orm';
import type { Deps } from './context.ts';
import { discussionRouter } from './http/discussion.ts';
import { implementationRouter } from './http/implementation.ts';
import { proposalsRouter } from './http/proposals.ts';
import { publicRouter } from './http/public.ts';
import { wishesRouter } from './http/wishes.ts';

/** The proposals service's HTTP API. */
export function createProposalsApp(deps: Deps) {
  const app = createApp({
    name: 'proposals',
    version: '0.1.0',
    logger: deps.logger,
    ready: async () => {
      await deps.db.execute(sql`select 1`);
      return true;
    },
  });
  app.route('/', proposalsRouter(deps));
  app.route('/', discussionRouter(deps));
  app.route('/', implementationRouter(deps));
  app.route('/', wishesRouter(deps));
  app.route('/', publicRouter(deps));
  return app;
}
