import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../staff/cookie-jar.ts';
import { type Estate, type ProposalsWebHarness, startProposalsWebHarness } from './test-support.ts';

let h: ProposalsWebHarness;
let estate: Estate;
beforeAll(async () => {
  h = await startProposalsWebHarness();
  estate = await h.estate();
});
afterAll(async () => {
  await h?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  h.web.request(`http://web.test${path}`, { headers });
const post = (path: string, form: Record<string, string> | FormData) =>
  h.web.request(`http://web.test${path}`, {
    method: 'POST',
    ...(form instanceof FormData
      ? { body: form }
      : {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form),
        }),
  });

/** The page's text without tags, spaces collapsed, for assertions a reader would make. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
const pageText = async (res: Response) => textOf(await res.text());

/** What the proposals service holds, read with a committee member's token. */
async function proposalOf(id: string) {
  const res = await h.proposals.request(`/communities/${estate.communityId}/proposals/${id}`, {
    token: await estate.staffToken(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; cosign: { count: number }; title: string };
}
async function countProposals() {
  const res = await h.proposals.request(`/communities/${estate.communityId}/proposals?limit=100`, {
    token: await estate.staffToken(),
  });
  return ((await res.json()) as { items: unknown[] }).items.length;
}
async function commentsOf(id: string) {
  const res = await h.proposals.request(
    `/communities/${estate.communityId}/proposals/${id}/comments`,
    { token: await estate.staffToken() },
  );
  return ((await res.json()) as { items: { id: string; body: string; hidden: unknown }[] }).items;
}

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const idFromLocation = (res: Response) =>
  /\/proposals\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1] ?? '';

describe('an owner through their link', () => {
  it('submits a proposal with an attachment, and a form with a problem changes nothing', async () => {
    const token = estate.ownerToken('101');
    const before = await countProposals();
    const empty = await post(`/o/${token}/proposals`, {
      title: ' ',
      description: '楼道灯坏了',
      category: 'maintenance',
      item: '',
    });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('id="title-error"');
    expect(emptyHtml).toContain('aria-invalid="true"');
    expect(emptyHtml).toContain('楼道灯坏了'); // the values are kept
    expect(await countProposals()).toBe(before);
    const huge = new FormData();
    huge.set('title', '太大的附件');
    huge.set('description', '说明');
    huge.set('category', 'other');
    huge.set(
      'file',
      new File([new Uint8Array(11 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' }),
    );
    const tooLarge = await post(`/o/${token}/proposals`, huge);
    expect(tooLarge.status).toBe(413);
    expect(await pageText(tooLarge)).toContain('附件太大了');
    expect(await countProposals()).toBe(before);

    const form = new FormData();
    form.set('title', '更换2栋楼道声控灯');
    form.set('description', '2栋楼道的灯坏了一半。\n建议全部换成LED声控灯。');
    form.set('category', 'maintenance');
    form.set('item', '5');
    form.set('file', new File([pdf], '报价单.pdf', { type: 'application/pdf' }));
    const res = await post(`/o/${token}/proposals`, form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\?done=submitted$/);
    const id = idFromLocation(res);
    expect((await proposalOf(id)).status).toBe('open');

    const page = await get(res.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    const text = textOf(html);
    expect(text).toContain('提议已提交');
    expect(text).toContain('更换2栋楼道声控灯');
    expect(text).toContain('征集附议中');
    expect(text).toContain('已附议 0 / 需 2 户');
    expect(text).toContain('动用维修资金修东西');
    expect(html).toContain('<progress max="100" value="0"');
    expect(html).toContain('我要附议');
    const file = /href="(\/o\/[^"]+\/files\/[0-9a-f-]{36})"/.exec(html)?.[1];
    expect(file).toBeDefined();
    const served = await get(file!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(pdf);
  });

  it('co-signs with one tap, once; the threshold is shown in words and as a bar', async () => {
    const id = await estate.submit('101', '小区增设电动车充电桩');
    const path = `/o/${estate.ownerToken('102')}/proposals/${id}`;
    const first = await post(`${path}/cosign`, {});
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${path}?done=cosigned`);
    const after = await get(`${path}?done=cosigned`);
    const html = await after.text();
    expect(textOf(html)).toContain('附议成功');
    expect(textOf(html)).toContain('您已附议这项提议');
    expect(textOf(html)).toContain('已附议 1 / 需 2 户');
    expect(textOf(html)).toContain('还差 1 户');
    expect(html).toContain('value="50"');
    expect(html).not.toContain('我要附议');

    const crossSite = await h.web.request(`http://web.test${path}/cosign`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect((await proposalOf(id)).cosign.count).toBe(1);
    const again = await post(`${path}/cosign`, {});
    expect(again.headers.get('location')).toBe(`${path}?done=already`);
    expect((await proposalOf(id)).cosign.count).toBe(1);

    await post(`/o/${estate.ownerToken('201')}/proposals/${id}/cosign`, {});
    expect((await proposalOf(id)).status).toBe('threshold_reached');
    const reached = await pageText(await get(`/o/${estate.ownerToken('301')}/proposals/${id}`));
    expect(reached).toContain('附议已达标');
    expect(reached).toContain('已附议 2 / 需 2 户');
    expect(reached).toContain('业委会应当召集业主大会');
  });

  it('comments and replies; a hidden comment shows its reason, never its text', async () => {
    const id = await estate.submit('202', '调整小区停车收费');
    const owner = `/o/${estate.ownerToken('301')}/proposals/${id}`;
    const blank = await post(`${owner}/comments`, { body: '   ' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('id="new-comment-error"');
    expect(await commentsOf(id)).toHaveLength(0);

    const posted = await post(`${owner}/comments`, { body: '我同意，但收费要公开。' });
    expect(posted.status).toBe(303);
    const [comment] = await commentsOf(id);
    expect(posted.headers.get('location')).toBe(`${owner}?done=commented#c-${comment!.id}`);
    const replied = await post(`/o/${estate.ownerToken('302')}/proposals/${id}/comments`, {
      body: '楼上说得对',
      parentId: comment!.id,
    });
    expect(replied.status).toBe(303);
    const rude = await post(`${owner}/comments`, { body: '物业就是骗子！！' });
    expect(rude.status).toBe(303);

    const page = await pageText(await get(`/o/${estate.ownerToken('102')}/proposals/${id}`));
    expect(page).toContain('我同意，但收费要公开。');
    expect(page).toContain('楼上说得对');

    // A moderator hides it with a reason, through the staff pages.
    const jar = new CookieJar(h.web);
    await jar.signIn(await estate.staffAccount(['party_secretary']));
    const rudeId = (await commentsOf(id)).find((c) => c.body === '物业就是骗子！！')!.id;
    const staffPath = `/staff/c/${estate.communityId}/proposals/${id}`;
    const staffPage = await jar.request(staffPath);
    expect(staffPage.status).toBe(200);
    expect(await staffPage.text()).toContain(`${staffPath}/comments/${rudeId}/hide`);
    const noReason = await jar.request(`${staffPath}/comments/${rudeId}/hide`, {
      form: { _csrf: jar.csrf, reason: '' },
    });
    expect(noReason.status).toBe(400);
    expect((await commentsOf(id)).find((c) => c.id === rudeId)!.hidden).toBeNull();
    const noCsrf = await jar.request(`${staffPath}/comments/${rudeId}/hide`, {
      form: { _csrf: 'x'.repeat(43), reason: '人身攻击' },
    });
    expect(noCsrf.status).toBe(403);
    expect((await commentsOf(id)).find((c) => c.id === rudeId)!.hidden).toBeNull();
    const hidden = await jar.request(`${staffPath}/comments/${rudeId}/hide`, {
      form: { _csrf: jar.csrf, reason: '人身攻击' },
    });
    expect(hidden.status).toBe(303);

    const after = await pageText(await get(`/o/${estate.ownerToken('102')}/proposals/${id}`));
    expect(after).toContain('这条发言已被隐藏');
    expect(after).toContain('原因：人身攻击');
    expect(after).not.toContain('物业就是骗子');
    expect(after).toContain('我同意，但收费要公开。');
  });

  it('lists proposals by state, in Chinese or English', async () => {
    const token = estate.ownerToken('302');
    const id = await estate.submit('302', '屋顶防水维修');
    const all = await get(`/o/${token}/proposals`);
    expect(all.status).toBe(200);
    const html = await all.text();
    expect(html).toContain(`/o/${token}/proposals/${id}`);
    expect(html).toContain('aria-current="page"');
    const open = await pageText(await get(`/o/${token}/proposals?status=open`));
    expect(open).toContain('屋顶防水维修');
    const done = await pageText(await get(`/o/${token}/proposals?status=done`));
    expect(done).not.toContain('屋顶防水维修');
    expect(done).toContain('这里还没有提议');
    const en = await get(`/o/${token}/proposals?lang=en`);
    const enHtml = await en.text();
    expect(enHtml).toContain('<html lang="en">');
    expect(enHtml).toContain('Collecting co-signatures');
    expect(enHtml).toContain(`/o/${token}/proposals/${id}?lang=en`);
  });

  it('shows the proposals on the owner’s home page', async () => {
    const id = await estate.submit('201', '增设快递柜');
    const home = await get(`/o/${estate.ownerToken('101')}`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(textOf(html)).toContain('提议与微心愿');
    expect(html).toContain(`/proposals/${id}`);
    expect(textOf(html)).toContain('正在征集附议的提议');
    expect(html).toContain('/wishes');
  });

  it('refuses a bad link or an unknown proposal in words, and logs no token', async () => {
    const bad = await get('/o/not-a-token/proposals');
    expect(bad.status).toBe(401);
    expect(await pageText(bad)).toContain('这个链接无效');
    const token = estate.ownerToken('101');
    const unknown = await get(`/o/${token}/proposals/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    const junk = await get(`/o/${token}/proposals/abc`);
    expect(junk.status).toBe(404);
    expect(h.logLines.join('\n')).not.toContain(token);
  });

  it('sends a light page', async () => {
    const id = await estate.submit('101', '儿童游乐区更换地垫');
    const res = await get(`/o/${estate.ownerToken('102')}/proposals/${id}`, {
      'accept-encoding': 'gzip',
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const sent = Buffer.from(await res.arrayBuffer());
    const html = gunzipSync(sent).toString('utf8');
    console.info(`proposal page: ${html.length} bytes, ${sent.length} bytes sent gzipped`);
    expect(sent.length).toBeLessThan(30 * 1024);
  });
});

describe('after the decision', () => {
  it('the committee moves it on, publishes progress with photos and keeps the ledger', async () => {
    const id = await estate.submit('102', '更换消防水泵');
    await estate.decide(id);
    expect((await proposalOf(id)).status).toBe('decided');
    const jar = new CookieJar(h.web);
    await jar.signIn(await estate.staffAccount());
    const base = `/staff/c/${estate.communityId}/proposals/${id}`;
    const page = await jar.request(base);
    expect(await pageText(page)).toContain('已形成决定');

    const started = await jar.request(`${base}/start`, { form: { _csrf: jar.csrf } });
    expect(started.status).toBe(303);
    expect((await proposalOf(id)).status).toBe('being_implemented');
    const again = await jar.request(`${base}/start`, { form: { _csrf: jar.csrf } });
    expect(again.status).toBe(409);

    const update = new FormData();
    update.set('_csrf', jar.csrf);
    update.set('body', '水泵已到货，周六上午安装，届时停水两小时。');
    update.append('photos', new File([png], '到货.png', { type: 'image/png' }));
    const published = await h.web.request(`http://web.test${base}/updates`, {
      method: 'POST',
      headers: { cookie: [...jar.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: update,
    });
    expect(published.status).toBe(303);

    const badAmount = await jar.request(`${base}/ledger`, {
      form: {
        _csrf: jar.csrf,
        kind: 'expenditure',
        occurredOn: '2026-03-01',
        amount: '12.345',
        description: '水泵',
        receiptRef: 'FP-001',
      },
    });
    expect(badAmount.status).toBe(400);
    expect(await badAmount.text()).toContain('id="amount-error"');
    for (const [kind, amount, description, receiptRef] of [
      ['contribution', '50,000', '维修资金拨付', 'BK-2026-01'],
      ['expenditure', '12345.6', '消防水泵及安装', 'FP-001'],
    ] as const) {
      const recorded = await jar.request(`${base}/ledger`, {
        form: { _csrf: jar.csrf, kind, occurredOn: '2026-03-01', amount, description, receiptRef },
      });
      expect(recorded.status).toBe(303);
    }
    const ledgerRes = await h.proposals.request(
      `/communities/${estate.communityId}/proposals/${id}/ledger`,
      { token: await estate.staffToken() },
    );
    const ledger = (await ledgerRes.json()) as { balanceFen: number; entries: unknown[] };
    expect(ledger.entries).toHaveLength(2);
    expect(ledger.balanceFen).toBe(5_000_000 - 1_234_560);

    // What the owners see.
    const token = estate.ownerToken('301');
    const detail = await get(`/o/${token}/proposals/${id}`);
    const html = await detail.text();
    expect(textOf(html)).toContain('正在实施');
    expect(textOf(html)).toContain('水泵已到货');
    const photo = /<img src="([^"]+)"/.exec(html)?.[1];
    expect(photo).toBeDefined();
    const served = await get(photo!.replace(/&amp;/g, '&'));
    expect(served.headers.get('content-type')).toBe('image/png');
    const ledgerPage = await pageText(await get(`/o/${token}/proposals/${id}/ledger`));
    expect(ledgerPage).toContain('收入合计：50,000.00 元');
    expect(ledgerPage).toContain('支出合计：12,345.60 元');
    expect(ledgerPage).toContain('结余：37,654.40 元');
    expect(ledgerPage).toContain('FP-001');
    const print = await get(`/o/${token}/proposals/${id}/ledger/print`);
    expect(print.status).toBe(200);
    const printHtml = await print.text();
    expect(printHtml).toContain('@page{size:A4');
    expect(printHtml).toContain('37,654.40');
    expect(print.headers.get('content-security-policy')).toContain("style-src 'sha256-");
    const csv = await get(`/o/${token}/proposals/${id}/ledger.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect(await csv.text()).toContain('12345.60');

    const completed = await jar.request(`${base}/complete`, { form: { _csrf: jar.csrf } });
    expect(completed.status).toBe(303);
    expect((await proposalOf(id)).status).toBe('done');
  });

  it('refuses the ledger of a proposal that was not decided, recording nothing', async () => {
    const id = await estate.submit('202', '外墙翻新');
    await estate.decide(id, 'not_decided');
    const jar = new CookieJar(h.web);
    await jar.signIn(await estate.staffAccount());
    const base = `/staff/c/${estate.communityId}/proposals/${id}`;
    const text = await pageText(await jar.request(base));
    expect(text).toContain('未形成决定');
    expect(text).not.toContain('开始实施');
    const refused = await jar.request(`${base}/ledger`, {
      form: {
        _csrf: jar.csrf,
        kind: 'expenditure',
        occurredOn: '2026-03-01',
        amount: '100',
        description: '脚手架',
        receiptRef: '',
      },
    });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain('只有已形成决定的议题');
    const owner = await pageText(await get(`/o/${estate.ownerToken('101')}/proposals/${id}`));
    expect(owner).toContain('未形成决定');
  });
});

describe('the wall of wishes', () => {
  it('an owner makes a wish, a volunteer claims it, staff record claims and mark them done', async () => {
    const wall = `/o/${estate.ownerToken('101')}/wishes`;
    const blank = await post(wall, { title: '', description: '' });
    expect(blank.status).toBe(400);
    const posted = await post(wall, { title: '帮忙修一下楼道灯', description: '1栋3楼的灯不亮' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`${wall}?done=posted`);
    await post(wall, { title: '陪老人去医院复诊', description: '每周三上午' });

    const other = `/o/${estate.ownerToken('202')}/wishes`;
    const html = await (await get(other)).text();
    const ids = [...html.matchAll(/\/wishes\/([0-9a-f-]{36})\/claim/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const [second, first] = ids as [string, string]; // newest first
    const claimed = await post(`${other}/${first}/claim`, { name: '小王' });
    expect(claimed.status).toBe(303);

    const jar = new CookieJar(h.web);
    await jar.signIn(await estate.staffAccount(['party_secretary']));
    const staffWall = `/staff/c/${estate.communityId}/wishes`;
    expect((await jar.request(staffWall)).status).toBe(200);
    const byParty = await jar.request(`${staffWall}/${second}/claim`, {
      form: { _csrf: jar.csrf, kind: 'party_member', name: '党员志愿服务队' },
    });
    expect(byParty.status).toBe(303);
    const done = await jar.request(`${staffWall}/${second}/fulfil`, {
      form: { _csrf: jar.csrf, note: '已陪同复诊' },
    });
    expect(done.status).toBe(303);
    // The author marks the other one done.
    const mine = await post(`${wall}/${first}/fulfil`, { note: '' });
    expect(mine.status).toBe(303);

    const text = await pageText(await get(wall));
    expect(text).toContain('已实现 2 个心愿，共 2 个');
    expect(text).toContain('志愿者 小王 认领');
    expect(text).toContain('党员 党员志愿服务队 认领');
    expect(text).toContain('已陪同复诊');

    const alias = await jar.request(`/staff/communities/${estate.communityId}/wishes`);
    expect(alias.status).toBe(308);
    expect(alias.headers.get('location')).toBe(staffWall);
  });
});
