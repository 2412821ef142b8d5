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
    not_published: '这次表决的结果还没有公示，或者这个地址不对。',
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
    not_published: 'The result of this ballot is not published yet, or this address is wrong.',
    unavailable: 'The system cannot be reached right now; your vote was not cast. Try again later.',
  },
};

export const texts: Record<Lang, Texts> = { zh, en };

const pct = (p: string | null) => (p === null ? '' : `（${p}%）`);
const pctEn = (p: string | null) => (p === null ? '' : ` (${p}%)`);

/** The public result page (公示) and its receipt check. */
const resultZh = {
  product: '议事 · 表决结果公示',
  title: (t: string) => `表决结果公示：${t}`,
  window: (from: string, to: string) => `公示期：${from} 至 ${to}（北京时间）`,
  closedAt: (at: string) => `投票于 ${at}（北京时间）截止`,
  decision: { formed: '已形成决定', not_formed: '未形成决定' } as Record<string, string>,
  decisionWhy: {
    formed: '参与人数和面积都达到了双三分之二，同意的面积和人数也都达到了法定比例。',
    quorum: '参与表决的面积或人数没有达到三分之二，因此不能形成决定（这不等于“否决”）。',
    approval:
      '参与人数达到了要求，但同意的面积或人数没有达到法定比例，因此没有形成决定（这不等于“否决”）。',
  },
  threshold: {
    majority: '须经参与表决的专有部分面积过半数、且参与表决人数过半数的业主同意。',
    three_quarters:
      '须经参与表决的专有部分面积四分之三以上、且参与表决人数四分之三以上的业主同意。',
  } as Record<string, string>,
  quorumRule: '参与表决的业主须占专有部分面积三分之二以上、且占总人数三分之二以上。',
  figures: '计票数字',
  participating: '参与表决',
  agree: '同意',
  others: '其中反对、弃权、废票',
  area: (n: string, d: string, p: string | null) => `面积 ${n} / ${d} m²${pct(p)}`,
  heads: (n: string, d: string, p: string | null) => `人数 ${n} / ${d} 人${pct(p)}`,
  othersLine: (o: string, oh: number, a: string, ah: number, i: string, ih: number) =>
    `反对 ${o} m²、${oh} 人；弃权 ${a} m²、${ah} 人；废票 ${i} m²、${ih} 人`,
  againstTotal: '（占全体业主）',
  againstParticipants: '（占参与表决的业主）',
  quorumMet: (met: boolean): string =>
    met ? '参与人数和面积：达到双三分之二' : '参与人数和面积：未达到双三分之二',
  approvalMet: (met: boolean): string => (met ? '同意比例：达到' : '同意比例：未达到'),
  noResult: '这个事项没有计票结果。',
  policy: '计票规则',
  multiUnit: {
    owner_ballot: '一位业主有多套房屋的，投一票，计入其名下全部房屋的面积，人数按一人计。',
    unit_split: '一位业主有多套房屋的，按每套房屋分别计票。',
  } as Record<string, string>,
  invalid: (participates: boolean): string =>
    participates ? '废票计入参与表决，但不计入同意。' : '废票不计入参与表决，也不计入同意。',
  deemed: {
    none: '未投票的业主不计入参与表决，也不视为同意。',
    majority: '未投票且已送达通知的业主，按多数意见计入（从众）。',
  } as Record<string, string>,
  proof: '核对数据',
  snapshotHash: '业主名册快照校验值',
  voteDigest: '全部选票校验值',
  auditHead: '操作记录校验值',
  units: '各户表决情况',
  unitsNamed:
    '本次表决为记名表决，公示每套房屋的选择。只公示房号和面积，不公示姓名、电话或证件号。',
  unitsSecret: '本次表决为不记名表决，只公示参与表决的房屋范围和面积，不公示每户的选择。',
  building: (b: string, n: number) => `${b}栋（${n}户）`,
  room: (e: string, r: string) => `${e}单元${r}室`,
  roomCol: '房号',
  areaCol: '面积（m²）',
  choiceCol: '选择',
  notVoted: '未投票',
  matterShort: (n: number) => `事项${n}`,
  receiptTitle: '核对我的票',
  receiptLead: '输入投票成功时得到的回执码（如 ABCD-EFGH-JKMN-PQRS），可以核对您的票是否已被计入。',
  receiptLabel: '回执码',
  receiptCheck: '核对',
  receiptBad: '回执码的格式不对。回执码是16位字母和数字，每4位用短横线隔开。',
  receipt: {
    counted: (n: number) => `这张回执码对应的票已被计入结果（${n}个事项）。`,
    recorded: (n: number) => `这张回执码对应的票已经记录（${n}个事项），投票截止后计入结果。`,
    superseded:
      '这张回执码对应的票后来被本人修改过，计入的是修改后的那一票。请用修改后得到的回执码核对。',
    unknown: '找不到这张回执码。请核对是否抄写有误；如确认无误，请在公示期内向业委会提出异议。',
  },
  notYetTitle: '结果尚未公示',
  notYet: (from: string) => `本次表决的结果将于 ${from}（北京时间）起公示，届时请再次打开此页面。`,
  pendingTitle: '投票已截止，结果待公示',
  pending: (closedAt: string) =>
    `本次表决已于 ${closedAt}（北京时间）截止。业委会正在核定结果，核定后将公示各项数据。`,
  pendingDue: (by: string) => `按规定，结果应于 ${by}（北京时间）前公示。`,
  notFoundTitle: '没有找到公示',
  notFound:
    '这次表决的结果还没有公示，或者这个地址不对。结果公示后，业委会会在小区公告栏张贴，公告上的二维码可打开本页。',
  help: '如有疑问，请联系业委会或社区网格员。',
  unavailable: '系统暂时无法连接，请稍后再试。',
};

export type ResultTexts = typeof resultZh;

const resultEn: ResultTexts = {
  product: 'Yishi · Published result',
  title: (t) => `Result: ${t}`,
  window: (from, to) => `Published from ${from} to ${to} (Beijing time)`,
  closedAt: (at) => `Voting closed at ${at} (Beijing time)`,
  decision: { formed: 'A decision was formed', not_formed: 'No decision was formed' },
  decisionWhy: {
    formed:
      'Both two-thirds participation thresholds were met, and agreement reached the required share of area and owners.',
    quorum:
      'Fewer than two thirds of the area or of the owners took part, so no decision could be formed (this is not a rejection).',
    approval:
      'Enough owners took part, but agreement did not reach the required share of area or owners, so no decision was formed (this is not a rejection).',
  },
  threshold: {
    majority:
      'Needs the agreement of more than half of the participating area and more than half of the participating owners.',
    three_quarters:
      'Needs the agreement of at least three quarters of the participating area and three quarters of the participating owners.',
  },
  quorumRule:
    'Owners holding at least two thirds of the exclusive area and at least two thirds of all owners must take part.',
  figures: 'Figures',
  participating: 'Took part',
  agree: 'Agreed',
  others: 'Opposed, abstained, invalid',
  area: (n, d, p) => `Area ${n} / ${d} m²${pctEn(p)}`,
  heads: (n, d, p) => `Owners ${n} / ${d}${pctEn(p)}`,
  othersLine: (o, oh, a, ah, i, ih) =>
    `Opposed ${o} m², ${oh} owners; abstained ${a} m², ${ah}; invalid ${i} m², ${ih}`,
  againstTotal: ' (of all owners)',
  againstParticipants: ' (of those who took part)',
  quorumMet: (met) =>
    met ? 'Participation: two thirds reached' : 'Participation: two thirds not reached',
  approvalMet: (met) => (met ? 'Agreement: reached' : 'Agreement: not reached'),
  noResult: 'There is no count for this matter.',
  policy: 'Counting rules',
  multiUnit: {
    owner_ballot:
      'An owner of several units casts one ballot; it counts for the area of all their units and as one owner.',
    unit_split: 'An owner of several units votes for each unit separately.',
  },
  invalid: (participates) =>
    participates
      ? 'Invalid ballots count as taking part, never as agreeing.'
      : 'Invalid ballots count neither as taking part nor as agreeing.',
  deemed: {
    none: 'Owners who did not vote neither take part nor agree.',
    majority: 'Owners who did not vote but were served the notice follow the majority.',
  },
  proof: 'Check values',
  snapshotHash: 'Owner roll snapshot hash',
  voteDigest: 'Digest of all ballots',
  auditHead: 'Audit log head',
  units: 'Units',
  unitsNamed:
    'This was a named ballot: the choice of each unit is published. Only unit numbers and areas are shown, never names, phones or ID numbers.',
  unitsSecret: 'This was a secret ballot: the units and areas are published, not how anyone voted.',
  building: (b, n) => `Building ${b} (${n} units)`,
  room: (e, r) => `Entrance ${e}, room ${r}`,
  roomCol: 'Unit',
  areaCol: 'Area (m²)',
  choiceCol: 'Choice',
  notVoted: 'Did not vote',
  matterShort: (n) => `Matter ${n}`,
  receiptTitle: 'Check my vote',
  receiptLead:
    'Enter the receipt code you got when you voted (like ABCD-EFGH-JKMN-PQRS) to check that your vote was counted.',
  receiptLabel: 'Receipt code',
  receiptCheck: 'Check',
  receiptBad:
    'That is not a receipt code. A receipt code has 16 letters and digits in groups of four.',
  receipt: {
    counted: (n) => `The vote behind this receipt code is counted in the result (${n} matters).`,
    recorded: (n) =>
      `The vote behind this receipt code is recorded (${n} matters) and will be counted at the close.`,
    superseded:
      'The vote behind this receipt code was later changed by its owner; the changed vote is counted. Check with the newer receipt code.',
    unknown:
      'This receipt code is not known. Check that you copied it right; if it is right, raise an objection with the committee during the publication.',
  },
  notYetTitle: 'The result is not published yet',
  notYet: (from) =>
    `The result will be published from ${from} (Beijing time). Open this page again then.`,
  pendingTitle: 'Voting has closed; the result is pending',
  pending: (closedAt) =>
    `Voting closed at ${closedAt} (Beijing time). The committee is certifying the result; its figures will be published then.`,
  pendingDue: (by) => `By the rules, the result is due to be published by ${by} (Beijing time).`,
  notFoundTitle: 'No published result here',
  notFound:
    'The result of this ballot is not published yet, or this address is wrong. Once published, the committee posts it on the notice board; its QR code opens this page.',
  help: 'Questions? Ask the owners’ committee or your grid worker.',
  unavailable: 'The system cannot be reached right now. Try again later.',
};

export const resultTexts: Record<Lang, ResultTexts> = { zh: resultZh, en: resultEn };

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
