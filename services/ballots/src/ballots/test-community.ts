/** A fresh community with a roster and a committee token, for this folder's integration tests. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { credentials } from '../db/schema/index.ts';
import { committeeOf, type RosterUnit, rosterEvents, type TestBallots } from '../test-support.ts';

export const testRoster: RosterUnit[] = [
  { building: '10', room: '101', area: '90.00', owner: 'j' },
  { building: '2', room: '1201', area: '100.00', owner: 'a' },
  { building: '2', room: '301', area: '80.50', owner: 'b' },
  { building: '2', entrance: '2', room: '101', area: '120.25', owner: 'c&d' },
  { building: '1', room: '201', area: '90.00', owner: 'a' },
  { building: '1', room: '102', area: '60.00', owner: 'e' },
];

export async function testCommunity(t: TestBallots, units: RosterUnit[] = testRoster) {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, units);
  await t.project(roster.events);
  const base = `/communities/${communityId}/ballots`;
  const claims = committeeOf(communityId);
  const c = {
    communityId,
    roster,
    base,
    token: await t.tokenFor(claims),
    /** Signs a fresh token, after the test clock moved past the last one's expiry. */
    async refresh() {
      c.token = await t.tokenFor(claims);
    },
    async draft(body: unknown) {
      const res = await t.request(base, { token: c.token, json: body });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; matters: { id: string }[] };
    },
    async command(id: string, verb: string, json: unknown = undefined) {
      return t.request(`${base}/${id}/${verb}`, { token: c.token, method: 'POST', json });
    },
    /** The active link token of each owner key of an open ballot. */
    async links(ballotId: string) {
      const rows = await t.deps.db
        .select()
        .from(credentials)
        .where(eq(credentials.ballotId, ballotId));
      return new Map(rows.filter((r) => !r.revokedAt).map((r) => [r.holderKey, t.linkOf(r.id)]));
    },
  };
  return c;
}
