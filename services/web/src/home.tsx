import type { AppEnv } from '@yishi/app';
import { Hono } from 'hono';
import { langOf, texts } from './i18n.ts';
import { Layout } from './views/layout.tsx';

const words = {
  zh: { title: '业主表决', lead: '请打开业委会通过短信、微信或纸质二维码发给您的个人投票链接。' },
  en: {
    title: 'Owners’ ballots',
    lead: 'Open the personal voting link the committee sent you by SMS, WeChat or a printed QR code.',
  },
};

/** The front page: owners arrive by their personal link, so it only says so. */
export function home() {
  return new Hono<AppEnv>().get('/', (c) => {
    const lang = langOf(c.req.query('lang'));
    const w = words[lang];
    const html = (
      <Layout lang={lang} title={w.title} switchHref={lang === 'zh' ? '/?lang=en' : '/'}>
        <h1>{w.title}</h1>
        <p>{w.lead}</p>
        <p>{texts[lang].help}</p>
      </Layout>
    );
    return c.html(`<!DOCTYPE html>${html}`);
  });
}
