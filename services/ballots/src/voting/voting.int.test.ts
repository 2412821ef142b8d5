import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { outbox } from '@yishi/bus';
import { errorBodySchema } from '@yishi/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDueBallots } from '../ballots/scheduler.ts';
import { credentials, voteChanges, voteConflicts, votes } from '../db/schema/index.ts';
import {
  committeeOf,
  draftBody,
  manualClock,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;
const HOUR = 3_600_000;

/** A community of four owners (a has two units) with an open ballot of two matters. */
async function openBallot(overrides: Record<string, unknown> = {}, opensInMs = 0) {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'b' },
    { building: '2', room: '101', area: '70.00', owner: 'a' },
    { building: '2', room: '201', area: '90.00', owner: 'c&d' },
  ]);
  await t.project(roster.events);
  const token = await t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/ballots`;
  const opensAt = new Date(clock.now().getTime() + opensInMs);
  const res = await t.request(base, { token, json: draftBody(opensAt, overrides, { matters: 2 }) });
  const ballot = (await res.json()) as { id: string; matters: { id: string }[] };
  expect((await t.request(`${base}/${ballot.id}/open`, { token, method: 'POST' })).status).toBe(
    200,
  );
  const creds = await t.deps.db
    .select()
    .from(credentials)
    .where(eq(credentials.ballotId, ballot.id));
  const credOf = (owner: string) =>
    creds.find((c) => c.holderKey === roster.holderKeys.get(owner))!;
  const [m1, m2] = ballot.matters.map((m) => m.id) as [string, string];
  const choices = (a = 'agree', b = 'oppose') => [
    { matterId: m1, choice: a },
    { matterId: m2, choice: b },
  ];
  const vote = (owner: string, body: Record<string, unknown> = { choices: choices() }) =>
    t.request(`/v/${t.linkOf(credOf(owner).id)}/votes`, { json: body });
  const storedFor = (owner: string) =>
    t.deps.db
      .select()
      .from(votes)
      .where(
        and(eq(votes.ballotId, ballot.id), eq(votes.holderKey, roster.holderKeys.get(owner)!)),
      );
  return { communityId, roster, token, base, ballot, credOf, choices, vote, storedFor, m1, m2 };
}

describe('voting through the link', () => {
  it('shows the owner only their own units and matters, records the vote with an event, and answers a receipt', async () => {
    const b = await openBallot();
    const link = t.linkOf(b.credOf('a').id);
    const before = (await (await t.request(`/v/${link}`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({
      status: 'open',
      voted: false,
      units: [
        { building: '1', room: '101', area: '100.00' },
        { building: '2', room: '101', area: '70.00' },
      ],
      matters: [{ item: 6, threshold: 'three_quarters' }, { item: 6 }],
    });
    expect(JSON.stringify(before)).not.toContain('80.00'); // b's unit

    const res = await b.vote('a');
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: string };
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const stored = await b.storedFor('a');
    expect(stored.map((v) => [v.matterId, v.choice]).sort()).toEqual(
      [
        [b.m1, 'agree'],
        [b.m2, 'oppose'],
      ].sort(),
    );
    expect(stored[0]?.receiptHash).not.toContain(receipt);
    const events = await t.deps.db.select().from(outbox).where(eq(outbox.aggregateId, b.ballot.id));
    const cast = events.filter((e) => e.type === 'ballots.vote.cast');
    expect(cast).toHaveLength(1);
    expect(cast[0]?.version).toBe(2);
    expect(cast[0]?.payload).toEqual({
      ballotId: b.ballot.id,
      votes: [
        {
          holderKey: b.roster.holderKeys.get('a'),
          matterIds: [b.m1, b.m2],
          channel: 'web',
          changed: false,
        },
      ],
    });

    const after = (await (await t.request(`/v/${link}`)).json()) as {
      voted: boolean;
      choices: unknown[];
    };
    expect(after.voted).toBe(true);
    expect(after.choices).toHaveLength(2);
  });

  it('refuses a second ballot from the same link, and of 20 concurrent ones stores exactly one', async () => {
    const b = await openBallot();
    expect((await b.vote('b')).status).toBe(201);
    const again = await b.vote('b', { choices: b.choices('oppose', 'oppose') });
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toMatchObject({
      code: 'already_exists',
      details: { reason: 'already_voted' },
    });
    expect((await b.storedFor('b')).map((v) => v.choice).sort()).toEqual(['agree', 'oppose']);

    const results = await Promise.all(Array.from({ length: 20 }, () => b.vote('c&d')));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(await b.storedFor('c&d')).toHaveLength(2);
  });

  it('refuses a revoked link, while the reissued one votes', async () => {
    const b = await openBallot();
    const old = b.credOf('b');
    const holderKey = encodeURIComponent(b.roster.holderKeys.get('b')!);
    const re = await t.request(`${b.base}/${b.ballot.id}/credentials/${holderKey}/reissue`, {
      token: b.token,
      json: { reason: '链接遗失' },
    });
    expect(re.status).toBe(201);
    const { link } = (await re.json()) as { link: string };
    const revoked = await t.request(`/v/${t.linkOf(old.id)}/votes`, {
      json: { choices: b.choices() },
    });
    expect(revoked.status).toBe(403);
    expect(await errorOf(revoked)).toMatchObject({ details: { reason: 'credential_revoked' } });
    const token = link.split('/v/')[1]!;
    expect((await t.request(`/v/${token}/votes`, { json: { choices: b.choices() } })).status).toBe(
      201,
    );
    // A forged token is not a credential.
    const forged = `${old.id}.${'A'.repeat(43)}`;
    expect((await t.request(`/v/${forged}/votes`, { json: { choices: b.choices() } })).status).toBe(
      404,
    );
  });

  it('refuses votes before the window opens and after it closes', async () => {
    const b = await openBallot({}, 2 * HOUR);
    const early = await b.vote('a');
    expect(early.status).toBe(409);
    expect(await errorOf(early)).toMatchObject({ details: { reason: 'ballot_not_open' } });
    clock.advance(15 * 24 * HOUR);
    const late = await b.vote('a');
    expect(await errorOf(late)).toMatchObject({ details: { reason: 'ballot_not_open' } });
    expect(await b.storedFor('a')).toHaveLength(0);
  });

  it('checks the second factor and throttles guessing: 5 failures per 15 minutes, then 429', async () => {
    const b = await openBallot({ secondFactor: 'phone_last4' });
    const phone = b.roster.phones.get('b')!;
    expect(await errorOf(await b.vote('b'))).toMatchObject({
      details: { reason: 'second_factor_required' },
    });
    for (let i = 0; i < 5; i += 1) {
      const wrong = await b.vote('b', { choices: b.choices(), secondFactor: '0000' });
      expect(wrong.status).toBe(403);
      expect(await errorOf(wrong)).toMatchObject({
        details: { reason: 'second_factor_wrong', attemptsLeft: 4 - i },
      });
    }
    const throttled = await b.vote('b', { choices: b.choices(), secondFactor: phone.slice(-4) });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await b.storedFor('b')).toHaveLength(0);
    clock.advance(15 * 60_000 + 1);
    const ok = await b.vote('b', { choices: b.choices(), secondFactor: phone.slice(-4) });
    expect(ok.status).toBe(201);
  });

  it('does not show, through the link alone, how the owner voted where a second factor is asked', async () => {
    const b = await openBallot({ secondFactor: 'phone_last4' });
    const right = b.roster.phones.get('b')!.slice(-4);
    expect((await b.vote('b', { choices: b.choices(), secondFactor: right })).status).toBe(201);
    const view = (await (await t.request(`/v/${t.linkOf(b.credOf('b').id)}`)).json()) as {
      voted: boolean;
      choices: { choice: string | null }[];
    };
    expect(view.voted).toBe(true);
    expect(view.choices.length).toBeGreaterThan(0);
    expect(view.choices.every((c) => c.choice === null)).toBe(true);

    const open = await openBallot();
    expect((await open.vote('b')).status).toBe(201);
    const shown = (await (await t.request(`/v/${t.linkOf(open.credOf('b').id)}`)).json()) as {
      choices: { choice: string | null }[];
    };
    expect(shown.choices.every((c) => c.choice !== null)).toBe(true);
  });

  it('locks a link after 20 wrong second factors, until the committee re-issues it', async () => {
    const b = await openBallot({ secondFactor: 'phone_last4' });
    const right = b.roster.phones.get('b')!.slice(-4);
    for (let round = 0; round < 4; round += 1) {
      for (let i = 0; i < 5; i += 1) {
        const wrong = await b.vote('b', { choices: b.choices(), secondFactor: '0000' });
        expect(wrong.status).toBe(403);
      }
      clock.advance(15 * 60_000 + 1);
    }
    const locked = await b.vote('b', { choices: b.choices(), secondFactor: right });
    expect(locked.status).toBe(403);
    expect(await errorOf(locked)).toMatchObject({ details: { reason: 'second_factor_locked' } });
    expect(await b.storedFor('b')).toHaveLength(0);

    const holderKey = encodeURIComponent(b.roster.holderKeys.get('b')!);
    // An hour has passed on the test clock: the committee signs in again.
    const re = await t.request(`${b.base}/${b.ballot.id}/credentials/${holderKey}/reissue`, {
      token: await t.tokenFor(committeeOf(b.communityId)),
      json: { reason: '后四位输错锁定' },
    });
    expect(re.status).toBe(201);
    const token = ((await re.json()) as { link: string }).link.split('/v/')[1]!;
    const ok = await t.request(`/v/${token}/votes`, {
      json: { choices: b.choices(), secondFactor: right },
    });
    expect(ok.status).toBe(201);
  });

  it('lets an owner change their vote where allowed, keeping the replaced choice', async () => {
    const b = await openBallot({ allowChange: true });
    const first = (await (await b.vote('a')).json()) as { receipt: string };
    const second = await b.vote('a', { choices: b.choices('oppose', 'oppose') });
    expect(second.status).toBe(201);
    expect((await b.storedFor('a')).map((v) => v.choice)).toEqual(['oppose', 'oppose']);
    const history = await t.deps.db
      .select()
      .from(voteChanges)
      .where(eq(voteChanges.ballotId, b.ballot.id));
    expect(history.map((h) => h.previousChoice).sort()).toEqual(['agree', 'oppose']);
    const check = await t.request(`/public/ballots/${b.ballot.id}/receipts/${first.receipt}`);
    expect(await check.json()).toEqual({ status: 'superseded', matters: 0 });
  });
});

describe('paper and proxy ballots', () => {
  it('records a paper ballot by unit, and turns one for an owner who voted online into a conflict that changes nothing', async () => {
    const b = await openBallot();
    const paper = (body: Record<string, unknown>) =>
      t.request(`${b.base}/${b.ballot.id}/paper-votes`, { token: b.token, json: body });
    const recorded = await paper({
      unit: { building: '1', entrance: '1', room: '102' },
      choices: b.choices('invalid', 'agree'),
      channel: 'proxy',
      reference: '委托书-0042',
      proxyName: '王某',
    });
    expect(recorded.status).toBe(201);
    const stored = await b.storedFor('b');
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({
      channel: 'proxy',
      reference: '委托书-0042',
      proxyName: '王某',
    });

    expect((await b.vote('a')).status).toBe(201);
    const conflict = await paper({
      holderKey: b.roster.holderKeys.get('a'),
      choices: b.choices('oppose', 'oppose'),
      channel: 'paper',
      reference: 'scan-7',
    });
    expect(conflict.status).toBe(409);
    const { details } = await errorOf(conflict);
    expect(details).toMatchObject({ reason: 'conflict_exists' });
    expect((await b.storedFor('a')).map((v) => v.choice).sort()).toEqual(['agree', 'oppose']);
    const [row] = await t.deps.db
      .select()
      .from(voteConflicts)
      .where(eq(voteConflicts.id, String(details?.conflictId)));
    expect(row?.status).toBe('open');

    const outside = await paper({
      unit: { building: '9', entrance: '1', room: '101' },
      choices: b.choices(),
      channel: 'paper',
      reference: 'x',
    });
    expect(await errorOf(outside)).toMatchObject({ details: { reason: 'not_in_scope' } });

    // The committee finds it again in the list of open conflicts, with the owner's unit and both
    // ballots' channels; to staff of another community the ballot does not exist.
    const conflicts = (status?: string) =>
      t.request(`${b.base}/${b.ballot.id}/conflicts${status ? `?status=${status}` : ''}`, {
        token: b.token,
      });
    type ConflictPage = {
      items: {
        conflictId: string;
        status: string;
        units: string[];
        sheet: { channel: string; reference: string };
        existing: { channel: string } | null;
        resolution: { keep: string; reason: string } | null;
      }[];
      nextCursor: string | null;
    };
    const open = (await (await conflicts()).json()) as ConflictPage;
    expect(open.items).toHaveLength(1);
    expect(open.items[0]).toMatchObject({
      conflictId: details?.conflictId,
      status: 'open',
      units: ['1-1-101', '2-1-101'],
      sheet: { channel: 'paper', reference: 'scan-7' },
      existing: { channel: 'web' },
      resolution: null,
    });
    const otherStaff = await t.tokenFor(committeeOf(randomUUID()));
    expect(
      (await t.request(`${b.base}/${b.ballot.id}/conflicts`, { token: otherStaff })).status,
    ).toBe(404);
    expect((await conflicts('nonsense')).status).toBe(400);

    const resolve = await t.request(
      `${b.base}/${b.ballot.id}/conflicts/${details?.conflictId}/resolve`,
      {
        token: b.token,
        json: { keep: 'paper', reason: '业主到场确认以纸质票为准' },
      },
    );
    expect(resolve.status).toBe(200);
    expect((await b.storedFor('a')).map((v) => [v.choice, v.channel])).toEqual([
      ['oppose', 'paper'],
      ['oppose', 'paper'],
    ]);
    expect(((await (await conflicts()).json()) as ConflictPage).items).toEqual([]);
    const resolved = (await (await conflicts('resolved')).json()) as ConflictPage;
    expect(resolved.items[0]).toMatchObject({
      status: 'resolved',
      existing: { channel: 'paper' },
      resolution: { keep: 'paper', reason: '业主到场确认以纸质票为准' },
    });
    const audit = (await (
      await t.request(`${b.base}/${b.ballot.id}/audit`, { token: b.token })
    ).json()) as {
      items: { action: string }[];
    };
    expect(audit.items.map((e) => e.action)).toEqual([
      'ballot.drafted',
      'ballot.opened',
      'paper_vote.entered',
      'paper_vote.conflict',
      'conflict.resolved',
    ]);
  });

  it('says in the certified close how many paper conflicts were left unresolved', async () => {
    const b = await openBallot();
    expect((await b.vote('a')).status).toBe(201);
    const conflict = await t.request(`${b.base}/${b.ballot.id}/paper-votes`, {
      token: b.token,
      json: {
        holderKey: b.roster.holderKeys.get('a'),
        choices: b.choices('oppose', 'oppose'),
        channel: 'paper',
        reference: 'scan-9',
      },
    });
    expect(conflict.status).toBe(409);
    clock.advance(15 * 24 * HOUR);
    expect(await closeDueBallots(t.deps)).toBeGreaterThanOrEqual(1);
    const audit = (await (
      await t.request(`${b.base}/${b.ballot.id}/audit`, {
        token: await t.tokenFor(committeeOf(b.communityId)),
      })
    ).json()) as { items: { action: string; details: Record<string, unknown> }[] };
    const closed = audit.items.find((e) => e.action === 'ballot.closed');
    expect(closed?.details.unresolvedConflicts).toBe(1);
  });

  it('exports the links as a spreadsheet with masked phones', async () => {
    const b = await openBallot();
    const res = await t.request(`${b.base}/${b.ballot.id}/credentials/links.xlsx`, {
      token: b.token,
    });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(4); // header + a, b, c&d
    const a = rows.find((r) => r[1] === '1-1-101, 2-1-101')!;
    expect(a[2]).toMatch(/^138\*{4}\d{4}$/);
    expect(String(a[3])).toBe(`https://vote.example.cn/v/${t.linkOf(b.credOf('a').id)}`);
  });
});
