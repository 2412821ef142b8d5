import { AppError, type ErrorCode } from '@yishi/errors';

/**
 * Why an owner's (or a paper) ballot was refused. `reason` is the stable machine code in the
 * error's details; the AppError code only decides the HTTP status.
 */
const refusals = {
  link_invalid: {
    code: 'not_found',
    zh: '投票链接无效，请向业委会索取新的链接',
    en: 'This voting link is not valid; ask the committee for a new one',
  },
  credential_revoked: {
    code: 'forbidden',
    zh: '该投票链接已作废，请使用业委会重新发放的链接',
    en: 'This voting link was revoked; use the new link the committee issued',
  },
  ballot_not_open: {
    code: 'precondition_failed',
    zh: '表决不在投票期内，现在不能投票',
    en: 'The ballot is not open for voting now',
  },
  already_voted: {
    code: 'already_exists',
    zh: '您已投过票，每位业主对每个事项只能投一次',
    en: 'You have already voted; each owner votes once on each matter',
  },
  not_in_scope: {
    code: 'forbidden',
    zh: '该房屋或业主不在本次表决范围内',
    en: 'This unit or owner is not in this ballot’s electorate',
  },
  second_factor_required: {
    code: 'validation_failed',
    zh: '请输入登记手机号或身份证号的后四位',
    en: 'Enter the last four digits of your registered phone or ID number',
  },
  second_factor_wrong: {
    code: 'forbidden',
    zh: '后四位不正确',
    en: 'The last four digits do not match',
  },
  second_factor_throttled: {
    code: 'rate_limited',
    zh: '尝试次数过多，请15分钟后再试',
    en: 'Too many attempts; try again in 15 minutes',
  },
  second_factor_locked: {
    code: 'forbidden',
    zh: '后四位输错次数过多，此链接已锁定，请联系业委会重新发放投票链接',
    en: 'Too many wrong attempts: this link is locked; ask the committee for a new voting link',
  },
  unknown_matter: {
    code: 'validation_failed',
    zh: '选票中包含不属于本次表决的事项',
    en: 'The ballot names a matter that is not part of this ballot',
  },
  result_published: {
    code: 'precondition_failed',
    zh: '结果已公示，不能再更改',
    en: 'The result is published; nothing can change any more',
  },
  collected_outside_window: {
    code: 'precondition_failed',
    zh: '纸质票的收集时间须在投票期内（不晚于截止时间），且不能晚于现在',
    en: 'A paper ballot must have been collected during voting (not after the close) and not in the future',
  },
  served_outside_window: {
    code: 'precondition_failed',
    zh: '送达时间不能晚于表决截止时间，也不能晚于现在',
    en: 'A notice must have been served before the close and not in the future',
  },
  conflict_exists: {
    code: 'conflict',
    zh: '该业主已投票；纸质票未计入，已生成冲突记录待人工处理',
    en: 'This owner has already voted; the paper ballot was not applied and a conflict was recorded for a person to resolve',
  },
} as const satisfies Record<string, { code: ErrorCode; zh: string; en: string }>;

export type RefusalReason = keyof typeof refusals;

/** An AppError for a refused ballot, with `details.reason` naming why. */
export function refusal(reason: RefusalReason, details: Record<string, unknown> = {}): AppError {
  const { code, zh, en } = refusals[reason];
  return new AppError(code, { message: { zh, en }, details: { reason, ...details } });
}
