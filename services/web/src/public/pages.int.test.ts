import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { resultCertified, resultPublished } from '@yishi/contracts';
import { applyBallotResult } from '@yishi/meetings/src/bus/ballots-consumer.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Estate,
  type ProposalsWebHarness,
  rooms,
  startOfTest,
  startProposalsWebHarness,
} from '../proposals/test-support.ts';
import { type PublicWorld, png, publicWorld } from './test-support.ts';

let h: ProposalsWebHarness;
let estate: Estate;
let world: PublicWorld;
beforeAll(async () => {
  h = await startProposalsWebHarness();
  estate = await h.estate();
  world = publicWorld(h, estate);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.clock.set(startOfTest);
});

const DAY = 86_400_000;
const get = (path: string) => h.web.request(`http://web.test${path}`);

/** The page's text without tags, spaces collapsed, for assertions a reader would make. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** What must never appear on a public page: the roster's names and phones, the owner links. */
const personal = () => [
  '张三',
  '李四',
  '王五',
  '赵六',
  '钱七',
  '孙八',
  '1380013800',
  ...rooms.map((room) => estate.ownerToken(room)),
];

function expectNothingPersonal(html: string) {
  for (const value of personal()) expect(html).not.toContain(value);
}

function expectPublicHeaders(res: Response) {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('x-robots-tag')).toBe('noindex');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
}

describe('GET /m/{meetingId}', () => {
  it('shows the notice to anyone: kind, Beijing time, place, topics linking their proposals', async () => {
    const proposalId = await estate.submit('101', '楼道加装声控灯');
    const meeting = await world.announce('三月板凳议事', [
      { title: '楼道加装声控灯', proposalId },
      { title: '公共区域卫生' },
    ]);
    const draft = await get(`/m/${meeting.id}`);
    expect(draft.status).toBe(404);
    expect(textOf(await draft.text())).toContain('没有找到这次会议');
    await meeting.notice();
    const res = await get(`/m/${meeting.id}`);
    expect(res.status).toBe(200);
    expectPublicHeaders(res);
    const html = await res.text();
    const text = textOf(html);
    for (const words of [
      '议事会（板凳议事）',
      '三月板凳议事',
      '2026年3月5日 14:00 至 16:00（北京时间）',
      '3号楼前小广场',
      '幸福社区党委',
      '楼道加装声控灯',
      '公共区域卫生',
      '个人链接（业主主页）',
    ]) {
      expect(text).toContain(words);
    }
    expect(html).toContain(`href="/p/${proposalId}"`);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<form');
    expectNothingPersonal(html);
    const en = await (await get(`/m/${meeting.id}?lang=en`)).text();
    expect(en).toContain('Deliberation meeting');
    expect(en).toContain('5 Mar 2026');
    expect(en).toContain(`href="/p/${proposalId}?lang=en"`);
  });

  it('answers a 404 page in words for a made-up or unknown meeting', async () => {
    for (const path of ['/m/abc', `/m/${randomUUID()}`, `/m/${randomUUID()}?lang=en`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(textOf(await res.text())).toMatch(/没有找到这次会议|No such meeting/);
    }
  });

  it('says a meeting was cancelled, and why', async () => {
    const meeting = await world.announce('电动车充电桩选址', [{ title: '充电桩放在哪里' }]);
    await meeting.notice();
    await world.meetingsApi(`/${meeting.id}/cancel`, {
      json: { reason: '台风预警，改期另行通知' },
    });
    const res = await get(`/m/${meeting.id}`);
    expect(res.status).toBe(200);
    const text = textOf(await res.text());
    expect(text).toContain('已取消');
    expect(text).toContain('本次会议已取消。原因：台风预警，改期另行通知');
  });

  it('shows published minutes with each decision in words, and the proposal page follows them', async () => {
    const proposalId = await estate.submit('102', '更换单元门禁');
    const meeting = await world.announce('四月板凳议事', [
      { title: '更换单元门禁', proposalId },
      { title: '增设快递柜' },
    ]);
    const noticed = await meeting.notice();
    h.clock.set(new Date(meeting.startsAt.getTime() + 3_600_000));
    await world.meetingsApi(`/${meeting.id}/attendance`, {
      json: { unit: { building: '1', entrance: '1', room: '101' } },
    });
    await world.meetingsApi(`/${meeting.id}/hold`, { method: 'POST' });
    const [doors, lockers] = noticed.agenda;
    await world.meetingsApi(`/${meeting.id}/minutes`, {
      method: 'PUT',
      json: {
        text: '到会业主一户。\n讨论了门禁和快递柜。',
        decisions: [
          { agendaItemId: doors!.id, text: '同意更换', outcome: 'decided' },
          { agendaItemId: lockers!.id, outcome: 'not_decided' },
        ],
      },
    });
    // Written but not published: the public page shows no minutes and no decision yet.
    const before = textOf(await (await get(`/m/${meeting.id}`)).text());
    expect(before).not.toContain('到会业主一户');
    expect(before).not.toContain('已形成决定');
    await world.meetingsApi(`/${meeting.id}/minutes/publish`, { method: 'POST' });
    const html = await (await get(`/m/${meeting.id}`)).text();
    const text = textOf(html);
    expect(text).toContain('会议纪要');
    expect(text).toContain('到会业主一户。');
    expect(text).toMatch(/更换单元门禁.*已形成决定.*同意更换.*增设快递柜.*未形成决定/);
    expect(text).toContain('未形成决定不等于“否决”');
    expect(text).toContain('到会 1 户');
    console.info(
      `/m/{id} with minutes: ${Buffer.byteLength(html)} bytes, ${gzipSync(Buffer.from(html)).length} gzipped`,
    );
    expect(html).not.toMatch(/\b101\b/);
    expectNothingPersonal(html);

    await world.forwardToProposals(meeting.id);
    await world.proposalsApi(`/${proposalId}/start-implementation`, { method: 'POST' });
    const update = await world.proposalsApi(`/${proposalId}/updates`, {
      json: { body: '新门禁已安装到1号楼' },
    });
    const photo = new FormData();
    photo.set('file', new File([png], '孙八家门口.png', { type: 'image/png' }));
    const added = await world.proposalsApi(`/${proposalId}/updates/${update.id}/photos`, {
      body: photo,
    });
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
      await world.proposalsApi(`/${proposalId}/ledger`, { json });
    }
    const page = await get(`/p/${proposalId}`);
    expect(page.status).toBe(200);
    expectPublicHeaders(page);
    const phtml = await page.text();
    const ptext = textOf(phtml);
    console.info(
      `/p/{id} decided: ${Buffer.byteLength(phtml)} bytes, ${gzipSync(Buffer.from(phtml)).length} gzipped`,
    );
    expect(ptext).toContain('要发表意见，请打开业委会');
    for (const words of [
      '更换单元门禁',
      '正在实施',
      '已形成决定',
      '新门禁已安装到1号楼',
      '资金收支公示',
      '收入合计：5,000.00 元',
      '支出合计：1,234.56 元',
      '结余：3,765.44 元',
      'FP-77',
      '门禁设备',
    ]) {
      expect(ptext).toContain(words);
    }
    expect(phtml).toContain(`href="/m/${meeting.id}"`);
    expect(phtml).toContain(`src="/p/${proposalId}/photos/${added.id}"`);
    expect(phtml).toContain(`href="/p/${proposalId}/ledger/print"`);
    expectNothingPersonal(phtml);
    const served = await get(`/p/${proposalId}/photos/${added.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect((await get(`/p/${proposalId}/photos/${randomUUID()}`)).status).toBe(404);
    const print = await get(`/p/${proposalId}/ledger/print`);
    expect(print.status).toBe(200);
    const printed = textOf(await print.text());
    expect(printed).toContain('业主委员会（盖章）');
    expect(printed).toContain('3,765.44');
    expect(print.headers.get('content-security-policy')).toContain("style-src 'sha256-");
    const csv = await get(`/p/${proposalId}/ledger.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('结余,3765.44');
  });

  it('links a written assembly to its published result', async () => {
    const startsAt = new Date(startOfTest.getTime() + 20 * DAY);
    const { id } = await world.meetingsApi('', {
      json: {
        kind: 'owners_assembly',
        form: 'in_writing',
        title: '2026年第一次业主大会（书面）',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 14 * DAY).toISOString(),
        place: '书面征求意见',
        agenda: [{ title: '使用维修资金更换消防门', item: 5 }],
      },
    });
    const meeting = await world.meetingsApi(`/${id}/notice`, { method: 'POST' });
    const ballotId = meeting.ballotId!;
    const deps = { now: h.clock.now, newId: randomUUID };
    const certified = resultCertified.create(
      {
        communityId: estate.communityId,
        aggregateId: ballotId,
        payload: {
          ballotId,
          snapshotHash: 'h',
          voteDigest: 'd',
          matters: [
            {
              matterId: meeting.agenda[0]!.matterId!,
              item: 5,
              passed: true,
              quorumMet: true,
              approvalMet: true,
            },
          ],
        },
      },
      deps,
    );
    const published = resultPublished.create(
      {
        communityId: estate.communityId,
        aggregateId: ballotId,
        payload: {
          ballotId,
          from: startsAt.toISOString(),
          until: new Date(startsAt.getTime() + 30 * DAY).toISOString(),
        },
      },
      deps,
    );
    await h.meetings.deps.db.transaction((tx) => applyBallotResult(tx, h.meetings.deps, certified));
    // Certified but not published: the result may still change, the page says nothing yet.
    const pending = await (await get(`/m/${id}`)).text();
    expect(pending).not.toContain(`/r/${ballotId}`);
    expect(textOf(pending)).not.toContain('已形成决定');
    await h.meetings.deps.db.transaction((tx) => applyBallotResult(tx, h.meetings.deps, published));
    const html = await (await get(`/m/${id}`)).text();
    expect(html).toContain(`href="/r/${ballotId}"`);
    const text = textOf(html);
    expect(text).toContain('书面征求意见');
    expect(text).toContain('已形成决定');
    expect(text).toContain('由书面表决结果决定');
  });
});

describe('GET /p/{proposalId}', () => {
  it('shows co-signing progress and sends owners to their own link to co-sign or comment', async () => {
    const id = await estate.submit('201', '小区东门加装遮雨棚');
    const cosign = await h.proposals.request(
      `/communities/${estate.communityId}/proposals/${id}/cosign`,
      { method: 'POST', token: estate.ownerToken('202') },
    );
    expect(cosign.status).toBe(200);
    const comment = '我是钱七，电话13800138004，我家就在东门';
    const commented = await h.proposals.request(
      `/communities/${estate.communityId}/proposals/${id}/comments`,
      { token: estate.ownerToken('301'), json: { body: comment } },
    );
    expect(commented.status).toBe(201);
    const res = await get(`/p/${id}`);
    expect(res.status).toBe(200);
    expectPublicHeaders(res);
    const html = await res.text();
    const text = textOf(html);
    for (const words of [
      '小区东门加装遮雨棚',
      '征集附议中',
      '业主提出',
      '已附议 1 / 需 2 户',
      '还差 1 户',
      '要附议或发表意见，请打开业委会',
      '个人链接（业主主页）',
      '已有 1 条业主发言',
      '动用维修资金修东西',
    ]) {
      expect(text).toContain(words);
    }
    expect(html).toMatch(/<progress max="100" value="50"/);
    expect(html).not.toContain(comment);
    expect(html).not.toContain('我要附议');
    expect(html).not.toContain('<form');
    expectNothingPersonal(html);
    const en = textOf(await (await get(`/p/${id}?lang=en`)).text());
    expect(en).toContain('personal link');
    // Measured, not timed: the page is one response that an old phone on 3G takes at once.
    const gzipped = gzipSync(Buffer.from(html)).length;
    console.info(`/p/{id}: ${Buffer.byteLength(html)} bytes, ${gzipped} gzipped`);
    expect(gzipped).toBeLessThan(30_000);
  });

  it('answers a 404 page in words for a draft, a made-up and an unknown proposal', async () => {
    const draft = await h.proposals.request(`/communities/${estate.communityId}/proposals`, {
      token: estate.ownerToken('301'),
      json: { title: '草稿提议', description: '还没想好', category: 'other', draft: true },
    });
    expect(draft.status).toBe(201);
    const draftId = ((await draft.json()) as { id: string }).id;
    for (const path of [`/p/${draftId}`, '/p/nope', `/p/${randomUUID()}`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      const text = textOf(await res.text());
      expect(text).toContain('没有找到这项提议');
      expect(text).not.toContain('草稿提议');
    }
    expect((await get(`/p/${draftId}/ledger/print`)).status).toBe(404);
  });

  it('has no ledger before a decision', async () => {
    const id = await estate.submit('302', '修剪中心花园的树');
    const html = await (await get(`/p/${id}`)).text();
    expect(textOf(html)).not.toContain('资金收支公示');
    expect((await get(`/p/${id}/ledger/print`)).status).toBe(404);
    expect((await get(`/p/${id}/ledger.csv`)).status).toBe(404);
  });
});
