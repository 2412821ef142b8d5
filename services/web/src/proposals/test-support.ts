/**
 * The proposals pages' test world: a real directory (staff accounts and sign-in, the roster, the
 * owner page links and the keys that sign them), a real proposals service and a real meetings
 * service (the owner's home), each on its own database and port, the directory's events reaching
 * both services' copies of the roster through the test NATS as in production, and the web in
 * front of them. One manual clock for all. The meetings pages' world (`startWebWorld`) with the
 * proposals service added.
 */
import { randomUUID } from 'node:crypto';
import { serve } from '@yishi/app';
import { agendaItemDecided, meetingNoticePublished } from '@yishi/contracts';
import { unit } from '@yishi/directory/src/roster/test-fixtures.ts';
import { seedStaff } from '@yishi/directory/src/staff/test-fixtures.ts';
import { dirHoldings as meetingsHoldings } from '@yishi/meetings/src/db/schema/index.ts';
import { applyMeetingsEvent } from '@yishi/proposals/src/bus/decisions.ts';
import { startDirectoryProjection as startProposalsProjection } from '@yishi/proposals/src/bus/directory-projection.ts';
import { dirHoldings as proposalsHoldings } from '@yishi/proposals/src/db/schema/index.ts';
import { startTestProposals, type TestProposals } from '@yishi/proposals/src/test-support.ts';
import { uniqueName } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { startWebWorld, type WebWorld } from '../meetings/test-support.ts';
import { proposalsClient } from './client.ts';

/** 09:00 in Beijing: the clock of the world (the meetings pages' harness starts there too). */
export { startOfTest } from '../meetings/test-support.ts';

/** The rooms of the estate, one owner each: a 20% threshold needs 2 of these 6. */
export const rooms = ['101', '102', '201', '202', '301', '302'] as const;

export interface ProposalsWebHarness extends WebWorld {
  proposals: TestProposals;
  estate(): Promise<Estate>;
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
  let proposals: TestProposals | undefined;
  const world = await startWebWorld({
    durable: 'web-proposals-meetings-projection',
    async more({ clock, verifier, ownerVerifier, js }) {
      const service = await startTestProposals({
        now: clock.now,
        verifier: verifier(),
        ownerVerifier: ownerVerifier(),
      });
      proposals = service;
      const projection = await startProposalsProjection({
        db: service.deps.db,
        js,
        durable: uniqueName('web-proposals-projection'),
      });
      const server = await serve(service.app, { port: 0, hostname: '127.0.0.1' });
      return {
        web: { proposals: proposalsClient({ baseUrl: `http://127.0.0.1:${server.port}` }) },
        consumers: [projection],
        async close() {
          await server.close();
          await service.close();
        },
      };
    },
  });
  const { clock, directory, meetings } = world;
  const service = proposals!;

  return {
    ...world,
    proposals: service,
    async estate() {
      const names = ['张三', '李四', '王五', '赵六', '钱七', '孙八'];
      const { communityId, ownerToken, staffToken } = await world.community(
        rooms.map((room, i) => unit(room, { name: names[i]!, phone: `1380013800${i}` })),
        async (communityId) => {
          const [p, m] = await Promise.all([
            service.deps.db.$count(
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
        'the roster in the proposals and meetings services',
      );
      return {
        communityId,
        ownerToken,
        staffToken,
        staffAccount: (roles = ['committee_admin', 'committee_member']) =>
          seedStaff(directory.deps, { memberships: [{ communityId, roles }] }),
        async submit(room, title) {
          // Lists are newest first: a second apart, the latest submission is the newest one
          // rather than tied with the others and ordered by its random id.
          clock.advance(1000);
          const res = await service.request(`/communities/${communityId}/proposals`, {
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
            await service.deps.db.transaction((tx) => applyMeetingsEvent(tx, service.deps, event));
          }
        },
      };
    },
  };
}
