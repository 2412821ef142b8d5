import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { errorBodySchema } from '@yishi/contracts';
import { tally } from '@yishi/domain';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEntries,
  ballots,
  credentials,
  electorateUnits,
  matterResults,
} from '../db/schema/index.ts';
import {
  committeeOf,
  draftBody,
  manualClock,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';
import { closeDueBallots } from './scheduler.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;
const DAY = 86_400_000;

/** A community with a roster, a committee token and helpers on one ballot. */
async function community(units = defaultRoster(), options: { parkingIncluded?: boolean } = {}) {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, units, options);
  await t.project(roster.events);
  const claims = committeeOf(communityId);
  const base = `/communities/${communityId}/ballots`;
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
      return (await res.json()) as { id: string; matters: { id: string }[]; warnings: unknown[] };
    },
    command: (id: string, verb: string, json: unknown = undefined) =>
      t.request(`${base}/${id}/${verb}`, { token: c.token, method: 'POST', json }),
  };
  return c;
}

function defaultRoster() {
  return [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.50', owner: 'b' },
    { building: '1', room: '201', area: '120.25', owner: 'c&d' },
    { building: '2', room: '101', area: '90.00', owner: 'a' },
    { building: '2', room: '102', area: '60.00', owner: 'dev', developerUnsold: true },
    { building: '2', room: 'P01', area: '12.00', owner: 'e', kind: 'parking' as const },
  ];
}

describe('drafting', () => {
  it('refuses an invalid draft with 400 and stores nothing', async () => {
    const c = await community();
    const start = new Date(clock.now().getTime() + DAY);
    const bad = [
      draftBody(start, { matters: [{ item: 10, title: 'x', body: '' }] }),
      draftBody(start, { window: { opensAt: start.toISOString(), closesAt: start.toISOString() } }),
      draftBody(start, { scope: { kind: 'buildings', buildingIds: [] } }),
      draftBody(start, { policy: { deemed: 'majority' } }),
      draftBody(start, { title: '' }),
    ];
    for (const body of bad) {
      const res = await t.request(c.base, { token: c.token, json: body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_failed');
    }
    const [stored] = await t.deps.db
      .select({ n: count() })
      .from(ballots)
      .where(eq(ballots.communityId, c.communityId));
    expect(stored?.n).toBe(0);
  });

  it('warns, without refusing, when voting starts inside the 15-day notice period', async () => {
    const c = await community();
    const start = new Date(clock.now().getTime() + 5 * DAY);
    const body = draftBody(start, { noticeGivenAt: clock.now().toISOString() });
    const ballot = await c.draft(body);
    expect(ballot.warnings).toEqual([
      expect.objectContaining({ code: 'notice_period_short', shortByDays: 11 }),
    ]);
    const ok = await c.draft(
      draftBody(new Date(clock.now().getTime() + 17 * DAY), {
        noticeGivenAt: clock.now().toISOString(),
      }),
    );
    expect(ok.warnings).toEqual([]);
  });

  it('keeps every field an edit of the draft does not mention', async () => {
    const c = await community();
    const drafted = await c.draft({
      ...draftBody(new Date(clock.now().getTime() + DAY)),
      publication: 'secret',
      secondFactor: 'id_last4',
      allowChange: true,
      description: '说明',
    });
    const patched = await t.request(`${c.base}/${drafted.id}`, {
      token: c.token,
      method: 'PATCH',
      json: { title: '改正错字' },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      title: '改正错字',
      publication: 'secret',
      secondFactor: 'id_last4',
      allowChange: true,
      description: '说明',
    });
    const empty = await t.request(`${c.base}/${drafted.id}`, {
      token: c.token,
      method: 'PATCH',
      json: {},
    });
    expect(empty.status).toBe(400);
  });

  it('changes a draft, lists by cursor, and refuses other communities with 404', async () => {
    const c = await community();
    const start = new Date(clock.now().getTime() + DAY);
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      clock.advance(1);
      ids.push((await c.draft(draftBody(start))).id);
    }
    const patched = await t.request(`${c.base}/${ids[0]}`, {
      token: c.token,
      method: 'PATCH',
      json: { title: '加装电梯', matters: [{ item: 7, title: '加装电梯', body: '' }] },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      title: '加装电梯',
      matters: [{ item: 7, threshold: 'three_quarters' }],
    });

    const first = (await (await t.request(`${c.base}?limit=2`, { token: c.token })).json()) as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect(first.items.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    const second = (await (
      await t.request(`${c.base}?limit=2&cursor=${first.nextCursor}`, { token: c.token })
    ).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(second.items.map((b) => b.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const other = await t.tokenFor(committeeOf(randomUUID()));
    expect((await t.request(`${c.base}/${ids[0]}`, { token: other })).status).toBe(404);
    const worker = await t.tokenFor({
      sub: randomUUID(),
      roles: ['grid_worker'],
      communities: [c.communityId],
    });
    expect((await t.request(c.base, { token: worker, json: draftBody(start) })).status).toBe(403);
  });
});

describe('opening', () => {
  it('snapshots the electorate (parking excluded), hashes it, issues one credential per owner key, and later roster edits change nothing', async () => {
    const c = await community();
    const ballot = await c.draft(draftBody(clock.now()));
    const res = await c.command(ballot.id, 'open');
    expect(res.status).toBe(200);
    const opened = (await res.json()) as { status: string; snapshotHash: string };
    expect(opened.status).toBe('open');
    expect(opened.snapshotHash).toMatch(/^[0-9a-f]{64}$/);

    const units = await t.deps.db
      .select()
      .from(electorateUnits)
      .where(eq(electorateUnits.ballotId, ballot.id));
    expect(units.map((u) => `${u.building}-${u.room}`).sort()).toEqual([
      '1-101',
      '1-102',
      '1-201',
      '2-101',
      '2-102',
    ]);
    const creds = await t.deps.db
      .select()
      .from(credentials)
      .where(eq(credentials.ballotId, ballot.id));
    expect(creds.map((cr) => cr.holderKey).sort()).toEqual(
      ['a', 'b', 'c&d', 'dev'].map((o) => c.roster.holderKeys.get(o)).sort(),
    );

    // The roster changes after opening: 1-101 is sold to b and re-measured.
    const unitId = c.roster.unitIds.get('1-1-101')!;
    await t.project(
      rosterEvents(c.communityId, [{ building: '1', room: '101', area: '999.00', owner: 'z' }], {
        at: new Date('2026-02-01T00:00:00Z'),
      }).events.map((e) =>
        e.type === 'directory.unit.recorded' || e.type === 'directory.ownership.changed'
          ? { ...e, payload: { ...e.payload, unitId } }
          : e,
      ) as never,
    );
    const after = await t.deps.db
      .select()
      .from(electorateUnits)
      .where(eq(electorateUnits.ballotId, ballot.id));
    expect(after).toEqual(units);
    const verify = await t.request(`${c.base}/${ballot.id}/audit/verify`, { token: c.token });
    expect(await verify.json()).toMatchObject({ ok: true });
    // The database itself refuses to rewrite the snapshot.
    await expect(
      t.deps.db
        .update(electorateUnits)
        .set({ area: '1.00' })
        .where(eq(electorateUnits.ballotId, ballot.id)),
    ).rejects.toThrow();

    // A second ballot opened now sees the new roster.
    const next = await c.draft(draftBody(clock.now()));
    await c.command(next.id, 'open');
    const [moved] = await t.deps.db
      .select()
      .from(electorateUnits)
      .where(
        sql`${electorateUnits.ballotId} = ${next.id} and ${electorateUnits.unitId} = ${unitId}`,
      );
    expect(moved?.area).toBe('999.00');
  });

  it('includes parking where the community says so, and limits a buildings scope', async () => {
    const c = await community(defaultRoster(), { parkingIncluded: true });
    const estate = await c.draft(draftBody(clock.now()));
    await c.command(estate.id, 'open');
    const b2 = c.roster.buildingIds.get('2')!;
    const scoped = await c.draft(
      draftBody(clock.now(), { scope: { kind: 'buildings', buildingIds: [b2] } }),
    );
    await c.command(scoped.id, 'open');
    const rooms = async (id: string) =>
      (await t.deps.db.select().from(electorateUnits).where(eq(electorateUnits.ballotId, id)))
        .map((u) => `${u.building}-${u.room}`)
        .sort();
    expect(await rooms(estate.id)).toContain('2-P01');
    expect(await rooms(scoped.id)).toEqual(['2-101', '2-102', '2-P01']);
  });

  it('answers a refused transition with 409 and the domain’s reason', async () => {
    const c = await community();
    const ballot = await c.draft(draftBody(clock.now()));
    const early = await c.command(ballot.id, 'close');
    expect(early.status).toBe(409);
    expect(await errorOf(early)).toMatchObject({
      code: 'precondition_failed',
      details: { reason: 'invalid_transition' },
    });
    await c.command(ballot.id, 'open');
    const tooEarly = await c.command(ballot.id, 'close');
    expect(await errorOf(tooEarly)).toMatchObject({ details: { reason: 'too_early' } });
    const noReason = await c.command(ballot.id, 'cancel', { reason: ' ' });
    expect(noReason.status).toBe(400);
    const patch = await t.request(`${c.base}/${ballot.id}`, {
      token: c.token,
      method: 'PATCH',
      json: { title: 'x' },
    });
    expect(patch.status).toBe(409);
  });
});

describe('closing and results', () => {
  it('closes by itself at closesAt, certifies results equal to tally on the same data, and publishes without personal data', async () => {
    const c = await community();
    const ballot = await c.draft(draftBody(clock.now(), {}, { days: 1, item: 6, matters: 2 }));
    await c.command(ballot.id, 'open');
    const creds = await t.deps.db
      .select()
      .from(credentials)
      .where(eq(credentials.ballotId, ballot.id));
    const linkOf = (owner: string) =>
      t.linkOf(creds.find((cr) => cr.holderKey === c.roster.holderKeys.get(owner))!.id);
    const [m1, m2] = ballot.matters.map((m) => m.id) as [string, string];
    const vote = (owner: string, a: string, b: string) =>
      t.request(`/v/${linkOf(owner)}/votes`, {
        json: {
          choices: [
            { matterId: m1, choice: a },
            { matterId: m2, choice: b },
          ],
        },
      });
    expect((await vote('a', 'agree', 'oppose')).status).toBe(201);
    expect((await vote('b', 'agree', 'agree')).status).toBe(201);
    const receiptRes = await vote('c&d', 'abstain', 'agree');
    const { receipt } = (await receiptRes.json()) as { receipt: string };

    expect(await closeDueBallots(t.deps)).toBe(0); // not due yet
    clock.advance(DAY);
    expect(await closeDueBallots(t.deps)).toBe(1);
    expect(await closeDueBallots(t.deps)).toBe(0); // idempotent

    await c.refresh();
    const results = (await (
      await t.request(`${c.base}/${ballot.id}/results`, { token: c.token })
    ).json()) as {
      matters: { id: string; result: unknown }[];
      snapshotHash: string;
      voteDigest: string;
    };
    const a = c.roster.holderKeys;
    const units = [
      { unit: '1-101', owner: a.get('a')!, area: '100.00' },
      { unit: '1-102', owner: a.get('b')!, area: '80.50' },
      { unit: '1-201', owner: a.get('c&d')!, area: '120.25' },
      { unit: '2-101', owner: a.get('a')!, area: '90.00' },
      { unit: '2-102', owner: a.get('dev')!, area: '60.00', developerUnsold: true },
    ];
    const expected1 = tally({
      matter: 6,
      units,
      votes: [
        { unit: '1-101', choice: 'agree' },
        { unit: '2-101', choice: 'agree' },
        { unit: '1-102', choice: 'agree' },
        { unit: '1-201', choice: 'abstain' },
      ],
    });
    const expected2 = tally({
      matter: 6,
      units,
      votes: [
        { unit: '1-101', choice: 'oppose' },
        { unit: '2-101', choice: 'oppose' },
        { unit: '1-102', choice: 'agree' },
        { unit: '1-201', choice: 'agree' },
      ],
    });
    expect(results.matters.find((m) => m.id === m1)?.result).toEqual(
      JSON.parse(JSON.stringify(expected1)),
    );
    expect(results.matters.find((m) => m.id === m2)?.result).toEqual(
      JSON.parse(JSON.stringify(expected2)),
    );
    expect(expected1.passed).toBe(false); // 3 of 4 heads and 3/4 of area: quorum met, approval not

    // Votes after the close are refused.
    const late = await vote('dev', 'agree', 'agree');
    expect(await errorOf(late)).toMatchObject({ details: { reason: 'ballot_not_open' } });

    const publish = await c.command(ballot.id, 'publish', {
      from: clock.now().toISOString(),
      until: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
    });
    expect(publish.status).toBe(200);
    const pub = await t.request(`/public/ballots/${ballot.id}`);
    expect(pub.status).toBe(200);
    const text = await pub.text();
    const view = JSON.parse(text) as {
      units: { unit: string; area: string; choices: Record<string, string> }[];
    };
    expect(view.units).toContainEqual({
      unit: '1-1-102',
      area: '80.50',
      voted: true,
      choices: { [m1]: 'agree', [m2]: 'agree' },
    });
    // No names, phones (full or masked) nor owner ids, which would identify a person.
    for (const [name, ownerId] of c.roster.ownerIds) {
      expect(text).not.toContain(`业主${name}`);
      expect(text).not.toContain(ownerId);
    }
    expect(text).not.toMatch(/1380000\d{4}|138\*{4}/);

    const check = await t.request(`/public/ballots/${ballot.id}/receipts/${receipt}`);
    expect(await check.json()).toEqual({ status: 'counted', matters: 2 });
    const unknown = await t.request(`/public/ballots/${ballot.id}/receipts/AAAA-BBBB-CCCC-DDDD`);
    expect(await unknown.json()).toEqual({ status: 'unknown', matters: 0 });
  });

  it('runs a scenario of rules/examples.json end to end and gets its expected figures', async () => {
    const scenarios = JSON.parse(readFileSync('/work/shared/rules/examples.json', 'utf8')) as {
      id: string;
      matter: number;
      policy?: Record<string, unknown>;
      units: { unit: string; owner: string; area: string; developerUnsold?: boolean }[];
      votes: { unit: string; choice: string }[];
      expected: Record<string, unknown>;
    }[];
    // Scenarios the service can express: owner ballots (one choice per owner), no deemed votes.
    const runnable = scenarios.filter((s) => {
      if (s.policy?.deemed === 'majority' || s.policy?.multiUnit === 'unit_split') return false;
      const byOwner = new Map<string, Set<string>>();
      for (const v of s.votes) {
        const owner = s.units.find((u) => u.unit === v.unit)?.owner;
        if (!owner) return false;
        byOwner.set(owner, (byOwner.get(owner) ?? new Set()).add(v.choice));
      }
      return [...byOwner.values()].every(
        (choices) => choices.size === 1 && !choices.has('invalid'),
      );
    });
    expect(runnable.length).toBeGreaterThan(0);
    const scenario = runnable.find((s) => s.id.startsWith('S01')) ?? runnable[0]!;

    const c = await community(
      scenario.units.map((u, i) => ({
        building: 'S',
        room: String(101 + i),
        area: u.area,
        owner: u.owner,
        developerUnsold: u.developerUnsold ?? false,
      })),
    );
    const ballot = await c.draft(
      draftBody(clock.now(), { policy: scenario.policy ?? {} }, { days: 1, item: scenario.matter }),
    );
    await c.command(ballot.id, 'open');
    const creds = await t.deps.db
      .select()
      .from(credentials)
      .where(eq(credentials.ballotId, ballot.id));
    const voted = new Set<string>();
    for (const v of scenario.votes) {
      const owner = scenario.units.find((u) => u.unit === v.unit)!.owner;
      if (voted.has(owner)) continue;
      voted.add(owner);
      const cred = creds.find((cr) => cr.holderKey === c.roster.holderKeys.get(owner))!;
      const res = await t.request(`/v/${t.linkOf(cred.id)}/votes`, {
        json: { choices: [{ matterId: ballot.matters[0]!.id, choice: v.choice }] },
      });
      expect(res.status).toBe(201);
    }
    clock.advance(DAY);
    await closeDueBallots(t.deps);
    const [stored] = await t.deps.db
      .select()
      .from(matterResults)
      .where(eq(matterResults.ballotId, ballot.id));
    expect(stored?.result).toMatchObject(scenario.expected);
  });
});

describe('audit log', () => {
  it('verifies the chain, and names the entry a tampered row breaks', async () => {
    const c = await community();
    const ballot = await c.draft(draftBody(clock.now(), {}, { days: 1 }));
    await c.command(ballot.id, 'open');
    await c.command(ballot.id, 'extend', {
      closesAt: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
      reason: '参与率不足',
    });
    const trail = (await (
      await t.request(`${c.base}/${ballot.id}/audit`, { token: c.token })
    ).json()) as {
      items: { seq: number; action: string; prevHash: string; hash: string }[];
    };
    expect(trail.items.map((e) => e.action)).toEqual([
      'ballot.drafted',
      'ballot.opened',
      'ballot.extended',
    ]);
    expect(trail.items[1]?.prevHash).toBe(trail.items[0]?.hash);
    const verify = () =>
      t.request(`${c.base}/${ballot.id}/audit/verify`, { token: c.token }).then((r) => r.json());
    expect(await verify()).toMatchObject({ ok: true, entries: 3 });

    // Someone with database superuser rights bypasses the append-only trigger and edits a reason.
    await t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx
        .update(auditEntries)
        .set({ details: sql`jsonb_set(details, '{reason}', '"已达到法定人数"')` })
        .where(sql`${auditEntries.ballotId} = ${ballot.id} and ${auditEntries.seq} = 3`);
    });
    expect(await verify()).toMatchObject({
      ok: false,
      problems: [{ check: 'chain', seq: 3, reason: 'content does not match its hash' }],
    });
  });
});
