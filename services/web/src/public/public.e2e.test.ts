import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Estate,
  type ProposalsWebHarness,
  startProposalsWebHarness,
} from '../proposals/test-support.ts';
import {
  axeScanner,
  launchChromium,
  pageWidth,
  phone,
  screenshots,
  seriousViolations,
} from '../test-browser.ts';
import { png, publicWorld } from './test-support.ts';

let h: ProposalsWebHarness;
let estate: Estate;
let browser: Browser;
let base: string;
let meetingId: string;
let decidedId: string;
let openId: string;

/**
 * One meeting whose minutes decided a proposal that is now being carried out (an update with a
 * photo, two ledger entries), and one proposal still collecting co-signatures.
 */
beforeAll(async () => {
  h = await startProposalsWebHarness();
  estate = await h.estate();
  base = (await h.serveWeb()).base;
  browser = await launchChromium();
  const world = publicWorld(h, estate);
  decidedId = await estate.submit('101', '更换单元门禁');
  openId = await estate.submit('201', '小区东门加装遮雨棚');
  const cosign = await h.proposals.request(
    `/communities/${estate.communityId}/proposals/${openId}/cosign`,
    { method: 'POST', token: estate.ownerToken('202') },
  );
  expect(cosign.status).toBe(200);
  const meeting = await world.announce('四月板凳议事', [
    { title: '更换单元门禁', proposalId: decidedId },
    { title: '增设快递柜' },
  ]);
  meetingId = meeting.id;
  const noticed = await meeting.notice();
  h.clock.set(new Date(meeting.startsAt.getTime() + 3_600_000));
  await world.meetingsApi(`/${meetingId}/attendance`, {
    json: { unit: { building: '1', entrance: '1', room: '102' } },
  });
  await world.meetingsApi(`/${meetingId}/hold`, { method: 'POST' });
  await world.meetingsApi(`/${meetingId}/minutes`, {
    method: 'PUT',
    json: {
      text: '到会业主一户。\n讨论了门禁和快递柜。',
      decisions: [
        { agendaItemId: noticed.agenda[0]!.id, text: '同意更换', outcome: 'decided' },
        { agendaItemId: noticed.agenda[1]!.id, outcome: 'not_decided' },
      ],
    },
  });
  await world.meetingsApi(`/${meetingId}/minutes/publish`, { method: 'POST' });
  await world.forwardToProposals(meetingId);
  await world.proposalsApi(`/${decidedId}/start-implementation`, { method: 'POST' });
  const update = await world.proposalsApi(`/${decidedId}/updates`, {
    json: { body: '新门禁已安装到1号楼，2号楼下周安装。' },
  });
  const photo = new FormData();
  photo.set('file', new File([png], 'door.png', { type: 'image/png' }));
  await world.proposalsApi(`/${decidedId}/updates/${update.id}/photos`, { body: photo });
  for (const json of [
    {
      kind: 'contribution',
      occurredOn: '2026-03-06',
      amountFen: 500_000,
      description: '公共收益拨付',
      receiptRef: 'SY-01',
    },
    {
      kind: 'expenditure',
      occurredOn: '2026-03-08',
      amountFen: 123_456,
      description: '门禁设备',
      receiptRef: 'FP-77',
    },
  ]) {
    await world.proposalsApi(`/${decidedId}/ledger`, { json });
  }
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const shot = screenshots('public-');

/** Checks the page with axe (recorded), saves its screenshot, and that it fits the phone. */
async function check(scan: ReturnType<typeof axeScanner>, page: Page, name: string) {
  await scan.scan(page, name);
  expect(await pageWidth(page), name).toBeLessThanOrEqual(375);
}

it('a neighbour opens a forwarded meeting link, follows a topic to its proposal, and prints the ledger', async () => {
  // axe is injected as a script, which the pages' CSP forbids: this context bypasses it.
  const context = await browser.newContext({ ...phone, bypassCSP: true });
  const page = await context.newPage();
  const scan = axeScanner(shot);
  await page.goto(`${base}/m/${meetingId}`);
  await expect.poll(() => page.locator('h1').textContent()).toBe('四月板凳议事');
  expect(await page.getByText('已形成决定').count()).toBeGreaterThan(0);
  await check(scan, page, '1-meeting');
  await page.getByRole('link', { name: '查看这项提议' }).click();
  await page.waitForURL(`${base}/p/${decidedId}`);
  expect(await page.locator('h1').textContent()).toBe('更换单元门禁');
  await expect.poll(() => page.getByText('结余：3,765.44 元').count()).toBe(1);
  await check(scan, page, '2-proposal-decided');
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(`${base}/p/${decidedId}?lang=en`);
  await check(scan, page, '3-proposal-en');
  await page.goto(`${base}/p/${openId}`);
  expect(await page.locator('progress').getAttribute('value')).toBe('50');
  await check(scan, page, '4-proposal-open');
  await page.goto(`${base}/p/00000000-0000-4000-8000-000000000000`);
  await check(scan, page, '5-not-found');
  await page.goto(`${base}/p/${decidedId}/ledger/print`);
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  await shot(page, '6-ledger-print-a4');
  expect(scan.found).toEqual({
    '1-meeting': [],
    '2-proposal-decided': [],
    '3-proposal-en': [],
    '4-proposal-open': [],
    '5-not-found': [],
  });
  await context.close();
});

it('works with the real CSP and without JavaScript: styles apply, the photo loads, nothing is refused', async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text());
  });
  for (const path of [`/m/${meetingId}`, `/p/${decidedId}`]) {
    const res = await page.goto(`${base}${path}`);
    expect(res?.status()).toBe(200);
    const fontSize = await page.evaluate('getComputedStyle(document.body).fontSize');
    expect(fontSize, path).toBe('20px');
  }
  const photo = page.locator('ul.photos img').first();
  await photo.scrollIntoViewIfNeeded();
  await expect
    .poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBe(1);
  await shot(page, '7-proposal-real-csp', { firstScreen: true });
  expect(refused).toEqual([]);
  await context.close();
});
