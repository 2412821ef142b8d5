/**
 * What the public pages share. They render in the owner pages' frames (`ownerPage`,
 * `ownerProposalPage`): one HTML response with inline styles allowed by hash, no script,
 * `no-store`, no referrer, not indexed (a community's affairs are not for search engines).
 */
import type { Context } from 'hono';
import type { Lang } from '../i18n.ts';
import type { ownerPage } from '../owner/frame.tsx';
import { publicTexts } from './texts.ts';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page frame: `ownerPage` (meetings) or `ownerProposalPage` (proposals). */
type Frame = typeof ownerPage;

/** `path`, keeping the language. */
export const publicPath = (path: string, lang: Lang) => (lang === 'en' ? `${path}?lang=en` : path);

/** An unknown (or not yet public) meeting or proposal: a 404 page that says so in words. */
export function missingPage(c: Context, lang: Lang, sentence: string, frame: Frame) {
  const p = publicTexts[lang];
  return frame(
    c,
    { lang, title: p.notFoundTitle, status: 404 },
    <>
      <h1>{p.notFoundTitle}</h1>
      <p class="note">{sentence}</p>
    </>,
  );
}

/** The service could not be reached: a 503 page. */
export function unavailablePage(c: Context, lang: Lang, frame: Frame) {
  const p = publicTexts[lang];
  return frame(
    c,
    { lang, title: p.unavailableTitle, status: 503 },
    <>
      <h1>{p.unavailableTitle}</h1>
      <p class="error" role="alert">
        {p.unavailable}
      </p>
    </>,
  );
}
