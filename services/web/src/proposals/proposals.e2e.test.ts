import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  pageWidth,
  phone,
  screenshots,
  seriousViolations,
} from '../test-browser.ts';
import { type Estate, type ProposalsWebHarness, startProposalsWebHarness } from './test-support.ts';

let h: ProposalsWebHarness;
let estate: Estate;
let browser: Browser;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startProposalsWebHarness();
  estate = await h.estate();
  base = (await h.serveWeb()).base;
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const shot = screenshots('proposals-');

/** Checks the page with axe, saves its screenshot, and that it does not scroll sideways. */
async function check(page: Page, name: string) {
  expect(await seriousViolations(page), name).toEqual([]);
  const width = await pageWidth(page);
  expect(width, `${name} scrolls sideways`).toBeLessThanOrEqual(375);
  await shot(page, name);
}

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('proposals on a phone', () => {
  it('an owner proposes from their link, another co-signs and comments, and every page passes axe', async () => {
    // axe is injected as a script, which the pages' CSP forbids: these contexts bypass it.
    const a = await (await browser.newContext({ ...phone, bypassCSP: true })).newPage();
    await a.goto(`${base}/o/${estate.ownerToken('101')}`);
    await a.getByRole('heading', { name: '提议与微心愿' }).waitFor();
    await check(a, '1-owner-home');

    await a.getByRole('link', { name: '提出新提议' }).tap();
    await a.getByRole('heading', { name: '提出新提议' }).waitFor();
    await check(a, '2-submit-form');
    await a.getByLabel('标题').fill('3栋加装电梯');
    await a
      .getByLabel('详细说明')
      .fill('3栋是七层老楼，老人上下楼困难。\n建议申请政府补贴加装电梯，费用按楼层分摊。');
    await a.getByLabel('类别').selectOption('renovation');
    await a.getByText('需要业主大会表决的事项（不清楚可以不选）').tap();
    await a.getByRole('radio', { name: /加装电梯/ }).check();
    await a.getByLabel(/附件/).setInputFiles({
      name: '初步方案.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(pdf),
    });
    await a.getByRole('button', { name: '提交提议' }).tap();
    await a.getByText('提议已提交').waitFor();
    expect(await a.locator('main').textContent()).toContain('已附议 0 / 需 2 户');
    expect(await a.getByRole('link', { name: '初步方案.pdf' }).count()).toBe(1);
    await check(a, '3-submitted');
    const proposalPath = new URL(a.url()).pathname;
    const proposalId = proposalPath.split('/').pop()!;

    // Another owner finds it in the list and co-signs with one tap.
    const b = await (await browser.newContext({ ...phone, bypassCSP: true })).newPage();
    await b.goto(`${base}/o/${estate.ownerToken('202')}/proposals`);
    await b.getByRole('link', { name: '3栋加装电梯' }).waitFor();
    await check(b, '4-list');
    await b.getByRole('link', { name: '3栋加装电梯' }).tap();
    await b.getByRole('button', { name: '我要附议' }).tap();
    await b.getByText('附议成功').waitFor();
    expect(await b.locator('main').textContent()).toContain('您已附议这项提议');
    expect(await b.locator('main').textContent()).toContain('已附议 1 / 需 2 户');
    expect(await b.getByRole('button', { name: '我要附议' }).count()).toBe(0);
    await check(b, '5-cosigned');

    // … and posts a comment, to which the author replies.
    await b.getByLabel('说说您的看法').fill('支持！我家住六楼，早就盼着了。');
    await b.getByRole('button', { name: '发表' }).tap();
    await b.getByText('已发表。').waitFor();
    expect(await b.locator('ol.comments').textContent()).toContain('早就盼着了');
    await check(b, '6-commented');

    await a.goto(`${base}${proposalPath}`);
    await a.getByText('回复', { exact: true }).first().tap();
    await a.getByLabel('回复内容').fill('谢谢支持，下周一起去找社区问补贴。');
    await a.getByRole('button', { name: '回复' }).tap();
    await a.getByText('已发表。').waitFor();
    expect(await a.locator('ol.comments ol').textContent()).toContain('下周一起去找社区');

    // The co-sign is in the proposals service, once.
    const res = await h.proposals.request(
      `/communities/${estate.communityId}/proposals/${proposalId}`,
      { token: await estate.staffToken() },
    );
    expect(((await res.json()) as { cosign: { count: number } }).cosign.count).toBe(1);

    // English, the wall of wishes.
    await b.goto(`${base}${new URL(b.url()).pathname}?lang=en`);
    await b.getByText('You co-signed this proposal').waitFor();
    await check(b, '7-english');
    await b.goto(`${base}/o/${estate.ownerToken('202')}/wishes`);
    await b.getByLabel('心愿', { exact: true }).fill('帮忙把轮椅抬下楼');
    await b.getByLabel('说明', { exact: true }).fill('每周二上午去医院');
    await b.getByRole('button', { name: '提交心愿' }).tap();
    await b.getByText('心愿已提交。').waitFor();
    await check(b, '8-wishes');
    await b.context().close();
    await a.context().close();
  });

  it('a decided proposal: the staff record progress and money, owners see and print the ledger', async () => {
    const id = await estate.submit('301', '更换小区监控摄像头');
    await estate.decide(id);
    const account = await estate.staffAccount();
    const s = await (await browser.newContext({ ...phone, bypassCSP: true })).newPage();
    const staffPath = `/staff/c/${estate.communityId}/proposals/${id}`;
    await s.goto(`${base}${staffPath}`);
    await s.locator('#login').fill(account.login);
    await s.locator('#password').fill(account.password);
    await s.getByRole('button', { name: '登录' }).tap();
    await s.waitForURL(`${base}${staffPath}`);
    await s.getByRole('heading', { name: '更换小区监控摄像头' }).waitFor();
    await s.getByRole('button', { name: '开始实施' }).tap();
    await s.getByText('状态已更新。').waitFor();
    await s.getByLabel('进展说明').fill('已与施工单位签约，下周一进场。');
    await s.getByRole('button', { name: '发布实施进展' }).tap();
    await s.getByText('进展已发布。').waitFor();
    await check(s, '9-staff-proposal');
    await s.getByRole('link', { name: '查看资金收支' }).tap();
    for (const [kind, amount, description] of [
      ['收入', '30000', '维修资金拨付'],
      ['支出', '18650.5', '摄像头及安装（首期）'],
    ] as const) {
      await s.getByRole('radio', { name: kind }).check();
      await s.getByLabel('日期').fill('2026-03-01');
      await s.getByLabel(/金额/).fill(amount);
      await s.getByLabel('事由').fill(description);
      await s.getByLabel(/凭证号/).fill('FP-2026-0301');
      await s.getByRole('button', { name: '登记一笔收支' }).tap();
      await s.getByText('已登记。').waitFor();
    }
    expect(await s.locator('main').textContent()).toContain('结余：11,349.50 元');
    await check(s, '10-staff-ledger');

    const o = await (await browser.newContext({ ...phone, bypassCSP: true })).newPage();
    await o.goto(`${base}/o/${estate.ownerToken('102')}/proposals/${id}`);
    await o.getByText('已形成决定', { exact: true }).waitFor();
    expect(await o.locator('main').textContent()).toContain('已与施工单位签约');
    await check(o, '11-owner-decided');
    await o.getByRole('link', { name: '查看资金收支' }).tap();
    await o.getByText('结余：11,349.50 元').waitFor();
    await check(o, '12-owner-ledger');
    await o.getByRole('link', { name: '打印版（A4）' }).tap();
    await o.getByRole('heading', { name: /资金收支公示/ }).waitFor();
    expect(await seriousViolations(o)).toEqual([]);
    await shot(o, '13-ledger-print-screen');
    // As printed: an A4 sheet (794 × 1123 CSS pixels) in print media.
    await o.setViewportSize({ width: 794, height: 1123 });
    await o.emulateMedia({ media: 'print' });
    await shot(o, '14-ledger-print-a4');
    await o.context().close();
    await s.context().close();
  });

  it('the pages keep their strict CSP: styles apply, nothing is refused', async () => {
    const id = await estate.submit('302', '楼道堆物清理');
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${base}/o/${estate.ownerToken('101')}/proposals/${id}`);
    const style = (selector: string, property: string) =>
      page.evaluate(
        `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`,
      ) as Promise<string>;
    await page.getByRole('button', { name: '我要附议' }).waitFor();
    // The owners' common style (buttons) and the proposals' own (the comment box) both apply.
    expect(await style('section[aria-labelledby=cosign] button', 'backgroundColor')).toBe(
      'rgb(11, 79, 179)',
    );
    expect(await style('#new-comment', 'borderTopWidth')).toBe('2px');
    await page.goto(`${base}/o/${estate.ownerToken('101')}/proposals/new`);
    expect(await style('#title', 'letterSpacing')).toBe('normal');
    expect(refused).toEqual([]);
    await context.close();
  });
});
