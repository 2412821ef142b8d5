import { createHash } from 'node:crypto';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { type Lang, texts } from '../i18n.ts';
import { css, staffCss } from '../views/layout.tsx';

/** What the dashboard adds to the pages' styles: figure cards, bars, the map, big buttons. */
export const dashboardCss =
  'main.wide{max-width:60rem}' +
  '.lead{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline}' +
  '.left{font-size:1.2em;font-weight:700}' +
  '.conn{font-size:16px;color:#404040;margin:.2em 0}' +
  '.matter{border:2px solid #444;border-radius:8px;padding:8px 12px;margin:12px 0}' +
  '.matter h2{margin:.2em 0 .4em;font-size:1.1em}' +
  '.matter h3{font-size:1em;margin:.6em 0 .2em}' +
  '.fig{margin:.15em 0}' +
  '.bar{display:block;width:100%;height:18px;margin:2px 0 6px}' +
  '.need{font-weight:700;font-size:1.15em;color:#8a0019;margin:.3em 0}' +
  '.need.met,.yes{color:#0a6b2d;font-weight:700}' +
  '.no{color:#8a0019;font-weight:700}' +
  '.tbl{overflow-x:auto}' +
  '.tbl table{font-size:16px}' +
  '.tbl th,.tbl td{padding:8px 4px}.tbl th[scope=row]{white-space:nowrap}.tbl caption{text-align:left}' +
  '.tbl a{display:inline-block;min-height:44px;padding:10px 0}' +
  '.map{display:grid;grid-template-columns:repeat(auto-fill,minmax(100px,1fr));gap:8px;padding:0;margin:8px 0;list-style:none}' +
  '.tile{display:block;min-height:96px;padding:8px;border:3px solid #111;border-radius:8px;color:#111;text-decoration:none;font-size:16px;line-height:1.35}' +
  '.tile b{display:block;font-size:20px}.tile{overflow-wrap:break-word}' +
  '.sw{display:inline-block;width:22px;height:22px;border:3px solid #111;border-radius:4px;vertical-align:middle;margin-right:8px}' +
  '.b-met{background:#cdebd5;border-color:#0a6b2d}' +
  '.b-half{background:#fff0b8;border-color:#7a5600;border-style:dashed}' +
  '.b-quarter{background:#ffd7b0;border-color:#9a4200;border-style:dotted}' +
  '.b-low{background:#fbcbd1;border-color:#a0001c;border-style:double}' +
  'ul.legend{list-style:none;padding:0;margin:.4em 0;font-size:16px}ul.legend li{margin:.3em 0}' +
  'nav.matters a{display:inline-block;min-height:44px;padding:10px 12px 10px 0}' +
  'ol.nv{list-style:none;padding:0;margin:0}' +
  '.nv>li{border:2px solid #444;border-radius:8px;padding:8px 12px;margin:12px 0;scroll-margin-top:8px}' +
  '.nv h2{font-size:1.15em;margin:.1em 0}' +
  'fieldset.visit{border:0;padding:0;margin:8px 0 0}fieldset.visit legend{font-size:16px;font-weight:400;padding:0}' +
  '.outcomes{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-top:8px}' +
  '.outcomes button{margin:0;min-height:60px;font-size:18px;padding:8px}' +
  'label.nl{display:block;font-size:16px;margin-top:6px}' +
  'input.nt{width:100%;letter-spacing:normal;font-size:18px}' +
  '.flash{border:3px solid #0a6b2d;background:#e8f5ec;padding:10px 12px;border-radius:8px;font-weight:700}';

/**
 * Follows the relayed progress stream and swaps in the figures the server rendered; keeps the
 * focus on the element it was on. Without EventSource (or JavaScript), or once the stream is refused
 * for good (the session ended), the page reloads itself every 30 seconds.
 */
export const liveScript =
  "(function(){var l=document.getElementById('live'),s=document.getElementById('conn');" +
  'if(!l)return;if(!window.EventSource){setTimeout(function(){location.reload();},30000);return;}' +
  "var es=new EventSource(l.getAttribute('data-stream'));" +
  "function say(k){if(s)s.textContent=s.getAttribute('data-'+k);}" +
  "es.addEventListener('progress',function(e){var a=document.activeElement,id=a&&l.contains(a)?a.id:'';" +
  "l.innerHTML=e.data;say('on');if(id){var n=document.getElementById(id);if(n)n.focus();}});" +
  "es.onopen=function(){say('on');};" +
  // Closed for good (the session ended): a reload goes through sign-in.
  "es.onerror=function(){say('off');if(es.readyState===2)setTimeout(function(){location.reload();},30000);};})();";

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The dashboard's Content-Security-Policy: the pages' rules, plus its one inline script by hash
 * and event streams from this origin only.
 */
export const dashboardCsp = [
  "default-src 'none'",
  `style-src ${sha256(css)} ${sha256(staffCss)} ${sha256(dashboardCss)}`,
  `script-src ${sha256(liveScript)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function DashboardLayout(props: {
  lang: Lang;
  title: string;
  product: string;
  switchHref: string;
  /** The staff navigation bar (home, back, sign-out). */
  nav: Child;
  /** The live page: reloads itself where scripts do not run, follows the stream where they do. */
  live?: boolean;
  children: Child;
}) {
  const t = texts[props.lang];
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        {props.live ? (
          <noscript>
            <meta http-equiv="refresh" content="30" />
          </noscript>
        ) : null}
        <title>{`${props.title} · ${props.product}`}</title>
        <style>{raw(css)}</style>
        <style>{raw(staffCss)}</style>
        <style>{raw(dashboardCss)}</style>
      </head>
      <body class="staff">
        <header>
          <span>{props.product}</span>
          <a href={props.switchHref} lang={props.lang === 'zh' ? 'en' : 'zh-CN'}>
            {t.switchTo}
          </a>
        </header>
        {props.nav}
        <main class="staff wide">{props.children}</main>
        {props.live ? <script>{raw(liveScript)}</script> : null}
      </body>
    </html>
  );
}
