/**
 * The lifecycle of a meeting, pure: draft → notice_published → held → minutes_published, and
 * cancelled (with a reason) from draft or after the notice. Held and minutes are final steps:
 * a meeting that took place is not cancelled, its minutes are published instead.
 */
export const meetingStatuses = [
  'draft',
  'notice_published',
  'held',
  'minutes_published',
  'cancelled',
] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export type MeetingCommand =
  | { type: 'publish_notice' }
  | { type: 'hold' }
  | { type: 'publish_minutes' }
  | { type: 'cancel' };

const transitions: Record<
  MeetingCommand['type'],
  { from: readonly MeetingStatus[]; to: MeetingStatus }
> = {
  publish_notice: { from: ['draft'], to: 'notice_published' },
  hold: { from: ['notice_published'], to: 'held' },
  publish_minutes: { from: ['held'], to: 'minutes_published' },
  cancel: { from: ['draft', 'notice_published'], to: 'cancelled' },
};

export type Decision =
  | { ok: true; next: MeetingStatus }
  | {
      ok: false;
      reason: 'invalid_transition';
      status: MeetingStatus;
      allowedFrom: MeetingStatus[];
    };

/** Whether `command` may run on a meeting in `status`, and the status it leads to. */
export function decide(status: MeetingStatus, command: MeetingCommand): Decision {
  const rule = transitions[command.type];
  if (rule.from.includes(status)) return { ok: true, next: rule.to };
  return { ok: false, reason: 'invalid_transition', status, allowedFrom: [...rule.from] };
}

/** Only a draft's title, time, place and agenda change: owners were told the rest. */
export const isEditable = (status: MeetingStatus) => status === 'draft';

/** Attendance is taken from the notice until the minutes are published. */
export const takesAttendance = (status: MeetingStatus) =>
  status === 'notice_published' || status === 'held';
