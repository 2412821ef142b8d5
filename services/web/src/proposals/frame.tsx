/**
 * The frames of the proposals pages: the owner's (through the owner link, a bearer secret), the
 * staff member's (the staff navigation and sign-out) and the printable A4 ledger. Each is one HTML
 * response with inline styles allowed by their hashes in the page's own Content-Security-Policy
 * (no script, no external resource), like every other page of the web.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from '../i18n.ts';
import { otherLangHref } from '../owner/frame.tsx';
import { CsrfInput, type NavLink, switchHref } from '../staff/frame.tsx';
import type { StaffSessionEnv } from '../staff/session.ts';
import { staffTexts } from '../staff/texts.ts';
import { css, staffCss } from '../views/layout.tsx';
import { proposalTexts } from './texts.ts';

/** What the proposals pages add to the common style: forms, filters, progress, comments. */
export const proposalsCss =
  'form.f input[type=text],form.f input[type=date],form.f textarea,form.f select{font:inherit;font-size:1em;width:100%;padding:8px;border:2px solid #444;border-radius:6px;letter-spacing:normal;text-transform:none;background:#fff;color:#111}' +
  'form.f textarea{min-height:7em}' +
  'form.f input[type=file]{font-size:18px;max-width:100%}' +
  'form.f label{display:block;font-weight:700;margin:14px 0 4px}' +
  'form.f label.opt{display:flex;align-items:center;gap:14px;font-weight:400;font-size:1em;min-height:48px;margin:8px 0}' +
  '.hint{color:#404040;font-size:17px;margin:2px 0 6px}' +
  'ul.links{list-style:none;padding:0;margin:8px 0}ul.links li{margin:6px 0}ul.links a{display:inline-block;padding:4px 0}' +
  'form.f details{margin:14px 0}form.f details fieldset{border:0;padding:0;margin:0}' +
  'ul.tabs{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:8px 0}' +
  'ul.tabs a{display:inline-block;padding:6px 12px;border:2px solid #0b4fb3;border-radius:20px;text-decoration:none;font-size:17px}' +
  'ul.tabs a[aria-current]{background:#0b4fb3;color:#fff}' +
  '.card{background:#f2f2f2;padding:10px 12px;border-radius:8px;margin:12px 0}' +
  '.card h2,.card h3{margin:.2em 0;font-size:1.1em}' +
  '.tag{display:inline-block;padding:0 8px;border:2px solid #444;border-radius:6px;font-size:16px;margin:2px 6px 2px 0;white-space:nowrap}' +
  '.tag.go{border-color:#0a6b2d;color:#0a6b2d}' +
  'progress{display:block;width:100%;height:22px;margin:6px 0;accent-color:#0a6b2d}' +
  'a.button{display:block;text-align:center;font-weight:700;min-height:56px;padding:12px;border-radius:8px;border:2px solid #0b4fb3;background:#0b4fb3;color:#fff;text-decoration:none;margin:8px 0}' +
  'a.button.secondary{background:#fff;color:#0b4fb3}' +
  'ol.comments{list-style:none;padding:0;margin:0}' +
  'ol.comments li{border-left:4px solid #767676;padding:2px 0 2px 10px;margin:12px 0}' +
  'ol.comments ol{list-style:none;padding:0;margin:0 0 0 12px}' +
  '.who{font-size:17px;color:#404040}' +
  '.gone{color:#404040;font-style:italic}' +
  '.photos{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0}' +
  '.photos img{max-width:100%;height:auto;border-radius:6px;border:1px solid #666}' +
  '.prewrap{white-space:pre-wrap;overflow-wrap:anywhere}' +
  'table.ledger td,table.ledger th{font-size:16px}.nw{white-space:nowrap}' +
  '.stats{font-size:1.2em;font-weight:700}' +
  'button.inline{width:auto;min-height:44px;padding:6px 16px}';

/** The A4 page of the ledger: printed as is, with the browser's header and footer kept small. */
export const printCss =
  '@page{size:A4;margin:15mm 12mm}' +
  '*{box-sizing:border-box}' +
  'body{margin:0 auto;max-width:186mm;padding:8mm 0;font:12pt/1.5 "Noto Serif CJK SC","Songti SC",SimSun,serif;color:#000;background:#fff}' +
  'h1{font-size:18pt;text-align:center;margin:0 0 4mm}' +
  'p{margin:1.5mm 0}' +
  'table{width:100%;border-collapse:collapse;margin:4mm 0;font-size:10.5pt}' +
  'th,td{border:1px solid #000;padding:1.5mm 2mm;text-align:left;vertical-align:top}' +
  'td.num,th.num{text-align:right;white-space:nowrap}td.d{white-space:nowrap}' +
  'tfoot td{font-weight:700}' +
  'thead{display:table-header-group}tr{break-inside:avoid}' +
  '.sign{display:flex;justify-content:space-between;margin-top:12mm}' +
  '.noprint{border:1px solid #000;padding:2mm 3mm;margin:0 0 4mm;font-family:system-ui,sans-serif}' +
  'a{color:#0b4fb3}' +
  '@media screen{body{padding:16px}}' +
  '@media print{.noprint{display:none}}';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const policy = (...styles: string[]) =>
  [
    "default-src 'none'",
    `style-src ${styles.map(hash).join(' ')}`,
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

export const ownerPolicy = policy(css, proposalsCss);
export const staffPolicy = policy(css, staffCss, proposalsCss);
export const printPolicy = policy(printCss);

function Doc(props: {
  lang: Lang;
  title: string;
  product: string;
  switchHref: string;
  styles: string[];
  staff?: { nav: Child };
  children: Child;
}) {
  const t = proposalTexts[props.lang];
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · ${props.product}`}</title>
        {props.styles.map((s) => (
          <style>{raw(s)}</style>
        ))}
      </head>
      <body class={props.staff ? 'staff' : undefined}>
        <header>
          <span>{props.product}</span>
          <a href={props.switchHref} lang={props.lang === 'zh' ? 'en' : 'zh-CN'}>
            {t.switchTo}
          </a>
        </header>
        {props.staff ? props.staff.nav : null}
        <main class={props.staff ? 'staff' : undefined}>{props.children}</main>
      </body>
    </html>
  );
}

/** An owner's page: the link is the credential, so no-store, no referrer, not indexed. */
export function ownerProposalPage(
  c: Context,
  props: { lang: Lang; title: string; status?: ContentfulStatusCode },
  body: Child,
) {
  const html = (
    <Doc
      lang={props.lang}
      title={props.title}
      product={proposalTexts[props.lang].product}
      switchHref={otherLangHref(c, props.lang)}
      styles={[css, proposalsCss]}
    >
      {body}
    </Doc>
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-robots-tag', 'noindex');
  c.header('content-security-policy', ownerPolicy);
  return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
}

/** A staff page: the staff navigation (with sign-out) and the committee's wider layout. */
export function staffProposalPage(
  c: Context<StaffSessionEnv>,
  props: { lang: Lang; title: string; links: NavLink[]; status?: ContentfulStatusCode },
  body: Child,
) {
  const t = staffTexts[props.lang];
  const staff = c.get('staff');
  const nav = (
    <nav class="staff" aria-label={t.home}>
      <a href="/staff">{t.home}</a>
      {props.links.map((l) => (
        <a href={l.href}>{l.label}</a>
      ))}
      {staff ? (
        <form class="inline" method="post" action="/staff/sign-out">
          <CsrfInput c={c} />
          <span class="muted">{t.signedInAs(staff.displayName)} </span>
          <button class="link" type="submit">
            {t.signOut}
          </button>
        </form>
      ) : null}
    </nav>
  );
  const html = (
    <Doc
      lang={props.lang}
      title={props.title}
      product={t.product}
      switchHref={switchHref(c, props.lang)}
      styles={[css, staffCss, proposalsCss]}
      staff={{ nav }}
    >
      {body}
    </Doc>
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'same-origin');
  c.header('content-security-policy', staffPolicy);
  return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
}

/** The printable A4 page (the ledger for the notice board). */
export function printPage(c: Context, props: { lang: Lang; title: string }, body: Child) {
  const t = proposalTexts[props.lang];
  const html = (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        <style>{raw(printCss)}</style>
      </head>
      <body>
        <main>{body}</main>
      </body>
    </html>
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-robots-tag', 'noindex');
  c.header('content-security-policy', printPolicy);
  return c.html(`<!DOCTYPE html>${html}`);
}
