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
    const conflictId = /name="conflictId" value="([0-9a-f-]{36})"/.exec(conflict)![1]!;

    // Back on the page later, the conflict waits in the list of those to resolve before publication.
    const later = await (await member.request(`${ballotPath()}/paper`)).text();
    expect(later).toContain('待处理的冲突（1）');
    expect(later).toContain(`value="${conflictId}"`);
    expect(later).toContain('1-1-102');
    expect(later).toContain('本人纸质票，编号 P-2');
    const resolved = await member.request(`${ballotPath()}/paper/resolve`, {
      form: {
        _csrf: member.csrf,
        conflictId,
        unit: '1-1-102',
        keep: 'existing',
        reason: '业主确认',
      },
    });
    expect(resolved.status).toBe(303);
    const after2 = await (await member.request(`${ballotPath()}/paper`)).text();
    expect(after2).not.toContain('待处理的冲突');
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

  const wizardForm = (extra: Record<string, string>) => ({
    _csrf: member.csrf,
    action: 'save',
    title: '选举第二届业主委员会',
    opensAt: '2030-01-01T09:00',
    closesAt: '2030-01-15T18:00',
    ...extra,
  });

  it('offers an election as a row of its own, without a script', async () => {
    const res = await member.request(`/staff/c/${communityId}/ballots/new`, {
      form: { ...wizardForm({ action: 'addElection', matterCount: '1' }), m0_title: '保留的事项' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="保留的事项"');
    expect(html).toContain('name="m1_kind" value="election"');
    expect(html).toMatch(/<input type="number" id="m1_seats" name="m1_seats"/);
    expect(html).toMatch(/<textarea id="m1_candidates" name="m1_candidates"/);
    expect(html).toContain('name="matterCount" value="2"');
  });

  it('drafts an election through the wizard with its seats and candidates', async () => {
    const res = await member.request(`/staff/c/${communityId}/ballots/new`, {
      form: wizardForm({
        matterCount: '2',
        m0_kind: 'election',
        m0_title: '选举第二届业主委员会委员',
        m0_seats: '2',
        m0_candidates: '张三\r\n\r\n 李四 \r\n王五\r\n',
        m1_item: '9',
        m1_title: '修订业主大会议事规则',
      }),
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/\/ballots\/[0-9a-f-]{36}$/);
    const page = await (await member.request(location)).text();
    expect(page).toContain('选举第二届业主委员会委员（应选 2 名）');
    for (const name of ['张三', '李四', '王五']) expect(page).toContain(`<strong>${name}</strong>`);
    expect(page).toContain('修订业主大会议事规则');
    // Editing shows the election as one row again, its candidates one a line.
    const edit = await (await member.request(`${location}/edit`)).text();
    expect(edit).toContain('name="m0_kind" value="election"');
    expect(edit).toMatch(/name="m0_seats"[^>]*value="2"/);
    expect(edit).toMatch(/<textarea id="m0_candidates"[^>]*>张三\n李四\n王五<\/textarea>/);
    expect(edit).toContain('value="修订业主大会议事规则"');
  });

  it('shows the service’s refusal of an election inside its row; nothing is drafted', async () => {
    const before = await (await member.request(`/staff/c/${communityId}`)).text();
    const res = await member.request(`/staff/c/${communityId}/ballots/new`, {
      form: wizardForm({
        matterCount: '1',
        m0_kind: 'election',
        m0_title: '选举业主委员会委员',
        m0_seats: '3',
        m0_candidates: '张三\n李四',
      }),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    // The service's words, inside the election's fieldset and tied to its fields.
    expect(html).toMatch(
      /<ul class="error" id="m0_problems"><li>seats: more seats than candidates<\/li>/,
    );
    expect(html).toMatch(/id="m0_seats"[^>]*aria-invalid="true" aria-describedby="m0_problems"/);
    expect(html).toContain('张三\n李四</textarea>');
    const after = await (await member.request(`/staff/c/${communityId}`)).text();
    expect(after.match(/\/ballots\/[0-9a-f-]{36}"/g)).toEqual(
      before.match(/\/ballots\/[0-9a-f-]{36}"/g),
    );
  });

  /** A multipart form as the browser sends it, with the jar's cookies. */
  const upload = (path: string, form: FormData) =>
    h.web.request(`http://web.test${path}`, {
      method: 'POST',
      headers: { cookie: [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: form,
    });

  it('uploads a PDF to a draft’s matter, lists it with its size, refuses a disguised file, removes it', async () => {
    const drafted = await member.request(`/staff/c/${communityId}/ballots/new`, {
      form: wizardForm({ title: '附件测试', matterCount: '1', m0_item: '6', m0_title: '更换电梯' }),
    });
    expect(drafted.status).toBe(303);
    const draftPath = drafted.headers.get('location')!;
    const page = await (await member.request(draftPath)).text();
    const matterId = /action="[^"]*\/matters\/([0-9a-f-]{36})\/attachments"/.exec(page)![1]!;
    const filesPath = `${draftPath}/matters/${matterId}/attachments`;
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('没有附件。');

    const pdf = new TextEncoder().encode(`%PDF-1.4\n${'1 0 obj<<>>endobj\n'.repeat(200)}%%EOF\n`);
    const form = new FormData();
    form.set('_csrf', member.csrf);
    form.set('file', new File([pdf], '电梯报价单.pdf', { type: 'application/pdf' }));
    const res = await upload(filesPath, form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${draftPath}?done=attached#m-${matterId}`);
    const listed = await (await member.request(`${draftPath}?done=attached`)).text();
    expect(listed).toContain('附件已上传。');
    expect(listed).toMatch(/>电梯报价单\.pdf<\/a> <span class="muted">\(PDF, 4 KB\)<\/span>/);
    const attachmentId = new RegExp(`href="${filesPath}/([0-9a-f-]{36})"`).exec(listed)![1]!;
    const file = await member.request(`${filesPath}/${attachmentId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);

    // A program renamed .pdf: refused with the service's sentence, nothing attached.
    const exe = new FormData();
    exe.set('_csrf', member.csrf);
    const mz = new Uint8Array(512);
    mz.set([0x4d, 0x5a, 0x90, 0x00]);
    exe.set('file', new File([mz], '报价单.pdf', { type: 'application/pdf' }));
    const refused = await upload(filesPath, exe);
    expect(refused.status).toBe(303);
    const after = await (await member.request(refused.headers.get('location')!)).text();
    expect(after).toContain('只能上传 PDF、JPEG、PNG 或 WebP 文件');
    expect(after.match(/<a href="[^"]*\/attachments\/[0-9a-f-]{36}"/g)).toHaveLength(1);

    // Over the web's body limit for this form (11 MB): a 413 page before anything reads it.
    const huge = new FormData();
    huge.set('_csrf', member.csrf);
    huge.set(
      'file',
      new File([new Uint8Array(12 * 1024 * 1024)], '大文件.pdf', { type: 'application/pdf' }),
    );
    const tooLarge = await upload(filesPath, huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('11 MB');

    // Without the CSRF token nothing is attached.
    const forged = new FormData();
    forged.set('file', new File([pdf], '伪造.pdf', { type: 'application/pdf' }));
    expect((await upload(filesPath, forged)).status).toBe(403);

    const removed = await member.request(`${filesPath}/${attachmentId}/remove`, {
      form: { _csrf: member.csrf },
    });
    expect(removed.status).toBe(303);
    const empty = await (await member.request(removed.headers.get('location')!)).text();
    expect(empty).toContain('附件已删除。');
    expect(empty).not.toContain('电梯报价单.pdf');
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
