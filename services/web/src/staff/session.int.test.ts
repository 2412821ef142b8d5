import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../test-support.ts';
import { CookieJar } from './cookie-jar.ts';

let h: WebHarness;
let communityId: string;
let account: { login: string; password: string; displayName: string };

beforeAll(async () => {
  h = await startWebHarness({ staff: true });
  communityId = await h.staff!.newCommunity('会话测试小区');
  account = await h.staff!.newStaff(communityId, ['committee_member']);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

class Browser extends CookieJar {
  constructor() {
    super(h.web);
  }
  signInAs(password = account.password, next = '/staff') {
    return super.signIn({ login: account.login, password }, next);
  }
}

describe('staff sessions', () => {
  it('sends a visitor without a session to the sign-in page, keeping where they were going', async () => {
    const b = new Browser();
    const res = await b.request(`/staff/c/${communityId}?tab=1`);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, 'http://web.test');
    expect(location.pathname).toBe('/staff/sign-in');
    expect(location.searchParams.get('next')).toBe(`/staff/c/${communityId}?tab=1`);
    const page = await b.request(`${location.pathname}${location.search}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('工作人员登录');
    expect(html).toContain('name="_csrf"');
    expect(b.csrf).toMatch(/^[\w-]{43}$/);
    expect(html).toContain(`value="${b.csrf}"`);
  });

  it('refuses a sign-in without the CSRF token, and a wrong password, changing nothing', async () => {
    const b = new Browser();
    await b.request('/staff/sign-in');
    const forged = await b.request('/staff/sign-in', {
      form: { login: account.login, password: account.password },
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('请重新提交');
    expect(b.cookies.has('yishi_at')).toBe(false);
    const wrong = await b.signInAs('not the password at all');
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain('账号或密码不正确');
    expect(html).toContain(`value="${account.login}"`);
    expect(html).not.toContain('not the password');
    expect(b.cookies.has('yishi_at')).toBe(false);
  });

  it('signs in: httpOnly, SameSite=Lax cookies, then back where the person was going', async () => {
    const b = new Browser();
    const res = await b.signInAs(account.password, `/staff/c/${communityId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/staff/c/${communityId}`);
    for (const name of ['yishi_at', 'yishi_rt', 'yishi_csrf']) {
      expect(b.attributes.get(name)).toMatch(/HttpOnly/);
      expect(b.attributes.get(name)).toMatch(/SameSite=Lax/);
      expect(b.attributes.get(name)).not.toMatch(/Secure/);
    }
    // One community: the staff home goes straight to it.
    const home = await b.request('/staff');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe(`/staff/c/${communityId}`);
  });

  it('never sends anyone to another site after signing in', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/\u3000/evil.example',
    ]) {
      const b = new Browser();
      const res = await b.signInAs(account.password, next);
      expect(res.headers.get('location')).toBe('/staff');
    }
  });

  it('refreshes an expired access token once, even for requests arriving together', async () => {
    const b = new Browser();
    await b.signInAs();
    const before = { at: b.cookies.get('yishi_at'), rt: b.cookies.get('yishi_rt') };
    h.clock.set(new Date(h.clock.now().getTime() + 16 * 60_000));
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const [one, two] = await Promise.all(
      [1, 2].map(() => h.web.request('http://web.test/staff', { headers: { cookie } })),
    );
    expect(one!.status).toBe(303);
    expect(two!.status).toBe(303);
    // Both carried on to the page (not to the sign-in) with the same new tokens.
    expect(one!.headers.get('location')).toBe(`/staff/c/${communityId}`);
    expect(two!.headers.get('location')).toBe(`/staff/c/${communityId}`);
    const refreshed = (r: Response) =>
      r.headers
        .getSetCookie()
        .find((l) => l.startsWith('yishi_rt='))
        ?.split(';')[0];
    expect(refreshed(one!)).toBeDefined();
    expect(refreshed(one!)).toBe(refreshed(two!));
    expect(refreshed(one!)).not.toBe(`yishi_rt=${before.rt}`);
  });

  it('signs out: the cookies go and the refresh token no longer works', async () => {
    const b = new Browser();
    await b.signInAs();
    const stale = new Map(b.cookies);
    const out = await b.request('/staff/sign-out', { form: { _csrf: b.csrf } });
    expect(out.status).toBe(303);
    expect(b.cookies.has('yishi_at')).toBe(false);
    expect(b.cookies.has('yishi_rt')).toBe(false);
    // A copy of the old refresh token (without the access token) is refused by the directory.
    const replay = new Browser();
    replay.cookies.set('yishi_rt', stale.get('yishi_rt')!);
    const res = await replay.request('/staff');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/staff\/sign-in\?next=%2Fstaff&ended=1$/);
  });

  it('answers 401 to an event stream without a session instead of redirecting it', async () => {
    const res = await h.web.request('http://web.test/staff', {
      headers: { accept: 'text/event-stream' },
    });
    expect(res.status).toBe(401);
  });

  it('refuses a body over its limit before the CSRF check (or anything) reads it, doing nothing', async () => {
    const b = new Browser();
    await b.signInAs();
    const MB = 1024 * 1024;
    /** A form body of `total` bytes with no content-length, counting what the web pulls. */
    const streamed = (total: number) => {
      const sent = { bytes: 0 };
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent.bytes >= total) return controller.close();
          const chunk = new Uint8Array(MB).fill(0x61);
          sent.bytes += chunk.length;
          controller.enqueue(chunk);
        },
      });
      return { sent, body };
    };
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const cases = [
      // An ordinary staff form: 1 MB.
      { path: `/staff/c/${communityId}/ballots/new`, total: 8 * MB, limit: MB },
      // The photo upload: 5 photos of 10 MB and the text, no more.
      {
        path: `/staff/c/${communityId}/proposals/00000000-0000-4000-8000-000000000000/updates`,
        total: 80 * MB,
        limit: 51 * MB,
      },
      // The door's QR sign-in takes no session at all: still no unbounded body.
      { path: '/m/00000000-0000-4000-8000-000000000000/check-in', total: 8 * MB, limit: MB },
    ];
    for (const { path, total, limit } of cases) {
      const { sent, body } = streamed(total);
      const res = await h.web.request(`http://web.test${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status, path).toBe(413);
      expect(await res.text()).toContain('内容太大');
      expect(sent.bytes, path).toBeLessThanOrEqual(limit + 2 * MB);
    }
    // A declared length over the limit is refused without reading a byte.
    const declared = await h.web.request(`http://web.test/staff/c/${communityId}/ballots/new`, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(2 * MB),
      },
      body: `_csrf=${b.csrf}`,
    });
    expect(declared.status).toBe(413);
  });
});
