/**
 * The proposals pages' test world: a real directory (staff accounts and sign-in, the roster, the
 * owner page links and the keys that sign them), a real proposals service and a real meetings
 * service (the owner's home), each on its own database and port, the directory's events reaching
 * both services' copies of the roster through the test NATS as in production, and the web in
 * front of them. One manual clock for all.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { createLogger, type ServerHandle, serve } from '@yishi/app';
import { createOwnerVerifier, createVerifier } from '@yishi/auth';
import { ensureStream, type Relay, type RunningConsumer, startRelay } from '@yishi/bus';
import { agendaItemDecided, meetingNoticePublished } from '@yishi/contracts';
import { importRoster, seedStaffToken, unit } from '@yishi/directory/src/roster/test-fixtures.ts';
import { seedStaff } from '@yishi/directory/src/staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '@yishi/directory/src/test-support.ts';
import { startDirectoryProjection as startMeetingsProjection } from '@yishi/meetings/src/bus/directory-projection.ts';
import { dirHoldings as meetingsHoldings } from '@yishi/meetings/src/db/schema/index.ts';
import { startTestMeetings, type TestMeetings } from '@yishi/meetings/src/test-support.ts';
import { applyMeetingsEvent } from '@yishi/proposals/src/bus/decisions.ts';
import { startDirectoryProjection as startProposalsProjection } from '@yishi/proposals/src/bus/directory-projection.ts';
import { dirHoldings as proposalsHoldings } from '@yishi/proposals/src/db/schema/index.ts';
import { startTestProposals, type TestProposals } from '@yishi/proposals/src/test-support.ts';
import { connectTestNats, manualClock, uniqueName, waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { createWebApp } from '../app.ts';
import { ballotsClient } from '../ballots-client.ts';
import { directoryClient } from '../directory-client.ts';
import { meetingsClient } from '../meetings/client.ts';
import { proposalsClient } from './client.ts';

/** 09:00 in Beijing. */
export const startOfTest = new Date('2026-03-02T01:00:00.000Z');

/** The rooms of the estate, one owner each: a 20% threshold needs 2 of these 6. */
export const rooms = ['101', '102', '201', '202', '301', '302'] as const;

export interface ProposalsWebHarness {
  clock: ReturnType<typeof manualClock>;
  directory: TestDirectory;
  proposals: TestProposals;
  meetings: TestMeetings;
  web: ReturnType<typeof createWebApp>;
  /** Every line the web logged, as written. */
  logLines: string[];
  serveWeb(): Promise<{ base: string; server: ServerHandle }>;
  estate(): Promise<Estate>;
  close(): Promise<void>;
}

export interface Estate {
  communityId: string;
  /** The owner page token of a room's owner, from the directory's link export. */
  ownerToken(room: (typeof rooms)[number]): string;
  /** A staff account (signs in through the web) with roles in the community. */
  staffAccount(
    roles?: ('committee_admin' | 'committee_member' | 'party_secretary' | 'grid_worker')[],
  ): Promise<{ login: string; password: string }>;
  /** A committee member's bearer token for the proposals API. */
  staffToken(): Promise<string>;
  /** Submits a proposal through the proposals API as a room's owner; its id. */
  submit(room: (typeof rooms)[number], title: string): Promise<string>;
  /**
   * Puts a proposal on a meeting's agenda and decides it from the minutes, through the proposals
   * service's own handler of the meetings events (as its consumer would apply them).
   */
  decide(proposalId: string, outcome?: 'decided' | 'not_decided'): Promise<void>;
}

export async function startProposalsWebHarness(): Promise<ProposalsWebHarness> {
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
  const proposals = await startTestProposals({
    now: clock.now,
    verifier: verifier(),
    ownerVerifier: ownerVerifier(),
  });
  const meetings = await startTestMeetings({
    now: clock.now,
    verifier: verifier(),
    ownerVerifier: ownerVerifier(),
  });
  const nc = await connectTestNats();
  const js = jetstream(nc);
  await ensureStream(await js.jetstreamManager(), { name: 'DIRECTORY', subjects: ['directory.>'] });
  relay = startRelay({ db: directory.deps.db, js, pollIntervalMs: 50 });
  const projections: RunningConsumer[] = [
    await startProposalsProjection({
      db: proposals.deps.db,
      js,
      durable: uniqueName('web-proposals-projection'),
    }),
    await startMeetingsProjection({
      db: meetings.deps.db,
      js,
      durable: uniqueName('web-proposals-meetings-projection'),
    }),
  ];
  const proposalsServer = await serve(proposals.app, { port: 0, hostname: '127.0.0.1' });
  const meetingsServer = await serve(meetings.app, { port: 0, hostname: '127.0.0.1' });
  const logLines: string[] = [];
  const web = createWebApp({
    ballots: ballotsClient({ baseUrl: 'http://127.0.0.1:9' }),
    staff: { directory: directoryClient({ baseUrl: directoryUrl }), verifier: verifier() },
    meetings: meetingsClient({ baseUrl: `http://127.0.0.1:${meetingsServer.port}` }),
    proposals: proposalsClient({ baseUrl: `http://127.0.0.1:${proposalsServer.port}` }),
    logger: createLogger({ service: 'web', level: 'info', write: (line) => logLines.push(line) }),
    now: clock.now,
  });
  const servers: ServerHandle[] = [];
  const admin = await seedStaff(directory.deps, { platformAdmin: true });

  return {
    clock,
    directory,
    proposals,
    meetings,
    web,
    logLines,
    async serveWeb() {
      const server = await serve(web, { port: 0, hostname: '127.0.0.1' });
      servers.push(server);
      return { base: `http://127.0.0.1:${server.port}`, server };
    },
    async estate() {
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
      const names = ['张三', '李四', '王五', '赵六', '钱七', '孙八'];
      await importRoster(
        directory,
        token,
        communityId,
        rooms.map((room, i) => unit(room, { name: names[i]!, phone: `1380013800${i}` })),
      );
      await waitFor(
        async () => {
          const [p, m] = await Promise.all([
            proposals.deps.db.$count(
              proposalsHoldings,
              eq(proposalsHoldings.communityId, communityId),
            ),
            meetings.deps.db.$count(
              meetingsHoldings,
              eq(meetingsHoldings.communityId, communityId),
            ),
          ]);
          return p === rooms.length && m === rooms.length;
        },
        { message: 'the roster in the proposals and meetings services', timeoutMs: 30_000 },
      );
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
      const ownerToken = (room: string) => {
        const link = links.get(room);
        if (!link) throw new Error(`no owner link for room ${room}`);
        return link;
      };
      const staffToken = () =>
        directory.tokenFor({
          sub: randomUUID(),
          roles: ['committee_admin', 'committee_member'],
          communities: [communityId],
        });
      return {
        communityId,
        ownerToken,
        staffToken,
        staffAccount: (roles = ['committee_admin', 'committee_member']) =>
          seedStaff(directory.deps, { memberships: [{ communityId, roles }] }),
        async submit(room, title) {
          const res = await proposals.request(`/communities/${communityId}/proposals`, {
            token: ownerToken(room),
            json: {
              title,
              description: `${title}。\n具体方案见附件。`,
              category: 'maintenance',
              item: 5,
            },
          });
          if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
          return ((await res.json()) as { id: string }).id;
        },
        async decide(proposalId, outcome = 'decided') {
          const meetingId = randomUUID();
          const agendaItemId = randomUUID();
          const at = clock.now().toISOString();
          const eventDeps = { now: clock.now, newId: randomUUID };
          const notice = meetingNoticePublished.create(
            {
              communityId,
              aggregateId: meetingId,
              payload: {
                meetingId,
                kind: 'owners_assembly',
                form: 'in_person',
                title: '2026年第一次业主大会',
                startsAt: at,
                endsAt: null,
                place: '小区会所',
                organiser: '业主委员会',
                noticePublishedAt: at,
                agenda: [{ agendaItemId, position: 1, title: '议题', proposalId, item: 5 }],
              },
            },
            eventDeps,
          );
          const decided = agendaItemDecided.create(
            {
              communityId,
              aggregateId: meetingId,
              payload: {
                meetingId,
                agendaItemId,
                proposalId,
                item: 5,
                outcome,
                source: 'minutes',
                ballotId: null,
                matterId: null,
                decidedAt: at,
              },
            },
            eventDeps,
          );
          for (const event of [notice, decided]) {
            await proposals.deps.db.transaction((tx) =>
              applyMeetingsEvent(tx, proposals.deps, event),
            );
          }
        },
      };
    },
    async close() {
      for (const server of servers) await server.close();
      for (const p of projections) await p.stop();
      await relay?.stop();
      await nc.close();
      await proposalsServer.close();
      await meetingsServer.close();
      await directoryServer.close();
      await proposals.close();
      await meetings.close();
      await directory.close();
    },
  };
}
