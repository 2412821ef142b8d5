import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../dashboard/test-support.ts';
import type { Meeting, StaffAttendance } from './client.ts';
import {
  type Estate,
  type MeetingsWebHarness,
  startMeetingsWebHarness,
  startOfTest,
} from './test-support.ts';

let h: MeetingsWebHarness;
beforeAll(async () => {
  h = await startMeetingsWebHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.clock.set(startOfTest);
});

const getPage = (path: string, headers: Record<string, string> = {}) =>
  h.web.request(path, { headers });
const get = getPage;
const postForm = (
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) =>
  h.web.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
const post = postForm;

/** The page's text without tags, spaces collapsed, for assertions a reader would make. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** What the meetings service holds, read through its committee API. */
async function fromMeetings<T>(estate: Estate, suffix: string): Promise<T> {
  const res = await h.meetings.request(`/communities/${estate.communityId}/meetings${suffix}`, {
    token: await estate.staffToken(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
const attendance = (estate: Estate, id: string) =>
  fromMeetings<StaffAttendance>(estate, `/${id}/attendance`);
const meetingOf = (estate: Estate, id: string) => fromMeetings<Meeting>(estate, `/${id}`);
const meetingsOf = async (estate: Estate) =>
  (await fromMeetings<{ items: Meeting[] }>(estate, '')).items;

describe("the owner's home", () => {
  it('shows their units, the upcoming meeting with its topics, and keeps the link out of caches, referrers and logs', async () => {
    const estate = await h.estate();
    const { id } = await estate.announce();
    const token = estate.ownerToken('101');
    h.logLines.length = 0;
    const res = await get(`/o/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^yishi_owner=.+; Max-Age=\d+; Path=\/m\/; HttpOnly; SameSite=Lax/);
    const text = textOf(await res.text());
    expect(text).toContain('幸福里小区');
    // 101 and 201 belong to the same owner key; 102 is someone else's.
    expect(text).toContain('1栋1单元101室 89.50 m²');
    expect(text).toContain('1栋1单元201室 120.00 m²');
    expect(text).toContain('合计 209.50 m²');
    expect(text).not.toContain('102室');
    expect(text).toContain('板凳议事：电动车充电桩装在哪里');
    expect(text).toContain('充电桩选址');
    expect(text).toContain('3栋楼下凉亭');
    expect(text).toContain('提议与微心愿');
    // Light for old phones on slow networks: one response with its style inline.
    const zipped = gzipSync(await (await get(`/o/${token}`)).text()).length;
    const meetingZipped = gzipSync(await (await get(`/o/${token}/meetings/${id}`)).text()).length;
    console.info(`owner home ${zipped} B, meeting page ${meetingZipped} B gzipped`);
    expect(zipped).toBeLessThan(30_000);
    expect(meetingZipped).toBeLessThan(30_000);
    const html = await (await get(`/o/${token}?lang=en`)).text();
    expect(html).toContain(`href="/o/${token}/meetings/${id}?lang=en"`);
    expect(textOf(html)).toContain('Building 1, entrance 1, room 101');
    const logged = h.logLines.join('\n');
    expect(logged).toContain('/o/:token');
    expect(logged).not.toContain(token.slice(-20));
  });

  it('refuses a made-up link and a link the committee replaced', async () => {
    const estate = await h.estate();
    const bad = await get('/o/not-a-token');
    expect(bad.status).toBe(401);
    expect(textOf(await bad.text())).toContain('这个业主链接无效');
    const old = estate.ownerToken('301');
    const fresh = await estate.reissue('301');
    const revoked = await get(`/o/${old}`);
    expect(revoked.status).toBe(401);
    expect(textOf(await revoked.text())).toContain('这个业主链接已作废');
    expect((await get(`/o/${fresh}`)).status).toBe(200);
  });
});

describe('signing in at a meeting', () => {
  it('takes the code shown at the door once, refuses a wrong one, and says so in large type', async () => {
    const estate = await h.estate();
    const { id, code } = await estate.announce();
    const token = estate.ownerToken('102');
    const page = textOf(await (await get(`/o/${token}/meetings/${id}`)).text());
    expect(page).toContain('议题');
    expect(page).toContain('候选：地下车库东侧、3栋北侧空地');
    const action = `/o/${token}/meetings/${id}/check-in`;
    expect(page).toContain('签到');

    const wrong = await post(action, { code: 'ABCDEFGH' });
    expect(wrong.status).toBe(403);
    expect(textOf(await wrong.text())).toContain('签到码不正确');
    expect((await attendance(estate, id)).summary.attendees).toBe(0);

    const ok = await post(action, { code: code.toLowerCase() });
    expect(ok.status).toBe(200);
    const okHtml = await ok.text();
    expect(okHtml).toContain('<h1>签到成功</h1>');
    expect(textOf(okHtml)).toContain('1栋1单元102室');
    const again = textOf(await (await post(action, { code })).text());
    expect(again).toContain('您已签到过了');
    expect((await attendance(estate, id)).summary.attendees).toBe(1);
    expect(textOf(await (await get(`/o/${token}/meetings/${id}`)).text())).toContain('您已签到。');
  });

  it("from the door's QR code: one tap on a phone that opened its owner link, else how to do it", async () => {
    const estate = await h.estate();
    const { id, code } = await estate.announce();
    const stranger = await get(`/m/${id}/check-in?code=${code}`);
    expect(stranger.status).toBe(200);
    const strangerText = textOf(await stranger.text());
    expect(strangerText).toContain('请先打开您的业主链接');
    expect(strangerText).toContain(code);

    const token = estate.ownerToken('301');
    const home = await get(`/o/${token}`);
    const cookie = (home.headers.get('set-cookie') ?? '').split(';')[0]!;
    const form = await get(`/m/${id}/check-in?code=${code}`, { cookie });
    const formHtml = await form.text();
    expect(formHtml).toContain(`<input type="hidden" name="code" value="${code}"/>`);
    expect(formHtml).toContain('确认签到');
    expect(textOf(formHtml)).toContain('将为以下房屋签到： 1栋1单元301室');
    const crossSite = await post(
      `/m/${id}/check-in`,
      { code },
      { cookie, 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(401);
    expect((await attendance(estate, id)).summary.attendees).toBe(0);
    // An old phone sends neither Sec-Fetch-Site nor honours SameSite: another site's form posting
    // here with the remembered link must still sign no one in (it cannot know the form's token).
    const forged = await post(`/m/${id}/check-in`, { code }, { cookie });
    expect(forged.status).toBe(403);
    expect(textOf(await forged.text())).toContain('重新扫描门口的二维码');
    expect((await attendance(estate, id)).summary.attendees).toBe(0);
    const csrf = /name="_csrf" value="([\w-]{43})"/.exec(formHtml)?.[1];
    expect(csrf).toBeDefined();
    const csrfCookie = form.headers
      .getSetCookie()
      .find((l) => l.startsWith('yishi_csrf='))
      ?.split(';')[0];
    expect(csrfCookie).toBe(`yishi_csrf=${csrf}`);
    const done = await post(
      `/m/${id}/check-in`,
      { code, _csrf: csrf! },
      { cookie: `${cookie}; ${csrfCookie}` },
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('签到成功');
    const list = await attendance(estate, id);
    expect(list.items.map((i) => i.method)).toEqual(['qr']);
  });

  it('is refused before the day of the meeting', async () => {
    const estate = await h.estate();
    const { id, code } = await estate.announce({}, 3);
    const token = estate.ownerToken('101');
    const page = textOf(await (await get(`/o/${token}/meetings/${id}`)).text());
    expect(page).toContain('会议当天才能签到');
    const refused = await post(`/o/${token}/meetings/${id}/check-in`, { code });
    expect(refused.status).toBe(409);
    expect((await attendance(estate, id)).summary.attendees).toBe(0);
  });
});

describe("the committee's meeting pages", () => {
  it('refuse an assembly inside 15 days with the earliest date, then run one from notice to published minutes', async () => {
    const estate = await h.estate();
    const jar = await signIn(h.web, await estate.committee());
    const headers = () => ({ cookie: jar.header() });
    // The clock moves by days: the session is refreshed on the way, as a browser keeps cookies.
    const post = async (path: string, form: Record<string, string>, h: Record<string, string>) =>
      jar.take(await postForm(path, form, h));
    const get = async (path: string, h: Record<string, string> = {}) =>
      jar.take(await getPage(path, h));
    const base = `/staff/c/${estate.communityId}/meetings`;
    const form = (startsAt: string) => ({
      _csrf: jar.get('yishi_csrf') ?? '',
      kind: 'owners_assembly',
      form: 'in_person',
      title: '2026年第一次业主大会',
      description: '',
      startsAt,
      endsAt: '',
      place: '小区会所二楼',
      organiser: '业主委员会',
      a0_title: '使用维修资金更换消防门',
      a0_description: '预算38.6万元',
      a0_item: '6',
      a0_proposal: '',
      a1_title: '物业服务情况通报',
      a1_description: '',
      a1_item: '',
      a1_proposal: '',
    });
    // 2026-03-02 in Beijing: 15 full days before the meeting's day make the 18th the earliest.
    const early = await post(base, form('2026-03-10T19:00'), headers());
    expect(early.status).toBe(400);
    const earlyText = textOf(await early.text());
    expect(earlyText).toContain('按今天发布通知，会议最早可定于 2026年3月18日。');
    expect(earlyText).not.toContain('startsAt');
    expect((await meetingsOf(estate)).length).toBe(0);
    const withoutCsrf = await post(base, { ...form('2026-03-20T19:00'), _csrf: '' }, headers());
    expect(withoutCsrf.status).toBe(403);
    expect((await meetingsOf(estate)).length).toBe(0);

    const created = await post(base, form('2026-03-20T19:00'), headers());
    expect(created.status).toBe(303);
    const url = created.headers.get('location')!.replace(/\?.*$/, '');
    const id = url.slice(url.lastIndexOf('/') + 1);
    const draft = textOf(await (await get(`${url}?done=created`, headers())).text());
    expect(draft).toContain('会议草稿已保存');
    expect(draft).toContain('《民法典》第二百七十八条第一款第（6）项');
    // Owners see nothing of a draft.
    const owner = estate.ownerToken('101');
    expect((await get(`/o/${owner}/meetings/${id}`)).status).toBe(404);

    const csrf = { _csrf: jar.get('yishi_csrf') ?? '' };
    expect((await post(`${url}/notice`, csrf, headers())).status).toBe(303);
    expect(textOf(await (await get(`/o/${owner}`)).text())).toContain('2026年第一次业主大会');

    const poster = await (await get(`${url}/check-in-code`, headers())).text();
    expect(poster).toMatch(
      /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="签到二维码/,
    );
    const code = /<p class="receipt">([A-Z0-9]{8})<\/p>/.exec(poster)?.[1];
    expect(code).toBeDefined();

    // On the day, at the door: the committee signs in a proxy for 102 and 301 by its link.
    h.clock.set(new Date('2026-03-20T10:00:00.000Z'));
    const attendance = `${url}/attendance`;
    const byUnit = await post(
      attendance,
      { ...csrf, by: 'unit', building: '1', entrance: '1', room: '102', proxy: '委托书 2026-07' },
      headers(),
    );
    expect(byUnit.status).toBe(303);
    expect(byUnit.headers.get('location')).toContain('done=recorded');
    const twice = await post(
      attendance,
      { ...csrf, by: 'unit', building: '1', entrance: '', room: '102', proxy: '' },
      headers(),
    );
    expect(twice.headers.get('location')).toContain('done=already');
    const byLink = await post(
      attendance,
      { ...csrf, by: 'link', link: `https://yishi.example/o/${estate.ownerToken('301')}` },
      headers(),
    );
    expect(byLink.status).toBe(303);
    const noSuchRoom = await post(
      attendance,
      { ...csrf, by: 'unit', building: '9', entrance: '1', room: '999' },
      headers(),
    );
    expect(noSuchRoom.status).toBe(400);
    const list = textOf(await (await get(attendance, headers())).text());
    expect(list).toContain('已签到 2 户（其中委托代理 1 户）');
    expect(list).toContain('委托书 2026-07');
    expect(list).toContain('业主链接');

    h.clock.set(new Date('2026-03-20T14:00:00.000Z'));
    expect((await post(`${url}/hold`, csrf, headers())).status).toBe(303);
    const held = await meetingOf(estate, id);
    const [fireDoors, report] = held.agenda;
    const minutes = {
      ...csrf,
      minutes: '出席业主2户。\n会议讨论了消防门更换和物业服务。',
      [`d_${fireDoors!.id}_text`]: '同意使用维修资金更换消防门',
      [`d_${fireDoors!.id}_pa`]: '300.00',
      [`d_${fireDoors!.id}_ph`]: '3',
      [`d_${fireDoors!.id}_aa`]: '300.00',
      [`d_${fireDoors!.id}_ah`]: '3',
      [`d_${report!.id}_text`]: '',
      [`d_${report!.id}_outcome`]: '',
    };
    const tooMany = await post(
      `${url}/minutes`,
      { ...minutes, [`d_${fireDoors!.id}_ph`]: '30' },
      headers(),
    );
    expect(tooMany.status).toBe(400);
    expect((await meetingOf(estate, id)).minutes).toBeNull();
    expect((await post(`${url}/minutes`, minutes, headers())).status).toBe(303);
    // Written but not published: owners see no minutes yet.
    expect(textOf(await (await get(`/o/${owner}/meetings/${id}`)).text())).not.toContain(
      '会议纪要',
    );
    expect((await post(`${url}/minutes/publish`, csrf, headers())).status).toBe(303);
    const published = textOf(await (await get(`/o/${owner}/meetings/${id}`)).text());
    expect(published).toContain('会议纪要');
    expect(published).toContain('会议讨论了消防门更换和物业服务。');
    expect(published).toContain('已形成决定');
    expect(published).toContain('同意使用维修资金更换消防门');
    expect(published).toContain('参与表决：面积 300.00 /');
  });

  it('cancel a meeting with a reason owners read, and keep other communities out', async () => {
    const estate = await h.estate();
    const { id } = await estate.announce();
    const jar = await signIn(h.web, await estate.committee());
    const headers = { cookie: jar.header() };
    const url = `/staff/c/${estate.communityId}/meetings/${id}`;
    const empty = await post(
      `${url}/cancel`,
      { _csrf: jar.get('yishi_csrf')!, reason: ' ' },
      headers,
    );
    expect(empty.status).toBe(400);
    expect((await meetingOf(estate, id)).status).toBe('notice_published');
    const cancelled = await post(
      `${url}/cancel`,
      { _csrf: jar.get('yishi_csrf')!, reason: '下雨，改期另行通知' },
      headers,
    );
    expect(cancelled.status).toBe(303);
    const owner = textOf(await (await get(`/o/${estate.ownerToken('101')}/meetings/${id}`)).text());
    expect(owner).toContain('本次会议已取消。原因：下雨，改期另行通知');

    const other = await h.estate();
    const elsewhere = await get(`/staff/c/${other.communityId}/meetings/${id}`, headers);
    expect(elsewhere.status).toBe(404);
    const alias = await get(
      `/staff/communities/${estate.communityId}/meetings/${id}?lang=en`,
      headers,
    );
    expect(alias.status).toBe(308);
    expect(alias.headers.get('location')).toBe(`${url}?lang=en`);
    const signedOut = await get(`/staff/c/${estate.communityId}/meetings`);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toContain('/staff/sign-in');
  });
});
