/** A browser's cookies by hand, for integration tests of the staff pages (no Chromium needed). */
import type { createWebApp } from '../app.ts';

export class CookieJar {
  readonly cookies = new Map<string, string>();
  readonly attributes = new Map<string, string>();
  constructor(private readonly web: ReturnType<typeof createWebApp>) {}

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await this.web.request(`http://web.test${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split('; ');
      const [name, value] = pair!.split(/=(.*)/s) as [string, string];
      this.attributes.set(name, attrs.join('; '));
      if (value === '' || /Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get csrf() {
    return this.cookies.get('yishi_csrf') ?? '';
  }

  /** Signs in through the web's own sign-in page. */
  async signIn(account: { login: string; password: string }, next = '/staff') {
    await this.request(`/staff/sign-in?next=${encodeURIComponent(next)}`);
    return this.request(`/staff/sign-in?next=${encodeURIComponent(next)}`, {
      form: { _csrf: this.csrf, login: account.login, password: account.password },
    });
  }
}
