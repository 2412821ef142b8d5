import type { MessageKind } from '../db/schema/deliveries.ts';
import { shanghaiTime } from './format.ts';

export type Locale = 'zh-CN' | 'en';

/** A message ready for a channel: subject (e-mail, inbox title), text, and template params. */
export interface Rendered {
  subject: string;
  text: string;
  /** Formatted values for providers with approved templates (Aliyun SMS, WeChat). */
  params: Record<string, string>;
}

/** What the deliveries store per kind (instants in ISO form, formatted when rendered). */
export interface TemplateParams {
  community?: string;
  /** The personal voting link: a bearer secret. */
  link?: string;
  closesAt?: string;
  resultLink?: string;
  publishedUntil?: string;
  hoursLeft?: string;
}

type Template = (p: Required<TemplateParams>) => { subject: string; text: string };

const templates: Record<MessageKind, Record<Locale, Template>> = {
  ballot_opened: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】业主共同决定事项表决已开始`,
      text: `【${p.community}】业主您好：业主共同决定事项的表决已开始，请在 ${p.closesAt} 前通过您的专属链接投票：${p.link} 。此链接仅供您本人使用，请勿转发。`,
    }),
    en: (p) => ({
      subject: `${p.community}: owners' vote is open`,
      text: `Dear owner of ${p.community}: the owners' vote has opened. Vote before ${p.closesAt} with your personal link: ${p.link} . The link is yours alone; do not forward it.`,
    }),
  },
  link_reissued: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】您的投票链接已更新`,
      text: `【${p.community}】业主您好：您的投票链接已重新发放，旧链接已失效。请在 ${p.closesAt} 前使用新链接投票：${p.link} 。`,
    }),
    en: (p) => ({
      subject: `${p.community}: your voting link was renewed`,
      text: `Dear owner of ${p.community}: your voting link was re-issued and the old one no longer works. Vote before ${p.closesAt} with the new link: ${p.link} .`,
    }),
  },
  reminder: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】表决即将截止，请尽快投票`,
      text: `【${p.community}】业主您好：表决将于 ${p.closesAt} 截止（约剩 ${p.hoursLeft} 小时），您尚未投票。请通过专属链接投票：${p.link} 。`,
    }),
    en: (p) => ({
      subject: `${p.community}: the vote closes soon`,
      text: `Dear owner of ${p.community}: the vote closes ${p.closesAt} (about ${p.hoursLeft} hours left) and you have not voted yet. Vote with your personal link: ${p.link} .`,
    }),
  },
  results_published: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】表决结果公示`,
      text: `【${p.community}】业主您好：表决结果已公示（至 ${p.publishedUntil}），请查看：${p.resultLink} 。`,
    }),
    en: (p) => ({
      subject: `${p.community}: the result is published`,
      text: `Dear owner of ${p.community}: the result of the vote is published (until ${p.publishedUntil}): ${p.resultLink} .`,
    }),
  },
  quorum_reached: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】表决参与已达法定人数`,
      text: `【${p.community}】表决的参与面积与人数均已达到三分之二（截止 ${p.closesAt}）。`,
    }),
    en: (p) => ({
      subject: `${p.community}: quorum reached`,
      text: `${p.community}: participation has reached two thirds of the area and of the owners (closes ${p.closesAt}).`,
    }),
  },
  quorum_at_risk: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】表决参与不足，请关注`,
      text: `【${p.community}】表决将于 ${p.closesAt} 截止（约剩 ${p.hoursLeft} 小时），参与仍未达到三分之二，请安排走访未投票业主。`,
    }),
    en: (p) => ({
      subject: `${p.community}: quorum at risk`,
      text: `${p.community}: the vote closes ${p.closesAt} (about ${p.hoursLeft} hours left) and participation is still short of two thirds; please visit owners who have not voted.`,
    }),
  },
};

/** Renders one message; instants are shown in Asia/Shanghai. */
export function render(kind: MessageKind, locale: Locale, stored: TemplateParams): Rendered {
  const params = {
    community: stored.community ?? (locale === 'en' ? 'Your community' : '本小区'),
    link: stored.link ?? '',
    closesAt: stored.closesAt ? shanghaiTime(stored.closesAt, locale) : '',
    resultLink: stored.resultLink ?? '',
    publishedUntil: stored.publishedUntil ? shanghaiTime(stored.publishedUntil, locale) : '',
    hoursLeft: stored.hoursLeft ?? '',
  };
  const { subject, text } = templates[kind][locale](params);
  const used = Object.fromEntries(
    Object.entries(params).filter(
      ([key]) => (stored as Record<string, unknown>)[key] !== undefined,
    ),
  );
  return { subject, text, params: used };
}
