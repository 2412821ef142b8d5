import { type AppError, preconditionFailed, validationFailed } from '@yishi/errors';
import type { MeetingStatus } from '../domain/lifecycle.ts';

/** A `validation_failed` naming one field of the body. */
export function invalidField(
  path: (string | number)[],
  message: { zh: string; en: string },
  details: Record<string, unknown> = {},
): AppError {
  return validationFailed(message, {
    details: {
      ...details,
      issues: [{ location: 'body', path, code: 'custom', message: message.en }],
    },
  });
}

const statusNames: Record<MeetingStatus, string> = {
  draft: '草稿',
  notice_published: '已发布通知',
  held: '已召开',
  minutes_published: '已公布纪要',
  cancelled: '已取消',
};

/** A lifecycle command refused in the meeting's current state. */
export function wrongState(status: MeetingStatus, allowedFrom: readonly MeetingStatus[]) {
  return preconditionFailed(
    {
      zh: `会议当前为「${statusNames[status]}」状态，不能进行此操作`,
      en: `Not possible while the meeting is ${status.replaceAll('_', ' ')}`,
    },
    { details: { reason: 'invalid_transition', status, allowedFrom } },
  );
}

/** The 15-day notice of an owners' assembly (RULES.md §5) is not respected. */
export function noticeTooShort(
  check: { earliestDate: string; shortByDays: number },
  asField: boolean,
): AppError {
  const message = {
    zh: `业主大会须于会议召开15日前通知全体业主，会议最早可定于${check.earliestDate}`,
    en: `An owners' assembly must be notified 15 days ahead; the earliest possible date is ${check.earliestDate}`,
  };
  const details = {
    reason: 'notice_period_short',
    earliestDate: check.earliestDate,
    shortByDays: check.shortByDays,
  };
  return asField
    ? invalidField(['startsAt'], message, details)
    : preconditionFailed(message, { details });
}
