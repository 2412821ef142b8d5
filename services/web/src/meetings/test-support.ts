/**
 * The meeting pages' test world: a real directory (staff accounts and sign-in, the roster, owner
 * page links and the keys that sign them) and a real meetings service, each on its own database
 * and port, the directory's events reaching the meetings service's copy of the roster through the
 * test NATS as in production, and the web in front of both. One manual clock for all of them.
 * `startWebWorld` is that world with room for more services (the proposals pages' harness).
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { createLogger, type ServerHandle, serve } from '@yishi/app';
import { createOwnerVerifier, createVerifier } from '@yishi/auth';
import { ensureStream, type Relay, type RunningConsumer, startRelay } from '@yishi/bus';
import {
  importRoster,
  seedStaffToken,
  type UnitRow,
  unit,
} from '@yishi/directory/src/roster/test-fixtures.ts';
import { seedStaff } from '@yishi/directory/src/staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '@yishi/directory/src/test-support.ts';
import { startDirectoryProjection } from '@yishi/meetings/src/bus/directory-projection.ts';
import { dirCommunities, dirHoldings } from '@yishi/meetings/src/db/schema/index.ts';
import {
  manualClock,
  meetingBody,
  startTestMeetings,
  type TestMeetings,
} from '@yishi/meetings/src/test-support.ts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { createWebApp, type WebDeps } from '../app.ts';
import { ballotsClient } from '../ballots-client.ts';
import { directoryClient } from '../directory-client.ts';
import { meetingsClient } from './client.ts';

/** 09:00 in Beijing: a meeting at 14:00 is today, sign-in is open. */
export const startOfTest = new Date('2026-03-02T01:00:00.000Z');

export interface MeetingsWebHarness extends WebWorld {
  /** A community with four units (101 and 201 of one owner), known to both services. */
  estate(): Promise<Estate>;
}

export interface Estate {
  communityId: string;
  /** The owner page token of the owner of a room (101, 102, 201, 301), from the directory. */
  ownerToken(room: string): string;
  /** A committee member's account (to sign in through the web). */
  committee(): Promise<{ login: string; password: string }>;
  /** A bearer token of a committee member for the meetings API. */
  staffToken(): Promise<string>;
  /** Drafts and announces a meeting through the meetings API; its id and door code. */
  announce(
    overrides?: Record<string, unknown>,
    days?: number,
  ): Promise<{ id: string; code: string }>;
  /** Revokes the owner link of a room's owner in the directory; waits until meetings knows. */
  reissue(room: string): Promise<string>;
}

/** The directory, the meetings service and the web, on one clock and one bus. */
export interface WebWorld {
  clock: ReturnType<typeof manualClock>;
  directory: TestDirectory;
  meetings: TestMeetings;
  web: ReturnType<typeof createWebApp>;
  /** Every line the web logged, as written. */
  logLines: string[];
  /** Serves the web on a free port; the door's QR codes point at it from then on. */
  serveWeb(): Promise<{ base: string; server: ServerHandle }>;
  /**
   * A community with these units in the directory, once `arrived` says the services' copies of
   * the roster have it: its id, a committee admin's token for the directory, and the owner links.
   */
  community(
    units: UnitRow[],
    arrived: (communityId: string) => Promise<boolean>,
    message: string,
  ): Promise<Community>;
  close(): Promise<void>;
}

export interface Community {
  communityId: string;
  /** A committee admin's bearer token for the directory. */
  token: string;
  /** The owner page token of the owner of a room, from the directory's link export. */
  ownerToken(room: string): string;
  /** A bearer token of a committee member for the services' APIs. */
  staffToken(): Promise<string>;
}

/** More services on the world's clock, keys and bus: what the web gets to call them. */
export interface MoreServices {
  web: Partial<WebDeps>;
  /** Their consumers of the bus, stopped before it closes. */
  consumers: RunningConsumer[];
  close(): Promise<void>;
}

export async function startWebWorld(options: {
  /** The meetings projection's durable name (made unique). */
  durable: string;
  more?: (world: {
    clock: ReturnType<typeof manualClock>;
    verifier: () => ReturnType<typeof createVerifier>;
    ownerVerifier: () => ReturnType<typeof createOwnerVerifier>;
    js: ReturnType<typeof jetstream>;
  }) => Promise<MoreServices>;
}): Promise<WebWorld> {
  const clock = manualClock(startOfTest);
  let relay: Relay | undefined;
  const directory = await startTestDirectory({
    now: clock.now,
    wakeRelay: () => relay?.wake(),
    ownerPageBaseUrl: 'http://web.invalid/',
  });
  const directoryServer = await serve(directory.app, { port: 0, hostname: '127.0.0.1' });
  const directoryUrl = `http://127.0.0.1:${directoryServer.port}`;
  const jwksUrl = `${directoryUrl}/.well-known/jwks.json`;
  const verifier = () =>
    createVerifier({ jwksUrl, issuer: 'yishi-directory', audience: 'yishi', now: clock.now });
  const ownerVerifier = () => createOwnerVerifier({ jwksUrl, now: clock.now });
  const meetings = await startTestMeetings({
    now: clock.now,
    verifier: verifier(),
    ownerVerifier: ownerVerifier(),
  });
  const nc = await connectTestNats();
  const js = jetstream(nc);
  await ensureStream(await js.jetstreamManager(), { name: 'DIRECTORY', subjects: ['directory.>'] });
  relay = startRelay({ db: directory.deps.db, js, pollIntervalMs: 50 });
  const more = await options.more?.({ clock, verifier, ownerVerifier, js });
  const projection: RunningConsumer = await startDirectoryProjection({
    db: meetings.deps.db,
    js,
    durable: uniqueName(options.durable),
  });
  const meetingsServer = await serve(meetings.app, { port: 0, hostname: '127.0.0.1' });
  const logLines: string[] = [];
  const web = createWebApp({
    ballots: ballotsClient({ baseUrl: 'http://127.0.0.1:9' }),
    staff: { directory: directoryClient({ baseUrl: directoryUrl }), verifier: verifier() },
    meetings: meetingsClient({ baseUrl: `http://127.0.0.1:${meetingsServer.port}` }),
    ...more?.web,
    logger: createLogger({ service: 'web', level: 'info', write: (line) => logLines.push(line) }),
    now: clock.now,
  });
  const servers: ServerHandle[] = [];
  const admin = await seedStaff(directory.deps, { platformAdmin: true });

  return {
    clock,
    directory,
    meetings,
    web,
    logLines,
    async serveWeb() {
      const server = await serve(web, { port: 0, hostname: '127.0.0.1' });
      servers.push(server);
      const base = `http://127.0.0.1:${server.port}`;
      // The meetings service builds the door's QR link from this (PUBLIC_BASE_URL in production).
      meetings.deps.publicBaseUrl = base;
      return { base, server };
    },
    async community(units, arrived, message) {
      const adminToken = await directory.tokenFor({
        sub: admin.id,
        roles: ['platform_admin'],
        communities: [],
      });
      const created = await directory.request('/communities', {
        token: adminToken,
        json: { name: '幸福里小区', street: '城关街道', neighbourhood: '幸福社区' },
      });
      if (created.status !== 201) throw new Error(`community: ${created.status}`);
      const communityId = ((await created.json()) as { id: string }).id;
      const { token } = await seedStaffToken(directory, communityId, ['committee_admin']);
      await importRoster(directory, token, communityId, units);
      await waitFor(() => arrived(communityId), { message, timeoutMs: 30_000 });
      const links = new Map<string, string>();
      const exported = await directory.request(
        `/communities/${communityId}/owner-links/export?format=csv`,
        { token },
      );
      for (const line of (await exported.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1)) {
        const [, , room, url] = line.split(',');
        links.set(room!, url!.slice(url!.indexOf('/o/') + 3));
      }
      return {
        communityId,
        token,
        ownerToken: (room) => {
          const link = links.get(room);
          if (!link) throw new Error(`no owner link for room ${room}`);
          return link;
        },
        staffToken: () =>
          directory.tokenFor({
            sub: randomUUID(),
            roles: ['committee_admin', 'committee_member'],
            communities: [communityId],
          }),
      };
    },
    async close() {
      for (const server of servers) await server.close();
      for (const consumer of more?.consumers ?? []) await consumer.stop();
      await projection.stop();
      await relay?.stop();
      await nc.close();
      await more?.close();
      await meetingsServer.close();
      await directoryServer.close();
      await meetings.close();
      await directory.close();
    },
  };
}

export async function startMeetingsWebHarness(): Promise<MeetingsWebHarness> {
  const world = await startWebWorld({ durable: 'web-meetings-projection' });
  const { clock, directory, meetings } = world;
  return {
    ...world,
    async estate() {
      const zhang = { name: '张三', phone: '13800138000' };
      const community = await world.community(
        [
          unit('101', zhang),
          unit('102', { name: '李四', phone: '13900139000' }, { area: '76.20' }),
          unit('201', zhang, { area: '120.00' }),
          unit('301', { name: '王五', phone: '13700137000' }),
        ],
        async (communityId) => {
          const [units, communities] = await Promise.all([
            meetings.deps.db.$count(dirHoldings, eq(dirHoldings.communityId, communityId)),
            meetings.deps.db.$count(dirCommunities, eq(dirCommunities.communityId, communityId)),
          ]);
          return units === 4 && communities === 1;
        },
        'the roster in the meetings service',
      );
      const { communityId, token, ownerToken, staffToken } = community;
      return {
        communityId,
        ownerToken,
        committee: () =>
          seedStaff(directory.deps, {
            memberships: [{ communityId, roles: ['committee_admin', 'committee_member'] }],
          }),
        staffToken,
        async announce(overrides = {}, days = 0) {
          const base = `/communities/${communityId}/meetings`;
          const startsAt = new Date(clock.now().getTime() + 5 * 3_600_000);
          const body = meetingBody(
            clock.now(),
            {
              kind: 'deliberation',
              title: '板凳议事：电动车充电桩装在哪里',
              startsAt: new Date(startsAt.getTime() + days * 86_400_000).toISOString(),
              endsAt: new Date(startsAt.getTime() + days * 86_400_000 + 7_200_000).toISOString(),
              place: '3栋楼下凉亭',
              agenda: [
                { title: '充电桩选址', description: '候选：地下车库东侧、3栋北侧空地' },
                { title: '收费方式', description: '' },
              ],
              ...overrides,
            },
            days,
          );
          const draft = await meetings.request(base, { token: await staffToken(), json: body });
          if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${await draft.text()}`);
          const { id } = (await draft.json()) as { id: string };
          const notice = await meetings.request(`${base}/${id}/notice`, {
            token: await staffToken(),
            method: 'POST',
          });
          if (notice.status !== 200) throw new Error(`notice: ${notice.status}`);
          const poster = await meetings.request(`${base}/${id}/check-in`, {
            token: await staffToken(),
          });
          const { code } = (await poster.json()) as { code: string };
          return { id, code };
        },
        async reissue(room) {
          const old = ownerToken(room);
          const holderId = JSON.parse(Buffer.from(old.split('.')[1]!, 'base64url').toString('utf8'))
            .sub as string;
          const res = await directory.request(
            `/communities/${communityId}/owner-links/${holderId}/reissue`,
            { token, method: 'POST' },
          );
          if (res.status !== 200) throw new Error(`reissue: ${res.status} ${await res.text()}`);
          const { url } = (await res.json()) as { url: string };
          const fresh = url.slice(url.indexOf('/o/') + 3);
          await waitFor(
            async () => (await meetings.request('/owner/me', { token: old })).status === 401,
            { message: 'the revocation in the meetings service', timeoutMs: 30_000 },
          );
          return fresh;
        },
      };
    },
  };
}
