import type { ServerHandle } from '@yishi/app';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactPath,
  launchChromium,
  pageWidth,
  phone,
  screenshots,
  seriousViolations,
} from '../test-browser.ts';
import { type DashboardHarness, type Estate, startDashboardHarness } from './test-support.ts';

let h: DashboardHarness;
let server: ServerHandle;
let browser: Browser;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startDashboardHarness();
  server = await h.serveWeb();
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const shot = screenshots('dashboard-');

/** Opens `path`, signs in on the sign-in page it leads to, and lands back on `landing`. */
async function signInAt(
  page: Page,
  path: string,
  account: { login: string; password: string },
  landing = path,
) {
  await page.goto(`${base}${path}`);
  await page.locator('#login').fill(account.login);
  await page.locator('#password').fill(account.password);
  await page.getByRole('button', { name: '登录' }).tap();
  await page.waitForURL(`${base}${landing}`);
}

/** Signs in on the sign-in page the dashboard link leads to, and lands on the dashboard. */
const openAs = (page: Page, estate: Estate, account: { login: string; password: string }) =>
  signInAt(page, estate.path, account);

/** The labels and targets of the staff navigation bar. */
const navLinks = async (page: Page) =>
  page
    .locator('nav.staff a')
    .evaluateAll((links) =>
      links.map(
        (a) => `${a.textContent} ${new URL((a as unknown as { href: string }).href).pathname}`,
      ),
    );

const liveText = async (page: Page) => (await page.locator('#live').textContent()) ?? '';

describe('the live dashboard on a phone', () => {
  it('updates by itself when votes arrive from elsewhere, without a reload', async () => {
    const estate = await h.estate();
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await openAs(page, estate, await estate.staff('party_secretary'));
    expect(await liveText(page)).toContain('人数 0 / 8 人');
    await page.locator('#conn').getByText('实时更新中').waitFor();
    await shot(page, '1-first-screen', { firstScreen: true });
    await shot(page, '1-open');
    expect(await pageWidth(page)).toBe(375);
    // A reload would lose this mark; the update must arrive in the same document.
    await page.evaluate(() => {
      (globalThis as unknown as { mark: number }).mark = 42;
    });

    await estate.vote('a');
    await estate.vote('g');
    await page.locator('#live p.fig', { hasText: '人数 2 / 8 人' }).first().waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { mark?: number }).mark)).toBe(42);
    const text = await liveText(page);
    expect(text).toContain('面积 220.00 / 755.50 m²');
    expect(text).toMatch(/还差 4 户 \/ 283\.67 m²/);
    await shot(page, '2-after-votes');
    await page.locator('#buildings').screenshot({ path: artifactPath('dashboard-2-buildings') });
    await context.close();
  });

  it('shows a grid worker only their buildings, and logs a visit with one tap', async () => {
    const estate = await h.estate();
    await estate.vote('e');
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await openAs(page, estate, await estate.staff('grid_worker', ['2', '3']));
    const tiles = await page.locator('.tile b').allInnerTexts();
    expect(tiles).toEqual(['2栋', '3栋']);
    expect(await page.locator('tbody th').allInnerTexts()).toEqual(['3栋', '2栋']);
    await shot(page, '3-grid-worker');

    await page.locator('.tile', { hasText: '2栋' }).tap();
    await page.getByRole('heading', { name: '2栋：未投票业主' }).waitFor();
    expect(await page.locator('ol.nv h2').allInnerTexts()).toEqual(['1单元 101室', '1单元 301室']);
    await shot(page, '4-non-voters');
    const first = page.locator('ol.nv > li').first();
    await first.getByLabel('备注（可不填）').fill('下午再来');
    await first.getByRole('button', { name: '不在家' }).tap();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toBe('已记录：1单元 101室，不在家');
    expect(await first.textContent()).toContain('上次走访：不在家');
    await shot(page, '5-visit-logged');
    await context.close();
  });

  it('shows the figures without JavaScript, and reloads itself', async () => {
    const estate = await h.estate();
    await estate.vote('c');
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await openAs(page, estate, await estate.staff('party_secretary'));
    expect(await liveText(page)).toContain('人数 1 / 8 人');
    expect(await page.locator('#conn').textContent()).toContain('本页每 30 秒自动刷新一次');
    await page.getByRole('link', { name: '立即刷新' }).waitFor();
    await shot(page, '6-no-script');
    await context.close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const estate = await h.estate({ publication: 'secret' });
    await estate.vote('a');
    await estate.vote('h');
    const context = await browser.newContext({ ...phone, bypassCSP: true });
    const page = await context.newPage();
    await openAs(page, estate, await estate.staff('party_secretary'));
    const found: Record<string, string[]> = {};
    found.dashboard = await seriousViolations(page);
    await shot(page, '7-secret');
    await page.goto(`${base}${estate.path}?lang=en`);
    await page.getByRole('heading', { name: 'Matter 1: 使用维修资金更换全部楼栋消防门' }).waitFor();
    found.dashboardEn = await seriousViolations(page);
    // Nothing wider than the phone: the page never scrolls sideways.
    expect(await pageWidth(page)).toBe(375);
    await shot(page, '8-english');
    await page.goto(`${base}${estate.path}/buildings/${estate.buildingIds.get('1')}?lang=zh`);
    const first = page.locator('ol.nv > li').first();
    await first.getByLabel('备注（可不填）').fill('电话 13912345678');
    await first.getByRole('button', { name: '已上门' }).tap();
    await page.getByRole('alert').waitFor();
    found.nonVotersError = await seriousViolations(page);
    await shot(page, '9-note-refused');
    await context.close();
    expect(found).toEqual({ dashboard: [], dashboardEn: [], nonVotersError: [] });
  });

  it('is reached from the community home by clicking, by the committee and by a grid worker', async () => {
    const estate = await h.estate();
    const home = `/staff/c/${estate.communityId}`;
    const ballotPage = `${home}/ballots/${estate.ballotId}`;
    const progressLink = '实时进度：更换消防门并增设电动车充电桩';
    const context = await browser.newContext({ ...phone, bypassCSP: true });
    const found: Record<string, string[]> = {};

    // The committee: home → dashboard → the ballot's own page → dashboard again; meetings in reach.
    const member = await context.newPage();
    await signInAt(member, '/staff', await estate.staff('committee_member'), home);
    await member.getByRole('heading', { name: '测试小区 · 表决管理' }).waitFor();
    await member.getByRole('link', { name: '新建表决' }).waitFor();
    expect(await navLinks(member)).toEqual([
      '首页 /staff',
      `表决 ${home}`,
      `会议 ${home}/meetings`,
      `导入业主名册 ${home}/roster/import`,
    ]);
    await member.getByRole('link', { name: progressLink }).tap();
    await member.waitForURL(`${base}${estate.path}`);
    await member.getByRole('link', { name: '表决管理页' }).tap();
    await member.waitForURL(`${base}${ballotPage}`);
    await member.getByRole('heading', { level: 1, name: '更换消防门并增设电动车充电桩' }).waitFor();
    await member.getByRole('link', { name: '实时进度', exact: true }).tap();
    await member.waitForURL(`${base}${estate.path}`);
    expect(await navLinks(member)).toContain(`会议 ${home}/meetings`);
    await member.getByRole('link', { name: '表决', exact: true }).tap();
    await member.waitForURL(`${base}${home}`);
    await shot(member, '10-home-committee');
    found.homeCommittee = await seriousViolations(member);

    // A grid worker: the same home without the committee's actions; their dashboard and building.
    const gridContext = await browser.newContext({ ...phone, bypassCSP: true });
    const grid = await gridContext.newPage();
    await signInAt(grid, '/staff', await estate.staff('grid_worker', ['2']), home);
    expect(await grid.getByRole('link', { name: '新建表决' }).count()).toBe(0);
    expect(
      await grid.getByRole('link', { name: '更换消防门并增设电动车充电桩', exact: true }).count(),
    ).toBe(0);
    expect(await navLinks(grid)).toEqual(['首页 /staff', `表决 ${home}`, `会议 ${home}/meetings`]);
    await shot(grid, '11-home-grid-worker');
    found.homeGridWorker = await seriousViolations(grid);
    await grid.getByRole('link', { name: progressLink }).tap();
    await grid.waitForURL(`${base}${estate.path}`);
    expect(await grid.getByRole('link', { name: '表决管理页' }).count()).toBe(0);
    await grid.locator('.tile', { hasText: '2栋' }).tap();
    await grid.getByRole('heading', { name: '2栋：未投票业主' }).waitFor();
    await grid.getByRole('link', { name: '表决', exact: true }).tap();
    await grid.waitForURL(`${base}${home}`);
    await gridContext.close();
    await context.close();
    expect(found).toEqual({ homeCommittee: [], homeGridWorker: [] });
  });
});
