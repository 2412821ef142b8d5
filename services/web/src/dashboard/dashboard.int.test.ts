import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardCsp, liveScript } from './layout.tsx';
import {
  type CookieJar,
  type DashboardHarness,
  type Estate,
  signIn,
  startDashboardHarness,
} from './test-support.ts';

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboardHarness();
});
afterAll(async () => {
  await h?.close();
});

const get = (jar: CookieJar | null, path: string) =>
  h.web.request(path, { headers: jar ? { cookie: jar.header() } : {} });

const post = (jar: CookieJar, path: string, form: Record<string, string>) =>
  h.web.request(path, {
    method: 'POST',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });

/** The page's text without tags, spaces collapsed, for assertions a reader would make. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function secretary(estate: Estate) {
  return signIn(h.web, await estate.staff('party_secretary'));
}

describe('the dashboard page', () => {
  it('shows each matter against two thirds, what is still needed, the time left and every building', async () => {
    const estate = await h.estate();
    await estate.vote('a');
    await estate.vote('d', 'oppose');
    const jar = await secretary(estate);
    // The ballots service refreshes its figures at most twice a second: the second vote may land
    // just after a refresh.
    let html = '';
    await expect
      .poll(async () => {
        const res = await get(jar, estate.path);
        expect(res.status).toBe(200);
        html = await res.text();
        return textOf(html).includes('人数 2 / 8 人');
      })
      .toBe(true);
    const text = textOf(html);
    expect(text).toContain('事项1：使用维修资金更换全部楼栋消防门');
    expect(text).toContain('事项2：在地下车库增设电动车充电桩');
    // 8 owners, 755.50 m²: two of them (170 m²) voted.
    expect(text).toContain('人数 2 / 8 人（25.00%）');
    expect(text).toContain('面积 170.00 / 755.50 m²（22.50%）');
    // Two thirds of 8 owners is 6 (5⅓ rounded up); of 755.50 m² it is 503.67.
    expect(text).toMatch(/还差 4 户 \/ 333\.67 m²/);
    expect(text).toContain('同意（占参与表决的，须过半数）');
    expect(text).toContain('面积 100.00 / 170.00 m²（58.82%）');
    expect(text).toMatch(/距截止还有 1[34] 天 \d+ 小时/);
    // Every building in the table, the one missing the most owners first, and on the map.
    const rows = [...html.matchAll(/<th scope="row"><a[^>]*>(\d)栋<\/a><\/th>/g)].map((m) => m[1]);
    // Building 3 misses 2 owners; 1 and 2 miss one each, building 2 the more area (100.34 m²).
    expect(rows).toEqual(['3', '2', '1']);
    const tiles = [...html.matchAll(/class="tile b-(\w+)"[^>]*><b>(\d)栋<\/b>/g)].map(
      (m) => `${m[2]}:${m[1]}`,
    );
    // Coloured by the lower share: building 2 has a third of its owners but 27.40% of its area.
    expect(tiles).toEqual(['1:quarter', '2:quarter', '3:low']);
    expect(text).toContain('1栋 33.33% 偏低 还差 1 户 ');
    expect(text).toContain('2栋 27.40% 偏低');
    expect(text).toContain('3栋 0.00% 很低 还差 2 户 ');
    expect(text).toContain('3栋 0/2 人（0.00%） 0.00/230.00 m²（0.00%） 2 户 153.34 m²');
  });

  it('allows its one script by hash and event streams from itself, nothing else; no token in the page', async () => {
    const estate = await h.estate();
    const jar = await secretary(estate);
    const res = await get(jar, estate.path);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(dashboardCsp);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'$|script-src 'sha256-[^']+';/);
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<script>${liveScript}</script>`);
    expect(html).toContain(`data-stream="${estate.path}/stream?m=0"`);
    // Without scripts the page reloads itself.
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="30"/></noscript>');
    expect(html).not.toContain(jar.get('yishi_at')!);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('hides agreement on a secret ballot while voting runs', async () => {
    const estate = await h.estate({ publication: 'secret' });
    await estate.vote('a');
    const text = textOf(await (await get(await secretary(estate), estate.path)).text());
    expect(text).toContain('人数 1 / 8 人');
    expect(text).toContain('不记名表决：投票结束前不显示同意的票数。');
    expect(text).not.toContain('面积 100.00 / 100.00 m²');
    expect(text).not.toMatch(/同意(已|尚未)达到/);
  });

  it('shows another matter’s buildings on request, and refuses what is not a ballot', async () => {
    const estate = await h.estate();
    const jar = await secretary(estate);
    const second = await (await get(jar, `${estate.path}?m=1`)).text();
    expect(second).toContain('<strong aria-current="true">事项2 </strong>');
    expect(second).toContain(`data-stream="${estate.path}/stream?m=1"`);
    const bad = await get(jar, '/staff/c/not-a-uuid/ballots/also-not/dashboard');
    expect(bad.status).toBe(404);
    const unknown = await get(
      jar,
      `/staff/c/${estate.communityId}/ballots/${crypto.randomUUID()}/dashboard`,
    );
    expect(unknown.status).toBe(404);
    expect(textOf(await unknown.text())).toContain('没有找到这次表决');
  });

  it('sends a visitor without a session to sign in, and refuses their event stream', async () => {
    const estate = await h.estate();
    const res = await get(null, estate.path);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/staff/sign-in?${new URLSearchParams({ next: estate.path })}`,
    );
    const stream = await h.web.request(`${estate.path}/stream`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(401);
  });
});

describe('the relayed event stream', () => {
  it('sends the figures at once and again within moments of a vote cast elsewhere', async () => {
    const estate = await h.estate();
    const jar = await secretary(estate);
    const server = await h.serveWeb();
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${server.port}${estate.path}/stream`, {
      headers: { cookie: jar.header(), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextProgress = async (): Promise<string> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: progress')) continue;
          return block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const first = textOf(await nextProgress());
    expect(first).toContain('人数 0 / 8 人');
    expect(h.hub.listenerCount(estate.ballotId)).toBe(1);

    await estate.vote('g');
    let update = textOf(await nextProgress());
    while (!update.includes('人数 1 / 8 人')) update = textOf(await nextProgress());
    expect(update).toContain('面积 120.00 / 755.50 m²');
    expect(update).not.toContain(jar.get('yishi_at')!);
    controller.abort();
    await expect.poll(() => h.hub.listenerCount(estate.ballotId), { timeout: 10_000 }).toBe(0);
  });
});

describe('grid workers', () => {
  it('see only the buildings of their grid, on the dashboard, the lists and the visit log', async () => {
    const estate = await h.estate();
    const jar = await signIn(h.web, await estate.staff('grid_worker', ['2']));
    const html = await (await get(jar, estate.path)).text();
    expect(
      [...html.matchAll(/<th scope="row"><a[^>]*>(\d)栋<\/a><\/th>/g)].map((m) => m[1]),
    ).toEqual(['2']);
    expect([...html.matchAll(/<b>(\d)栋<\/b>/g)].map((m) => m[1])).toEqual(['2']);
    // The estate's totals are still the estate's.
    expect(textOf(html)).toContain('人数 0 / 8 人');

    const own = await get(jar, `${estate.path}/buildings/${estate.buildingIds.get('2')}`);
    expect(own.status).toBe(200);
    const ownText = textOf(await own.text());
    expect(ownText).toContain('1单元 101室');
    expect(ownText).toContain('138****1004');

    const other = await get(jar, `${estate.path}/buildings/${estate.buildingIds.get('1')}`);
    expect(other.status).toBe(404);
    expect(textOf(await other.text())).not.toContain('138****1001');
  });
});

describe('the owners not voted and the visit log', () => {
  it('lists a building’s owners in walking order and logs a visit with one tap', async () => {
    const estate = await h.estate();
    await estate.vote('b');
    const jar = await secretary(estate);
    const buildingPath = `${estate.path}/buildings/${estate.buildingIds.get('1')}`;
    const html = await (await get(jar, buildingPath)).text();
    const text = textOf(html);
    expect(text).toContain('1栋：未投票业主');
    expect([...html.matchAll(/<h2>1单元 (\d+)室<\/h2>/g)].map((m) => m[1])).toEqual(['101', '201']);
    expect(text).toContain('电话 138****1001');
    expect(text).toContain('尚未走访');
    expect(text).not.toContain('138****1002'); // b voted
    const holderKey = /name="holderKey" value="([^"]+)"/.exec(html)![1]!;
    const unitId = /name="unitId" value="([^"]+)"/.exec(html)![1]!;

    const logged = await post(jar, `${buildingPath}/outreach`, {
      _csrf: jar.get('yishi_csrf')!,
      holderKey,
      unitId,
      outcome: 'not_home',
      note: '晚上再来',
    });
    expect(logged.status).toBe(303);
    const back = logged.headers.get('location')!;
    expect(back).toBe(`${buildingPath}?done=${unitId}&o=not_home#u-${unitId}`);
    const after = textOf(await (await get(jar, back.replace(/#.*/, ''))).text());
    expect(after).toContain('已记录：1单元 101室，不在家');
    expect(after).toMatch(/上次走访：不在家（/);
  });

  it('keeps phone numbers out of notes and says so next to the owner, logging nothing', async () => {
    const estate = await h.estate();
    const jar = await secretary(estate);
    const buildingPath = `${estate.path}/buildings/${estate.buildingIds.get('3')}`;
    const html = await (await get(jar, buildingPath)).text();
    const holderKey = /name="holderKey" value="([^"]+)"/.exec(html)![1]!;
    const unitId = /name="unitId" value="([^"]+)"/.exec(html)![1]!;
    const refused = await post(jar, `${buildingPath}/outreach`, {
      _csrf: jar.get('yishi_csrf')!,
      holderKey,
      unitId,
      outcome: 'visited',
      note: '家属电话 139 1234 5678',
    });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain(`id="e-${unitId}"`);
    const error = new RegExp(`<p class="error" id="e-${unitId}" role="alert">([^<]+)</p>`).exec(
      page,
    );
    expect(error?.[1]).toBe(
      '备注中请勿填写手机号、身份证号等个人信息 / Do not write phone or ID numbers in the note',
    );
    expect(page).toContain('value="家属电话 139 1234 5678"');
    expect(textOf(page)).not.toContain('上次走访');

    const forged = await post(jar, `${buildingPath}/outreach`, {
      _csrf: 'x'.repeat(43),
      holderKey,
      unitId,
      outcome: 'visited',
    });
    expect(forged.status).toBe(403);
    const bad = await post(jar, `${buildingPath}/outreach`, {
      _csrf: jar.get('yishi_csrf')!,
      holderKey,
      unitId,
      outcome: 'bribed',
    });
    expect(bad.status).toBe(400);
    expect(textOf(await (await get(jar, buildingPath)).text())).not.toContain('上次走访');
  });

  it('refuses to log a visit to an owner outside a grid worker’s buildings', async () => {
    const estate = await h.estate();
    const secretaryJar = await secretary(estate);
    const building1 = `${estate.path}/buildings/${estate.buildingIds.get('1')}`;
    const html = await (await get(secretaryJar, building1)).text();
    const holderKey = /name="holderKey" value="([^"]+)"/.exec(html)![1]!;
    const unitId = /name="unitId" value="([^"]+)"/.exec(html)![1]!;

    const jar = await signIn(h.web, await estate.staff('grid_worker', ['2']));
    // Posted through the worker's own building: the ballots service finds no such owner there.
    const own = `${estate.path}/buildings/${estate.buildingIds.get('2')}/outreach`;
    const res = await post(jar, own, {
      _csrf: jar.get('yishi_csrf')!,
      holderKey,
      unitId,
      outcome: 'visited',
    });
    expect(res.status).toBe(404);
    expect(textOf(await (await get(secretaryJar, building1)).text())).not.toContain('上次走访');
  });
});
