/**
 * Issue 7 across the real services, through the real NATS and each service's own PostgreSQL
 * database: the directory's roster reaches every projection; owners raise a proposal and co-sign
 * it past its threshold with the page links the directory issued; the committee puts it on a
 * written owners' assembly; the assembly's ballot is drafted from the meeting, opened and voted
 * on paper; its close certifies the result; the meeting's item and the proposal end decided; and
 * notifications sends every notice on the way to a local SMS gateway and the in-app inbox.
 */

import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createOwnerVerifier, createVerifier } from '@yishi/auth';
import { closeDueBallots } from '@yishi/ballots/src/ballots/scheduler.ts';
import { startDirectoryProjection as startBallotsDirectory } from '@yishi/ballots/src/bus/directory-projection.ts';
import { startMeetingsConsumer as startBallotsMeetings } from '@yishi/ballots/src/bus/meetings-consumer.ts';
import { startTestBallots, type TestBallots } from '@yishi/ballots/src/test-support.ts';
import { ensureStream, type RunningConsumer, startRelay } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { writeRosterXlsx } from '@yishi/directory/src/roster-file/index.ts';
import { createStaff } from '@yishi/directory/src/staff/create-staff.ts';
import { startTestDirectory, type TestDirectory } from '@yishi/directory/src/test-support.ts';
import { startBallotsConsumer as startMeetingsResults } from '@yishi/meetings/src/bus/ballots-consumer.ts';
import { startDirectoryProjection as startMeetingsDirectory } from '@yishi/meetings/src/bus/directory-projection.ts';
import { startTestMeetings, type TestMeetings } from '@yishi/meetings/src/test-support.ts';
import { startDecisionConsumers } from '@yishi/proposals/src/bus/decisions.ts';
import { startDirectoryProjection as startProposalsDirectory } from '@yishi/proposals/src/bus/directory-projection.ts';
import { startTestProposals, type TestProposals } from '@yishi/proposals/src/test-support.ts';
import { connectTestNats, manualClock, uniqueName, waitFor } from '@yishi/testing';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBallotsConsumer } from '../src/bus/ballots-consumer.ts';
import { startDirectoryProjection } from '../src/bus/directory-projection.ts';
import { startMeetingsConsumer } from '../src/bus/meetings-consumer.ts';
import { startProposalsConsumer } from '../src/bus/proposals-consumer.ts';
import { createWebhookSms } from '../src/channels/webhook-sms.ts';
import { deliveries, holdings, inboxMessages, staffMembers } from '../src/db/schema/index.ts';
import { startTestGateway, type TestGateway } from '../src/test-gateway.ts';
import { startTestNotifications, type TestNotifications } from '../src/test-support.ts';

const DAY = 86_400_000;
// 10:00 in Shanghai, so no SMS waits for the end of quiet hours.
const clock = manualClock(new Date('2026-03-02T02:00:00.000Z'));
let nc: NatsConnection;
let gateway: TestGateway;
let directory: TestDirectory;
let proposals: TestProposals;
let meetings: TestMeetings;
let ballots: TestBallots;
let notifications: TestNotifications;
const running: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  nc = await connectTestNats();
  const jsm = await jetstreamManager(nc);
  for (const name of ['DIRECTORY', 'PROPOSALS', 'MEETINGS']) {
    await ensureStream(jsm, { name, subjects: [`${name.toLowerCase()}.>`] });
  }
  await ensureStream(jsm, streams.ballots);
  gateway = await startTestGateway();
  directory = await startTestDirectory({ now: clock.now });
  // Every service verifies staff and owner tokens with the directory's keys, as in production.
  const keys = directory.deps.keys.all;
  const verifier = createVerifier({
    keys,
    issuer: 'yishi-directory',
    audience: 'yishi',
    now: clock.now,
  });
  const ownerVerifier = createOwnerVerifier({ keys, issuer: 'yishi-directory', now: clock.now });
  proposals = await startTestProposals({ now: clock.now, verifier, ownerVerifier });
  meetings = await startTestMeetings({ now: clock.now, verifier, ownerVerifier });
  ballots = await startTestBallots({ now: clock.now, verifier });
  notifications = await startTestNotifications({ now: clock.now, verifier });
  notifications.deps.channels.sms = createWebhookSms({
    url: `${gateway.url}/sms`,
    secret: 'webhook-secret-of-at-least-32-characters',
    now: clock.now,
  });

  const js = jetstream(nc);
  running.push(
    startRelay({ db: directory.deps.db, js, pollIntervalMs: 20 }),
    startRelay({ db: proposals.deps.db, js, pollIntervalMs: 20 }),
    startRelay({ db: meetings.deps.db, js, pollIntervalMs: 20 }),
    startRelay({ db: ballots.deps.db, js, pollIntervalMs: 20 }),
  );
  const durable = (name: string) => uniqueName(name);
  const consumers: (RunningConsumer | Promise<RunningConsumer>)[] = [
    startBallotsDirectory({
      db: ballots.deps.db,
      js,
      keys: ballots.deps.links,
      durable: durable('ballots_dir'),
    }),
    startBallotsMeetings({ deps: ballots.deps, js, stream: 'MEETINGS', durable: durable('b_m') }),
    startMeetingsDirectory({ db: meetings.deps.db, js, durable: durable('meetings_dir') }),
    startMeetingsResults({ deps: meetings.deps, js, durable: durable('meetings_results') }),
    startProposalsDirectory({ db: proposals.deps.db, js, durable: durable('proposals_dir') }),
    startDirectoryProjection({ deps: notifications.deps, js, durable: durable('n_dir') }),
    startBallotsConsumer({
      deps: notifications.deps,
      js,
      durable: durable('n_ballots'),
      filterSubjects: ['ballots.*.*.*'],
    }),
    startMeetingsConsumer({ deps: notifications.deps, js, durable: durable('n_meetings') }),
    startProposalsConsumer({ deps: notifications.deps, js, durable: durable('n_proposals') }),
  ];
  running.push(...(await Promise.all(consumers)));
  running.push(
    ...(await startDecisionConsumers({
      db: proposals.deps.db,
      js,
      deps: proposals.deps,
      durablePrefix: durable('proposals'),
    })),
  );
});

afterAll(async () => {
  for (const r of running.reverse()) await r.stop();
  for (const s of [notifications, ballots, meetings, proposals, directory]) await s?.close();
  await gateway?.close();
  await nc?.close();
});

type Sms = { to: string; text: string; kind: string };
const sms = () => gateway.received.map((r) => JSON.parse(r.body) as Sms);

/** Six flats in two buildings; every owner has a mobile number. */
const rooms = [
  ['1', '101', '90.00'],
  ['1', '102', '90.00'],
  ['1', '201', '110.00'],
  ['2', '101', '80.00'],
  ['2', '102', '80.00'],
  ['2', '201', '120.00'],
] as const;
const phoneOf = (i: number) => `1370000${String(process.pid % 1000).padStart(3, '0')}${i}`;

async function json<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as T;
}

it('takes a proposal from its co-signatures to a decision of a written assembly, with the notices sent', async () => {
  // The directory: an operator creates the platform admin; the rest goes through its API.
  const operator = await createStaff(directory.deps, {
    actor: { system: 'cli' },
    login: uniqueName('ops'),
    displayName: '平台管理员',
    password: 'a-long-enough-password-1',
    platformAdmin: true,
    memberships: [],
  });
  const ops = await directory.tokenFor({
    sub: operator.id,
    roles: ['platform_admin'],
    communities: [],
  });
  const community = await json<{ id: string }>(
    directory.request('/communities', {
      token: ops,
      json: {
        name: '幸福里',
        street: '幸福街道',
        neighbourhood: '幸福里社区',
        parkingIncluded: false,
      },
    }),
    201,
  );
  const communityId = community.id;
  const bytes = await writeRosterXlsx(
    rooms.map(([building, room, area], i) => ({
      building: `${building}号楼`,
      entrance: '1单元',
      room,
      floor: Number(room.slice(0, 1)),
      kind: 'residence' as const,
      area,
      areaBasis: 'registered' as const,
      owner: { name: `业主${i + 1}`, kind: 'person' as const, phone: phoneOf(i), idLast4: null },
      coOwners: [],
      developerUnsold: false,
    })),
  );
  const { importId } = await json<{ importId: string }>(
    directory.app.request(`/communities/${communityId}/roster/imports?fileName=roster.xlsx`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ops}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: bytes,
    }),
    202,
  );
  const importPath = `/communities/${communityId}/roster/imports/${importId}`;
  const importStatus = () =>
    json<{ status: string }>(directory.request(importPath, { token: ops })).then((i) => i.status);
  await waitFor(async () => (await importStatus()) === 'ready', { message: 'the roster checked' });
  await json(directory.request(`${importPath}/apply`, { token: ops, method: 'POST' }), 202);
  await waitFor(async () => (await importStatus()) === 'applied', {
    message: 'the roster applied',
  });

  const staff = async (role: 'committee_admin' | 'party_secretary', phone: string) => {
    const account = await json<{ id: string }>(
      directory.request('/staff', {
        token: ops,
        json: {
          login: uniqueName(role.replace('_', '')),
          displayName: role === 'committee_admin' ? '业委会主任' : '社区书记',
          password: 'a-long-enough-password-2',
          memberships: [{ communityId, roles: [role] }],
        },
      }),
      201,
    );
    await json(
      directory.request(`/staff/${account.id}/contact`, {
        token: ops,
        method: 'PUT',
        json: { phone, email: null, wechatOpenId: null, preferredChannel: 'sms', locale: 'zh-CN' },
      }),
    );
    return account.id;
  };
  const adminId = await staff('committee_admin', '13900000001');
  await staff('party_secretary', '13900000002');
  const committee = () =>
    directory.tokenFor({ sub: adminId, roles: ['committee_admin'], communities: [communityId] });

  // Owners' page links, from the directory, per unit.
  const units = await json<{
    items: { id: string; building: string; room: string; holder: { id: string } | null }[];
  }>(
    directory.request(`/communities/${communityId}/units?limit=100`, { token: await committee() }),
  );
  expect(units.items).toHaveLength(6);
  const ownerToken = async (room: string, building: string) => {
    const unit = units.items.find((u) => u.room === room && u.building === building)!;
    const link = await json<{ url: string }>(
      directory.request(`/communities/${communityId}/units/${unit.id}/owner-link`, {
        token: await committee(),
      }),
    );
    return link.url.split('/o/')[1]!;
  };

  // Every projection has the roster (and notifications the staff's contacts).
  await waitFor(
    async () =>
      (await notifications.deps.db.$count(holdings, eq(holdings.communityId, communityId))) === 6 &&
      (await notifications.deps.db.$count(
        staffMembers,
        and(eq(staffMembers.communityId, communityId), isNotNull(staffMembers.phone)),
      )) === 2,
    { message: 'the roster and the staff in notifications' },
  );
  await waitFor(
    async () => {
      const res = await proposals.request(`/communities/${communityId}/proposal-settings`, {
        token: await committee(),
      });
      return res.status === 200 && ((await res.json()) as { base: number }).base === 6;
    },
    { message: 'the roster in proposals' },
  );

  // An owner raises a proposal; two others co-sign: 20% of 6 owner keys is 2.
  const author = await ownerToken('101', '1号楼');
  const proposal = await json<{ id: string; cosign: { required: number } }>(
    proposals.request(`/communities/${communityId}/proposals`, {
      token: author,
      json: {
        title: '更换1号楼消防门',
        description: '1号楼消防门老化，建议更换。',
        category: 'safety',
        item: 9,
      },
    }),
    201,
  );
  expect(proposal.cosign.required).toBe(2);
  for (const [room, building] of [
    ['102', '1号楼'],
    ['101', '2号楼'],
  ] as const) {
    await json(
      proposals.request(`/communities/${communityId}/proposals/${proposal.id}/cosign`, {
        token: await ownerToken(room, building),
        method: 'POST',
      }),
    );
  }
  const proposalNow = () =>
    json<{ status: string; decision: { outcome: string } | null }>(
      proposals.request(`/communities/${communityId}/proposals/${proposal.id}`, {
        token: author,
      }),
    );
  expect((await proposalNow()).status).toBe('threshold_reached');

  // The committee puts it on a written owners' assembly 20 days out; the notice goes out.
  const startsAt = new Date(clock.now().getTime() + 20 * DAY);
  const endsAt = new Date(startsAt.getTime() + 7 * DAY);
  const meeting = await json<{ id: string }>(
    meetings.request(`/communities/${communityId}/meetings`, {
      token: await committee(),
      json: {
        kind: 'owners_assembly',
        form: 'in_writing',
        title: '2026年第一次业主大会（书面）',
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        place: '书面征求意见',
        agenda: [
          {
            title: '更换1号楼消防门',
            description: '1号楼消防门老化，建议更换。',
            proposalId: proposal.id,
            item: 9,
          },
        ],
      },
    }),
    201,
  );
  const noticed = await json<{ ballotId: string; agenda: { matterId: string }[] }>(
    meetings.request(`/communities/${communityId}/meetings/${meeting.id}/notice`, {
      token: await committee(),
      method: 'POST',
    }),
  );
  const { ballotId } = noticed;
  const matterId = noticed.agenda[0]!.matterId;
  await waitFor(async () => (await proposalNow()).status === 'on_agenda', {
    message: 'the proposal on the agenda',
  });

  // The ballots service drafted the assembly's ballot; the committee opens it when voting starts.
  const ballotPath = `/communities/${communityId}/ballots/${ballotId}`;
  await waitFor(
    async () => (await ballots.request(ballotPath, { token: await committee() })).status === 200,
    { message: 'the drafted ballot' },
  );
  clock.set(new Date(startsAt.getTime() + 60_000));
  await json(ballots.request(`${ballotPath}/open`, { token: await committee(), method: 'POST' }));
  await waitFor(async () => (await proposalNow()).status === 'in_ballot', {
    message: 'the proposal in the ballot',
  });

  // Each owner gets a personal voting link while the ballot is open.
  await waitFor(
    async () =>
      (await notifications.deps.db.$count(
        deliveries,
        and(
          eq(deliveries.communityId, communityId),
          eq(deliveries.kind, 'ballot_opened'),
          eq(deliveries.medium, 'sms'),
        ),
      )) === 6,
    { message: 'the voting links planned' },
  );
  await notifications.dispatch();

  // Five of six owners vote on paper, all agreeing.
  for (const [building, room] of rooms.slice(0, 5)) {
    await json(
      ballots.request(`${ballotPath}/paper-votes`, {
        token: await committee(),
        json: {
          unit: { building: `${building}号楼`, entrance: '1单元', room },
          channel: 'paper',
          reference: `纸质表决票-${building}-${room}`,
          choices: [{ matterId, choice: 'agree' }],
        },
      }),
      201,
    );
  }
  clock.set(new Date(endsAt.getTime() + 60_000));
  expect(await closeDueBallots(ballots.deps)).toBe(1);

  // The meeting's item and the proposal follow the certified result by themselves.
  const decided = await waitFor(
    async () => {
      const p = await proposalNow();
      return p.status === 'decided' ? p : undefined;
    },
    { message: 'the proposal decided' },
  );
  // Certified is not final (a re-certification may change it): owners see it once published.
  expect(decided.decision).toBeNull();
  const held = await json<{ status: string; agenda: { decision: { outcome: string } | null }[] }>(
    meetings.request(`/communities/${communityId}/meetings/${meeting.id}`, {
      token: await committee(),
    }),
  );
  expect(held.agenda[0]!.decision?.outcome).toBe('decided');

  // The committee publishes the result (公示): the decision is final, and owners are told it.
  await json(
    ballots.request(`${ballotPath}/publish`, {
      token: await committee(),
      json: {
        from: clock.now().toISOString(),
        until: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
      },
    }),
  );

  // The notices: planned once per recipient, and handed to the gateway and the inbox.
  await waitFor(
    async () =>
      (await notifications.deps.db.$count(
        deliveries,
        and(eq(deliveries.communityId, communityId), eq(deliveries.kind, 'proposal_decided')),
      )) > 0,
    { message: 'the decision notice planned' },
  );
  expect((await proposalNow()).decision?.outcome).toBe('decided');
  await waitFor(
    async () =>
      (await notifications.deps.db.$count(
        deliveries,
        and(eq(deliveries.communityId, communityId), eq(deliveries.kind, 'results_published')),
      )) > 0,
    { message: 'the result notice planned' },
  );
  await notifications.dispatch();
  const rows = await notifications.deps.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.communityId, communityId));
  const sent = (kind: string, medium: string) =>
    rows.filter((r) => r.kind === kind && r.medium === medium && r.status === 'sent').length;
  expect(sent('proposal_threshold_staff', 'sms')).toBe(2);
  expect(sent('proposal_threshold_owners', 'sms')).toBe(3);
  expect(sent('meeting_notice', 'sms')).toBe(6);
  expect(sent('ballot_opened', 'sms')).toBe(6);
  expect(sent('proposal_decided', 'sms')).toBe(6);
  expect(sent('proposal_decided', 'inbox')).toBe(6);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);

  const texts = sms();
  const decisionTo = texts.filter((m) => m.kind === 'proposal_decided');
  expect(new Set(decisionTo.map((m) => m.to))).toEqual(new Set(rooms.map((_, i) => phoneOf(i))));
  expect(decisionTo[0]!.text).toContain('议题「更换1号楼消防门」经业主表决，已形成决定。');
  const noticeText = texts.find((m) => m.kind === 'meeting_notice')!.text;
  expect(noticeText).toContain('以书面形式征求意见');
  expect(noticeText).toContain(`/m/${meeting.id}`);
  const committeeText = texts.find((m) => m.to === '13900000001')!.text;
  expect(committeeText).toContain('业委会应组织召开业主大会临时会议');
  const box = await notifications.deps.db
    .select({ kind: inboxMessages.kind })
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.communityId, communityId),
        inArray(inboxMessages.kind, ['meeting_notice', 'proposal_decided']),
      ),
    );
  expect(box).toHaveLength(12);
  // Nothing more to send: a second pass hands nothing to the gateway.
  const before = gateway.received.length;
  await notifications.dispatch();
  expect(gateway.received.length).toBe(before);
});
