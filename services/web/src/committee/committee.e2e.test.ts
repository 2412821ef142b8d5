import { type ServerHandle, serve } from '@yishi/app';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScanner, desk, launchChromium, screenshots } from '../test-browser.ts';
import { startWebHarness, type WebHarness } from '../test-support.ts';
import { toLocalInput } from './common.tsx';

let h: WebHarness;
let server: ServerHandle;
let browser: Browser;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startWebHarness({ staff: true });
  server = await serve(h.web, { port: 0, hostname: '127.0.0.1' });
  base = `http://127.0.0.1:${server.port}`;
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

const shot = screenshots('committee-');

/** Waits for `text` on the page; when it does not come, says what the page shows instead. */
async function expectText(page: Page, text: string | RegExp) {
  try {
    await page.getByText(text).first().waitFor({ timeout: 30_000 });
  } catch (error) {
    throw new Error(
      `${String(text)} not on ${page.url()}:\n${await page.locator('main').textContent()}`,
      {
        cause: error,
      },
    );
  }
}

const { found, scan } = axeScanner(shot);

const header = '楼栋,单元,房号,面积,面积依据,业主,手机';
const goodRows = [
  '1,1,101,100.00,登记,张一,13800001001',
  '1,1,102,80.00,登记,李二,13800001002',
  '2,1,201,90.00,登记,王三,13800001003',
  '3,1,502,95.50,登记,赵四,13800001004',
];
const csv = (rows: string[]) => Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`, 'utf8');

describe('a committee member runs a ballot', () => {
  it('signs in, imports a roster, drafts and opens a ballot, enters paper ballots, closes', async () => {
    const communityId = await h.staff!.newCommunity('幸福里小区');
    const member = await h.staff!.newStaff(communityId, ['committee_admin', 'committee_member']);
    // bypassCSP only so that the axe scan can run in the page; the pages themselves need no script.
    const context = await browser.newContext({ ...desk, bypassCSP: true });
    const page = await context.newPage();

    // Sign in: the community's home after the sign-in page.
    await page.goto(`${base}/staff`);
    expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
    await scan(page, '1-sign-in');
    await page.getByLabel('账号（手机号或用户名）').fill(member.login);
    await page.getByLabel('密码').fill(member.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '幸福里小区 · 表决管理' }).waitFor();
    await scan(page, '2-home-empty');

    // Roster: a file with a bad area is refused with the row named; the corrected one applies.
    await page.getByRole('link', { name: '导入业主名册' }).first().click();
    await scan(page, '3-import');
    const bad = [...goodRows];
    bad[2] = '2,1,201,九十,登记,王三,13800001003';
    await page.setInputFiles('#file', { name: '名册.csv', mimeType: 'text/csv', buffer: csv(bad) });
    await page.getByRole('button', { name: '上传并检查' }).click();
    await page.getByText('文件有错误，不能导入').waitFor({ timeout: 30_000 });
    const errorRow = page.locator('tr.bad').first();
    expect(await errorRow.locator('td').first().textContent()).toBe('4');
    expect(await errorRow.textContent()).toContain('面积');
    expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await scan(page, '4-import-invalid');

    await page.getByRole('link', { name: '上传改正后的文件' }).click();
    await page.setInputFiles('#file', {
      name: '名册.csv',
      mimeType: 'text/csv',
      buffer: csv(goodRows),
    });
    await page.getByRole('button', { name: '上传并检查' }).click();
    await page.getByRole('button', { name: '确认导入' }).waitFor({ timeout: 30_000 });
    await scan(page, '5-import-ready');
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('已导入', { exact: true }).waitFor({ timeout: 30_000 });
    await h.staff!.waitForUnits(communityId, 4);

    // The wizard: one matter of item 7 (three quarters), voting from in two minutes for a day.
    await page.goto(`${base}/staff/c/${communityId}/ballots/new`);
    await scan(page, '6-wizard');
    const opens = new Date(h.clock.now().getTime() + 2 * 60_000);
    const closes = new Date(opens.getTime() + 86_400_000);
    await page.getByLabel('标题', { exact: true }).fill('更换全部楼栋消防门');
    await page.locator('#m0_item').selectOption('7');
    await page.locator('#m0_title').fill('使用维修资金更换消防门');
    await page.locator('#m0_body').fill('预算38.6万元。');
    await page.locator('#opensAt').fill(toLocalInput(opens.toISOString()));
    await page.locator('#closesAt').fill(toLocalInput(closes.toISOString()));
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('heading', { name: '更换全部楼栋消防门' }).waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('草稿');
    expect(await page.locator('main').textContent()).toContain('四分之三以上');
    await scan(page, '7-draft');
    await page.getByRole('button', { name: '开始投票' }).click();
    await expectText(page, '投票中');
    h.clock.set(new Date(opens.getTime() + 60_000));
    const ballotUrl = page.url().split('?')[0]!;
    await page.goto(ballotUrl);
    await scan(page, '8-open');

    // A new link for 1-1-101, and its owner votes online with it.
    const firstRow = page.locator('tr', { hasText: '1-1-101' });
    await firstRow.getByRole('button', { name: '作废并重发' }).click();
    const link = (await page.locator('p.hash').textContent()) ?? '';
    expect(link).toMatch(/\/v\/[\w.~-]+$/);
    const owner = await browser.newPage();
    await owner.goto(`${base}${link.slice(link.indexOf('/v/'))}`);
    await owner.locator('label.opt', { hasText: '同意' }).click();
    await owner.getByRole('button', { name: '下一步：核对选择' }).click();
    await owner.getByRole('button', { name: '确认投票' }).click();
    await owner.getByRole('heading', { name: '投票成功' }).waitFor();
    await owner.close();

    // Paper ballots: type, choose, Enter; the cursor is back in the unit field.
    await page.goto(`${ballotUrl}/paper`);
    await scan(page, '9-paper');
    const enter = async (room: string, choice: string, reference: string, proxy?: string) => {
      await page.locator('#room').fill(room);
      await page.locator('label.opt', { hasText: choice }).click();
      await page.locator('#reference').fill(reference);
      if (proxy) {
        await page.locator('#channel').selectOption('proxy');
        await page.locator('#proxyName').fill(proxy);
      }
      await page.locator('#reference').press('Enter');
      await page.waitForLoadState('domcontentloaded');
    };
    await enter('2-1-201', '反对', 'P-0001');
    await expectText(page, '已录入：2-1-201');
    expect(
      await page.locator('#room').evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await enter('3-1-502', '同意', 'W-0007', '赵小四');
    await expectText(page, '已录入：3-1-502');
    // The owner of 1-1-101 voted online: the sheet is a conflict, shown for resolution.
    await enter('1-1-101', '反对', 'P-0002');
    await page.getByRole('heading', { name: '冲突：这位业主已经投过票' }).waitFor();
    expect(await page.locator('tr.bad').textContent()).toContain('1-1-101');
    await scan(page, '10-paper-conflict');
    await page.locator('#resolve-reason').fill('与业主电话核实，以网上投票为准');
    await page.getByRole('button', { name: '保留已投的票' }).click();
    await expectText(page, '冲突已处理。');
    expect(await page.locator('table').textContent()).toContain('2-1-201');

    // The window ends: close, then the audit check.
    h.clock.set(new Date(closes.getTime() + 60_000));
    await page.goto(ballotUrl);
    await page.getByRole('button', { name: '截止投票' }).click();
    await expectText(page, '已截止');
    await page.getByRole('link', { name: '核对操作记录' }).click();
    await expectText(page, /操作记录完整/);
    await scan(page, '11-closed-audit');

    // The English pages are there too.
    await page.goto(`${ballotUrl}?lang=en`);
    await page.getByRole('heading', { name: '更换全部楼栋消防门' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await scan(page, '12-closed-en');
    await context.close();

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
});
