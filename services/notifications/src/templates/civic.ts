/**
 * Texts of the meetings and proposals messages. Written with SMS in mind: titles and topics are
 * shortened (the full notice is one link away), so a notice stays within a few SMS segments.
 */
import { shanghaiTime } from './format.ts';
import type { Locale, TemplateParams } from './templates.ts';

type Kind =
  | 'meeting_notice'
  | 'meeting_cancelled'
  | 'minutes_published'
  | 'proposal_threshold_staff'
  | 'proposal_threshold_owners'
  | 'proposal_decided';

/** The formatted values these texts use. */
export interface CivicValues {
  community: string;
  title: string;
  meetingKind: string;
  startsAt: string;
  endsAt: string;
  place: string;
  topics: string;
  reason: string;
  pageLink: string;
  decided: string;
  notDecided: string;
  outcome: string;
  source: string;
  cosignCount: string;
  cosignRequired: string;
  cosignBase: string;
}

/** Longest title shown in a message, in characters; the page has the rest. */
const titleLength = 24;
/** Topics listed by name in a notice; more are counted. */
const topicsListed = 3;
const topicLength = 12;

/** Cuts `text` to `max` characters (code points), with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const kindNames: Record<string, Record<Locale, string>> = {
  owners_assembly: { 'zh-CN': '业主大会', en: "owners' assembly" },
  committee: { 'zh-CN': '业委会会议', en: 'committee meeting' },
  deliberation: { 'zh-CN': '议事会', en: 'deliberation meeting' },
};

function topicsText(json: string | undefined, locale: Locale): string {
  let titles: string[] = [];
  try {
    const parsed = json ? (JSON.parse(json) as unknown) : [];
    if (Array.isArray(parsed)) titles = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    titles = [];
  }
  if (titles.length === 0) return '';
  const listed = titles.slice(0, topicsListed).map((t) => shorten(t, topicLength));
  const more = titles.length - listed.length;
  if (locale === 'en') {
    return `${listed.join('; ')}${more > 0 ? ` and ${more} more` : ''}`;
  }
  return `${listed.join('；')}${more > 0 ? ` 等 ${titles.length} 项` : ''}`;
}

/** The formatted values of the stored parameters (instants in Asia/Shanghai). */
export function civicValues(
  stored: TemplateParams,
  locale: Locale,
  community: string,
): CivicValues {
  const outcomes = {
    decided: { 'zh-CN': '已形成决定', en: 'a decision was made' },
    not_decided: { 'zh-CN': '未形成决定', en: 'no decision was made' },
  } as const;
  const sources = {
    ballot: { 'zh-CN': '业主表决', en: "the owners' vote" },
    minutes: { 'zh-CN': '会议', en: 'the meeting' },
  } as const;
  const outcome = stored.outcome === 'not_decided' ? 'not_decided' : 'decided';
  const source = stored.source === 'minutes' ? 'minutes' : 'ballot';
  return {
    community,
    title: shorten(stored.title ?? '', titleLength),
    meetingKind: (kindNames[stored.meetingKind ?? ''] ?? kindNames.deliberation!)[locale],
    startsAt: stored.startsAt ? shanghaiTime(stored.startsAt, locale) : '',
    endsAt: stored.endsAt ? shanghaiTime(stored.endsAt, locale) : '',
    place: shorten(stored.place ?? '', 24),
    topics: topicsText(stored.topics, locale),
    reason: shorten(stored.reason ?? '', 40),
    pageLink: stored.pageLink ?? '',
    decided: stored.decided ?? '0',
    notDecided: stored.notDecided ?? '0',
    outcome: outcomes[outcome][locale],
    source: sources[source][locale],
    cosignCount: stored.cosignCount ?? '',
    cosignRequired: stored.cosignRequired ?? '',
    cosignBase: stored.cosignBase ?? '',
  };
}

type Template = (v: CivicValues, stored: TemplateParams) => { subject: string; text: string };

const link = (v: CivicValues, zh: boolean) =>
  v.pageLink ? (zh ? `详情：${v.pageLink} 。` : ` Details: ${v.pageLink} .`) : '';

/** Templates of the meetings and proposals messages, zh-CN and en. */
export const civicTemplates: Record<Kind, Record<Locale, Template>> = {
  meeting_notice: {
    'zh-CN': (v, s) => ({
      subject: `【${v.community}】${v.meetingKind}通知：${v.title}`,
      text:
        s.form === 'in_writing'
          ? `【${v.community}】${v.meetingKind}「${v.title}」以书面形式征求意见，表决时间 ${v.startsAt} 至 ${v.endsAt}。议题：${v.topics}。表决链接将另行发送。${link(v, true)}`
          : `【${v.community}】${v.meetingKind}「${v.title}」定于 ${v.startsAt} 在${v.place}召开。议题：${v.topics}。${link(v, true)}`,
    }),
    en: (v, s) => ({
      subject: `${v.community}: notice of the ${v.meetingKind}`,
      text:
        s.form === 'in_writing'
          ? `${v.community}: the ${v.meetingKind} "${v.title}" is held in writing; voting runs from ${v.startsAt} to ${v.endsAt}. Topics: ${v.topics}. Your voting link follows separately.${link(v, false)}`
          : `${v.community}: the ${v.meetingKind} "${v.title}" meets ${v.startsAt} at ${v.place}. Topics: ${v.topics}.${link(v, false)}`,
    }),
  },
  meeting_cancelled: {
    'zh-CN': (v) => ({
      subject: `【${v.community}】${v.meetingKind}取消通知${v.title ? `：${v.title}` : ''}`,
      text: `【${v.community}】${v.startsAt ? `原定于 ${v.startsAt} 举行的` : ''}${v.meetingKind}${v.title ? `「${v.title}」` : ''}已取消${v.reason ? `，原因：${v.reason}` : ''}。${link(v, true)}`,
    }),
    en: (v) => ({
      subject: `${v.community}: the ${v.meetingKind} is cancelled`,
      text: `${v.community}: the ${v.meetingKind}${v.title ? ` "${v.title}"` : ''}${v.startsAt ? ` planned for ${v.startsAt}` : ''} is cancelled${v.reason ? ` (reason: ${v.reason})` : ''}.${link(v, false)}`,
    }),
  },
  minutes_published: {
    'zh-CN': (v) => ({
      subject: `【${v.community}】${v.meetingKind}会议纪要及决定公布`,
      text: `【${v.community}】${v.meetingKind}${v.title ? `「${v.title}」` : ''}的会议纪要及决定已公布：${v.decided} 项已形成决定，${v.notDecided} 项未形成决定。${link(v, true)}`,
    }),
    en: (v) => ({
      subject: `${v.community}: minutes and decisions published`,
      text: `${v.community}: the minutes and decisions of the ${v.meetingKind}${v.title ? ` "${v.title}"` : ''} are published: ${v.decided} decided, ${v.notDecided} without a decision.${link(v, false)}`,
    }),
  },
  proposal_threshold_staff: {
    'zh-CN': (v) => ({
      subject: `【${v.community}】议题附议已达门槛，请组织召开业主大会`,
      text: `【${v.community}】议题「${v.title}」已获 ${v.cosignCount} 户附议（门槛 ${v.cosignRequired} 户，共 ${v.cosignBase} 户）。依《物业管理条例》，业委会应组织召开业主大会临时会议，并将其列入议程。${link(v, true)}`,
    }),
    en: (v) => ({
      subject: `${v.community}: a proposal reached its co-signing threshold`,
      text: `${v.community}: the proposal "${v.title}" has ${v.cosignCount} co-signatures (threshold ${v.cosignRequired} of ${v.cosignBase} owners). Under the Property Management Regulations the committee must call an extraordinary owners' assembly and put it on the agenda.${link(v, false)}`,
    }),
  },
  proposal_threshold_owners: {
    'zh-CN': (v) => ({
      subject: `【${v.community}】您支持的议题附议已达门槛`,
      text: `【${v.community}】您提出或附议的议题「${v.title}」已获 ${v.cosignCount} 户附议，达到门槛，业委会将组织召开业主大会审议。${link(v, true)}`,
    }),
    en: (v) => ({
      subject: `${v.community}: a proposal you support reached its threshold`,
      text: `${v.community}: the proposal "${v.title}" you raised or co-signed has ${v.cosignCount} co-signatures and reached its threshold; the committee will call an owners' assembly to take it up.${link(v, false)}`,
    }),
  },
  proposal_decided: {
    'zh-CN': (v) => ({
      subject: `【${v.community}】议题表决结果：${v.outcome}`,
      text: `【${v.community}】议题「${v.title}」经${v.source}，${v.outcome}。${link(v, true)}`,
    }),
    en: (v) => ({
      subject: `${v.community}: a proposal was decided`,
      text: `${v.community}: on the proposal "${v.title}", ${v.source} ended with: ${v.outcome}.${link(v, false)}`,
    }),
  },
};
