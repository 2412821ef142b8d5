/**
 * The size of every request body, checked before anything reads it: the staff CSRF check parses
 * the whole form (files included) and the owner's and the door's forms are parsed before their
 * link is checked, so without this a single request could make the web hold any amount in memory.
 * A declared `content-length` over the limit is refused without reading; a body without one is
 * read up to the limit and refused past it (hono's `bodyLimit`). Nothing is done on a refusal.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { langOf } from './i18n.ts';
import { ownerPage } from './owner/frame.tsx';
import { messagePage } from './staff/frame.tsx';
import { staffLang } from './staff/session.ts';
import { staffTexts } from './staff/texts.ts';

const MB = 1024 * 1024;

/** An ordinary form: a wizard with many matters, minutes, a comment. */
export const FORM_LIMIT = 1 * MB;

/**
 * The forms that carry files, each a little above what its page accepts (the page then says what
 * was wrong in words): an update's 5 photos of 10 MB, a roster of 20 MB, a proposal's 10 MB file,
 * a ballot matter's 10 MB attachment.
 */
export const uploadLimits: { path: RegExp; maxSize: number }[] = [
  { path: /^\/staff\/c\/[^/]+\/proposals\/[^/]+\/updates$/, maxSize: 5 * 10 * MB + MB },
  { path: /^\/staff\/c\/[^/]+\/roster\/import$/, maxSize: 21 * MB },
  // A ballot matter's attachment: the ballots service takes 10 MiB and says so in words.
  {
    path: /^\/staff\/c\/[^/]+\/ballots\/[^/]+\/matters\/[^/]+\/attachments$/,
    maxSize: 11 * MB,
  },
  // The route has its own 10 MB limit and a sentence about the attachment; this is the backstop.
  { path: /^\/o\/[^/]+\/proposals$/, maxSize: 21 * MB },
];

export const limitOf = (path: string) =>
  uploadLimits.find((u) => u.path.test(path))?.maxSize ?? FORM_LIMIT;

/** The refusal: a 413 page in the staff frame or the owner's, saying the limit. */
function tooLargePage(c: Context, maxSize: number) {
  const mb = Math.floor(maxSize / MB);
  if (c.req.path.startsWith('/staff/')) {
    const lang = staffLang(c);
    const t = staffTexts[lang];
    return messagePage(c, lang, 413, t.tooLargeTitle, t.tooLarge(mb));
  }
  const lang = langOf(c.req.query('lang'));
  const t = staffTexts[lang];
  return ownerPage(
    c,
    { lang, title: t.tooLargeTitle, status: 413 },
    <>
      <h1>{t.tooLargeTitle}</h1>
      <p class="error" role="alert">
        {t.tooLarge(mb)}
      </p>
    </>,
  );
}

/** Refuses a body over the path's limit with a 413 page, before any handler runs. */
export function bodyLimits(
  render: (c: Context, maxSize: number) => Response | Promise<Response> = tooLargePage,
): MiddlewareHandler {
  const limiters = new Map<number, MiddlewareHandler>();
  return (c, next) => {
    if (/^(GET|HEAD|OPTIONS)$/.test(c.req.method)) return next();
    const maxSize = limitOf(c.req.path);
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      limiter = bodyLimit({ maxSize, onError: (ctx) => render(ctx, maxSize) });
      limiters.set(maxSize, limiter);
    }
    return limiter(c, next);
  };
}
