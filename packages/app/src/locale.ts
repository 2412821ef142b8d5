/** The languages end users see; zh-CN is the default. */
export type Locale = 'zh' | 'en';

/**
 * Picks zh or en from an `Accept-Language` header by quality value; zh when absent, unparseable or
 * naming neither, since the users are residents of Chinese communities.
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh';
  let best: { locale: Locale; quality: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const locale =
      tag === 'zh' || tag.startsWith('zh-')
        ? 'zh'
        : tag === 'en' || tag.startsWith('en-')
          ? 'en'
          : undefined;
    if (!locale) continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const quality = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isNaN(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { locale, quality };
  }
  return best?.locale ?? 'zh';
}
