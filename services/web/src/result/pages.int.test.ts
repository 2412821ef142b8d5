import { closeDueBallots } from '@yishi/ballots/src/ballots/scheduler.ts';
import { ballots } from '@yishi/ballots/src/db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../test-support.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(() => h?.close());

const get = (path: string) => h.web.request(path);
const post = (path: string, form: Record<string, string>) =>
  h.web.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
const matterIds = (html: string) => [
  ...new Set([...html.matchAll(/name="c_([0-9a-f-]{36})"/g)].map((m) => m[1]!)),
];

/** Votes through the web as an owner would; answers the receipt code. */
async function vote(link: string, first: string, second: string) {
  const [m1, m2] = matterIds(await (await get(`/v/${link}`)).text()) as [string, string];
  const res = await post(`/v/${link}/vote`, { [`c_${m1}`]: first, [`c_${m2}`]: second });
  expect(res.status).toBe(303);
  return new URL(res.headers.get('location')!, 'http://x').searchParams.get('receipt')!;
}

const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('the public result page (公示)', () => {
  it('shows decisions in words, the figures, the policy and a named list of units', async () => {
    const ballot = await h.openBallot();
    const receiptA = await vote(ballot.links.a, 'agree', 'agree');
    await vote(ballot.links.b, 'agree', 'oppose');
    const receiptC = await vote(ballot.links.c, 'agree', 'oppose');

    // Before it is published: a 404 page in Chinese, with no figures.
    const early = await get(`/r/${ballot.ballotId}`);
    expect(early.status).toBe(404);
    const earlyHtml = await early.text();
    expect(earlyHtml).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(earlyHtml).toContain('没有找到公示');
    expect(earlyHtml).not.toContain('形成决定');

    await ballot.closeAndPublish();
    const res = await get(`/r/${ballot.ballotId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toContain('<script');
    const body = text(html);
    expect(body).toContain('表决结果公示：更换消防门并增设电动车充电桩');
    expect(body).toMatch(/公示期：.+至.+（北京时间）/);
    expect(body).toContain('第二百七十八条第一款第（6）项');
    expect(body).toContain('四分之三以上');
    // Matter 1: all three participants agree. Matter 2: only a (170 of 340 m², 1 of 3) agrees.
    const [first, second] = body.split('事项2：') as [string, string];
    expect(first).toContain('已形成决定');
    expect(first).not.toContain('未形成决定');
    expect(second).toContain('未形成决定');
    expect(body).not.toMatch(/已否决|被否决|rejected/);
    expect(first).toContain('面积 340.00 / 435.50 m²（78.07%）');
    expect(first).toContain('人数 3 / 4 人（75.00%）');
    expect(first).toContain('面积 340.00 / 340.00 m²（100.00%）');
    expect(second).toContain('面积 170.00 / 340.00 m²（50.00%）');
    expect(second).toContain('人数 1 / 3 人（33.33%）');
    expect(second).toContain('参与人数和面积：达到双三分之二');
    expect(second).toContain('同意比例：未达到');
    expect(body).toContain('一位业主有多套房屋的，投一票');
    expect(body).toContain('业主名册快照校验值');
    expect(html).toMatch(/class="hash">[0-9a-f]{64}</);
    // The named list: every unit with its area and choices; d did not vote. No names or phones.
    expect(body).toContain('1栋（2户）');
    expect(html).toMatch(
      /<th scope="row">1单元102室<\/th><td class="num">80\.00<\/td><td>事项1 同意<br\/?>事项2 反对<\/td>/,
    );
    expect(html).toMatch(/<th scope="row">1单元301室<\/th><td class="num">95\.50<\/td><td>未投票/);
    for (const [, phone] of ballot.phones) expect(html).not.toContain(phone);
    expect(html).not.toMatch(/业主[abcd]\b/);

    // The receipt check: counted, then lower case without dashes also works, then unknown.
    const counted = text(await (await get(`/r/${ballot.ballotId}?receipt=${receiptA}`)).text());
    expect(counted).toContain(`${receiptA}：这张回执码对应的票已被计入结果（2个事项）。`);
    const loose = receiptC.replace(/-/g, '').toLowerCase();
    const counted2 = text(await (await get(`/r/${ballot.ballotId}?receipt=${loose}`)).text());
    expect(counted2).toContain(`${receiptC}：这张回执码对应的票已被计入结果`);
    const unknown = text(
      await (await get(`/r/${ballot.ballotId}?receipt=AAAA-BBBB-CCCC-DDDD`)).text(),
    );
    expect(unknown).toContain('找不到这张回执码');
    const bad = await get(`/r/${ballot.ballotId}?receipt=12345`);
    expect(bad.status).toBe(400);
    expect(text(await bad.text())).toContain('回执码的格式不对');

    const en = await (await get(`/r/${ballot.ballotId}?lang=en`)).text();
    expect(en).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(en).toContain('A decision was formed');
    expect(en).toContain('No decision was formed');
    expect(en).toContain(`href="/r/${ballot.ballotId}"`);
  });

  it('lists units without choices for a secret ballot, and says why no decision was formed', async () => {
    const ballot = await h.openBallot({ publication: 'secret' });
    await vote(ballot.links.a, 'agree', 'agree');
    await ballot.closeAndPublish();
    const html = await (await get(`/r/${ballot.ballotId}`)).text();
    const body = text(html);
    expect(body).toContain('本次表决为不记名表决');
    expect(body).not.toContain('已形成决定');
    expect(body.match(/未形成决定/g)).toHaveLength(2);
    expect(body).toContain('参与人数和面积：未达到双三分之二');
    expect(body).toContain('参与表决的面积或人数没有达到三分之二');
    expect(html).toContain('<th scope="row">1单元101室</th><td class="num">100.00</td></tr>');
    expect(html).not.toMatch(/同意<br|<td>未投票|<th scope="col">选择/);
  });

  it('says when a result will be published, checks a changed vote as superseded, and 404s strangers', async () => {
    const ballot = await h.openBallot({ allowChange: true });
    const old = await vote(ballot.links.b, 'agree', 'agree');
    const recorded = text(await (await get(`/r/${ballot.ballotId}?receipt=${old}`)).text());
    expect(recorded).toContain('没有找到公示');
    const fresh = await vote(ballot.links.b, 'oppose', 'oppose');
    await ballot.closeAndPublish({ publishInMs: 2 * 86_400_000 });
    const later = await (await get(`/r/${ballot.ballotId}`)).text();
    expect(text(later)).toContain('结果尚未公示');
    expect(text(later)).toMatch(/将于 .+（北京时间）起公示/);
    expect(later).not.toContain('形成决定');

    h.clock.advance(2 * 86_400_000 + 1000);
    const superseded = text(await (await get(`/r/${ballot.ballotId}?receipt=${old}`)).text());
    expect(superseded).toContain('后来被本人修改过');
    const counted = text(await (await get(`/r/${ballot.ballotId}?receipt=${fresh}`)).text());
    expect(counted).toContain('已被计入结果');

    for (const path of ['/r/not-a-ballot', '/r/00000000-0000-4000-8000-000000000000']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(text(await res.text())).toContain('没有找到公示');
    }
  });

  it('says that a closed ballot’s result is pending, when it closed and when it is due, with no figures', async () => {
    const ballot = await h.openBallot();
    await vote(ballot.links.a, 'agree', 'agree');
    const [row] = await h.ballots.deps.db
      .select()
      .from(ballots)
      .where(eq(ballots.id, ballot.ballotId));
    h.clock.set(new Date(row!.closesAt.getTime() + 1000));
    expect(await closeDueBallots(h.ballots.deps)).toBeGreaterThanOrEqual(1);

    const res = await get(`/r/${ballot.ballotId}`);
    expect(res.status).toBe(200);
    const body = text(await res.text());
    expect(body).toContain('投票已截止，结果待公示');
    expect(body).toMatch(/本次表决已于 .+（北京时间）截止/);
    expect(body).toMatch(/结果应于 .+（北京时间）前公示/);
    expect(body).not.toMatch(/形成决定|面积 \d|人数 \d/);
    const en = text(await (await get(`/r/${ballot.ballotId}?lang=en`)).text());
    expect(en).toContain('Voting has closed; the result is pending');
    expect(en).toMatch(/due to be published by .+ \(Beijing time\)/);
  });
});
