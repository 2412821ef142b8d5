import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../staff/cookie-jar.ts';
import { startWebHarness, type WebHarness } from '../test-support.ts';

let h: WebHarness;
let communityId: string;
let ballotId: string;
let member: CookieJar;

beforeAll(async () => {
  h = await startWebHarness({ staff: true });
  communityId = await h.staff!.newCommunity('页面测试小区');
  // The harness roster: 1-1-101 (a), 1-1-102 (b), 2-1-101 (a), 2-1-201 (c), 3-1-301 (d).
  ({ ballotId } = await h.openBallot({}, { communityId }));
  member = new CookieJar(h.web);
  const account = await h.staff!.newStaff(communityId, ['committee_member']);
  expect((await member.signIn(account)).status).toBe(303);
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const ballotPath = () => `/staff/c/${communityId}/ballots/${ballotId}`;

async function paper(jar: CookieJar, form: Record<string, string>) {
  const page = await jar.request(`${ballotPath()}/paper`);
  const html = await page.text();
  const matterIds = [...html.matchAll(/name="c_([0-9a-f-]{36})"/g)].map((m) => m[1]!);
  const choices = Object.fromEntries([...new Set(matterIds)].map((id) => [`c_${id}`, 'agree']));
  return jar.request(`${ballotPath()}/paper`, {
    form: { _csrf: jar.csrf, channel: 'paper', reference: 'P-1', ...choices, ...form },
  });
}

describe('the committee pages', () => {
  it('lists the community’s ballots with their state', async () => {
    const res = await member.request(`/staff/c/${communityId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('更换消防门并增设电动车充电桩');
    expect(html).toContain('投票中');
    // The committee's actions, and the open ballot's live dashboard.
    expect(html).toContain(`href="${ballotPath()}"`);
    expect(html).toContain(`href="${ballotPath()}/dashboard"`);
    expect(html).toContain(`href="/staff/c/${communityId}/ballots/new"`);
    expect(html).toContain(`href="/staff/c/${communityId}/meetings"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('enters a paper ballot, then shows the second sheet of the same owner as a conflict', async () => {
    const first = await paper(member, { room: '1-1-102' });
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    const after = await member.request(location);
    const html = await after.text();
    expect(html).toContain('已录入：1-1-102');
    expect(html).toMatch(/<input[^>]*id="room"[^>]*autofocus/);

    const again = await paper(member, { room: '1-1-102', reference: 'P-2' });
    expect(again.status).toBe(409);
    const conflict = await again.text();
    expect(conflict).toContain('冲突：这位业主已经投过票');
    expect(conflict).toMatch(/name="conflictId" value="[0-9a-f-]{36}"/);
  });

  it('refuses bad input with the problem next to the form, recording nothing', async () => {
    const badRoom = await paper(member, { room: '一号楼' });
    expect(badRoom.status).toBe(400);
    expect(await badRoom.text()).toContain('房号的格式不对');
    const proxy = await paper(member, { room: '2-1-201', channel: 'proxy' });
    expect(proxy.status).toBe(400);
    expect(await proxy.text()).toContain('委托投票请填写受托人姓名');
    // 2-1-201 is still free: a proper sheet for it is recorded, not a conflict.
    expect((await paper(member, { room: '2-1-201' })).status).toBe(303);
    const outside = await paper(member, { room: '9-9-999' });
    expect(outside.status).toBe(400);
  });

  it('refuses a form without the CSRF token and changes nothing', async () => {
    const res = await member.request(`${ballotPath()}/cancel`, {
      form: { reason: '伪造的请求' },
    });
    expect(res.status).toBe(403);
    const page = await (await member.request(ballotPath())).text();
    expect(page).toContain('投票中');
  });

  it('shows the service’s refusal of a lifecycle command on the ballot page', async () => {
    // Closing before the window has ended is refused by the ballots service.
    const res = await member.request(`${ballotPath()}/close`, { form: { _csrf: member.csrf } });
    expect(res.status).toBe(303);
    const page = await member.request(res.headers.get('location')!);
    const html = await page.text();
    expect(html).toContain('class="error"');
    expect(html).toContain('投票中');
  });

  it('keeps the wizard’s values and says what is missing; nothing is drafted', async () => {
    const before = await (await member.request(`/staff/c/${communityId}`)).text();
    const res = await member.request(`/staff/c/${communityId}/ballots/new`, {
      form: {
        _csrf: member.csrf,
        action: 'save',
        title: '',
        matterCount: '1',
        m0_item: '6',
        m0_title: '筹集维修资金',
        opensAt: '2030-01-01T09:00',
        closesAt: '2030-01-15T18:00',
      },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请填写标题');
    expect(html).toContain('value="筹集维修资金"');
    expect(html).toMatch(/<option value="6" selected/);
    const after = await (await member.request(`/staff/c/${communityId}`)).text();
    expect(after.match(/\/ballots\/[0-9a-f-]{36}"/g)).toEqual(
      before.match(/\/ballots\/[0-9a-f-]{36}"/g),
    );
  });

  it('answers 404 for another community and 403 to a grid worker on committee pages', async () => {
    const other = await h.staff!.newCommunity('别的小区');
    const res = await member.request(`/staff/c/${other}`);
    expect(res.status).toBe(404);
    const worker = new CookieJar(h.web);
    await worker.signIn(await h.staff!.newStaff(communityId, ['grid_worker']));
    const home = await worker.request(`/staff/c/${communityId}`);
    expect(home.status).toBe(200);
    // Their home leads to the dashboard and the meetings, not to pages that would refuse them.
    const html = await home.text();
    expect(html).toContain(`href="${ballotPath()}/dashboard"`);
    expect(html).toContain(`href="/staff/c/${communityId}/meetings"`);
    expect(html).not.toContain(`href="${ballotPath()}"`);
    expect(html).not.toContain('/ballots/new');
    expect(html).not.toContain('/roster/import');
    expect((await worker.request(ballotPath())).status).toBe(403);
    expect((await worker.request(`${ballotPath()}/paper`)).status).toBe(403);
  });
});
