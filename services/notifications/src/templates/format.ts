/** Formats instants for people: always in Asia/Shanghai, the time the estate lives by. */
const formats = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
} as const;

/** `2026年3月4日 18:00` / `4 March 2026 at 18:00 (Beijing time)`. */
export function shanghaiTime(iso: string, locale: 'zh-CN' | 'en'): string {
  const text = formats[locale].format(new Date(iso));
  return locale === 'en' ? `${text} (Beijing time)` : text;
}
