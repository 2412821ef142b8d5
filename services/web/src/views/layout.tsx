import { createHash } from 'node:crypto';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Lang } from '../i18n.ts';
import { texts } from '../i18n.ts';

/**
 * The only style of the pages: inline, so a page is one request on a slow phone. Large type, high
 * contrast and big touch targets, for owners reading on old phones.
 */
export const css =
  '*{box-sizing:border-box}' +
  'body{margin:0;font:20px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#111;background:#fff;-webkit-text-size-adjust:100%}' +
  'header{display:flex;justify-content:space-between;align-items:center;gap:8px;border-bottom:2px solid #111;padding:8px 16px;font-size:18px}' +
  'main{max-width:40rem;margin:0 auto;padding:8px 16px 32px}' +
  'a{color:#0b4fb3}' +
  'h1{font-size:1.5em;line-height:1.3;margin:.4em 0}' +
  'h2{font-size:1.2em;margin:1em 0 .4em}' +
  'p{margin:.5em 0}' +
  'fieldset{border:2px solid #444;border-radius:8px;margin:0 0 20px;padding:8px 12px 12px}' +
  'legend{font-weight:700;font-size:1.15em;padding:0 6px}' +
  '.opt{display:flex;align-items:center;gap:14px;min-height:56px;padding:8px 14px;margin:10px 0;border:2px solid #555;border-radius:8px;font-size:1.15em;font-weight:700}' +
  '.opt input{width:28px;height:28px;margin:0;flex:none;accent-color:#0b4fb3}' +
  '.opt:has(input:checked){background:#e6efff;border-color:#0b4fb3}' +
  'button{font:inherit;font-weight:700;width:100%;min-height:56px;padding:12px;border-radius:8px;border:2px solid #0b4fb3;background:#0b4fb3;color:#fff;margin:8px 0}' +
  'button.secondary{background:#fff;color:#0b4fb3}' +
  ':focus-visible{outline:4px solid #b45309;outline-offset:2px}' +
  '.note{background:#f2f2f2;padding:10px 12px;border-radius:8px}' +
  '.muted{color:#404040;font-size:18px}' +
  '.error{border:3px solid #b00020;color:#8a0019;padding:10px 12px;border-radius:8px;font-weight:700}' +
  '.ok{border:3px solid #0a6b2d;padding:10px 12px;border-radius:8px}' +
  '.receipt{display:block;font:700 clamp(20px,6.4vw,32px)/1.3 ui-monospace,Menlo,Consolas,monospace;white-space:nowrap;border:3px dashed #111;padding:14px 8px;margin:8px 0;text-align:center;overflow-wrap:anywhere}' +
  'input[type=text]{font:inherit;font-size:1.2em;width:6em;padding:8px;border:2px solid #444;border-radius:6px;letter-spacing:.2em}' +
  'ul.files{padding-left:1.2em}ul.files li{margin:.3em 0}ul.files a{display:inline-block;padding:6px 0}' +
  'ul.units,dl{padding:0;margin:.5em 0;list-style:none}' +
  'dt{font-weight:700;margin-top:.6em}dd{margin:.2em 0 .4em}' +
  'dd strong{display:inline-block;padding:2px 14px;border:2px solid #111;border-radius:6px;font-size:1.1em}' +
  '.decision{font-size:1.25em;font-weight:700;padding:8px 12px;border-radius:8px;border:3px solid #111}' +
  '.decision.formed{border-color:#0a6b2d;background:#e8f5ec}' +
  'ul.figs{padding-left:1.2em;margin:.4em 0}ul.figs li{margin:.25em 0}' +
  '.hash{font:16px/1.4 ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}' +
  'details{border:2px solid #444;border-radius:8px;margin:10px 0;padding:0 12px}' +
  'summary{min-height:48px;padding:10px 0;font-weight:700;cursor:pointer}' +
  'table{border-collapse:collapse;width:100%;margin:0 0 12px;font-size:18px}' +
  'th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #666;vertical-align:top}' +
  'td.num{text-align:right;white-space:nowrap}' +
  'input.rc{width:100%;max-width:16em;letter-spacing:.05em;text-transform:uppercase}';

/**
 * The extra style of the staff pages (committee, dashboard): wider, denser tables and forms for a
 * laptop or a phone. Sent only on those pages, so the owner's page stays light.
 */
export const staffCss =
  'main.staff{max-width:64rem}' +
  'body.staff{font-size:18px}' +
  'nav.staff{display:flex;flex-wrap:wrap;gap:4px 16px;padding:6px 16px;border-bottom:1px solid #666;font-size:17px}' +
  'nav.staff a{padding:8px 0;display:inline-block}' +
  'form.inline{display:inline}' +
  'button.link{all:unset;color:#0b4fb3;text-decoration:underline;cursor:pointer;padding:8px 0}' +
  'button.small{width:auto;min-height:44px;padding:6px 16px;margin:4px 8px 4px 0}' +
  'label.field{display:block;font-weight:700;margin:14px 0 4px}' +
  '.staff input[type=text],.staff input[type=password],.staff input[type=datetime-local],.staff input[type=date],.staff input[type=number],.staff input[type=file],.staff select,.staff textarea{font:inherit;font-size:1em;width:100%;max-width:32rem;padding:8px;border:2px solid #444;border-radius:6px;letter-spacing:normal;background:#fff;color:#111}' +
  '.staff textarea{min-height:5em}' +
  '.staff input.room{font-size:1.6em;max-width:12rem;letter-spacing:.05em}' +
  '.hint{color:#404040;font-size:16px;margin:2px 0 6px}' +
  '.warn{border:3px solid #8a5a00;background:#fff8e6;padding:10px 12px;border-radius:8px}' +
  '.warn+.warn{margin-top:12px}' +
  '.badge{display:inline-block;padding:0 8px;border:2px solid #444;border-radius:6px;font-size:16px;white-space:nowrap}' +
  'tr.bad td{background:#fdecee}td.err{color:#8a0019;font-weight:700}' +
  '.pager{display:flex;gap:16px;margin:8px 0}' +
  '.row{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end}' +
  '.choices{display:flex;flex-wrap:wrap;gap:8px}.choices .opt{margin:0;min-height:48px;font-size:1em}' +
  'progress{width:100%;max-width:32rem;height:24px}' +
  'table.narrow{width:auto;min-width:min(100%,24rem)}' +
  '@media (min-width:48rem){main.staff button{width:auto;min-width:14rem;padding:12px 28px}main.staff button.small{min-width:0;padding:6px 16px}}' +
  '@media print{header,nav.staff,.noprint{display:none}}';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The Content-Security-Policy of every page: nothing but the inline styles above. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src ${sha256(css)} ${sha256(staffCss)}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function Layout(props: {
  lang: Lang;
  title: string;
  /** The same page in the other language. */
  switchHref: string;
  /** The name in the header and title, when the page is not the owner's ballot. */
  product?: string;
  /** Staff pages: their extra style, a navigation bar under the header and a wider main. */
  staff?: { nav: Child };
  children: Child;
}) {
  const t = texts[props.lang];
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · ${props.product ?? t.product}`}</title>
        <style>{raw(css)}</style>
        {props.staff ? <style>{raw(staffCss)}</style> : null}
      </head>
      <body class={props.staff ? 'staff' : undefined}>
        <header>
          <span>{props.product ?? t.product}</span>
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
