import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attendance } from '../db/schema/index.ts';
import {
  committeeOf,
  manualClock,
  meetingBody,
  startTestMeetings,
  type TestMeetings,
} from '../test-support.ts';

const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
let t: TestMeetings;
let sql: postgres.Sql;
beforeAll(async () => {
  t = await startTestMeetings({ now: clock.now });
  sql = postgres(t.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await t?.close();
});

it('records no sign-in once a change of the meeting that ends attendance commits first', async () => {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
  ]);
  await t.project(roster.events);
  const staff = () => t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/meetings`;
  const created = await t.request(base, {
    token: await staff(),
    json: meetingBody(clock.now(), { kind: 'deliberation', agenda: [{ title: '充电桩' }] }, 1),
  });
  const { id } = (await created.json()) as { id: string };
  expect(
    (await t.request(`${base}/${id}/notice`, { token: await staff(), method: 'POST' })).status,
  ).toBe(200);
  const { code } = (await (
    await t.request(`${base}/${id}/check-in`, { token: await staff() })
  ).json()) as {
    code: string;
  };
  clock.advance(86_400_000);
  const owner = await t.ownerTokenFor({ holderKey: roster.holderKeys.get('a')!, communityId });

  // A cancellation in flight holds the meeting's row (as every lifecycle command does) while the
  // owner scans the code; it commits first.
  let settled = false;
  let signIn: Promise<Response> | undefined;
  await sql.begin(async (tx) => {
    await tx`select id from meetings where id = ${id} for update`;
    await tx`update meetings set status = 'cancelled', cancelled_at = now() where id = ${id}`;
    signIn = t
      .request(`/owner/meetings/${id}/check-in`, { token: owner, json: { code } })
      .finally(() => {
        settled = true;
      });
    await waitFor(
      async () => {
        if (settled) return true;
        const [row] = await sql`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        return (row?.n ?? 0) > 0 ? true : undefined;
      },
      { message: 'the sign-in to finish or wait for the meeting' },
    );
  });
  const res = await signIn!;
  expect(res.status).toBe(409);
  expect(await t.deps.db.$count(attendance, eq(attendance.meetingId, id))).toBe(0);
});
