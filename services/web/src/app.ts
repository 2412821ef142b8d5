import { createApp, type Logger } from '@yishi/app';
import { compress } from 'hono/compress';
import type { BallotsClient } from './ballots-client.ts';
import { home } from './home.tsx';
import { resultPages } from './result/pages.tsx';
import { contentSecurityPolicy } from './views/layout.tsx';
import { votingPages } from './voting/pages.tsx';

export interface WebDeps {
  ballots: BallotsClient;
  logger?: Logger;
  /** The clock of the public pages (a publication may start later). */
  now?: () => Date;
}

/** The pages people use, served from the services' HTTP APIs (a backend for the frontend). */
export function createWebApp(deps: WebDeps) {
  const app = createApp({
    name: 'web',
    version: '0.1.0',
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  // Old phones on slow mobile networks: pages go out gzipped when the browser accepts it.
  app.use('*', compress());
  app.use('*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.header('content-security-policy', contentSecurityPolicy);
      c.header('x-content-type-options', 'nosniff');
      c.header('x-frame-options', 'DENY');
    }
  });
  app.route('/', votingPages(deps));
  app.route('/', resultPages(deps));
  app.route('/', home());
  return app;
}
