import '@hono/zod-openapi';
import { errorBodySchema } from '@yishi/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const election = (overrides: Record<string, unknown> = {}) => ({
  kind: 'election',
  title: '选举第三届业主委员会委员',
  body: '差额选举，应选2名',
  seats: 2,
  candidates: [
    { name: '张三', body: '退休教师' },
    { name: '李四' },
    { name: '王五' },
    { name: '赵六' },
  ],
  ...overrides,
});

type Election = {
  id: string;
  seats: number;
  candidates: { matterId: string; name: string }[];
  result: null | {
    filled: number;
    candidates: { name: string; rank: number | null; status: string; agreeHeadcount: number }[];
  };
};

describe('elections of committee members', () => {
  it('refuses an election that cannot be held, and stores nothing', async () => {
    const c = await testCommunity(t);
    const start = new Date(clock.now().getTime() + DAY);
    for (const matters of [
      [election({ seats: 5 })],
      [election({ item: 6 })],
      [election({ candidates: [{ name: '张三' }, { name: '张三' }] })],
      [election({ candidates: Array.from({ length: 21 }, (_, i) => ({ name: `候选人${i}` })) })],
      [
        election({ candidates: Array.from({ length: 15 }, (_, i) => ({ name: `候选人${i}` })) }),
        ...Array.from({ length: 6 }, () => ({ item: 4, title: '续聘物业' })),
      ],
    ]) {
      const res = await t.request(c.base, { token: c.token, json: draftBody(start, { matters }) });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_failed');
    }
  });

  it('makes each candidate a question of its own, grouped under the election, and fills the seats by agreement', async () => {
    const c = await testCommunity(t);
    const ballot = (await c.draft(
      draftBody(
        clock.now(),
        { matters: [election(), { item: 4, title: '续聘物业', body: '' }] },
        { days: 1 },
      ),
    )) as unknown as {
      id: string;
      matters: { id: string; item: number; title: string; election: { id: string } | null }[];
      elections: Election[];
    };
    expect(ballot.matters.map((m) => [m.item, m.title])).toEqual([
      [3, '张三'],
      [3, '李四'],
      [3, '王五'],
      [3, '赵六'],
      [4, '续聘物业'],
    ]);
    expect(ballot.elections).toEqual([
      expect.objectContaining({
        title: '选举第三届业主委员会委员',
        seats: 2,
        item: 3,
        candidates: ballot.matters.slice(0, 4).map((m) => ({ matterId: m.id, name: m.title })),
      }),
    ]);
    expect(ballot.matters[4]?.election).toBeNull();
    expect(new Set(ballot.matters.slice(0, 4).map((m) => m.election?.id)).size).toBe(1);

    expect((await c.command(ballot.id, 'open')).status).toBe(200);
    const links = await c.links(ballot.id);
    const link = (owner: string) => links.get(c.roster.holderKeys.get(owner)!)!;
    const owner = (await (await t.request(`/v/${link('a')}`)).json()) as { elections: Election[] };
    expect(owner.elections[0]?.candidates.map((x) => x.name)).toEqual([
      '张三',
      '李四',
      '王五',
      '赵六',
    ]);

    // Five heads: j 90, a 190, b 80.5, c&d 120.25, e 60 (540.75 m²). Everyone votes on everything.
    const [zhang, li, wang, zhao, other] = ballot.matters.map((m) => m.id) as string[];
    const agreeing: Record<string, string[]> = {
      [zhang!]: ['j', 'a', 'b', 'c&d', 'e'],
      [li!]: ['j', 'a', 'b', 'c&d'],
      [wang!]: ['a', 'b', 'e'],
      [zhao!]: ['j'],
      [other!]: ['a'],
    };
    for (const who of ['j', 'a', 'b', 'c&d', 'e']) {
      const choices = Object.entries(agreeing).map(([matterId, yes]) => ({
        matterId,
        choice: yes.includes(who) ? 'agree' : 'oppose',
      }));
      expect((await t.request(`/v/${link(who)}/votes`, { json: { choices } })).status).toBe(201);
    }
    clock.advance(DAY);
    await closeDueBallots(t.deps);
    await c.refresh();
    const results = (await (
      await t.request(`${c.base}/${ballot.id}/results`, { token: c.token })
    ).json()) as { elections: Election[] };
    const outcome = results.elections[0]?.result;
    expect(outcome?.filled).toBe(2);
    expect(outcome?.candidates.map((x) => [x.name, x.rank, x.status, x.agreeHeadcount])).toEqual([
      ['张三', 1, 'elected', 5],
      ['李四', 2, 'elected', 4],
      ['王五', 3, 'passed_no_seat', 3],
      ['赵六', null, 'not_passed', 1],
    ]);

    const publish = await c.command(ballot.id, 'publish', {
      from: clock.now().toISOString(),
      until: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
    });
    expect(publish.status).toBe(200);
    const view = (await (await t.request(`/public/ballots/${ballot.id}`)).json()) as {
      elections: Election[];
      matters: { id: string }[];
    };
    expect(view.elections[0]?.result?.candidates.map((x) => x.status)).toEqual([
      'elected',
      'elected',
      'passed_no_seat',
      'not_passed',
    ]);
    expect(view.matters).toHaveLength(5);
  });
});
