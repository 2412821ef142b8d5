import { randomUUID } from 'node:crypto';
import { errorBodySchema } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../db/schema/index.ts';
import { draftBody, manualClock, startTestBallots, type TestBallots } from '../test-support.ts';
import { testCommunity } from './test-community.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const HOUR = 3_600_000;
const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

type Community = Awaited<ReturnType<typeof testCommunity>>;

/** A ballot voted, closed and published from `startsInDays` for 16 days. */
async function published(c: Community, startsInDays = 0) {
  const ballot = await c.draft(draftBody(clock.now(), {}, { days: 1 }));
  expect((await c.command(ballot.id, 'open')).status).toBe(200);
  clock.advance(DAY + 1_000);
  await c.refresh();
  expect((await c.command(ballot.id, 'close')).status).toBe(200);
  const from = new Date(clock.now().getTime() + startsInDays * DAY);
  const until = new Date(from.getTime() + 16 * DAY);
  const res = await c.command(ballot.id, 'publish', {
    from: from.toISOString(),
    until: until.toISOString(),
  });
  expect(res.status).toBe(200);
  return { ...ballot, from, until };
}

const object = (ballotId: string, body: unknown, ip = '203.0.113.7') =>
  t.app.request(`/public/ballots/${ballotId}/objections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.1, ${ip}` },
    body: JSON.stringify(body),
  });

describe('objections during publication', () => {
  it('receives objections only while the publication runs', async () => {
    const c = await testCommunity(t);
    const draft = await c.draft(draftBody(clock.now()));
    expect((await object(draft.id, { text: '有异议' })).status).toBe(404);
    expect((await object(randomUUID(), { text: '有异议' })).status).toBe(404);

    const ballot = await published(c, 2);
    const early = await object(ballot.id, { text: '有异议' });
    expect(early.status).toBe(409);
    expect(await errorOf(early)).toMatchObject({ details: { reason: 'publication_not_running' } });

    clock.set(new Date(ballot.from.getTime() + HOUR));
    const during = await object(ballot.id, {
      text: '2栋301的面积登记有误',
      unit: '2-1-301',
      contact: '微信 abc',
    });
    expect(during.status).toBe(201);

    clock.set(ballot.until);
    const late = await object(ballot.id, { text: '有异议' });
    expect(late.status).toBe(409);
  });

  it('refuses an empty or over-long text and changes nothing', async () => {
    const c = await testCommunity(t);
    const ballot = await published(c);
    expect((await object(ballot.id, { text: '   ' })).status).toBe(400);
    const tooLong = await object(ballot.id, { text: '异'.repeat(1_001) });
    expect(tooLong.status).toBe(400);
    expect((await errorOf(tooLong)).code).toBe('validation_failed');
    expect((await object(ballot.id, { text: '异', unit: 'x'.repeat(51) })).status).toBe(400);
    await c.refresh();
    const list = await t.request(`${c.base}/${ballot.id}/objections`, { token: c.token });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await object(ballot.id, { text: ` ${'异'.repeat(1_000)} ` })).status).toBe(201);
  });

  it('throttles one sender address, not the others', async () => {
    const c = await testCommunity(t);
    const ballot = await published(c);
    for (let i = 0; i < 5; i += 1) {
      expect((await object(ballot.id, { text: `异议${i}` })).status).toBe(201);
    }
    const sixth = await object(ballot.id, { text: '异议5' });
    expect(sixth.status).toBe(429);
    expect(await errorOf(sixth)).toMatchObject({ details: { reason: 'objections_throttled' } });
    expect((await object(ballot.id, { text: '别人的异议' }, '198.51.100.9')).status).toBe(201);
    clock.advance(HOUR + 1_000);
    expect((await object(ballot.id, { text: '一小时后' })).status).toBe(201);
  });

  it('lists objections to the committee only, newest first by cursor, and logs each by hash', async () => {
    const c = await testCommunity(t);
    const ballot = await published(c);
    const ids: string[] = [];
    for (const text of ['第一条', '第二条', '第三条']) {
      clock.advance(1_000);
      const res = await object(ballot.id, { text, contact: '13900001234' });
      ids.push(((await res.json()) as { id: string }).id);
    }
    await c.refresh();
    const path = `${c.base}/${ballot.id}/objections`;
    const first = (await (await t.request(`${path}?limit=2`, { token: c.token })).json()) as {
      items: { id: string; text: string; contact: string }[];
      nextCursor: string;
    };
    expect(first.items.map((o) => o.text)).toEqual(['第三条', '第二条']);
    expect(first.items[0]!.contact).toBe('13900001234');
    const second = (await (
      await t.request(`${path}?limit=2&cursor=${first.nextCursor}`, { token: c.token })
    ).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(second.items.map((o) => o.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const grid = await t.tokenFor({
      sub: randomUUID(),
      roles: ['grid_worker', 'party_secretary'],
      communities: [c.communityId],
    });
    expect((await t.request(path, { token: grid })).status).toBe(403);
    const stranger = await testCommunity(t);
    expect((await t.request(path, { token: stranger.token })).status).toBe(404);
    expect((await t.request(path)).status).toBe(401);
    // Not on the public page either.
    const page = await (await t.request(`/public/ballots/${ballot.id}`)).text();
    expect(page).not.toContain('第一条');

    const logged = await t.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.ballotId, ballot.id));
    const received = logged.filter((e) => e.action === 'objection.received');
    expect(received.map((e) => e.details.objectionId)).toEqual(ids);
    expect(JSON.stringify(received)).not.toContain('13900001234');
    const verify = await t.request(`${c.base}/${ballot.id}/audit/verify`, { token: c.token });
    expect(await verify.json()).toMatchObject({ ok: true });
  });
});
