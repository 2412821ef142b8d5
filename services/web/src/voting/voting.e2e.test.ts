import { type ServerHandle, serve } from '@yishi/app';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, screenshots, seriousViolations } from '../test-browser.ts';
import { startWebHarness, type WebHarness } from '../test-support.ts';

let h: WebHarness;
let server: ServerHandle;
let browser: Browser;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startWebHarness();
  server = await serve(h.web, { port: 0, hostname: '127.0.0.1' });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

const shot = screenshots('');

/** Chooses for the n-th matter (0-based) by tapping the label, as a finger would. */
const choose = (page: Page, matter: number, label: string) =>
  page.locator('fieldset').nth(matter).locator('label.opt', { hasText: label }).tap();

describe('an owner votes on a phone', () => {
  it('votes from the link and sees the receipt; the same link cannot vote twice', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const { links } = await h.openBallot(
      {},
      { attach: { fileName: '消防门报价单.pdf', type: 'application/pdf', bytes: pdf } },
    );
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    // A second tab on the same link, left open on the ballot before the vote.
    const other = await context.newPage();
    await other.goto(`${base}/v/${links.a}`);
    await page.goto(`${base}/v/${links.a}`);
    expect(await page.locator('h1').textContent()).toBe('更换消防门并增设电动车充电桩');
    await shot(page, '1-ballot');
    await shot(page, '1-ballot-first-screen', { firstScreen: true });
    await choose(page, 0, '同意');
    await choose(page, 1, '反对');
    await page.getByRole('button', { name: '下一步：核对选择' }).tap();
    await page.getByRole('heading', { name: '请核对您的选择' }).waitFor();
    await shot(page, '2-confirm');
    await page.getByRole('button', { name: '确认投票' }).tap();
    await page.getByRole('heading', { name: '投票成功' }).waitFor();
    const receipt = (await page.locator('.receipt').textContent()) ?? '';
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(new URL(page.url()).pathname).toBe(`/v/${links.a}`);
    await shot(page, '3-receipt');

    await page.goto(`${base}/v/${links.a}`);
    await page.getByRole('heading', { name: '您已投票' }).waitFor();
    expect(await page.locator('input[type=radio]').count()).toBe(0);
    expect(await page.locator('dd').first().textContent()).toBe('同意');
    await shot(page, '4-already-voted');

    await choose(other, 0, '反对');
    await choose(other, 1, '反对');
    await other.getByRole('button', { name: '下一步：核对选择' }).tap();
    await other.getByRole('button', { name: '确认投票' }).tap();
    await other.getByRole('heading', { name: '您已投票' }).waitFor();
    expect(await other.locator('.receipt').count()).toBe(0);
    expect(await other.locator('dd').allTextContents()).toEqual(['同意', '反对']);
    await context.close();
  });

  it('votes with JavaScript disabled, using only the keyboard', async () => {
    const { links } = await h.openBallot();
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/v/${links.b}`);
    const first = page.locator('fieldset').nth(0).locator('input[value=abstain]');
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    const second = page.locator('fieldset').nth(1).locator('input[value=agree]');
    await second.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter'); // submits the form, as Enter in a form field does
    await page.getByRole('heading', { name: '请核对您的选择' }).waitFor();
    await page.getByRole('button', { name: '确认投票' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '投票成功' }).waitFor();
    expect(await page.locator('.receipt').textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await shot(page, '5-receipt-no-js');
    await context.close();
  });

  it('switches to English and back, keeping the link', async () => {
    const { links } = await h.openBallot();
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${base}/v/${links.c}`);
    await page.getByRole('link', { name: 'English' }).tap();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Next: check your choices' }).waitFor();
    await shot(page, '6-ballot-en');
    await page.getByRole('link', { name: '中文' }).tap();
    await page.waitForURL(`${base}/v/${links.c}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await context.close();
  });

  it('has no serious or critical accessibility violations in any state', async () => {
    const { links, reissue } = await h.openBallot({ secondFactor: 'phone_last4' });
    const early = await h.openBallot({}, { opensInMs: 86_400_000 });
    const context = await browser.newContext({ ...phone, bypassCSP: true });
    const page = await context.newPage();
    const found: Record<string, string[]> = {};

    await page.goto(`${base}/v/${links.d}`);
    await shot(page, '7-ballot-second-factor');
    found.ballot = await seriousViolations(page);
    await page.goto(`${base}/v/${links.d}?lang=en`);
    found.ballotEn = await seriousViolations(page);
    await page.goto(`${base}/v/${links.d}`);
    await page.getByRole('button', { name: '下一步：核对选择' }).tap(); // nothing chosen: browser asks
    // The browser's own check stops an empty form; switch it off to see the server's answer.
    await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: '下一步：核对选择' }).tap();
    await page.locator('#form-error').waitFor();
    await shot(page, '8-missing-choices');
    found.missing = await seriousViolations(page);
    await choose(page, 0, '同意');
    await choose(page, 1, '同意');
    await page.locator('#sf').fill('0000');
    await page.getByRole('button', { name: '下一步：核对选择' }).tap();
    await page.getByRole('heading', { name: '请核对您的选择' }).waitFor();
    found.confirm = await seriousViolations(page);
    await page.getByRole('button', { name: '确认投票' }).tap();
    await page.locator('#form-error').waitFor();
    expect(await page.locator('#sf-error').textContent()).toContain('输入的后四位不正确');
    await shot(page, '9-second-factor-wrong');
    found.wrongFactor = await seriousViolations(page);

    await page.goto(`${base}/v/${early.links.a}`);
    await page.getByRole('heading', { name: '投票尚未开始' }).waitFor();
    await shot(page, '10-not-open');
    found.notOpen = await seriousViolations(page);

    await reissue('a');
    await page.goto(`${base}/v/${links.a}`);
    expect(await page.locator('.error').textContent()).toContain('链接已作废');
    await shot(page, '11-revoked');
    found.revoked = await seriousViolations(page);

    h.clock.advance(15 * 86_400_000);
    await page.goto(`${base}/v/${links.b}`);
    await page.getByRole('heading', { name: '投票已结束' }).waitFor();
    await shot(page, '12-closed');
    found.closed = await seriousViolations(page);
    await context.close();

    expect(found).toEqual({
      ballot: [],
      ballotEn: [],
      missing: [],
      confirm: [],
      wrongFactor: [],
      notOpen: [],
      revoked: [],
      closed: [],
    });
  });

  it('shows an election’s candidates under its heading without accessibility violations', async () => {
    const { links } = await h.openBallot({
      matters: [
        {
          kind: 'election',
          title: '选举第二届业主委员会委员',
          seats: 1,
          candidates: [{ name: '张三' }, { name: '李四' }],
        },
      ],
    });
    const context = await browser.newContext({ ...phone, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/v/${links.a}`);
    await page
      .getByRole('heading', { name: '事项1：选举第二届业主委员会委员（应选 1 名）' })
      .waitFor();
    expect(await page.getByRole('group', { name: '候选人：李四' }).count()).toBe(1);
    await shot(page, '13-election');
    const found = { zh: await seriousViolations(page), en: [] as string[] };
    await page.goto(`${base}/v/${links.a}?lang=en`);
    found.en = await seriousViolations(page);
    await context.close();
    expect(found).toEqual({ zh: [], en: [] });
  });

  it('reads the published result and checks a receipt without accessibility violations', async () => {
    const ballot = await h.openBallot();
    const context = await browser.newContext({ ...phone, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/v/${ballot.links.a}`);
    await choose(page, 0, '同意');
    await choose(page, 1, '反对');
    await page.getByRole('button', { name: '下一步：核对选择' }).tap();
    await page.getByRole('button', { name: '确认投票' }).tap();
    const receipt = (await page.locator('.receipt').textContent())!.trim();
    await ballot.closeAndPublish();

    const found: Record<string, string[]> = {};
    await page.goto(`${base}/r/${ballot.ballotId}`);
    for (const summary of await page.locator('summary').all()) await summary.tap();
    await shot(page, '13-result');
    found.result = await seriousViolations(page);
    await page.locator('#rc').fill(receipt.toLowerCase());
    await page.getByRole('button', { name: '核对' }).tap();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('已被计入结果');
    await shot(page, '14-receipt-counted');
    found.receipt = await seriousViolations(page);
    await context.close();
    expect(found).toEqual({ result: [], receipt: [] });
  });
});
