import { gunzipSync } from 'node:zlib';
import { createLogger } from '@yishi/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../test-support.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(() => h?.close());

const DAY = 86_400_000;
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

describe('the owner’s voting page', () => {
  it('shows the matters in plain words, the owner’s own units only, and large labelled choices', async () => {
    const { links } = await h.openBallot();
    const res = await get(`/v/${links.a}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(html).toContain('更换消防门并增设电动车充电桩');
    expect(html).toContain('使用维修资金更换全部楼栋消防门');
    expect(html).toContain('第二百七十八条第一款第（6）项');
    expect(html).toContain('四分之三以上同意');
    expect(html).toContain('1栋1单元101室 · 100.00 m²');
    expect(html).toContain('2栋1单元101室 · 70.00 m²');
    // Other owners' units (b: 80.00, c: 90.00, d: 95.50) never appear.
    expect(html).not.toMatch(/80\.00|90\.00|95\.50|102室|201室|301室/);
    expect(html.match(/<fieldset/g)).toHaveLength(2);
    expect(html.match(/<legend>/g)).toHaveLength(2);
    expect(html.match(/<label class="opt"><input type="radio"/g)).toHaveLength(6);
    expect(html).not.toContain('<script');
    expect(html).toContain(`href="/v/${links.a}?lang=en"`);
  });

  it('stays under 30 KB compressed, even with the most matters a ballot may have', async () => {
    // 20 matters (the API's maximum), each with a long description: the heaviest page an owner gets.
    const matters = Array.from({ length: 20 }, (_, i) => ({
      item: (i % 9) + 1,
      title: `第${i + 1}项：关于小区公共区域改造的具体方案与费用分摊办法`,
      body: '本事项的具体内容包括施工范围、预算、资金来源、施工单位的选定办法和验收办法。'.repeat(
        6,
      ),
    }));
    const { links } = await h.openBallot({ matters });
    const res = await h.web.request(`/v/${links.a}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const sent = Buffer.from(await res.arrayBuffer());
    const html = gunzipSync(sent).toString('utf8');
    expect(html.match(/<fieldset/g)).toHaveLength(20);
    const gz = sent.length;
    console.info(`voting page, 20 matters: ${html.length} bytes, ${gz} bytes sent gzipped`);
    expect(gz).toBeLessThan(30 * 1024);
  });

  const election = (candidates: string[], seats = 2) => ({
    kind: 'election',
    title: '选举第二届业主委员会委员',
    body: '',
    seats,
    candidates: candidates.map((name) => ({ name, body: `${name}，本小区业主，热心公益。` })),
  });

  it('groups an election’s candidates under its heading and seats, each with its own choices', async () => {
    const { links } = await h.openBallot({
      matters: [
        { item: 9, title: '修订业主大会议事规则', body: '' },
        election(['张三', '李四', '王五']),
      ],
    });
    const html = await (await get(`/v/${links.a}`)).text();
    expect(html).toContain('<h2 id="e-');
    expect(html).toContain('事项2：选举第二届业主委员会委员（应选 2 名）</h2>');
    expect(html).toContain('同意票最多的 2 位当选');
    expect(html).toContain('<legend>事项1：修订业主大会议事规则</legend>');
    // The heading comes before its candidates, each candidate a fieldset of its own.
    const heading = html.indexOf('（应选 2 名）</h2>');
    for (const name of ['张三', '李四', '王五']) {
      expect(html.indexOf(`<legend>候选人：${name}</legend>`)).toBeGreaterThan(heading);
    }
    expect(html.match(/<fieldset/g)).toHaveLength(4);
    expect(html.match(/<label class="opt"><input type="radio"/g)).toHaveLength(12);
    // What item (3) takes is said once for the election, not once per candidate.
    expect(html.match(/第二百七十八条第一款第（3）项/g)).toHaveLength(1);

    const ids = matterIds(html);
    const choices = Object.fromEntries(
      ids.map((id, i) => [`c_${id}`, i === 2 ? 'oppose' : 'agree']),
    );
    const confirm = await (await post(`/v/${links.a}/confirm`, choices)).text();
    expect(confirm).toMatch(/事项2：选举第二届业主委员会委员 · 候选人：李四<\/dt><dd><strong>反对/);
    const cast = await post(`/v/${links.a}/vote`, choices);
    expect(cast.status).toBe(303);
  });

  it('stays under 30 KB compressed with an election of 19 candidates and a long matter', async () => {
    const names = Array.from({ length: 19 }, (_, i) => `候选人${String(i + 1).padStart(2, '0')}号`);
    const { links } = await h.openBallot({
      matters: [
        election(names, 7),
        { item: 9, title: '关于小区公共区域改造', body: '本事项的具体内容。'.repeat(60) },
      ],
    });
    const res = await h.web.request(`/v/${links.a}`, { headers: { 'accept-encoding': 'gzip' } });
    const sent = Buffer.from(await res.arrayBuffer());
    const html = gunzipSync(sent).toString('utf8');
    expect(html.match(/<fieldset/g)).toHaveLength(20);
    console.info(`voting page, election of 19: ${html.length} bytes, ${sent.length} bytes gzipped`);
    expect(sent.length).toBeLessThan(30 * 1024);
  });

  it('walks from choices to confirmation to a receipt, then shows the vote instead of the form', async () => {
    const { links } = await h.openBallot();
    const page = await (await get(`/v/${links.b}`)).text();
    const [m1, m2] = matterIds(page) as [string, string];
    const choices = { [`c_${m1}`]: 'agree', [`c_${m2}`]: 'abstain' };

    const confirm = await post(`/v/${links.b}/confirm`, choices);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('请核对您的选择');
    expect(confirmHtml).toMatch(/使用维修资金更换全部楼栋消防门<\/dt><dd><strong>同意/);
    expect(confirmHtml).toMatch(/在地下车库增设电动车充电桩<\/dt><dd><strong>弃权/);
    expect(confirmHtml).toContain(`action="/v/${links.b}/vote"`);

    const cast = await post(`/v/${links.b}/vote`, choices);
    expect(cast.status).toBe(303);
    const location = cast.headers.get('location') ?? '';
    const receipt = new URL(location, 'http://x').searchParams.get('receipt') ?? '';
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const done = await (await get(location)).text();
    expect(done).toContain('投票成功');
    expect(done).toContain(`<strong class="receipt">${receipt}</strong>`);
    expect(done).not.toContain('name="c_');

    const later = await (await get(`/v/${links.b}`)).text();
    expect(later).toContain('您已投票');
    expect(later).not.toContain(receipt);
    expect(later).toMatch(/使用维修资金更换全部楼栋消防门<\/dt><dd><strong>同意/);

    const again = await post(`/v/${links.b}/vote`, {
      [`c_${m1}`]: 'oppose',
      [`c_${m2}`]: 'oppose',
    });
    expect(again.status).toBe(303);
    const after = await (await get(again.headers.get('location')!)).text();
    expect(after).toContain('您已投票');
    expect(after).toMatch(/使用维修资金更换全部楼栋消防门<\/dt><dd><strong>同意/);
  });

  it('lets an owner change their vote before the close when the ballot allows it', async () => {
    const { links } = await h.openBallot({ allowChange: true });
    const [m1, m2] = matterIds(await (await get(`/v/${links.a}`)).text()) as [string, string];
    await post(`/v/${links.a}/vote`, { [`c_${m1}`]: 'agree', [`c_${m2}`]: 'agree' });
    const voted = await (await get(`/v/${links.a}`)).text();
    expect(voted).toContain('您已投票');
    expect(voted).toContain(`name="c_${m1}" value="agree" required="" checked=""`);
    const confirm = await (
      await post(`/v/${links.a}/confirm`, { [`c_${m1}`]: 'oppose', [`c_${m2}`]: 'agree' })
    ).text();
    expect(confirm).toContain('截止前可以修改');
    const changed = await post(`/v/${links.a}/vote`, {
      [`c_${m1}`]: 'oppose',
      [`c_${m2}`]: 'agree',
    });
    expect(changed.status).toBe(303);
    const after = await (await get(changed.headers.get('location')!)).text();
    expect(after).toContain('投票成功');
    expect(after).toMatch(/使用维修资金更换全部楼栋消防门<\/dt><dd><strong>反对/);
  });

  it('does not show a receipt code that is not this owner’s', async () => {
    const { links } = await h.openBallot();
    const html = await (await get(`/v/${links.c}`)).text();
    const [m1, m2] = matterIds(html) as [string, string];
    await post(`/v/${links.c}/vote`, { [`c_${m1}`]: 'agree', [`c_${m2}`]: 'agree' });
    const forged = await (await get(`/v/${links.c}?receipt=AAAA-BBBB-CCCC-DDDD`)).text();
    expect(forged).not.toContain('AAAA-BBBB-CCCC-DDDD');
    expect(forged).toContain('您已投票');
  });

  it('asks again for a matter left without a choice', async () => {
    const { links } = await h.openBallot();
    const [m1, m2] = matterIds(await (await get(`/v/${links.d}`)).text()) as [string, string];
    const res = await post(`/v/${links.d}/confirm`, { [`c_${m1}`]: 'oppose' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请对每个事项选择');
    expect(html).toContain('这个事项还没有选择');
    expect(html).toContain(`name="c_${m1}" value="oppose" required="" checked=""`);
    expect(html.slice(html.indexOf(`id="m-${m2}"`))).toContain('这个事项还没有选择');
    expect(html.match(/这个事项还没有选择/g)).toHaveLength(1);
  });

  it('says when voting opens before the window, and when and where the result is published after it', async () => {
    const { links } = await h.openBallot({}, { opensInMs: 2 * DAY });
    const early = await (await get(`/v/${links.a}`)).text();
    expect(early).toContain('投票尚未开始');
    expect(early).toContain('使用维修资金更换全部楼栋消防门');
    expect(early).not.toContain('type="radio"');

    const { links: closedLinks } = await h.openBallot();
    h.clock.advance(15 * DAY);
    const late = await (await get(`/v/${closedLinks.a}`)).text();
    expect(late).toContain('投票已结束');
    expect(late).toContain('公告栏');
    expect(late).not.toContain('type="radio"');
    const en = await (await get(`/v/${closedLinks.a}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Voting has closed');
    expect(en).toContain('notice board');
  });
});

describe('attachments', () => {
  it('lists a matter’s files and serves them through the owner’s link only', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const { links } = await h.openBallot(
      {},
      { attach: { fileName: '消防门报价单.pdf', type: 'application/pdf', bytes: pdf } },
    );
    const html = await (await get(`/v/${links.a}`)).text();
    const href =
      /href="(\/v\/[^"]+\/attachments\/[0-9a-f-]{36})">消防门报价单\.pdf<\/a> <span class="muted">\(PDF, 1 KB\)/.exec(
        html,
      )?.[1];
    expect(href).toBeDefined();
    const file = await get(href!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('cache-control')).toBe('no-store');
    // The link is in the file's address: a link inside the PDF must not send it on.
    expect(file.headers.get('referrer-policy')).toBe('no-referrer');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);

    const { links: elsewhere } = await h.openBallot();
    const foreign = await get(href!.replace(links.a, elsewhere.a));
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toContain('找不到这个附件');
  });
});

describe('refusals in plain words', () => {
  it('maps an invalid and a revoked link to sentences in Chinese and English', async () => {
    const invalid = await get('/v/not-a-real-token.abcdef');
    expect(invalid.status).toBe(404);
    expect(await invalid.text()).toContain('这个投票链接无效');
    const { links, reissue } = await h.openBallot();
    await reissue('a');
    const revoked = await get(`/v/${links.a}?lang=en`);
    expect(revoked.status).toBe(403);
    const html = await revoked.text();
    expect(html).toContain('This voting link was cancelled');
    expect(html).toContain(`href="/v/${links.a}"`);
  });

  it('asks for the second factor, says when it is wrong, and stops after too many tries', async () => {
    const { links, phones } = await h.openBallot({ secondFactor: 'phone_last4' });
    const page = await (await get(`/v/${links.b}`)).text();
    expect(page).toContain('登记手机号的后四位');
    expect(page).toContain('<label for="sf">');
    const [m1, m2] = matterIds(page) as [string, string];
    const choices = { [`c_${m1}`]: 'agree', [`c_${m2}`]: 'oppose' };

    const none = await post(`/v/${links.b}/confirm`, choices);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请输入后四位数字');

    const wrong = await post(`/v/${links.b}/vote`, { ...choices, sf: '0000' });
    expect(wrong.status).toBe(403);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('输入的后四位不正确');
    expect(wrongHtml).toMatch(
      /id="sf-error">输入的后四位不正确[\s\S]*aria-invalid="true" aria-describedby="sf-error"/,
    );
    expect(wrongHtml).toContain(`name="c_${m1}" value="agree" required="" checked=""`);
    for (let i = 0; i < 4; i += 1) await post(`/v/${links.b}/vote`, { ...choices, sf: '0000' });
    const right = phones.get('b')!.slice(-4);
    const throttled = await post(`/v/${links.b}/vote`, { ...choices, sf: right });
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain('请15分钟后再试');

    const ok = await post(`/v/${links.c}/vote`, { ...choices, sf: phones.get('c')!.slice(-4) });
    expect(ok.status).toBe(303);
  });

  it('says the link is locked after too many wrong second factors', async () => {
    const { links, phones } = await h.openBallot({ secondFactor: 'phone_last4' });
    const [m1, m2] = matterIds(await (await get(`/v/${links.d}`)).text()) as [string, string];
    const wrong = { [`c_${m1}`]: 'agree', [`c_${m2}`]: 'agree', sf: '0000' };
    for (let round = 0; round < 4; round += 1) {
      for (let i = 0; i < 5; i += 1) {
        expect((await post(`/v/${links.d}/vote`, wrong)).status).toBe(403);
      }
      h.clock.advance(15 * 60_000 + 1); // past the throttle window
    }
    const res = await post(`/v/${links.d}/vote`, { ...wrong, sf: phones.get('d')!.slice(-4) });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('这个链接已锁定');
    expect(html).not.toContain('type="radio"');
  });

  it('says the system cannot be reached when the ballots service is down, without a vote cast', async () => {
    const { createWebApp } = await import('../app.ts');
    const { ballotsClient } = await import('../ballots-client.ts');
    const down = createWebApp({
      ballots: ballotsClient({ baseUrl: 'http://127.0.0.1:9' }),
      logger: createLogger({ service: 'web', level: 'silent' }),
    });
    const res = await down.request('/v/abcdefghijkl.mnopqrstuvwxyz');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('系统暂时无法连接');
  });
});
