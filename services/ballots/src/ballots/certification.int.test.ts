import '@hono/zod-openapi';
import { errorBodySchema } from '@yishi/contracts';
import { tally } from '@yishi/domain';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifications, matterResults, votes } from '../db/schema/index.ts';
import { draftBody, manualClock, startTestBallots, type TestBallots } from '../test-support.ts';
import { closeDueBallots } from './scheduler.ts';
import { testCommunity } from './test-community.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

/** An open ballot of item 4 on the test roster (j 90, a 190, b 80.5, c&d 120.25, e 60 m²). */
async function openBallot(overrides: Record<string, unknown> = {}) {
  const c = await testCommunity(t);
  const ballot = await c.draft(draftBody(clock.now(), overrides, { days: 2, item: 4 }));
  expect((await c.command(ballot.id, 'open')).status).toBe(200);
  const links = await c.links(ballot.id);
  const matterId = ballot.matters[0]!.id;
  const key = (owner: string) => c.roster.holderKeys.get(owner)!;
  const url = (path: string) => `${c.base}/${ballot.id}${path}`;
  return {
    c,
    ballot,
    matterId,
    key,
    closesAt: new Date(clock.now().getTime() + 2 * DAY),
    vote: (owner: string, choice = 'agree') =>
      t.request(`/v/${links.get(key(owner))}/votes`, { json: { choices: [{ matterId, choice }] } }),
    paper: (owner: string, body: Record<string, unknown> = {}) =>
      t.request(url('/paper-votes'), {
        token: c.token,
        json: {
          holderKey: key(owner),
          choices: [{ matterId, choice: 'agree' }],
          channel: 'paper',
          reference: `scan-${owner}`,
          ...body,
        },
      }),
    get: (path: string) => t.request(url(path), { token: c.token }),
    post: (path: string, json: unknown) => t.request(url(path), { token: c.token, json }),
    async close() {
      clock.advance(2 * DAY + 1_000);
      expect(await closeDueBallots(t.deps)).toBeGreaterThanOrEqual(1);
      await c.refresh();
    },
    versions: () =>
      t.deps.db
        .select()
        .from(certifications)
        .where(eq(certifications.ballotId, ballot.id))
        .orderBy(asc(certifications.version)),
  };
}

const publishBody = () => ({
  from: clock.now().toISOString(),
  until: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
});

describe('paper ballots after the close, and re-certification', () => {
  it('counts a sheet collected before the close, refuses one collected after, and certifies again', async () => {
    const b = await openBallot();
    expect((await b.vote('a')).status).toBe(201);
    await b.close();
    expect((await b.versions()).map((v) => [v.version, v.cause])).toEqual([[1, 'close']]);

    const late = await b.paper('b', {
      collectedAt: new Date(b.closesAt.getTime() + 1).toISOString(),
    });
    expect(late.status).toBe(409);
    expect(await errorOf(late)).toMatchObject({ details: { reason: 'collected_outside_window' } });
    const onTime = await b.paper('b', { collectedAt: b.closesAt.toISOString() });
    expect(onTime.status).toBe(201);
    expect(await onTime.json()).toMatchObject({ certification: 2 });
    const stored = await t.deps.db
      .select()
      .from(votes)
      .where(eq(votes.holderKey, b.key('b')));
    expect(stored.map((v) => v.collectedAt?.toISOString())).toEqual([b.closesAt.toISOString()]);

    const versions = await b.versions();
    expect(versions.map((v) => [v.version, v.cause])).toEqual([
      [1, 'close'],
      [2, 'paper_vote'],
    ]);
    expect(versions[1]?.changes).toMatchObject({
      act: { channel: 'paper', reference: 'scan-b' },
      matters: [
        {
          matterId: b.matterId,
          before: { participatingHeadcount: 1, agreeArea: '190.00' },
          after: { participatingHeadcount: 2, agreeArea: '270.50' },
        },
      ],
    });
    // The stored result is the latest certification, and equals a fresh tally.
    const [result] = await t.deps.db
      .select()
      .from(matterResults)
      .where(eq(matterResults.matterId, b.matterId));
    expect(result?.result).toMatchObject({ participatingHeadcount: 2, agreeHeadcount: 2 });
    expect(result?.result).toEqual(versions[1]?.results[0]?.result);

    const audit = (await (await b.get('/audit')).json()) as {
      items: { action: string; details: Record<string, unknown> }[];
    };
    expect(audit.items.map((e) => e.action).slice(-3)).toEqual([
      'ballot.closed',
      'paper_vote.entered',
      'result.recertified',
    ]);
    expect(audit.items.at(-1)?.details).toMatchObject({ certification: 2, cause: 'paper_vote' });
    expect(await (await b.get('/audit/verify')).json()).toMatchObject({ ok: true });

    // Certifications are kept as they were.
    await expect(
      t.deps.db.update(certifications).set({ cause: 'close' }).where(eq(certifications.version, 2)),
    ).rejects.toThrow();
  });

  it('holds publication while a conflict is open, re-certifies its resolution, publishes the latest, then changes nothing', async () => {
    const b = await openBallot();
    expect((await b.vote('a', 'oppose')).status).toBe(201);
    await b.close();
    const conflict = await b.paper('a', { collectedAt: b.closesAt.toISOString() });
    const { details } = await errorOf(conflict);
    expect(details).toMatchObject({ reason: 'conflict_exists' });
    const conflictId = details?.conflictId;
    expect(await b.versions()).toHaveLength(1);

    // Voting ended, the result is not published: the public view says so, with no figures.
    const pending = await t.request(`/public/ballots/${b.ballot.id}`);
    expect(pending.status).toBe(200);
    const view = (await pending.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'closed', result: 'pending' });
    expect(view).not.toHaveProperty('matters');
    expect(view).not.toHaveProperty('units');
    expect(Date.parse(String(view.publicationDueBy)) - Date.parse(String(view.closedAt))).toBe(
      3 * DAY,
    );

    const held = await b.post('/publish', publishBody());
    expect(held.status).toBe(409);
    expect(await errorOf(held)).toMatchObject({
      details: { reason: 'conflicts_unresolved', conflicts: 1 },
    });

    const resolved = await b.post(`/conflicts/${conflictId}/resolve`, {
      keep: 'paper',
      reason: '业主书面确认以纸质票为准',
    });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ certification: 2 });
    const [latest] = (await b.versions()).slice(-1);
    expect(latest).toMatchObject({ cause: 'conflict_resolved', unresolvedConflicts: 0 });
    expect(latest?.results[0]?.result).toMatchObject({
      agreeHeadcount: 1,
      oppose: { headcount: 0 },
    });

    expect((await b.post('/publish', publishBody())).status).toBe(200);
    const published = (await (await t.request(`/public/ballots/${b.ballot.id}`)).json()) as {
      certification: { version: number };
      matters: { result: { agreeHeadcount: number } }[];
    };
    expect(published.certification.version).toBe(2);
    expect(published.matters[0]?.result.agreeHeadcount).toBe(1);

    const after = await b.paper('b', { collectedAt: b.closesAt.toISOString() });
    expect(await errorOf(after)).toMatchObject({ details: { reason: 'result_published' } });
    const notice = await b.post('/served-notices', {
      notices: [
        {
          holderKey: b.key('j'),
          method: 'handed_over',
          servedAt: clock.now().toISOString(),
          reference: 'x',
        },
      ],
    });
    expect(await errorOf(notice)).toMatchObject({ details: { reason: 'result_published' } });
    expect(await b.versions()).toHaveLength(2);
  });
});

describe('deemed votes (从众) with served notices', () => {
  const clause = '《测试小区业主大会议事规则》第十二条';
  const deemed = { policy: { deemed: 'majority' }, rulesOfProcedureClause: clause };

  it('needs the clause of the rules of procedure', async () => {
    const c = await testCommunity(t);
    const start = new Date(clock.now().getTime() + DAY);
    const missing = await t.request(c.base, {
      token: c.token,
      json: draftBody(start, { policy: { deemed: 'majority' } }),
    });
    expect(missing.status).toBe(400);
    const plain = await c.draft(draftBody(start));
    const patched = await t.request(`${c.base}/${plain.id}`, {
      token: c.token,
      method: 'PATCH',
      json: { policy: { deemed: 'majority' } },
    });
    expect(patched.status).toBe(400);
    expect(await errorOf(patched)).toMatchObject({ details: { reason: 'deemed_needs_clause' } });
    const ok = await c.draft(draftBody(start, deemed));
    expect(ok).toMatchObject({ policy: { deemed: 'majority' }, rulesOfProcedureClause: clause });
  });

  it('deems only silent owners with a served notice, reports them apart, and certifies again for late proofs', async () => {
    const b = await openBallot(deemed);
    expect((await b.vote('a')).status).toBe(201);
    expect((await b.vote('b')).status).toBe(201);
    const notice = (who: Record<string, unknown>, reference = 'SMS-1') => ({
      ...who,
      method: 'sms_delivered',
      servedAt: clock.now().toISOString(),
      reference,
    });
    const bad = await b.post('/served-notices', {
      notices: [notice({ holderKey: b.key('j') }), notice({ holderKey: 'nobody' })],
    });
    expect(bad.status).toBe(403);
    expect(await errorOf(bad)).toMatchObject({ details: { reason: 'not_in_scope', index: 1 } });
    const future = await b.post('/served-notices', {
      notices: [{ ...notice({ holderKey: b.key('j') }), servedAt: b.closesAt.toISOString() }],
    });
    expect(await errorOf(future)).toMatchObject({ details: { reason: 'served_outside_window' } });
    const list = async () =>
      ((await (await b.get('/served-notices')).json()) as { items: unknown[] }).items;
    expect(await list()).toEqual([]);

    const bulk = [
      notice({ holderKey: b.key('j') }),
      notice({ unit: { building: '1', entrance: '1', room: '102' } }, 'EMS-9'),
    ];
    expect(await (await b.post('/served-notices', { notices: bulk })).json()).toEqual({
      recorded: 2,
      unchanged: 0,
      certification: null,
    });
    expect(await (await b.post('/served-notices', { notices: bulk })).json()).toEqual({
      recorded: 0,
      unchanged: 2,
      certification: null,
    });
    expect(await list()).toHaveLength(2);

    await b.close();
    const results = async () =>
      (
        (await (await b.get('/results')).json()) as {
          matters: { result: Record<string, unknown> }[];
        }
      ).matters[0]!.result;
    const units = [
      { unit: '10-101', owner: 'j', area: '90.00', served: true },
      { unit: '2-1201', owner: 'a', area: '100.00' },
      { unit: '2-301', owner: 'b', area: '80.50' },
      { unit: '2-2-101', owner: 'c&d', area: '120.25' },
      { unit: '1-201', owner: 'a', area: '90.00' },
      { unit: '1-102', owner: 'e', area: '60.00', served: true },
    ];
    const expected = tally({
      matter: 4,
      policy: { deemed: 'majority' },
      units,
      votes: ['2-1201', '1-201', '2-301'].map((unit) => ({ unit, choice: 'agree' as const })),
    });
    expect(await results()).toMatchObject({
      voted: { area: '270.50', headcount: 2 },
      deemed: { side: 'agree', area: '150.00', headcount: 2 },
      participatingHeadcount: 4,
      participatingArea: expected.participatingArea,
      passed: expected.passed,
    });

    // A proof for c&d recorded after the close, of a notice served before it: certified again.
    const late = await b.post('/served-notices', {
      notices: [
        {
          holderKey: b.key('c&d'),
          method: 'registered_letter',
          servedAt: new Date(b.closesAt.getTime() - DAY).toISOString(),
          reference: 'EMS-10',
        },
      ],
    });
    expect(await late.json()).toMatchObject({ recorded: 1, certification: 2 });
    expect(await results()).toMatchObject({
      voted: { headcount: 2 },
      deemed: { side: 'agree', area: '270.25', headcount: 3 },
    });

    expect((await b.post('/publish', publishBody())).status).toBe(200);
    const view = (await (await t.request(`/public/ballots/${b.ballot.id}`)).json()) as {
      rulesOfProcedureClause: string;
      matters: { result: Record<string, unknown> }[];
    };
    expect(view.rulesOfProcedureClause).toBe(clause);
    expect(view.matters[0]?.result).toMatchObject({
      voted: { headcount: 2 },
      deemed: { headcount: 3 },
    });
  });
});
