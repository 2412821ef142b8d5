import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScanner, launchChromium, phone as phoneSize, screenshots } from '../test-browser.ts';
import { type MeetingsWebHarness, startMeetingsWebHarness } from './test-support.ts';

const phone: BrowserContextOptions = {
  ...phoneSize,
  // Only so that the axe scan can run in the page; the pages themselves need no script.
  bypassCSP: true,
};

let h: MeetingsWebHarness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startMeetingsWebHarness();
  base = (await h.serveWeb()).base;
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const shot = screenshots('meetings-');
/** Serious or critical axe violations of each page scanned, by page name. */
const { found, scan } = axeScanner(shot);

describe('an owner on a phone', () => {
  it('opens their link, sees the upcoming meeting and signs in with the door code', async () => {
    const estate = await h.estate();
    const { id, code } = await estate.announce();
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${base}/o/${estate.ownerToken('101')}`);
    await page.getByRole('heading', { name: '我的业主主页' }).waitFor();
    expect(await page.locator('ul.units li').first().textContent()).toContain('1栋1单元101室');
    await scan(page, '1-owner-home');

    await page.getByRole('link', { name: '板凳议事：电动车充电桩装在哪里' }).tap();
    await page.getByRole('heading', { level: 1, name: '板凳议事：电动车充电桩装在哪里' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${estate.ownerToken('101')}/meetings/${id}`);
    await scan(page, '2-meeting');

    await page.getByRole('button', { name: '签到', exact: true }).tap();
    await page.getByLabel('签到码（会场门口显示的8位字母数字）').fill('WRONG123');
    await page.getByRole('button', { name: '确认签到' }).tap();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('签到码不正确');
    await scan(page, '3-check-in-wrong-code');

    await page.getByLabel('签到码（会场门口显示的8位字母数字）').fill(code.toLowerCase());
    await page.getByRole('button', { name: '确认签到' }).tap();
    await page.getByRole('heading', { level: 1, name: '签到成功' }).waitFor();
    await scan(page, '4-signed-in');

    await page.getByRole('link', { name: '返回会议页面' }).tap();
    await page.getByText('您已签到。').waitFor();
    await page.goto(`${base}/o/${estate.ownerToken('101')}/meetings?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Meetings' }).waitFor();
    await scan(page, '5-schedule-en');
    await context.close();
    expect(found).toEqual({
      '1-owner-home': [],
      '2-meeting': [],
      '3-check-in-wrong-code': [],
      '4-signed-in': [],
      '5-schedule-en': [],
    });
  });

  it("scans the door's QR code: one tap when the phone opened the owner link, no script needed", async () => {
    const estate = await h.estate();
    const { id, code } = await estate.announce();
    const qr = `${base}/m/${id}/check-in?code=${code}`;
    // A phone that never opened its owner link is told how to sign in.
    const stranger = await browser.newContext(phone);
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(qr);
    await strangerPage.getByRole('heading', { name: '请先打开您的业主链接' }).waitFor();
    await scan(strangerPage, 'qr-1-no-link');
    await stranger.close();

    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/o/${estate.ownerToken('301')}`);
    await page.goto(qr);
    await page.getByRole('button', { name: '确认签到' }).waitFor();
    expect(await page.locator('input[name=code]').getAttribute('type')).toBe('hidden');
    expect(await page.locator('main ul.units').textContent()).toBe('1栋1单元301室');
    await shot(page, 'qr-2-one-tap');
    await page.getByRole('button', { name: '确认签到' }).tap();
    await page.getByRole('heading', { level: 1, name: '签到成功' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('1栋1单元301室');
    await shot(page, 'qr-3-signed-in');
    await context.close();
    expect(found['qr-1-no-link']).toEqual([]);
  });
});

describe('a committee member', () => {
  it('drafts an assembly (the 15-day refusal first), publishes its notice, prints the door code, signs in a proxy', async () => {
    const estate = await h.estate();
    const member = await estate.committee();
    const context = await browser.newContext({ ...phone, viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${base}/staff/c/${estate.communityId}/meetings`);
    await page.getByLabel('账号（手机号或用户名）').fill(member.login);
    await page.getByLabel('密码').fill(member.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '会议' }).waitFor();
    await scan(page, 'staff-1-list');

    await page.getByRole('link', { name: '新建会议' }).click();
    await page.getByLabel('会议名称').fill('2026年第一次业主大会');
    await page.getByLabel('开始时间（北京时间）').fill('2026-03-10T19:00');
    await page.getByLabel('地点').fill('小区会所二楼');
    await page.getByLabel('议题名称').first().fill('使用维修资金更换消防门');
    await page.locator('#a0_item').selectOption('6');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('#earliest').waitFor();
    expect(await page.locator('#earliest').textContent()).toContain('会议最早可定于 2026年3月18日');
    await scan(page, 'staff-2-fifteen-days');

    await page.getByLabel('开始时间（北京时间）').fill('2026-03-18T19:00');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('会议草稿已保存').waitFor();
    await page.getByRole('button', { name: '发布会议通知' }).click();
    await page.getByText('会议通知已发布').waitFor();
    await scan(page, 'staff-3-meeting');

    await page.getByRole('link', { name: '门口签到码（打印）' }).click();
    await page.locator('img[alt^="签到二维码"]').waitFor();
    const size = await page
      .locator('img[alt^="签到二维码"]')
      .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    expect(size).toBeGreaterThan(0);
    await scan(page, 'staff-4-door-code');

    await page.getByRole('link', { name: '返回会议' }).click();
    await page.getByRole('link', { name: '签到表' }).click();
    await page.getByLabel('楼栋').fill('1');
    await page.getByLabel('房号').fill('102');
    await page.getByLabel('委托书编号（代理人出席时填写）').first().fill('委托书 2026-07');
    await page.getByRole('button', { name: '登记签到' }).first().click();
    await page.getByText('已登记签到。').waitFor();
    expect(await page.locator('table').textContent()).toContain('委托书 2026-07');
    await scan(page, 'staff-5-attendance');
    await context.close();
    expect(found['staff-1-list']).toEqual([]);
    expect(found['staff-2-fifteen-days']).toEqual([]);
    expect(found['staff-3-meeting']).toEqual([]);
    expect(found['staff-4-door-code']).toEqual([]);
    expect(found['staff-5-attendance']).toEqual([]);
  });
});
