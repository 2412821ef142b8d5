/**
 * A real ballots service (its own database on the harness PostgreSQL, served over HTTP on a free
 * port) and the web in front of it, with ballots to vote on.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { createLogger, type ServerHandle, serve } from '@yishi/app';
import { createVerifier, type StaffClaimsInput, type StaffRole } from '@yishi/auth';
import { closeDueBallots } from '@yishi/ballots/src/ballots/scheduler.ts';
import { startDirectoryProjection } from '@yishi/ballots/src/bus/directory-projection.ts';
import { dirUnits } from '@yishi/ballots/src/db/schema/index.ts';
import {
  draftBody,
  manualClock,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '@yishi/ballots/src/test-support.ts';
import { ensureStream, type Relay, type RunningConsumer, startRelay } from '@yishi/bus';
import { seedStaff } from '@yishi/directory/src/staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '@yishi/directory/src/test-support.ts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { createWebApp } from './app.ts';
import { ballotsClient } from './ballots-client.ts';
import { ballotsStaffClient } from './ballots-staff-client.ts';
import { directoryClient } from './directory-client.ts';
import type { SessionDeps } from './staff/session.ts';

/**
 * The staff side: a real directory (its own database, served over HTTP) whose tokens the web and
 * the ballots service verify through its JWKS, and whose outbox reaches the ballots service's
 * projection through the test NATS, as in production.
 */
export interface StaffHarness {
  directory: TestDirectory;
  directoryServer: ServerHandle;
  /** Registers a community through the directory's API (its event reaches the ballots service). */
  newCommunity(name?: string): Promise<string>;
  /** A staff account with `roles` in the community, with its login and password. */
  newStaff(
    communityId: string,
    roles: Exclude<StaffRole, 'platform_admin'>[],
  ): Promise<{ id: string; login: string; password: string; displayName: string }>;
  /** Waits until the ballots service's projection holds `count` units of the community. */
  waitForUnits(communityId: string, count: number): Promise<void>;
}

export interface WebHarness {
  ballots: TestBallots;
  clock: ReturnType<typeof manualClock>;
  web: ReturnType<typeof createWebApp>;
  ballotsServer: ServerHandle;
  /** Present when started with `{ staff: true }`. */
  staff?: StaffHarness;
  /** Drafts and opens a ballot of two matters for four owners; answers each owner's link token. */
  openBallot(
    overrides?: Record<string, unknown>,
    options?: {
      opensInMs?: number;
      /** A community registered in the directory (with `{ staff: true }`); a new id otherwise. */
      communityId?: string;
      attach?: { fileName: string; type: string; bytes: Uint8Array };
    },
  ): Promise<{
    links: Record<'a' | 'b' | 'c' | 'd', string>;
    ballotId: string;
    phones: Map<string, string>;
    reissue(owner: string): Promise<string>;
    /** Moves the clock past the close, lets the scheduler close it, and publishes the result. */
    closeAndPublish(options?: { publishInMs?: number }): Promise<void>;
  }>;
  close(): Promise<void>;
}

/** `{ staff: true }` also starts a directory, the relay and the projection (see StaffHarness). */
export async function startWebHarness(options: { staff?: boolean } = {}): Promise<WebHarness> {
  const clock = manualClock(new Date());
  const stops: (() => Promise<unknown>)[] = [];
  let staff: StaffHarness | undefined;
  let sessionDeps: SessionDeps | undefined;
  let ballots: TestBallots;
  let tokenFor: (claims: StaffClaimsInput) => Promise<string>;
  if (options.staff) {
    let relay: Relay | undefined;
    const directory = await startTestDirectory({
      now: clock.now,
      wakeRelay: () => relay?.wake(),
    });
    const directoryServer = await serve(directory.app, { port: 0, hostname: '127.0.0.1' });
    const directoryUrl = `http://127.0.0.1:${directoryServer.port}`;
    const verifier = () =>
      createVerifier({
        jwksUrl: `${directoryUrl}/.well-known/jwks.json`,
        issuer: 'yishi-directory',
        audience: 'yishi',
        now: clock.now,
      });
    ballots = await startTestBallots({ now: clock.now, verifier: verifier() });
    const nc = await connectTestNats();
    const js = jetstream(nc);
    // One DIRECTORY stream per test run, as in production; each harness its own durable.
    await ensureStream(await js.jetstreamManager(), {
      name: 'DIRECTORY',
      subjects: ['directory.>'],
    });
    relay = startRelay({ db: directory.deps.db, js, pollIntervalMs: 50 });
    const projection: RunningConsumer = await startDirectoryProjection({
      db: ballots.deps.db,
      js,
      keys: ballots.deps.links,
      durable: uniqueName('web-projection'),
    });
    stops.push(
      () => projection.stop(),
      () => relay!.stop(),
      () => nc.close(),
      () => directoryServer.close(),
      () => directory.close(),
    );
    sessionDeps = { directory: directoryClient({ baseUrl: directoryUrl }), verifier: verifier() };
    tokenFor = directory.tokenFor;
    const admin = await seedStaff(directory.deps, { platformAdmin: true });
    const b = ballots;
    staff = {
      directory,
      directoryServer,
      async newCommunity(name = '幸福里小区') {
        const token = await directory.tokenFor({
          sub: admin.id,
          roles: ['platform_admin'],
          communities: [],
        });
        const res = await directory.request('/communities', {
          token,
          json: { name, street: '城关街道', neighbourhood: '幸福社区' },
        });
        if (res.status !== 201) throw new Error(`community: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      },
      async newStaff(communityId, roles) {
        const account = await seedStaff(directory.deps, {
          memberships: [{ communityId, roles }],
        });
        return { ...account, displayName: `测试 ${account.login}` };
      },
      async waitForUnits(communityId, count) {
        await waitFor(
          async () =>
            (await b.deps.db.$count(dirUnits, eq(dirUnits.communityId, communityId))) === count,
          { message: `${count} units of the roster in the ballots service`, timeoutMs: 30_000 },
        );
      },
    };
  } else {
    ballots = await startTestBallots({ now: clock.now });
    tokenFor = ballots.tokenFor;
  }
  const ballotsServer = await serve(ballots.app, { port: 0, hostname: '127.0.0.1' });
  const ballotsUrl = `http://127.0.0.1:${ballotsServer.port}`;
  const web = createWebApp({
    ballots: ballotsClient({ baseUrl: ballotsUrl }),
    logger: createLogger({ service: 'web', level: 'silent' }),
    now: clock.now,
    ...(sessionDeps
      ? { staff: sessionDeps, ballotsStaff: ballotsStaffClient({ baseUrl: ballotsUrl }) }
      : {}),
  });
  return {
    ballots,
    clock,
    web,
    ballotsServer,
    ...(staff ? { staff } : {}),
    async openBallot(overrides = {}, options = {}) {
      const communityId = options.communityId ?? randomUUID();
      const roster = rosterEvents(communityId, [
        { building: '1', room: '101', area: '100.00', owner: 'a' },
        { building: '1', room: '102', area: '80.00', owner: 'b' },
        { building: '2', room: '101', area: '70.00', owner: 'a' },
        { building: '2', room: '201', area: '90.00', owner: 'c' },
        { building: '3', room: '301', area: '95.50', owner: 'd' },
      ]);
      await ballots.project(roster.events);
      // Roles held in this community (and their union, for tokens of either shape).
      const roles = ['committee_admin', 'committee_member'] as const;
      const claims = {
        sub: randomUUID(),
        roles: [...roles],
        communities: [communityId],
        communityRoles: { [communityId]: [...roles] },
      };
      const token = await tokenFor(claims);
      const base = `/communities/${communityId}/ballots`;
      const opensAt = new Date(clock.now().getTime() + (options.opensInMs ?? 0));
      const body = draftBody(opensAt, { title: '更换消防门并增设电动车充电桩', ...overrides });
      if (!('matters' in overrides)) {
        body.matters = [
          {
            item: 6,
            title: '使用维修资金更换全部楼栋消防门',
            body: '预算38.6万元，从公共维修资金列支。',
          },
          {
            item: 9,
            title: '在地下车库增设电动车充电桩',
            body: '由供电公司出资建设，业主按次付费。',
          },
        ];
      }
      const drafted = await ballots.request(base, { token, json: body });
      if (drafted.status !== 201)
        throw new Error(`draft: ${drafted.status} ${await drafted.text()}`);
      const ballot = (await drafted.json()) as { id: string; matters: { id: string }[] };
      if (options.attach) {
        const form = new FormData();
        const { fileName, type, bytes } = options.attach;
        form.set('file', new File([bytes], fileName, { type }));
        const res = await ballots.app.request(
          `${base}/${ballot.id}/matters/${ballot.matters[0]!.id}/attachments`,
          { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form },
        );
        if (res.status !== 201) throw new Error(`attach: ${res.status} ${await res.text()}`);
      }
      const opened = await ballots.request(`${base}/${ballot.id}/open`, { token, method: 'POST' });
      expect(opened.status).toBe(200);
      // Links come the way a committee gets them: issuing a fresh one for a holder key.
      const issue = async (owner: string) => {
        const holderKey = encodeURIComponent(roster.holderKeys.get(owner)!);
        const res = await ballots.request(`${base}/${ballot.id}/credentials/${holderKey}/reissue`, {
          token,
          json: { reason: '测试发放' },
        });
        expect(res.status).toBe(201);
        const { link } = (await res.json()) as { link: string };
        return link.slice(link.lastIndexOf('/v/') + 3);
      };
      const linkOf = issue;
      return {
        ballotId: ballot.id,
        phones: roster.phones,
        links: {
          a: await linkOf('a'),
          b: await linkOf('b'),
          c: await linkOf('c'),
          d: await linkOf('d'),
        },
        reissue: issue,
        async closeAndPublish(publishOptions = {}) {
          clock.set(new Date(Date.parse(body.window.closesAt) + 1000));
          expect(await closeDueBallots(ballots.deps)).toBeGreaterThanOrEqual(1);
          const from = new Date(clock.now().getTime() + (publishOptions.publishInMs ?? 0));
          const published = await ballots.request(`${base}/${ballot.id}/publish`, {
            token: await tokenFor(claims),
            json: {
              from: from.toISOString(),
              until: new Date(from.getTime() + 20 * 86_400_000).toISOString(),
            },
          });
          if (published.status !== 200) {
            throw new Error(`publish: ${published.status} ${await published.text()}`);
          }
        },
      };
    },
    async close() {
      await ballotsServer.close();
      await ballots.close();
      for (const stop of stops) await stop();
    },
  };
}
