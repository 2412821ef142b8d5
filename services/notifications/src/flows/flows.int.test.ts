import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { credentialIssued, voteCast, voteCastV1 } from '@yishi/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSms } from '../channels/webhook-sms.ts';
import { deliveries } from '../db/schema/index.ts';
import { startTestGateway, type TestGateway } from '../test-gateway.ts';
import {
  ballotFixture,
  manualClock,
  startTestNotifications,
  type TestNotifications,
} from '../test-support.ts';
import { runDueReminders } from './reminders.ts';

const secret = 'webhook-secret-of-at-least-32-characters';
let gateway: TestGateway;
let t: TestNotifications;
const clock = manualClock(new Date('2026-03-02T02:00:00.000Z'));

beforeAll(async () => {
  gateway = await startTestGateway();
  t = await startTestNotifications({ now: clock.now });
  t.deps.channels.sms = createWebhookSms({ url: `${gateway.url}/sms`, secret, now: clock.now });
});
afterAll(async () => {
  await t?.close();
  await gateway?.close();
});

/** The gateway's side: recomputes the signature over the raw body and compares in constant time. */
function signatureIsValid(req: TestGateway['received'][number]): boolean {
  const ts = String(req.headers['x-yishi-timestamp']);
  const given = Buffer.from(String(req.headers['x-yishi-signature']));
  const expected = Buffer.from(
    `v1=${createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')}`,
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const smsTo = (community: string, to: string) =>
  gateway.received
    .map((r) => ({
      req: r,
      body: JSON.parse(r.body) as { to: string; text: string; kind: string },
    }))
    .filter((r) => r.body.to === to && r.body.text.includes(community));

const voted = (f: ReturnType<typeof ballotFixture>, holderKeys: string[]) =>
  voteCast.create({
    communityId: f.communityId,
    aggregateId: f.ballotId,
    payload: {
      ballotId: f.ballotId,
      votes: holderKeys.map((holderKey) => ({
        holderKey,
        matterIds: [f.ballotId],
        channel: 'web' as const,
        changed: false,
      })),
    },
  });

/** Version 1 (one owner per event), as still found in a stream written before the upgrade. */
const votedV1 = (f: ReturnType<typeof ballotFixture>, holderKey: string) =>
  voteCastV1.create({
    communityId: f.communityId,
    aggregateId: f.ballotId,
    payload: {
      ballotId: f.ballotId,
      matterIds: [f.ballotId],
      holderKey,
      channel: 'web',
      changed: false,
    },
  });

describe('ballot opened', () => {
  it('sends each owner their personal link once, lists the unreachable for letters, fills the inbox', async () => {
    clock.set(new Date('2026-03-02T02:00:00.000Z'));
    const name = `开放小区${Date.now()}`;
    const f = ballotFixture(
      [
        { room: '101', phone: '+86 139 0000 0101' },
        { room: '102', phone: '13900000102', coOwners: 1 },
        { room: '103', phone: null },
      ],
      { communityName: name },
    );
    await t.apply(f.directory);
    await t.apply(f.credentials);
    // The same events again (a redelivery that got past the inbox): nothing new is planned.
    await t.apply(f.credentials);
    await t.dispatch();

    const a = smsTo(name, '13900000101');
    const b = smsTo(name, '13900000102');
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]!.body.text).toContain(f.holders[0]!.link);
    expect(a[0]!.body.text).toContain('2026年3月15日 18:00');
    expect(b[0]!.body.text).toContain(f.holders[1]!.link);
    expect(signatureIsValid(a[0]!.req)).toBe(true);
    expect(a[0]!.req.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    const token = await t.committeeToken(f.communityId);
    const letters = await t.request(`/communities/${f.communityId}/ballots/${f.ballotId}/letters`, {
      token,
    });
    expect(letters.status).toBe(200);
    const { items } = (await letters.json()) as {
      items: { units: string; link: string; names: string }[];
    };
    expect(items).toEqual([
      {
        holderKey: f.holders[2]!.holderKey,
        units: '1-1-103',
        names: '业主103',
        link: f.holders[2]!.link,
      },
    ]);

    const inbox = await t.request(`/owners/inbox?link=${encodeURIComponent(f.holders[0]!.link)}`);
    expect(inbox.status).toBe(200);
    const messages = ((await inbox.json()) as { items: { kind: string; body: string }[] }).items;
    expect(messages.map((m) => m.kind)).toEqual(['ballot_opened']);
    expect(messages[0]!.body).toContain(name);
    const forged = f.holders[0]!.link.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    expect((await t.request(`/owners/inbox?link=${encodeURIComponent(forged)}`)).status).toBe(404);

    const sent = await t.request(`/communities/${f.communityId}/deliveries?status=sent&limit=100`, {
      token,
    });
    const page = (await sent.json()) as { items: { medium: string; address: string | null }[] };
    expect(page.items.filter((d) => d.medium === 'sms')).toHaveLength(2);
    expect(page.items.filter((d) => d.medium === 'inbox')).toHaveLength(3);
    expect(page.items.find((d) => d.medium === 'sms')?.address).toMatch(/^139\*{4}\d{4}$/);
    expect(JSON.stringify(page)).not.toContain('/v/');
  });
});

describe('link re-issued', () => {
  it('sends both links in order when the first and the re-issued one arrive in one batch', async () => {
    clock.set(new Date('2026-03-02T02:00:00.000Z'));
    const f = ballotFixture([{ room: '201', phone: '13900000201' }]);
    const first = f.credentials[0]!;
    const newLink = `https://vote.example.cn/v/${randomUUID()}.${'n'.repeat(32)}`;
    const reissued = credentialIssued.create(
      {
        communityId: f.communityId,
        aggregateId: f.ballotId,
        payload: { ...first.payload, linkUrl: newLink },
      },
      { now: () => new Date(Date.parse(first.occurredAt) + 1_000), newId: randomUUID },
    );
    await t.apply(f.directory);
    await t.apply([first, reissued]);

    const planned = await t.deps.db
      .select({ kind: deliveries.kind, sourceId: deliveries.sourceId })
      .from(deliveries)
      .where(and(eq(deliveries.communityId, f.communityId), eq(deliveries.medium, 'sms')));
    expect(planned.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'ballot_opened', sourceId: first.id },
      { kind: 'link_reissued', sourceId: reissued.id },
    ]);
    const open = (link: string) => t.request(`/owners/inbox?link=${encodeURIComponent(link)}`);
    expect((await open(newLink)).status).toBe(200);
    expect((await open(f.holders[0]!.link)).status).toBe(404);
    await t.dispatch();
    const texts = gateway.received.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(texts.filter((text) => text.includes(newLink))).toHaveLength(1);
  });
});

describe('a channel that is down', () => {
  it('is retried with growing delays, then the delivery is dead and listed for the committee', async () => {
    clock.set(new Date('2026-03-02T03:00:00.000Z'));
    const name = `故障小区${Date.now()}`;
    const f = ballotFixture([{ room: '201', phone: '13900000201' }], { communityName: name });
    await t.apply(f.directory);
    gateway.respond(() => ({ status: 503, json: { error: 'maintenance' } }));
    await t.apply(f.credentials);
    const row = async () =>
      (
        await t.deps.db
          .select()
          .from(deliveries)
          .where(and(eq(deliveries.communityId, f.communityId), eq(deliveries.medium, 'sms')))
      )[0]!;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await t.dispatch();
      const r = await row();
      expect(r.attempts).toBe(attempt);
      if (attempt < 4) {
        expect(r.status).toBe('queued');
        delays.push(r.nextAttemptAt.getTime() - clock.now().getTime());
        // Not due a moment before its time.
        clock.set(new Date(r.nextAttemptAt.getTime() - 1));
        expect(await t.dispatch()).toBe(0);
        clock.set(r.nextAttemptAt);
      }
    }
    expect(delays[0]).toBeGreaterThanOrEqual(800);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
    expect(smsTo(name, '13900000201')).toHaveLength(4);
    const dead = await row();
    expect(dead.status).toBe('dead');

    const token = await t.committeeToken(f.communityId);
    const list = await t.request(`/communities/${f.communityId}/deliveries?status=dead`, { token });
    const body = (await list.json()) as {
      items: { id: string; lastError: string; providerResponse: unknown }[];
    };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]!.lastError).toBe('HTTP 503');
    expect(body.items[0]!.providerResponse).toEqual({ error: 'maintenance' });

    gateway.respond(() => ({ status: 200, json: { id: 'gw-1' } }));
    const retried = await t.request(`/communities/${f.communityId}/deliveries/${dead.id}/retry`, {
      method: 'POST',
      token,
    });
    expect(retried.status).toBe(200);
    await t.dispatch();
    expect((await row()).status).toBe('sent');
    expect(smsTo(name, '13900000201')).toHaveLength(5);
  });
});

describe('quiet hours', () => {
  it('defers an SMS due at 22:30 Shanghai to 08:00, while an urgent reminder goes at once', async () => {
    gateway.respond(() => ({ status: 200, json: {} }));
    clock.set(new Date('2026-03-02T14:30:00.000Z')); // 22:30 in Shanghai
    const name = `夜间小区${Date.now()}`;
    const f = ballotFixture([{ room: '301', phone: '13900000301' }], { communityName: name });
    await t.apply(f.directory);
    await t.apply(f.credentials);
    await t.dispatch();
    expect(smsTo(name, '13900000301')).toHaveLength(0);
    const [deferred] = await t.deps.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.communityId, f.communityId), eq(deliveries.medium, 'sms')));
    expect(deferred!.status).toBe('queued');
    expect(deferred!.attempts).toBe(0);
    expect(deferred!.nextAttemptAt.toISOString()).toBe('2026-03-03T00:00:00.000Z');

    const token = await t.committeeToken(f.communityId);
    const remind = await t.request(
      `/communities/${f.communityId}/ballots/${f.ballotId}/reminders`,
      {
        token,
        json: { urgent: true },
      },
    );
    expect(remind.status).toBe(202);
    await t.dispatch();
    const night = smsTo(name, '13900000301');
    expect(night.map((s) => s.body.kind)).toEqual(['reminder']);

    clock.set(new Date('2026-03-02T23:59:59.000Z'));
    await t.dispatch();
    expect(smsTo(name, '13900000301')).toHaveLength(1);
    clock.set(new Date('2026-03-03T00:00:00.000Z'));
    await t.dispatch();
    expect(smsTo(name, '13900000301').map((s) => s.body.kind)).toEqual([
      'reminder',
      'ballot_opened',
    ]);
  });
});

describe('reminders', () => {
  it('go only to owners who have not voted, also when they voted between planning and sending', async () => {
    gateway.respond(() => ({ status: 200, json: {} }));
    clock.set(new Date('2026-03-12T02:00:00.000Z'));
    const name = `提醒小区${Date.now()}`;
    const f = ballotFixture(
      [
        { room: '401', phone: '13900000401' },
        { room: '402', phone: '13900000402' },
        { room: '403', phone: '13900000403' },
      ],
      { communityName: name, closesAt: new Date('2026-03-15T10:00:00.000Z') },
    );
    await t.apply(f.directory);
    await t.apply(f.credentials);
    await t.dispatch();
    await t.apply([votedV1(f, f.holders[0]!.holderKey)]);

    // 72 h before the close: the automatic round plans reminders for 402 and 403.
    clock.set(new Date('2026-03-12T10:00:00.000Z'));
    const ours = async () =>
      (await runDueReminders(t.deps)).filter((r) => r.ballotId === f.ballotId);
    expect(await ours()).toEqual([
      { ballotId: f.ballotId, round: 'auto:72h:2026-03-15T10:00:00.000Z', recipients: 2 },
    ]);
    expect(await ours()).toEqual([]);
    // 402 votes before the dispatcher gets to it.
    await t.apply([voted(f, [f.holders[1]!.holderKey])]);
    await t.dispatch();
    const reminded = (to: string) => smsTo(name, to).filter((s) => s.body.kind === 'reminder');
    expect(reminded('13900000401')).toHaveLength(0);
    expect(reminded('13900000402')).toHaveLength(0);
    expect(reminded('13900000403')).toHaveLength(1);
    expect(reminded('13900000403')[0]!.body.text).toContain(f.holders[2]!.link);
    const skipped = await t.deps.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.communityId, f.communityId), eq(deliveries.status, 'skipped')));
    expect(skipped.map((d) => [d.holderKey, d.lastError])).toContainEqual([
      f.holders[1]!.holderKey,
      'owner has voted',
    ]);

    // 24 h before: another round, to 403 only.
    clock.set(new Date('2026-03-14T10:00:00.000Z'));
    expect((await ours()).map((r) => [r.round, r.recipients])).toEqual([
      ['auto:24h:2026-03-15T10:00:00.000Z', 1],
    ]);
    await t.dispatch();
    expect(reminded('13900000403')).toHaveLength(2);
    expect(reminded('13900000402')).toHaveLength(0);
  });
});
