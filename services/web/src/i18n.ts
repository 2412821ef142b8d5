import type { Refusal } from './ballots-client.ts';

/** The languages of the pages; zh-CN is the default, English by `?lang=en`. */
export type Lang = 'zh' | 'en';

export const langOf = (value: string | undefined): Lang => (value === 'en' ? 'en' : 'zh');

const zh = {
  htmlLang: 'zh-CN',
  product: '议事 · 业主表决',
  switchTo: 'English',
  yourUnits: '您的房屋',
  areaBasis: {
    registered: '（登记面积）',
    surveyed: '（实测面积）',
    contract: '（合同面积）',
  } as Record<string, string>,
  unit: (b: string, e: string, r: string) => `${b}栋${e}单元${r}室`,
  window: (from: string, to: string) => `投票时间：${from} 至 ${to}（北京时间）`,
  matter: (n: number) => `事项${n}`,
  item: (n: number) => `《民法典》第二百七十八条第一款第（${n}）项`,
  howDecided: '怎样才算通过',
  attachments: '附件',
  quorum:
    '参与表决的业主须占专有部分面积三分之二以上、且占总人数三分之二以上（双三分之二），否则不能形成决定。',
  choices: { agree: '同意', oppose: '反对', abstain: '弃权' } as Record<string, string>,
  next: '下一步：核对选择',
  chooseEach: '请对每个事项选择 同意、反对 或 弃权。',
  missing: '这个事项还没有选择。',
  secondFactor: {
    phone_last4: '登记手机号的后四位',
    id_last4: '登记身份证号的后四位',
  } as Record<string, string>,
  secondFactorHint: '为确认是您本人，请输入：',
  confirmTitle: '请核对您的选择',
  confirmLead: '投出后不能撤回。确认无误后请点击“确认投票”。',
  confirmLeadChange: '确认无误后请点击“确认投票”。截止前可以修改。',
  cast: '确认投票',
  back: '返回修改',
  receiptTitle: '投票成功',
  receiptLabel: '您的回执码',
  receiptKeep:
    '请把回执码抄在纸上或截图保存，不要告诉别人。结果公示后，可以用它核对您的票已被计入。',
  votedTitle: '您已投票',
  votedAt: (at: string) => `您于 ${at}（北京时间）投票`,
  yourChoices: '您的选择（只有您本人能看到）',
  choicesHidden:
    '本次表决需要核对手机号或证件号后四位，为保护您的选择，这里不显示您投了什么。您的票已经记录。',
  fingerprint: (f: string) =>
    `回执码只在投票成功时显示一次，请保管好您记下的回执码。校验值（由回执码算出，不是回执码本身）：${f}`,
  channel: { web: '网上投票', paper: '纸质表决票', proxy: '委托投票' } as Record<string, string>,
  notOpenTitle: '投票尚未开始',
  notOpen: (from: string) => `投票将于 ${from}（北京时间）开始。届时请再次打开此链接。`,
  closedTitle: '投票已结束',
  closed: (to: string) => `投票已于 ${to}（北京时间）截止。`,
  published:
    '计票结果将由业委会在小区公告栏张贴公示，公告上的二维码也可查看网上公示。持有回执码的业主可据此核对自己的票已被计入。',
  cancelledTitle: '本次表决已取消',
  cancelled: '业委会已取消本次表决，无需投票。如有疑问，请联系业委会。',
  errorTitle: '无法继续',
  help: '如有疑问，请联系业委会或社区网格员。',
  tryAgain: '返回投票页',
  refusals: {
    link_invalid: '这个投票链接无效。请向业委会索取新的链接。',
    credential_revoked: '这个投票链接已作废。请使用业委会重新发给您的链接。',
    ballot_not_open: '现在不在投票时间内，不能投票。',
    already_voted: '您已经投过票了，每位业主每个事项只能投一次。',
    not_in_scope: '您的房屋不在本次表决范围内。',
    second_factor_required: '请输入后四位数字，以确认是您本人。',
    second_factor_wrong: '输入的后四位不正确，请核对后重新输入。',
    second_factor_throttled: '输错次数太多。为保护您的投票，请15分钟后再试。',
    second_factor_locked: '后四位输错次数太多，这个链接已锁定。请联系业委会重新发给您投票链接。',
    unknown_matter: '选票内容有误，请刷新页面后重新选择。',
    invalid_request: '提交的内容有误，请重新选择后再提交。',
    file_not_found: '找不到这个附件，可能已被业委会撤下。请返回投票页查看。',
    unavailable: '系统暂时无法连接，您的票还没有投出。请稍后再试。',
  } satisfies Record<Refusal, string>,
};

export type Texts = typeof zh;

const en: Texts = {
  htmlLang: 'en',
  product: 'Yishi · Owners’ ballot',
  switchTo: '中文',
  yourUnits: 'Your units',
  areaBasis: {
    registered: 'registered area',
    surveyed: 'surveyed area',
    contract: 'contract area',
  },
  unit: (b, e, r) => `Building ${b}, entrance ${e}, room ${r}`,
  window: (from, to) => `Voting: ${from} to ${to} (Beijing time)`,
  matter: (n) => `Matter ${n}`,
  item: (n) => `Civil Code Art. 278, para. 1, item (${n})`,
  howDecided: 'What it takes to pass',
  attachments: 'Attachments',
  quorum:
    'Owners holding at least two thirds of the exclusive area and at least two thirds of all owners must take part (“double two-thirds”); otherwise no decision is formed.',
  choices: { agree: 'Agree', oppose: 'Oppose', abstain: 'Abstain' },
  next: 'Next: check your choices',
  chooseEach: 'Choose Agree, Oppose or Abstain for each matter.',
  missing: 'Nothing is chosen for this matter yet.',
  secondFactor: {
    phone_last4: 'Last four digits of your registered phone',
    id_last4: 'Last four digits of your registered ID number',
  },
  secondFactorHint: 'To confirm it is you, enter:',
  confirmTitle: 'Check your choices',
  confirmLead: 'A vote cannot be withdrawn. If everything is right, press “Cast my vote”.',
  confirmLeadChange:
    'If everything is right, press “Cast my vote”. You may change it before the close.',
  cast: 'Cast my vote',
  back: 'Go back and change',
  receiptTitle: 'Your vote is recorded',
  receiptLabel: 'Your receipt code',
  receiptKeep:
    'Write the receipt code down or take a screenshot, and keep it to yourself. Once the result is published you can use it to check that your vote was counted.',
  votedTitle: 'You have voted',
  votedAt: (at) => `You voted at ${at} (Beijing time)`,
  yourChoices: 'Your choices (only you can see them)',
  choicesHidden:
    'This ballot checks the last digits of your phone or ID, so to protect your vote this page does not show how you voted. Your ballot is recorded.',
  fingerprint: (f) =>
    `The receipt code is shown once, right after voting; keep the one you wrote down. Check value (derived from the receipt code, not the code itself): ${f}`,
  channel: { web: 'online', paper: 'paper ballot', proxy: 'by proxy' },
  notOpenTitle: 'Voting has not started yet',
  notOpen: (from) => `Voting opens at ${from} (Beijing time). Open this link again then.`,
  closedTitle: 'Voting has closed',
  closed: (to) => `Voting closed at ${to} (Beijing time).`,
  published:
    'The committee will post the result on the estate’s notice board; its QR code leads to the result online. With your receipt code you can check that your vote was counted.',
  cancelledTitle: 'This ballot was cancelled',
  cancelled:
    'The committee cancelled this ballot; there is nothing to vote on. Ask the committee if in doubt.',
  errorTitle: 'Cannot continue',
  help: 'Questions? Ask the owners’ committee or your grid worker.',
  tryAgain: 'Back to the ballot',
  refusals: {
    link_invalid: 'This voting link is not valid. Ask the committee for a new one.',
    credential_revoked: 'This voting link was cancelled. Use the new link the committee sent you.',
    ballot_not_open: 'Voting is not open now.',
    already_voted: 'You have already voted; each owner votes once on each matter.',
    not_in_scope: 'Your unit is not part of this ballot.',
    second_factor_required: 'Enter the last four digits to confirm it is you.',
    second_factor_wrong: 'Those four digits do not match. Check them and try again.',
    second_factor_throttled: 'Too many wrong tries. To protect your vote, try again in 15 minutes.',
    second_factor_locked:
      'Too many wrong tries: this link is now locked. Ask the committee to send you a new voting link.',
    unknown_matter: 'The ballot was not filled in correctly. Reload the page and choose again.',
    invalid_request: 'Something in the form was not right. Choose again and resend.',
    file_not_found:
      'This attachment cannot be found; the committee may have removed it. Go back to the ballot.',
    unavailable: 'The system cannot be reached right now; your vote was not cast. Try again later.',
  },
};

export const texts: Record<Lang, Texts> = { zh, en };

const formatters: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
};

/** An instant as people in China read it: a day and time in Asia/Shanghai. */
export const formatInstant = (iso: string, lang: Lang) => formatters[lang].format(new Date(iso));
