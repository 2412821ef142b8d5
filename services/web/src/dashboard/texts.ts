import type { OutreachOutcome } from '../ballots-staff-client.ts';
import type { Lang } from '../i18n.ts';

/** Participation bands of the map of buildings; each has a word, never colour alone. */
export const bands = ['met', 'half', 'quarter', 'low'] as const;
export type Band = (typeof bands)[number];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const zh = {
  product: '议事 · 投票进度',
  title: (t: string) => `投票进度：${t}`,
  status: {
    open: '投票中',
    extended: '投票中（已延期）',
    closed: '投票已截止',
    published: '结果公示中',
    cancelled: '已取消',
  } as Record<string, string>,
  closesAt: (at: string) => `截止时间：${at}（北京时间）`,
  timeLeft: (seconds: number): string => {
    if (seconds <= 0) return '投票已截止';
    const d = Math.floor(seconds / 86_400);
    const h = Math.floor((seconds % 86_400) / 3_600);
    const m = Math.floor((seconds % 3_600) / 60);
    if (d > 0) return `距截止还有 ${d} 天 ${h} 小时`;
    if (h > 0) return `距截止还有 ${h} 小时 ${m} 分`;
    return `距截止还有 ${Math.max(m, 1)} 分钟`;
  },
  updatedAt: (at: string) => `数据更新于 ${at}`,
  live: '实时更新中：有人投票后一两秒内自动刷新',
  reconnecting: '连接中断，正在重新连接……',
  noScript: '本页每 30 秒自动刷新一次。',
  refresh: '立即刷新',
  matter: (n: number, title: string) => `事项${n}：${title}`,
  participating: '参与表决（须达到三分之二）',
  area: (n: string, d: string, p: string | null) =>
    `面积 ${n} / ${d} m²${p === null ? '' : `（${p}%）`}`,
  heads: (n: number | string, d: number | string, p: string | null): string =>
    `人数 ${n} / ${d} 人${p === null ? '' : `（${p}%）`}`,
  ofHeads: (n: number, d: number, p: string | null) => `${n}/${d} 人（${p ?? '0.00'}%）`,
  ofArea: (n: string, d: string, p: string | null) => `${n}/${d} m²（${p ?? '0.00'}%）`,
  quorumMet: '已达到双三分之二',
  needParts: (heads: number, area: string): string[] =>
    [heads > 0 ? `${heads} 户` : null, area !== '0.00' ? `${area} m²` : null].filter(
      (part): part is string => part !== null,
    ),
  need: (heads: number, area: string): string => zh.needParts(heads, area).join(' / '),
  shortfall: (need: string) => `还差 ${need}`,
  matterShort: (n: number) => `事项${n}`,
  agree: {
    majority: '同意（占参与表决的，须过半数）',
    three_quarters: '同意（占参与表决的，须达四分之三）',
  },
  approvalMet: (met: boolean): string => (met ? '同意已达到法定比例' : '同意尚未达到法定比例'),
  agreeHidden: '不记名表决：投票结束前不显示同意的票数。',
  buildings: '各楼栋参与情况',
  buildingsMatter: '楼栋数据按事项：',
  tableCaption: '按缺口排序，还差户数最多的楼栋在前；点楼栋查看未投票名单',
  col: { building: '楼栋', taking: '参与（人数 / 面积）', need: '还差' },
  building: (b: string) => `${b}栋`,
  /** On a map tile, a third of a phone's width. */
  tileName: (b: string) => `${b}栋`,
  met: '已达到',
  nonVotersLink: (b: string) => `${b}栋未投票名单`,
  map: '楼栋分布图',
  mapLead: '颜色和文字都表示参与率（面积和人数中较低的一项）。点楼栋查看未投票名单。',
  band: {
    met: '已达到三分之二',
    half: '过半，未达三分之二',
    quarter: '四分之一至一半',
    low: '不足四分之一',
  } satisfies Record<Band, string>,
  bandShort: { met: '✓ 已达到', half: '过半', quarter: '偏低', low: '很低' } satisfies Record<
    Band,
    string
  >,
  noBuildings: '您负责的范围内没有楼栋。',
  tilePercent: (p: string) => `${p}%`,
  // The building page: owners who have not voted, and the outreach log.
  nonVotersTitle: (b: string) => `${b}栋：未投票业主`,
  nonVotersLead:
    '按单元、楼层、房号排列，方便逐户走访。走访后点一下结果即可记录；备注可不填，请勿填写手机号或身份证号。',
  unit: (e: string, r: string) => `${e}单元 ${r}室`,
  floor: (f: number) => `${f}层`,
  areaOf: (a: string) => `${a} m²`,
  phone: (p: string) => `电话 ${p}`,
  noPhone: '无登记电话',
  lastVisit: (o: string, at: string) => `上次走访：${o}（${at}）`,
  notVisited: '尚未走访',
  note: '备注（可不填）',
  outcome: {
    visited: '已上门',
    not_home: '不在家',
    refused: '拒绝投票',
    will_vote_online: '将网上投票',
    paper_collected: '已收纸质票',
  } satisfies Record<OutreachOutcome, string>,
  recordFor: (unit: string) => `记录走访结果：${unit}`,
  recorded: (unit: string, outcome: string) => `已记录：${unit}，${outcome}`,
  allVoted: '这栋楼的业主都已投票。',
  more: '下一页',
  back: '返回投票进度',
  ballotPage: '表决管理页',
  // Refusals.
  errorTitle: '无法显示',
  forbidden: '您没有查看这次表决进度的权限。',
  notFound: '没有找到这次表决或这栋楼，或者它不在您负责的范围内。',
  notOpened: '这次表决还没有开始投票，暂时没有进度。',
  closedOutreach: '投票已截止，不再记录走访。',
  invalid: '提交的内容有误，请重新填写。',
  unavailable: '系统暂时无法连接，请稍后刷新。',
};

export type DashboardTexts = typeof zh;

const en: DashboardTexts = {
  product: 'Yishi · Voting progress',
  title: (t) => `Progress: ${t}`,
  status: {
    open: 'Voting open',
    extended: 'Voting open (extended)',
    closed: 'Voting closed',
    published: 'Result published',
    cancelled: 'Cancelled',
  },
  closesAt: (at) => `Closes ${at} (Beijing time)`,
  timeLeft: (seconds) => {
    if (seconds <= 0) return 'Voting has closed';
    const d = Math.floor(seconds / 86_400);
    const h = Math.floor((seconds % 86_400) / 3_600);
    const m = Math.floor((seconds % 3_600) / 60);
    if (d > 0) return `Closes in ${plural(d, 'day', 'days')} ${plural(h, 'hour', 'hours')}`;
    if (h > 0) return `Closes in ${plural(h, 'hour', 'hours')} ${plural(m, 'minute', 'minutes')}`;
    return `Closes in ${plural(Math.max(m, 1), 'minute', 'minutes')}`;
  },
  updatedAt: (at) => `Figures as of ${at}`,
  live: 'Live: updates within a second or two of each vote',
  reconnecting: 'Connection lost, reconnecting…',
  noScript: 'This page reloads every 30 seconds.',
  refresh: 'Refresh now',
  matter: (n, title) => `Matter ${n}: ${title}`,
  participating: 'Taking part (two thirds needed)',
  area: (n, d, p) => `Area ${n} / ${d} m²${p === null ? '' : ` (${p}%)`}`,
  heads: (n, d, p) => `Owners ${n} / ${d}${p === null ? '' : ` (${p}%)`}`,
  ofHeads: (n, d, p) => `${n}/${d} (${p ?? '0.00'}%)`,
  ofArea: (n, d, p) => `${n}/${d} m² (${p ?? '0.00'}%)`,
  quorumMet: 'Two thirds reached on both counts',
  needParts: (heads, area) =>
    [
      heads > 0 ? plural(heads, 'owner', 'owners') : null,
      area !== '0.00' ? `${area} m²` : null,
    ].filter((part): part is string => part !== null),
  need: (heads, area) => en.needParts(heads, area).join(' / '),
  shortfall: (need) => `Still needed: ${need}`,
  matterShort: (n) => `Matter ${n}`,
  agree: {
    majority: 'Agreeing, of those taking part (more than half needed)',
    three_quarters: 'Agreeing, of those taking part (three quarters needed)',
  },
  approvalMet: (met) => (met ? 'Agreement reaches the threshold' : 'Agreement below the threshold'),
  agreeHidden: 'Secret ballot: agreement is not shown until voting closes.',
  buildings: 'Buildings',
  buildingsMatter: 'Building figures for:',
  tableCaption:
    'Sorted by shortfall, the building missing the most owners first; tap a building for its owners not voted',
  col: { building: 'Building', taking: 'Taking part (owners / area)', need: 'Still needed' },
  building: (b) => `Building ${b}`,
  tileName: (b) => `Bldg ${b}`,
  met: 'Reached',
  nonVotersLink: (b) => `Building ${b}: owners not voted`,
  map: 'Map of buildings',
  mapLead:
    'Colour and words both show participation (the lower of area and owners). Tap a building for its list of owners not voted.',
  band: {
    met: 'Two thirds reached',
    half: 'Over half, below two thirds',
    quarter: 'A quarter to a half',
    low: 'Below a quarter',
  },
  bandShort: { met: '✓ Reached', half: 'Over half', quarter: 'Low', low: 'Very low' },
  noBuildings: 'There are no buildings in your area.',
  tilePercent: (p) => `${p}%`,
  nonVotersTitle: (b) => `Building ${b}: owners not voted`,
  nonVotersLead:
    'In walking order: entrance, floor, room. After a visit, tap its outcome to log it; the note is optional — never write phone or ID numbers in it.',
  unit: (e, r) => `Entrance ${e}, room ${r}`,
  floor: (f) => `floor ${f}`,
  areaOf: (a) => `${a} m²`,
  phone: (p) => `Phone ${p}`,
  noPhone: 'No phone on record',
  lastVisit: (o, at) => `Last visit: ${o} (${at})`,
  notVisited: 'Not visited yet',
  note: 'Note (optional)',
  outcome: {
    visited: 'Visited',
    not_home: 'Not at home',
    refused: 'Refused',
    will_vote_online: 'Will vote online',
    paper_collected: 'Paper ballot collected',
  },
  recordFor: (unit) => `Log a visit: ${unit}`,
  recorded: (unit, outcome) => `Logged: ${unit}, ${outcome}`,
  allVoted: 'Every owner of this building has voted.',
  more: 'Next page',
  back: 'Back to the progress',
  ballotPage: 'Manage this ballot',
  errorTitle: 'Cannot show this',
  forbidden: 'You may not see the progress of this ballot.',
  notFound: 'This ballot or building cannot be found, or it is outside your area.',
  notOpened: 'Voting on this ballot has not started; there is no progress yet.',
  closedOutreach: 'Voting has closed; visits are no longer logged.',
  invalid: 'Something in the form was not right. Fill it in again.',
  unavailable: 'The system cannot be reached right now. Refresh in a moment.',
};

export const dashboardTexts: Record<Lang, DashboardTexts> = { zh, en };

const clock: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }),
};

/** A time of day in Asia/Shanghai, to the second: when the figures were computed. */
export const formatClock = (iso: string, lang: Lang) => clock[lang].format(new Date(iso));
