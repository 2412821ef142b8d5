import { createApp, type Logger } from '@yishi/app';
import { compress } from 'hono/compress';
import type { BallotsClient } from './ballots-client.ts';
import type { BallotsStaffClient } from './ballots-staff-client.ts';
import { bodyLimits } from './body-limit.tsx';
import { committeeBallotPages } from './committee/ballots.tsx';
import { committeePaperPages } from './committee/paper.tsx';
import { committeeRosterPages } from './committee/roster.tsx';
import { committeeWizardPages } from './committee/wizard.tsx';
import { dashboardPages } from './dashboard/pages.tsx';
import { home } from './home.tsx';
import type { MeetingsClient } from './meetings/client.ts';
import { meetingsPages } from './meetings/pages.ts';
import type { ProposalsClient } from './proposals/client.ts';
import { proposalsPages } from './proposals/pages.ts';
import { publicPages } from './public/pages.ts';
import { resultPages } from './result/pages.tsx';
import { messagePage } from './staff/frame.tsx';
import { staffPages } from './staff/pages.tsx';
import { csrfProtection, type SessionDeps, staffLang, staffSessions } from './staff/session.ts';
import { staffTexts } from './staff/texts.ts';
import { contentSecurityPolicy } from './views/layout.tsx';
import { votingPages } from './voting/pages.tsx';

export interface WebDeps {
  ballots: BallotsClient;
  logger?: Logger;
  /** The clock of the public pages (a publication may start later). */
  now?: () => Date;
  /** The directory and the verifier of its tokens: the staff pages (absent: no staff pages). */
  staff?: SessionDeps;
  /**
   * The staff side of the ballots service: the committee's pages and the live dashboard of the
   * Party secretary, grid workers and committee (needs `staff`).
   */
  ballotsStaff?: BallotsStaffClient;
  /** The meetings service: the owner's home `/o/{token}`, meeting pages (committee's with `staff`). */
  meetings?: MeetingsClient;
  /** The proposals service: proposals and wishes pages (owner's; staff's with `staff`). */
  proposals?: ProposalsClient;
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
      // A page with a policy of its own (the dashboard's allows its one script) keeps it.
      if (!c.res.headers.has('content-security-policy')) {
        c.header('content-security-policy', contentSecurityPolicy);
      }
      c.header('x-content-type-options', 'nosniff');
      c.header('x-frame-options', 'DENY');
    }
  });
  // Before anything reads a body (the staff CSRF check reads the whole form, files included).
  app.use('*', bodyLimits());
  if (deps.staff) {
    app.use('*', staffSessions(deps.staff));
    app.use(
      '/staff/*',
      csrfProtection((c) => {
        const lang = staffLang(c);
        const t = staffTexts[lang];
        return messagePage(c, lang, 403, t.csrfTitle, t.csrf);
      }),
    );
    app.route('/', staffPages());
    if (deps.ballotsStaff) {
      const committee = { directory: deps.staff.directory, ballots: deps.ballotsStaff };
      // The wizard first: `/ballots/new` is not a ballot id.
      app.route('/', committeeWizardPages(committee));
      app.route('/', committeePaperPages(committee));
      app.route('/', committeeRosterPages(committee));
      app.route('/', committeeBallotPages(committee));
      app.route(
        '/',
        dashboardPages({
          ballots: deps.ballotsStaff,
          ...(deps.logger ? { logger: deps.logger } : {}),
        }),
      );
    }
  }
  if (deps.meetings) {
    app.route(
      '/',
      meetingsPages({
        meetings: deps.meetings,
        staff: Boolean(deps.staff),
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.proposals ? { proposals: deps.proposals } : {}),
      }),
    );
  }
  if (deps.proposals) {
    app.route(
      '/',
      proposalsPages({
        proposals: deps.proposals,
        staff: Boolean(deps.staff),
        ...(deps.now ? { now: deps.now } : {}),
      }),
    );
  }
  // The public pages the notifications link to (`/m/{id}`, `/p/{id}`): no token.
  app.route('/', publicPages(deps));
  app.route('/', votingPages(deps));
  app.route('/', resultPages(deps));
  app.route('/', home());
  return app;
}
