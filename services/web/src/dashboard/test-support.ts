/**
 * The dashboard's test world: a real directory (staff accounts, sign-in, its signing keys) and a
 * real ballots service with a live progress hub, each on its own database and port, and the web
 * in front of them. Staff sign in through the web's own sign-in page.
 */
import { randomUUID } from 'node:crypto';
import { createLogger, type ServerHandle, serve } from '@yishi/app';
import { createVerifier } from '@yishi/auth';
import { createBallotsApp } from '@yishi/ballots/src/app.ts';
import { ProgressHub } from '@yishi/ballots/src/progress/hub.ts';
import {
  draftBody,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '@yishi/ballots/src/test-support.ts';
import {
  buildings,
  communities,
  gridBuildings,
  grids,
  gridWorkers,
} from '@yishi/directory/src/db/schema/index.ts';
import { seedStaff } from '@yishi/directory/src/staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '@yishi/directory/src/test-support.ts';
import { createWebApp } from '../app.ts';
import { ballotsClient } from '../ballots-client.ts';
import { ballotsStaffClient } from '../ballots-staff-client.ts';
import { directoryClient } from '../directory-client.ts';

export interface DashboardHarness {
  directory: TestDirectory;
  ballots: TestBallots;
  hub: ProgressHub;
  web: ReturnType<typeof createWebApp>;
  /** Serves the web on a free port (for the browser). */
  serveWeb(): Promise<ServerHandle>;
  /** A community with a roster in three buildings and an open ballot of two matters. */
  estate(overrides?: Record<string, unknown>): Promise<Estate>;
  close(): Promise<void>;
}

export interface Estate {
  communityId: string;
  ballotId: string;
  path: string;
  /** Building name → id (the same ids in the directory and in the ballots roster copy). */
  buildingIds: Map<string, string>;
  /** Casts owner `name`'s vote through the ballots service's API, as a phone elsewhere would. */
  vote(name: string, choice?: 'agree' | 'oppose' | 'abstain'): Promise<void>;
  /** A staff account with `role` here (grid workers cover `grid`); its login and password. */
  staff(
    role: 'party_secretary' | 'grid_worker' | 'committee_member',
    grid?: string[],
  ): Promise<{ login: string; password: string }>;
}

/** 3 buildings, 8 owners: building 1 has a, b, c; building 2 has d, e, f; building 3 has g, h. */
const roster = [
  { building: '1', room: '101', area: '100.00', owner: 'a' },
  { building: '1', room: '102', area: '80.00', owner: 'b' },
  { building: '1', room: '201', area: '90.00', owner: 'c' },
  { building: '2', room: '101', area: '70.00', owner: 'd' },
  { building: '2', room: '201', area: '90.00', owner: 'e' },
  { building: '2', room: '301', area: '95.50', owner: 'f' },
  { building: '3', room: '101', area: '120.00', owner: 'g' },
  { building: '3', room: '201', area: '110.00', owner: 'h' },
];

export async function startDashboardHarness(): Promise<DashboardHarness> {
  const silent = (service: string) => createLogger({ service, level: 'silent' });
  const directory = await startTestDirectory();
  const directoryServer = await serve(directory.app, { port: 0, hostname: '127.0.0.1' });
  const directoryUrl = `http://127.0.0.1:${directoryServer.port}`;
  const verifier = () =>
    createVerifier({
      jwksUrl: `${directoryUrl}/.well-known/jwks.json`,
      issuer: 'yishi-directory',
      audience: 'yishi',
    });
  const ballots = await startTestBallots({ verifier: verifier() });
  const hub = new ProgressHub(ballots.deps);
  const ballotsApp = createBallotsApp({
    ...ballots.deps,
    progress: hub,
    onVotesChanged: hub.votesChanged,
  });
  const ballotsServer = await serve(ballotsApp, { port: 0, hostname: '127.0.0.1' });
  const ballotsUrl = `http://127.0.0.1:${ballotsServer.port}`;
  const web = createWebApp({
    ballots: ballotsClient({ baseUrl: ballotsUrl }),
    staff: { directory: directoryClient({ baseUrl: directoryUrl }), verifier: verifier() },
    ballotsStaff: ballotsStaffClient({ baseUrl: ballotsUrl }),
    logger: silent('web'),
  });
  const servers: ServerHandle[] = [];

  const ballotsRequest = async (path: string, token: string, json?: unknown) => {
    const res = await fetch(`${ballotsUrl}${path}`, {
      method: json === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  return {
    directory,
    ballots,
    hub,
    web,
    async serveWeb() {
      const server = await serve(web, { port: 0, hostname: '127.0.0.1' });
      servers.push(server);
      return server;
    },
    async estate(overrides = {}) {
      const communityId = randomUUID();
      const events = rosterEvents(communityId, roster);
      await ballots.project(events.events);
      // The directory holds the same community and buildings: grids and tokens refer to them.
      await directory.deps.db.insert(communities).values({ id: communityId, name: '测试小区' });
      await directory.deps.db
        .insert(buildings)
        .values([...events.buildingIds].map(([name, id]) => ({ id, communityId, name })));
      const committee = await directory.tokenFor({
        sub: randomUUID(),
        roles: ['committee_admin', 'committee_member'],
        communities: [communityId],
      });
      const base = `/communities/${communityId}/ballots`;
      const body = draftBody(new Date(), { title: '更换消防门并增设电动车充电桩', ...overrides });
      if (!('matters' in overrides)) {
        body.matters = [
          { item: 6, title: '使用维修资金更换全部楼栋消防门', body: '预算38.6万元。' },
          { item: 9, title: '在地下车库增设电动车充电桩', body: '由供电公司出资建设。' },
        ];
      }
      const drafted = await ballotsRequest(base, committee, body);
      const ballotId = String(drafted.id);
      const matterIds = (drafted.matters as { id: string }[]).map((m) => m.id);
      await ballotsRequest(`${base}/${ballotId}/open`, committee, {});
      return {
        communityId,
        ballotId,
        path: `/staff/c/${communityId}/ballots/${ballotId}/dashboard`,
        buildingIds: events.buildingIds,
        async vote(name, choice = 'agree') {
          const holderKey = encodeURIComponent(events.holderKeys.get(name)!);
          const issued = await ballotsRequest(
            `${base}/${ballotId}/credentials/${holderKey}/reissue`,
            committee,
            { reason: '测试发放' },
          );
          const link = String(issued.link);
          const token = link.slice(link.lastIndexOf('/v/') + 3);
          const res = await fetch(`${ballotsUrl}/v/${token}/votes`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ choices: matterIds.map((matterId) => ({ matterId, choice })) }),
          });
          if (res.status !== 201 && res.status !== 200) {
            throw new Error(`vote: ${res.status} ${await res.text()}`);
          }
        },
        async staff(role, grid = []) {
          const account = await seedStaff(directory.deps, {
            memberships: [{ communityId, roles: [role] }],
          });
          if (role === 'grid_worker') {
            const gridId = randomUUID();
            await directory.deps.db
              .insert(grids)
              .values({ id: gridId, communityId, name: `网格${gridId.slice(0, 4)}` });
            await directory.deps.db
              .insert(gridBuildings)
              .values(grid.map((b) => ({ gridId, buildingId: events.buildingIds.get(b)! })));
            await directory.deps.db.insert(gridWorkers).values({ gridId, staffId: account.id });
          }
          return { login: account.login, password: account.password };
        },
      };
    },
    async close() {
      for (const server of servers) await server.close();
      await hub.close();
      await ballotsServer.close();
      await directoryServer.close();
      await ballots.close();
      await directory.close();
    },
  };
}

/** A browser's cookies for `app.request`: enough to sign in and follow a session. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.#cookies.get(name);
  }
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return res;
  }
}

/** Signs in through the web's sign-in page, as a browser would; answers the session's cookies. */
export async function signIn(
  web: DashboardHarness['web'],
  account: { login: string; password: string },
): Promise<CookieJar> {
  const jar = new CookieJar();
  jar.take(await web.request('/staff/sign-in'));
  const res = jar.take(
    await web.request('/staff/sign-in', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: jar.header(),
      },
      body: new URLSearchParams({
        login: account.login,
        password: account.password,
        _csrf: jar.get('yishi_csrf') ?? '',
      }),
    }),
  );
  if (res.status !== 303 || !jar.get('yishi_at')) {
    throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  }
  return jar;
}
