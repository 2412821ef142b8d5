/**
 * Staff sessions of the web: sign-in through the directory (docs/staff-sign-in.md), the tokens in
 * cookies, transparent refresh, sign-out, CSRF. How other staff pages (the dashboard) use it:
 *
 * ```ts
 * import { requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
 * const app = new Hono<StaffSessionEnv>();
 * app.get('/staff/c/:communityId/…', requireStaffSession(), (c) => {
 *   const { accessToken, claims } = c.var.staff; // bearer for ballots/directory; @yishi/auth claims
 *   if (!hasRoleIn(claims, communityId, 'party_secretary', 'grid_worker')) …  // claims.buildings
 * });
 * ```
 *
 * - `requireStaffSession()` verifies the access token cookie with the directory's JWKS; expired or
 *   absent, it refreshes with the refresh token cookie (one refresh per token even when a page and
 *   its event stream ask at once) and sets the new cookies. Without a session it redirects a GET to
 *   `/staff/sign-in?next=<path>` (303); requests asking for JSON or `text/event-stream` get a 401.
 *   The directory unreachable: 503. `c.var.staff` is `{ accessToken, claims }`.
 * - `createWebApp` installs `staffSessions(deps)` on every route (it puts the service on the
 *   context) and `csrfProtection()` on every non-GET request under `/staff/`: forms carry
 *   `<CsrfInput c={c} />` (hidden `_csrf`), scripts send the same value as `x-csrf-token`
 *   (double-submit of the `yishi_csrf` cookie; cross-site requests are refused regardless).
 * - `staffLang(c)`: `?lang=en|zh` switches and is remembered in a cookie, so links need not carry it.
 * - Cookies: `yishi_at` (access, lives as long as the token), `yishi_rt` (refresh, 30 days),
 *   `yishi_csrf`, `yishi_who` (display name), `yishi_lang`; httpOnly, SameSite=Lax, path `/`,
 *   Secure when the request came over https (directly or `x-forwarded-proto`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppEnv } from '@yishi/app';
import type { StaffClaims, Verifier } from '@yishi/auth';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiResult } from '../api.ts';
import type { DirectoryClient, DirectorySession } from '../directory-client.ts';
import { type Lang, langOf } from '../i18n.ts';

export interface StaffSession {
  /** A bearer token for the ballots service and the directory, valid now. */
  accessToken: string;
  claims: StaffClaims;
  /** The account's display name (for the header). */
  displayName: string;
}

export interface SessionDeps {
  directory: DirectoryClient;
  /** Verifies access tokens: `createVerifier({ jwksUrl: <directory>/.well-known/jwks.json, … })`. */
  verifier: Verifier;
}

export interface SessionService extends SessionDeps {
  /** Trades a refresh token once, however many requests present it at the same moment. */
  refresh(refreshToken: string): Promise<ApiResult<DirectorySession>>;
}

export type StaffSessionEnv = {
  Variables: AppEnv['Variables'] & {
    staff: StaffSession;
    staffSessions: SessionService;
  };
};

export const cookieNames = {
  access: 'yishi_at',
  refresh: 'yishi_rt',
  csrf: 'yishi_csrf',
  who: 'yishi_who',
  lang: 'yishi_lang',
} as const;

const REFRESH_COOKIE_DAYS = 30;
/** How long an answered refresh is remembered for requests that still carry the old token. */
const REFRESH_REUSE_MS = 30_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export function sessionService(deps: SessionDeps): SessionService {
  const inFlight = new Map<string, Promise<ApiResult<DirectorySession>>>();
  return {
    ...deps,
    refresh(refreshToken) {
      const key = sha256(refreshToken);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const promise = deps.directory.refresh(refreshToken);
      inFlight.set(key, promise);
      // A page and its event stream (or two tabs) may present the same token: they share the
      // answer instead of the second one looking like a replay and ending the session.
      setTimeout(() => inFlight.delete(key), REFRESH_REUSE_MS).unref();
      return promise;
    },
  };
}

/** Puts the session service on the context of every request (installed by `createWebApp`). */
export function staffSessions(deps: SessionDeps): MiddlewareHandler<StaffSessionEnv> {
  const service = sessionService(deps);
  return async (c, next) => {
    c.set('staffSessions', service);
    await next();
  };
}

const isHttps = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

const cookieOptions = (c: Context, maxAge: number) => ({
  httpOnly: true,
  sameSite: 'Lax' as const,
  secure: isHttps(c),
  path: '/',
  maxAge,
});

/** Stores a fresh session from the directory in the cookies. */
export function setSessionCookies(c: Context, session: DirectorySession) {
  setCookie(c, cookieNames.access, session.accessToken, cookieOptions(c, session.expiresIn));
  setCookie(
    c,
    cookieNames.refresh,
    session.refreshToken,
    cookieOptions(c, REFRESH_COOKIE_DAYS * 86_400),
  );
  setCookie(
    c,
    cookieNames.who,
    encodeURIComponent(session.staff.displayName),
    cookieOptions(c, REFRESH_COOKIE_DAYS * 86_400),
  );
}

export function clearSessionCookies(c: Context) {
  for (const name of [cookieNames.access, cookieNames.refresh, cookieNames.who]) {
    deleteCookie(c, name, { path: '/', secure: isHttps(c) });
  }
}

/** The page's language: `?lang=` when given (and remembered), else the remembered one, else zh. */
export function staffLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'zh') {
    if (getCookie(c, cookieNames.lang) !== asked) {
      setCookie(c, cookieNames.lang, asked, cookieOptions(c, 365 * 86_400));
    }
    return asked;
  }
  return langOf(getCookie(c, cookieNames.lang));
}

/** A local path to return to after sign-in; anything else (another site) becomes the staff home. */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2000) return '/staff';
  return /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : '/staff';
}

const wantsNoRedirect = (c: Context) => {
  const accept = c.req.header('accept') ?? '';
  return accept.includes('text/event-stream') || accept.startsWith('application/json');
};

/**
 * The signed-in staff member, or a redirect to the sign-in page. Puts `{ accessToken, claims,
 * displayName }` on `c.var.staff`.
 */
export function requireStaffSession(): MiddlewareHandler<StaffSessionEnv> {
  return async (c, next) => {
    const service = c.get('staffSessions');
    if (!service) throw new Error('staffSessions() is not installed in front of this route');
    // Several routers may require it on one request: the first one decides.
    if (c.get('staff')) return next();
    const displayName = decodeURIComponent(getCookie(c, cookieNames.who) ?? '');
    const access = getCookie(c, cookieNames.access);
    if (access) {
      const claims = await verified(service.verifier, access);
      if (claims === 'unavailable') return unavailablePage(c);
      if (claims) {
        c.set('staff', { accessToken: access, claims, displayName });
        return next();
      }
    }
    const refresh = getCookie(c, cookieNames.refresh);
    if (refresh) {
      const renewed = await service.refresh(refresh);
      if (renewed.ok) {
        const claims = await verified(service.verifier, renewed.value.accessToken);
        if (claims === 'unavailable') return unavailablePage(c);
        if (claims) {
          setSessionCookies(c, renewed.value);
          c.set('staff', {
            accessToken: renewed.value.accessToken,
            claims,
            displayName: renewed.value.staff.displayName,
          });
          return next();
        }
      } else if (renewed.error.status >= 500) {
        return unavailablePage(c);
      }
    }
    clearSessionCookies(c);
    if (wantsNoRedirect(c)) {
      return c.json(
        {
          error: {
            code: 'unauthenticated',
            message: '请重新登录 / Sign in again',
            requestId: c.get('requestId'),
          },
        },
        401,
      );
    }
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/staff';
    const params = new URLSearchParams({ next: back });
    if (access || refresh) params.set('ended', '1');
    return c.redirect(`/staff/sign-in?${params}`, 303);
  };
}

async function verified(
  verifier: Verifier,
  token: string,
): Promise<StaffClaims | null | 'unavailable'> {
  try {
    return await verifier.verify(token);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'unavailable' ? 'unavailable' : null;
  }
}

function unavailablePage(c: Context) {
  c.header('retry-after', '5');
  return c.text(
    '系统暂时无法连接，请稍后再试。The system cannot be reached; try again later.',
    503,
  );
}

/** Tokens made during a request that had no cookie yet, so every form of the page gets the same. */
const freshTokens = new WeakMap<Request, string>();

/** The CSRF token of this browser, made (and set as a cookie) on first use. */
export function csrfToken(c: Context): string {
  const existing = getCookie(c, cookieNames.csrf);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  let fresh = freshTokens.get(c.req.raw);
  if (!fresh) {
    fresh = randomBytes(32).toString('base64url');
    freshTokens.set(c.req.raw, fresh);
    setCookie(c, cookieNames.csrf, fresh, cookieOptions(c, REFRESH_COOKIE_DAYS * 86_400));
  }
  return fresh;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Whether `sent` (a form's `_csrf`) is this browser's CSRF token: for the few forms outside
 * `/staff/` that a cookie authenticates (the door's QR sign-in).
 */
export function csrfMatches(c: Context, sent: unknown): boolean {
  const cookie = getCookie(c, cookieNames.csrf);
  return Boolean(cookie && typeof sent === 'string' && same(cookie, sent));
}

/**
 * Refuses every non-GET request whose `_csrf` form field (or `x-csrf-token` header) differs from
 * the `yishi_csrf` cookie, and every cross-site one, with a 403 page. Nothing is changed.
 */
export function csrfProtection(
  render: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    if (/^(GET|HEAD|OPTIONS)$/.test(c.req.method)) return next();
    const cookie = getCookie(c, cookieNames.csrf);
    let sent = c.req.header('x-csrf-token');
    const type = c.req.header('content-type') ?? '';
    if (
      !sent &&
      (type.startsWith('application/x-www-form-urlencoded') ||
        type.startsWith('multipart/form-data'))
    ) {
      // `all: true`, because hono keeps the first parse for the handler (repeated fields stay lists).
      const form = await c.req
        .parseBody({ all: true })
        .catch(() => ({}) as Record<string, unknown>);
      sent = typeof form._csrf === 'string' ? form._csrf : undefined;
    }
    const crossSite = c.req.header('sec-fetch-site') === 'cross-site';
    if (crossSite || !cookie || !sent || !same(cookie, sent)) return render(c);
    return next();
  };
}
