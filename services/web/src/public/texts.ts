/** The words of the public pages of a meeting and a proposal (`/m/{id}`, `/p/{id}`). */
import type { Lang } from '../i18n.ts';

const zh = {
  publicNote: '这是公开页面，可以转发给邻居，页面上没有任何业主的个人信息。',
  meetingPersonal:
    '业主签到、查看自己的房屋，请打开业委会通过短信、微信或纸质通知发给您的个人链接（业主主页）。',
  meetingPersonalAfter:
    '查看自己的房屋和签到记录，请打开业委会通过短信、微信或纸质通知发给您的个人链接（业主主页）。',
  proposalPersonal:
    '要附议或发表意见，请打开业委会通过短信、微信或纸质通知发给您的个人链接（业主主页），在那里找到这项提议。',
  proposalPersonalAfter:
    '要发表意见，请打开业委会通过短信、微信或纸质通知发给您的个人链接（业主主页），在那里找到这项提议。',
  attachments: (n: number) => `这项提议有 ${n} 个附件，业主可以通过个人链接查看。`,
  attendance: '到会情况',
  attendees: (n: number, proxies: number, area: string) =>
    `到会 ${n} 户${proxies > 0 ? `（其中委托代理 ${proxies} 户）` : ''}，专有部分面积 ${area} m²`,
  attendeesOfAll: (heads: number, area: string) => `全体业主 ${heads} 户，总面积 ${area} m²`,
  comments: (n: number) => (n === 0 ? '还没有业主发言。' : `已有 ${n} 条业主发言。`),
  decisionPending: '表决已经结束，结果公示后会在这里显示。',
  meeting: '查看会议通知',
  ledgerPrint: '打印资金收支公示（A4）',
  photos: (n: number) => `现场照片 ${n}`,
  notFoundTitle: '没有找到',
  meetingNotFound: '没有找到这次会议。可能地址不完整，或者会议还没有发布通知。',
  proposalNotFound: '没有找到这项提议。可能地址不完整，或者提议还没有公开。',
  unavailableTitle: '暂时打不开',
  unavailable: '系统暂时无法连接，请稍后再打开这个页面。',
};

export type PublicTexts = typeof zh;

const en: PublicTexts = {
  publicNote:
    'This page is public and may be forwarded to neighbours: it shows nothing personal about any owner.',
  meetingPersonal:
    'To sign in or see your own units, open the personal link (your owner page) the committee sent you by SMS, WeChat or on paper.',
  meetingPersonalAfter:
    'To see your own units and sign-ins, open the personal link (your owner page) the committee sent you by SMS, WeChat or on paper.',
  proposalPersonal:
    'To co-sign or comment, open the personal link (your owner page) the committee sent you by SMS, WeChat or on paper and find this proposal there.',
  proposalPersonalAfter:
    'To comment, open the personal link (your owner page) the committee sent you by SMS, WeChat or on paper and find this proposal there.',
  attachments: (n) =>
    `This proposal has ${n} attachment${n === 1 ? '' : 's'}; owners can open ${n === 1 ? 'it' : 'them'} through their personal link.`,
  attendance: 'Attendance',
  attendees: (n, proxies, area) =>
    `${n} owners attended${proxies > 0 ? ` (${proxies} by proxy)` : ''}, holding ${area} m²`,
  attendeesOfAll: (heads, area) => `of ${heads} owners holding ${area} m² in all`,
  comments: (n) =>
    n === 0 ? 'No owner has commented yet.' : `${n} comment${n === 1 ? '' : 's'} by owners.`,
  decisionPending: 'Voting has ended; the result appears here once it is published.',
  meeting: 'See the meeting notice',
  ledgerPrint: 'Print the fund statement (A4)',
  photos: (n) => `Photo ${n}`,
  notFoundTitle: 'Not found',
  meetingNotFound:
    'No such meeting. The address may be incomplete, or the meeting has not been announced.',
  proposalNotFound:
    'No such proposal. The address may be incomplete, or the proposal is not public yet.',
  unavailableTitle: 'Not available right now',
  unavailable: 'The system cannot be reached right now. Please open this page again later.',
};

export const publicTexts: Record<Lang, PublicTexts> = { zh, en };
