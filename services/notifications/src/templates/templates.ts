import type { MessageKind } from '../db/schema/deliveries.ts';
import { civicTemplates, civicValues } from './civic.ts';
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
  /** Staff alerts: the estate's participation, JSON of {@link Participation}. */
  progress?: string;
  /** Staff alerts: the buildings shown, JSON of {@link BuildingLine}[], furthest behind first. */
  buildings?: string;
  /** Staff alerts: `grid` for a grid worker's own buildings, `all` for every building. */
  scope?: string;
  /** The summary's Asia/Shanghai day, `YYYY-MM-DD`. */
  day?: string;
  /** Meetings and proposals: the meeting's or proposal's title. */
  title?: string;
  /** `owners_assembly`, `committee` or `deliberation`. */
  meetingKind?: string;
  /** `in_person` or `in_writing`. */
  form?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  /** The agenda's titles, JSON of string[], in order. */
  topics?: string;
  /** Why a meeting was cancelled. */
  reason?: string;
  /** The public page of the meeting or proposal on the web. */
  pageLink?: string;
  /** Minutes: how many items were decided / not decided. */
  decided?: string;
  notDecided?: string;
  /** A proposal's decision: `decided` (已形成决定) or `not_decided` (未形成决定), and its source. */
  outcome?: string;
  source?: string;
  cosignCount?: string;
  cosignRequired?: string;
  cosignBase?: string;
}

interface Figures {
  area: string;
  headcount: number;
}

/** Participation against two thirds, as ballots computes it. */
export interface Participation {
  participating: Figures;
  total: Figures;
  shortfall: Figures;
}

export interface BuildingLine extends Participation {
  building: string;
}

type Template = (p: BallotValues) => { subject: string; text: string };

type BallotKind = Exclude<MessageKind, keyof typeof civicTemplates>;

const templates: Record<BallotKind, Record<Locale, Template>> = {
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
      text: `【${p.community}】表决的参与面积与人数均已达到三分之二${p.progress ? `（${p.progress}）` : ''}，表决将于 ${p.closesAt} 截止。`,
    }),
    en: (p) => ({
      subject: `${p.community}: quorum reached`,
      text: `${p.community}: participation has reached two thirds of the area and of the owners${p.progress ? ` (${p.progress})` : ''}; the vote closes ${p.closesAt}.`,
    }),
  },
  quorum_at_risk: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】表决参与不足，请关注`,
      text: `【${p.community}】表决将于 ${p.closesAt} 截止（约剩 ${p.hoursLeft} 小时），参与仍未达到三分之二${p.progress ? `：${p.progress}` : ''}。${p.buildings}请安排走访未投票业主。`,
    }),
    en: (p) => ({
      subject: `${p.community}: quorum at risk`,
      text: `${p.community}: the vote closes ${p.closesAt} (about ${p.hoursLeft} hours left) and participation is still short of two thirds${p.progress ? `: ${p.progress}` : ''}. ${p.buildings}Please visit owners who have not voted.`,
    }),
  },
  progress_summary: {
    'zh-CN': (p) => ({
      subject: `【${p.community}】表决进度日报 ${p.day}`,
      text: `【${p.community}】${p.day} 表决进度：${p.progress}。${p.buildings}表决将于 ${p.closesAt} 截止。`,
    }),
    en: (p) => ({
      subject: `${p.community}: daily vote progress ${p.day}`,
      text: `${p.community}, vote progress on ${p.day}: ${p.progress}. ${p.buildings}The vote closes ${p.closesAt}.`,
    }),
  },
};

const parseJson = <T>(text: string | undefined): T | undefined => {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
};

const met = (p: Participation) => p.shortfall.headcount === 0 && Number(p.shortfall.area) === 0;

/** `已参与 3/9 人、310.00/750.00 ㎡，还差 3 人、190.00 ㎡`. */
function progressText(p: Participation, locale: Locale): string {
  const { participating: part, total, shortfall } = p;
  if (locale === 'en') {
    const done = `${part.headcount} of ${total.headcount} owners and ${part.area} of ${total.area} m² took part`;
    return met(p)
      ? `${done}, two thirds reached`
      : `${done}, short by ${shortfall.headcount} owners and ${shortfall.area} m²`;
  }
  const done = `已参与 ${part.headcount}/${total.headcount} 人、${part.area}/${total.area} ㎡`;
  return met(p)
    ? `${done}，已达三分之二`
    : `${done}，还差 ${shortfall.headcount} 人、${shortfall.area} ㎡`;
}

/** The building lines with their heading, or '' when there are none. */
function buildingsText(lines: BuildingLine[] | undefined, scope: string, locale: Locale): string {
  if (!lines || lines.length === 0) return '';
  if (locale === 'en') {
    const heading = scope === 'grid' ? 'Your buildings' : 'By building, furthest behind first';
    const body = lines
      .map(
        (b) =>
          `${b.building}: ${b.participating.headcount}/${b.total.headcount} owners${met(b) ? ', two thirds reached' : `, short by ${b.shortfall.headcount} owners and ${b.shortfall.area} m²`}`,
      )
      .join('; ');
    return `${heading}: ${body}. `;
  }
  const heading = scope === 'grid' ? '您负责的楼栋' : '各楼栋（差距大者在前）';
  const body = lines
    .map(
      (b) =>
        `${b.building}：${b.participating.headcount}/${b.total.headcount} 人${met(b) ? '，已达三分之二' : `，还差 ${b.shortfall.headcount} 人、${b.shortfall.area} ㎡`}`,
    )
    .join('；');
  return `${heading}：${body}。`;
}

interface BallotValues {
  community: string;
  link: string;
  closesAt: string;
  resultLink: string;
  publishedUntil: string;
  hoursLeft: string;
  progress: string;
  buildings: string;
  scope: string;
  day: string;
}

/** Only the values of parameters that were stored: what providers' approved templates receive. */
const usedOf = (values: object, stored: TemplateParams) =>
  Object.fromEntries(
    Object.entries(values).filter(
      ([key]) => (stored as Record<string, unknown>)[key] !== undefined,
    ),
  ) as Record<string, string>;

const isCivic = (kind: MessageKind): kind is keyof typeof civicTemplates =>
  Object.hasOwn(civicTemplates, kind);

/** Renders one message; instants are shown in Asia/Shanghai. */
export function render(kind: MessageKind, locale: Locale, stored: TemplateParams): Rendered {
  const community = stored.community ?? (locale === 'en' ? 'Your community' : '本小区');
  if (isCivic(kind)) {
    const values = civicValues(stored, locale, community);
    const { subject, text } = civicTemplates[kind][locale](values, stored);
    return { subject, text, params: usedOf(values, stored) };
  }
  const params: BallotValues = {
    community,
    link: stored.link ?? '',
    closesAt: stored.closesAt ? shanghaiTime(stored.closesAt, locale) : '',
    resultLink: stored.resultLink ?? '',
    publishedUntil: stored.publishedUntil ? shanghaiTime(stored.publishedUntil, locale) : '',
    hoursLeft: stored.hoursLeft ?? '',
    progress: (() => {
      const progress = parseJson<Participation>(stored.progress);
      return progress ? progressText(progress, locale) : '';
    })(),
    buildings: buildingsText(
      parseJson<BuildingLine[]>(stored.buildings),
      stored.scope ?? 'all',
      locale,
    ),
    scope: stored.scope ?? '',
    day: stored.day ?? '',
  };
  const { subject, text } = templates[kind][locale](params);
  return { subject, text, params: usedOf(params, stored) };
}
